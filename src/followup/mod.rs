//! When a follow-up (oppfølging) opens: the rule, pure. A saved registration opens one (or adds
//! to the patient's open one) for every reason found here: an ESAS-r item at or above the
//! patient's threshold, a clinically meaningful worsening (the very rules of the unit overview,
//! `course::Attention`), pain NRS now at 7 or more, or breakthrough pain. Each reason carries its
//! words ("Smerte 8", "Fysisk forverret 21 → 27") for the follow-up, the overview and the
//! handover.
//!
//! Expected symptoms keep alarms for the urgent: a resource nurse may say that an item is
//! expected up to a level for this patient until a date ("slapphet 8 forventet, livets siste
//! dager"). While it is in force, that item opens a follow-up only above that level, and its own
//! worsening up to that level is expected too. Sums are not affected.

pub mod steps;

use crate::esas::{item_change, Change, EsasItem, SumKind};
use crate::nrs::NrsQuestion;
use crate::registration::{FieldError, ValidationErrors};
use crate::score::Score;
use crate::text::ClinicalWords;
use crate::Registration;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// An item opens a follow-up from this score, unless an expected symptom raises it (Selby 2010:
/// 7-10 is severe).
pub const DEFAULT_THRESHOLD: u8 = crate::course::SEVERE_FROM;
/// Pain NRS now opens a follow-up from this score (clinical.md: severe >= 7).
pub const PAIN_NOW_THRESHOLD: u8 = 7;
/// An expected symptom is set for at most this long, then it must be set again: late in life
/// things change fast. *Unverified*: Lindra's choice, see docs/clinical/.
pub const EXPECTED_MAX_DAYS: i64 = 14;
/// Longest reason for an expected symptom, in characters.
pub const EXPECTED_REASON_MAX_CHARS: usize = 300;

/// "This item is expected up to `level` for this patient until `until`, because `reason`."
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpectedSymptom {
    pub item: EsasItem,
    /// Scores up to and including this level are expected: 7-10.
    pub level: Score,
    pub reason: String,
    /// In force before this moment; ends by itself.
    pub until: DateTime<Utc>,
}

impl ExpectedSymptom {
    pub fn in_force(&self, at: DateTime<Utc>) -> bool {
        at < self.until
    }
}

/// An expected symptom as a resource nurse types it, before validation.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ExpectedSymptomDraft {
    pub item: Option<EsasItem>,
    pub level: Option<i64>,
    pub reason: String,
    pub until: Option<DateTime<Utc>>,
}

impl ExpectedSymptomDraft {
    /// Checks every field; every problem at once, each at its field.
    pub fn validate(
        &self,
        now: DateTime<Utc>,
        w: &ClinicalWords,
    ) -> Result<ExpectedSymptom, ValidationErrors> {
        let mut errors = Vec::new();
        let mut problem = |field: &str, message: String| {
            errors.push(FieldError { field: field.into(), message });
        };
        if self.item.is_none() {
            problem("expected.item", w.expected.item_missing.into());
        }
        let level = match self.level {
            Some(level @ 7..=10) => Score::new(level).ok(),
            _ => None,
        };
        if level.is_none() {
            problem("expected.level", w.expected.level.into());
        }
        let reason = self.reason.trim().to_string();
        if reason.is_empty() {
            problem("expected.reason", w.expected.reason_missing.into());
        } else if reason.chars().count() > EXPECTED_REASON_MAX_CHARS {
            problem("expected.reason", (w.expected.reason_too_long)(EXPECTED_REASON_MAX_CHARS));
        }
        match self.until {
            Some(until) if until > now && until <= now + Duration::days(EXPECTED_MAX_DAYS) => {}
            _ => problem("expected.until", (w.expected.until)(EXPECTED_MAX_DAYS)),
        }
        match (self.item, level, self.until) {
            (Some(item), Some(level), Some(until)) if errors.is_empty() => {
                Ok(ExpectedSymptom { item, level, reason, until })
            }
            _ => Err(ValidationErrors(errors)),
        }
    }
}

/// Why a follow-up opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// An item at or above the patient's threshold. `name` is "annet problem"'s own name.
    Severe { item: EsasItem, score: Score, name: Option<String> },
    /// A sum worse by Hui's threshold since the previous registration.
    SumWorsened { kind: SumKind, from: u8, to: u8 },
    /// An item worse by 2 or more where its sum cannot be computed (as on the overview).
    ItemWorsened { item: EsasItem, from: Score, to: Score },
    /// Pain NRS now at 7 or more.
    PainNow { score: Score },
    /// Breakthrough pain in the last 24 hours: yes.
    Breakthrough,
}

