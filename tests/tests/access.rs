//! Who may see what, over HTTP without a socket: login and its cookie, throttling, sessions that
//! end (logout, disabling, idle and absolute timeouts), access by care unit on every patient
//! route with an audit row for each attempt, same-origin checks and security headers.

use axum::body::Body;
use axum::Router;
use chrono::{Duration, Utc};
use http::{header, Request, StatusCode};
use lindra::demo::DemoSpec;
use lindra_app::backend::AppState;
use lindra_app::model::Patient;
use lindra_app::pages::login::DEMO_PASSWORD;
use lindra_app::storage::DynStorage;
use lindra_server::auth::{token, Auth, AuthConfig};
use lindra_server::{demo, leptos_options, router};
use tower::ServiceExt;

struct App {
    router: Router,
    storage: DynStorage,
    _db: lindra_tests::TestDb,
    _site: tempfile::TempDir,
}

fn config(https: bool) -> AuthConfig {
    AuthConfig { idle_timeout: Duration::minutes(15), absolute_timeout: Duration::hours(12), https }
}

async fn app_on(db: lindra_tests::TestDb, https: bool) -> App {
    let storage = db.storage();
    demo::seed(storage.as_ref(), &DemoSpec { days: 3, ..DemoSpec::ward(Utc::now()) }).await.expect("seed");
    let site = tempfile::tempdir().expect("site");
    let auth = Auth { storage: storage.clone(), config: config(https) };
    let router = router(AppState { storage: storage.clone(), demo: true }, auth, leptos_options(site.path()));
    App { router, storage, _db: db, _site: site }
}

async fn app() -> App {
    app_on(lindra_tests::sqlite().await, false).await
}

struct Answer {
    status: StatusCode,
    headers: http::HeaderMap,
    body: String,
}

async fn send(app: &App, request: Request<Body>) -> Answer {
    let response = app.router.clone().oneshot(request).await.expect("response");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), 4 << 20).await.expect("body");
    Answer { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
}

async fn login_answer(app: &App, username: &str, password: &str) -> Answer {
    let form = format!("brukernavn={username}&passord={password}");
    let request = Request::post("/innlogging")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(form))
        .expect("request");
    send(app, request).await
}

/// Logs in and returns the cookie to send.
async fn login(app: &App, username: &str) -> String {
    let answer = login_answer(app, username, DEMO_PASSWORD).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "login of {username}: {}", answer.body);
    assert_eq!(answer.headers.get(header::LOCATION).map(|v| v.as_bytes()), Some(&b"/"[..]));
    let set_cookie =
        answer.headers.get(header::SET_COOKIE).expect("a session cookie").to_str().expect("ascii");
    set_cookie.split(';').next().expect("name=value").to_string()
}

async fn get(app: &App, uri: &str, cookie: &str) -> Answer {
    send(app, Request::get(uri).header(header::COOKIE, cookie).body(Body::empty()).expect("request")).await
}

async fn post_json(app: &App, uri: &str, cookie: &str, body: serde_json::Value) -> Answer {
    let request = Request::post(uri)
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ACCEPT, "application/json")
        .body(Body::from(body.to_string()))
        .expect("request");
    send(app, request).await
}

async fn post_form(app: &App, uri: &str, cookie: &str, body: &str) -> Answer {
    let request = Request::post(uri)
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body.to_string()))
        .expect("request");
    send(app, request).await
}

async fn patient_of_unit(app: &App, unit_id: i64) -> Patient {
    app.storage.patients_in_unit(unit_id).await.expect("patients").remove(0).patient
}

async fn audit(app: &App, patient_id: i64) -> Vec<(String, String, String)> {
    app.storage
        .audit_for_patient(patient_id, 1000)
        .await
        .expect("audit")
        .into_iter()
        .map(|e| (e.username, e.action, e.outcome))
        .collect()
}

fn draft() -> serde_json::Value {
    serde_json::json!({
        "observed_at": null, "completed_by": "patient",
        "symptoms": [{"score": 1}, {"score": 1}, {"score": 1}, {"score": 1}, {"score": 1}, {"score": 1}, {"score": 1}, {"score": 1}, {"score": 1}],
        "other_name": "", "other": "unanswered", "pain_now": null, "pain_worst_24h": null,
        "pain_average_24h": null, "breakthrough": null, "body_marks": [], "note": ""
    })
}

