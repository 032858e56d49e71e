//! Server functions of the administrator: care units, users and patients. Every call checks the
//! role and leaves an audit row; every form problem comes back with its field.

use crate::error::AppError;
use crate::model::*;
use crate::text;
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
    /// The server's lock time in whole minutes, what a unit without its own gets.
    pub lock_after_minutes_default: i64,
    /// Whether users may sign in with a password (else start passwords have no use).
    pub password_sign_in: bool,
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
    let words = text::admin();
    match client.revoked_at {
        Some(at) => (words.revoked_on)(&format_date(at)),
        None if client.in_force(now) => (words.valid_until)(&format_date(client.expires_at)),
        None => (words.expired_on)(&format_date(client.expires_at)),
    }
}

/// Checks a new API client against the units that exist: the name (trimmed), the units and
/// the days it is valid.
pub fn validate_api_client(form: &ApiClientForm, units: &[i64]) -> Result<(String, Vec<i64>, i64), AppError> {
    let mut errors = Vec::new();
    check_name(&mut errors, "api_client.name", text::ui().field_name, &form.name, 80);
    let mut unit_ids = form.unit_ids.clone();
    unit_ids.sort_unstable();
    unit_ids.dedup();
    if unit_ids.is_empty() || unit_ids.iter().any(|u| !units.contains(u)) {
        errors.push(("api_client.units", text::admin().client_units_invalid.into()));
    }
    let typed = form.valid_days.trim();
    let days = if typed.is_empty() { Ok(API_CLIENT_DEFAULT_DAYS) } else { typed.parse::<i64>() };
    let days = match days {
        Ok(d) if (1..=API_CLIENT_MAX_DAYS).contains(&d) => d,
        _ => {
            errors.push(("api_client.valid_days", (text::admin().valid_days_invalid)(API_CLIENT_MAX_DAYS)));
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

/// A new user as the administrator types it. No password: Lindra makes a start password.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct UserForm {
    pub username: String,
    pub display_name: String,
    pub role: Option<Role>,
    pub unit_ids: Vec<i64>,
}

/// A start password (ASVS 5.0 6.4.1): random, shown once to the administrator to hand to the
/// user, working until `valid_until`, and replaced by the user's own at her first sign-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartPassword {
    pub username: String,
    pub display_name: String,
    pub password: String,
    pub valid_until: chrono::DateTime<chrono::Utc>,
}

/// A user just made, with her start password (none when password sign-in is off).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedUser {
    pub user: User,
    pub start_password: Option<StartPassword>,
}

/// A care unit's kind. Stored as its code ([`UNIT_KINDS`]); its name is the catalogue's
/// (`text::admin().unit_kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    NursingHome,
    HomeCare,
    Hospital,
    PalliativeUnit,
}

impl UnitKind {
    pub const ALL: [UnitKind; 4] =
        [UnitKind::NursingHome, UnitKind::HomeCare, UnitKind::Hospital, UnitKind::PalliativeUnit];

    /// The code a unit stores.
    pub const fn code(self) -> &'static str {
        match self {
            UnitKind::NursingHome => "sykehjem",
            UnitKind::HomeCare => "hjemmetjeneste",
            UnitKind::Hospital => "sykehus",
            UnitKind::PalliativeUnit => "palliativ_enhet",
        }
    }

    pub fn from_code(code: &str) -> Option<UnitKind> {
        UnitKind::ALL.into_iter().find(|kind| kind.code() == code)
    }

    /// The kind's name in `language` (a unit's written language, for what is written for it).
    pub fn name_in(self, language: lindra::Language) -> &'static str {
        (text::AdminWords::of(language).unit_kind)(self)
    }
}

/// The kind's name in the page's language.
impl std::fmt::Display for UnitKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str((text::admin().unit_kind)(*self))
    }
}

/// The stored codes of the unit kinds, each with its kind: `{kind}` (Display) is the kind's name
/// in the page's language, [`UnitKind::name_in`] in a given one.
pub const UNIT_KINDS: [(&str, UnitKind); 4] = [
    (UnitKind::NursingHome.code(), UnitKind::NursingHome),
    (UnitKind::HomeCare.code(), UnitKind::HomeCare),
    (UnitKind::Hospital.code(), UnitKind::Hospital),
    (UnitKind::PalliativeUnit.code(), UnitKind::PalliativeUnit),
];

