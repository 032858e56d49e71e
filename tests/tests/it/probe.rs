//! The outside probe's findings (issue "Found by an outside probe"), one regression test each,
//! over HTTP without a socket. Each failed on the code before its fix (the closing note names
//! the commit). The logging of refusals (finding 7) is `refusal_log.rs`.

use axum::body::Body;
use http::{header, Request, StatusCode};
use lindra_server::auth::token;
use lindra_tests::app::{sqlite_app, valid_draft, TestApp, ORIGIN};
use serde_json::{json, Value};

fn record(patient_id: i64, request_id: &str, draft: Value) -> Value {
    json!({ "patient_id": patient_id, "request_id": request_id, "draft": draft })
}

fn correct(registration_id: i64, request_id: &str) -> Value {
    json!({ "registration_id": registration_id, "request_id": request_id, "reason": "Feil skår", "draft": valid_draft() })
}

fn draft_with_note(note: &str) -> Value {
    let mut draft = valid_draft();
    draft["note"] = json!(note);
    draft
}

/// The current registration of the demo patient `patient_id`.
async fn latest(app: &TestApp, patient_id: i64) -> i64 {
    app.storage
        .latest_registration(patient_id)
        .await
        .expect("latest")
        .expect("demo data has registrations")
        .id
}

// ---------------------------------------------------------------- finding 1

#[tokio::test]
async fn a_request_id_of_another_unit_returns_nothing_of_its_registration() {
    let app = sqlite_app().await;
    let ward2 = app.login("demo.sykepleier").await;
    let ward3 = app.login("demo.avd3").await;
    let victim = app.patient_of_unit(1).await;
    let own = app.patient_of_unit(2).await;
    let secret = "Hemmelig notat fra avdeling 2";
    let stored = app
        .post_json(
            "/api/record_registration",
            &ward2,
            record(victim.id, "victim-form", draft_with_note(secret)),
        )
        .await;
    assert_eq!(stored.status, StatusCode::OK, "{}", stored.body);

    let own_registration = latest(&app, own.id).await;
    let probe =
        app.post_json("/api/correct_registration", &ward3, correct(own_registration, "victim-form")).await;
    assert_eq!(probe.status, StatusCode::CONFLICT, "{}", probe.body);
    assert!(!probe.body.contains(secret), "another unit's note came back: {}", probe.body);
    let probe =
        app.post_json("/api/record_registration", &ward3, record(own.id, "victim-form", valid_draft())).await;
    assert_eq!(probe.status, StatusCode::CONFLICT, "{}", probe.body);
    assert!(!probe.body.contains(secret), "{}", probe.body);

    // The refusals are in the access log of the patient they were made for.
    let log = app.audit(own.id).await;
    for action in ["registration.correct", "registration.create"] {
        assert!(
            log.contains(&("demo.avd3".into(), action.into(), "conflict".into())),
            "{action} conflict missing: {log:?}"
        );
    }
}

