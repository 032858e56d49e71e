//! Colleagues on one shared tablet (issue 21). A browser carries a `lindra_tablet` cookie (a
//! random id; only its SHA-256 is stored, on each session signed in there). When a colleague
//! signs in fully on the tablet, the sessions there of others who have a PIN are locked, not
//! ended: the locked page lists their names, and each opens her own session with her own PIN,
//! which gets a new token. What she does is then recorded as hers. The 12-hour limit of each
//! session holds, disabling a user ends hers, and five wrong PINs end the session they were for.

use super::{cookie_value, pin, token, unavailable_in, Auth};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::Response;
use chrono::Utc;
use lindra_app::backend::SessionUser;
use lindra_app::model::{AuditAction, AuditOutcome, TabletSession, User};
use lindra_app::storage::StorageError;

/// The tablet's cookie lives this long: it names the device, not anyone on it.
const COOKIE_DAYS: i64 = 90;

fn cookie_name(auth: &Auth) -> &'static str {
    if auth.config.https {
        "__Host-lindra_tablet"
    } else {
        "lindra_tablet"
    }
}

/// The SHA-256 of this browser's tablet cookie, if it has a well-formed one.
pub fn tablet_hash(auth: &Auth, headers: &HeaderMap) -> Option<String> {
    cookie_value(headers, cookie_name(auth)).filter(|t| token::well_formed(t)).map(token::token_hash)
}

/// This browser's tablet id, or a new one with the cookie that sets it. Lax, not Strict: the
/// single sign-on's callback, a navigation from the provider's site, must see it.
fn tablet_id(auth: &Auth, headers: &HeaderMap) -> Option<(String, Option<HeaderValue>)> {
    if let Some(id) = cookie_value(headers, cookie_name(auth)).filter(|t| token::well_formed(t)) {
        return Some((id.to_string(), None));
    }
    let id = token::new_token()?;
    let secure = if auth.config.https { "; Secure" } else { "" };
    let max_age = COOKIE_DAYS * 24 * 3600;
    let cookie =
        format!("{}={id}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}", cookie_name(auth));
    Some((id, HeaderValue::from_str(&cookie).ok()))
}

/// Whether a session on the tablet may still be switched to: its user enabled, with a PIN, and
/// within the absolute limit.
fn still_valid(auth: &Auth, session: &TabletSession) -> bool {
    session.user.active && session.pin_set && Utc::now() - session.created_at <= auth.config.absolute_timeout
}

/// The colleagues whose sessions on this tablet a PIN may switch to (user id, name), not
/// `signed_in`'s own: for the locked page.
pub async fn colleagues(auth: &Auth, tablet_hash: &str, signed_in: &SessionUser) -> Vec<(i64, String)> {
    let sessions = match auth.storage.tablet_sessions(tablet_hash).await {
        Ok(sessions) => sessions,
        Err(error) => {
            tracing::error!(%error, "could not list a tablet's sessions");
            return Vec::new();
        }
    };
    let mut names: Vec<(i64, String)> = Vec::new();
    for session in sessions.iter().filter(|s| s.user.id != signed_in.user.id && still_valid(auth, s)) {
        if !names.iter().any(|(id, _)| *id == session.user.id) {
            names.push((session.user.id, session.user.display_name.clone()));
        }
    }
    names
}

/// After a full sign-in of `user` as `new_token_hash` on this browser: the session the browser
/// came with, and the tablet's other sessions, are settled. Hers end (a new id at every
/// sign-in); a colleague's with a PIN is locked, to be opened again with that PIN; one without
/// a PIN ends. The new session is marked as this tablet's. Returns the tablet cookie to set, if
/// the browser had none.
pub async fn after_sign_in(
    auth: &Auth,
    headers: &HeaderMap,
    earlier: Option<&SessionUser>,
    user: &User,
    new_token_hash: &str,
    addr: &str,
) -> Result<Option<HeaderValue>, StorageError> {
    if let Some(earlier) = earlier {
        if earlier.user.id != user.id && earlier.pin_set {
            park(auth, &earlier.token_hash, earlier.locked, &earlier.user, addr).await?;
        } else {
            auth.storage.end_session(&earlier.token_hash).await?;
        }
    }
    let Some((id, cookie)) = tablet_id(auth, headers) else {
        return Ok(None);
    };
    let tablet_hash = token::token_hash(&id);
    for session in auth.storage.tablet_sessions(&tablet_hash).await? {
        if session.token_hash == new_token_hash || Some(&session.token_hash) == earlier.map(|e| &e.token_hash)
        {
            continue;
        }
        if session.user.id != user.id && session.pin_set {
            park(auth, &session.token_hash, session.locked, &session.user, addr).await?;
        } else {
            auth.storage.end_session(&session.token_hash).await?;
        }
    }
    auth.storage.set_session_tablet(new_token_hash, &tablet_hash).await?;
    Ok(cookie)
}