#[tokio::test]
async fn login_gives_a_strict_http_only_cookie_and_a_new_session_each_time() {
    let app = app().await;
    let answer = login_answer(&app, "demo.sykepleier", DEMO_PASSWORD).await;
    let cookie = answer.headers.get(header::SET_COOKIE).expect("cookie").to_str().expect("ascii").to_string();
    assert!(cookie.starts_with("lindra_session="), "{cookie}");
    for flag in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(flag), "{flag} missing in {cookie}");
    }
    assert!(!cookie.contains("Secure"), "plain http on loopback");
    let first = login(&app, "demo.sykepleier").await;
    let second = login(&app, "demo.sykepleier").await;
    assert_ne!(first, second, "a new session id at every login");
    assert_eq!(get(&app, "/enhet/1", &first).await.status, StatusCode::OK);
    assert_eq!(get(&app, "/enhet/1", &second).await.status, StatusCode::OK);
    let log = app.storage.audit_for_patient(0, 10).await.expect("audit");
    assert!(log.is_empty(), "login rows carry no patient");
}

#[tokio::test]
async fn over_https_the_cookie_is_secure_with_the_host_prefix_and_hsts_is_sent() {
    let app = app_on(lindra_tests::sqlite().await, true).await;
    let answer = login_answer(&app, "demo.sykepleier", DEMO_PASSWORD).await;
    let cookie = answer.headers.get(header::SET_COOKIE).expect("cookie").to_str().expect("ascii").to_string();
    assert!(cookie.starts_with("__Host-lindra_session="), "{cookie}");
    assert!(cookie.contains("; Secure"));
    let cookie = cookie.split(';').next().expect("pair").to_string();
    let page = get(&app, "/enhet/1", &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.headers.get(header::STRICT_TRANSPORT_SECURITY).is_some());
}

#[tokio::test]
async fn a_wrong_password_is_refused_and_logged() {
    let app = app().await;
    let answer = login_answer(&app, "demo.sykepleier", "feil-passord-her").await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    assert_eq!(answer.headers.get(header::LOCATION).map(|v| v.as_bytes()), Some(&b"/logg-inn?feil=1"[..]));
    assert!(answer.headers.get(header::SET_COOKIE).is_none());
    let unknown = login_answer(&app, "finnes.ikke", DEMO_PASSWORD).await;
    assert_eq!(
        unknown.headers.get(header::LOCATION),
        answer.headers.get(header::LOCATION),
        "same answer for unknown users"
    );
}

