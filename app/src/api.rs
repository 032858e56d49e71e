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

/// What the form's save answers: on the server the whole stored version; the browser reads its id alone.
#[cfg(feature = "ssr")]
pub type Recorded = StoredRegistration;
#[cfg(not(feature = "ssr"))]
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Recorded {
    pub id: i64,
}

#[cfg(feature = "ssr")]
use crate::backend::{answer, ctx};

/// Sends a server function's arguments from the browser with a plain `fetch`, as the client that
/// `#[server]` generates would: a POST of their JSON to the function's path, then the answer's
/// JSON, or for an error status the [`AppError`] the server sent. The registration form saves
/// through this: its bundle then carries neither server_fn's client nor a second copy of the JSON
/// parser, 19 KB of its 180 (brotli) on a cheap tablet's first load (issue 16).
#[cfg(feature = "hydrate")]
pub async fn send<F>(args: &F) -> Result<F::Output, AppError>
where
    F: leptos::server_fn::ServerFn + Serialize,
    F::Output: serde::de::DeserializeOwned,
{
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let no_contact = || AppError::Transport(crate::text::form().no_contact.into());
    let unreadable = || AppError::Transport(crate::text::form().answer_unreadable.into());
    let body = serde_json::to_string(args).map_err(|_| unreadable())?;
    let headers = web_sys::Headers::new().map_err(|_| no_contact())?;
    for (name, value) in [("content-type", "application/json"), ("accept", "application/json")] {
        headers.append(name, value).map_err(|_| no_contact())?;
    }
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&body.into());
    let window = web_sys::window().ok_or_else(no_contact)?;
    let answer =
        JsFuture::from(window.fetch_with_str_and_init(F::PATH, &init)).await.map_err(|_| no_contact())?;
    let answer: web_sys::Response = answer.dyn_into().map_err(|_| no_contact())?;
    let text = answer.text().map_err(|_| no_contact())?;
    let text = JsFuture::from(text).await.map_err(|_| no_contact())?.as_string().unwrap_or_default();
    if (400..=599).contains(&answer.status()) {
        Err(serde_json::from_str(&text).unwrap_or_else(|_| unreadable()))
    } else {
        serde_json::from_str(&text).map_err(|_| unreadable())
    }
}

/// Who is signed in, for the header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub signed_in: Option<(String, Role)>,
    pub demo: bool,
    /// The user has set a PIN (and the session is open): the page locks after this many
    /// milliseconds without a tap.
    pub lock_after_ms: Option<i64>,
    /// The user has set a PIN (the locked page asks for it).
    pub pin_set: bool,
    /// The session is locked: the header shows no counts and keeps nothing live.
    pub locked: bool,
    /// The user's own choice of UI language (`None`: the unit's), and the unit's.
    pub language_choice: Option<lindra::Language>,
    pub unit_language: lindra::Language,
    /// How the login page offers to sign in.
    pub sign_in: SignInOptions,
    /// On the locked page: the colleagues signed in on this tablet (user id, name), each of
    /// whom opens her own session with her PIN.
    pub tablet_colleagues: Vec<(i64, String)>,
    /// The session began with a full sign-in a few minutes ago: a new PIN needs no password.
    pub recently_signed_in: bool,
}

/// The ways to sign in the login page offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInOptions {
    /// Single sign-on is configured: `Some(name)` of the provider for its button (`None` inside:
    /// the catalogue's «kommunens pålogging»).
    pub single_sign_on: Option<Option<String>>,
    /// Sign-in with username and password.
    pub password: bool,
}

