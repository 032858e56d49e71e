//! Who may see what, over HTTP without a socket: login and its cookie, throttling, sessions that
//! end (logout, disabling, idle and absolute timeouts), access by care unit on every patient
//! route with an audit row for each attempt, same-origin checks and security headers.

use axum::body::Body;
use chrono::{Duration, Utc};
use http::{header, Request, StatusCode};
use lindra_app::pages::login::DEMO_PASSWORD;
use lindra_server::auth::token;
use lindra_tests::app::{app_router_and_refusals, sqlite_app, test_app, valid_draft, TestApp};

#[tokio::test]
async fn login_gives_a_strict_http_only_cookie_and_a_new_session_each_time() {
    let app = sqlite_app().await;
    let answer = app.login_answer("demo.sykepleier", DEMO_PASSWORD).await;
    let cookie = answer.headers.get(header::SET_COOKIE).expect("cookie").to_str().expect("ascii").to_string();
    assert!(cookie.starts_with("lindra_session="), "{cookie}");
    for flag in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(flag), "{flag} missing in {cookie}");
    }
    assert!(!cookie.contains("Secure"), "plain http on loopback");
    let first = app.login("demo.sykepleier").await;
    let second = app.login("demo.sykepleier").await;
    assert_ne!(first, second, "a new session id at every login");
    assert_eq!(app.get("/enhet/1", &first).await.status, StatusCode::OK);
    assert_eq!(app.get("/enhet/1", &second).await.status, StatusCode::OK);
    let log = app.storage.audit_for_patient(0, 10).await.expect("audit");
    assert!(log.is_empty(), "login rows carry no patient");
}

#[tokio::test]
async fn over_https_the_cookie_is_secure_with_the_host_prefix_and_hsts_is_sent() {
    let app = test_app(lindra_tests::sqlite().await, true).await;
    let answer = app.login_answer("demo.sykepleier", DEMO_PASSWORD).await;
    let cookie = answer.headers.get(header::SET_COOKIE).expect("cookie").to_str().expect("ascii").to_string();
    assert!(cookie.starts_with("__Host-lindra_session="), "{cookie}");
    assert!(cookie.contains("; Secure"));
    let cookie = cookie.split(';').next().expect("pair").to_string();
    let page = app.get("/enhet/1", &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.headers.get(header::STRICT_TRANSPORT_SECURITY).is_some());
}

#[tokio::test]
async fn a_wrong_password_is_refused_and_logged() {
    let app = sqlite_app().await;
    let answer = app.login_answer("demo.sykepleier", "feil-passord-her").await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    assert_eq!(answer.headers.get(header::LOCATION).map(|v| v.as_bytes()), Some(&b"/logg-inn?feil=1"[..]));
    assert!(answer.headers.get(header::SET_COOKIE).is_none());
    let unknown = app.login_answer("finnes.ikke", DEMO_PASSWORD).await;
    assert_eq!(
        unknown.headers.get(header::LOCATION),
        answer.headers.get(header::LOCATION),
        "same answer for unknown users"
    );
}

