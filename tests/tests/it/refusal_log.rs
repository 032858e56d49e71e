//! Every refusal leaves a trace (finding 7 of the probe): a signed-in user's refused request is
//! a row of the access log, an anonymous one a counted row of the security log, and a flood of
//! anonymous refusals is a bounded number of rows.

use axum::body::Body;
use chrono::{Duration, Utc};
use http::{header, Request, StatusCode};
use lindra_app::model::{AuditAction, AuditEvent, AuditOutcome};
use lindra_server::auth::token;
use lindra_server::refusals::{Refusal, Refusals, MAX_KEYS};
use lindra_tests::app::{sqlite_app, valid_draft, TestApp};
use serde_json::json;

/// The rows of the access log that name no patient, as (username, action, object, outcome).
async fn unlinked(app: &TestApp) -> Vec<(String, AuditAction, String, AuditOutcome)> {
    let events: Vec<AuditEvent> = app.storage.audit_without_patient(1000).await.expect("log");
    events.into_iter().map(|e| (e.username, e.action, e.object, e.outcome)).collect()
}

#[tokio::test]
async fn a_signed_in_users_refused_requests_are_in_the_access_log() {
    let app = sqlite_app().await;
    let cookie = app.login("demo.sykepleier").await;
    let patient = app.patient_of_unit(1).await;
    let body = json!({ "patient_id": patient.id, "request_id": "r", "draft": valid_draft() }).to_string();
    let post = |content_type: &str, origin: &str, body: String| {
        Request::post("/api/record_registration")
            .header(header::COOKIE, &cookie)
            .header(header::CONTENT_TYPE, content_type)
            .header(header::ORIGIN, origin)
            .body(Body::from(body))
            .expect("request")
    };
    let cases = [
        (
            post("text/plain", lindra_tests::app::ORIGIN, body.clone()),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AuditOutcome::UnsupportedType,
        ),
        (
            post("application/json", lindra_tests::app::ORIGIN, "{".into()),
            StatusCode::BAD_REQUEST,
            AuditOutcome::Malformed,
        ),
        (
            post("application/json", lindra_tests::app::ORIGIN, "x".repeat(300 * 1024)),
            StatusCode::PAYLOAD_TOO_LARGE,
            AuditOutcome::TooLarge,
        ),
        (
            post("application/json", "https://evil.example", body.clone()),
            StatusCode::FORBIDDEN,
            AuditOutcome::CrossOrigin,
        ),
    ];
    for (request, status, outcome) in cases {
        let answer = app.send_exact(request).await;
        assert_eq!(answer.status, status, "{}", answer.body);
        let log = unlinked(&app).await;
        let expected = (
            "demo.sykepleier".to_string(),
            AuditAction::Request,
            "POST /api/record_registration".to_string(),
            outcome,
        );
        assert_eq!(log.first(), Some(&expected), "{outcome:?}: {log:?}");
    }
    let get = app.get("/api/units", &cookie).await;
    assert_eq!(get.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(unlinked(&app).await[0].3, AuditOutcome::MethodNotAllowed);
    let unknown = app.post_json("/api/no_such_function", &cookie, json!({})).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(unlinked(&app).await[0].3, AuditOutcome::NotFound);
    let put = app
        .send(
            Request::put("/innlogging").header(header::COOKIE, &cookie).body(Body::empty()).expect("request"),
        )
        .await;
    assert_eq!(put.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(unlinked(&app).await[0].2, "PUT /innlogging");
    // An unknown registration is logged like another unit's.
    let answer = app.post_json("/api/registration", &cookie, json!({ "registration_id": 987_654_321 })).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    let first = unlinked(&app).await.remove(0);
    assert_eq!(
        (first.1, first.2.as_str(), first.3),
        (AuditAction::RegistrationRead, "registration/987654321", AuditOutcome::NotFound)
    );
}

#[tokio::test]
async fn requests_with_no_forged_or_ended_session_are_counted_in_the_security_log() {
    let app = sqlite_app().await;
    let user = app.storage.user_by_username("demo.sykepleier").await.expect("user").expect("exists");
    let ended = token::new_token().expect("token");
    app.storage
        .create_session(&token::token_hash(&ended), user.id, Utc::now() - Duration::hours(13))
        .await
        .expect("session");
    let cookies = ["".to_string(), "lindra_session=forged".into(), format!("lindra_session={ended}")];
    for cookie in &cookies {
        for _ in 0..3 {
            assert_eq!(app.post_json("/api/units", cookie, json!({})).await.status, StatusCode::UNAUTHORIZED);
        }
        assert_eq!(app.get("/enhet/1", cookie).await.status, StatusCode::SEE_OTHER);
    }
    let cross = Request::post("/innlogging")
        .header(header::ORIGIN, "https://evil.example")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("brukernavn=a&passord=b"))
        .expect("request");
    assert_eq!(app.send_exact(cross).await.status, StatusCode::FORBIDDEN);

    assert!(
        app.storage.security_events(Utc::now() - Duration::hours(1), 100).await.expect("log").is_empty(),
        "counted, not yet written"
    );
    app.refusals.flush().await;
    let log = app.storage.security_events(Utc::now() - Duration::hours(1), 100).await.expect("log");
    let count = |kind: AuditOutcome, method: &str, path: &str| {
        log.iter()
            .filter(|e| e.kind == kind && e.method == method && e.path == path)
            .map(|e| e.count)
            .sum::<i64>()
    };
    assert_eq!(count(AuditOutcome::NotSignedIn, "POST", "/api/units"), 9, "{log:?}");
    assert_eq!(count(AuditOutcome::NotSignedIn, "GET", "/enhet/1"), 3, "{log:?}");
    assert_eq!(count(AuditOutcome::CrossOrigin, "POST", "/innlogging"), 1, "{log:?}");
    assert_eq!(log.len(), 3, "one row per address, kind, method and path: {log:?}");
    assert!(log.iter().all(|e| e.client_addr == "ukjent" && e.first_at <= e.last_at));
}

#[tokio::test]
async fn a_flood_of_anonymous_refusals_is_a_bounded_number_of_rows() {
    let app = sqlite_app().await;
    let refusals = Refusals::new(app.storage.clone());
    let total = 20_000;
    for n in 0..total {
        let path = format!("/sonde/{}", n % 5_000);
        let addr = format!("10.0.{}.{}", n % 7, n % 250);
        let refusal = Refusal {
            kind: AuditOutcome::NotSignedIn,
            method: "GET",
            path: &path,
            client_addr: &addr,
            user: None,
        };
        refusals.record(refusal).await;
    }
    refusals.flush().await;
    let log = app.storage.security_events(Utc::now() - Duration::hours(1), 10_000).await.expect("log");
    assert_eq!(log.len(), MAX_KEYS + 1, "the keys one window keeps apart, and the rest together");
    assert_eq!(log.iter().map(|e| e.count).sum::<i64>(), total, "every refusal counted");
    assert!(log.iter().any(|e| e.client_addr == "*" && e.path == "*"));
}

#[tokio::test]
async fn the_administrator_sees_sign_ins_and_refused_requests_and_no_one_else_does() {
    let app = sqlite_app().await;
    app.login_answer("demo.sykepleier", "feil-passord-her").await;
    assert_eq!(app.post_json("/api/units", "", json!({})).await.status, StatusCode::UNAUTHORIZED);
    app.refusals.flush().await;
    let admin = app.login("demo.admin").await;
    let page = app.get("/admin", &admin).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Sikkerhetslogg"));
    assert!(page.body.contains(r#"data-action="login" data-outcome="failed""#), "the failed sign-in");
    let refused = page.body.split(r#"data-kind="not_signed_in""#).nth(1).expect("the counted refusal");
    assert!(refused.contains("POST /api/units"));
    let nurse = app.login("demo.sykepleier").await;
    assert_eq!(app.post_json("/api/admin", &nurse, json!({})).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get("/admin", &nurse).await.status, StatusCode::FORBIDDEN);
}
