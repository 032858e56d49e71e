//! The whole application behind a router, without a socket: a fresh database with the demo
//! wards and users, a site folder with a fake bundle, and helpers to log in and send requests.

use crate::TestDb;
use axum::body::Body;
use axum::Router;
use chrono::{Duration, Utc};
use http::{header, Request, StatusCode};
use lindra::demo::DemoSpec;
use lindra_app::backend::AppState;
use lindra_app::model::Patient;
use lindra_app::pages::login::DEMO_PASSWORD;
use lindra_app::storage::DynStorage;
use lindra_server::auth::second_factor::Policy;
use lindra_server::auth::{Auth, AuthConfig};
use lindra_server::refusals::Refusals;
use lindra_server::{demo, leptos_options, router};
use tower::ServiceExt;

pub struct TestApp {
    pub router: Router,
    /// Where the router logs refused requests ([`Refusals::flush`] writes the anonymous ones).
    pub refusals: Refusals,
    pub storage: DynStorage,
    pub db: TestDb,
    pub site: tempfile::TempDir,
}

/// The answer to one request, body read whole.
pub struct Answer {
    pub status: StatusCode,
    pub headers: http::HeaderMap,
    pub body: String,
}

impl Answer {
    pub fn header(&self, name: header::HeaderName) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The session cookie the answer sets (`lindra_session=…`), among the others it may set
    /// (the tablet's).
    pub fn session_cookie(&self) -> Option<String> {
        let set = self.headers.get_all(header::SET_COOKIE).iter().filter_map(|v| v.to_str().ok());
        set.map(|c| c.split(';').next().unwrap_or_default().to_string())
            .find(|c| c.starts_with("lindra_session="))
    }
}

/// The origin the test app's pages are served from: what a browser sends as `Origin`.
pub const ORIGIN: &str = "http://lindra.test";

pub fn auth_config(https: bool) -> AuthConfig {
    AuthConfig {
        idle_timeout: Duration::minutes(15),
        absolute_timeout: Duration::hours(12),
        lock_after: chrono::Duration::minutes(2),
        https,
        public_origins: vec![ORIGIN.into()],
        second_factor: Policy::Optional,
        sso: None,
        password_sign_in: true,
    }
}

/// The bundle file the site folder holds (and its brotli twin), for the static-file tests.
pub const BUNDLE_JS: &str = "lindra.0123456789abcdef.js";

/// Lindra on `db`, seeded with the demo wards (3 days) and demo users.
pub async fn test_app(db: TestDb, https: bool) -> TestApp {
    let storage = db.storage();
    demo::seed(storage.as_ref(), &DemoSpec { days: 3, ..DemoSpec::ward(Utc::now()) }).await.expect("seed");
    let site = tempfile::tempdir().expect("site");
    std::fs::create_dir_all(site.path().join("pkg")).expect("pkg");
    std::fs::write(site.path().join("pkg").join(BUNDLE_JS), "console.log('lindra')").expect("js");
    std::fs::write(site.path().join("pkg").join(format!("{BUNDLE_JS}.br")), b"brotli bytes").expect("br");
    std::fs::write(site.path().join("favicon.svg"), "<svg/>").expect("favicon");
    let (router, refusals) = app_router_and_refusals(&storage, https, &site);
    TestApp { router, refusals, storage, db, site }
}

/// Another server process on the same storage: its own router and state.
pub fn app_router(storage: &DynStorage, https: bool, site: &tempfile::TempDir) -> Router {
    app_router_and_refusals(storage, https, site).0
}

/// [`app_router`] and where it logs refused requests.
pub fn app_router_and_refusals(
    storage: &DynStorage,
    https: bool,
    site: &tempfile::TempDir,
) -> (Router, Refusals) {
    app_router_with(storage, https, site, Policy::Optional)
}

/// [`app_router_and_refusals`] with the second factor required or not.
pub fn app_router_with(
    storage: &DynStorage,
    https: bool,
    site: &tempfile::TempDir,
    second_factor: Policy,
) -> (Router, Refusals) {
    let auth = AuthConfig { second_factor, ..auth_config(https) };
    app_router_configured(storage, site, auth, Default::default())
}

/// A server process on `storage` that signs in by single sign-on only (`--password-sign-in
/// false`; no provider is configured, so nobody new signs in: a session made before serves).
pub fn app_router_without_passwords(storage: &DynStorage, site: &tempfile::TempDir) -> (Router, Refusals) {
    let auth = AuthConfig { password_sign_in: false, ..auth_config(false) };
    let sign_in = lindra_app::api::SignInOptions { single_sign_on: None, password: false };
    app_router_configured(storage, site, auth, sign_in)
}

fn app_router_configured(
    storage: &DynStorage,
    site: &tempfile::TempDir,
    config: AuthConfig,
    sign_in: lindra_app::api::SignInOptions,
) -> (Router, Refusals) {
    let second_factor_required = config.second_factor == Policy::Required;
    let auth = Auth::new(storage.clone(), config);
    let refusals = auth.refusals.clone();
    let router = router(
        AppState {
            storage: storage.clone(),
            demo: true,
            new_start_password: lindra_server::auth::password::new_start_password,
            new_api_token: lindra_server::auth::token::new_token_with_hash,
            lock_after_seconds: 120,
            second_factor_required,
            sign_in,
        },
        auth,
        leptos_options(site.path()),
    );
    (router, refusals)
}

