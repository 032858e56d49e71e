//! Server functions of the administrator: care units, users and patients. Every call checks the
//! role and leaves an audit row; every form problem comes back with its field.

use crate::error::AppError;
use crate::model::*;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use lindra::{FieldError, ValidationErrors};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::backend::{answer, ctx, Ctx};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminData {
    pub units: Vec<Unit>,
    pub users: Vec<(User, Vec<i64>)>,
    pub patients: Vec<Patient>,
    /// The newest rows of the access log that name no patient: sign-ins, administration, and
    /// refused requests of signed-in users.
    pub events: Vec<AuditEvent>,
    /// Refused requests with no known user in the last [`SECURITY_LOG_DAYS`] days, counted.
    pub refused: Vec<SecurityEvent>,
    /// The FHIR interface's API clients, revoked and expired ones too.
    pub api_clients: Vec<ApiClient>,
    /// The users who have a second factor (the administrator can remove a lost one).
    pub second_factor_users: Vec<i64>,
    /// The server's clock when the page was read (what "expired" is measured against).
    pub now: chrono::DateTime<chrono::Utc>,
}

/// A new API client as the administrator types it (or the CLI gives it).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ApiClientForm {
    pub name: String,
    pub unit_ids: Vec<i64>,
    /// Days until the token expires, as typed.
    pub valid_days: String,
}

/// How long a token is valid unless the administrator says otherwise, and at most.
pub const API_CLIENT_DEFAULT_DAYS: i64 = 365;
pub const API_CLIENT_MAX_DAYS: i64 = 730;

/// A client just made, with its token: shown this once, never stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedApiClient {
    pub client: ApiClient,
    pub token: String,
}

/// Whether a client's token opens the interface now, in words.
pub fn api_client_state(client: &ApiClient, now: chrono::DateTime<chrono::Utc>) -> String {
    use lindra::time::format_date;
    match client.revoked_at {
        Some(at) => format!("Trukket tilbake {}", format_date(at)),
        None if client.in_force(now) => format!("Gyldig til {}", format_date(client.expires_at)),
        None => format!("Utløpt {}", format_date(client.expires_at)),
    }
}

/// Checks a new API client against the units that exist: the name (trimmed), the units and
/// the days it is valid.
pub fn validate_api_client(form: &ApiClientForm, units: &[i64]) -> Result<(String, Vec<i64>, i64), AppError> {
    let mut errors = Vec::new();
    check_name(&mut errors, "api_client.name", "Navn", &form.name, 80);
    let mut unit_ids = form.unit_ids.clone();
    unit_ids.sort_unstable();
    unit_ids.dedup();
    if unit_ids.is_empty() || unit_ids.iter().any(|u| !units.contains(u)) {
        errors.push(("api_client.units", "Enheter: velg minst én enhet klienten kan lese.".into()));
    }
    let typed = form.valid_days.trim();
    let days = if typed.is_empty() { Ok(API_CLIENT_DEFAULT_DAYS) } else { typed.parse::<i64>() };
    let days = match days {
        Ok(d) if (1..=API_CLIENT_MAX_DAYS).contains(&d) => d,
        _ => {
            errors.push((
                "api_client.valid_days",
                format!("Gyldig i dager: et helt tall fra 1 til {API_CLIENT_MAX_DAYS}."),
            ));
            0
        }
    };
    invalid(errors)?;
    Ok((form.name.trim().to_string(), unit_ids, days))
}

/// How many of the newest rows the security section shows.
pub const SECURITY_LOG_ROWS: i64 = 100;
/// How far back the counted anonymous refusals go on the administration page.
pub const SECURITY_LOG_DAYS: i64 = 7;

/// A new user as the administrator types it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct UserForm {
    pub username: String,
    pub display_name: String,
    pub role: Option<Role>,
    pub password: String,
    pub unit_ids: Vec<i64>,
}

pub const UNIT_KINDS: [(&str, &str); 4] = [
    ("sykehjem", "Sykehjem"),
    ("hjemmetjeneste", "Hjemmetjeneste"),
    ("sykehus", "Sykehus"),
    ("palliativ_enhet", "Palliativ enhet"),
];

