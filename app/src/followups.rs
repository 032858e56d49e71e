//! Server functions of the follow-up loop: a patient's follow-ups and expected symptoms, the
//! steps a nurse takes (acknowledge, an action, closing by hand), expected symptoms set by a
//! resource nurse, and the count of open follow-ups for the header. Each checks access to the
//! patient's unit and leaves its access-log row, as every server function does.

use crate::error::AppError;
use crate::model::*;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use lindra::followup::steps::{ActionDraft, CloseDraft, ReassessDefaults};
use lindra::followup::ExpectedSymptomDraft;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::backend::{answer, ctx, Ctx};
#[cfg(feature = "ssr")]
use crate::text;

/// Roles that may set an expected symptom (it raises a threshold: a clinical judgement).
pub const EXPECTED_SYMPTOM_ROLES: [Role; 2] = [Role::Ressurssykepleier, Role::Administrator];

/// How many closed follow-ups the patient page lists.
pub const HISTORY_LENGTH: usize = 20;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatientFollowups {
    pub patient_id: i64,
    pub open: Option<Followup>,
    /// The latest closed ones, newest first.
    pub closed: Vec<Followup>,
    pub expected: Vec<StoredExpectedSymptom>,
    pub may_set_expected: bool,
    pub defaults: ReassessDefaults,
    pub now: DateTime<Utc>,
}

/// The open follow-ups of the units a user works in, for the header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenCount {
    pub total: i64,
    /// Of those, how many have a re-assessment overdue.
    pub overdue: i64,
    /// The next re-assessment to fall due, if any (the header wakes the pages then).
    pub next_due: Option<DateTime<Utc>>,
    pub now: DateTime<Utc>,
    /// (unit id, open follow-ups), units with none left out.
    pub per_unit: Vec<(i64, i64)>,
    /// Where the badge leads: the first such unit's overview, or its handover report for a role
    /// that sees no patient's data.
    pub link: String,
    /// The badge's words: «2 åpne oppfølginger · 1 revurdering forfalt».
    pub words: String,
}

#[server(endpoint = "patient_followups", input = Json)]
pub async fn load_patient_followups(patient_id: i64) -> Result<PatientFollowups, AppError> {
    answer(async move {
        const ACTION: AuditAction = AuditAction::FollowupRead;
        let ctx = ctx()?;
        let patient = ctx.patient(ACTION, patient_id).await?;
        let unit =
            ctx.storage.unit(patient.unit_id).await?.ok_or_else(|| AppError::NotFound(String::new()))?;
        let now = Utc::now();
        let mut all = ctx.storage.followups(patient_id, crate::storage::Period::default()).await?;
        let expected = ctx.storage.expected_symptoms(patient_id, now).await?;
        ctx.audit(ACTION, Some(&patient), None, format!("patient/{patient_id}"), AuditOutcome::Ok).await?;
        let open = all.iter().position(Followup::is_open).map(|i| all.remove(i));
        all.reverse();
        all.truncate(HISTORY_LENGTH);
        Ok(PatientFollowups {
            patient_id,
            open,
            closed: all,
            expected,
            may_set_expected: EXPECTED_SYMPTOM_ROLES.contains(&ctx.user().role),
            defaults: unit.reassess_defaults(),
            now,
        })
    })
    .await
}

/// Signed out, the count is 0 (the header asks on every page, the login page too): a count
/// names no patient, and a signed-in user's counts only their own units.
#[server(endpoint = "open_followups", input = Json)]
pub async fn load_open_count() -> Result<OpenCount, AppError> {
    answer(async move {
        let now = Utc::now();
        let Some(session) = crate::backend::session() else {
            return Ok(OpenCount {
                total: 0,
                overdue: 0,
                next_due: None,
                now,
                per_unit: Vec::new(),
                link: "/".into(),
                words: String::new(),
            });
        };
        let storage = crate::backend::state()?.storage;
        let per_unit = storage.open_followup_counts(&session.unit_ids).await?;
        // Due times only where something is open: most units, most of the time, have nothing.
        let (mut overdue, mut next_due) = (0, None::<DateTime<Utc>>);
        for (unit_id, _) in &per_unit {
            for followup in storage.open_followups_in_unit(*unit_id).await? {
                match followup.due_at() {
                    Some(due) if due <= now => overdue += 1,
                    Some(due) => next_due = Some(next_due.map_or(due, |n| n.min(due))),
                    None => {}
                }
            }
        }
        let unit = per_unit.first().map(|(u, _)| *u).unwrap_or_default();
        let link = if session.user.role.sees_patients() {
            format!("/enhet/{unit}/oversikt")
        } else {
            format!("/enhet/{unit}/vaktrapport")
        };
        let total = per_unit.iter().map(|(_, n)| n).sum();
        let mut words = (text::ui().open_followups)(total);
        if overdue > 0 {
            words = format!("{words} · {}", (text::ui().overdue_reassessments)(overdue));
        }
        Ok(OpenCount { total, overdue, next_due, now, per_unit, link, words })
    })
    .await
}