/// Locks a colleague's session on the tablet (if it is not already), logged as hers.
async fn park(
    auth: &Auth,
    token_hash: &str,
    locked: bool,
    owner: &User,
    addr: &str,
) -> Result<(), StorageError> {
    if !locked {
        auth.storage.lock_session(token_hash).await?;
        auth.audit(&owner.username, Some(owner), AuditAction::SessionLock, AuditOutcome::Ok, addr).await;
    }
    Ok(())
}

/// The locked page's PIN was for a colleague on this tablet (`colleague`, a user id): her PIN
/// opens her own session on this browser, with a new token. The session on the screen stays
/// locked. A wrong PIN counts toward her five; the fifth ends her session.
pub async fn switch(
    auth: &Auth,
    headers: &HeaderMap,
    locked: &SessionUser,
    colleague: i64,
    entered: String,
    addr: &str,
) -> Result<Response, Response> {
    let language = locked.language;
    let wrong = || super::lock::see_other(&super::lock::locked_page("/", true));
    let unavailable = |error: StorageError| unavailable_in(language, "/laas-opp", Some(&error));
    let sessions = match tablet_hash(auth, headers) {
        Some(hash) => auth.storage.tablet_sessions(&hash).await.map_err(unavailable)?,
        None => Vec::new(),
    };
    let Some(target) = sessions
        .into_iter()
        .find(|s| s.user.id == colleague && s.token_hash != locked.token_hash && still_valid(auth, s))
    else {
        // No such colleague on this tablet: logged as the locked session's refusal.
        auth.audit_session(locked, AuditAction::SessionSwitch, AuditOutcome::Denied, addr).await;
        return Err(wrong());
    };
    let her = &target.user;
    if !target.locked {
        auth.storage.lock_session(&target.token_hash).await.map_err(unavailable)?;
    }
    let attempt =
        auth.storage.reserve_pin_attempt(&target.token_hash, pin::MAX_FAILURES).await.map_err(unavailable)?;
    let Some(attempt) = attempt else {
        return Err(end_hers(auth, &target, addr).await);
    };
    let stored = auth.storage.pin_hash(her.id).await.map_err(unavailable)?;
    let right = tokio::task::spawn_blocking(move || {
        entered.len() <= pin::MAX_DIGITS && super::password::verify(&entered, stored.as_deref())
    })
    .await
    .unwrap_or(false);
    if !right {
        if attempt >= pin::MAX_FAILURES {
            return Err(end_hers(auth, &target, addr).await);
        }
        auth.audit(&her.username, Some(her), AuditAction::SessionSwitch, AuditOutcome::Failed, addr).await;
        return Err(wrong());
    }
    let Some(new_token) = token::new_token() else {
        return Err(unavailable_in(language, "/laas-opp", None));
    };
    let reissued =
        auth.storage.reissue_session(&target.token_hash, &token::token_hash(&new_token), Utc::now()).await;
    if !reissued.map_err(unavailable)? {
        return Err(wrong());
    }
    auth.audit(&her.username, Some(her), AuditAction::SessionSwitch, AuditOutcome::Ok, addr).await;
    let mut response = super::lock::see_other("/");
    if let Ok(value) = HeaderValue::from_str(&auth.config.cookie(&new_token)) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    Ok(response)
}

/// Her fifth wrong PIN: her session on the tablet ends; she signs in fully again. The locked
/// session on the screen stays as it was.
async fn end_hers(auth: &Auth, target: &TabletSession, addr: &str) -> Response {
    let her = &target.user;
    if let Err(error) = auth.storage.end_session(&target.token_hash).await {
        return unavailable_in(lindra::Language::Nb, "/laas-opp", Some(&error));
    }
    auth.audit(&her.username, Some(her), AuditAction::SessionSwitch, AuditOutcome::Throttled, addr).await;
    super::lock::see_other(&super::lock::locked_page("/", true))
}