impl Default for SignInOptions {
    fn default() -> SignInOptions {
        SignInOptions { single_sign_on: None, password: true }
    }
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
    /// The patient's expected symptoms in force now (the form shows them).
    pub expected: Vec<StoredExpectedSymptom>,
    /// May this user see the patient's access log.
    pub may_see_access_log: bool,
    /// The national identity number as staff see it ("170540 *****"), if the patient has one.
    pub national_id_masked: Option<String>,
    /// May this user see the whole number (each time logged).
    pub may_reveal_national_id: bool,
    pub now: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessLog {
    pub patient: Patient,
    pub events: Vec<AuditEvent>,
    /// The unit's written language: the log is part of the record, and read in it.
    pub language: lindra::Language,
}

/// Roles that may see a patient's whole national identity number (to call the GP or the
/// pharmacy about the patient); others see it masked.
pub const NATIONAL_ID_ROLES: [Role; 2] = [Role::Sykepleier, Role::Ressurssykepleier];

/// Roles that may show a patient the access log of their record.
pub const ACCESS_LOG_ROLES: [Role; 2] = [Role::Ressurssykepleier, Role::Administrator];

#[server(endpoint = "current_session", input = Json)]
pub async fn current_session() -> Result<SessionInfo, AppError> {
    let state = crate::backend::state()?;
    // A sign-in waiting for its second factor is not signed in yet.
    let session = crate::backend::session().filter(|s| s.sign_in == SignInStep::Done);
    // Not on the locked page itself: nothing there to hide.
    let lock_after_ms =
        session.as_ref().filter(|s| s.pin_set && !s.locked).map(|s| s.lock_after_seconds * 1000);
    let pin_set = session.as_ref().is_some_and(|s| s.pin_set);
    let locked = session.as_ref().is_some_and(|s| s.locked);
    let language_choice = session.as_ref().and_then(|s| s.language_choice);
    let recently_signed_in = session.as_ref().is_some_and(|s| s.recently_signed_in);
    let unit_language = session.as_ref().map_or_else(lindra::Language::default, |s| s.unit_language);
    let signed_in = session.map(|s| (s.user.display_name, s.user.role));
    Ok(SessionInfo {
        signed_in,
        demo: state.demo,
        lock_after_ms,
        pin_set,
        locked,
        language_choice,
        unit_language,
        sign_in: state.sign_in.clone(),
        tablet_colleagues: use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<crate::backend::TabletColleagues>().cloned())
            .map(|c| c.0)
            .unwrap_or_default(),
        recently_signed_in,
    })
}

/// The units a user works in, and whether the role opens their patients (else the handover
/// report and the quality view are the way in).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitList {
    pub units: Vec<Unit>,
    pub sees_patients: bool,
}

#[server(endpoint = "units", input = Json)]
pub async fn list_units() -> Result<UnitList, AppError> {
    answer(async {
        let ctx = ctx()?;
        let units = ctx.storage.units().await?;
        Ok(UnitList {
            units: units.into_iter().filter(|u| ctx.session.unit_ids.contains(&u.id)).collect(),
            sees_patients: ctx.user().role.sees_patients(),
        })
    })
    .await
}

#[server(endpoint = "unit_patients", input = Json)]
pub async fn load_unit_patients(unit_id: i64) -> Result<UnitPatients, AppError> {
    answer(async move {
        let ctx = ctx()?;
        let unit = ctx.unit_with_patients(AuditAction::PatientListRead, unit_id).await?;
        let patients = ctx.storage.patients_in_unit(unit_id).await?;
        ctx.audit(
            AuditAction::PatientListRead,
            None,
            Some(unit_id),
            format!("unit/{unit_id}"),
            AuditOutcome::Ok,
        )
        .await?;
        Ok(UnitPatients { unit, patients, now: Utc::now() })
    })
    .await
}

/// The patient's whole national identity number, for the roles that may see it; each view is
/// in the patient's access log.
#[server(endpoint = "reveal_national_id", input = Json)]
pub async fn reveal_national_id(patient_id: i64) -> Result<String, AppError> {
    answer(async move {
        const ACTION: AuditAction = AuditAction::NationalIdRead;
        let ctx = ctx()?;
        let patient = ctx.patient(ACTION, patient_id).await?;
        let object = format!("patient/{patient_id}/fodselsnummer");
        if let Err(error) = ctx.require_role(&NATIONAL_ID_ROLES, crate::text::ui().what_national_id) {
            ctx.audit(ACTION, Some(&patient), None, object, AuditOutcome::Denied).await?;
            return Err(error);
        }
        let (_, digits) = ctx
            .storage
            .national_ids(&[patient_id])
            .await?
            .pop()
            .ok_or_else(|| AppError::NotFound(crate::text::ui().no_national_id.into()))?;
        ctx.audit(ACTION, Some(&patient), None, object, AuditOutcome::Ok).await?;
        Ok(digits)
    })
    .await
}

