//! A registration: one bedside assessment (ESAS-r, pain NRS, body map, note), the form it is
//! typed into, and the validation between the two.
//!
//! [`RegistrationDraft`] is what a form holds and what travels over the wire: raw numbers and
//! text, so that a wrong value still reaches validation and gets a message at its field instead of
//! failing to decode. [`Registration`] is the validated record; it can only be made by
//! [`RegistrationDraft::validate`].

use crate::body_map::{BodyMark, RegionId, REGIONS};
use crate::esas::{CompletedBy, EsasItem, EsasScores, OtherProblem};
use crate::nrs::{NrsQuestion, PainNrs};
use crate::patient_form::SelfReport;
use crate::score::{ItemValue, Score};
use crate::text::ClinicalWords;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// Longest free-text note, in characters.
pub const NOTE_MAX_CHARS: usize = 4000;
/// Longest name of "annet problem", in characters.
pub const OTHER_NAME_MAX_CHARS: usize = 80;
/// Longest reason for a correction, in characters.
pub const REASON_MAX_CHARS: usize = 1000;
/// How far back a registration may be dated (registered afterwards, e.g. from a paper form).
pub const MAX_BACKDATE_DAYS: i64 = 30;
/// Clock skew tolerated between a tablet and the server before a time counts as "in the future".
pub const CLOCK_SKEW_MINUTES: i64 = 5;

/// One answer on the form, before validation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DraftValue {
    #[default]
    Unanswered,
    Score(i64),
    NotAssessed,
}

/// The registration form as typed, before validation.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RegistrationDraft {
    /// When the patient was assessed; `None` means now. The browser reads it strictly as RFC 3339
    /// ([`crate::time::rfc3339_strict`]): it reads only the drafts it wrote itself.
    #[cfg_attr(target_family = "wasm", serde(default, deserialize_with = "crate::time::rfc3339_strict"))]
    pub observed_at: Option<DateTime<Utc>>,
    pub completed_by: Option<CompletedBy>,
    /// Items 1-9 in form order.
    pub symptoms: [DraftValue; 9],
    pub other_name: String,
    pub other: DraftValue,
    pub pain_now: Option<i64>,
    pub pain_worst_24h: Option<i64>,
    pub pain_average_24h: Option<i64>,
    pub breakthrough: Option<bool>,
    /// (region id, intensity) pairs.
    pub body_marks: Vec<(u16, i64)>,
    pub note: String,
}

/// A validated registration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registration {
    pub observed_at: DateTime<Utc>,
    pub completed_by: CompletedBy,
    pub esas: EsasScores,
    pub pain: PainNrs,
    pub body_marks: Vec<BodyMark>,
    pub note: String,
    /// Filled in by the patient on the unit tablet (`None`: by staff on their form).
    #[serde(default)]
    pub self_report: Option<SelfReport>,
}

/// One problem with one field. `field` is a stable path ("esas.pain", "pain.now",
/// "body_map.105", "completed_by", ...) the form uses to put the message next to the field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// Every problem of a form at once, so a nurse can fix them all in one go.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ValidationErrors(pub Vec<FieldError>);

impl ValidationErrors {
    fn push(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError { field: field.into(), message: message.into() });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The message for one field, if it has one.
    pub fn for_field(&self, field: &str) -> Option<&str> {
        self.0.iter().find(|e| e.field == field).map(|e| e.message.as_str())
    }
}

impl std::fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let messages: Vec<&str> = self.0.iter().map(|e| e.message.as_str()).collect();
        f.write_str(&messages.join(" "))
    }
}

impl std::error::Error for ValidationErrors {}

/// Field path of an ESAS-r item.
pub fn item_field(item: EsasItem) -> String {
    format!("esas.{}", item.code())
}

/// Field path of an NRS question.
pub fn nrs_field(question: NrsQuestion) -> String {
    format!("pain.{}", question.code())
}

fn check_score(
    w: &ClinicalWords,
    errors: &mut ValidationErrors,
    field: String,
    label: &str,
    value: i64,
) -> Option<Score> {
    match Score::new(value) {
        Ok(score) => Some(score),
        Err(_) => {
            errors.push(field, (w.invalid.score_out_of_range)(label, value));
            None
        }
    }
}