pub async fn sqlite_app() -> TestApp {
    test_app(crate::sqlite().await, false).await
}

/// [`sqlite_app`] where the administrator and users of more than one unit must have a second
/// factor (the production default).
pub async fn sqlite_app_requiring_second_factor() -> TestApp {
    let mut app = sqlite_app().await;
    (app.router, app.refusals) = app_router_with(&app.storage, false, &app.site, Policy::Required);
    app
}

impl TestApp {
    /// Sends a request as a browser on Lindra's own page would: a state change carries the
    /// page's `Origin` unless the test set one (or [`send_exact`](Self::send_exact)).
    pub async fn send(&self, mut request: Request<Body>) -> Answer {
        if request.method() != http::Method::GET && !request.headers().contains_key(header::ORIGIN) {
            request.headers_mut().insert(header::ORIGIN, http::HeaderValue::from_static(ORIGIN));
        }
        self.send_exact(request).await
    }

    /// Sends the request exactly as given.
    pub async fn send_exact(&self, request: Request<Body>) -> Answer {
        let response = self.router.clone().oneshot(request).await.expect("response");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), 4 << 20).await.expect("body");
        Answer { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
    }

    /// An answer with its body as sent (compressed, binary).
    pub async fn bytes(&self, request: Request<Body>) -> (StatusCode, http::HeaderMap, Vec<u8>) {
        let response = self.router.clone().oneshot(request).await.expect("response");
        let (status, headers) = (response.status(), response.headers().clone());
        let bytes = axum::body::to_bytes(response.into_body(), 16 << 20).await.expect("body");
        (status, headers, bytes.to_vec())
    }

    /// A GET whose answer is not text (a PDF): status, headers and the bytes as sent.
    pub async fn get_bytes(&self, uri: &str, cookie: &str) -> (StatusCode, http::HeaderMap, Vec<u8>) {
        self.bytes(Request::get(uri).header(header::COOKIE, cookie).body(Body::empty()).expect("request"))
            .await
    }

    pub async fn login_answer(&self, username: &str, password: &str) -> Answer {
        let request = Request::post("/innlogging")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(format!("brukernavn={username}&passord={password}")))
            .expect("request");
        self.send(request).await
    }

    /// Logs a demo user in and returns the cookie to send.
    pub async fn login(&self, username: &str) -> String {
        let answer = self.login_answer(username, DEMO_PASSWORD).await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "login of {username}: {}", answer.body);
        assert_eq!(answer.header(header::LOCATION), Some("/"));
        answer.session_cookie().expect("a session cookie")
    }

    pub async fn get(&self, uri: &str, cookie: &str) -> Answer {
        self.send(Request::get(uri).header(header::COOKIE, cookie).body(Body::empty()).expect("request"))
            .await
    }

    pub async fn post_json(&self, uri: &str, cookie: &str, body: serde_json::Value) -> Answer {
        let request = Request::post(uri)
            .header(header::COOKIE, cookie)
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT, "application/json")
            .body(Body::from(body.to_string()))
            .expect("request");
        self.send(request).await
    }

    pub async fn post_form(&self, uri: &str, cookie: &str, body: &str) -> Answer {
        let request = Request::post(uri)
            .header(header::COOKIE, cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body.to_string()))
            .expect("request");
        self.send(request).await
    }

    /// The disk under the database fills up ([`TestDb::fill_disk`]); the app runs on on it.
    pub async fn fill_disk(&mut self) {
        self.db.fill_disk().await;
        self.reconnect();
    }

    /// Someone made room on the disk.
    pub async fn make_room(&mut self) {
        self.db.make_room().await;
        self.reconnect();
    }

    /// The app on the database's present storage (SQLite's is reopened by the two above).
    fn reconnect(&mut self) {
        self.storage = self.db.storage();
        (self.router, self.refusals) = app_router_and_refusals(&self.storage, false, &self.site);
    }

    pub async fn patient_of_unit(&self, unit_id: i64) -> Patient {
        self.storage.patients_in_unit(unit_id).await.expect("patients").remove(0).patient
    }

    /// The patient's access log as (username, action, outcome), newest first.
    pub async fn audit(&self, patient_id: i64) -> Vec<(String, String, String)> {
        self.storage
            .audit_for_patient(patient_id, 1000)
            .await
            .expect("audit")
            .into_iter()
            .map(|e| (e.username, e.action.code().to_string(), e.outcome.code().to_string()))
            .collect()
    }

    /// The access log's rows that name no patient (sign-ins, administration, refusals), oldest
    /// first.
    pub async fn events_without_patient(&self) -> Vec<lindra_app::model::AuditEvent> {
        let mut events = self.storage.audit_without_patient(1000).await.expect("audit");
        events.reverse();
        events
    }
}

/// A complete, valid registration form as the browser sends it.
pub fn valid_draft() -> serde_json::Value {
    serde_json::json!({
        "observed_at": null, "completed_by": "patient",
        "symptoms": [{"score": 1}, {"score": 1}, {"score": 1}, {"score": 1}, {"score": 1}, {"score": 1}, {"score": 1}, {"score": 1}, {"score": 1}],
        "other_name": "", "other": "unanswered", "pain_now": null, "pain_worst_24h": null,
        "pain_average_24h": null, "breakthrough": null, "body_marks": [], "note": ""
    })
}