fn invalid(errors: Vec<(&str, String)>) -> Result<(), AppError> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Invalid(ValidationErrors(
            errors.into_iter().map(|(field, message)| FieldError { field: field.into(), message }).collect(),
        )))
    }
}

fn check_name(
    errors: &mut Vec<(&'static str, String)>,
    field: &'static str,
    label: &str,
    value: &str,
    max: usize,
) {
    let chars = value.trim().chars().count();
    if chars == 0 {
        errors.push((field, format!("{label}: må fylles ut.")));
    } else if chars > max {
        errors.push((field, format!("{label}: høyst {max} tegn.")));
    }
}

/// Checks a new unit; every problem at once.
pub fn validate_unit(unit: &NewUnit) -> Result<(), AppError> {
    let mut errors = Vec::new();
    check_name(&mut errors, "unit.name", "Navn", &unit.name, 100);
    if !UNIT_KINDS.iter().any(|(code, _)| *code == unit.kind) {
        errors.push((
            "unit.kind",
            "Type: velg sykehjem, hjemmetjeneste, sykehus eller palliativ enhet.".into(),
        ));
    }
    if !(1..=720).contains(&unit.assessment_interval_hours) {
        errors.push(("unit.interval", "Intervall: et helt antall timer fra 1 til 720.".into()));
    }
    for (field, minutes) in [
        ("unit.prn_reassess_minutes", unit.prn_reassess_minutes),
        ("unit.reassess_minutes", unit.reassess_minutes),
    ] {
        if !(5..=1440).contains(&minutes) {
            errors.push((
                field,
                (crate::text::ui().reassess_minutes_invalid)(field == "unit.prn_reassess_minutes"),
            ));
        }
    }
    if let Err(problems) = lindra::shift::Shifts::parse(&unit.shifts, crate::text::clinical()) {
        errors.extend(problems.0.into_iter().map(|e| ("unit.shifts", e.message)));
    }
    if unit.language == lindra::Language::En {
        errors.push(("unit.language", crate::text::settings().unit_language_invalid.into()));
    }
    if unit.contact_phone.chars().count() > 200 {
        errors.push(("unit.contact_phone", "Kontakt på dagtid: høyst 200 tegn.".into()));
    }
    if unit.contact_after_hours.chars().count() > 200 {
        errors.push(("unit.contact_after_hours", "Kontakt kveld og helg: høyst 200 tegn.".into()));
    }
    invalid(errors)
}

/// Shifts as stored: in start order, one way of writing them (the text was checked already).
#[cfg(feature = "ssr")]
fn canonical_shifts(text: &str) -> String {
    lindra::shift::Shifts::parse(text, crate::text::clinical())
        .map(|s| s.text())
        .unwrap_or_else(|_| text.trim().to_string())
}

/// Checks a new patient; every problem at once.
pub fn validate_patient(patient: &NewPatient, today: chrono::NaiveDate) -> Result<(), AppError> {
    let mut errors = Vec::new();
    check_name(&mut errors, "patient.name", "Navn", &patient.name, 100);
    if patient.birth_date > today
        || patient.birth_date < chrono::NaiveDate::from_ymd_opt(1890, 1, 1).unwrap_or(today)
    {
        errors.push(("patient.birth_date", "Fødselsdato: må være en dato mellom 1890 og i dag.".into()));
    }
    if patient.room.chars().count() > 20 {
        errors.push(("patient.room", "Rom: høyst 20 tegn.".into()));
    }
    invalid(errors)
}

/// Checks a new user (not the password's strength, which the server checks when hashing).
pub fn validate_user(user: &UserForm) -> Result<(), AppError> {
    let mut errors = Vec::new();
    let username = user.username.trim();
    if username.len() < 2
        || username.len() > 64
        || !username.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || ".-_".contains(c))
    {
        errors.push(("user.username", "Brukernavn: 2-64 tegn, bare små bokstaver a-z, tall og . - _".into()));
    }
    check_name(&mut errors, "user.display_name", "Fullt navn", &user.display_name, 100);
    if user.role.is_none() {
        errors.push(("user.role", "Rolle: velg en rolle.".into()));
    }
    let chars = user.password.chars().count();
    if !(12..=256).contains(&chars) {
        errors.push(("user.password", "Passord: minst 12 tegn.".into()));
    }
    invalid(errors)
}