#[tokio::test]
async fn the_throttle_trips_at_the_eleventh_failure() {
    let app = sqlite_app().await;
    for attempt in 1..=10 {
        let answer = app.login_answer("demo.sykepleier", "feil-passord-her").await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "attempt {attempt}");
    }
    let eleventh = app.login_answer("demo.sykepleier", "feil-passord-her").await;
    assert_eq!(eleventh.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(eleventh.body.contains("For mange mislykkede innlogginger"));
    let right = app.login_answer("demo.sykepleier", DEMO_PASSWORD).await;
    assert_eq!(right.status, StatusCode::TOO_MANY_REQUESTS, "the right password does not get through either");
    // Another account from the same address is not locked out.
    assert_eq!(app.login_answer("demo.helsefag", DEMO_PASSWORD).await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn nothing_without_a_session() {
    let app = sqlite_app().await;
    let page = app.get("/pasient/1", "").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.headers.get(header::LOCATION).map(|v| v.as_bytes()), Some(&b"/logg-inn"[..]));
    let forged = app.get("/pasient/1", &format!("lindra_session={}", "a".repeat(64))).await;
    assert_eq!(forged.status, StatusCode::SEE_OTHER);
    let api = app
        .post_json(
            "/api/record_registration",
            "",
            serde_json::json!({"patient_id": 1, "request_id": "x", "draft": valid_draft()}),
        )
        .await;
    assert_eq!(api.status, StatusCode::UNAUTHORIZED);
    assert!(api.body.contains("ikke logget inn"));
    assert_eq!(app.get("/logg-inn", "").await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_user_of_one_unit_reaches_no_patient_of_another_by_any_route() {
    let app = sqlite_app().await;
    let cookie = app.login("demo.sykepleier").await; // unit 1 only
    let other = app.patient_of_unit(2).await;
    let id = other.id;
    for uri in [format!("/pasient/{id}"), format!("/pasient/{id}/ny"), format!("/pasient/{id}/tilgangslogg")]
    {
        let page = app.get(&uri, &cookie).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{uri}");
        assert!(page.body.contains("ikke tilgang"), "{uri}");
        assert!(!page.body.contains(&other.name), "{uri} shows the name");
    }
    for uri in ["/api/patient_overview", "/api/access_log"] {
        let answer = app.post_json(uri, &cookie, serde_json::json!({ "patient_id": id })).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{uri}");
    }
    let record = app
        .post_json(
            "/api/record_registration",
            &cookie,
            serde_json::json!({"patient_id": id, "request_id": "x", "draft": valid_draft()}),
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
        app.audit(id).await.into_iter().filter(|(u, _, o)| u == "demo.sykepleier" && o == "denied").count();
    assert_eq!(denied, 6, "one audit row for each refused attempt");
    let unit = app.get("/enhet/2", &cookie).await;
    assert_eq!(unit.status, StatusCode::FORBIDDEN);
    assert!(!unit.body.contains(&other.name));
    let units = app.post_json("/api/units", &cookie, serde_json::json!({})).await;
    assert!(!units.body.contains("avdeling 3"), "{}", units.body);
}

#[tokio::test]
async fn every_patient_route_leaves_an_audit_row() {
    let app = sqlite_app().await;
    let cookie = app.login("demo.ressurs").await;
    let p = app.patient_of_unit(1).await;
    let id = p.id;
    assert_eq!(app.get("/enhet/1", &cookie).await.status, StatusCode::OK);
    assert_eq!(app.get(&format!("/pasient/{id}"), &cookie).await.status, StatusCode::OK);
    assert_eq!(app.get(&format!("/pasient/{id}/ny"), &cookie).await.status, StatusCode::OK);
    let log_page = app.get(&format!("/pasient/{id}/tilgangslogg"), &cookie).await;
    assert_eq!(log_page.status, StatusCode::OK);
    assert!(log_page.body.contains("Åpnet pasientsiden"));
    let record = app
        .post_json(
            "/api/record_registration",
            &cookie,
            serde_json::json!({"patient_id": id, "request_id": "walk", "draft": valid_draft()}),
        )
        .await;
    assert_eq!(record.status, StatusCode::OK, "{}", record.body);
    let rows = app.audit(id).await;
    for action in ["patient.read", "access_log.read", "registration.create"] {
        assert!(
            rows.contains(&("demo.ressurs".into(), action.into(), "ok".into())),
            "{action} not logged: {rows:?}"
        );
    }
}

#[tokio::test]
async fn only_resource_nurses_see_the_access_log() {
    let app = sqlite_app().await;
    let cookie = app.login("demo.helsefag").await;
    let p = app.patient_of_unit(1).await;
    let page = app.get(&format!("/pasient/{}/tilgangslogg", p.id), &cookie).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(app.audit(p.id).await.contains(&(
        "demo.helsefag".into(),
        "access_log.read".into(),
        "denied".into()
    )));
}

#[tokio::test]
async fn logout_ends_the_session_everywhere() {
    let app = sqlite_app().await;
    let cookie = app.login("demo.sykepleier").await;
    let out = app.post_form("/utlogging", &cookie, "").await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert!(out
        .headers
        .get(header::SET_COOKIE)
        .is_some_and(|c| c.to_str().is_ok_and(|c| c.contains("Max-Age=0"))));
    assert_eq!(app.get("/enhet/1", &cookie).await.status, StatusCode::SEE_OTHER, "the old cookie is dead");
}

#[tokio::test]
async fn signing_in_again_ends_the_session_the_browser_came_with() {
    let app = sqlite_app().await;
    let first = app.login("demo.sykepleier").await;
    let request = Request::post("/innlogging")
        .header(header::COOKIE, &first)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!("brukernavn=demo.sykepleier&passord={DEMO_PASSWORD}")))
        .expect("request");
    let again = app.send(request).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    let second =
        again.header(header::SET_COOKIE).and_then(|c| c.split(';').next()).expect("a new cookie").to_string();
    assert_ne!(second, first, "a new session id");
    assert_eq!(
        app.get("/enhet/1", &first).await.status,
        StatusCode::SEE_OTHER,
        "the earlier session is ended"
    );
    assert_eq!(app.get("/enhet/1", &second).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_new_password_ends_the_users_sessions() {
    let app = sqlite_app().await;
    let (a, b) = (app.login("demo.sykepleier").await, app.login("demo.sykepleier").await);
    let other = app.login("demo.helsefag").await;
    let user = app.storage.user_by_username("demo.sykepleier").await.expect("user").expect("some");
    let hash = lindra_server::auth::password::hash("et nytt langt passord", &[]).expect("hash");
    app.storage.set_password(user.id, &hash, None).await.expect("set");
    assert_eq!(app.get("/enhet/1", &a).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.get("/enhet/1", &b).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.get("/enhet/1", &other).await.status, StatusCode::OK, "another user's session stays");
    let new = app.login_answer("demo.sykepleier", "et nytt langt passord").await;
    assert_eq!(new.header(header::LOCATION), Some("/"));
}

#[tokio::test]
async fn the_administrator_ends_a_users_sessions_without_disabling_the_user() {
    let app = sqlite_app().await;
    let (a, b) = (app.login("demo.sykepleier").await, app.login("demo.sykepleier").await);
    let other = app.login("demo.helsefag").await;
    let user = app.storage.user_by_username("demo.sykepleier").await.expect("user").expect("some");
    let body = serde_json::json!({"user_id": user.id});
    let refused = app.post_json("/api/admin_end_sessions", &other, body.clone()).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "only the administrator");
    assert_eq!(app.get("/enhet/1", &a).await.status, StatusCode::OK);
    let admin = app.login("demo.admin").await;
    let ended = app.post_json("/api/admin_end_sessions", &admin, body).await;
    assert_eq!((ended.status, ended.body.as_str()), (StatusCode::OK, "2"));
    assert_eq!(app.get("/enhet/1", &a).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.get("/enhet/1", &b).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.get("/enhet/1", &other).await.status, StatusCode::OK, "another user's session stays");
    assert_eq!(
        app.login_answer("demo.sykepleier", DEMO_PASSWORD).await.header(header::LOCATION),
        Some("/"),
        "still enabled"
    );
}

/// Makes `username` with the administrator's session; answers her start password.
async fn new_user_with_start_password(app: &TestApp, admin: &str, username: &str, name: &str) -> String {
    let user = serde_json::json!({"user": {"username": username, "display_name": name, "role": "sykepleier", "unit_ids": [1]}});
    let made = app.post_json("/api/admin_create_user", admin, user).await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.body);
    let made: serde_json::Value = serde_json::from_str(&made.body).expect("json");
    made["start_password"]["password"].as_str().expect("a start password").to_string()
}

#[tokio::test]
async fn common_passwords_are_refused_at_the_field() {
    let app = sqlite_app().await;
    let admin = app.login("demo.admin").await;
    let start = new_user_with_start_password(&app, &admin, "kari.n", "Kari Nordmann").await;
    let cookie = app.login_answer("kari.n", &start).await.session_cookie().expect("signed in");
    for (password, code, words) in [
        ("Sommer2026!!!", "vanlig", "vanligste"),
        ("qwerty123456", "vanlig", "vanligste"),
        ("passordpassord", "gjentatt", "gjentatt"),
        ("kari.nordmann1", "personlig", "navnet ditt"),
    ] {
        let form = serde_urlencoded::to_string([("nytt", password), ("nytt2", password)]).expect("form");
        let refused = app.post_form("/innlogging/nytt-passord", &cookie, &form).await;
        let to = format!("/nytt-passord?passord={code}");
        assert_eq!(refused.header(header::LOCATION), Some(to.as_str()), "{password}");
        let page = app.get(&to, &cookie).await;
        assert!(page.body.contains(words) && page.body.contains("id=\"passord-nytt-error\""), "{password}");
    }
    assert_eq!(
        app.login_answer("kari.n", &start).await.header(header::LOCATION),
        Some("/nytt-passord"),
        "kept"
    );
}

#[tokio::test]
async fn disabling_a_user_ends_all_their_sessions() {
    let app = sqlite_app().await;
    let a = app.login("demo.sykepleier").await;
    let b = app.login("demo.sykepleier").await;
    let user = app.storage.user_by_username("demo.sykepleier").await.expect("user").expect("some");
    app.storage.set_user_active(user.id, false).await.expect("disable");
    assert_eq!(app.get("/enhet/1", &a).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.get("/enhet/1", &b).await.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.login_answer("demo.sykepleier", DEMO_PASSWORD)
            .await
            .headers
            .get(header::LOCATION)
            .map(|v| v.as_bytes()),
        Some(&b"/logg-inn?feil=1"[..])
    );
}

#[tokio::test]
async fn idle_and_absolute_timeouts_end_sessions() {
    let app = sqlite_app().await;
    let user = app.storage.user_by_username("demo.sykepleier").await.expect("user").expect("some");
    let now = Utc::now();
    let idle = token::new_token().expect("token");
    app.storage
        .create_session(&token::token_hash(&idle), user.id, now - Duration::minutes(16))
        .await
        .expect("session");
    assert_eq!(app.get("/enhet/1", &format!("lindra_session={idle}")).await.status, StatusCode::SEE_OTHER);
    assert!(app.storage.session(&token::token_hash(&idle)).await.expect("lookup").is_none(), "removed");
    let fresh = token::new_token().expect("token");
    app.storage
        .create_session(&token::token_hash(&fresh), user.id, now - Duration::minutes(14))
        .await
        .expect("session");
    assert_eq!(app.get("/enhet/1", &format!("lindra_session={fresh}")).await.status, StatusCode::OK);
    // Kept alive, but past 12 hours since login it ends anyway.
    let old = token::new_token().expect("token");
    app.storage
        .create_session(&token::token_hash(&old), user.id, now - Duration::hours(13))
        .await
        .expect("session");
    app.storage.touch_session(&token::token_hash(&old), now).await.expect("touch");
    assert_eq!(app.get("/enhet/1", &format!("lindra_session={old}")).await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn state_changes_from_another_site_are_refused() {
    let app = sqlite_app().await;
    let cookie = app.login("demo.sykepleier").await;
    let p = app.patient_of_unit(1).await;
    let request = Request::post("/api/record_registration")
        .header(header::COOKIE, &cookie)
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::ORIGIN, "https://evil.example")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            serde_json::json!({"patient_id": p.id, "request_id": "csrf", "draft": valid_draft()}).to_string(),
        ))
        .expect("request");
    assert_eq!(app.send(request).await.status, StatusCode::FORBIDDEN);
    let same = Request::post("/api/record_registration")
        .header(header::COOKIE, &cookie)
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::ORIGIN, lindra_tests::app::ORIGIN)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            serde_json::json!({"patient_id": p.id, "request_id": "same", "draft": valid_draft()}).to_string(),
        ))
        .expect("request");
    assert_eq!(app.send(same).await.status, StatusCode::OK);
    let logout_get = app.get("/utlogging", &cookie).await;
    assert_ne!(logout_get.status, StatusCode::SEE_OTHER, "GET never changes state");
    assert_eq!(app.get("/enhet/1", &cookie).await.status, StatusCode::OK);
}

