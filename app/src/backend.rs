//! What every server function stands on (server side only): the storage from context, the
//! signed-in user from the session, the client's address, the access check against the user's
//! care units, and the audit row each access to patient data leaves.

use crate::error::AppError;
use crate::model::{AuditAction, AuditEvent, AuditOutcome, Patient, Role, Unit, User};
use crate::storage::DynStorage;
use chrono::Utc;
use leptos::prelude::*;
use std::net::SocketAddr;

/// A new secret in clear text (shown once) and what is stored of it.
pub type PasswordAndHash = (String, String);

/// Shared state the server puts into every request's context.
#[derive(Clone)]
pub struct AppState {
    pub storage: DynStorage,
    /// Demo mode: demo users are seeded and a "DEMO" banner is shown.
    pub demo: bool,
    /// A new start password for the user named by the context (username, name) and its hash
    /// (Argon2id, in the server), or why there is none, in the page's language.
    pub new_start_password: fn(&[&str]) -> Result<PasswordAndHash, String>,
    /// A new API token and its SHA-256 (hex) to store, or `None` if the OS has no randomness.
    pub new_api_token: fn() -> Option<(String, String)>,
    /// A session of a user with a PIN locks after this many seconds without use.
    pub lock_after_seconds: i64,
    /// The administrator and users of more than one unit must have a second factor.
    pub second_factor_required: bool,
    /// How the login page offers to sign in.
    pub sign_in: crate::api::SignInOptions,
}

/// The colleagues (user id, name) signed in on this tablet whose PIN opens their own session:
/// put into the request of a locked session's locked page by the session middleware.
#[derive(Debug, Clone, Default)]
pub struct TabletColleagues(pub Vec<(i64, String)>);

/// The signed-in user of a request, put into the request by the server's session middleware.
#[derive(Debug, Clone)]
pub struct SessionUser {
    pub user: User,
    /// The care units the user works in: the only units whose patients the user may see.
    pub unit_ids: Vec<i64>,
    /// SHA-256 of the session token, to end this session.
    pub token_hash: String,
    /// Locked on a shared tablet: the session middleware lets through only the lock page and
    /// what opens it.
    pub locked: bool,
    /// The user has set a PIN (the session locks when idle instead of ending).
    pub pin_set: bool,
    /// Handed to a patient: the session middleware lets through only the patient's form and
    /// what takes the tablet back.
    pub patient_mode: Option<crate::model::PatientMode>,
    /// Where the sign-in is: only a `Done` session reaches Lindra.
    pub sign_in: crate::model::SignInStep,
    /// The user's own choice of UI language; `None` follows the unit's.
    pub language_choice: Option<lindra::Language>,
    /// The first unit's written language (bokmål without a unit).
    pub unit_language: lindra::Language,
    /// The UI language: the user's choice, else the first unit's written language.
    pub language: lindra::Language,
    /// How soon the session locks when idle (with a PIN): the user's units', else the server's.
    pub lock_after_seconds: i64,
    /// One of the user's units asks a second factor of everyone.
    pub unit_requires_second_factor: bool,
    /// The session began with a full sign-in (a password, or single sign-on) within the last
    /// [`RECENT_SIGN_IN_MINUTES`]: that counts as giving the password again for a new PIN.
    pub recently_signed_in: bool,
}

/// How long after a full sign-in it counts as a re-authentication (a new PIN needs no
/// password then: a nurse who signs in by single sign-on may have none).
pub const RECENT_SIGN_IN_MINUTES: i64 = 5;

/// One server-function call: who, from where, with which storage.
pub struct Ctx {
    pub storage: DynStorage,
    pub session: SessionUser,
    pub client_addr: String,
}

pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>()
        .ok_or_else(|| AppError::Unavailable(crate::text::ui().server_misconfigured.into()))
}

/// The session of the current request, if someone is signed in.
pub fn session() -> Option<SessionUser> {
    use_context::<http::request::Parts>().and_then(|parts| parts.extensions.get::<SessionUser>().cloned())
}

/// The context of the current call. Fails closed: no session, no access.
pub fn ctx() -> Result<Ctx, AppError> {
    let state = state()?;
    let parts = use_context::<http::request::Parts>()
        .ok_or_else(|| AppError::Unavailable(crate::text::ui().server_misconfigured.into()))?;
    Ctx::from_parts(&state, &parts)
}

impl Ctx {
    /// The context of a plain HTTP handler (a download), from its request: the same session and
    /// address a server function gets.
    pub fn from_parts(state: &AppState, parts: &http::request::Parts) -> Result<Ctx, AppError> {
        let client_addr = parts
            .extensions
            .get::<axum::extract::ConnectInfo<SocketAddr>>()
            .map_or_else(|| "ukjent".into(), |c| c.0.ip().to_string());
        let session = parts
            .extensions
            .get::<SessionUser>()
            .cloned()
            .ok_or_else(|| AppError::NotSignedIn(crate::text::ui().not_signed_in.into()))?;
        Ok(Ctx { storage: state.storage.clone(), session, client_addr })
    }
}

/// Runs a server-function body and marks the HTTP answer with the error's status.
pub async fn answer<T>(body: impl std::future::Future<Output = Result<T, AppError>>) -> Result<T, AppError> {
    let result = body.await;
    if let Err(error) = &result {
        set_status(error);
    }
    result
}

/// Marks the HTTP answer of a failed server function with the error's status.
pub fn set_status(error: &AppError) {
    if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
        options
            .set_status(http::StatusCode::from_u16(error.status()).unwrap_or(http::StatusCode::BAD_REQUEST));
    }
}