#[cfg(feature = "ssr")]
async fn admin(action: AuditAction) -> Result<Ctx, AppError> {
    let ctx = ctx()?;
    if let Err(error) = ctx.require_role(&[Role::Administrator], "administrasjon") {
        ctx.audit(action, None, None, "admin".into(), AuditOutcome::Denied).await?;
        return Err(error);
    }
    Ok(ctx)
}

#[server(endpoint = "admin", input = Json)]
pub async fn load_admin() -> Result<AdminData, AppError> {
    answer(async {
        let ctx = admin(AuditAction::AdminRead).await?;
        let since = chrono::Utc::now() - chrono::Duration::days(SECURITY_LOG_DAYS);
        let data = AdminData {
            units: ctx.storage.units().await?,
            users: ctx.storage.users().await?,
            patients: ctx.storage.all_patients().await?,
            events: ctx.storage.audit_without_patient(SECURITY_LOG_ROWS).await?,
            refused: ctx.storage.security_events(since, SECURITY_LOG_ROWS).await?,
            api_clients: ctx.storage.api_clients().await?,
            second_factor_users: ctx.storage.users_with_second_factor().await?,
            now: chrono::Utc::now(),
        };
        ctx.audit(AuditAction::AdminRead, None, None, "admin".into(), AuditOutcome::Ok).await?;
        Ok(data)
    })
    .await
}

/// The unit, once its access-log row is written.
#[cfg(feature = "ssr")]
async fn audited_unit(ctx: &Ctx, action: AuditAction, unit: Unit) -> Result<Unit, AppError> {
    ctx.audit(action, None, Some(unit.id), format!("unit/{}", unit.id), AuditOutcome::Ok).await?;
    Ok(unit)
}

#[server(endpoint = "admin_create_unit", input = Json)]
pub async fn admin_create_unit(unit: NewUnit) -> Result<Unit, AppError> {
    answer(async move {
        let ctx = admin(AuditAction::AdminUnitCreate).await?;
        validate_unit(&unit)?;
        let unit = ctx
            .storage
            .create_unit(NewUnit {
                name: unit.name.trim().to_string(),
                shifts: canonical_shifts(&unit.shifts),
                ..unit
            })
            .await?;
        audited_unit(&ctx, AuditAction::AdminUnitCreate, unit).await
    })
    .await
}

/// Changes a unit's name, kind, assessment interval (what the overview calls overdue) and the
/// contacts the PDF summary gives the GP.
#[server(endpoint = "admin_update_unit", input = Json)]
pub async fn admin_update_unit(unit_id: i64, unit: NewUnit) -> Result<Unit, AppError> {
    answer(async move {
        let ctx = admin(AuditAction::AdminUnitUpdate).await?;
        validate_unit(&unit)?;
        let trimmed = NewUnit {
            name: unit.name.trim().to_string(),
            contact_phone: unit.contact_phone.trim().to_string(),
            contact_after_hours: unit.contact_after_hours.trim().to_string(),
            shifts: canonical_shifts(&unit.shifts),
            ..unit
        };
        let unit = ctx.storage.update_unit(unit_id, trimmed).await?;
        audited_unit(&ctx, AuditAction::AdminUnitUpdate, unit).await
    })
    .await
}

