//! Mapping between the domain's values and the columns that hold them.

use chrono::{DateTime, Timelike, Utc};
use lindra::{ItemValue, Score};

/// ESAS-r item column: NULL = not filled in, -1 = "kan ikke vurdere", 0..10 = score.
pub fn item_to_column(value: Option<ItemValue>) -> Option<i16> {
    value.map(|v| match v {
        ItemValue::NotAssessed => -1,
        ItemValue::Score(s) => i16::from(s.value()),
    })
}

pub fn item_from_column(column: Option<i16>) -> Result<Option<ItemValue>, String> {
    match column {
        None => Ok(None),
        Some(-1) => Ok(Some(ItemValue::NotAssessed)),
        Some(n) => score_from_column(n).map(|s| Some(ItemValue::Score(s))),
    }
}

pub fn score_to_column(score: Option<Score>) -> Option<i16> {
    score.map(|s| i16::from(s.value()))
}

pub fn score_from_column(n: i16) -> Result<Score, String> {
    Score::new(i64::from(n)).map_err(|e| e.to_string())
}

/// Stored times are whole seconds: the same text in SQLite whatever the clock's precision, so
/// text order is time order.
pub fn to_second(at: DateTime<Utc>) -> DateTime<Utc> {
    at.with_nanosecond(0).unwrap_or(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_assessed_is_stored_apart_from_zero() {
        let zero = Some(ItemValue::Score(Score::MIN));
        assert_eq!(item_to_column(zero), Some(0));
        assert_eq!(item_to_column(Some(ItemValue::NotAssessed)), Some(-1));
        assert_eq!(item_to_column(None), None);
        for column in [None, Some(-1), Some(0), Some(10)] {
            assert_eq!(item_from_column(column).map(item_to_column), Ok(column));
        }
        assert!(item_from_column(Some(11)).is_err());
        assert!(item_from_column(Some(-2)).is_err());
    }
}