/// Who may read which patients: the units, and whether the role sees patients at all. A signed-in
/// user's through [`Ctx::patient`]; an API client's through the FHIR interface. One rule for both.
pub struct Reader<'a> {
    pub unit_ids: &'a [i64],
    pub sees_patients: bool,
}

/// Why a patient was not given.
#[derive(Debug)]
pub enum PatientRefusal {
    RoleSeesNoPatients,
    /// The patient is in a unit the reader may not read.
    NotInUnits,
    Unknown,
    Storage(crate::storage::StorageError),
}

impl Reader<'_> {
    /// The patient, if it is in one of the reader's units; every refusal leaves its access-log
    /// row, made by `event` (the patient if it exists, and the outcome).
    pub async fn patient(
        &self,
        storage: &DynStorage,
        patient_id: i64,
        event: impl Fn(Option<&Patient>, AuditOutcome) -> AuditEvent,
    ) -> Result<Patient, PatientRefusal> {
        let patient = storage.patient(patient_id).await.map_err(PatientRefusal::Storage)?;
        let (outcome, refusal) = match &patient {
            _ if !self.sees_patients => (AuditOutcome::Denied, PatientRefusal::RoleSeesNoPatients),
            Some(p) if self.unit_ids.contains(&p.unit_id) => return patient.ok_or(PatientRefusal::Unknown),
            Some(_) => (AuditOutcome::Denied, PatientRefusal::NotInUnits),
            None => (AuditOutcome::NotFound, PatientRefusal::Unknown),
        };
        storage.append_audit(event(patient.as_ref(), outcome)).await.map_err(PatientRefusal::Storage)?;
        Err(refusal)
    }
}

impl Ctx {
    pub fn user(&self) -> &User {
        &self.session.user
    }

    /// Writes one row of the access log. If the log cannot be written, the access is refused:
    /// patient data is never shown without a trace.
    pub async fn audit(
        &self,
        action: AuditAction,
        patient: Option<&Patient>,
        unit_id: Option<i64>,
        object: String,
        outcome: AuditOutcome,
    ) -> Result<(), AppError> {
        let event = self.event(action, patient, unit_id, object, outcome);
        self.storage.append_audit(event).await.map_err(AppError::from)
    }

    /// One row per patient whose data a list shows, in one transaction, before it is shown.
    pub async fn audit_patients(&self, action: AuditAction, patients: &[&Patient]) -> Result<(), AppError> {
        let events: Vec<AuditEvent> = patients
            .iter()
            .map(|p| self.event(action, Some(p), None, format!("patient/{}", p.id), AuditOutcome::Ok))
            .collect();
        self.storage.append_audits(&events).await.map_err(AppError::from)
    }

    /// The access-log row of this call (not yet written).
    pub fn event(
        &self,
        action: AuditAction,
        patient: Option<&Patient>,
        unit_id: Option<i64>,
        object: String,
        outcome: AuditOutcome,
    ) -> AuditEvent {
        AuditEvent {
            at: Utc::now(),
            user_id: Some(self.user().id),
            username: self.user().username.clone(),
            role: self.user().role.code().to_string(),
            unit_id: patient.map(|p| p.unit_id).or(unit_id),
            patient_id: patient.map(|p| p.id),
            action,
            object,
            outcome,
            client_addr: self.client_addr.clone(),
        }
    }

    /// The patient, if the user works in the patient's unit. Unknown and refused lookups are
    /// logged too, and a refusal does not tell whether the patient exists.
    pub async fn patient(&self, action: AuditAction, patient_id: i64) -> Result<Patient, AppError> {
        let reader =
            Reader { unit_ids: &self.session.unit_ids, sees_patients: self.user().role.sees_patients() };
        let event = |patient: Option<&Patient>, outcome| {
            self.event(action, patient, None, format!("patient/{patient_id}"), outcome)
        };
        match reader.patient(&self.storage, patient_id, event).await {
            Ok(patient) => Ok(patient),
            Err(PatientRefusal::RoleSeesNoPatients) => {
                Err(AppError::Forbidden(crate::text::ui().role_sees_no_patients.into()))
            }
            Err(PatientRefusal::NotInUnits | PatientRefusal::Unknown) => {
                Err(AppError::Forbidden(crate::text::ui().no_access_patient.into()))
            }
            Err(PatientRefusal::Storage(error)) => Err(error.into()),
        }
    }

    /// The unit, if the user works in it.
    pub async fn unit(&self, action: AuditAction, unit_id: i64) -> Result<Unit, AppError> {
        let unit = self.storage.unit(unit_id).await?;
        match unit {
            Some(unit) if self.session.unit_ids.contains(&unit.id) => Ok(unit),
            _ => {
                self.audit(action, None, Some(unit_id), format!("unit/{unit_id}"), AuditOutcome::Denied)
                    .await?;
                Err(AppError::Forbidden(crate::text::ui().no_access_unit.into()))
            }
        }
    }

    /// The unit, if the user works in it and the role may see its patients (a patient list,
    /// an overview).
    pub async fn unit_with_patients(&self, action: AuditAction, unit_id: i64) -> Result<Unit, AppError> {
        if !self.user().role.sees_patients() {
            self.audit(action, None, Some(unit_id), format!("unit/{unit_id}"), AuditOutcome::Denied).await?;
            return Err(AppError::Forbidden(crate::text::ui().role_sees_no_patients.into()));
        }
        self.unit(action, unit_id).await
    }

    /// Refuses unless the user has one of the roles.
    pub fn require_role(&self, roles: &[Role], what: &str) -> Result<(), AppError> {
        if roles.contains(&self.user().role) {
            Ok(())
        } else {
            Err(AppError::Forbidden((crate::text::ui().role_refused)(what)))
        }
    }
}