#[server(endpoint = "admin_create_user", input = Json)]
pub async fn admin_create_user(user: UserForm) -> Result<User, AppError> {
    answer(async move {
        let ctx = admin(AuditAction::AdminUserCreate).await?;
        validate_user(&user)?;
        let state = crate::backend::state()?;
        let context = [user.username.trim(), user.display_name.trim()];
        let hash = (state.hash_password)(&user.password, &context).map_err(|message| {
            AppError::Invalid(ValidationErrors(vec![FieldError { field: "user.password".into(), message }]))
        })?;
        let created = ctx
            .storage
            .create_user(NewUser {
                username: user.username.trim().to_string(),
                display_name: user.display_name.trim().to_string(),
                role: user.role.unwrap_or(Role::Helsefagarbeider),
                password_hash: Some(hash),
                unit_ids: user.unit_ids,
            })
            .await?;
        ctx.audit(
            AuditAction::AdminUserCreate,
            None,
            None,
            format!("user/{}", created.username),
            AuditOutcome::Ok,
        )
        .await?;
        Ok(created)
    })
    .await
}

#[server(endpoint = "admin_set_user_active", input = Json)]
pub async fn admin_set_user_active(user_id: i64, active: bool) -> Result<(), AppError> {
    answer(async move {
        let ctx = admin(AuditAction::AdminUserActive).await?;
        if user_id == ctx.user().id && !active {
            return Err(AppError::Conflict("Du kan ikke deaktivere deg selv.".into()));
        }
        ctx.storage.user(user_id).await?.ok_or_else(|| AppError::NotFound("Brukeren finnes ikke.".into()))?;
        ctx.storage.set_user_active(user_id, active).await?;
        let outcome = if active { AuditOutcome::Enabled } else { AuditOutcome::Disabled };
        ctx.audit(AuditAction::AdminUserActive, None, None, format!("user/{user_id}"), outcome).await?;
        Ok(())
    })
    .await
}

/// Removes a user's second factor (a lost phone and lost recovery codes) and ends every session
/// of the user: at the next sign-in the user sets one up again if the role requires it. Only the
/// administrator; logged as `second_factor.change`.
#[server(endpoint = "admin_reset_second_factor", input = Json)]
pub async fn admin_reset_second_factor(user_id: i64) -> Result<(), AppError> {
    answer(async move {
        const ACTION: AuditAction = AuditAction::SecondFactorChange;
        let ctx = admin(ACTION).await?;
        let user = ctx
            .storage
            .user(user_id)
            .await?
            .ok_or_else(|| AppError::NotFound("Brukeren finnes ikke.".into()))?;
        ctx.storage.remove_totp(user_id).await?;
        ctx.storage.end_user_sessions(user_id).await?;
        ctx.audit(ACTION, None, None, format!("user/{}/totp-reset", user.username), AuditOutcome::Ok).await?;
        Ok(())
    })
    .await
}

/// Ends every session of a user at once (a lost tablet, a shared password), without disabling
/// the user: the next request on any of them goes to the login page. Answers how many ended.
#[server(endpoint = "admin_end_sessions", input = Json)]
pub async fn admin_end_sessions(user_id: i64) -> Result<u64, AppError> {
    answer(async move {
        const ACTION: AuditAction = AuditAction::AdminUserSessionsEnd;
        let ctx = admin(ACTION).await?;
        ctx.storage.user(user_id).await?.ok_or_else(|| AppError::NotFound("Brukeren finnes ikke.".into()))?;
        let ended = ctx.storage.end_user_sessions(user_id).await?;
        ctx.audit(ACTION, None, None, format!("user/{user_id}"), AuditOutcome::Ok).await?;
        Ok(ended)
    })
    .await
}

#[server(endpoint = "admin_create_patient", input = Json)]
pub async fn admin_create_patient(patient: NewPatient) -> Result<Patient, AppError> {
    answer(async move {
        let ctx = admin(AuditAction::AdminPatientCreate).await?;
        validate_patient(&patient, chrono::Utc::now().date_naive())?;
        ctx.storage
            .unit(patient.unit_id)
            .await?
            .ok_or_else(|| AppError::NotFound("Enheten finnes ikke.".into()))?;
        let created = ctx
            .storage
            .create_patient(NewPatient { name: patient.name.trim().to_string(), ..patient })
            .await?;
        ctx.audit(
            AuditAction::AdminPatientCreate,
            Some(&created),
            None,
            format!("patient/{}", created.id),
            AuditOutcome::Ok,
        )
        .await?;
        Ok(created)
    })
    .await
}

