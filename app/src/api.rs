//! Server functions: each checks who is asking and whether they may, calls the domain and
//! storage, and leaves an audit row. Their bodies run on the server only; the browser gets a
//! typed client for each.

use crate::error::AppError;
use crate::model::*;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use lindra::RegistrationDraft;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::backend::{answer, ctx};

/// Who is signed in, for the header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub signed_in: Option<(String, Role)>,
    pub demo: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitPatients {
    pub unit: Unit,
    pub patients: Vec<PatientSummary>,
    /// The server's clock when the list was made, so "for 3 t siden" reads the same in the
    /// server's HTML and in the browser.
    pub now: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatientOverview {
    pub patient: Patient,
    pub unit: Unit,
    pub latest: Option<StoredRegistration>,
    /// May this user see the patient's access log.
    pub may_see_access_log: bool,
    pub now: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessLog {
    pub patient: Patient,
    pub events: Vec<AuditEvent>,
}

/// Roles that may show a patient the access log of their record.
pub const ACCESS_LOG_ROLES: [Role; 2] = [Role::Ressurssykepleier, Role::Administrator];

#[server(endpoint = "current_session")]
pub async fn current_session() -> Result<SessionInfo, AppError> {
    let state = crate::backend::state()?;
    let signed_in = crate::backend::session().map(|s| (s.user.display_name, s.user.role));
    Ok(SessionInfo { signed_in, demo: state.demo })
}

#[server(endpoint = "units")]
pub async fn list_units() -> Result<Vec<Unit>, AppError> {
    answer(async {
        let ctx = ctx()?;
        let units = ctx.storage.units().await?;
        Ok(units.into_iter().filter(|u| ctx.session.unit_ids.contains(&u.id)).collect())
    })
    .await
}

#[server(endpoint = "unit_patients")]
pub async fn load_unit_patients(unit_id: i64) -> Result<UnitPatients, AppError> {
    answer(async move {
        let ctx = ctx()?;
        let unit = ctx.unit("patient_list.read", unit_id).await?;
        let patients = ctx.storage.patients_in_unit(unit_id).await?;
        ctx.audit("patient_list.read", None, Some(unit_id), format!("unit/{unit_id}"), "ok").await?;
        Ok(UnitPatients { unit, patients, now: Utc::now() })
    })
    .await
}

#[server(endpoint = "patient_overview")]
pub async fn load_patient_overview(patient_id: i64) -> Result<PatientOverview, AppError> {
    answer(async move {
        let ctx = ctx()?;
        let patient = ctx.patient("patient.read", patient_id).await?;
        let unit = ctx
            .storage
            .unit(patient.unit_id)
            .await?
            .ok_or_else(|| AppError::NotFound("Enheten finnes ikke.".into()))?;
        let latest = ctx.storage.latest_registration(patient_id).await?;
        ctx.audit("patient.read", Some(&patient), None, format!("patient/{patient_id}"), "ok").await?;
        let may_see_access_log = ACCESS_LOG_ROLES.contains(&ctx.user().role);
        Ok(PatientOverview { patient, unit, latest, may_see_access_log, now: Utc::now() })
    })
    .await
}

/// Stores a new registration. `request_id` is made once per form: sending the same form again
/// (double tap, resend after a lost answer) returns the first stored registration.
#[server(endpoint = "record_registration", input = Json)]
pub async fn record_registration(
    patient_id: i64,
    request_id: String,
    draft: RegistrationDraft,
) -> Result<StoredRegistration, AppError> {
    answer(async move {
        let ctx = ctx()?;
        let patient = ctx.patient("registration.create", patient_id).await?;
        let request_id = request_id.trim().to_string();
        if request_id.is_empty() || request_id.len() > 100 {
            return Err(AppError::Transport("ugyldig skjema-id".into()));
        }
        let registration = match draft.validate(Utc::now()) {
            Ok(registration) => registration,
            Err(errors) => {
                ctx.audit(
                    "registration.create",
                    Some(&patient),
                    None,
                    format!("patient/{patient_id}"),
                    "invalid",
                )
                .await?;
                return Err(AppError::Invalid(errors));
            }
        };
        // The access-log row is committed with the registration (one transaction, one commit);
        // storage names the new registration in it, or writes `duplicate` for a resend.
        let audit = AuditEvent {
            at: Utc::now(),
            user_id: Some(ctx.user().id),
            username: ctx.user().username.clone(),
            role: ctx.user().role.code().to_string(),
            unit_id: Some(patient.unit_id),
            patient_id: Some(patient.id),
            action: "registration.create".into(),
            object: format!("patient/{patient_id}"),
            outcome: "ok".into(),
            client_addr: ctx.client_addr.clone(),
        };
        let recorded = ctx
            .storage
            .record_audited(
                NewRegistration { patient_id, recorded_by: ctx.user().id, request_id, registration },
                audit,
            )
            .await?;
        Ok(recorded.registration)
    })
    .await
}

/// Who has accessed the patient's record and when: the log a patient may ask to see
/// (pasientjournalloven § 22). Resource nurses and administrators of the unit only.
#[server(endpoint = "access_log")]
pub async fn load_access_log(patient_id: i64) -> Result<AccessLog, AppError> {
    answer(async move {
        let ctx = ctx()?;
        let patient = ctx.patient("access_log.read", patient_id).await?;
        if let Err(error) = ctx.require_role(&ACCESS_LOG_ROLES, "tilgangsloggen") {
            ctx.audit("access_log.read", Some(&patient), None, format!("patient/{patient_id}"), "denied")
                .await?;
            return Err(error);
        }
        ctx.audit("access_log.read", Some(&patient), None, format!("patient/{patient_id}"), "ok").await?;
        let events = ctx.storage.audit_for_patient(patient_id, 500).await?;
        Ok(AccessLog { patient, events })
    })
    .await
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationDetail {
    pub patient: Patient,
    /// Every version, oldest first; the last is the current one.
    pub versions: Vec<StoredRegistration>,
}

/// One registration with all its versions.
#[server(endpoint = "registration")]
pub async fn load_registration(registration_id: i64) -> Result<RegistrationDetail, AppError> {
    answer(async move {
        let ctx = ctx()?;
        let versions = match ctx.storage.registration_versions(registration_id).await {
            Ok(versions) => versions,
            Err(crate::storage::StorageError::NotFound(_)) => {
                return Err(AppError::NotFound("Registreringen finnes ikke.".into()));
            }
            Err(error) => return Err(error.into()),
        };
        let patient_id = versions.first().map(|v| v.patient_id).unwrap_or_default();
        let patient = ctx.patient("registration.read", patient_id).await?;
        ctx.audit("registration.read", Some(&patient), None, format!("registration/{registration_id}"), "ok")
            .await?;
        Ok(RegistrationDetail { patient, versions })
    })
    .await
}

/// Corrects a registration: stores a new version that names the one it replaces, with who,
/// when and why. The earlier version stays as it was.
#[server(endpoint = "correct_registration", input = Json)]
pub async fn correct_registration(
    registration_id: i64,
    request_id: String,
    reason: String,
    draft: RegistrationDraft,
) -> Result<StoredRegistration, AppError> {
    answer(async move {
        let ctx = ctx()?;
        let versions = ctx
            .storage
            .registration_versions(registration_id)
            .await
            .map_err(|_| AppError::NotFound("Registreringen finnes ikke.".into()))?;
        let patient_id = versions.first().map(|v| v.patient_id).unwrap_or_default();
        let patient = ctx.patient("registration.correct", patient_id).await?;
        let request_id = request_id.trim().to_string();
        if request_id.is_empty() || request_id.len() > 100 {
            return Err(AppError::Transport("ugyldig skjema-id".into()));
        }
        let object = format!("registration/{registration_id}");
        let reason = lindra::registration::validate_correction_reason(&reason);
        let registration = draft.validate(Utc::now());
        let (reason, registration) = match (reason, registration) {
            (Ok(reason), Ok(registration)) => (reason, registration),
            (reason, registration) => {
                let mut errors = reason.err().map(|e| e.0).unwrap_or_default();
                errors.extend(registration.err().map(|e| e.0).unwrap_or_default());
                ctx.audit("registration.correct", Some(&patient), None, object, "invalid").await?;
                return Err(AppError::Invalid(lindra::ValidationErrors(errors)));
            }
        };
        let recorded = ctx
            .storage
            .correct(Correction {
                replaces: registration_id,
                recorded_by: ctx.user().id,
                request_id,
                reason,
                registration,
            })
            .await?;
        let outcome = if recorded.created { "ok" } else { "duplicate" };
        ctx.audit(
            "registration.correct",
            Some(&patient),
            None,
            format!("registration/{}", recorded.registration.id),
            outcome,
        )
        .await?;
        Ok(recorded.registration)
    })
    .await
}
