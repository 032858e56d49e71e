//! Who is asking, and may they: login and logout, sessions kept in the database (so any server
//! process serves any user, and logout or disabling a user ends the session everywhere), the
//! session middleware, login throttling, and the same-origin check on every state change.

pub mod lock;
pub mod password;
pub mod patient_mode;
pub mod pin;
pub mod second_factor;
pub mod settings;
pub mod sso;
pub mod tablet;
pub mod token;

use crate::refusals::{Refusal, Refusals};
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::{DateTime, Duration, Utc};
use lindra::Language;
use lindra_app::backend::SessionUser;
use lindra_app::model::{AuditAction, AuditEvent, AuditOutcome, SessionOwner, SignInStep};
use lindra_app::storage::{DynStorage, StorageError};
use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};

/// Failed logins allowed per account and address within [`THROTTLE_WINDOW_MINUTES`]; the next
/// attempt is refused with 429 without checking the password.
pub const MAX_FAILURES: i64 = 10;
pub const THROTTLE_WINDOW_MINUTES: i64 = 15;
/// Sessions are touched at most this often, to spare the database a write per request.
const TOUCH_EVERY_SECONDS: i64 = 30;

#[derive(Debug, Clone)]
pub struct AuthConfig {
    /// Ends a session nobody has used for this long (shared tablets).
    pub idle_timeout: Duration,
    /// Ends every session this long after login.
    pub absolute_timeout: Duration,
    /// Locks a session of a user with a PIN after this long without use (instead of ending it
    /// after `idle_timeout`): the owner's PIN opens it.
    pub lock_after: Duration,
    /// Served over https: Secure cookies with the __Host- prefix, and HSTS.
    pub https: bool,
    /// The origins Lindra's pages are served from (`https://lindra.kommune.no`), normalised
    /// ([`normalise_origin`]): a state change must come from one of them.
    pub public_origins: Vec<String>,
    /// Who must have a second factor before anything else.
    pub second_factor: second_factor::Policy,
    /// Single sign-on with the municipality's identity provider, if one is configured.
    pub sso: Option<Arc<sso::Sso>>,
    /// Users may sign in with a password (off: only through single sign-on).
    pub password_sign_in: bool,
}

impl AuthConfig {
    pub fn cookie_name(&self) -> &'static str {
        if self.https {
            "__Host-lindra_session"
        } else {
            "lindra_session"
        }
    }

    pub(crate) fn cookie(&self, token: &str) -> String {
        let secure = if self.https { "; Secure" } else { "" };
        format!("{}={token}; Path=/; HttpOnly; SameSite=Strict{secure}", self.cookie_name())
    }

    pub(crate) fn expired_cookie(&self) -> String {
        let secure = if self.https { "; Secure" } else { "" };
        format!("{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure}", self.cookie_name())
    }
}

#[derive(Clone)]
pub struct Auth {
    pub storage: DynStorage,
    pub config: AuthConfig,
    /// Where refused requests are logged.
    pub refusals: Refusals,
    /// The app's stylesheet, for the few pages the auth handlers write themselves (the
    /// recovery codes); set by the router, empty until then.
    pub stylesheet: std::sync::Arc<str>,
}

/// `scheme://host[:port]` in lower case without a default port or a trailing slash, or `None`
/// for anything else (a path, a query, another scheme, `null`).
pub fn normalise_origin(origin: &str) -> Option<String> {
    let origin = origin.trim().trim_end_matches('/').to_ascii_lowercase();
    let (scheme, authority) = origin.split_once("://")?;
    let default_port = match scheme {
        "http" => ":80",
        "https" => ":443",
        _ => return None,
    };
    if authority.is_empty() || authority.contains(['/', '?', '#', '@', ' ']) {
        return None;
    }
    let authority = authority.strip_suffix(default_port).unwrap_or(authority);
    Some(format!("{scheme}://{authority}"))
}

/// The client's address as the socket saw it ("ukjent" in tests without a socket).
pub fn client_addr(request: &Request<Body>) -> String {
    request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "ukjent".into())
}

fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// Paths anyone may reach: the login page and its form, the browser bundle, static files.
fn is_public(path: &str) -> bool {
    matches!(path, "/logg-inn" | "/innlogging" | "/healthz" | "/readyz" | "/favicon.svg")
        || matches!(path, SSO_START | SSO_CALLBACK)
        || path.starts_with("/pkg/")
        || path.starts_with("/api/current_session")
        // The header's count of open follow-ups: 0 when signed out, never patient data.
        || path == "/api/open_followups"
        // The FHIR interface checks its own callers (a bearer token or this session) and
        // answers an OperationOutcome, not the login page.
        || is_fhir(path)
}

/// Single sign-on's two routes ([`sso`]).
pub const SSO_START: &str = "/oidc/start";
pub const SSO_CALLBACK: &str = "/oidc/callback";

fn is_fhir(path: &str) -> bool {
    path == "/fhir" || path.starts_with("/fhir/")
}

impl Auth {
    pub fn new(storage: DynStorage, config: AuthConfig) -> Auth {
        Auth { refusals: Refusals::new(storage.clone()), storage, config, stylesheet: "".into() }
    }

    /// The signed-in user of a session token, or `None` if the session is unknown, ended or
    /// timed out (a timed-out session is removed).
    pub async fn resolve(
        &self,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<SessionUser>, StorageError> {
        if !token::well_formed(token) {
            return Ok(None);
        }
        let hash = token::token_hash(token);
        let Some(owner) = self.storage.session_owner(&hash).await? else {
            return Ok(None);
        };
        let lock_after = self.lock_after(&owner);
        let SessionOwner {
            session,
            user,
            unit_ids,
            pin_set,
            language_choice,
            unit_language,
            unit_requires_second_factor,
            ..
        } = owner;
        // A session of a user with a PIN locks when idle (the PIN opens it); one without ends.
        // In patient mode neither: the patient takes the time they need, and only the staff
        // member's PIN or password leaves it (the absolute limit holds).
        let unused = now - session.last_seen_at;
        let patient_mode = session.patient_mode;
        let sign_in = session.sign_in;
        // A sign-in waiting for its second factor ends when idle like any other, and never locks.
        let quick_lock = pin_set && sign_in == SignInStep::Done;
        let idle = !quick_lock && patient_mode.is_none() && unused > self.config.idle_timeout;
        let too_old = now - session.created_at > self.config.absolute_timeout;
        if idle || too_old {
            self.storage.end_session(&hash).await?;
            return Ok(None);
        }
        if !user.active {
            self.storage.end_user_sessions(user.id).await?;
            return Ok(None);
        }
        let locked = session.locked || (quick_lock && patient_mode.is_none() && unused > lock_after);
        let session_user = SessionUser {
            user,
            unit_ids,
            token_hash: hash.clone(),
            locked,
            pin_set,
            patient_mode,
            sign_in,
            language_choice,
            unit_language,
            language: language_choice.unwrap_or(unit_language),
            lock_after_seconds: lock_after.num_seconds(),
            unit_requires_second_factor,
            recently_signed_in: now - session.created_at
                <= Duration::minutes(lindra_app::backend::RECENT_SIGN_IN_MINUTES),
        };
        if locked && !session.locked {
            self.storage.lock_session(&hash).await?;
            self.audit_session(&session_user, AuditAction::SessionLock, AuditOutcome::Ok, "").await;
        }
        // A locked session is not in use until it is opened. Use is written down at most every
        // half minute, and often enough that a session in use never looks idle to the lock.
        let touch_every = Duration::seconds(TOUCH_EVERY_SECONDS).min(lock_after / 4);
        if !locked && patient_mode.is_none() && unused > touch_every {
            self.storage.touch_session(&hash, now).await?;
        }
        Ok(Some(session_user))
    }

    /// How soon an idle session of a user with a PIN locks: the shortest time of the user's
    /// units, else the server's.
    fn lock_after(&self, owner: &SessionOwner) -> Duration {
        owner.unit_lock_after_minutes.map_or(self.config.lock_after, |m| Duration::minutes(i64::from(m)))
    }

    /// Whether a session still holds, without counting as use of it: it is stored, within its
    /// idle and absolute limits, and its user is enabled (for streams that outlive requests).
    pub async fn still_signed_in(&self, user: &SessionUser) -> bool {
        let now = Utc::now();
        match self.storage.session_owner(&user.token_hash).await {
            Ok(Some(owner)) => {
                let unused = now - owner.session.last_seen_at;
                owner.user.active
                    && !owner.session.locked
                    && owner.session.patient_mode.is_none()
                    && unused
                        <= if owner.pin_set { self.lock_after(&owner) } else { self.config.idle_timeout }
                    && now - owner.session.created_at <= self.config.absolute_timeout
            }
            Ok(None) => false,
            // The database is away for a moment: keep the stream, check again later.
            Err(_) => true,
        }
    }

    /// An access-log row of a signed-in user's own session (lock, unlock, a new PIN).
    async fn audit_session(
        &self,
        session: &SessionUser,
        action: AuditAction,
        outcome: AuditOutcome,
        addr: &str,
    ) {
        self.audit(&session.user.username, Some(&session.user), action, outcome, addr).await;
    }

    async fn audit(
        &self,
        username: &str,
        user: Option<&lindra_app::model::User>,
        action: AuditAction,
        outcome: AuditOutcome,
        addr: &str,
    ) {
        let object = format!("user/{}", username.chars().take(64).collect::<String>());
        self.audit_object(username, user, action, outcome, addr, &object).await;
    }

    /// An access-log row of a sign-in event about `object` (`user/<name>`, `sso/<reason>`).
    async fn audit_object(
        &self,
        username: &str,
        user: Option<&lindra_app::model::User>,
        action: AuditAction,
        outcome: AuditOutcome,
        addr: &str,
        object: &str,
    ) {
        let event = AuditEvent {
            at: Utc::now(),
            user_id: user.map(|u| u.id),
            username: username.chars().take(64).collect(),
            role: user.map(|u| u.role.code().to_string()).unwrap_or_default(),
            unit_id: None,
            patient_id: None,
            action,
            object: object.into(),
            outcome,
            client_addr: addr.into(),
        };
        if let Err(error) = self.storage.append_audit(event).await {
            tracing::error!(%error, "could not write the audit row of a login event");
        }
    }
}

/// The language of the request's signed-in user, once the session middleware knows it: put into
/// the request by a layer outside that middleware (`crate::request_timeout`), which must answer
/// in the user's language without a session of its own. Bokmål until then, or without a user.
#[derive(Debug, Clone, Default)]
pub struct RequestLanguage(Arc<OnceLock<Language>>);

impl RequestLanguage {
    pub fn get(&self) -> Language {
        self.0.get().copied().unwrap_or_default()
    }
}

/// Finds the session of every request and puts its user into the request; sends people who are
/// not signed in to the login page, and server-function calls without a session away with 401.
/// A cookie of a session that has ended is cleared, unless the answer sets a new one (a sign-in
/// from a tablet whose session ended while the login page was open).
pub async fn session_middleware(
    State(auth): State<Auth>,
    mut request: Request<Body>,
    next: Next,
) -> Response {
    let token = cookie_value(request.headers(), auth.config.cookie_name()).map(str::to_string);
    let mut clear_cookie = false;
    if let Some(token) = token {
        match auth.resolve(&token, Utc::now()).await {
            Ok(Some(user)) => {
                if let Some(slot) = request.extensions().get::<RequestLanguage>() {
                    let _ = slot.0.set(user.language);
                }
                request.extensions_mut().insert(user);
            }
            Ok(None) => clear_cookie = true,
            Err(error) => {
                tracing::error!(%error, "session lookup failed");
                return unavailable(request.uri().path(), Some(&error));
            }
        }
    }
    let path = request.uri().path().to_string();
    let half_signed_in =
        request.extensions().get::<SessionUser>().filter(|s| s.sign_in != SignInStep::Done).cloned();
    if let Some(session) = half_signed_in.filter(|s| !second_factor::allowed(s.sign_in, &path)) {
        let (method, addr) = (request.method().clone(), client_addr(&request));
        return second_factor::refuse(&auth, (&method, &addr, &path), &session).await;
    }
    let handed_over = request.extensions().get::<SessionUser>().filter(|s| s.patient_mode.is_some()).cloned();
    if let Some(session) = handed_over.filter(|_| !patient_mode::allowed(&path)) {
        let (method, addr) = (request.method().clone(), client_addr(&request));
        return patient_mode::refuse(&auth, (&method, &addr, &path), &session).await;
    }
    let locked = request.extensions().get::<SessionUser>().filter(|s| s.locked).cloned();
    // The locked page names the colleagues on this tablet whose PIN opens their own session.
    if let Some(session) =
        locked.as_ref().filter(|_| path == "/laast" || path.starts_with("/api/current_session"))
    {
        if let Some(tablet) = tablet::tablet_hash(&auth, request.headers()) {
            let colleagues = tablet::colleagues(&auth, &tablet, session).await;
            request.extensions_mut().insert(lindra_app::backend::TabletColleagues(colleagues));
        }
    }
    if let Some(session) = locked.filter(|_| !lock::allowed_when_locked(&path)) {
        let refusal = Refusal {
            kind: AuditOutcome::Denied,
            method: request.method().as_str(),
            path: &path,
            client_addr: &client_addr(&request),
            user: Some(&session),
        };
        auth.refusals.record(refusal).await;
        // A page goes to the locked page; a server function, the event stream and FHIR get 401.
        let page = !path.starts_with("/api/") && path != lindra_app::live::EVENTS_PATH && !is_fhir(&path);
        return if request.method() == Method::GET && page {
            let back = request.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/");
            Redirect::to(&lock::locked_page(back, false)).into_response()
        } else {
            let message = crate::text::ServerWords::of(session.language).locked_call;
            json_error(StatusCode::UNAUTHORIZED, &lindra_app::error::AppError::NotSignedIn(message.into()))
        };
    }
    let signed_in = request.extensions().get::<SessionUser>().is_some();
    let mut response = if signed_in || is_public(&path) {
        next.run(request).await
    } else {
        let refusal = Refusal {
            kind: AuditOutcome::NotSignedIn,
            method: request.method().as_str(),
            path: &path,
            client_addr: &client_addr(&request),
            user: None,
        };
        auth.refusals.record(refusal).await;
        if path.starts_with("/api/") {
            // Nobody is signed in: bokmål.
            let message = crate::text::ServerWords::of(Language::Nb).signed_out_call;
            json_error(StatusCode::UNAUTHORIZED, &lindra_app::error::AppError::NotSignedIn(message.into()))
        } else {
            Redirect::to("/logg-inn").into_response()
        }
    };
    if clear_cookie && !sets_cookie(&response, auth.config.cookie_name()) {
        if let Ok(value) = HeaderValue::from_str(&auth.config.expired_cookie()) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

/// A session confined to a few pages (patient mode, a sign-in half done) asked for another:
/// the refusal is logged as `kind`; a page is sent to `page`, anything else gets `error` (its
/// status and JSON, as a server function's).
pub(crate) async fn confined(
    auth: &Auth,
    (method, addr, path): (&Method, &str, &str),
    session: &SessionUser,
    kind: AuditOutcome,
    page: &str,
    error: lindra_app::error::AppError,
) -> Response {
    let refusal = Refusal { kind, method: method.as_str(), path, client_addr: addr, user: Some(session) };
    auth.refusals.record(refusal).await;
    let is_page = !path.starts_with("/api/") && path != lindra_app::live::EVENTS_PATH && !is_fhir(path);
    if method == Method::GET && is_page {
        Redirect::to(page).into_response()
    } else {
        json_error(StatusCode::from_u16(error.status()).unwrap_or(StatusCode::FORBIDDEN), &error)
    }
}

/// A server function's typed error, as its client reads it.
fn json_error(status: StatusCode, error: &lindra_app::error::AppError) -> Response {
    let body = serde_json::to_string(error).unwrap_or_default();
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// Does the answer already set the cookie `name` (a sign-in's new session)?
fn sets_cookie(response: &Response, name: &str) -> bool {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.split_once('=').is_some_and(|(key, _)| key.trim() == name))
}

/// The answer when the database cannot say who is signed in or store what it must, in bokmål:
/// for requests without a signed-in user (the sign-in itself, the session lookup). With a
/// session, [`unavailable_in`] its language.
pub(crate) fn unavailable(path: &str, error: Option<&StorageError>) -> Response {
    unavailable_in(Language::Nb, path, error)
}

/// The answer when the database cannot say who is signed in or store what it must. A page gets
/// a small page in `language`; a server function gets the typed error (`AppError::Unavailable`)
/// its form shows while it keeps what was typed, not an HTML page the form cannot read. A full
/// disk says so: waiting will not help, someone has to make room.
pub(crate) fn unavailable_in(language: Language, path: &str, error: Option<&StorageError>) -> Response {
    use lindra_app::error::AppError;
    let words = lindra_app::text::UiWords::of(language);
    let message = match error {
        Some(StorageError::Full(_)) => words.disk_full,
        _ => words.database_unavailable,
    };
    let page = crate::pages::unavailable(language, message);
    service_unavailable(path, AppError::Unavailable(message.into()), page)
}

/// The answer to a request that ran out of time (`crate::request_timeout`), in `language` (the
/// signed-in user's, [`RequestLanguage`]). What it was doing may still finish, so a form is told
/// `AppError::TimedOut` and says it cannot confirm the save (its resend, with the same request
/// id, is stored once either way).
pub(crate) fn timed_out(language: Language, path: &str) -> Response {
    use lindra_app::error::AppError;
    let message = lindra_app::text::UiWords::of(language).timed_out;
    service_unavailable(path, AppError::TimedOut(message.into()), crate::pages::timed_out(language))
}

/// The 503 both answer: the typed error for a server function, the page for everything else.
fn service_unavailable(path: &str, error: lindra_app::error::AppError, page: String) -> Response {
    let retry = [(header::RETRY_AFTER, "5")];
    if path.starts_with("/api/") {
        let body = serde_json::to_string(&error).unwrap_or_default();
        (StatusCode::SERVICE_UNAVAILABLE, retry, [(header::CONTENT_TYPE, "application/json")], body)
            .into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, retry, Html(page)).into_response()
    }
}

/// State changes only from our own pages: a POST (or any method but GET, HEAD and OPTIONS)
/// must carry an `Origin` that is one of the configured public origins, or, without `Origin`,
/// `Sec-Fetch-Site: same-origin`. `Host` is not trusted: a proxy or an attacker sets it.
/// Everything else is refused and logged; SameSite=Strict cookies are the second line.
pub async fn same_origin(State(auth): State<Auth>, request: Request<Body>, next: Next) -> Response {
    // The FHIR interface changes nothing whatever the method: it answers anything but GET with
    // 405 and an OperationOutcome itself.
    if matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        || is_fhir(request.uri().path())
    {
        return next.run(request).await;
    }
    let headers = request.headers();
    let allowed = match headers.get(header::ORIGIN).map(|o| o.to_str().ok().and_then(normalise_origin)) {
        Some(Some(origin)) => auth.config.public_origins.contains(&origin),
        Some(None) => false, // `null`, or not an origin at all
        None => headers.get("sec-fetch-site").is_some_and(|v| v.as_bytes() == b"same-origin"),
    };
    if allowed {
        return next.run(request).await;
    }
    let user = request.extensions().get::<SessionUser>();
    let refusal = Refusal {
        kind: AuditOutcome::CrossOrigin,
        method: request.method().as_str(),
        path: request.uri().path(),
        client_addr: &client_addr(&request),
        user,
    };
    auth.refusals.record(refusal).await;
    let language = user.map_or(Language::Nb, |user| user.language);
    let words = crate::text::ServerWords::of(language);
    if request.uri().path().starts_with("/api/") {
        return json_error(
            StatusCode::FORBIDDEN,
            &lindra_app::error::AppError::Forbidden(words.cross_origin.into()),
        );
    }
    let page = crate::pages::message_page(language, words.refused_title, words.cross_origin);
    (StatusCode::FORBIDDEN, Html(page)).into_response()
}

#[derive(serde::Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    brukernavn: String,
    #[serde(default)]
    passord: String,
}

/// POST /innlogging: checks the throttle, then the password; on success a new session (a new
/// id at every login), the session the browser came with ended (ASVS 5.0 7.2.4), and a redirect
/// to the start page. Nobody is signed in yet: its refusals are in bokmål.
pub async fn login(State(auth): State<Auth>, request: Request<Body>) -> Response {
    let words = crate::text::ServerWords::of(Language::Nb);
    let addr = client_addr(&request);
    if !auth.config.password_sign_in {
        auth.audit_object("", None, AuditAction::Login, AuditOutcome::Denied, &addr, "password/off").await;
        let page = crate::pages::message_page(Language::Nb, words.refused_title, words.password_off);
        return (StatusCode::FORBIDDEN, Html(page)).into_response();
    }
    let earlier = request.extensions().get::<SessionUser>().cloned();
    let headers = request.headers().clone();
    let bytes = match axum::body::to_bytes(request.into_body(), 16 * 1024).await {
        Ok(bytes) => bytes,
        Err(_) => return (StatusCode::PAYLOAD_TOO_LARGE, words.request_too_large).into_response(),
    };
    let form: LoginForm = match serde_urlencoded::from_bytes(&bytes) {
        Ok(form) => form,
        Err(_) => return Redirect::to("/logg-inn?feil=skjema").into_response(),
    };
    let username = form.brukernavn.trim().to_lowercase();
    let now = Utc::now();
    let since = now - Duration::minutes(THROTTLE_WINDOW_MINUTES);
    match auth.storage.login_failures_since(&username, &addr, since).await {
        Ok(failures) if failures >= MAX_FAILURES => {
            auth.audit(&username, None, AuditAction::Login, AuditOutcome::Throttled, &addr).await;
            return too_many_sign_ins(THROTTLE_WINDOW_MINUTES);
        }
        Ok(_) => {}
        Err(error) => {
            tracing::error!(%error, "throttle lookup failed");
            return unavailable("/innlogging", Some(&error));
        }
    }
    let user = auth.storage.user_by_username(&username).await.ok().flatten();
    let stored_hash = match &user {
        Some(u) if u.active => auth.storage.password_hash(u.id).await.ok().flatten(),
        _ => None,
    };
    let password = form.passord;
    let verified = tokio::task::spawn_blocking(move || password::verify(&password, stored_hash.as_deref()))
        .await
        .unwrap_or(false);
    let Some(user) = user.filter(|_| verified) else {
        if let Err(error) = auth.storage.record_login_failure(&username, &addr, now).await {
            tracing::error!(%error, "could not record a failed login");
        }
        auth.audit(&username, None, AuditAction::Login, AuditOutcome::Failed, &addr).await;
        return Redirect::to("/logg-inn?feil=1").into_response();
    };
    // A start password works until its time, and only to choose her own (ASVS 5.0 6.4.1).
    let start_until = match auth.storage.start_password_until(user.id).await {
        Ok(until) => until,
        Err(error) => return unavailable("/innlogging", Some(&error)),
    };
    if start_until.is_some_and(|until| until <= now) {
        auth.audit_object(
            &username,
            Some(&user),
            AuditAction::Login,
            AuditOutcome::Denied,
            &addr,
            "password/expired",
        )
        .await;
        return Redirect::to("/logg-inn?feil=utlopt").into_response();
    }
    let step = match start_until {
        Some(_) => SignInStep::NewPassword,
        None => match second_factor::step_after_password(&auth, &user).await {
            Ok(step) => step,
            Err(error) => return unavailable("/innlogging", Some(&error)),
        },
    };
    let (token, tablet_cookie) =
        match new_session(&auth, &headers, earlier.as_ref(), &user, step, "/innlogging", &addr).await {
            Ok(made) => made,
            Err(response) => return response,
        };
    auth.audit(&username, Some(&user), AuditAction::Login, AuditOutcome::Ok, &addr).await;
    let mut response = Redirect::to(second_factor::page_of(step)).into_response();
    if let Ok(value) = HeaderValue::from_str(&auth.config.cookie(&token)) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    if let Some(value) = tablet_cookie {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// A new session after a full sign-in (a password, or single sign-on): a new id every time, and
/// the session the browser came with and the tablet's others settled ([`tablet::after_sign_in`]).
/// Returns the session's token and the tablet cookie to set, if new.
pub(crate) async fn new_session(
    auth: &Auth,
    headers: &HeaderMap,
    earlier: Option<&SessionUser>,
    user: &lindra_app::model::User,
    step: SignInStep,
    path: &str,
    addr: &str,
) -> Result<(String, Option<HeaderValue>), Response> {
    let Some(token) = token::new_token() else {
        return Err(unavailable(path, None));
    };
    let hash = token::token_hash(&token);
    if let Err(error) = auth.storage.create_session_at(&hash, user.id, Utc::now(), step).await {
        tracing::error!(%error, "could not create a session");
        return Err(unavailable(path, Some(&error)));
    }
    match tablet::after_sign_in(auth, headers, earlier, user, &hash, addr).await {
        Ok(tablet_cookie) => Ok((token, tablet_cookie)),
        Err(error) => {
            tracing::error!(%error, "could not settle the tablet's sessions after a sign-in");
            Err(unavailable(path, Some(&error)))
        }
    }
}

/// Too many sign-ins from one address: wait `minutes`. Nobody is signed in: bokmål.
pub(crate) fn too_many_sign_ins(minutes: i64) -> Response {
    let words = crate::text::ServerWords::of(Language::Nb);
    let page =
        crate::pages::message_page(Language::Nb, words.too_many_title, &(words.too_many_sign_ins)(minutes));
    (StatusCode::TOO_MANY_REQUESTS, Html(page)).into_response()
}

/// POST /utlogging: ends the session in the database, so no server process accepts it again.
pub async fn logout(State(auth): State<Auth>, request: Request<Body>) -> Response {
    let addr = client_addr(&request);
    let user = request.extensions().get::<SessionUser>().cloned();
    if let Some(session) = &user {
        if let Err(error) = auth.storage.end_session(&session.token_hash).await {
            tracing::error!(%error, "could not end a session");
            return unavailable_in(session.language, "/utlogging", Some(&error));
        }
        auth.audit(&session.user.username, Some(&session.user), AuditAction::Logout, AuditOutcome::Ok, &addr)
            .await;
    }
    let mut response = Redirect::to("/logg-inn").into_response();
    if let Ok(value) = HeaderValue::from_str(&auth.config.expired_cookie()) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

/// Why the password given again was not taken.
pub(crate) enum Reauthentication {
    /// Too many wrong passwords lately (the sign-in's throttle): not even checked.
    Throttled,
    Wrong,
    Unavailable(StorageError),
}

/// The signed-in user's password, given again before a change to her own sign-in (a PIN, the
/// second factor, ending her other sessions): checked as at the sign-in and under the same
/// throttle, and a wrong one counts toward it.
pub(crate) async fn password_again(
    auth: &Auth,
    session: &SessionUser,
    given: String,
    addr: &str,
) -> Result<(), Reauthentication> {
    let username = session.user.username.clone();
    let now = Utc::now();
    let since = now - Duration::minutes(THROTTLE_WINDOW_MINUTES);
    match auth.storage.login_failures_since(&username, addr, since).await {
        Ok(failures) if failures >= MAX_FAILURES => return Err(Reauthentication::Throttled),
        Ok(_) => {}
        Err(error) => return Err(Reauthentication::Unavailable(error)),
    }
    let stored = auth.storage.password_hash(session.user.id).await.map_err(Reauthentication::Unavailable)?;
    let right = tokio::task::spawn_blocking(move || password::verify(&given, stored.as_deref()))
        .await
        .unwrap_or(false);
    if right {
        return Ok(());
    }
    if let Err(error) = auth.storage.record_login_failure(&username, addr, now).await {
        tracing::error!(%error, "could not record a wrong password given again");
    }
    Err(Reauthentication::Wrong)
}

/// [`password_again`] for a form's handler: a refusal is logged as the session's `action`
/// (`throttled` or `failed`) and answered with `throttled` or `wrong`; a database that cannot
/// answer, with the page of `path`.
pub(crate) async fn password_again_or(
    auth: &Auth,
    session: &SessionUser,
    (given, addr): (String, &str),
    (action, path): (AuditAction, &str),
    (throttled, wrong): (Response, Response),
) -> Result<(), Response> {
    match password_again(auth, session, given, addr).await {
        Ok(()) => Ok(()),
        Err(Reauthentication::Throttled) => {
            auth.audit_session(session, action, AuditOutcome::Throttled, addr).await;
            Err(throttled)
        }
        Err(Reauthentication::Wrong) => {
            auth.audit_session(session, action, AuditOutcome::Failed, addr).await;
            Err(wrong)
        }
        Err(Reauthentication::Unavailable(error)) => {
            Err(unavailable_in(session.language, path, Some(&error)))
        }
    }
}
