//! ESAS-r, Norwegian version: the ten items, "utfylt av", the symptom sums and clinically
//! meaningful change between two registrations.

use crate::score::{ItemValue, Score};
use serde::{Deserialize, Serialize};

/// The ten ESAS-r items in the order of the Norwegian form. The Norwegian wording and anchors are
/// in [`crate::text`]; `code()` is the stable key used in storage and on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EsasItem {
    Pain,
    Tiredness,
    Drowsiness,
    Nausea,
    LackOfAppetite,
    ShortnessOfBreath,
    Depression,
    Anxiety,
    Wellbeing,
    /// "Annet problem": named by the person filling in the form, e.g. forstoppelse.
    Other,
}

impl EsasItem {
    /// Items 1-9, the symptoms every form asks about, in form order.
    pub const SYMPTOMS: [EsasItem; 9] = [
        EsasItem::Pain,
        EsasItem::Tiredness,
        EsasItem::Drowsiness,
        EsasItem::Nausea,
        EsasItem::LackOfAppetite,
        EsasItem::ShortnessOfBreath,
        EsasItem::Depression,
        EsasItem::Anxiety,
        EsasItem::Wellbeing,
    ];

    /// The item's number on the form, 1-10.
    pub fn number(self) -> u8 {
        match self {
            EsasItem::Other => 10,
            symptom => symptom.index() as u8 + 1,
        }
    }

    /// Position among items 1-9 (`None` for "annet problem").
    pub fn index(self) -> usize {
        match self {
            EsasItem::Pain => 0,
            EsasItem::Tiredness => 1,
            EsasItem::Drowsiness => 2,
            EsasItem::Nausea => 3,
            EsasItem::LackOfAppetite => 4,
            EsasItem::ShortnessOfBreath => 5,
            EsasItem::Depression => 6,
            EsasItem::Anxiety => 7,
            EsasItem::Wellbeing => 8,
            EsasItem::Other => 9,
        }
    }

    /// Stable key for storage, the wire and form field paths.
    pub fn code(self) -> &'static str {
        match self {
            EsasItem::Pain => "pain",
            EsasItem::Tiredness => "tiredness",
            EsasItem::Drowsiness => "drowsiness",
            EsasItem::Nausea => "nausea",
            EsasItem::LackOfAppetite => "appetite",
            EsasItem::ShortnessOfBreath => "shortness_of_breath",
            EsasItem::Depression => "depression",
            EsasItem::Anxiety => "anxiety",
            EsasItem::Wellbeing => "wellbeing",
            EsasItem::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<EsasItem> {
        EsasItem::SYMPTOMS.into_iter().chain([EsasItem::Other]).find(|item| item.code() == code)
    }

    /// LOINC code of the item, taken from third-party listings in clinical.md: verify before
    /// using them for data exchange.
    pub fn loinc(self) -> Option<&'static str> {
        Some(match self {
            EsasItem::Pain => "112494-0",
            EsasItem::Tiredness => "112495-7",
            EsasItem::Drowsiness => "112496-5",
            EsasItem::Nausea => "112497-3",
            EsasItem::LackOfAppetite => "112498-1",
            EsasItem::ShortnessOfBreath => "112499-9",
            EsasItem::Depression => "112500-4",
            EsasItem::Anxiety => "112501-2",
            EsasItem::Wellbeing => "112502-0",
            EsasItem::Other => return None,
        })
    }
}

/// Who filled in the form ("utfylt av"). Recorded with every ESAS-r, because a score given by a
/// relative or a nurse does not mean the same as the patient's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CompletedBy {
    Patient,
    /// The patient, helped by health personnel or a relative.
    PatientWithHelp,
    Relative,
    HealthPersonnel,
}