/// Several pages rendered at once each carry the policy with their own nonce (the nonce is made
/// per request by the server, not read back from the render). The browser failure this guards
/// against (a page right after login served with the fallback policy) did not reproduce here;
/// the browser tests open pages right after login and would catch it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_pages_each_carry_their_own_nonce() {
    let app = sqlite_app().await;
    let cookie = app.login("demo.ressurs").await;
    let uris =
        ["/", "/enhet/1/oversikt", "/pasient/2/forlop?periode=7", "/pasient/1", "/pasient/1/ny", "/enhet/2"];
    let pages = futures_join(&app, &cookie, &uris).await;
    for (uri, page) in uris.iter().zip(pages) {
        assert_eq!(page.status, StatusCode::OK, "{uri}");
        let csp = page.header(header::CONTENT_SECURITY_POLICY).unwrap_or_default().to_string();
        let nonce =
            page.body.split("nonce=\"").nth(1).and_then(|s| s.split('"').next()).expect("a script nonce");
        assert!(csp.contains(&format!("'nonce-{nonce}'")), "{uri}: {csp}");
    }
}

async fn futures_join(app: &TestApp, cookie: &str, uris: &[&str]) -> Vec<lindra_tests::app::Answer> {
    let mut tasks = Vec::new();
    for uri in uris {
        let request = Request::get(*uri).header(header::COOKIE, cookie).body(Body::empty()).expect("request");
        let router = app.router.clone();
        tasks.push(tokio::spawn(async move {
            use tower::ServiceExt;
            let response = router.oneshot(request).await.expect("response");
            let status = response.status();
            let headers = response.headers().clone();
            let bytes = axum::body::to_bytes(response.into_body(), 16 << 20).await.expect("body");
            lindra_tests::app::Answer { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
        }));
    }
    let mut answers = Vec::new();
    for task in tasks {
        answers.push(task.await.expect("task"));
    }
    answers
}

#[tokio::test]
async fn pages_carry_a_nonce_csp_and_no_store() {
    let app = sqlite_app().await;
    let cookie = app.login("demo.sykepleier").await;
    let page = app.get("/enhet/1", &cookie).await;
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
    let api = app.post_json("/api/units", &cookie, serde_json::json!({})).await;
    assert_eq!(api.headers.get(header::CACHE_CONTROL).map(|v| v.as_bytes()), Some(&b"no-store"[..]));
}

#[tokio::test]
async fn a_session_made_by_one_server_is_accepted_by_another_on_the_same_postgres() {
    let Some(db) = lindra_tests::postgres().await else { return };
    let url = db.url().expect("postgres url").to_string();
    let first = test_app(db, false).await;
    let cookie = first.login("demo.sykepleier").await;
    // A second, independent server: its own pool, state and router on the same database.
    let storage = lindra_server::storage::open(&url, 4).await.expect("second pool");
    let (router, refusals) = app_router_and_refusals(&storage, false, &first.site);
    let second = TestApp {
        router,
        refusals,
        storage,
        db: lindra_tests::sqlite().await,
        site: tempfile::tempdir().expect("site"),
    };
    assert_eq!(second.get("/enhet/1", &cookie).await.status, StatusCode::OK);
    let out = second.post_form("/utlogging", &cookie, "").await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(
        first.get("/enhet/1", &cookie).await.status,
        StatusCode::SEE_OTHER,
        "logout on one ends it on both"
    );
}

#[tokio::test]
async fn only_the_administrator_manages_units_users_and_patients() {
    let app = sqlite_app().await;
    let nurse = app.login("demo.ressurs").await;
    let refused = app.post_json("/api/admin", &nurse, serde_json::json!({})).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let created = app
        .post_json("/api/admin_create_unit", &nurse, serde_json::json!({"unit": {"name": "X", "kind": "sykehjem", "assessment_interval_hours": 24, "contact_phone": "", "contact_after_hours": "", "prn_reassess_minutes": 60, "reassess_minutes": 120, "shifts": "Dag 07:00, Kveld 15:00, Natt 23:00"}}))
        .await;
    assert_eq!(created.status, StatusCode::FORBIDDEN);
    assert_eq!(app.storage.units().await.expect("units").len(), 2);

    let admin = app.login("demo.admin").await;
    let page = app.get("/admin", &admin).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("demo.sykepleier"));

    // Every wrong field at once, in Norwegian, naming the field.
    let bad = app
        .post_json("/api/admin_create_user", &admin, serde_json::json!({"user": {"username": "Ola Nordmann", "display_name": "", "role": null, "unit_ids": []}}))
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    for message in ["Brukernavn:", "Fullt navn:", "Rolle:"] {
        assert!(bad.body.contains(message), "{message} missing in {}", bad.body);
    }
    let start = new_user_with_start_password(&app, &admin, "kari.n", "Kari Nordmann").await;
    let kari = app.login_answer("kari.n", &start).await;
    assert_eq!(kari.status, StatusCode::SEE_OTHER);
    assert_eq!(kari.header(header::LOCATION), Some("/nytt-passord"));

    // A move keeps the history, and access follows the patient's unit.
    let patient = app.patient_of_unit(1).await;
    let before = app.storage.registrations(patient.id, Default::default()).await.expect("history").len();
    let nurse1 = app.login("demo.sykepleier").await;
    assert_eq!(app.get(&format!("/pasient/{}", patient.id), &nurse1).await.status, StatusCode::OK);
    let moved = app
        .post_json(
            "/api/admin_move_patient",
            &admin,
            serde_json::json!({"patient_id": patient.id, "unit_id": 2}),
        )
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.body);
    assert_eq!(
        app.storage.registrations(patient.id, Default::default()).await.expect("history").len(),
        before
    );
    assert_eq!(app.get(&format!("/pasient/{}", patient.id), &nurse1).await.status, StatusCode::FORBIDDEN);
    let nurse2 = app.login("demo.avd3").await;
    assert_eq!(app.get(&format!("/pasient/{}", patient.id), &nurse2).await.status, StatusCode::OK);
    assert!(app.audit(patient.id).await.contains(&("demo.admin".into(), "patient.move".into(), "ok".into())));

    // The administrator sees no clinical data: no unit of their own, so no patient page.
    assert_eq!(app.get(&format!("/pasient/{}", patient.id), &admin).await.status, StatusCode::FORBIDDEN);

    // Disabling from the UI ends the user's sessions.
    let id = app.storage.user_by_username("demo.avd3").await.expect("user").expect("some").id;
    let off = app
        .post_json("/api/admin_set_user_active", &admin, serde_json::json!({"user_id": id, "active": false}))
        .await;
    assert_eq!(off.status, StatusCode::OK, "{}", off.body);
    assert_eq!(app.get("/enhet/2", &nurse2).await.status, StatusCode::SEE_OTHER);
}

