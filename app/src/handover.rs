//! The handover report (vaktrapport): what happened on a unit during one shift, per patient, the
//! one who needs the next shift most on top. New registrations with their severe and worsened
//! items, follow-up steps taken, re-assessments overdue, patients not assessed within the unit's
//! interval, and the notes written. A patient with nothing new gets one quiet line. Every patient
//! on it gets a row in their access log.

use crate::error::AppError;
use crate::model::*;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use lindra::shift::Shift;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[cfg(feature = "ssr")]
use crate::backend::{answer, ctx};

/// How many shifts back a report may go (a week of three shifts).
pub const MAX_SHIFTS_BACK: i64 = 21;

/// One registration of the shift.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShiftRegistration {
    pub id: i64,
    pub observed_at: DateTime<Utc>,
    pub recorded_by: String,
    /// "Utfylt av" in words (the patient's own answers on the tablet say so).
    pub completed_by: String,
    /// "Smerte 8", ...
    pub severe: Vec<String>,
    /// "Fysisk forverret 12 → 16", "Smerte nå 8 (NRS)", "Gjennombruddssmerte", ...
    pub other_reasons: Vec<String>,
    pub note: String,
}

/// One follow-up step of the shift.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShiftStep {
    pub at: DateTime<Utc>,
    pub by: String,
    pub words: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoverRow {
    pub patient: Patient,
    pub registrations: Vec<ShiftRegistration>,
    pub steps: Vec<ShiftStep>,
    /// The open follow-up's reasons and state, if one is open now.
    pub open_followup: Option<(String, String)>,
    pub reassessment_overdue: bool,
    /// No ESAS-r within the unit's interval (or never).
    pub not_assessed: bool,
    pub last_assessed: Option<DateTime<Utc>>,
}

impl HandoverRow {
    /// Nothing new in the shift and nothing pending: one quiet line.
    pub fn is_quiet(&self) -> bool {
        self.registrations.is_empty()
            && self.steps.is_empty()
            && self.open_followup.is_none()
            && !self.not_assessed
    }