#[server(endpoint = "patient_overview", input = Json)]
pub async fn load_patient_overview(patient_id: i64) -> Result<PatientOverview, AppError> {
    answer(async move {
        let ctx = ctx()?;
        let patient = ctx.patient(AuditAction::PatientRead, patient_id).await?;
        let unit = ctx
            .storage
            .unit(patient.unit_id)
            .await?
            .ok_or_else(|| AppError::NotFound(crate::text::ui().unit_not_found.into()))?;
        let latest = ctx.storage.latest_registration(patient_id).await?;
        let now = Utc::now();
        let expected = ctx.storage.expected_symptoms(patient_id, now).await?;
        ctx.audit(
            AuditAction::PatientRead,
            Some(&patient),
            None,
            format!("patient/{patient_id}"),
            AuditOutcome::Ok,
        )
        .await?;
        let may_see_access_log = ACCESS_LOG_ROLES.contains(&ctx.user().role);
        let national_id_masked = ctx
            .storage
            .national_ids(&[patient_id])
            .await?
            .pop()
            .and_then(|(_, digits)| lindra::national_id::NationalId::parse(&digits).ok())
            .map(|id| id.masked());
        let may_reveal_national_id =
            national_id_masked.is_some() && NATIONAL_ID_ROLES.contains(&ctx.user().role);
        Ok(PatientOverview {
            patient,
            unit,
            latest,
            expected,
            may_see_access_log,
            national_id_masked,
            may_reveal_national_id,
            now,
        })
    })
    .await
}

/// Stores a new registration. `request_id` is made once per form: sending the same form again
/// (double tap, resend after a lost answer) returns the first stored registration; the same id
/// sent by another user, for another patient or as a correction is refused (409).
#[server(endpoint = "record_registration", input = Json)]
pub async fn record_registration(
    patient_id: i64,
    request_id: String,
    draft: RegistrationDraft,
) -> Result<Recorded, AppError> {
    answer(async move {
        const ACTION: AuditAction = AuditAction::RegistrationCreate;
        let ctx = ctx()?;
        let patient = ctx.patient(ACTION, patient_id).await?;
        let object = format!("patient/{patient_id}");
        let request_id = checked_request_id(&ctx, ACTION, &patient, &object, &request_id).await?;
        let registration = match draft.validate(Utc::now(), crate::text::clinical()) {
            Ok(registration) => registration,
            Err(errors) => {
                ctx.audit(ACTION, Some(&patient), None, object, AuditOutcome::Invalid).await?;
                return Err(AppError::Invalid(errors));
            }
        };
        // The access-log row is committed with the registration (one transaction, one commit);
        // storage names the new registration in it, or writes `duplicate` for a resend.
        let audit = ctx.event(ACTION, Some(&patient), None, object.clone(), AuditOutcome::Ok);
        let new = NewRegistration { patient_id, recorded_by: ctx.user().id, request_id, registration };
        match ctx.storage.record_audited(new, audit).await {
            Ok(recorded) => Ok(recorded.registration),
            Err(error) => Err(refused(&ctx, ACTION, &patient, object, error).await),
        }
    })
    .await
}

/// A form's request id, trimmed: 1-100 characters, or a 400 that names it (logged).
#[cfg(feature = "ssr")]
pub(crate) async fn checked_request_id(
    ctx: &crate::backend::Ctx,
    action: AuditAction,
    patient: &Patient,
    object: &str,
    request_id: &str,
) -> Result<String, AppError> {
    let request_id = request_id.trim();
    if request_id.is_empty() || request_id.len() > 100 {
        ctx.audit(action, Some(patient), None, object.to_string(), AuditOutcome::Malformed).await?;
        return Err(AppError::Malformed(lindra::ValidationErrors(vec![lindra::FieldError {
            field: "request_id".into(),
            message: crate::text::ui().bad_request_id.into(),
        }])));
    }
    Ok(request_id.to_string())
}

/// A write storage refused: a conflict (a request id of another operation, a version already
/// corrected) gets its access-log row on the patient the call was for; nothing of what the other
/// operation stored is read or sent.
#[cfg(feature = "ssr")]
pub(crate) async fn refused(
    ctx: &crate::backend::Ctx,
    action: AuditAction,
    patient: &Patient,
    object: String,
    error: crate::storage::StorageError,
) -> AppError {
    if let crate::storage::StorageError::Conflict(_) = &error {
        if let Err(audit_error) = ctx.audit(action, Some(patient), None, object, AuditOutcome::Conflict).await
        {
            return audit_error;
        }
    }
    error.into()
}

