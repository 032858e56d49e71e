//! POST /innstillinger: the user's own UI language (issue 17); POST /innstillinger/okter: her
//! other sessions ended; POST /innstillinger/passord: her own new password, and POST
//! /innlogging/nytt-passord: her own in place of a start password (issue 21). The pages are
//! `lindra_app::pages::settings`; the session carries the language from the next request on.

use super::lock::{form, see_other};
use super::{client_addr, password_again_or, unavailable_in, Auth};
use axum::body::Body;
use axum::extract::State;
use axum::http::Request;
use axum::response::Response;
use lindra::Language;
use lindra_app::backend::SessionUser;
use lindra_app::model::SignInStep;
use lindra_app::model::{AuditAction, AuditOutcome};
use lindra_app::pages::settings::{
    ALL_SESSIONS, FOLLOW_UNIT, HANDLE_CHARS, PASSWORDS_DIFFER, PASSWORD_CHANGED, PASSWORD_PATH,
    PASSWORD_THROTTLED, PASSWORD_WRONG, PATH, SESSIONS_THROTTLED, SESSIONS_WRONG_PASSWORD, START_PAGE,
    START_PATH,
};

#[derive(serde::Deserialize, Default)]
struct Choice {
    #[serde(default)]
    sprak: String,
}

/// Stores the choice: a language, or «som enheten» (none of one's own).
pub async fn set_language(State(auth): State<Auth>, request: Request<Body>) -> Response {
    let Some(session) = request.extensions().get::<SessionUser>().cloned() else {
        return see_other("/logg-inn");
    };
    let choice = form::<Choice>(request).await.unwrap_or_default();
    let language = match choice.sprak.as_str() {
        FOLLOW_UNIT => None,
        code => match Language::from_code(code) {
            Some(language) => Some(language),
            None => return see_other(&format!("{PATH}?feil=1")),
        },
    };
    if let Err(error) = auth.storage.set_user_language(session.user.id, language).await {
        return unavailable_in(session.language, PATH, Some(&error));
    }
    see_other(&format!("{PATH}?lagret=1"))
}

#[derive(serde::Deserialize, Default)]
struct EndSessions {
    #[serde(default)]
    passord: String,
    /// One session's handle (the first characters of its token's hash), or «alle».
    #[serde(default)]
    okt: String,
}

/// POST /innstillinger/okter: ends one of the user's other sessions, or all of them, with her
/// password (ASVS 7.5.2). This session stays; each ended one is gone at its next request.
pub async fn end_sessions(State(auth): State<Auth>, request: Request<Body>) -> Response {
    let addr = client_addr(&request);
    let Some(session) = request.extensions().get::<SessionUser>().cloned() else {
        return see_other("/logg-inn");
    };
    let form = form::<EndSessions>(request).await.unwrap_or_default();
    let refused = |problem: &str| see_other(&format!("{PATH}?okter={problem}#okter"));
    let refusals = (refused(SESSIONS_THROTTLED), refused(SESSIONS_WRONG_PASSWORD));
    let given = (form.passord, addr.as_str());
    if let Err(answer) =
        password_again_or(&auth, &session, given, (AuditAction::SessionsEnd, PATH), refusals).await
    {
        return answer;
    }
    let sessions = match auth.storage.user_sessions(session.user.id).await {
        Ok(sessions) => sessions,
        Err(error) => return unavailable_in(session.language, PATH, Some(&error)),
    };
    let chosen = form.okt.trim();
    let mut ended = 0;
    for other in sessions.iter().filter(|s| s.token_hash != session.token_hash) {
        if chosen == ALL_SESSIONS || (chosen.len() == HANDLE_CHARS && other.token_hash.starts_with(chosen)) {
            if let Err(error) = auth.storage.end_session(&other.token_hash).await {
                return unavailable_in(session.language, PATH, Some(&error));
            }
            ended += 1;
        }
    }
    auth.audit_session(&session, AuditAction::SessionsEnd, AuditOutcome::Ok, &addr).await;
    see_other(&format!("{PATH}?avsluttet={ended}#okter"))
}

#[derive(serde::Deserialize, Default)]
struct NewPassword {
    #[serde(default)]
    passord: String,
    #[serde(default)]
    nytt: String,
    #[serde(default)]
    nytt2: String,
}

