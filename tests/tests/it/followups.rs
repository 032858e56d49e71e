//! The follow-up loop over HTTP: only the patient's own units may read or act on a follow-up
//! (every refusal logged), bad input is answered at its field with nothing stored, and the event
//! stream is for signed-in users only.

use http::StatusCode;
use lindra_tests::app::{sqlite_app, valid_draft, TestApp};
use serde_json::json;

/// Pain 8 for the patient, saved by `cookie`'s user: the follow-up's id.
async fn severe(app: &TestApp, cookie: &str, patient_id: i64) -> i64 {
    let mut draft = valid_draft();
    draft["symptoms"][0] = json!({"score": 8});
    let saved = app
        .post_json(
            "/api/record_registration",
            cookie,
            json!({"patient_id": patient_id, "request_id": format!("severe-{patient_id}"), "draft": draft}),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let open = app.storage.open_followup(patient_id).await.expect("storage").expect("a follow-up opened");
    open.id
}

#[tokio::test]
async fn another_units_nurse_can_neither_read_nor_act_on_a_follow_up() {
    let app = sqlite_app().await;
    let nurse = app.login("demo.sykepleier").await;
    let other = app.login("demo.avd3").await;
    let patient = app.patient_of_unit(1).await;
    let followup = severe(&app, &nurse, patient.id).await;

    let read = app.post_json("/api/patient_followups", &other, json!({"patient_id": patient.id})).await;
    assert_eq!(read.status, StatusCode::FORBIDDEN, "{}", read.body);
    let ack = json!({"patient_id": patient.id, "followup_id": followup, "request_id": "ack-other"});
    let taken = app.post_json("/api/acknowledge_followup", &other, ack).await;
    assert_eq!(taken.status, StatusCode::FORBIDDEN, "{}", taken.body);
    assert!(!taken.body.contains("Smerte"), "nothing of the follow-up in the refusal");
    // Through a patient of their own unit, naming this follow-up: refused as unknown.
    let own = app.patient_of_unit(2).await;
    let sideways = json!({"patient_id": own.id, "followup_id": followup, "request_id": "ack-sideways"});
    let answer = app.post_json("/api/acknowledge_followup", &other, sideways).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND, "{}", answer.body);
    let followup_now = app.storage.open_followup(patient.id).await.expect("storage").expect("open");
    assert!(followup_now.acknowledged().is_none(), "nothing was stored");

    let log = app.audit(patient.id).await;
    let denied: Vec<&str> = log
        .iter()
        .filter(|(u, _, o)| u == "demo.avd3" && o == "denied")
        .map(|(_, a, _)| a.as_str())
        .collect();
    assert_eq!(denied, ["followup.acknowledge", "followup.read"], "{log:?}");
    let own_log = app.audit(own.id).await;
    assert!(own_log.iter().any(|(_, a, o)| a == "followup.acknowledge" && o == "not_found"), "{own_log:?}");

    let count = app.post_json("/api/open_followups", &other, json!({})).await;
    assert_eq!(count.status, StatusCode::OK);
    assert!(count.body.contains("\"total\":0"), "unit 2 has none open: {}", count.body);
    let count = app.post_json("/api/open_followups", &nurse, json!({})).await;
    assert!(count.body.contains("\"total\":1"), "{}", count.body);
}

#[tokio::test]
async fn an_action_with_problems_is_answered_at_each_field_and_nothing_is_stored() {
    let app = sqlite_app().await;
    let nurse = app.login("demo.sykepleier").await;
    let patient = app.patient_of_unit(1).await;
    let followup = severe(&app, &nurse, patient.id).await;
    let draft = json!({"kind": "prn_medicine", "medicine": "", "dose": "5 mg", "route": "", "text": "",
                       "done_at": "25:00", "reassess_after_minutes": null});
    let answer = app
        .post_json(
            "/api/followup_action",
            &nurse,
            json!({"patient_id": patient.id, "followup_id": followup, "request_id": "act-1", "draft": draft}),
        )
        .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", answer.body);
    for field in ["action.medicine", "action.route", "action.done_at"] {
        assert!(answer.body.contains(field), "{field} named in {}", answer.body);
    }
    assert!(answer.body.contains("Legemiddel"), "{}", answer.body);
    // An unknown kind of action cannot even be read: 400 naming the field.
    let odd = json!({"kind": "amputasjon", "medicine": "", "dose": "", "route": "", "text": "", "done_at": "", "reassess_after_minutes": null});
    let answer = app
        .post_json(
            "/api/followup_action",
            &nurse,
            json!({"patient_id": patient.id, "followup_id": followup, "request_id": "act-2", "draft": odd}),
        )
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.body);
    let open = app.storage.open_followup(patient.id).await.expect("storage").expect("open");
    assert_eq!(open.actions().count(), 0);
    let log = app.audit(patient.id).await;
    assert!(log.iter().any(|(_, a, o)| a == "followup.action" && o == "invalid"), "{log:?}");
}