/// A unit's kind by its name in the page's language, or the stored code when it is none of
/// the known ones.
pub fn unit_kind_name(code: &str) -> String {
    UnitKind::from_code(code).map_or_else(|| code.to_string(), |kind| kind.to_string())
}

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
        errors.push((field, (text::admin().required)(label)));
    } else if chars > max {
        errors.push((field, (text::admin().too_long)(label, max)));
    }
}

/// Checks a new unit; every problem at once.
pub fn validate_unit(unit: &NewUnit) -> Result<(), AppError> {
    let mut errors = Vec::new();
    let words = text::admin();
    check_name(&mut errors, "unit.name", text::ui().field_name, &unit.name, 100);
    if UnitKind::from_code(&unit.kind).is_none() {
        errors.push(("unit.kind", words.unit_kind_invalid.into()));
    }
    if !(1..=720).contains(&unit.assessment_interval_hours) {
        errors.push(("unit.interval", words.interval_invalid.into()));
    }
    for (field, minutes) in [
        ("unit.prn_reassess_minutes", unit.prn_reassess_minutes),
        ("unit.reassess_minutes", unit.reassess_minutes),
    ] {
        if !(5..=1440).contains(&minutes) {
            errors.push((field, (text::ui().reassess_minutes_invalid)(field == "unit.prn_reassess_minutes")));
        }
    }
    if let Err(problems) = lindra::shift::Shifts::parse(&unit.shifts, text::clinical()) {
        errors.extend(problems.0.into_iter().map(|e| ("unit.shifts", e.message)));
    }
    if unit.lock_after_minutes.is_some_and(|m| !(1..=60).contains(&m)) {
        errors.push(("unit.lock_after_minutes", crate::text::admin().lock_after_invalid.into()));
    }
    if unit.language == lindra::Language::En {
        errors.push(("unit.language", text::settings().unit_language_invalid.into()));
    }
    if unit.contact_phone.chars().count() > 200 {
        errors.push(("unit.contact_phone", (words.too_long)(words.contact_day, 200)));
    }
    if unit.contact_after_hours.chars().count() > 200 {
        errors.push(("unit.contact_after_hours", (words.too_long)(words.contact_after_hours, 200)));
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
    check_name(&mut errors, "patient.name", text::ui().field_name, &patient.name, 100);
    if patient.birth_date > today
        || patient.birth_date < chrono::NaiveDate::from_ymd_opt(1890, 1, 1).unwrap_or(today)
    {
        errors.push(("patient.birth_date", text::admin().birth_date_invalid.into()));
    }
    if patient.room.chars().count() > 20 {
        errors.push(("patient.room", (text::admin().too_long)(text::ui().room, 20)));
    }
    invalid(errors)
}

/// Checks a new user.
pub fn validate_user(user: &UserForm) -> Result<(), AppError> {
    let words = text::admin();
    let mut errors = Vec::new();
    let username = user.username.trim();
    if username.len() < 2
        || username.len() > 64
        || !username.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || ".-_".contains(c))
    {
        errors.push(("user.username", words.username_invalid.into()));
    }
    check_name(&mut errors, "user.display_name", words.full_name, &user.display_name, 100);
    if user.role.is_none() {
        errors.push(("user.role", words.role_missing.into()));
    }
    invalid(errors)
}

