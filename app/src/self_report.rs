//! Server functions of patient mode (issue 17): what the patient's form needs to know of the
//! session it runs in, and the save at "Ferdig". The patient is the session's, never one the
//! browser names: a tablet in patient mode can answer for that patient alone.

use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use lindra::patient_form::{PatientSteps, SelfReportAnswers};
use lindra::Language;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::backend::{answer, ctx};
#[cfg(feature = "ssr")]
use crate::model::{AuditAction, AuditOutcome, NewRegistration};

/// The session's patient mode as its pages need it: no patient data, not even the name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatientModeView {
    pub language: Language,
    pub steps: PatientSteps,
    /// The patient tapped "Ferdig" and the answers are stored.
    pub saved: bool,
    /// When the tablet was handed over (milliseconds): names what the tab keeps of the answers.
    pub started_ms: i64,
    /// The staff member who handed it over, for the screen that takes it back.
    pub staff_name: String,
    pub pin_set: bool,
}

/// The session's patient mode, or `None` if the tablet is not with a patient.
#[server(endpoint = "patient_mode", input = Json)]
pub async fn load_patient_mode() -> Result<Option<PatientModeView>, AppError> {
    answer(async move {
        let Some(session) = crate::backend::session() else { return Ok(None) };
        Ok(session.patient_mode.map(|mode| PatientModeView {
            language: mode.language,
            steps: mode.steps,
            saved: mode.registration_id.is_some(),
            started_ms: mode.started_at.timestamp_millis(),
            staff_name: session.user.display_name.clone(),
            pin_set: session.pin_set,
        }))
    })
    .await
}

/// Stores the patient's answers as a registration: "utfylt av: pasient", marked as the
/// patient's own in the language of the form, registered under the staff member who handed the
/// tablet over. `request_id` makes a resend (a lost answer, a second tap) store once.
#[server(endpoint = "record_self_report", input = Json)]
pub async fn record_self_report(request_id: String, answers: SelfReportAnswers) -> Result<(), AppError> {
    answer(async move {
        const ACTION: AuditAction = AuditAction::RegistrationCreate;
        let ctx = ctx()?;
        let Some(mode) = ctx.session.patient_mode else {
            return Err(AppError::Forbidden(crate::text::patient_mode().not_in_patient_mode.into()));
        };
        let patient = ctx.patient(ACTION, mode.patient_id).await?;
        let object = format!("patient/{}", patient.id);
        let request_id = crate::api::checked_request_id(&ctx, ACTION, &patient, &object, &request_id).await?;
        let mut registration = match answers.to_draft().validate(chrono::Utc::now(), crate::text::clinical())
        {
            Ok(registration) => registration,
            Err(errors) => {
                ctx.audit(ACTION, Some(&patient), None, object, AuditOutcome::Invalid).await?;
                return Err(AppError::Invalid(errors));
            }
        };
        registration.self_report = Some(lindra::SelfReport { language: mode.language });
        let audit = ctx.event(ACTION, Some(&patient), None, object.clone(), AuditOutcome::Ok);
        let new =
            NewRegistration { patient_id: patient.id, recorded_by: ctx.user().id, request_id, registration };
        let recorded = match ctx.storage.record_audited(new, audit).await {
            Ok(recorded) => recorded,
            Err(error) => return Err(crate::api::refused(&ctx, ACTION, &patient, object, error).await),
        };
        ctx.storage.patient_mode_saved(&ctx.session.token_hash, recorded.registration.id).await?;
        Ok(())
    })
    .await
}
