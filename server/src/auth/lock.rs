//! The quick lock of a shared tablet (issue 21): `POST /laas` locks the session (the header's
//! button, or `lock.js` when the tablet has been put down), `POST /laas-opp` opens it with the
//! owner's PIN (five wrong end it: a full sign-in), `POST /pin` sets the PIN with the password,
//! and `POST /i-bruk` tells the server the page is in use. While locked, the session middleware
//! lets through only the locked page and these ([`allowed_when_locked`]). Every lock, unlock,
//! wrong PIN and new PIN is in the access log.

use super::{client_addr, pin, unavailable_in, Auth};
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderValue, Request, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use lindra_app::backend::SessionUser;
use lindra_app::model::{AuditAction, AuditOutcome, PinProblem};
use lindra_app::pages::lock::back_to;

/// What a locked session may still ask for: the locked page and what opens or ends it, the
/// sign-in, and the files every page needs.
pub fn allowed_when_locked(path: &str) -> bool {
    matches!(path, "/laast" | "/laas" | "/laas-opp" | "/utlogging" | "/logg-inn" | "/innlogging")
        || matches!(path, "/healthz" | "/readyz" | "/favicon.svg" | "/api/current_session")
        || matches!(path, super::SSO_START | super::SSO_CALLBACK)
        || path.starts_with("/pkg/")
}

/// A form of a few short fields, or `None` if it cannot be read.
pub(super) async fn form<T: serde::de::DeserializeOwned>(request: Request<Body>) -> Option<T> {
    let bytes = axum::body::to_bytes(request.into_body(), 4 * 1024).await.ok()?;
    serde_urlencoded::from_bytes(&bytes).ok()
}

pub(super) fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

/// The locked page's address, with the way back (and whether a wrong PIN was just given).
pub(super) fn locked_page(back: &str, wrong: bool) -> String {
    let back = url_encode(back);
    if wrong {
        format!("/laast?feil=1&tilbake={back}")
    } else {
        format!("/laast?tilbake={back}")
    }
}

fn url_encode(value: &str) -> String {
    serde_urlencoded::to_string([("v", value)]).map(|s| s[2..].to_string()).unwrap_or_default()
}

#[derive(serde::Deserialize, Default)]
struct Back {
    #[serde(default)]
    tilbake: Option<String>,
}

/// POST /laas: locks this session now.
pub async fn lock(State(auth): State<Auth>, request: Request<Body>) -> Response {
    let addr = client_addr(&request);
    let Some(session) = request.extensions().get::<SessionUser>().cloned() else {
        return see_other("/logg-inn");
    };
    let back = back_to(form::<Back>(request).await.unwrap_or_default().tilbake);
    // Without a PIN nothing would open it but a new sign-in.
    if !session.pin_set {
        return see_other(&back);
    }
    if !session.locked {
        if let Err(error) = auth.storage.lock_session(&session.token_hash).await {
            tracing::error!(%error, "could not lock a session");
            return unavailable_in(session.language, "/laas", Some(&error));
        }
        auth.audit_session(&session, AuditAction::SessionLock, AuditOutcome::Ok, &addr).await;
    }
    see_other(&locked_page(&back, false))
}

#[derive(serde::Deserialize, Default)]
struct Unlock {
    #[serde(default)]
    pin: String,
    #[serde(default)]
    tilbake: Option<String>,
    /// Who unlocks, when the locked page lists colleagues on this tablet: a user id. Another
    /// than the session's owner switches the tablet to her own session
    /// ([`super::tablet::switch`]).
    #[serde(default)]
    bruker: Option<String>,
}