/// ASVS 7.5.2 (issue 21): a user sees her own sessions on «Innstillinger» and ends one or all of
/// the others with her password; a wrong password ends none; this session stays; each attempt is
/// in the log.
#[tokio::test]
async fn a_user_sees_her_sessions_and_ends_the_others_with_her_password() {
    let app = sqlite_app().await;
    let ward = app.login("demo.sykepleier").await;
    let office = app.login("demo.sykepleier").await;
    let home = app.login("demo.sykepleier").await;
    let colleague = app.login("demo.helsefag").await;
    let sessions = app.post_json("/api/own_sessions", &ward, serde_json::json!({})).await;
    assert_eq!(sessions.status, StatusCode::OK, "{}", sessions.body);
    let list: Vec<serde_json::Value> = serde_json::from_str(&sessions.body).expect("json");
    assert_eq!(list.len(), 3, "her three, not her colleague's: {list:?}");
    assert_eq!(list.iter().filter(|s| s["current"] == true).count(), 1);
    let page = app.get("/innstillinger", &ward).await;
    assert!(page.body.contains("Logg ut alle de andre"), "{}", page.body);

    let end = |password: &str, which: &str| {
        serde_urlencoded::to_string([("passord", password), ("okt", which)]).expect("form")
    };
    let wrong = app.post_form("/innstillinger/okter", &ward, &end("feil passord", "alle")).await;
    assert_eq!(wrong.header(header::LOCATION), Some("/innstillinger?okter=passord#okter"));
    assert_eq!(app.get("/enhet/1", &home).await.status, StatusCode::OK, "none ended");

    // One: the office's, chosen by its handle.
    let handle = list
        .iter()
        .filter_map(|s| s["handle"].as_str())
        .find(|h| token_hash_of(&office).starts_with(h))
        .expect("the office session is listed")
        .to_string();
    let one = app.post_form("/innstillinger/okter", &ward, &end(DEMO_PASSWORD, &handle)).await;
    assert_eq!(one.header(header::LOCATION), Some("/innstillinger?avsluttet=1#okter"));
    assert_eq!(app.get("/enhet/1", &office).await.header(header::LOCATION), Some("/logg-inn"));
    assert_eq!(app.get("/enhet/1", &home).await.status, StatusCode::OK);
    // All the others: home goes, this one and the colleague's stay.
    let all = app.post_form("/innstillinger/okter", &ward, &end(DEMO_PASSWORD, "alle")).await;
    assert_eq!(all.header(header::LOCATION), Some("/innstillinger?avsluttet=1#okter"));
    assert_eq!(app.get("/enhet/1", &home).await.header(header::LOCATION), Some("/logg-inn"));
    assert_eq!(app.get("/enhet/1", &ward).await.status, StatusCode::OK);
    assert_eq!(app.get("/enhet/1", &colleague).await.status, StatusCode::OK);
    let user = app.storage.user_by_username("demo.sykepleier").await.expect("user").expect("some");
    let rows: Vec<String> = app
        .storage
        .audit_without_patient(200)
        .await
        .expect("audit")
        .into_iter()
        .filter(|e| e.user_id == Some(user.id) && e.action == lindra_app::model::AuditAction::SessionsEnd)
        .map(|e| e.outcome.code().to_string())
        .collect();
    assert_eq!(rows, ["ok", "ok", "failed"], "newest first");
}