#[server(endpoint = "admin_move_patient", input = Json)]
pub async fn admin_move_patient(patient_id: i64, unit_id: i64) -> Result<Patient, AppError> {
    answer(async move {
        let ctx = admin(AuditAction::PatientMove).await?;
        let moved = ctx.storage.move_patient(patient_id, unit_id, ctx.user().id).await?;
        ctx.audit(
            AuditAction::PatientMove,
            Some(&moved),
            None,
            format!("patient/{patient_id}"),
            AuditOutcome::Ok,
        )
        .await?;
        Ok(moved)
    })
    .await
}

/// Sets the patient's national identity number (fødselsnummer or D-nummer), checked against
/// both check digits and the patient's birth date; an empty field removes it.
#[server(endpoint = "admin_set_national_id", input = Json)]
pub async fn admin_set_national_id(patient_id: i64, national_id: String) -> Result<(), AppError> {
    answer(async move {
        const ACTION: AuditAction = AuditAction::NationalIdSet;
        let ctx = admin(ACTION).await?;
        let patient = ctx
            .storage
            .patient(patient_id)
            .await?
            .ok_or_else(|| AppError::NotFound("Pasienten finnes ikke.".into()))?;
        let object = format!("patient/{patient_id}/fodselsnummer");
        let digits = if national_id.trim().is_empty() {
            None
        } else {
            match lindra::national_id::NationalId::parse_for(&national_id, patient.birth_date) {
                Ok(id) => Some(id.digits().to_string()),
                Err(error) => {
                    ctx.audit(ACTION, Some(&patient), None, object, AuditOutcome::Invalid).await?;
                    return Err(AppError::Invalid(ValidationErrors(vec![FieldError {
                        field: "patient.national_id".into(),
                        message: (crate::text::clinical().national_id_error)(error).into(),
                    }])));
                }
            }
        };
        ctx.storage.set_national_id(patient_id, digits.as_deref()).await?;
        ctx.audit(ACTION, Some(&patient), None, object, AuditOutcome::Ok).await?;
        Ok(())
    })
    .await
}

/// Makes an API client of the FHIR interface: the token is answered this once and stored only
/// as its hash.
#[server(endpoint = "admin_create_api_client", input = Json)]
pub async fn admin_create_api_client(client: ApiClientForm) -> Result<CreatedApiClient, AppError> {
    answer(async move {
        let ctx = admin(AuditAction::AdminApiClientCreate).await?;
        let units: Vec<i64> = ctx.storage.units().await?.iter().map(|u| u.id).collect();
        let (name, unit_ids, days) = validate_api_client(&client, &units)?;
        let state = crate::backend::state()?;
        let (token, token_hash) = (state.new_api_token)()
            .ok_or_else(|| AppError::Unavailable("Serveren kunne ikke lage et token. Prøv igjen.".into()))?;
        let now = chrono::Utc::now();
        let created = ctx
            .storage
            .create_api_client(NewApiClient {
                name,
                token_hash,
                unit_ids,
                created_by: Some(ctx.user().id),
                created_at: now,
                expires_at: now + chrono::Duration::days(days),
            })
            .await?;
        let object = format!("api_client/{}", created.id);
        ctx.audit(AuditAction::AdminApiClientCreate, None, None, object, AuditOutcome::Ok).await?;
        Ok(CreatedApiClient { client: created, token })
    })
    .await
}

/// Revokes an API client at once: its token opens nothing from the next request on.
#[server(endpoint = "admin_revoke_api_client", input = Json)]
pub async fn admin_revoke_api_client(client_id: i64) -> Result<ApiClient, AppError> {
    answer(async move {
        let ctx = admin(AuditAction::AdminApiClientRevoke).await?;
        let revoked =
            ctx.storage.revoke_api_client(client_id, Some(ctx.user().id), chrono::Utc::now()).await?;
        let object = format!("api_client/{client_id}");
        ctx.audit(AuditAction::AdminApiClientRevoke, None, None, object, AuditOutcome::Ok).await?;
        Ok(revoked)
    })
    .await
}
