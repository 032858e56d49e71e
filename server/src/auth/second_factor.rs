//! The second factor at sign-in (issue 21): after the password, a user with a TOTP factor gives
//! the code from the authenticator app, or a recovery code (`/logg-inn/kode`, posting to
//! `POST /innlogging/kode`); an administrator, or anyone who works in more than one unit, who has
//! none must set one up first (`/totp`). Until then the session reaches only those pages. Five
//! wrong codes end the session, and each wrong one counts toward the password's throttle too. A
//! right one gives a new session id. Setting up, new recovery codes and removal ask for the
//! password again (`POST /totp/ny`, `/totp/bekreft`, `/totp/nye-koder`, `/totp/av`). Every step
//! is in the access log.

use super::lock::{form, see_other};
use super::{client_addr, pin, token, unavailable_in, Auth, Reauthentication};
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderValue, Method, Request, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use chrono::Utc;
use lindra_app::backend::SessionUser;
use lindra_app::model::{second_factor_required, AuditAction, AuditOutcome, SignInStep, User};
use lindra_app::pages::second_factor::{
    CodeProblem, BEGIN_PATH, CODE_PAGE, CODE_PATH, CONFIRM_PATH, NEW_CODES_PATH, REMOVE_PATH, SETUP_PAGE,
};
use lindra_app::pages::settings::{START_PAGE, START_PATH};
use lindra_app::storage::StorageError;
use lindra_app::text::SecondFactorWords;
use lindra_app::totp;

/// Who must have a second factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Policy {
    /// The administrator and anyone who works in more than one unit (OWASP ASVS level 2 for
    /// the accounts that reach most); others may set one up.
    Required,
    /// Nobody is made to; whoever has one is asked for it. The demo's default: its users have
    /// no authenticator app.
    Optional,
}

/// Whether this user must have a second factor under `policy` (the rule is the app's,
/// `model::second_factor_required`, which the settings page shows too).
pub fn required_for(policy: Policy, user: &User, unit_ids: &[i64], a_unit_requires_it: bool) -> bool {
    second_factor_required(policy == Policy::Required, user.role, unit_ids.len(), a_unit_requires_it)
}

/// What a session between the password and the second factor (or with a start password) may
/// ask for.
pub fn allowed(step: SignInStep, path: &str) -> bool {
    let common =
        matches!(path, "/utlogging" | "/logg-inn" | "/innlogging" | "/healthz" | "/readyz" | "/favicon.svg")
            || matches!(path, super::SSO_START | super::SSO_CALLBACK)
            || path == "/api/current_session"
            || path.starts_with("/pkg/");
    common
        || match step {
            SignInStep::Done => true,
            SignInStep::Code => matches!(path, CODE_PAGE | CODE_PATH),
            SignInStep::Enrol => matches!(path, SETUP_PAGE | BEGIN_PATH | CONFIRM_PATH),
            SignInStep::NewPassword => matches!(path, START_PAGE | START_PATH),
        }
}

/// The page that finishes a sign-in at `step`.
pub fn page_of(step: SignInStep) -> &'static str {
    match step {
        SignInStep::Done => "/",
        SignInStep::Code => CODE_PAGE,
        SignInStep::Enrol => SETUP_PAGE,
        SignInStep::NewPassword => START_PAGE,
    }
}

/// Anything else before the second factor: logged; a page goes to the step's page, a call 401.
pub(super) async fn refuse(auth: &Auth, request: (&Method, &str, &str), session: &SessionUser) -> Response {
    let error =
        lindra_app::error::AppError::NotSignedIn(SecondFactorWords::of(session.language).not_yet.into());
    super::confined(auth, request, session, AuditOutcome::NotSignedIn, page_of(session.sign_in), error).await
}

/// The step a right password leads to.
pub(super) async fn step_after_password(auth: &Auth, user: &User) -> Result<SignInStep, StorageError> {
    if auth.storage.totp(user.id).await?.is_some_and(|t| t.confirmed_at.is_some()) {
        return Ok(SignInStep::Code);
    }
    let units = auth.storage.user_unit_ids(user.id).await?;
    let a_unit_requires_it =
        auth.storage.units().await?.iter().any(|u| u.second_factor_for_all && units.contains(&u.id));
    Ok(if required_for(auth.config.second_factor, user, &units, a_unit_requires_it) {
        SignInStep::Enrol
    } else {
        SignInStep::Done
    })
}

