//! The handover report over HTTP: the unit's shift, every patient once (each with an access-log
//! row), the one who needs the next shift most on top; other units refused; the shifts an
//! administrator sets, checked.

use http::StatusCode;
use lindra_tests::app::{sqlite_app, valid_draft};
use serde_json::{json, Value};

#[tokio::test]
async fn the_handover_puts_the_severe_patient_first_and_logs_every_patient_on_it() {
    let app = sqlite_app().await;
    let nurse = app.login("demo.sykepleier").await;
    let patients = app.storage.patients_in_unit(1).await.expect("patients");
    let last = patients.last().expect("a patient").patient.clone();
    let mut draft = valid_draft();
    draft["symptoms"][0] = json!({"score": 9});
    draft["note"] = json!("Uro i kveld, ga Midazolam.");
    let saved = app
        .post_json(
            "/api/record_registration",
            &nurse,
            json!({"patient_id": last.id, "request_id": "hand-1", "draft": draft}),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);

    let answer = app.post_json("/api/handover", &nurse, json!({"unit_id": 1, "back": 0})).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let report: Value = serde_json::from_str(&answer.body).expect("json");
    let rows = report["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), patients.len(), "every patient of the unit, once");
    assert_eq!(rows[0]["patient"]["id"], json!(last.id), "the open follow-up first");
    assert_eq!(rows[0]["registrations"][0]["severe"], json!(["Smerte 9"]));
    assert_eq!(rows[0]["registrations"][0]["note"], json!("Uro i kveld, ga Midazolam."));
    assert!(rows[0]["open_followup"][0].as_str().expect("reasons").contains("Smerte 9"));
    assert!(rows[0]["steps"][0]["words"].as_str().expect("step").starts_with("åpnet: Smerte 9"));
    let shift = &report["shift"];
    assert!(shift["from"].as_str() < shift["to"].as_str());
    for p in &patients {
        let log = app.audit(p.patient.id).await;
        assert!(log.iter().any(|(_, a, o)| a == "handover.read" && o == "ok"), "{}: {log:?}", p.patient.name);
    }

    let earlier = app.post_json("/api/handover", &nurse, json!({"unit_id": 1, "back": 1})).await;
    assert_eq!(earlier.status, StatusCode::OK);
    let too_far = app.post_json("/api/handover", &nurse, json!({"unit_id": 1, "back": 99})).await;
    assert_eq!(too_far.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", too_far.body);
    let page = app.get("/enhet/1/vaktrapport", &nurse).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Smerte 9"), "the page renders the report");
}

#[tokio::test]
async fn another_units_nurse_gets_no_handover() {
    let app = sqlite_app().await;
    let other = app.login("demo.avd3").await;
    let answer = app.post_json("/api/handover", &other, json!({"unit_id": 1, "back": 0})).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);
    assert!(!answer.body.contains("Rom"), "nothing of the unit in the refusal");
}

#[tokio::test]
async fn the_administrator_sets_the_shifts_and_a_bad_line_is_named() {
    let app = sqlite_app().await;
    let admin = app.login("demo.admin").await;
    let unit = |shifts: &str| {
        json!({"unit_id": 1, "unit": {"name": "Solsiden sykehjem, avdeling 2", "kind": "sykehjem",
            "assessment_interval_hours": 24, "contact_phone": "", "contact_after_hours": "",
            "prn_reassess_minutes": 60, "reassess_minutes": 120, "shifts": shifts}})
    };
    let bad = app.post_json("/api/admin_update_unit", &admin, unit("Dag 7, Natt 22:00")).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert!(bad.body.contains("unit.shifts") && bad.body.contains("«Dag 7»"), "{}", bad.body);
    let good = app.post_json("/api/admin_update_unit", &admin, unit("natt 22:00, dag 08.00")).await;
    assert_eq!(good.status, StatusCode::OK, "{}", good.body);
    let stored = app.storage.unit(1).await.expect("unit").expect("unit 1");
    assert_eq!(stored.shifts.text(), "dag 08:00, natt 22:00");
}

/// The printed handover: every patient of the unit, the shift's times, the follow-up, "Side x
/// av y"; another unit's nurse gets a refusal page, not a PDF.
#[tokio::test]
async fn the_handover_prints_as_a_pdf_with_every_patient() {
    let app = sqlite_app().await;
    let nurse = app.login("demo.sykepleier").await;
    let patients = app.storage.patients_in_unit(1).await.expect("patients");
    let first = patients[0].patient.clone();
    let mut draft = valid_draft();
    draft["symptoms"][0] = json!({"score": 9});
    let saved = app
        .post_json(
            "/api/record_registration",
            &nurse,
            json!({"patient_id": first.id, "request_id": "pdf-h", "draft": draft}),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK);
    let (status, headers, pdf) = app.get_bytes("/enhet/1/vaktrapport.pdf", &nurse).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&pdf));
    assert_eq!(
        headers.get(http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()),
        Some("application/pdf")
    );
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("v.pdf");
    std::fs::write(&file, &pdf).expect("write");
    let out = std::process::Command::new("pdftotext").arg(&file).arg("-").output().expect("pdftotext");
    let text = String::from_utf8_lossy(&out.stdout).replace('\n', " ");
    for p in &patients {
        assert!(text.contains(&p.patient.name), "{} in:\n{text}", p.patient.name);
    }
    for expected in ["Vakt: ", "Oppfølging: Smerte 9", "Side 1 av 1", "Laget i Lindra"] {
        assert!(text.contains(expected), "{expected:?} in:\n{text}");
    }
    let other = app.login("demo.avd3").await;
    let (status, _, body) = app.get_bytes("/enhet/1/vaktrapport.pdf", &other).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(!String::from_utf8_lossy(&body).contains(&first.name));
    let (status, _, _) = app.get_bytes("/enhet/1/vaktrapport.pdf?vakt=x", &nurse).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

/// A patient last assessed before the report's week of registrations is not "never assessed":
/// the row says when, as the overview does.
#[tokio::test]
async fn a_patient_assessed_long_ago_is_not_called_never_assessed() {
    let app = sqlite_app().await;
    let nurse = app.login("demo.sykepleier").await;
    let patient = app
        .storage
        .create_patient(lindra_app::model::NewPatient {
            name: "Leif Dahl".into(),
            birth_date: chrono::NaiveDate::from_ymd_opt(1940, 1, 1).expect("date"),
            room: "199".into(),
            unit_id: 1,
        })
        .await
        .expect("patient");
    let long_ago = chrono::Utc::now() - chrono::Duration::days(10);
    let draft = lindra::RegistrationDraft {
        observed_at: Some(long_ago),
        completed_by: Some(lindra::CompletedBy::Patient),
        symptoms: [lindra::registration::DraftValue::Score(2); 9],
        ..lindra::RegistrationDraft::default()
    };
    let registration = draft.validate(chrono::Utc::now(), lindra::Language::Nb.clinical()).expect("valid");
    let nurse_id = app.storage.user_by_username("demo.sykepleier").await.expect("user").expect("some").id;
    app.storage.import(patient.id, nurse_id, &[registration], &[]).await.expect("import");
    let answer = app.post_json("/api/handover", &nurse, json!({"unit_id": 1, "back": 0})).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let report: Value = serde_json::from_str(&answer.body).expect("json");
    let row = report["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["patient"]["id"] == json!(patient.id))
        .expect("row");
    assert_eq!(row["not_assessed"], json!(true));
    assert!(row["last_assessed"].is_string(), "assessed 10 days ago, not never: {row}");
}