fn check_text(
    w: &ClinicalWords,
    errors: &mut ValidationErrors,
    field: &str,
    label: &str,
    value: &str,
    max: usize,
) -> String {
    let value = value.trim();
    if value.chars().count() > max {
        errors.push(field, (w.invalid.text_too_long)(label, max));
    }
    value.to_string()
}

impl RegistrationDraft {
    /// Checks every field and returns the registration, or every problem found, in `w`'s words.
    pub fn validate(&self, now: DateTime<Utc>, w: &ClinicalWords) -> Result<Registration, ValidationErrors> {
        let mut errors = ValidationErrors::default();

        let observed_at = self.observed_at.unwrap_or(now);
        if observed_at > now + Duration::minutes(CLOCK_SKEW_MINUTES) {
            errors.push("observed_at", w.invalid.in_the_future);
        } else if observed_at < now - Duration::days(MAX_BACKDATE_DAYS) {
            errors.push("observed_at", (w.invalid.too_old)(MAX_BACKDATE_DAYS));
        }

        if self.completed_by.is_none() {
            errors.push("completed_by", w.invalid.completed_by_missing);
        }

        let mut symptoms = [None; 9];
        for (item, draft) in EsasItem::SYMPTOMS.into_iter().zip(self.symptoms) {
            let label = (w.item_short_label)(item);
            symptoms[item.index()] = match draft {
                DraftValue::Unanswered => {
                    errors.push(item_field(item), (w.invalid.item_missing)(label));
                    None
                }
                DraftValue::NotAssessed => Some(ItemValue::NotAssessed),
                DraftValue::Score(v) => {
                    check_score(w, &mut errors, item_field(item), label, v).map(ItemValue::Score)
                }
            };
        }

        let other_name = check_text(
            w,
            &mut errors,
            "esas.other.name",
            (w.item_label)(EsasItem::Other),
            &self.other_name,
            OTHER_NAME_MAX_CHARS,
        );
        let other = match (other_name.is_empty(), self.other) {
            (true, DraftValue::Unanswered) => None,
            (true, _) => {
                errors.push("esas.other.name", (w.invalid.other_needs_name)());
                None
            }
            (false, DraftValue::Unanswered) => {
                errors.push("esas.other", (w.invalid.other_needs_score)(&other_name));
                None
            }
            (false, DraftValue::NotAssessed) => {
                Some(OtherProblem { name: other_name, value: ItemValue::NotAssessed })
            }
            (false, DraftValue::Score(v)) => {
                check_score(w, &mut errors, "esas.other".into(), (w.item_label)(EsasItem::Other), v)
                    .map(|s| OtherProblem { name: other_name, value: ItemValue::Score(s) })
            }
        };

        let mut nrs = |question: NrsQuestion, value: Option<i64>| {
            value
                .and_then(|v| check_score(w, &mut errors, nrs_field(question), (w.nrs_question)(question), v))
        };
        let pain = PainNrs {
            now: nrs(NrsQuestion::Now, self.pain_now),
            worst_24h: nrs(NrsQuestion::Worst24h, self.pain_worst_24h),
            average_24h: nrs(NrsQuestion::Average24h, self.pain_average_24h),
            breakthrough: self.breakthrough,
        };

        // At most one mark per region: a longer list is one problem, not one per extra mark.
        let mut body_marks: Vec<BodyMark> = Vec::with_capacity(self.body_marks.len().min(REGIONS.len()));
        let marks = if self.body_marks.len() > REGIONS.len() {
            errors.push("body_map", (w.invalid.too_many_marks)(REGIONS.len()));
            &[][..]
        } else {
            &self.body_marks[..]
        };
        for &(id, intensity) in marks {
            let field = format!("body_map.{id}");
            if errors.for_field(&field).is_some() {
                continue; // each problem once
            }
            let Some(region) = RegionId(id).region() else {
                errors.push(field, (w.invalid.unknown_region)(id));
                continue;
            };
            if body_marks.iter().any(|m| m.region == region.id) {
                errors.push(field, (w.invalid.region_twice)(&region.name_in(w.language())));
                continue;
            }
            if let Some(intensity) =
                check_score(w, &mut errors, field, &region.name_in(w.language()), intensity)
            {
                body_marks.push(BodyMark { region: region.id, intensity });
            }
        }
        body_marks.sort_by_key(|m| m.region);

        let note = check_text(w, &mut errors, "note", w.note, &self.note, NOTE_MAX_CHARS);

        match self.completed_by {
            Some(completed_by) if errors.is_empty() => Ok(Registration {
                observed_at,
                completed_by,
                esas: EsasScores { symptoms, other },
                pain,
                body_marks,
                note,
                self_report: None,
            }),
            _ => Err(errors),
        }
    }
}