/// Who has accessed the patient's record and when: the log a patient may ask to see
/// (pasientjournalloven § 22). Resource nurses and administrators of the unit only.
#[server(endpoint = "access_log", input = Json)]
pub async fn load_access_log(patient_id: i64) -> Result<AccessLog, AppError> {
    answer(async move {
        let ctx = ctx()?;
        let patient = ctx.patient(AuditAction::AccessLogRead, patient_id).await?;
        if let Err(error) = ctx.require_role(&ACCESS_LOG_ROLES, crate::text::ui().what_access_log) {
            ctx.audit(
                AuditAction::AccessLogRead,
                Some(&patient),
                None,
                format!("patient/{patient_id}"),
                AuditOutcome::Denied,
            )
            .await?;
            return Err(error);
        }
        ctx.audit(
            AuditAction::AccessLogRead,
            Some(&patient),
            None,
            format!("patient/{patient_id}"),
            AuditOutcome::Ok,
        )
        .await?;
        let events = ctx.storage.audit_for_patient(patient_id, 500).await?;
        let language = ctx.storage.unit(patient.unit_id).await?.map(|u| u.language).unwrap_or_default();
        Ok(AccessLog { patient, events, language })
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
#[server(endpoint = "registration", input = Json)]
pub async fn load_registration(registration_id: i64) -> Result<RegistrationDetail, AppError> {
    answer(async move {
        let ctx = ctx()?;
        let (patient, versions) =
            registration_of(&ctx, AuditAction::RegistrationRead, registration_id).await?;
        ctx.audit(
            AuditAction::RegistrationRead,
            Some(&patient),
            None,
            format!("registration/{registration_id}"),
            AuditOutcome::Ok,
        )
        .await?;
        Ok(RegistrationDetail { patient, versions })
    })
    .await
}

/// Every version of a registration and its patient, if the user works in the patient's unit.
/// An unknown registration is refused with the very answer of another unit's (403, the same
/// words), so ids cannot be probed; both are logged.
#[cfg(feature = "ssr")]
async fn registration_of(
    ctx: &crate::backend::Ctx,
    action: AuditAction,
    registration_id: i64,
) -> Result<(Patient, Vec<StoredRegistration>), AppError> {
    let versions = match ctx.storage.registration_versions(registration_id).await {
        Ok(versions) if !versions.is_empty() => versions,
        Ok(_) | Err(crate::storage::StorageError::NotFound(_)) => {
            let object = format!("registration/{registration_id}");
            ctx.audit(action, None, None, object, AuditOutcome::NotFound).await?;
            return Err(AppError::Forbidden(crate::text::ui().no_access_registration.into()));
        }
        Err(error) => return Err(error.into()),
    };
    match ctx.patient(action, versions[0].patient_id).await {
        Ok(patient) => Ok((patient, versions)),
        Err(AppError::Forbidden(_)) => {
            Err(AppError::Forbidden(crate::text::ui().no_access_registration.into()))
        }
        Err(error) => Err(error),
    }
}

/// Corrects a registration: stores a new version that names the one it replaces, with who,
/// when and why. The earlier version stays as it was.
#[server(endpoint = "correct_registration", input = Json)]
pub async fn correct_registration(
    registration_id: i64,
    request_id: String,
    reason: String,
    draft: RegistrationDraft,
) -> Result<Recorded, AppError> {
    answer(async move {
        const ACTION: AuditAction = AuditAction::RegistrationCorrect;
        let ctx = ctx()?;
        let (patient, versions) = registration_of(&ctx, ACTION, registration_id).await?;
        let object = format!("registration/{registration_id}");
        let request_id = checked_request_id(&ctx, ACTION, &patient, &object, &request_id).await?;
        let reason = lindra::registration::validate_correction_reason(&reason, crate::text::clinical());
        let original = versions.iter().find(|v| v.id == registration_id).map(|v| &v.registration);
        let registration =
            draft.validate(Utc::now(), crate::text::clinical()).and_then(|corrected| match original {
                Some(original) => lindra::registration::check_self_report_kept(
                    original,
                    &corrected,
                    crate::text::clinical(),
                )
                .map(|()| corrected),
                None => Ok(corrected),
            });
        let (reason, registration) = match (reason, registration) {
            (Ok(reason), Ok(registration)) => (reason, registration),
            (reason, registration) => {
                let mut errors = reason.err().map(|e| e.0).unwrap_or_default();
                errors.extend(registration.err().map(|e| e.0).unwrap_or_default());
                ctx.audit(ACTION, Some(&patient), None, object, AuditOutcome::Invalid).await?;
                return Err(AppError::Invalid(lindra::ValidationErrors(errors)));
            }
        };
        let correction = Correction {
            replaces: registration_id,
            recorded_by: ctx.user().id,
            request_id,
            reason,
            registration,
        };
        let recorded = match ctx.storage.correct(correction).await {
            Ok(recorded) => recorded,
            Err(error) => return Err(refused(&ctx, ACTION, &patient, object, error).await),
        };
        let outcome = if recorded.created { AuditOutcome::Ok } else { AuditOutcome::Duplicate };
        let object = format!("registration/{}", recorded.registration.id);
        ctx.audit(ACTION, Some(&patient), None, object, outcome).await?;
        Ok(recorded.registration)
    })
    .await
}