/// A new session for `session`'s user, signed in all the way, in place of `session` (a new id
/// after every step-up), with its cookie on `response`.
async fn signed_in(auth: &Auth, session: &SessionUser, mut response: Response, path: &str) -> Response {
    let Some(token) = token::new_token() else { return unavailable_in(session.language, path, None) };
    if let Err(error) =
        auth.storage.create_session(&token::token_hash(&token), session.user.id, Utc::now()).await
    {
        return unavailable_in(session.language, path, Some(&error));
    }
    if let Err(error) = auth.storage.end_session(&session.token_hash).await {
        return unavailable_in(session.language, path, Some(&error));
    }
    if let Ok(value) = HeaderValue::from_str(&auth.config.cookie(&token)) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

#[derive(serde::Deserialize, Default)]
struct Code {
    #[serde(default)]
    kode: String,
}

/// POST /innlogging/kode: the code from the app, or a recovery code, finishes the sign-in.
pub async fn code(State(auth): State<Auth>, request: Request<Body>) -> Response {
    let addr = client_addr(&request);
    let Some(session) = request.extensions().get::<SessionUser>().cloned() else {
        return see_other("/logg-inn");
    };
    if session.sign_in != SignInStep::Code {
        return see_other(page_of(session.sign_in));
    }
    let entered = form::<Code>(request).await.unwrap_or_default().kode;
    // The attempt is counted before the code is checked: codes sent at once count at once.
    let attempt = match auth.storage.reserve_pin_attempt(&session.token_hash, pin::MAX_FAILURES).await {
        Ok(attempt) => attempt,
        Err(error) => return unavailable_in(session.language, CODE_PATH, Some(&error)),
    };
    let Some(attempt) = attempt else { return too_many(&auth, &session, &addr).await };
    let now = Utc::now();
    let record = match auth.storage.totp(session.user.id).await {
        Ok(record) => record.filter(|r| r.confirmed_at.is_some()),
        Err(error) => return unavailable_in(session.language, CODE_PATH, Some(&error)),
    };
    let (right, kind) = match &record {
        None => (false, "totp"),
        Some(_) if totp::looks_like_recovery_code(&entered) => {
            let hash = totp::recovery_code_hash(&entered);
            match auth.storage.use_recovery_code(session.user.id, &hash, now).await {
                Ok(used) => (used, "recovery-code"),
                Err(error) => return unavailable_in(session.language, CODE_PATH, Some(&error)),
            }
        }
        Some(record) => {
            let secret = totp::from_base32(&record.secret).unwrap_or_default();
            match totp::verify(&secret, &entered, now.timestamp(), record.last_step) {
                // Taken in storage too: the same code sent twice at once is used once.
                Some(step) => match auth.storage.use_totp_step(session.user.id, step).await {
                    Ok(taken) => (taken, "totp"),
                    Err(error) => return unavailable_in(session.language, CODE_PATH, Some(&error)),
                },
                None => (false, "totp"),
            }
        }
    };
    let object = format!("user/{}/{kind}", session.user.username);
    if right {
        audit(&auth, &session, AuditAction::SecondFactorCheck, AuditOutcome::Ok, &object, &addr).await;
        return signed_in(&auth, &session, see_other("/"), CODE_PATH).await;
    }
    if let Err(error) = auth.storage.record_login_failure(&session.user.username, &addr, now).await {
        tracing::error!(%error, "could not record a wrong second-factor code");
    }
    if attempt < pin::MAX_FAILURES {
        audit(&auth, &session, AuditAction::SecondFactorCheck, AuditOutcome::Failed, &object, &addr).await;
        return see_other(&format!("{CODE_PAGE}?feil={}", CodeProblem::Wrong.code()));
    }
    too_many(&auth, &session, &addr).await
}

/// The fifth wrong code: the session ends; the password again.
async fn too_many(auth: &Auth, session: &SessionUser, addr: &str) -> Response {
    if let Err(error) = auth.storage.end_session(&session.token_hash).await {
        return unavailable_in(session.language, CODE_PATH, Some(&error));
    }
    let object = format!("user/{}/totp", session.user.username);
    audit(auth, session, AuditAction::SecondFactorCheck, AuditOutcome::Throttled, &object, addr).await;
    let mut response = see_other("/logg-inn?feil=kode");
    if let Ok(value) = HeaderValue::from_str(&auth.config.expired_cookie()) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

async fn audit(
    auth: &Auth,
    session: &SessionUser,
    action: AuditAction,
    outcome: AuditOutcome,
    object: &str,
    addr: &str,
) {
    let event = lindra_app::model::AuditEvent {
        at: Utc::now(),
        user_id: Some(session.user.id),
        username: session.user.username.clone(),
        role: session.user.role.code().to_string(),
        unit_id: None,
        patient_id: None,
        action,
        object: object.to_string(),
        outcome,
        client_addr: addr.to_string(),
    };
    if let Err(error) = auth.storage.append_audit(event).await {
        tracing::error!(%error, "could not write the audit row of a second-factor step");
    }
}

/// POST /totp/ny: a new secret to set up (replacing one not yet confirmed). Nothing changes for
/// the sign-in until a code from it confirms it, with the password.
pub async fn begin(State(auth): State<Auth>, request: Request<Body>) -> Response {
    let Some(session) = request.extensions().get::<SessionUser>().cloned() else {
        return see_other("/logg-inn");
    };
    let Some(secret) = totp::new_secret() else { return unavailable_in(session.language, BEGIN_PATH, None) };
    if let Err(error) = auth.storage.begin_totp(session.user.id, &totp::to_base32(&secret), Utc::now()).await
    {
        return unavailable_in(session.language, BEGIN_PATH, Some(&error));
    }
    see_other(SETUP_PAGE)
}

#[derive(serde::Deserialize, Default)]
struct WithPassword {
    #[serde(default)]
    passord: String,
    #[serde(default)]
    kode: String,
}

/// The password again (`auth::password_again`); `Err` is the answer.
async fn password_again(
    auth: &Auth,
    session: &SessionUser,
    given: String,
    addr: &str,
    path: &str,
) -> Result<(), Response> {
    super::password_again(auth, session, given, addr).await.map_err(|refusal| match refusal {
        Reauthentication::Throttled => {
            see_other(&format!("{SETUP_PAGE}?feil={}", CodeProblem::TooManyTries.code()))
        }
        Reauthentication::Wrong => {
            see_other(&format!("{SETUP_PAGE}?feil={}", CodeProblem::WrongPassword.code()))
        }
        Reauthentication::Unavailable(error) => unavailable_in(session.language, path, Some(&error)),
    })
}

/// POST /totp/bekreft: the first code from the app and the password confirm the factor; the
/// answer shows the ten recovery codes, once. The session becomes a new, fully signed-in one.
pub async fn confirm(State(auth): State<Auth>, request: Request<Body>) -> Response {
    let addr = client_addr(&request);
    let Some(session) = request.extensions().get::<SessionUser>().cloned() else {
        return see_other("/logg-inn");
    };
    let form = form::<WithPassword>(request).await.unwrap_or_default();
    let object = format!("user/{}/totp", session.user.username);
    if let Err(answer) = password_again(&auth, &session, form.passord, &addr, CONFIRM_PATH).await {
        audit(&auth, &session, AuditAction::SecondFactorChange, AuditOutcome::Failed, &object, &addr).await;
        return answer;
    }
    let record = match auth.storage.totp(session.user.id).await {
        Ok(record) => record.filter(|r| r.confirmed_at.is_none()),
        Err(error) => return unavailable_in(session.language, CONFIRM_PATH, Some(&error)),
    };
    let Some(record) = record else { return see_other(SETUP_PAGE) };
    let secret = totp::from_base32(&record.secret).unwrap_or_default();
    let Some(step) = totp::verify(&secret, &form.kode, Utc::now().timestamp(), 0) else {
        audit(&auth, &session, AuditAction::SecondFactorChange, AuditOutcome::Invalid, &object, &addr).await;
        return see_other(&format!("{SETUP_PAGE}?feil={}", CodeProblem::Wrong.code()));
    };
    let Some(codes) = totp::new_recovery_codes() else {
        return unavailable_in(session.language, CONFIRM_PATH, None);
    };
    let hashes: Vec<String> = codes.iter().map(|c| totp::recovery_code_hash(c)).collect();
    match auth.storage.confirm_totp(session.user.id, step, &hashes, Utc::now()).await {
        Ok(true) => {}
        Ok(false) => return see_other(SETUP_PAGE),
        Err(error) => return unavailable_in(session.language, CONFIRM_PATH, Some(&error)),
    }
    audit(&auth, &session, AuditAction::SecondFactorChange, AuditOutcome::Ok, &object, &addr).await;
    let page = codes_page(&auth.stylesheet, session.language, |t| t.set_up_done, &codes);
    signed_in(&auth, &session, (StatusCode::OK, Html(page)).into_response(), CONFIRM_PATH).await
}

/// POST /totp/nye-koder: ten new recovery codes, with the password; the old ones stop working.
pub async fn new_codes(State(auth): State<Auth>, request: Request<Body>) -> Response {
    let addr = client_addr(&request);
    let Some(session) = request.extensions().get::<SessionUser>().cloned() else {
        return see_other("/logg-inn");
    };
    let form = form::<WithPassword>(request).await.unwrap_or_default();
    let object = format!("user/{}/recovery-codes", session.user.username);
    if let Err(answer) = password_again(&auth, &session, form.passord, &addr, NEW_CODES_PATH).await {
        audit(&auth, &session, AuditAction::SecondFactorChange, AuditOutcome::Failed, &object, &addr).await;
        return answer;
    }
    match auth.storage.totp(session.user.id).await {
        Ok(Some(record)) if record.confirmed_at.is_some() => {}
        Ok(_) => return see_other(SETUP_PAGE),
        Err(error) => return unavailable_in(session.language, NEW_CODES_PATH, Some(&error)),
    }
    let Some(codes) = totp::new_recovery_codes() else {
        return unavailable_in(session.language, NEW_CODES_PATH, None);
    };
    let hashes: Vec<String> = codes.iter().map(|c| totp::recovery_code_hash(c)).collect();
    if let Err(error) = auth.storage.replace_recovery_codes(session.user.id, &hashes).await {
        return unavailable_in(session.language, NEW_CODES_PATH, Some(&error));
    }
    audit(&auth, &session, AuditAction::SecondFactorChange, AuditOutcome::Ok, &object, &addr).await;
    let page = codes_page(&auth.stylesheet, session.language, |t| t.new_codes_done, &codes);
    (StatusCode::OK, Html(page)).into_response()
}

/// POST /totp/av: removes the factor, with the password; not for a user who must have one.
pub async fn remove(State(auth): State<Auth>, request: Request<Body>) -> Response {
    let addr = client_addr(&request);
    let Some(session) = request.extensions().get::<SessionUser>().cloned() else {
        return see_other("/logg-inn");
    };
    let form = form::<WithPassword>(request).await.unwrap_or_default();
    let object = format!("user/{}/totp-removed", session.user.username);
    if required_for(
        auth.config.second_factor,
        &session.user,
        &session.unit_ids,
        session.unit_requires_second_factor,
    ) {
        audit(&auth, &session, AuditAction::SecondFactorChange, AuditOutcome::Denied, &object, &addr).await;
        return see_other(&format!("{SETUP_PAGE}?feil={}", CodeProblem::Required.code()));
    }
    if let Err(answer) = password_again(&auth, &session, form.passord, &addr, REMOVE_PATH).await {
        audit(&auth, &session, AuditAction::SecondFactorChange, AuditOutcome::Failed, &object, &addr).await;
        return answer;
    }
    if let Err(error) = auth.storage.remove_totp(session.user.id).await {
        return unavailable_in(session.language, REMOVE_PATH, Some(&error));
    }
    audit(&auth, &session, AuditAction::SecondFactorChange, AuditOutcome::Ok, &object, &addr).await;
    see_other(&format!("{SETUP_PAGE}?fjernet=1"))
}

/// The recovery codes, shown once: to print or write down; in `language`, under the `title` of
/// its words.
fn codes_page(
    stylesheet: &str,
    language: lindra::Language,
    title: fn(&SecondFactorWords) -> &'static str,
    codes: &[String],
) -> String {
    use crate::pages::escape;
    let t = SecondFactorWords::of(language);
    let title = title(t);
    let items: String = codes.iter().map(|c| format!("<li><code>{}</code></li>", escape(c))).collect();
    let css = if stylesheet.is_empty() {
        String::new()
    } else {
        format!("<link rel=\"stylesheet\" href=\"{}\">", escape(stylesheet))
    };
    format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">{css}<title>{title} – Lindra</title></head>\
         <body><main id=\"innhold\"><section class=\"panel login\"><h1>{title}</h1><p>{explained}</p>\
         <ol class=\"recovery-codes\">{items}</ol>\
         <p><a class=\"button primary big\" href=\"/\">{go_on}</a></p></section></main></body></html>",
        lang = language.code(),
        title = escape(title),
        explained = escape(t.codes_explained),
        go_on = escape(t.go_on),
    )
}
