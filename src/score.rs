//! The 0-10 score shared by every ESAS-r item, the pain NRS and body-map intensities, and its
//! severity band.

use serde::{Deserialize, Serialize};
use std::fmt;

/// An integer score from 0 to 10. It cannot hold anything else: 11, -1 or 4.5 are rejected when
/// the value is made, so every `Score` in the system is a valid one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "u8")]
pub struct Score(u8);

/// Why a number is not a score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScoreError(pub i64);

impl ScoreError {
    /// The message in `language`: "11 er ikke et helt tall fra 0 til 10".
    pub fn message(&self, language: crate::text::Language) -> String {
        (language.score().not_a_score)(self.0)
    }
}

/// The message in bokmål ([`ScoreError::message`] for another language).
impl fmt::Display for ScoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(crate::text::Language::Nb))
    }
}

impl std::error::Error for ScoreError {}

impl Score {
    pub const MIN: Score = Score(0);
    pub const MAX: Score = Score(10);

    /// Every score in order, for drawing a row of buttons 0-10.
    pub fn all() -> impl Iterator<Item = Score> {
        (0..=10).map(Score)
    }

    pub fn new(value: i64) -> Result<Score, ScoreError> {
        match u8::try_from(value) {
            Ok(v) if v <= 10 => Ok(Score(v)),
            _ => Err(ScoreError(value)),
        }
    }

    pub fn value(self) -> u8 {
        self.0
    }

    pub fn severity(self) -> Severity {
        Severity::of(self)
    }
}

impl TryFrom<i64> for Score {
    type Error = ScoreError;
    fn try_from(value: i64) -> Result<Self, Self::Error> {
        Score::new(value)
    }
}

impl From<Score> for u8 {
    fn from(score: Score) -> u8 {
        score.0
    }
}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// What was recorded for one ESAS-r item. "Kan ikke vurdere" (could not be assessed) is its own
/// state: it is never 0, never drawn as 0 and never summed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemValue {
    Score(Score),
    NotAssessed,
}

impl ItemValue {
    pub fn score(self) -> Option<Score> {
        match self {
            ItemValue::Score(s) => Some(s),
            ItemValue::NotAssessed => None,
        }
    }
}

/// Severity band of a 0-10 score: 0 none, 1-3 mild, 4-6 moderate, 7-10 severe
/// (Selby et al. 2010, JPSM 39:241; the same cut-points as for cancer pain on the NRS).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    None,
    Mild,
    Moderate,
    Severe,
}

impl Severity {
    pub fn of(score: Score) -> Severity {
        match score.value() {
            0 => Severity::None,
            1..=3 => Severity::Mild,
            4..=6 => Severity::Moderate,
            _ => Severity::Severe,
        }
    }

    /// A stable name for CSS classes and storage.
    pub fn code(self) -> &'static str {
        match self {
            Severity::None => "none",
            Severity::Mild => "mild",
            Severity::Moderate => "moderate",
            Severity::Severe => "severe",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn score_holds_exactly_zero_to_ten() {
        assert_eq!(Score::new(0).map(Score::value), Ok(0));
        assert_eq!(Score::new(10).map(Score::value), Ok(10));
        assert_eq!(Score::new(11), Err(ScoreError(11)));
        assert_eq!(Score::new(-1), Err(ScoreError(-1)));
        assert_eq!(Score::new(i64::MAX), Err(ScoreError(i64::MAX)));
        assert_eq!(Score::all().count(), 11);
    }

    #[test]
    fn score_deserialises_only_valid_values() {
        assert_eq!(serde_json::from_str::<Score>("7").ok(), Score::new(7).ok());
        assert!(serde_json::from_str::<Score>("11").is_err());
        assert!(serde_json::from_str::<Score>("-1").is_err());
        assert!(serde_json::from_str::<Score>("4.5").is_err());
        assert_eq!(serde_json::to_string(&Score::MAX).ok().as_deref(), Some("10"));
    }

    #[test]
    fn severity_bands_at_their_edges() {
        let band = |v| Score::new(v).map(Severity::of);
        assert_eq!(band(0), Ok(Severity::None));
        assert_eq!(band(1), Ok(Severity::Mild));
        assert_eq!(band(3), Ok(Severity::Mild));
        assert_eq!(band(4), Ok(Severity::Moderate));
        assert_eq!(band(6), Ok(Severity::Moderate));
        assert_eq!(band(7), Ok(Severity::Severe));
        assert_eq!(band(10), Ok(Severity::Severe));
    }

    #[test]
    fn not_assessed_has_no_score() {
        assert_eq!(ItemValue::NotAssessed.score(), None);
        assert_eq!(ItemValue::Score(Score::MAX).score(), Some(Score::MAX));
    }
}