/// Checks the reason given for a correction; a correction without a reason is not allowed
/// (helsepersonelloven § 42: who, when and *why*).
pub fn validate_correction_reason(reason: &str, w: &ClinicalWords) -> Result<String, ValidationErrors> {
    let mut errors = ValidationErrors::default();
    let reason = check_text(w, &mut errors, "reason", w.reason, reason, REASON_MAX_CHARS);
    if reason.is_empty() {
        errors.push("reason", w.invalid.correction_reason_missing);
    }
    if errors.is_empty() {
        Ok(reason)
    } else {
        Err(errors)
    }
}

/// A correction of the patient's own answers on the tablet may add to them (pain NRS, body map,
/// note, the time) but not change them: "utfylt av" stays "pasient" and items 1-10 stay as the
/// patient gave them, so what is marked as the patient's own is theirs.
pub fn check_self_report_kept(
    original: &Registration,
    corrected: &Registration,
    w: &ClinicalWords,
) -> Result<(), ValidationErrors> {
    let mut errors = ValidationErrors::default();
    if original.self_report.is_none() {
        return Ok(());
    }
    if corrected.completed_by != original.completed_by {
        errors.push("completed_by", w.invalid.self_report_completed_by);
    }
    for item in EsasItem::SYMPTOMS {
        if corrected.esas.get(item) != original.esas.get(item) {
            errors.push(item_field(item), (w.invalid.self_report_item)((w.item_short_label)(item)));
        }
    }
    if corrected.esas.other != original.esas.other {
        errors.push("esas.other", (w.invalid.self_report_item)((w.item_short_label)(EsasItem::Other)));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

fn draft_value(value: Option<ItemValue>) -> DraftValue {
    match value {
        None => DraftValue::Unanswered,
        Some(ItemValue::NotAssessed) => DraftValue::NotAssessed,
        Some(ItemValue::Score(s)) => DraftValue::Score(i64::from(s.value())),
    }
}

impl Registration {
    /// The form filled in with this registration, to correct it.
    pub fn to_draft(&self) -> RegistrationDraft {
        let score = |s: Option<Score>| s.map(|s| i64::from(s.value()));
        RegistrationDraft {
            observed_at: Some(self.observed_at),
            completed_by: Some(self.completed_by),
            symptoms: self.esas.symptoms.map(draft_value),
            other_name: self.esas.other.as_ref().map(|o| o.name.clone()).unwrap_or_default(),
            other: draft_value(self.esas.other.as_ref().map(|o| o.value)),
            pain_now: score(self.pain.now),
            pain_worst_24h: score(self.pain.worst_24h),
            pain_average_24h: score(self.pain.average_24h),
            breakthrough: self.pain.breakthrough,
            body_marks: self
                .body_marks
                .iter()
                .map(|m| (m.region.0, i64::from(m.intensity.value())))
                .collect(),
            note: self.note.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).single().expect("test time")
    }

    fn complete() -> RegistrationDraft {
        RegistrationDraft {
            completed_by: Some(CompletedBy::Patient),
            symptoms: [DraftValue::Score(3); 9],
            ..RegistrationDraft::default()
        }
    }

    fn fields(result: Result<Registration, ValidationErrors>) -> Vec<String> {
        result.err().map(|e| e.0.into_iter().map(|f| f.field).collect()).unwrap_or_default()
    }

    #[test]
    fn a_complete_form_is_valid_and_defaults_to_now() {
        let reg = complete().validate(now(), crate::Language::Nb.clinical()).expect("valid");
        assert_eq!(reg.observed_at, now());
        assert_eq!(reg.esas.sum(crate::SumKind::Total), Some(27));
        assert!(reg.pain.is_empty());
        assert_eq!(reg.esas.other, None);
    }

    #[test]
    fn an_empty_form_reports_every_missing_field_at_once() {
        let errors = fields(RegistrationDraft::default().validate(now(), crate::Language::Nb.clinical()));
        assert_eq!(errors.len(), 10, "{errors:?}");
        assert!(errors.contains(&"completed_by".to_string()));
        for item in EsasItem::SYMPTOMS {
            assert!(errors.contains(&item_field(item)), "{item:?}");
        }
    }

    #[test]
    fn scores_at_and_beyond_the_edges() {
        let mut draft = complete();
        draft.symptoms[0] = DraftValue::Score(0);
        draft.symptoms[1] = DraftValue::Score(10);
        assert!(draft.validate(now(), crate::Language::Nb.clinical()).is_ok());
        draft.symptoms[0] = DraftValue::Score(11);
        draft.symptoms[1] = DraftValue::Score(-1);
        let errors = draft.validate(now(), crate::Language::Nb.clinical()).expect_err("out of range");
        assert_eq!(errors.0.len(), 2);
        assert_eq!(
            errors.for_field("esas.pain"),
            Some("Smerte: 11 er utenfor skalaen. Velg et helt tall fra 0 til 10.")
        );
        assert!(errors.for_field("esas.tiredness").is_some_and(|m| m.contains("-1")));
    }

    #[test]
    fn not_assessed_is_kept_and_never_becomes_zero() {
        let mut draft = complete();
        draft.symptoms[6] = DraftValue::NotAssessed;
        let reg = draft.validate(now(), crate::Language::Nb.clinical()).expect("valid");
        assert_eq!(reg.esas.get(EsasItem::Depression), Some(ItemValue::NotAssessed));
        assert_eq!(reg.esas.score(EsasItem::Depression), None);
        assert_eq!(reg.esas.sum(crate::SumKind::Total), None);
        assert_eq!(reg.to_draft().symptoms[6], DraftValue::NotAssessed);
    }

    #[test]
    fn other_problem_needs_both_name_and_score() {
        let mut draft = complete();
        draft.other = DraftValue::Score(5);
        assert_eq!(fields(draft.validate(now(), crate::Language::Nb.clinical())), vec!["esas.other.name"]);
        draft.other = DraftValue::Unanswered;
        draft.other_name = "Forstoppelse".into();
        assert_eq!(fields(draft.validate(now(), crate::Language::Nb.clinical())), vec!["esas.other"]);
        draft.other = DraftValue::Score(6);
        let reg = draft.validate(now(), crate::Language::Nb.clinical()).expect("valid");
        assert_eq!(reg.esas.score(EsasItem::Other).map(Score::value), Some(6));
        draft.other = DraftValue::Score(12);
        assert_eq!(fields(draft.validate(now(), crate::Language::Nb.clinical())), vec!["esas.other"]);
        draft.other_name = "   ".into();
        draft.other = DraftValue::Unanswered;
        assert!(
            draft.validate(now(), crate::Language::Nb.clinical()).is_ok(),
            "blank name and no score is no other problem"
        );
    }

    #[test]
    fn time_may_be_set_back_but_not_into_the_future() {
        let mut draft = complete();
        draft.observed_at = Some(now() - Duration::hours(5));
        assert!(draft.validate(now(), crate::Language::Nb.clinical()).is_ok());
        draft.observed_at = Some(now() + Duration::minutes(CLOCK_SKEW_MINUTES));
        assert!(
            draft.validate(now(), crate::Language::Nb.clinical()).is_ok(),
            "small clock skew is tolerated"
        );
        draft.observed_at = Some(now() + Duration::minutes(CLOCK_SKEW_MINUTES + 1));
        assert_eq!(fields(draft.validate(now(), crate::Language::Nb.clinical())), vec!["observed_at"]);
        draft.observed_at = Some(now() - Duration::days(MAX_BACKDATE_DAYS + 1));
        assert_eq!(fields(draft.validate(now(), crate::Language::Nb.clinical())), vec!["observed_at"]);
    }

    #[test]
    fn nrs_is_optional_but_checked() {
        let mut draft = complete();
        draft.pain_now = Some(0);
        draft.pain_worst_24h = Some(10);
        draft.pain_average_24h = Some(11);
        assert_eq!(fields(draft.validate(now(), crate::Language::Nb.clinical())), vec!["pain.average_24h"]);
        draft.pain_average_24h = Some(5);
        draft.breakthrough = Some(true);
        let reg = draft.validate(now(), crate::Language::Nb.clinical()).expect("valid");
        assert_eq!(reg.pain.worst_24h.map(Score::value), Some(10));
        assert_eq!(reg.pain.breakthrough, Some(true));
    }

    #[test]
    fn body_marks_need_known_regions_once_each_with_an_intensity() {
        let mut draft = complete();
        draft.body_marks = vec![(222, 6), (105, 3)];
        let reg = draft.validate(now(), crate::Language::Nb.clinical()).expect("valid");
        assert_eq!(reg.body_marks.iter().map(|m| m.region.0).collect::<Vec<_>>(), vec![105, 222]);
        draft.body_marks = vec![(105, 3), (105, 4), (999, 2), (222, 11)];
        let errors = fields(draft.validate(now(), crate::Language::Nb.clinical()));
        assert_eq!(errors, vec!["body_map.105", "body_map.999", "body_map.222"]);
    }

    #[test]
    fn a_flood_of_marks_is_one_problem_and_repeats_are_reported_once() {
        let mut draft = complete();
        draft.body_marks = vec![(105, 3); 30_000];
        let errors = draft.validate(now(), crate::Language::Nb.clinical()).expect_err("too many marks");
        assert_eq!(errors.0.len(), 1, "{:?}", &errors.0[..errors.0.len().min(3)]);
        assert_eq!(errors.0[0].field, "body_map");
        draft.body_marks = vec![(105, 3); REGIONS.len()];
        let errors =
            draft.validate(now(), crate::Language::Nb.clinical()).expect_err("one region many times");
        assert_eq!(fields(Err(errors)), vec!["body_map.105"]);
        draft.body_marks = REGIONS.iter().map(|r| (r.id.0, 2)).collect();
        assert_eq!(
            draft.validate(now(), crate::Language::Nb.clinical()).map(|r| r.body_marks.len()).ok(),
            Some(REGIONS.len())
        );
    }

    #[test]
    fn note_is_trimmed_and_limited() {
        let mut draft = complete();
        draft.note = "  Ga Morfin 5 mg s.c. kl 14  ".into();
        assert_eq!(
            draft.validate(now(), crate::Language::Nb.clinical()).map(|r| r.note).ok().as_deref(),
            Some("Ga Morfin 5 mg s.c. kl 14")
        );
        draft.note = "æ".repeat(NOTE_MAX_CHARS);
        assert!(
            draft.validate(now(), crate::Language::Nb.clinical()).is_ok(),
            "the limit counts characters, not bytes"
        );
        draft.note.push('ø');
        assert_eq!(fields(draft.validate(now(), crate::Language::Nb.clinical())), vec!["note"]);
    }

    #[test]
    fn a_registration_round_trips_through_its_draft() {
        let mut draft = complete();
        draft.observed_at = Some(now());
        draft.other_name = "Forstoppelse".into();
        draft.other = DraftValue::NotAssessed;
        draft.pain_now = Some(4);
        draft.body_marks = vec![(101, 2)];
        draft.note = "Snudd i sengen".into();
        let reg = draft.validate(now(), crate::Language::Nb.clinical()).expect("valid");
        assert_eq!(reg.to_draft(), draft);
    }

    #[test]
    fn a_correction_needs_a_reason() {
        assert!(validate_correction_reason("  ", crate::Language::Nb.clinical()).is_err());
        assert_eq!(
            validate_correction_reason(" Feil pasient ", crate::Language::Nb.clinical()).ok().as_deref(),
            Some("Feil pasient")
        );
        assert!(validate_correction_reason(
            &"x".repeat(REASON_MAX_CHARS + 1),
            crate::Language::Nb.clinical()
        )
        .is_err());
    }
}