impl Reason {
    /// The reason in words: "Smerte 8", "Forstoppelse 9", "Fysisk forverret 21 → 27",
    /// "Kvalme forverret 3 → 6", "Smerte nå 8 (NRS)", "Gjennombruddssmerte".
    pub fn words(&self, w: &ClinicalWords) -> String {
        match self {
            Reason::Severe { item, score, name } => {
                let label = name.as_deref().unwrap_or((w.item_short_label)(*item));
                format!("{label} {}", score.value())
            }
            Reason::SumWorsened { kind, from, to } => {
                format!("{} {} {from} → {to}", (w.sum_short)(*kind), w.worsened)
            }
            Reason::ItemWorsened { item, from, to } => {
                format!("{} {} {} → {}", (w.item_short_label)(*item), w.worsened, from.value(), to.value())
            }
            Reason::PainNow { score } => {
                format!("{} {} (NRS)", (w.nrs_question)(NrsQuestion::Now), score.value())
            }
            Reason::Breakthrough => w.breakthrough.into(),
        }
    }
}

/// The level up to which `item` is expected at `at`, if an expected symptom is in force (the
/// highest, if several are).
fn expected_level(expected: &[ExpectedSymptom], item: EsasItem, at: DateTime<Utc>) -> Option<u8> {
    expected.iter().filter(|e| e.item == item && e.in_force(at)).map(|e| e.level.value()).max()
}