/// "Jeg følger opp". A second nurse is told who took it first.
#[server(endpoint = "acknowledge_followup", input = Json)]
pub async fn acknowledge_followup(
    patient_id: i64,
    followup_id: i64,
    request_id: String,
) -> Result<Followup, AppError> {
    answer(async move {
        let ctx = ctx()?;
        take(&ctx, AuditAction::FollowupAcknowledge, patient_id, followup_id, request_id, |_| {
            Ok(StepKind::Acknowledged)
        })
        .await
    })
    .await
}

/// An action (tiltak) with its time and when to re-assess.
#[server(endpoint = "followup_action", input = Json)]
pub async fn record_followup_action(
    patient_id: i64,
    followup_id: i64,
    request_id: String,
    draft: ActionDraft,
) -> Result<Followup, AppError> {
    answer(async move {
        let ctx = ctx()?;
        take(&ctx, AuditAction::FollowupAction, patient_id, followup_id, request_id, move |unit| {
            draft
                .validate(Utc::now(), unit.reassess_defaults(), crate::text::clinical())
                .map(StepKind::Action)
        })
        .await
    })
    .await
}

/// Closes a follow-up by hand, with a reason ("pasienten sover", "død", ...).
#[server(endpoint = "close_followup", input = Json)]
pub async fn close_followup(
    patient_id: i64,
    followup_id: i64,
    request_id: String,
    draft: CloseDraft,
) -> Result<Followup, AppError> {
    answer(async move {
        let ctx = ctx()?;
        take(&ctx, AuditAction::FollowupClose, patient_id, followup_id, request_id, move |_| {
            draft.validate(crate::text::clinical())
        })
        .await
    })
    .await
}

/// A step of the loop: access, request id, validation (every problem at its field, logged as
/// `invalid`), then storage checks it against the follow-up as stored and appends it with its
/// access-log row in one transaction.
#[cfg(feature = "ssr")]
async fn take(
    ctx: &Ctx,
    action: AuditAction,
    patient_id: i64,
    followup_id: i64,
    request_id: String,
    step: impl FnOnce(&Unit) -> Result<StepKind, lindra::ValidationErrors>,
) -> Result<Followup, AppError> {
    let patient = ctx.patient(action, patient_id).await?;
    let object = format!("followup/{followup_id}");
    let request_id = crate::api::checked_request_id(ctx, action, &patient, &object, &request_id).await?;
    let unit = ctx.storage.unit(patient.unit_id).await?.ok_or_else(|| AppError::NotFound(String::new()))?;
    let kind = match step(&unit) {
        Ok(kind) => kind,
        Err(errors) => {
            ctx.audit(action, Some(&patient), None, object, AuditOutcome::Invalid).await?;
            return Err(AppError::Invalid(errors));
        }
    };
    let audit = ctx.event(action, Some(&patient), None, object.clone(), AuditOutcome::Ok);
    let new = NewFollowupStep { patient_id, followup_id, by: ctx.user().id, request_id, kind };
    match ctx.storage.followup_step(new, audit).await {
        Ok(followup) => Ok(followup),
        Err(crate::storage::StorageError::NotFound(_)) => {
            ctx.audit(action, Some(&patient), None, object, AuditOutcome::NotFound).await?;
            Err(AppError::NotFound(crate::text::ui().followup_not_found.into()))
        }
        Err(error) => Err(crate::api::refused(ctx, action, &patient, object, error).await),
    }
}

/// Sets an expected symptom: resource nurses and administrators of the patient's unit.
#[server(endpoint = "set_expected_symptom", input = Json)]
pub async fn set_expected_symptom(
    patient_id: i64,
    request_id: String,
    draft: ExpectedSymptomDraft,
) -> Result<StoredExpectedSymptom, AppError> {
    answer(async move {
        const ACTION: AuditAction = AuditAction::ExpectedSymptomSet;
        let ctx = ctx()?;
        let patient = ctx.patient(ACTION, patient_id).await?;
        let object = format!("patient/{patient_id}");
        if let Err(error) =
            ctx.require_role(&EXPECTED_SYMPTOM_ROLES, crate::text::ui().expected_symptoms_lower)
        {
            ctx.audit(ACTION, Some(&patient), None, object, AuditOutcome::Denied).await?;
            return Err(error);
        }
        let request_id = crate::api::checked_request_id(&ctx, ACTION, &patient, &object, &request_id).await?;
        let symptom = match draft.validate(Utc::now(), crate::text::clinical()) {
            Ok(symptom) => symptom,
            Err(errors) => {
                ctx.audit(ACTION, Some(&patient), None, object, AuditOutcome::Invalid).await?;
                return Err(AppError::Invalid(errors));
            }
        };
        let audit = ctx.event(ACTION, Some(&patient), None, object.clone(), AuditOutcome::Ok);
        let new = NewExpectedSymptom { patient_id, set_by: ctx.user().id, request_id, symptom };
        match ctx.storage.set_expected_symptom(new, audit).await {
            Ok(stored) => Ok(stored),
            Err(error) => Err(crate::api::refused(&ctx, ACTION, &patient, object, error).await),
        }
    })
    .await
}