/// The SHA-256 of the token in a `name=value` cookie.
fn token_hash_of(cookie: &str) -> String {
    token::token_hash(cookie.split_once('=').expect("name=value").1)
}

/// ASVS 6.2.2 and 6.2.3: a user changes her own password with the current one, the new one
/// twice and by the password policy; each refusal is shown at its field and changes nothing;
/// the change ends every session of hers and gives this browser a new one.
#[tokio::test]
async fn a_start_password_is_random_works_once_to_choose_her_own_and_runs_out() {
    let app = sqlite_app().await;
    let admin = app.login("demo.admin").await;
    let made = app
        .post_json("/api/admin_create_user", &admin, serde_json::json!({"user": {"username": "kari.n", "display_name": "Kari Nordmann", "role": "sykepleier", "unit_ids": [1]}}))
        .await;
    let made: serde_json::Value = serde_json::from_str(&made.body).expect("json");
    let start = made["start_password"]["password"].as_str().expect("shown once").to_string();
    assert_eq!(start.len(), 19, "{start}");
    let until: chrono::DateTime<chrono::Utc> =
        serde_json::from_value(made["start_password"]["valid_until"].clone()).expect("until");
    let hours = (until - chrono::Utc::now()).num_minutes() as f64 / 60.0;
    assert!((71.9..=72.0).contains(&hours), "{hours} hours");
    let other = new_user_with_start_password(&app, &admin, "ola.n", "Ola Nordmann").await;
    assert_ne!(start, other, "each is drawn anew");
    let kari = app.storage.user_by_username("kari.n").await.expect("lookup").expect("made");
    let stored = app.storage.password_hash(kari.id).await.expect("hash").expect("set");
    assert!(stored.starts_with("$argon2id$") && !stored.contains(&start), "kept only as a hash");

    // Signed in with it, she reaches only the page that replaces it.
    let answer = app.login_answer("kari.n", &start).await;
    assert_eq!(answer.header(header::LOCATION), Some("/nytt-passord"));
    let cookie = answer.session_cookie().expect("a session");
    let page = app.get("/nytt-passord", &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Velg ditt eget passord") && !page.body.contains("name=\"passord\""),
        "no current password asked"
    );
    assert_eq!(app.get("/enhet/1", &cookie).await.header(header::LOCATION), Some("/nytt-passord"));
    assert_eq!(
        app.post_json("/api/current_session", &cookie, serde_json::json!({})).await.status,
        StatusCode::OK
    );
    let refused = app.post_json("/api/unit_patients", &cookie, serde_json::json!({"unit_id": 1})).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED, "{}", refused.body);
    let change = |new: &str, again: &str| {
        serde_urlencoded::to_string([("nytt", new), ("nytt2", again)]).expect("form")
    };
    let good = "tre ord om fjellet";
    for (new, again, code) in [("kort", "kort", "kort"), (good, "tre ord om fjorden", "ulike")] {
        let refused = app.post_form("/innlogging/nytt-passord", &cookie, &change(new, again)).await;
        let to = format!("/nytt-passord?passord={code}");
        assert_eq!(refused.header(header::LOCATION), Some(to.as_str()), "{code}");
    }
    // Her own own settings form is not open to her yet; the start form is not open to others.
    let nurse = app.login("demo.sykepleier").await;
    assert_eq!(
        app.post_form("/innlogging/nytt-passord", &nurse, &change(good, good)).await.header(header::LOCATION),
        Some("/innstillinger")
    );
    let answer = app.post_form("/innlogging/nytt-passord", &cookie, &change(good, good)).await;
    assert_eq!(answer.header(header::LOCATION), Some("/"), "on into Lindra");
    let own = answer.session_cookie().expect("a new session");
    assert_ne!(own, cookie);
    assert_eq!(app.get("/enhet/1", &own).await.status, StatusCode::OK);
    assert_eq!(
        app.get("/enhet/1", &cookie).await.header(header::LOCATION),
        Some("/logg-inn"),
        "old one ended"
    );
    assert_eq!(app.login_answer("kari.n", &start).await.header(header::LOCATION), Some("/logg-inn?feil=1"));
    assert_eq!(app.login_answer("kari.n", good).await.header(header::LOCATION), Some("/"), "hers for good");
    assert_eq!(app.storage.start_password_until(kari.id).await.expect("until"), None);

    // A forgotten password: a new start password ends her sessions; only the administrator.
    let refused =
        app.post_json("/api/admin_new_start_password", &nurse, serde_json::json!({"user_id": kari.id})).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let again =
        app.post_json("/api/admin_new_start_password", &admin, serde_json::json!({"user_id": kari.id})).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    let again: serde_json::Value = serde_json::from_str(&again.body).expect("json");
    let second = again["password"].as_str().expect("shown once").to_string();
    assert_eq!(app.get("/enhet/1", &own).await.status, StatusCode::SEE_OTHER, "her sessions ended");
    assert_eq!(app.login_answer("kari.n", good).await.header(header::LOCATION), Some("/logg-inn?feil=1"));
    assert_eq!(app.login_answer("kari.n", &second).await.header(header::LOCATION), Some("/nytt-passord"));

    // Unused past its time, it opens nothing, and says why.
    let (third, hash) = lindra_server::auth::password::new_start_password(&["kari.n"]).expect("made");
    let past = chrono::Utc::now() - chrono::Duration::minutes(1);
    app.storage.set_password(kari.id, &hash, Some(past)).await.expect("set");
    let expired = app.login_answer("kari.n", &third).await;
    assert_eq!(expired.header(header::LOCATION), Some("/logg-inn?feil=utlopt"));
    assert_eq!(expired.session_cookie(), None);
    let page = app.get("/logg-inn?feil=utlopt", "").await;
    assert!(page.body.contains("Startpassordet er for gammelt"), "{}", page.body);

    let rows: Vec<(String, String, String)> = app
        .events_without_patient()
        .await
        .into_iter()
        .filter(|e| e.username == "kari.n" || e.object.contains("kari.n"))
        .map(|e| (e.action.code().to_string(), e.outcome.code().to_string(), e.object))
        .collect();
    let expected: Vec<(String, String, String)> = [
        ("admin.user.create", "ok", "user/kari.n"),
        ("login", "ok", "user/kari.n"),
        ("request", "not_signed_in", "GET /enhet/1"),
        ("request", "not_signed_in", "POST /api/unit_patients"),
        ("password.change", "invalid", "user/kari.n"),
        ("password.change", "invalid", "user/kari.n"),
        ("password.change", "ok", "user/kari.n"),
        ("patient_list.read", "ok", "unit/1"),
        ("login", "failed", "user/kari.n"),
        ("login", "ok", "user/kari.n"),
        ("admin.user.start_password", "ok", "user/kari.n"),
        ("login", "failed", "user/kari.n"),
        ("login", "ok", "user/kari.n"),
        ("login", "denied", "password/expired"),
    ]
    .into_iter()
    .map(|(a, o, object)| (a.to_string(), o.to_string(), object.to_string()))
    .collect();
    assert_eq!(rows, expected);
}