#[tokio::test]
async fn the_throttle_trips_at_the_eleventh_failure() {
    let app = app().await;
    for attempt in 1..=10 {
        let answer = login_answer(&app, "demo.sykepleier", "feil-passord-her").await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "attempt {attempt}");
    }
    let eleventh = login_answer(&app, "demo.sykepleier", "feil-passord-her").await;
    assert_eq!(eleventh.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(eleventh.body.contains("For mange mislykkede innlogginger"));
    let right = login_answer(&app, "demo.sykepleier", DEMO_PASSWORD).await;
    assert_eq!(right.status, StatusCode::TOO_MANY_REQUESTS, "the right password does not get through either");
    // Another account from the same address is not locked out.
    assert_eq!(login_answer(&app, "demo.helsefag", DEMO_PASSWORD).await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn nothing_without_a_session() {
    let app = app().await;
    let page = get(&app, "/pasient/1", "").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.headers.get(header::LOCATION).map(|v| v.as_bytes()), Some(&b"/logg-inn"[..]));
    let forged = get(&app, "/pasient/1", &format!("lindra_session={}", "a".repeat(64))).await;
    assert_eq!(forged.status, StatusCode::SEE_OTHER);
    let api = post_json(
        &app,
        "/api/record_registration",
        "",
        serde_json::json!({"patient_id": 1, "request_id": "x", "draft": draft()}),
    )
    .await;
    assert_eq!(api.status, StatusCode::UNAUTHORIZED);
    assert!(api.body.contains("ikke logget inn"));
    assert_eq!(get(&app, "/logg-inn", "").await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_user_of_one_unit_reaches_no_patient_of_another_by_any_route() {
    let app = app().await;
    let cookie = login(&app, "demo.sykepleier").await; // unit 1 only
    let other = patient_of_unit(&app, 2).await;
    let id = other.id;
    for uri in [format!("/pasient/{id}"), format!("/pasient/{id}/ny"), format!("/pasient/{id}/tilgangslogg")]
    {
        let page = get(&app, &uri, &cookie).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{uri}");
        assert!(page.body.contains("ikke tilgang"), "{uri}");
        assert!(!page.body.contains(&other.name), "{uri} shows the name");
    }
    for (uri, body) in [
        ("/api/patient_overview", format!("patient_id={id}")),
        ("/api/access_log", format!("patient_id={id}")),
    ] {
        let answer = post_form(&app, uri, &cookie, &body).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{uri}");
    }
    let record = post_json(
        &app,
        "/api/record_registration",
        &cookie,
        serde_json::json!({"patient_id": id, "request_id": "x", "draft": draft()}),
    )
    .await;
    assert_eq!(record.status, StatusCode::FORBIDDEN);
    assert!(app
        .storage
        .registrations(id, Default::default())
        .await
        .expect("list")
        .iter()
        .all(|r| r.recorded_by_name != "Demo Sykepleier"));
    let denied =
        audit(&app, id).await.into_iter().filter(|(u, _, o)| u == "demo.sykepleier" && o == "denied").count();
    assert_eq!(denied, 6, "one audit row for each refused attempt");
    let unit = get(&app, "/enhet/2", &cookie).await;
    assert_eq!(unit.status, StatusCode::FORBIDDEN);
    assert!(!unit.body.contains(&other.name));
    let units = post_form(&app, "/api/units", &cookie, "").await;
    assert!(!units.body.contains("avdeling 3"), "{}", units.body);
}

#[tokio::test]
async fn every_patient_route_leaves_an_audit_row() {
    let app = app().await;
    let cookie = login(&app, "demo.ressurs").await;
    let p = patient_of_unit(&app, 1).await;
    let id = p.id;
    assert_eq!(get(&app, "/enhet/1", &cookie).await.status, StatusCode::OK);
    assert_eq!(get(&app, &format!("/pasient/{id}"), &cookie).await.status, StatusCode::OK);
    assert_eq!(get(&app, &format!("/pasient/{id}/ny"), &cookie).await.status, StatusCode::OK);
    let log_page = get(&app, &format!("/pasient/{id}/tilgangslogg"), &cookie).await;
    assert_eq!(log_page.status, StatusCode::OK);
    assert!(log_page.body.contains("Åpnet pasientsiden"));
    let record = post_json(
        &app,
        "/api/record_registration",
        &cookie,
        serde_json::json!({"patient_id": id, "request_id": "walk", "draft": draft()}),
    )
    .await;
    assert_eq!(record.status, StatusCode::OK, "{}", record.body);
    let rows = audit(&app, id).await;
    for action in ["patient.read", "access_log.read", "registration.create"] {
        assert!(
            rows.contains(&("demo.ressurs".into(), action.into(), "ok".into())),
            "{action} not logged: {rows:?}"
        );
    }
}

#[tokio::test]
async fn only_resource_nurses_see_the_access_log() {
    let app = app().await;
    let cookie = login(&app, "demo.helsefag").await;
    let p = patient_of_unit(&app, 1).await;
    let page = get(&app, &format!("/pasient/{}/tilgangslogg", p.id), &cookie).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(audit(&app, p.id).await.contains(&(
        "demo.helsefag".into(),
        "access_log.read".into(),
        "denied".into()
    )));
}

#[tokio::test]
async fn logout_ends_the_session_everywhere() {
    let app = app().await;
    let cookie = login(&app, "demo.sykepleier").await;
    let out = post_form(&app, "/utlogging", &cookie, "").await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert!(out
        .headers
        .get(header::SET_COOKIE)
        .is_some_and(|c| c.to_str().is_ok_and(|c| c.contains("Max-Age=0"))));
    assert_eq!(get(&app, "/enhet/1", &cookie).await.status, StatusCode::SEE_OTHER, "the old cookie is dead");
}

#[tokio::test]
async fn disabling_a_user_ends_all_their_sessions() {
    let app = app().await;
    let a = login(&app, "demo.sykepleier").await;
    let b = login(&app, "demo.sykepleier").await;
    let user = app.storage.user_by_username("demo.sykepleier").await.expect("user").expect("some");
    app.storage.set_user_active(user.id, false).await.expect("disable");
    assert_eq!(get(&app, "/enhet/1", &a).await.status, StatusCode::SEE_OTHER);
    assert_eq!(get(&app, "/enhet/1", &b).await.status, StatusCode::SEE_OTHER);
    assert_eq!(
        login_answer(&app, "demo.sykepleier", DEMO_PASSWORD)
            .await
            .headers
            .get(header::LOCATION)
            .map(|v| v.as_bytes()),
        Some(&b"/logg-inn?feil=1"[..])
    );
}

#[tokio::test]
async fn idle_and_absolute_timeouts_end_sessions() {
    let app = app().await;
    let user = app.storage.user_by_username("demo.sykepleier").await.expect("user").expect("some");
    let now = Utc::now();
    let idle = token::new_token().expect("token");
    app.storage
        .create_session(&token::token_hash(&idle), user.id, now - Duration::minutes(16))
        .await
        .expect("session");
    assert_eq!(get(&app, "/enhet/1", &format!("lindra_session={idle}")).await.status, StatusCode::SEE_OTHER);
    assert!(app.storage.session(&token::token_hash(&idle)).await.expect("lookup").is_none(), "removed");
    let fresh = token::new_token().expect("token");
    app.storage
        .create_session(&token::token_hash(&fresh), user.id, now - Duration::minutes(14))
        .await
        .expect("session");
    assert_eq!(get(&app, "/enhet/1", &format!("lindra_session={fresh}")).await.status, StatusCode::OK);
    // Kept alive, but past 12 hours since login it ends anyway.
    let old = token::new_token().expect("token");
    app.storage
        .create_session(&token::token_hash(&old), user.id, now - Duration::hours(13))
        .await
        .expect("session");
    app.storage.touch_session(&token::token_hash(&old), now).await.expect("touch");
    assert_eq!(get(&app, "/enhet/1", &format!("lindra_session={old}")).await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn state_changes_from_another_site_are_refused() {
    let app = app().await;
    let cookie = login(&app, "demo.sykepleier").await;
    let p = patient_of_unit(&app, 1).await;
    let request = Request::post("/api/record_registration")
        .header(header::COOKIE, &cookie)
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::ORIGIN, "https://evil.example")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            serde_json::json!({"patient_id": p.id, "request_id": "csrf", "draft": draft()}).to_string(),
        ))
        .expect("request");
    assert_eq!(send(&app, request).await.status, StatusCode::FORBIDDEN);
    let same = Request::post("/api/record_registration")
        .header(header::COOKIE, &cookie)
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::ORIGIN, "http://127.0.0.1:3000")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            serde_json::json!({"patient_id": p.id, "request_id": "same", "draft": draft()}).to_string(),
        ))
        .expect("request");
    assert_eq!(send(&app, same).await.status, StatusCode::OK);
    let logout_get = get(&app, "/utlogging", &cookie).await;
    assert_ne!(logout_get.status, StatusCode::SEE_OTHER, "GET never changes state");
    assert_eq!(get(&app, "/enhet/1", &cookie).await.status, StatusCode::OK);
}