/// Every server function that takes a request id, with that id reused by another user, for
/// another patient, from another unit and as the other kind of operation: only a resend of the
/// very same operation gets its first answer back.
#[tokio::test]
async fn a_reused_request_id_answers_only_the_same_users_same_operation() {
    let app = sqlite_app().await;
    let nurse = app.login("demo.sykepleier").await; // unit 1
    let colleague = app.login("demo.helsefag").await; // unit 1
    let elsewhere = app.login("demo.avd3").await; // unit 2
    let units = app.storage.patients_in_unit(1).await.expect("patients");
    let (patient, neighbour) = (units[0].patient.id, units[1].patient.id);
    let far = app.patient_of_unit(2).await.id;

    // A new registration's id.
    let first =
        app.post_json("/api/record_registration", &nurse, record(patient, "rid-1", valid_draft())).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let first_id = serde_json::from_str::<Value>(&first.body).expect("json")["id"].as_i64().expect("id");
    // A correction's id.
    let target = latest(&app, neighbour).await;
    let fixed = app.post_json("/api/correct_registration", &nurse, correct(target, "cid-1")).await;
    assert_eq!(fixed.status, StatusCode::OK, "{}", fixed.body);
    let fixed_id = serde_json::from_str::<Value>(&fixed.body).expect("json")["id"].as_i64().expect("id");
    let far_registration = latest(&app, far).await;

    let cases: Vec<(&str, &str, &str, Value, StatusCode)> = vec![
        (
            "resend of the same record",
            &nurse,
            "/api/record_registration",
            record(patient, "rid-1", valid_draft()),
            StatusCode::OK,
        ),
        (
            "another user, same patient",
            &colleague,
            "/api/record_registration",
            record(patient, "rid-1", valid_draft()),
            StatusCode::CONFLICT,
        ),
        (
            "same user, another patient",
            &nurse,
            "/api/record_registration",
            record(neighbour, "rid-1", valid_draft()),
            StatusCode::CONFLICT,
        ),
        (
            "another unit",
            &elsewhere,
            "/api/record_registration",
            record(far, "rid-1", valid_draft()),
            StatusCode::CONFLICT,
        ),
        (
            "a record's id as a correction",
            &nurse,
            "/api/correct_registration",
            correct(target, "rid-1"),
            StatusCode::CONFLICT,
        ),
        (
            "resend of the same correction",
            &nurse,
            "/api/correct_registration",
            correct(target, "cid-1"),
            StatusCode::OK,
        ),
        (
            "another user's correction",
            &colleague,
            "/api/correct_registration",
            correct(target, "cid-1"),
            StatusCode::CONFLICT,
        ),
        (
            "a correction of another version",
            &nurse,
            "/api/correct_registration",
            correct(first_id, "cid-1"),
            StatusCode::CONFLICT,
        ),
        (
            "another unit's correction",
            &elsewhere,
            "/api/correct_registration",
            correct(far_registration, "cid-1"),
            StatusCode::CONFLICT,
        ),
        (
            "a correction's id as a record",
            &nurse,
            "/api/record_registration",
            record(patient, "cid-1", valid_draft()),
            StatusCode::CONFLICT,
        ),
    ];
    for (case, cookie, uri, body, status) in cases {
        let answer = app.post_json(uri, cookie, body).await;
        assert_eq!(answer.status, status, "{case}: {}", answer.body);
        if status == StatusCode::OK {
            let id = serde_json::from_str::<Value>(&answer.body).expect("json")["id"].as_i64();
            assert!(id == Some(first_id) || id == Some(fixed_id), "{case}: the first answer, not a new row");
        } else {
            assert!(
                !answer.body.contains("\"id\""),
                "{case}: a refusal carries no registration: {}",
                answer.body
            );
        }
    }
}

// ---------------------------------------------------------------- finding 2

#[tokio::test]
async fn signing_in_with_an_ended_sessions_cookie_keeps_the_new_session() {
    let app = sqlite_app().await;
    let stale = token::new_token().expect("token");
    let request = Request::post("/innlogging")
        .header(header::COOKIE, format!("lindra_session={stale}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!(
            "brukernavn=demo.sykepleier&passord={}",
            lindra_app::pages::login::DEMO_PASSWORD
        )))
        .expect("request");
    let answer = app.send(request).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    assert_eq!(answer.header(header::LOCATION), Some("/"));
    // (The tablet's cookie comes too: it names the browser, not a session.)
    let cookies: Vec<&str> = answer
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter(|c| c.starts_with("lindra_session="))
        .collect();
    assert_eq!(cookies.len(), 1, "one session cookie, the new session's: {cookies:?}");
    assert!(!cookies[0].contains("Max-Age=0"), "{cookies:?}");
    let session = cookies[0].split(';').next().expect("pair");
    assert_eq!(app.get("/enhet/1", session).await.status, StatusCode::OK, "signed in");
    // Elsewhere the ended session's cookie is still cleared.
    let page = app.get("/enhet/1", &format!("lindra_session={stale}")).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(page.header(header::SET_COOKIE).is_some_and(|c| c.contains("Max-Age=0")));
}

// ---------------------------------------------------------------- finding 4