#[tokio::test]
async fn with_password_sign_in_off_a_new_user_gets_no_start_password() {
    let mut app = sqlite_app().await;
    let admin = app.login("demo.admin").await;
    // The same database served with single sign-on only; the administrator's session serves.
    (app.router, app.refusals) = lindra_tests::app::app_router_without_passwords(&app.storage, &app.site);
    let data = app.post_json("/api/admin", &admin, serde_json::json!({})).await;
    assert_eq!(data.status, StatusCode::OK, "{}", data.body);
    assert!(data.body.contains("\"password_sign_in\":false"), "the page hides the start-password button");
    let made = app
        .post_json("/api/admin_create_user", &admin, serde_json::json!({"user": {"username": "kari.n", "display_name": "Kari Nordmann", "role": "sykepleier", "unit_ids": [1]}}))
        .await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.body);
    let made: serde_json::Value = serde_json::from_str(&made.body).expect("json");
    assert_eq!(made["start_password"], serde_json::Value::Null, "no password to hand over");
    let kari = app.storage.user_by_username("kari.n").await.expect("lookup").expect("made");
    assert_eq!(app.storage.password_hash(kari.id).await.expect("hash"), None);
    assert_eq!(app.storage.start_password_until(kari.id).await.expect("until"), None);
    let refused =
        app.post_json("/api/admin_new_start_password", &admin, serde_json::json!({"user_id": kari.id})).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    assert!(refused.body.contains("Innlogging med passord er slått av"), "{}", refused.body);
    assert_eq!(app.storage.password_hash(kari.id).await.expect("hash"), None, "still none");
}