#[cfg(feature = "ssr")]
async fn admin(action: AuditAction) -> Result<Ctx, AppError> {
    let ctx = ctx()?;
    if let Err(error) = ctx.require_role(&[Role::Administrator], text::admin().what_admin) {
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
        let state = crate::backend::state()?;
        let data = AdminData {
            units: ctx.storage.units().await?,
            users: ctx.storage.users().await?,
            patients: ctx.storage.all_patients().await?,
            events: ctx.storage.audit_without_patient(SECURITY_LOG_ROWS).await?,
            refused: ctx.storage.security_events(since, SECURITY_LOG_ROWS).await?,
            api_clients: ctx.storage.api_clients().await?,
            second_factor_users: ctx.storage.users_with_second_factor().await?,
            now: chrono::Utc::now(),
            lock_after_minutes_default: (state.lock_after_seconds + 59) / 60,
            password_sign_in: state.sign_in.password,
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

/// The user of `user_id`, or the administrator is told there is none.
#[cfg(feature = "ssr")]
async fn known_user(ctx: &Ctx, user_id: i64) -> Result<User, AppError> {
    ctx.storage.user(user_id).await?.ok_or_else(|| AppError::NotFound(text::admin().user_not_found.into()))
}

/// A start password for `user` and its hash, working for [`START_PASSWORD_HOURS`]; `None` when
/// password sign-in is off.
#[cfg(feature = "ssr")]
fn start_password_for(
    username: &str,
    display_name: &str,
) -> Result<Option<(StartPassword, String)>, AppError> {
    let state = crate::backend::state()?;
    if !state.sign_in.password {
        return Ok(None);
    }
    let (password, hash) =
        (state.new_start_password)(&[username, display_name]).map_err(AppError::Unavailable)?;
    let valid_until = chrono::Utc::now() + chrono::Duration::hours(START_PASSWORD_HOURS);
    let start = StartPassword {
        username: username.to_string(),
        display_name: display_name.to_string(),
        password,
        valid_until,
    };
    Ok(Some((start, hash)))
}

/// Adds a user with a start password, shown once in the answer.
#[server(endpoint = "admin_create_user", input = Json)]
pub async fn admin_create_user(user: UserForm) -> Result<CreatedUser, AppError> {
    answer(async move {
        let ctx = admin(AuditAction::AdminUserCreate).await?;
        validate_user(&user)?;
        let (username, display_name) = (user.username.trim(), user.display_name.trim());
        let start = start_password_for(username, display_name)?;
        let created = ctx
            .storage
            .create_user(NewUser {
                username: username.to_string(),
                display_name: display_name.to_string(),
                role: user.role.unwrap_or(Role::Helsefagarbeider),
                password_hash: start.as_ref().map(|(_, hash)| hash.clone()),
                start_password_until: start.as_ref().map(|(s, _)| s.valid_until),
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
        Ok(CreatedUser { user: created, start_password: start.map(|(s, _)| s) })
    })
    .await
}

/// A new start password for a user who has forgotten hers (or never got the first): it ends
/// every session of the user, keeps her second factor (ASVS 5.0 6.4.3), works for
/// [`START_PASSWORD_HOURS`], and must be replaced at her next sign-in.
#[server(endpoint = "admin_new_start_password", input = Json)]
pub async fn admin_new_start_password(user_id: i64) -> Result<StartPassword, AppError> {
    answer(async move {
        const ACTION: AuditAction = AuditAction::AdminUserStartPassword;
        let ctx = admin(ACTION).await?;
        let user = known_user(&ctx, user_id).await?;
        let Some((start, hash)) = start_password_for(&user.username, &user.display_name)? else {
            return Err(AppError::Conflict(text::admin().password_sign_in_off.into()));
        };
        ctx.storage.set_password(user.id, &hash, Some(start.valid_until)).await?;
        ctx.audit(ACTION, None, None, format!("user/{}", user.username), AuditOutcome::Ok).await?;
        Ok(start)
    })
    .await
}

#[server(endpoint = "admin_set_user_active", input = Json)]
pub async fn admin_set_user_active(user_id: i64, active: bool) -> Result<(), AppError> {
    answer(async move {
        let ctx = admin(AuditAction::AdminUserActive).await?;
        if user_id == ctx.user().id && !active {
            return Err(AppError::Conflict(text::admin().cannot_disable_self.into()));
        }
        known_user(&ctx, user_id).await?;
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
        let user = known_user(&ctx, user_id).await?;
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
        known_user(&ctx, user_id).await?;
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
            .ok_or_else(|| AppError::NotFound((text::ui().missing)(crate::storage::Missing::Unit).into()))?;
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
        let patient = ctx.storage.patient(patient_id).await?.ok_or_else(|| {
            AppError::NotFound((text::ui().missing)(crate::storage::Missing::Patient).into())
        })?;
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
                        message: (text::clinical().national_id_error)(error).into(),
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
            .ok_or_else(|| AppError::Unavailable(text::admin().token_failed.into()))?;
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