/// No server function escapes the gate: each registered one is listed with its JSON probe, and
/// nothing listed is missing.
#[test]
fn every_server_function_is_behind_the_gate() {
    let mut registered = lindra_server::gate::registered();
    let mut gated: Vec<&str> = lindra_server::gate::endpoints().keys().copied().collect();
    registered.sort_unstable();
    gated.sort_unstable();
    assert!(registered.len() >= 17, "{registered:?}");
    assert_eq!(registered, gated);
}

#[tokio::test]
async fn a_server_function_takes_only_json() {
    let app = sqlite_app().await;
    let cookie = app.login("demo.sykepleier").await;
    let patient = app.patient_of_unit(1).await;
    let before = app.storage.registrations(patient.id, Default::default()).await.expect("list").len();
    let body = record(patient.id, "typed", valid_draft()).to_string();
    for content_type in [
        Some("text/plain"),
        Some("text/plain;charset=UTF-8"),
        Some("application/x-www-form-urlencoded"),
        Some("multipart/form-data; boundary=x"),
        None,
    ] {
        let mut request = Request::post("/api/record_registration").header(header::COOKIE, &cookie);
        if let Some(content_type) = content_type {
            request = request.header(header::CONTENT_TYPE, content_type);
        }
        let answer = app.send(request.body(Body::from(body.clone())).expect("request")).await;
        assert_eq!(answer.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{content_type:?}: {}", answer.body);
        assert!(answer.body.contains("JSON"), "{}", answer.body);
    }
    let after = app.storage.registrations(patient.id, Default::default()).await.expect("list").len();
    assert_eq!(after, before, "nothing stored");
    let json =
        app.post_json("/api/record_registration", &cookie, record(patient.id, "typed", valid_draft())).await;
    assert_eq!(json.status, StatusCode::OK, "{}", json.body);
}

// ---------------------------------------------------------------- finding 5

#[tokio::test]
async fn a_body_that_cannot_be_read_gets_a_norwegian_400_naming_the_field() {
    let app = sqlite_app().await;
    let cookie = app.login("demo.sykepleier").await;
    let patient = app.patient_of_unit(1).await;
    let mut draft = valid_draft();
    draft["symptoms"][0] = json!({ "score": 3.5 });
    let mut pain_now = valid_draft();
    pain_now["pain_now"] = json!("sju");
    let cases = [
        (record(patient.id, "bad", draft), "esas.pain", "Smerte"),
        (record(patient.id, "bad", pain_now), "pain.now", "Smerte nå"),
        (json!({ "patient_id": "en", "request_id": "bad", "draft": valid_draft() }), "patient_id", "Pasient"),
        (json!({ "patient_id": patient.id, "request_id": "bad" }), "draft", "Skjemaet"),
    ];
    for (body, field, label) in cases {
        let answer = app.post_json("/api/record_registration", &cookie, body.clone()).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{body}: {}", answer.body);
        let error: Value = serde_json::from_str(&answer.body).expect("a typed error");
        let problem = &error["Malformed"][0];
        assert_eq!(problem["field"], field, "{}", answer.body);
        assert!(problem["message"].as_str().is_some_and(|m| m.starts_with(label)), "{}", answer.body);
        for internal in
            ["i64", "invalid type", "deserializ", "RegistrationDraft", "Transport", "expected", "line 1"]
        {
            assert!(!answer.body.contains(internal), "{internal} in {}", answer.body);
        }
    }
    for raw in ["{", "[]", "null", "{\"patient_id\": 1} trailing"] {
        let request = Request::post("/api/record_registration")
            .header(header::COOKIE, &cookie)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(raw))
            .expect("request");
        let answer = app.send(request).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{raw}: {}", answer.body);
        assert!(answer.body.contains("kunne ikke leses"), "{raw}: {}", answer.body);
    }
    let huge = json!({ "patient_id": patient.id, "request_id": "big", "draft": draft_with_note(&"x".repeat(300 * 1024)) });
    let answer = app.post_json("/api/record_registration", &cookie, huge).await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", answer.body);
    assert!(answer.body.contains("256 KB"), "{}", answer.body);
}

// ---------------------------------------------------------------- finding 6