#[tokio::test]
async fn a_user_changes_her_own_password_with_the_current_one() {
    let app = sqlite_app().await;
    let cookie = app.login("demo.sykepleier").await;
    let elsewhere = app.login("demo.sykepleier").await;
    let colleague = app.login("demo.helsefag").await;
    let page = app.get("/innstillinger", &cookie).await;
    assert!(page.body.contains("Bytt passord") && page.body.contains("name=\"nytt2\""), "{}", page.body);
    let change = |current: &str, new: &str, again: &str| {
        serde_urlencoded::to_string([("passord", current), ("nytt", new), ("nytt2", again)]).expect("form")
    };
    let good = "lang nok og ganske tilfeldig 7";
    for (current, new, again, code) in [
        ("feil passord", good, good, "feil"),
        (DEMO_PASSWORD, "kort", "kort", "kort"),
        (DEMO_PASSWORD, "Sommer2026!!!", "Sommer2026!!!", "vanlig"),
        (DEMO_PASSWORD, good, "lang nok og ganske tilfeldig 8", "ulike"),
    ] {
        let answer = app.post_form("/innstillinger/passord", &cookie, &change(current, new, again)).await;
        let to = format!("/innstillinger?passord={code}#passord");
        assert_eq!(answer.header(header::LOCATION), Some(to.as_str()), "{code}");
        assert_eq!(answer.header(header::SET_COOKIE), None, "{code}: nothing changed");
    }
    let shown = app.get("/innstillinger?passord=kort", &cookie).await;
    assert!(shown.body.contains("Passordet må ha minst 12 tegn."), "at its field");
    assert!(shown.body.contains("id=\"passord-nytt-error\""));
    assert_eq!(app.get("/enhet/1", &elsewhere).await.status, StatusCode::OK, "refusals end nothing");

    let answer = app.post_form("/innstillinger/passord", &cookie, &change(DEMO_PASSWORD, good, good)).await;
    assert_eq!(answer.header(header::LOCATION), Some("/innstillinger?passord=byttet#passord"));
    let new_session = answer.session_cookie().expect("a new session for this browser");
    assert_eq!(app.get("/enhet/1", &new_session).await.status, StatusCode::OK);
    for ended in [&cookie, &elsewhere] {
        assert_eq!(app.get("/enhet/1", ended).await.status, StatusCode::SEE_OTHER, "her other sessions end");
    }
    assert_eq!(app.get("/enhet/1", &colleague).await.status, StatusCode::OK, "not her colleague's");
    assert_eq!(
        app.login_answer("demo.sykepleier", DEMO_PASSWORD).await.header(header::LOCATION),
        Some("/logg-inn?feil=1")
    );
    assert_eq!(app.login_answer("demo.sykepleier", good).await.header(header::LOCATION), Some("/"));

    let rows: Vec<String> = app
        .events_without_patient()
        .await
        .into_iter()
        .filter(|e| e.action == lindra_app::model::AuditAction::PasswordChange)
        .map(|e| e.outcome.code().to_string())
        .collect();
    assert_eq!(rows, ["failed", "invalid", "invalid", "invalid", "ok"]);
}
