//! The HTTP surface without a socket: pages render from the database, server functions record
//! and refuse with Norwegian messages at the right status, every patient access leaves an audit
//! row, and the browser bundle is served compressed with long-lived caching.

use axum::body::Body;
use http::{header, Request, StatusCode};
use lindra_tests::app::{sqlite_app, TestApp, BUNDLE_JS};

/// The application, signed in as the demo nurse of unit 1.
struct App {
    app: TestApp,
    cookie: String,
    storage: lindra_app::storage::DynStorage,
}

async fn app() -> App {
    let app = sqlite_app().await;
    let cookie = app.login("demo.sykepleier").await;
    let storage = app.storage.clone();
    App { app, cookie, storage }
}

async fn send(app: &App, request: Request<Body>) -> (StatusCode, http::HeaderMap, String) {
    let answer = app.app.send(with_cookie(app, request)).await;
    (answer.status, answer.headers, answer.body)
}

async fn get(app: &App, uri: &str) -> (StatusCode, http::HeaderMap, String) {
    let answer = app.app.get(uri, &app.cookie).await;
    (answer.status, answer.headers, answer.body)
}

async fn post_json(app: &App, uri: &str, body: serde_json::Value) -> (StatusCode, String) {
    let answer = app.app.post_json(uri, &app.cookie, body).await;
    (answer.status, answer.body)
}

fn complete_draft(pain: i64) -> serde_json::Value {
    serde_json::json!({
        "observed_at": null,
        "completed_by": "patient",
        "symptoms": [{"score": pain}, {"score": 2}, "not_assessed", {"score": 0}, {"score": 10}, {"score": 3}, {"score": 1}, {"score": 2}, {"score": 4}],
        "other_name": "",
        "other": "unanswered",
        "pain_now": null, "pain_worst_24h": null, "pain_average_24h": null, "breakthrough": null,
        "body_marks": [],
        "note": "<script>alert('x')</script> Snudd kl 03"
    })
}

async fn audit_actions(app: &App, patient_id: i64) -> Vec<(String, String)> {
    app.storage
        .audit_for_patient(patient_id, 100)
        .await
        .expect("audit")
        .into_iter()
        .map(|e| (e.action.code().to_string(), e.outcome.code().to_string()))
        .collect()
}

#[tokio::test]
async fn the_patient_list_renders_from_the_database() {
    let app = app().await;
    let (status, headers, html) = get(&app, "/enhet/1").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers.get(header::CACHE_CONTROL).map(|v| v.to_str().unwrap_or_default()), Some("no-store"));
    assert_eq!(headers.get(header::X_CONTENT_TYPE_OPTIONS).map(|v| v.as_bytes()), Some(&b"nosniff"[..]));
    let patients = app.storage.patients_in_unit(1).await.expect("patients");
    assert_eq!(patients.len(), 8);
    for p in &patients {
        assert!(html.contains(&p.patient.name), "{} missing", p.patient.name);
        assert!(html.contains(&format!("/pasient/{}/ny", p.patient.id)));
    }
    assert!(html.contains("Sist vurdert"));
    assert!(html.contains("<html lang=\"nb\""));
}

#[tokio::test]
async fn the_patient_page_shows_the_latest_esas_and_is_audited() {
    let app = app().await;
    let latest = app.storage.latest_registration(1).await.expect("latest").expect("demo has registrations");
    let (status, _, html) = get(&app, "/pasient/1").await;
    assert_eq!(status, StatusCode::OK);
    for item in lindra::EsasItem::SYMPTOMS {
        assert!(html.contains((lindra::Language::Nb.clinical().item_label)(item)), "{item:?}");
    }
    assert!(html.contains((lindra::Language::Nb.clinical().completed_by)(latest.registration.completed_by)));
    assert!(html.contains(&lindra::time::format_date_time(latest.registration.observed_at)));
    assert!(audit_actions(&app, 1).await.contains(&("patient.read".into(), "ok".into())));
}

#[tokio::test]
async fn recording_an_esas_stores_it_and_shows_it() {
    let app = app().await;
    let body = serde_json::json!({ "patient_id": 2, "request_id": "test-1", "draft": complete_draft(9) });
    let (status, answer) = post_json(&app, "/api/record_registration", body.clone()).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let stored: serde_json::Value = serde_json::from_str(&answer).expect("json");
    let id = stored["id"].as_i64().expect("id");
    let latest = app.storage.latest_registration(2).await.expect("latest").expect("stored");
    assert_eq!(latest.id, id);
    assert_eq!(latest.registration.esas.score(lindra::EsasItem::Pain).map(|s| s.value()), Some(9));
    assert_eq!(
        latest.registration.esas.get(lindra::EsasItem::Drowsiness),
        Some(lindra::ItemValue::NotAssessed)
    );

    // The same form sent again (double tap, resend) stores nothing new.
    let (status, again) = post_json(&app, "/api/record_registration", body).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(serde_json::from_str::<serde_json::Value>(&again).expect("json")["id"].as_i64(), Some(id));
    let actions = audit_actions(&app, 2).await;
    assert!(actions.contains(&("registration.create".into(), "ok".into())));
    assert!(actions.contains(&("registration.create".into(), "duplicate".into())));

    // It shows on the patient page, with the note's markup escaped.
    let (_, _, html) = get(&app, "/pasient/2").await;
    assert!(html.contains(&format!("data-registration=\"{id}\"")));
    assert!(html.contains("&lt;script&gt;alert"), "the note must be escaped");
    assert!(!html.contains("<script>alert"));
}