#[tokio::test]
async fn a_flood_of_body_marks_is_one_short_answer() {
    let app = sqlite_app().await;
    let cookie = app.login("demo.sykepleier").await;
    let patient = app.patient_of_unit(1).await;
    let mut draft = valid_draft();
    draft["body_marks"] = json!(vec![[105, 3]; 30_000]);
    let body = record(patient.id, "flood", draft);
    let sent = body.to_string().len();
    let answer = app.post_json("/api/record_registration", &cookie, body).await;
    assert_eq!(
        answer.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        &answer.body[..answer.body.len().min(300)]
    );
    assert!(answer.body.len() < 1_000, "{} bytes out for {sent} in", answer.body.len());
    let error: Value = serde_json::from_str(&answer.body).expect("typed");
    assert_eq!(error["Invalid"].as_array().map(Vec::len), Some(1), "{}", answer.body);
    assert_eq!(error["Invalid"][0]["field"], "body_map");
}

// ---------------------------------------------------------------- finding 8

#[tokio::test]
async fn an_unknown_registration_is_answered_as_another_units() {
    let app = sqlite_app().await;
    let cookie = app.login("demo.sykepleier").await; // unit 1
    let others = latest(&app, app.patient_of_unit(2).await.id).await;
    let unknown = others + 1_000_000;
    let a = app.post_json("/api/registration", &cookie, json!({ "registration_id": others })).await;
    let b = app.post_json("/api/registration", &cookie, json!({ "registration_id": unknown })).await;
    assert_eq!((a.status, &a.body), (b.status, &b.body));
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    let a = app.post_json("/api/correct_registration", &cookie, correct(others, "x1")).await;
    let b = app.post_json("/api/correct_registration", &cookie, correct(unknown, "x2")).await;
    assert_eq!((a.status, &a.body), (b.status, &b.body));
    let a = app.get(&format!("/registrering/{others}"), &cookie).await;
    let b = app.get(&format!("/registrering/{unknown}"), &cookie).await;
    assert_eq!(a.status, b.status);
    assert_eq!(a.status, StatusCode::FORBIDDEN);
}

// ---------------------------------------------------------------- finding 9

fn record_request(cookie: &str) -> http::request::Builder {
    Request::post("/api/record_registration")
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, "application/json")
}

#[tokio::test]
async fn a_state_change_needs_lindras_own_origin_not_a_matching_host() {
    let app = sqlite_app().await;
    let cookie = app.login("demo.sykepleier").await;
    let patient = app.patient_of_unit(1).await.id;
    let body = |id: &str| Body::from(record(patient, id, valid_draft()).to_string());
    let refused = [
        // The Host header names the attacker's site too: Host is not trusted.
        (
            "origin and host of another site",
            record_request(&cookie)
                .header(header::HOST, "evil.example")
                .header(header::ORIGIN, "http://evil.example"),
        ),
        ("no Origin, no Sec-Fetch-Site", record_request(&cookie)),
        ("no Origin, cross-site", record_request(&cookie).header("sec-fetch-site", "cross-site")),
        ("no Origin, same-site", record_request(&cookie).header("sec-fetch-site", "same-site")),
        ("Origin null", record_request(&cookie).header(header::ORIGIN, "null")),
        ("another port", record_request(&cookie).header(header::ORIGIN, "http://lindra.test:8080")),
    ];
    for (case, request) in refused {
        let answer = app.send_exact(request.body(body(case)).expect("request")).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{case}: {}", answer.body);
    }
    let accepted = [
        ("the public origin", record_request(&cookie).header(header::ORIGIN, ORIGIN)),
        ("with its default port", record_request(&cookie).header(header::ORIGIN, "http://LINDRA.test:80")),
        ("no Origin, same-origin fetch", record_request(&cookie).header("sec-fetch-site", "same-origin")),
    ];
    for (case, request) in accepted {
        let answer = app.send_exact(request.body(body(case)).expect("request")).await;
        assert_eq!(answer.status, StatusCode::OK, "{case}: {}", answer.body);
    }
    // Signing in is a state change too.
    let login = Request::post("/innlogging")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!(
            "brukernavn=demo.sykepleier&passord={}",
            lindra_app::pages::login::DEMO_PASSWORD
        )))
        .expect("request");
    assert_eq!(app.send_exact(login).await.status, StatusCode::FORBIDDEN, "a login with no origin");
}