/// The reasons `latest` opens a follow-up for, given the registration before it and the
/// patient's expected symptoms (in force at `latest`'s time). Empty: no follow-up.
pub fn reasons(
    latest: &Registration,
    previous: Option<&Registration>,
    expected: &[ExpectedSymptom],
) -> Vec<Reason> {
    let at = latest.observed_at;
    let expected_up_to = |item| expected_level(expected, item, at);
    let is_expected = |item, score: Score| expected_up_to(item).is_some_and(|level| score.value() <= level);
    let mut reasons = Vec::new();

    for item in EsasItem::SYMPTOMS.into_iter().chain([EsasItem::Other]) {
        let Some(score) = latest.esas.score(item) else { continue };
        if score.value() >= DEFAULT_THRESHOLD && !is_expected(item, score) {
            let name = match item {
                EsasItem::Other => latest.esas.other.as_ref().map(|o| o.name.clone()),
                _ => None,
            };
            reasons.push(Reason::Severe { item, score, name });
        }
    }

    if let Some(previous) = previous {
        for kind in SumKind::ALL {
            if let (Some(from), Some(to)) = (previous.esas.sum(kind), latest.esas.sum(kind)) {
                if kind.change(from, to) == Change::Worsened {
                    reasons.push(Reason::SumWorsened { kind, from, to });
                }
            }
        }
        // As on the overview: a single item counts where a sum it belongs to cannot be computed,
        // so that a worsening does not hide behind "kan ikke vurdere".
        let undefined_sum = |item: EsasItem| {
            SumKind::ALL
                .into_iter()
                .filter(|k| k.items().contains(&item))
                .any(|k| latest.esas.sum(k).is_none() || previous.esas.sum(k).is_none())
        };
        for item in EsasItem::SYMPTOMS {
            if let (Some(from), Some(to)) = (previous.esas.score(item), latest.esas.score(item)) {
                if item_change(from, to) == Change::Worsened && undefined_sum(item) && !is_expected(item, to)
                {
                    reasons.push(Reason::ItemWorsened { item, from, to });
                }
            }
        }
    }

    // Pain NRS now is the same symptom as ESAS-r pain: an expected pain level holds for both.
    if let Some(score) = latest.pain.now {
        if score.value() >= PAIN_NOW_THRESHOLD && !is_expected(EsasItem::Pain, score) {
            reasons.push(Reason::PainNow { score });
        }
    }
    if latest.pain.breakthrough == Some(true) {
        reasons.push(Reason::Breakthrough);
    }
    reasons
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registration::DraftValue;
    use crate::{CompletedBy, RegistrationDraft};
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 5, 20, 0, 0).single().expect("time")
    }

    /// A registration with the nine items as given (-1: kan ikke vurdere).
    fn registration(items: [i64; 9]) -> Registration {
        RegistrationDraft {
            observed_at: Some(now()),
            completed_by: Some(CompletedBy::Patient),
            symptoms: items.map(|v| if v < 0 { DraftValue::NotAssessed } else { DraftValue::Score(v) }),
            ..RegistrationDraft::default()
        }
        .validate(now(), crate::Language::Nb.clinical())
        .expect("valid")
    }

    fn words(reasons: &[Reason]) -> Vec<String> {
        reasons.iter().map(|r| r.words(crate::Language::Nb.clinical())).collect()
    }

    fn score(n: u8) -> Score {
        Score::new(i64::from(n)).expect("score")
    }

    fn expected(item: EsasItem, level: u8, days: i64) -> ExpectedSymptom {
        ExpectedSymptom {
            item,
            level: score(level),
            reason: "Livets siste dager".into(),
            until: now() + Duration::days(days),
        }
    }

    #[test]
    fn an_item_opens_at_seven_not_at_six() {
        assert!(reasons(&registration([6; 9]), None, &[]).is_empty());
        let mut items = [6; 9];
        items[0] = 7;
        assert_eq!(words(&reasons(&registration(items), None, &[])), vec!["Smerte 7"]);
        items[8] = 10;
        assert_eq!(words(&reasons(&registration(items), None, &[])), vec!["Smerte 7", "Velvære 10"]);
    }

    #[test]
    fn not_assessed_never_opens_one() {
        assert!(reasons(&registration([-1; 9]), Some(&registration([-1; 9])), &[]).is_empty());
    }

    #[test]
    fn annet_problem_is_named_by_its_own_name() {
        let mut latest = registration([1; 9]);
        latest.esas.other = Some(crate::OtherProblem {
            name: "Forstoppelse".into(),
            value: crate::ItemValue::Score(score(8)),
        });
        assert_eq!(words(&reasons(&latest, None, &[])), vec!["Forstoppelse 8"]);
    }

    #[test]
    fn a_sum_worse_by_huis_threshold_opens_one_and_just_below_does_not() {
        // Physical (1-6) worsens from 4 points on: 12 -> 15 is stable, 12 -> 16 worse.
        let before = registration([2, 2, 2, 2, 2, 2, 0, 0, 0]);
        let stable = registration([3, 3, 3, 2, 2, 2, 0, 0, 0]);
        assert!(
            reasons(&stable, Some(&before), &[]).is_empty(),
            "{:?}",
            words(&reasons(&stable, Some(&before), &[]))
        );
        let worse = registration([3, 3, 3, 3, 2, 2, 0, 0, 0]);
        assert_eq!(
            words(&reasons(&worse, Some(&before), &[])),
            vec!["Total forverret 12 → 16", "Fysisk forverret 12 → 16"]
        );
        // Emotional (7-8) worsens from 1 point on.
        let anxious = registration([2, 2, 2, 2, 2, 2, 0, 1, 0]);
        assert_eq!(words(&reasons(&anxious, Some(&before), &[])), vec!["Emosjonell forverret 0 → 1"]);
        assert!(reasons(&worse, None, &[]).is_empty(), "no previous registration, no worsening");
    }

    #[test]
    fn an_item_worsening_counts_only_where_its_sum_cannot_be_computed() {
        let before = registration([2, 2, 2, 2, 2, 2, 0, 0, -1]);
        let latest = registration([2, 2, 2, 4, 2, 2, 0, 0, -1]);
        // Total is undefined (wellbeing not assessed); physical is defined and stable (+2).
        assert_eq!(words(&reasons(&latest, Some(&before), &[])), vec!["Kvalme forverret 2 → 4"]);
        let one = registration([2, 2, 2, 3, 2, 2, 0, 0, -1]);
        assert!(reasons(&one, Some(&before), &[]).is_empty(), "1 point is not meaningful");
    }

    #[test]
    fn pain_now_opens_at_seven_and_breakthrough_pain_always() {
        let mut latest = registration([1; 9]);
        latest.pain.now = Some(score(6));
        assert!(reasons(&latest, None, &[]).is_empty());
        latest.pain.now = Some(score(7));
        latest.pain.breakthrough = Some(false);
        assert_eq!(words(&reasons(&latest, None, &[])), vec!["Smerte nå 7 (NRS)"]);
        latest.pain.now = None;
        latest.pain.breakthrough = Some(true);
        assert_eq!(words(&reasons(&latest, None, &[])), vec!["Gjennombruddssmerte"]);
    }

    #[test]
    fn an_expected_symptom_holds_up_to_its_level_and_ends_by_itself() {
        let tired = |n| {
            let mut items = [1; 9];
            items[1] = n;
            registration(items)
        };
        let slapphet = [expected(EsasItem::Tiredness, 8, 3)];
        assert!(reasons(&tired(8), None, &slapphet).is_empty(), "8 is expected");
        assert_eq!(words(&reasons(&tired(9), None, &slapphet)), vec!["Slapphet 9"]);
        // Other items keep the default threshold.
        let mut items = [1; 9];
        items[3] = 7;
        assert_eq!(words(&reasons(&registration(items), None, &slapphet)), vec!["Kvalme 7"]);
        // Ended: the default again. The end itself is no longer in force.
        let ended = [ExpectedSymptom { until: now(), ..slapphet[0].clone() }];
        assert_eq!(words(&reasons(&tired(8), None, &ended)), vec!["Slapphet 8"]);
        // Up to 10: tiredness never opens a follow-up by its level.
        assert!(reasons(&tired(10), None, &[expected(EsasItem::Tiredness, 10, 1)]).is_empty());
    }

    #[test]
    fn expected_items_do_not_worsen_up_to_their_level_but_sums_still_count() {
        let before = registration([2, 2, 2, 2, 2, 2, 0, 0, -1]);
        let latest = registration([2, 6, 2, 2, 2, 2, 0, 0, -1]);
        let slapphet = [expected(EsasItem::Tiredness, 8, 3)];
        // Total cannot be computed (wellbeing not assessed), so tiredness counts on its own.
        assert_eq!(
            words(&reasons(&latest, Some(&before), &[])),
            vec!["Fysisk forverret 12 → 16", "Slapphet forverret 2 → 6"]
        );
        assert_eq!(words(&reasons(&latest, Some(&before), &slapphet)), vec!["Fysisk forverret 12 → 16"]);
    }

    #[test]
    fn expected_pain_holds_for_pain_nrs_now_too() {
        let mut latest = registration([8, 1, 1, 1, 1, 1, 1, 1, 1]);
        latest.pain.now = Some(score(8));
        let pain = [expected(EsasItem::Pain, 8, 2)];
        assert_eq!(words(&reasons(&latest, None, &[])), vec!["Smerte 8", "Smerte nå 8 (NRS)"]);
        assert!(reasons(&latest, None, &pain).is_empty());
        latest.pain.now = Some(score(9));
        assert_eq!(words(&reasons(&latest, None, &pain)), vec!["Smerte nå 9 (NRS)"]);
    }

    /// Without expected symptoms, NRS or breakthrough pain, a follow-up opens exactly when the
    /// unit overview flags the patient severe or worsening: one rule, two places.
    #[test]
    fn the_same_rule_as_the_overview_over_many_registrations() {
        let mut seed = 2026u64;
        let mut next = move || {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as i64
        };
        let mut random = || registration(std::array::from_fn(|_| next() % 12 - 1));
        for _ in 0..2000 {
            let (previous, latest) = (random(), random());
            let attention =
                crate::course::Attention::assess(Some(&latest), Some(&previous), now(), Duration::hours(24));
            let found = reasons(&latest, Some(&previous), &[]);
            let severe = found.iter().any(|r| matches!(r, Reason::Severe { .. }));
            let worse =
                found.iter().any(|r| matches!(r, Reason::SumWorsened { .. } | Reason::ItemWorsened { .. }));
            assert_eq!(
                (severe, worse),
                (attention.is_severe(), attention.is_worsening()),
                "{latest:?} after {previous:?}"
            );
        }
    }

    #[test]
    fn an_expected_symptom_needs_every_field_and_is_checked_at_every_edge() {
        let errors = ExpectedSymptomDraft::default()
            .validate(now(), crate::Language::Nb.clinical())
            .expect_err("empty");
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["expected.item", "expected.level", "expected.reason", "expected.until"]);
        let draft = |level: i64, days: i64| ExpectedSymptomDraft {
            item: Some(EsasItem::Tiredness),
            level: Some(level),
            reason: "  Livets siste dager ".into(),
            until: Some(now() + Duration::days(days)),
        };
        let ok = draft(8, 3).validate(now(), crate::Language::Nb.clinical()).expect("valid");
        assert_eq!((ok.level.value(), ok.reason.as_str()), (8, "Livets siste dager"));
        assert!(draft(7, EXPECTED_MAX_DAYS).validate(now(), crate::Language::Nb.clinical()).is_ok());
        assert!(draft(10, 1).validate(now(), crate::Language::Nb.clinical()).is_ok());
        for (level, days) in [(6, 3), (11, 3), (8, 0), (8, -1), (8, EXPECTED_MAX_DAYS + 1)] {
            assert!(
                draft(level, days).validate(now(), crate::Language::Nb.clinical()).is_err(),
                "level {level}, {days} days"
            );
        }
        let long = ExpectedSymptomDraft { reason: "x".repeat(EXPECTED_REASON_MAX_CHARS + 1), ..draft(8, 3) };
        assert_eq!(
            long.validate(now(), crate::Language::Nb.clinical()).expect_err("long").0[0].field,
            "expected.reason"
        );
    }
}