#[tokio::test]
async fn an_invalid_form_gets_every_problem_in_norwegian_and_stores_nothing() {
    let app = app().await;
    let before = app.storage.registrations(3, Default::default()).await.expect("list").len();
    let mut draft = complete_draft(11);
    draft["completed_by"] = serde_json::Value::Null;
    draft["symptoms"][4] = serde_json::json!("unanswered");
    let body = serde_json::json!({ "patient_id": 3, "request_id": "bad-1", "draft": draft });
    let (status, answer) = post_json(&app, "/api/record_registration", body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    let error: serde_json::Value = serde_json::from_str(&answer).expect("json error");
    let fields: Vec<&str> = error["Invalid"]
        .as_array()
        .expect("field errors")
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert_eq!(fields, vec!["completed_by", "esas.pain", "esas.appetite"]);
    assert!(answer.contains("Smerte: 11 er utenfor skalaen"));
    assert_eq!(app.storage.registrations(3, Default::default()).await.expect("list").len(), before);
    assert!(audit_actions(&app, 3).await.contains(&("registration.create".into(), "invalid".into())));
}

#[tokio::test]
async fn malformed_requests_get_a_4xx_never_a_500() {
    let app = app().await;
    for body in [
        "{",
        "[]",
        "{\"patient_id\": \"x\"}",
        "{\"patient_id\": 1, \"request_id\": \"r\", \"draft\": {\"symptoms\": 5}}",
    ] {
        let request = Request::post("/api/record_registration")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body))
            .expect("request");
        let (status, _, answer) = send(&app, request).await;
        assert!(status.is_client_error(), "{body} gave {status}: {answer}");
    }
    let huge = "x".repeat(lindra_server::MAX_BODY_BYTES + 1);
    let request = Request::post("/api/record_registration")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(huge))
        .expect("request");
    let (status, _, _) = send(&app, request).await;
    assert!(status.is_client_error(), "oversized body gave {status}");
}

#[tokio::test]
async fn an_unknown_patient_gets_a_clear_message() {
    let app = app().await;
    let body = serde_json::json!({ "patient_id": 999, "request_id": "r", "draft": complete_draft(1) });
    let (status, answer) = post_json(&app, "/api/record_registration", body).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "unknown and not allowed look the same");
    assert!(answer.contains("Pasienten finnes ikke, eller du har ikke tilgang"));
    let (_, _, html) = get(&app, "/pasient/999").await;
    assert!(html.contains("Pasienten finnes ikke, eller du har ikke tilgang"));
    let (_, _, html) = get(&app, "/pasient/abc").await;
    assert!(html.contains("Siden finnes ikke."));
}

/// Pages and server-function answers travel compressed when the browser accepts it (a page
/// over two years of data is megabytes of HTML); PDFs, compressed inside already, do not.
#[tokio::test]
async fn pages_and_answers_are_compressed_for_a_browser_that_accepts_it() {
    use std::io::Read;
    let app = app().await;
    let accepting_gzip = |uri: &str| {
        let request = Request::get(uri).header(header::ACCEPT_ENCODING, "gzip").body(Body::empty());
        with_cookie(&app, request.expect("request"))
    };
    let (plain_status, _, plain) = get(&app, "/enhet/1").await;
    assert_eq!(plain_status, StatusCode::OK);
    let (status, headers, raw) = app.app.bytes(accepting_gzip("/enhet/1")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers.get(header::CONTENT_ENCODING).map(|v| v.as_bytes()), Some(&b"gzip"[..]));
    let mut html = String::new();
    flate2::read::GzDecoder::new(&raw[..]).read_to_string(&mut html).expect("gzip");
    // At least halved (the list page is small now; its inline scripts compress least).
    assert!(raw.len() * 2 < html.len(), "{} bytes for {}", raw.len(), html.len());
    assert_eq!(html.len(), plain.len(), "the same page");
    assert!(html.contains("patient-row"));
    let (status, headers, _) = app.app.bytes(accepting_gzip("/pasient/1/oppsummering.pdf")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers.get(header::CONTENT_ENCODING), None, "a PDF as it is");
}

fn with_cookie(app: &App, mut request: Request<Body>) -> Request<Body> {
    if let Ok(cookie) = http::HeaderValue::from_str(&app.cookie) {
        request.headers_mut().insert(header::COOKIE, cookie);
    }
    request
}

#[tokio::test]
async fn the_bundle_is_served_compressed_and_cached_for_a_year() {
    let app = app().await;
    let request = Request::get(format!("/pkg/{BUNDLE_JS}"))
        .header(header::ACCEPT_ENCODING, "br, gzip")
        .body(Body::empty())
        .expect("request");
    let (status, headers, body) = send(&app, request).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers.get(header::CONTENT_ENCODING).map(|v| v.as_bytes()), Some(&b"br"[..]));
    assert_eq!(body, "brotli bytes");
    assert_eq!(
        headers.get(header::CACHE_CONTROL).map(|v| v.as_bytes()),
        Some(&b"public, max-age=31536000, immutable"[..])
    );
    let (status, headers, _) = get(&app, &format!("/pkg/{BUNDLE_JS}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers.get(header::CONTENT_ENCODING), None, "no brotli unless the browser asks");
    let (status, headers, _) = get(&app, "/pkg/nothing.js").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_ne!(
        headers.get(header::CACHE_CONTROL).map(|v| v.as_bytes()),
        Some(&b"public, max-age=31536000, immutable"[..])
    );
    let (status, _, body) = get(&app, "/favicon.svg").await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "<svg/>"));
}