impl CompletedBy {
    pub const ALL: [CompletedBy; 4] = [
        CompletedBy::Patient,
        CompletedBy::PatientWithHelp,
        CompletedBy::Relative,
        CompletedBy::HealthPersonnel,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CompletedBy::Patient => "patient",
            CompletedBy::PatientWithHelp => "patient_with_help",
            CompletedBy::Relative => "relative",
            CompletedBy::HealthPersonnel => "health_personnel",
        }
    }

    pub fn from_code(code: &str) -> Option<CompletedBy> {
        CompletedBy::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// "Annet problem": a name and what was recorded for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OtherProblem {
    pub name: String,
    pub value: ItemValue,
}

/// The ESAS-r items of one registration. `None` means the item was not filled in at all (only
/// possible in stored history, the form requires each of items 1-9); `Some(NotAssessed)` means
/// "kan ikke vurdere".
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct EsasScores {
    pub symptoms: [Option<ItemValue>; 9],
    pub other: Option<OtherProblem>,
}

/// The three symptom sums.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SumKind {
    /// Total symptom distress score: items 1-9, 0-90.
    Total,
    /// Physical: items 1-6, 0-60.
    Physical,
    /// Emotional: items 7-8, 0-20.
    Emotional,
}

/// Whether a difference between two registrations is clinically meaningful, and which way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Improved,
    Worsened,
    /// Within the thresholds: not a meaningful change.
    Stable,
}

/// Meaningful change in one ESAS-r item: "about 1-2 points" (Bedard 2013). Lindra flags a change
/// of 2 or more either way. *Unverified* choice within that range; see docs/clinical/.
pub const ITEM_MEANINGFUL_CHANGE: u8 = 2;

impl SumKind {
    pub const ALL: [SumKind; 3] = [SumKind::Total, SumKind::Physical, SumKind::Emotional];

    pub fn items(self) -> &'static [EsasItem] {
        match self {
            SumKind::Total => &EsasItem::SYMPTOMS,
            SumKind::Physical => &EsasItem::SYMPTOMS[0..6],
            SumKind::Emotional => &EsasItem::SYMPTOMS[6..8],
        }
    }

    pub fn max(self) -> u8 {
        self.items().len() as u8 * 10
    }

    /// (improvement, worsening) thresholds of Hui et al. 2016 (JPSM 51:262).
    pub fn meaningful_change(self) -> (u8, u8) {
        match self {
            SumKind::Total => (3, 4),
            SumKind::Physical => (3, 4),
            SumKind::Emotional => (2, 1),
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            SumKind::Total => "total",
            SumKind::Physical => "physical",
            SumKind::Emotional => "emotional",
        }
    }

    /// Classifies a change in this sum from `previous` to `current`.
    pub fn change(self, previous: u8, current: u8) -> Change {
        let (improve, worsen) = self.meaningful_change();
        classify(previous, current, improve, worsen)
    }
}

/// Classifies a change in one item's score.
pub fn item_change(previous: Score, current: Score) -> Change {
    classify(previous.value(), current.value(), ITEM_MEANINGFUL_CHANGE, ITEM_MEANINGFUL_CHANGE)
}

fn classify(previous: u8, current: u8, improve: u8, worsen: u8) -> Change {
    // Higher is worse on every ESAS-r item, wellbeing included (10 = verst tenkelig velvære).
    if current >= previous.saturating_add(worsen) {
        Change::Worsened
    } else if current.saturating_add(improve) <= previous {
        Change::Improved
    } else {
        Change::Stable
    }
}

impl EsasScores {
    pub fn get(&self, item: EsasItem) -> Option<ItemValue> {
        match item {
            EsasItem::Other => self.other.as_ref().map(|o| o.value),
            symptom => self.symptoms[symptom.index()],
        }
    }

    pub fn score(&self, item: EsasItem) -> Option<Score> {
        self.get(item).and_then(ItemValue::score)
    }

    /// The sum, or `None` (undefined, never 0) when any item in it is missing or not assessed.
    pub fn sum(&self, kind: SumKind) -> Option<u8> {
        kind.items().iter().map(|&item| self.score(item).map(Score::value)).sum()
    }