    /// Most need first: a re-assessment overdue, an open follow-up, a severe score in the
    /// shift, another reason, not assessed, then the quiet ones.
    fn need(&self) -> u8 {
        if self.reassessment_overdue {
            0
        } else if self.open_followup.is_some() {
            1
        } else if self.registrations.iter().any(|r| !r.severe.is_empty()) {
            2
        } else if self.registrations.iter().any(|r| !r.other_reasons.is_empty()) {
            3
        } else if self.not_assessed {
            4
        } else if !self.is_quiet() {
            5
        } else {
            6
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Handover {
    pub unit: Unit,
    pub shift: Shift,
    /// 0: the shift running now, 1: the one before, ...
    pub back: i64,
    pub rows: Vec<HandoverRow>,
    pub now: DateTime<Utc>,
    /// The reader's role opens patients' pages (a leader's does not: names without links).
    pub sees_patients: bool,
}

/// The shift `back` shifts before the one running at `now`.
pub fn shift_back(shifts: &lindra::shift::Shifts, now: DateTime<Utc>, back: i64) -> Shift {
    let mut shift = shifts.at(now);
    for _ in 0..back {
        shift = shifts.before(&shift);
    }
    shift
}

/// The report's rows from what storage holds: the unit's patients, their registrations from
/// before the shift (to tell what worsened) to its end, and the follow-ups active since.
pub fn build_rows(
    unit: &Unit,
    shift: &Shift,
    now: DateTime<Utc>,
    patients: Vec<PatientSummary>,
    registrations: &[StoredRegistration],
    followups: &[Followup],
) -> Vec<HandoverRow> {
    let interval = chrono::Duration::hours(i64::from(unit.assessment_interval_hours));
    let mut by_patient: HashMap<i64, Vec<&StoredRegistration>> = HashMap::new();
    for r in registrations {
        by_patient.entry(r.patient_id).or_default().push(r);
    }
    let mut followups_of: HashMap<i64, Vec<&Followup>> = HashMap::new();
    for f in followups {
        followups_of.entry(f.patient_id).or_default().push(f);
    }
    let mut rows: Vec<HandoverRow> = patients
        .into_iter()
        .map(|summary| {
            let patient = summary.patient;
            let own = by_patient.remove(&patient.id).unwrap_or_default();
            let mut shift_registrations = Vec::new();
            for (i, stored) in own.iter().enumerate() {
                let at = stored.registration.observed_at;
                if at < shift.from || at >= shift.to {
                    continue;
                }
                let previous = i.checked_sub(1).and_then(|p| own.get(p)).map(|p| &p.registration);
                let reasons = lindra::followup::reasons(&stored.registration, previous, &[]);
                let (severe, other): (Vec<_>, Vec<_>) =
                    reasons.iter().partition(|r| matches!(r, lindra::followup::Reason::Severe { .. }));
                shift_registrations.push(ShiftRegistration {
                    id: stored.id,
                    observed_at: at,
                    recorded_by: stored.recorded_by_name.clone(),
                    completed_by: crate::text::clinical().completed_by_of(&stored.registration).to_string(),
                    severe: severe.iter().map(|r| r.words(crate::text::clinical())).collect(),
                    other_reasons: other.iter().map(|r| r.words(crate::text::clinical())).collect(),
                    note: stored.registration.note.trim().to_string(),
                });
            }
            // From the patient list, not from the report's week of registrations: a patient
            // last assessed before it was assessed, not never.
            let last_assessed = summary.last_observed_at;
            let mut steps = Vec::new();
            let mut open_followup = None;
            let mut reassessment_overdue = false;
            for f in followups_of.remove(&patient.id).unwrap_or_default() {
                for step in f.steps.iter().filter(|s| s.at >= shift.from && s.at < shift.to) {
                    steps.push(ShiftStep {
                        at: step.at,
                        by: step.by_name.clone(),
                        words: (crate::text::language().followup().step)(&step.kind),
                    });
                }
                if f.is_open() {
                    let reasons: Vec<String> =
                        f.reasons().map(|r| r.words(crate::text::clinical())).collect();
                    open_followup = Some((reasons.join(", "), f.status_words(now, crate::text::clinical())));
                    reassessment_overdue = matches!(f.state(now), FollowupState::Overdue { .. });
                }
            }
            steps.sort_by_key(|s| s.at);
            HandoverRow {
                not_assessed: lindra::course::is_overdue(last_assessed, now, interval),
                patient,
                registrations: shift_registrations,
                steps,
                open_followup,
                reassessment_overdue,
                last_assessed,
            }
        })
        .collect();
    rows.sort_by(|a, b| a.need().cmp(&b.need()).then_with(|| a.patient.room.cmp(&b.patient.room)));
    rows
}

impl ShiftRegistration {
    /// Its severe and worsened items, or «ingen varsler».
    pub fn summary(&self) -> String {
        let words: Vec<&str> = self.severe.iter().chain(&self.other_reasons).map(String::as_str).collect();
        if words.is_empty() {
            crate::text::ui().no_flags.to_string()
        } else {
            words.join(", ")
        }
    }
}

impl Handover {
    /// "Vakt: Natt, 05.12.2026 kl. 23:00–07:00", on the page and the printed report.
    pub fn title(&self) -> String {
        (crate::text::ui().handover_title)(
            &self.shift.name,
            &crate::text::format_date_time(self.shift.from),
            &lindra::time::format_time(self.shift.to),
        )
    }
}

impl HandoverRow {
    /// "Rom 102 · Ragnhild Pettersen"
    pub fn heading(&self) -> String {
        format!("{} {} · {}", crate::text::ui().room, self.patient.room, self.patient.name)
    }

    /// The row as lines of text, as the printed report has it.
    pub fn lines(&self, now: DateTime<Utc>) -> Vec<String> {
        use crate::text;
        let clock = lindra::time::format_time;
        let mut lines = Vec::new();
        if let Some((reasons, state)) = &self.open_followup {
            lines.push(format!("{}: {reasons} · {state}", text::ui().followup));
        }
        if self.not_assessed {
            let since = self
                .last_assessed
                .map(|at| crate::text::format_since(at, now))
                .unwrap_or_else(|| text::ui().never_assessed.to_string());
            lines.push(format!("{}: {since}", text::ui().not_assessed_in_interval));
        }
        for r in &self.registrations {
            let summary = r.summary();
            let by = (text::ui().esas_by)(&r.recorded_by, &r.completed_by);
            lines.push(format!("{} {by}: {summary}", clock(r.observed_at)));
            if !r.note.is_empty() {
                lines.push(format!("    «{}»", r.note));
            }
        }
        for s in &self.steps {
            lines.push(format!("{} {}: {}", clock(s.at), s.by, s.words));
        }
        lines
    }
}

/// The handover of the unit for the shift `back` shifts before the running one, each patient
/// on it in the access log (the page and the printed report alike).
#[cfg(feature = "ssr")]
pub async fn handover_for(ctx: &crate::backend::Ctx, unit_id: i64, back: i64) -> Result<Handover, AppError> {
    const ACTION: AuditAction = AuditAction::HandoverRead;
    let unit = ctx.unit(ACTION, unit_id).await?;
    if !(0..=MAX_SHIFTS_BACK).contains(&back) {
        return Err(AppError::Invalid(lindra::ValidationErrors(vec![lindra::FieldError {
            field: "vakt".into(),
            message: (crate::text::ui().handover_back)(MAX_SHIFTS_BACK),
        }])));
    }
    let now = Utc::now();
    let shift = shift_back(&unit.shifts, now, back);
    // From a week before the shift, to tell what worsened since the registration before.
    let period = crate::storage::Period {
        from: Some(shift.from - chrono::Duration::days(7)),
        to: Some(shift.to.min(now)),
    };
    let registrations = ctx.storage.unit_registrations(unit_id, period).await?;
    let followups = ctx.storage.unit_followups_since(unit_id, shift.from).await?;
    let patients = ctx.storage.patients_in_unit(unit_id).await?;
    let shown: Vec<&Patient> = patients.iter().map(|p| &p.patient).collect();
    ctx.audit_patients(ACTION, &shown).await?;
    let rows = build_rows(&unit, &shift, now, patients, &registrations, &followups);
    Ok(Handover { unit, shift, back, rows, now, sees_patients: ctx.user().role.sees_patients() })
}

/// The handover report of a unit for the shift `back` shifts before the running one.
#[server(endpoint = "handover", input = Json)]
pub async fn load_handover(unit_id: i64, back: i64) -> Result<Handover, AppError> {
    answer(async move { handover_for(&ctx()?, unit_id, back).await }).await
}