/// POST /innstillinger/passord: a new password of her own (ASVS 6.2.2, 6.2.3). The current one
/// first, under the sign-in's throttle; then the new one twice, by the password policy. Every
/// session of hers ends (7.4.3) and this browser gets a new one.
pub async fn change_password(State(auth): State<Auth>, request: Request<Body>) -> Response {
    let addr = client_addr(&request);
    let Some(session) = request.extensions().get::<SessionUser>().cloned() else {
        return see_other("/logg-inn");
    };
    let headers = request.headers().clone();
    let form = form::<NewPassword>(request).await.unwrap_or_default();
    let refused = |code: &str| see_other(&format!("{PATH}?passord={code}#passord"));
    let refusals = (refused(PASSWORD_THROTTLED), refused(PASSWORD_WRONG));
    let given = (form.passord, addr.as_str());
    if let Err(answer) =
        password_again_or(&auth, &session, given, (AuditAction::PasswordChange, PASSWORD_PATH), refusals)
            .await
    {
        return answer;
    }
    let changed = see_other(&format!("{PATH}?passord={PASSWORD_CHANGED}#passord"));
    let start = Replacement { path: PASSWORD_PATH, refused: &refused, changed, next: SignInStep::Done };
    replace_password(&auth, &session, (&headers, &addr), (form.nytt, form.nytt2), start).await
}

/// POST /innlogging/nytt-passord: her own password in place of the start password she has just
/// signed in with (ASVS 5.0 6.4.1); the current one is not asked again. Then the sign-in goes on
/// as after her own password: to the second factor, or in.
pub async fn replace_start_password(State(auth): State<Auth>, request: Request<Body>) -> Response {
    let addr = client_addr(&request);
    let Some(session) = request.extensions().get::<SessionUser>().cloned() else {
        return see_other("/logg-inn");
    };
    if session.sign_in != SignInStep::NewPassword {
        return see_other(PATH);
    }
    let headers = request.headers().clone();
    let form = form::<NewPassword>(request).await.unwrap_or_default();
    let refused = |code: &str| see_other(&format!("{START_PAGE}?passord={code}"));
    let next = match super::second_factor::step_after_password(&auth, &session.user).await {
        Ok(step) => step,
        Err(error) => return unavailable_in(session.language, START_PATH, Some(&error)),
    };
    let changed = see_other(super::second_factor::page_of(next));
    let start = Replacement { path: START_PATH, refused: &refused, changed, next };
    replace_password(&auth, &session, (&headers, &addr), (form.nytt, form.nytt2), start).await
}

/// Where a new password's form came from and goes on to.
struct Replacement<'a> {
    /// The form's own path (for the page a database that cannot answer gives).
    path: &'static str,
    /// The answer to a refusal, by its code.
    refused: &'a (dyn Fn(&str) -> Response + Sync),
    /// The answer when it is stored (its new session's cookie is set on it).
    changed: Response,
    /// The new session's step of the sign-in.
    next: SignInStep,
}

/// Checks the new password (the policy, typed twice alike), stores it as her own (every session
/// of hers ends in the same transaction, ASVS 7.4.3), and gives this browser a new session. Each
/// attempt is a `password.change` row.
async fn replace_password(
    auth: &Auth,
    session: &SessionUser,
    (headers, addr): (&axum::http::HeaderMap, &str),
    (new, again): (String, String),
    replacement: Replacement<'_>,
) -> Response {
    let Replacement { path, refused, changed, next } = replacement;
    let audit = |outcome| auth.audit_session(session, AuditAction::PasswordChange, outcome, addr);
    let user = session.user.clone();
    if let Err(problem) =
        super::password::check_strength(&new, &[user.username.as_str(), user.display_name.as_str()])
    {
        audit(AuditOutcome::Invalid).await;
        return refused(problem.code());
    }
    if new != again {
        audit(AuditOutcome::Invalid).await;
        return refused(PASSWORDS_DIFFER);
    }
    let language = session.language;
    let context = [user.username.clone(), user.display_name.clone()];
    let hashed = tokio::task::spawn_blocking(move || {
        super::password::hash_in(language, &new, &[context[0].as_str(), context[1].as_str()])
    })
    .await;
    let Ok(Ok(hash)) = hashed else {
        return unavailable_in(language, path, None);
    };
    // Ends every session of hers, this one too, in the same transaction.
    if let Err(error) = auth.storage.set_password(user.id, &hash, None).await {
        return unavailable_in(language, path, Some(&error));
    }
    audit(AuditOutcome::Ok).await;
    let (token, tablet_cookie) = match super::new_session(auth, headers, None, &user, next, path, addr).await
    {
        Ok(made) => made,
        Err(response) => return response,
    };
    let mut response = changed;
    if let Ok(value) = axum::http::HeaderValue::from_str(&auth.config.cookie(&token)) {
        response.headers_mut().insert(axum::http::header::SET_COOKIE, value);
    }
    if let Some(value) = tablet_cookie {
        response.headers_mut().append(axum::http::header::SET_COOKIE, value);
    }
    response
}