    /// The highest score among items 1-9 and "annet problem".
    pub fn worst(&self) -> Option<Score> {
        EsasItem::SYMPTOMS.into_iter().chain([EsasItem::Other]).filter_map(|item| self.score(item)).max()
    }

    /// Meaningful changes in the sums against an earlier registration. A sum that is undefined in
    /// either registration gives no change at all rather than a guess.
    pub fn sum_changes_since(&self, previous: &EsasScores) -> Vec<(SumKind, Change)> {
        SumKind::ALL
            .into_iter()
            .filter_map(|kind| Some((kind, kind.change(previous.sum(kind)?, self.sum(kind)?))))
            .collect()
    }

    /// Items 1-9 that got meaningfully worse since `previous`.
    pub fn items_worsened_since(&self, previous: &EsasScores) -> Vec<EsasItem> {
        EsasItem::SYMPTOMS
            .into_iter()
            .filter(|&item| match (previous.score(item), self.score(item)) {
                (Some(before), Some(now)) => item_change(before, now) == Change::Worsened,
                _ => false,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scores(values: [Option<i64>; 9]) -> EsasScores {
        EsasScores {
            symptoms: values.map(|v| {
                Some(match v {
                    Some(n) => ItemValue::Score(Score::new(n).expect("test score")),
                    None => ItemValue::NotAssessed,
                })
            }),
            other: None,
        }
    }

    #[test]
    fn items_are_numbered_in_form_order() {
        let numbers: Vec<u8> = EsasItem::SYMPTOMS.iter().map(|i| i.number()).collect();
        assert_eq!(numbers, vec![1, 2, 3, 4, 5, 6, 7, 8, 9]);
        assert_eq!(EsasItem::Other.number(), 10);
        for item in EsasItem::SYMPTOMS.into_iter().chain([EsasItem::Other]) {
            assert_eq!(EsasItem::from_code(item.code()), Some(item));
        }
        assert_eq!(EsasItem::from_code("pine"), None);
    }

    #[test]
    fn sums_cover_the_right_items() {
        let s = scores([Some(1), Some(2), Some(3), Some(4), Some(5), Some(6), Some(7), Some(8), Some(9)]);
        assert_eq!(s.sum(SumKind::Total), Some(45));
        assert_eq!(s.sum(SumKind::Physical), Some(21));
        assert_eq!(s.sum(SumKind::Emotional), Some(15));
        assert_eq!(SumKind::Total.max(), 90);
        assert_eq!(SumKind::Physical.max(), 60);
        assert_eq!(SumKind::Emotional.max(), 20);
    }

    #[test]
    fn sums_at_their_edges() {
        let zero = scores([Some(0); 9]);
        assert_eq!(zero.sum(SumKind::Total), Some(0));
        let ten = scores([Some(10); 9]);
        assert_eq!(ten.sum(SumKind::Total), Some(90));
        assert_eq!(ten.sum(SumKind::Emotional), Some(20));
    }

    #[test]
    fn a_sum_with_a_not_assessed_item_is_undefined_not_zero() {
        let mut values = [Some(2); 9];
        values[6] = None; // depression: kan ikke vurdere
        let s = scores(values);
        assert_eq!(s.sum(SumKind::Total), None);
        assert_eq!(s.sum(SumKind::Emotional), None);
        assert_eq!(s.sum(SumKind::Physical), Some(12), "physical does not include item 7");
    }

    #[test]
    fn a_sum_with_a_missing_item_is_undefined() {
        let mut s = scores([Some(2); 9]);
        s.symptoms[0] = None;
        assert_eq!(s.sum(SumKind::Total), None);
        assert_eq!(s.sum(SumKind::Physical), None);
        assert_eq!(s.sum(SumKind::Emotional), Some(4));
    }

    #[test]
    fn total_change_thresholds() {
        assert_eq!(SumKind::Total.change(20, 24), Change::Worsened);
        assert_eq!(SumKind::Total.change(20, 23), Change::Stable);
        assert_eq!(SumKind::Total.change(20, 17), Change::Improved);
        assert_eq!(SumKind::Total.change(20, 18), Change::Stable);
        assert_eq!(SumKind::Total.change(0, 0), Change::Stable);
        assert_eq!(SumKind::Total.change(90, 90), Change::Stable);
        assert_eq!(SumKind::Total.change(2, 0), Change::Stable);
        assert_eq!(SumKind::Total.change(88, 90), Change::Stable);
    }

    #[test]
    fn physical_change_thresholds() {
        assert_eq!(SumKind::Physical.change(10, 14), Change::Worsened);
        assert_eq!(SumKind::Physical.change(10, 13), Change::Stable);
        assert_eq!(SumKind::Physical.change(10, 7), Change::Improved);
        assert_eq!(SumKind::Physical.change(10, 8), Change::Stable);
    }

    #[test]
    fn emotional_change_thresholds() {
        assert_eq!(SumKind::Emotional.change(5, 6), Change::Worsened);
        assert_eq!(SumKind::Emotional.change(5, 5), Change::Stable);
        assert_eq!(SumKind::Emotional.change(5, 4), Change::Stable);
        assert_eq!(SumKind::Emotional.change(5, 3), Change::Improved);
    }

    #[test]
    fn item_change_threshold() {
        let s = |v| Score::new(v).expect("test score");
        assert_eq!(item_change(s(3), s(5)), Change::Worsened);
        assert_eq!(item_change(s(3), s(4)), Change::Stable);
        assert_eq!(item_change(s(3), s(1)), Change::Improved);
        assert_eq!(item_change(s(0), s(10)), Change::Worsened);
        assert_eq!(item_change(s(10), s(0)), Change::Improved);
    }

    #[test]
    fn changes_since_an_earlier_registration() {
        let before = scores([Some(2); 9]);
        let mut after = before.clone();
        after.symptoms[0] = Some(ItemValue::Score(Score::new(6).expect("6")));
        after.symptoms[7] = Some(ItemValue::Score(Score::new(3).expect("3")));
        let changes = after.sum_changes_since(&before);
        assert!(changes.contains(&(SumKind::Total, Change::Worsened)));
        assert!(changes.contains(&(SumKind::Physical, Change::Worsened)));
        assert!(changes.contains(&(SumKind::Emotional, Change::Worsened)));
        assert_eq!(after.items_worsened_since(&before), vec![EsasItem::Pain]);
    }

    #[test]
    fn no_change_is_claimed_across_an_undefined_sum() {
        let before = scores([None, Some(2), Some(2), Some(2), Some(2), Some(2), Some(2), Some(2), Some(2)]);
        let after = scores([Some(9); 9]);
        let changes = after.sum_changes_since(&before);
        assert_eq!(changes, vec![(SumKind::Emotional, Change::Worsened)]);
        assert_eq!(after.items_worsened_since(&before).len(), 8, "pain was not assessed before");
    }

    #[test]
    fn worst_ignores_not_assessed_and_includes_other() {
        let mut s = scores([Some(1), None, Some(3), None, None, None, None, None, None]);
        assert_eq!(s.worst().map(Score::value), Some(3));
        s.other = Some(OtherProblem {
            name: "Forstoppelse".into(),
            value: ItemValue::Score(Score::new(8).expect("8")),
        });
        assert_eq!(s.worst().map(Score::value), Some(8));
        assert_eq!(scores([None; 9]).worst(), None);
    }

    #[test]
    fn completed_by_codes_round_trip() {
        for c in CompletedBy::ALL {
            assert_eq!(CompletedBy::from_code(c.code()), Some(c));
        }
        assert_eq!(CompletedBy::from_code(""), None);
    }
}