#[tokio::test]
async fn the_event_stream_is_for_signed_in_users_only() {
    let app = sqlite_app().await;
    let anonymous = app.get("/hendelser", "").await;
    assert_ne!(anonymous.status, StatusCode::OK, "no stream without a session");
    let nurse = app.login("demo.sykepleier").await;
    let request = http::Request::get("/hendelser")
        .header(http::header::COOKIE, &nurse)
        .body(axum::body::Body::empty())
        .expect("request");
    let response = tower::ServiceExt::oneshot(app.router.clone(), request).await.expect("answer");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers().get(http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()),
        Some("text/event-stream")
    );
}

/// The summary for the GP lists the period's follow-ups: why, what was done by whom and when,
/// how long to the re-assessment, how it ended.
#[tokio::test]
async fn the_summary_pdf_lists_the_follow_ups_of_its_period() {
    let app = sqlite_app().await;
    let nurse = app.login("demo.sykepleier").await;
    let patient = app.patient_of_unit(1).await;
    let followup = severe(&app, &nurse, patient.id).await;
    let now = lindra::time::to_oslo(chrono::Utc::now()).format("%H:%M").to_string();
    let draft = json!({"kind": "prn_medicine", "medicine": "Morfin", "dose": "5 mg", "route": "s.c.", "text": "",
                       "done_at": now, "reassess_after_minutes": 30});
    let acted = app
        .post_json(
            "/api/followup_action",
            &nurse,
            json!({"patient_id": patient.id, "followup_id": followup, "request_id": "pdf-act", "draft": draft}),
        )
        .await;
    assert_eq!(acted.status, StatusCode::OK, "{}", acted.body);
    let calm = json!({"patient_id": patient.id, "request_id": "pdf-calm", "draft": valid_draft()});
    assert_eq!(app.post_json("/api/record_registration", &nurse, calm).await.status, StatusCode::OK);

    let (status, _, pdf) =
        app.get_bytes(&format!("/pasient/{}/oppsummering.pdf?mottaker=fastlege", patient.id), &nurse).await;
    assert_eq!(status, StatusCode::OK);
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("s.pdf");
    std::fs::write(&file, &pdf).expect("write");
    let out = std::process::Command::new("pdftotext").arg(&file).arg("-").output().expect("pdftotext");
    let text = String::from_utf8_lossy(&out.stdout);
    for expected in [
        "Oppfølging i perioden",
        "Smerte 8",
        "Behovsmedisin gitt: Morfin 5 mg s.c.",
        "lukket: Revurdert",
        "etter første tiltak",
    ] {
        assert!(text.contains(expected), "{expected:?} in:\n{text}");
    }
}

/// Only a resource nurse (or an administrator) sets an expected symptom; it then shows on the
/// form's patient data, the overview and the GP's PDF, and every try is in the access log.
#[tokio::test]
async fn an_expected_symptom_is_set_by_a_resource_nurse_and_shows_where_it_applies() {
    let app = sqlite_app().await;
    let nurse = app.login("demo.sykepleier").await;
    let ressurs = app.login("demo.ressurs").await;
    let patient = app.patient_of_unit(1).await;
    let until = (chrono::Utc::now() + chrono::Duration::days(3)).to_rfc3339();
    let draft = json!({"item": "tiredness", "level": 8, "reason": "Livets siste dager", "until": until});
    let body = |request_id: &str| json!({"patient_id": patient.id, "request_id": request_id, "draft": draft.clone()});
    let refused = app.post_json("/api/set_expected_symptom", &nurse, body("exp-nurse")).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    let set = app.post_json("/api/set_expected_symptom", &ressurs, body("exp-ressurs")).await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.body);
    let bad = json!({"patient_id": patient.id, "request_id": "exp-bad",
                     "draft": {"item": null, "level": 6, "reason": " ", "until": null}});
    let answer = app.post_json("/api/set_expected_symptom", &ressurs, bad).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["expected.item", "expected.level", "expected.reason", "expected.until"] {
        assert!(answer.body.contains(field), "{field} in {}", answer.body);
    }
    let log = app.audit(patient.id).await;
    let tries: Vec<(&str, &str)> = log
        .iter()
        .filter(|(_, a, _)| a == "expected_symptom.set")
        .map(|(u, _, o)| (u.as_str(), o.as_str()))
        .collect();
    assert_eq!(tries, [("demo.ressurs", "invalid"), ("demo.ressurs", "ok"), ("demo.sykepleier", "denied")]);

    let words = "Slapphet (mangel på krefter) opp til 8 forventet: Livets siste dager.";
    let form = app.post_json("/api/patient_overview", &nurse, json!({"patient_id": patient.id})).await;
    assert!(form.body.contains("Livets siste dager"), "{}", form.body);
    let overview = app.post_json("/api/unit_overview", &nurse, json!({"unit_id": 1})).await;
    assert!(overview.body.contains("Livets siste dager"), "{}", overview.body);
    let (_, _, pdf) =
        app.get_bytes(&format!("/pasient/{}/oppsummering.pdf?mottaker=fastlege", patient.id), &nurse).await;
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("s.pdf");
    std::fs::write(&file, &pdf).expect("write");
    let out = std::process::Command::new("pdftotext").arg(&file).arg("-").output().expect("pdftotext");
    let text = String::from_utf8_lossy(&out.stdout).replace('\n', " ");
    assert!(text.contains(words), "{words:?} in:\n{text}");
}