#[tokio::test]
async fn pages_carry_a_nonce_csp_and_no_store() {
    let app = app().await;
    let cookie = login(&app, "demo.sykepleier").await;
    let page = get(&app, "/enhet/1", &cookie).await;
    let csp =
        page.headers.get(header::CONTENT_SECURITY_POLICY).expect("csp").to_str().expect("ascii").to_string();
    let nonce = page.body.split("nonce=\"").nth(1).and_then(|s| s.split('"').next()).expect("a script nonce");
    assert!(csp.contains(&format!("'nonce-{nonce}'")), "{csp}");
    for part in ["default-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'"] {
        assert!(csp.contains(part), "{part} missing: {csp}");
    }
    assert!(!csp.contains("unsafe-inline"));
    assert_eq!(page.headers.get(header::CACHE_CONTROL).map(|v| v.as_bytes()), Some(&b"no-store"[..]));
    assert_eq!(page.headers.get(header::X_CONTENT_TYPE_OPTIONS).map(|v| v.as_bytes()), Some(&b"nosniff"[..]));
    assert!(page.headers.get(header::REFERRER_POLICY).is_some());
    let api = post_form(&app, "/api/units", &cookie, "").await;
    assert_eq!(api.headers.get(header::CACHE_CONTROL).map(|v| v.as_bytes()), Some(&b"no-store"[..]));
}

#[tokio::test]
async fn a_session_made_by_one_server_is_accepted_by_another_on_the_same_postgres() {
    let Some(db) = lindra_tests::postgres().await else { return };
    let url = db.url().expect("postgres url").to_string();
    let first = app_on(db, false).await;
    let cookie = login(&first, "demo.sykepleier").await;
    // A second, independent server process: its own pool and router on the same database.
    let storage = lindra_server::storage::open(&url, 4).await.expect("second pool");
    let auth = Auth { storage: storage.clone(), config: config(false) };
    let site = tempfile::tempdir().expect("site");
    let second = App {
        router: router(AppState { storage: storage.clone(), demo: true }, auth, leptos_options(site.path())),
        storage,
        _db: lindra_tests::sqlite().await,
        _site: site,
    };
    assert_eq!(get(&second, "/enhet/1", &cookie).await.status, StatusCode::OK);
    let out = post_form(&second, "/utlogging", &cookie, "").await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(
        get(&first, "/enhet/1", &cookie).await.status,
        StatusCode::SEE_OTHER,
        "logout on one ends it on both"
    );
}