/// POST /laas-opp: the owner's PIN opens the session and goes back where it was; a wrong one
/// is counted, and the fifth ends the session.
pub async fn unlock(State(auth): State<Auth>, request: Request<Body>) -> Response {
    let addr = client_addr(&request);
    let Some(session) = request.extensions().get::<SessionUser>().cloned() else {
        return see_other("/logg-inn");
    };
    let headers = request.headers().clone();
    let form = form::<Unlock>(request).await.unwrap_or_default();
    let back = back_to(form.tilbake);
    if !session.locked {
        return see_other(&back);
    }
    let colleague =
        form.bruker.as_deref().and_then(|id| id.parse::<i64>().ok()).filter(|id| *id != session.user.id);
    if let Some(colleague) = colleague {
        return super::tablet::switch(&auth, &headers, &session, colleague, form.pin, &addr)
            .await
            .unwrap_or_else(|refused| refused);
    }
    // The attempt is taken before the PIN is checked: attempts sent at once count at once.
    let attempt = match auth.storage.reserve_pin_attempt(&session.token_hash, pin::MAX_FAILURES).await {
        Ok(attempt) => attempt,
        Err(error) => return unavailable_in(session.language, "/laas-opp", Some(&error)),
    };
    let Some(attempt) = attempt else {
        return end_after_wrong_pins(&auth, &session, &addr, AuditAction::SessionUnlock).await;
    };
    let stored = match auth.storage.pin_hash(session.user.id).await {
        Ok(stored) => stored,
        Err(error) => return unavailable_in(session.language, "/laas-opp", Some(&error)),
    };
    let entered = form.pin;
    let right = tokio::task::spawn_blocking(move || {
        entered.len() <= pin::MAX_DIGITS && super::password::verify(&entered, stored.as_deref())
    })
    .await
    .unwrap_or(false);
    if right {
        if let Err(error) = auth.storage.unlock_session(&session.token_hash, Utc::now()).await {
            return unavailable_in(session.language, "/laas-opp", Some(&error));
        }
        auth.audit_session(&session, AuditAction::SessionUnlock, AuditOutcome::Ok, &addr).await;
        return see_other(&back);
    }
    if attempt < pin::MAX_FAILURES {
        auth.audit_session(&session, AuditAction::SessionUnlock, AuditOutcome::Failed, &addr).await;
        return see_other(&locked_page(&back, true));
    }
    end_after_wrong_pins(&auth, &session, &addr, AuditAction::SessionUnlock).await
}

/// The last wrong PIN: the session ends, and only a full sign-in brings her back.
pub(super) async fn end_after_wrong_pins(
    auth: &Auth,
    session: &SessionUser,
    addr: &str,
    action: AuditAction,
) -> Response {
    if let Err(error) = auth.storage.end_session(&session.token_hash).await {
        return unavailable_in(session.language, "/laas-opp", Some(&error));
    }
    auth.audit_session(session, action, AuditOutcome::Throttled, addr).await;
    let mut response = see_other("/logg-inn?feil=pin");
    if let Ok(value) = HeaderValue::from_str(&auth.config.expired_cookie()) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

#[derive(serde::Deserialize, Default)]
struct NewPin {
    #[serde(default)]
    passord: String,
    #[serde(default)]
    pin: String,
    #[serde(default)]
    pin2: String,
}

/// POST /pin: a new PIN, with the user's password.
pub async fn set_pin(State(auth): State<Auth>, request: Request<Body>) -> Response {
    let addr = client_addr(&request);
    let Some(session) = request.extensions().get::<SessionUser>().cloned() else {
        return see_other("/logg-inn");
    };
    let form = form::<NewPin>(request).await.unwrap_or_default();
    let refused = |problem: PinProblem| see_other(&format!("/pin?feil={}", problem.code()));
    // The password is checked here as at the sign-in, and under the same throttle; a full
    // sign-in of the last few minutes counts as giving it (single sign-on may leave no password).
    if !(session.recently_signed_in && form.passord.is_empty()) {
        let refusals = (refused(PinProblem::TooManyTries), refused(PinProblem::WrongPassword));
        let given = (form.passord, addr.as_str());
        if let Err(answer) =
            super::password_again_or(&auth, &session, given, (AuditAction::PinSet, "/pin"), refusals).await
        {
            return answer;
        }
    }
    if let Err(problem) = pin::check(&form.pin, &form.pin2) {
        auth.audit_session(&session, AuditAction::PinSet, AuditOutcome::Invalid, &addr).await;
        return refused(problem);
    }
    let new = form.pin;
    let Ok(Ok(hash)) = tokio::task::spawn_blocking(move || pin::hash(&new)).await else {
        return unavailable_in(session.language, "/pin", None);
    };
    if let Err(error) = auth.storage.set_pin(session.user.id, &hash).await {
        return unavailable_in(session.language, "/pin", Some(&error));
    }
    auth.audit_session(&session, AuditAction::PinSet, AuditOutcome::Ok, &addr).await;
    see_other("/pin?lagret=1")
}

/// POST /i-bruk: the page is in use (taps that send nothing, a long form). The session
/// middleware has already counted the request as use.
pub async fn in_use() -> StatusCode {
    StatusCode::NO_CONTENT
}
