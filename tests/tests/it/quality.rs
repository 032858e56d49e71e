//! The quality view over HTTP, and the unit leader (avdelingsleder): figures and the handover
//! report of the leader's units, and a refusal with an access-log row on every route that shows
//! one patient's data.

use http::{header, StatusCode};
use lindra_tests::app::{sqlite_app, valid_draft};
use serde_json::{json, Value};

#[tokio::test]
async fn the_quality_view_shows_figures_without_names_and_downloads_as_csv() {
    let app = sqlite_app().await;
    let nurse = app.login("demo.ressurs").await;
    let patients = app.storage.patients_in_unit(1).await.expect("patients");
    let answer = app.post_json("/api/quality", &nurse, json!({"unit_id": 1, "kind": "uke"})).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let q: Value = serde_json::from_str(&answer.body).expect("json");
    let rows = q["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 12, "twelve weeks");
    assert_eq!(rows.last().expect("this week")["running"], json!(true));
    // The demo's three days are in the last week (or two): patients and registrations counted.
    let counted: u64 = rows.iter().map(|r| r["quality"]["registrations"].as_u64().expect("n")).sum();
    assert!(counted > 0, "{}", answer.body);
    assert_eq!(q["charts"].as_array().expect("charts").len(), 2);
    for p in &patients {
        assert!(!answer.body.contains(&p.patient.name), "a name in the figures: {}", p.patient.name);
    }
    let months = app.post_json("/api/quality", &nurse, json!({"unit_id": 1, "kind": "maned"})).await;
    assert_eq!(months.status, StatusCode::OK);
    let bad = app.post_json("/api/quality", &nurse, json!({"unit_id": 1, "kind": "år"})).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert!(bad.body.contains("periode"), "the field is named: {}", bad.body);

    let page = app.get("/enhet/1/kvalitet?periode=maned", &nurse).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Vurdert i tide") && page.body.contains("<svg"), "charts and table");
    for p in &patients {
        assert!(!page.body.contains(&p.patient.name), "a name on the page: {}", p.patient.name);
    }

    let (status, headers, bytes) = app.get_bytes("/enhet/1/kvalitet.csv?periode=uke", &nurse).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()),
        Some("text/csv; charset=utf-8")
    );
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 with a byte order mark");
    let text = String::from_utf8(bytes[3..].to_vec()).expect("utf-8");
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert_eq!(lines.len(), 12 + 2, "header, twelve weeks, and the last line's CRLF");
    assert!(lines[0].starts_with("Periode,Pasienter,Registreringer,Vurdert i tide,"), "{}", lines[0]);
    assert!(lines[12].ends_with("") && lines[12].contains("(hittil)"), "{}", lines[12]);

    let all = app.post_json("/api/quality_units", &nurse, json!({"kind": "uke"})).await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.body);
    let all: Value = serde_json::from_str(&all.body).expect("json");
    assert_eq!(all["units"].as_array().expect("units").len(), 2, "both of the resource nurse's units");
}

#[tokio::test]
async fn another_units_nurse_gets_no_figures() {
    let app = sqlite_app().await;
    let other = app.login("demo.avd3").await;
    let answer = app.post_json("/api/quality", &other, json!({"unit_id": 1, "kind": "uke"})).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);
    let (status, _, body) = app.get_bytes("/enhet/1/kvalitet.csv", &other).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let body = String::from_utf8_lossy(&body);
    assert!(
        body.contains("Tabellen ble ikke laget") && !body.contains("PDF"),
        "the page names the table: {body}"
    );
    let all = app.post_json("/api/quality_units", &other, json!({"kind": "maned"})).await;
    let all: Value = serde_json::from_str(&all.body).expect("json");
    let names: Vec<&str> =
        all["units"].as_array().expect("units").iter().filter_map(|u| u[1].as_str()).collect();
    assert_eq!(names, ["Solsiden sykehjem, avdeling 3"]);
}

#[tokio::test]
async fn the_leader_sees_figures_and_the_handover_and_no_patient() {
    let app = sqlite_app().await;
    let leader = app.login("demo.leder").await;
    let p = app.patient_of_unit(1).await;
    let id = p.id;
    let registration = app.storage.latest_registration(id).await.expect("latest").expect("one").id;

    // What a leader may see.
    let quality = app.post_json("/api/quality", &leader, json!({"unit_id": 1, "kind": "maned"})).await;
    assert_eq!(quality.status, StatusCode::OK, "{}", quality.body);
    assert_eq!(app.get("/enhet/1/kvalitet", &leader).await.status, StatusCode::OK);
    assert_eq!(app.get_bytes("/enhet/1/kvalitet.csv", &leader).await.0, StatusCode::OK);
    assert_eq!(app.get("/kvalitet", &leader).await.status, StatusCode::OK);
    let handover = app.post_json("/api/handover", &leader, json!({"unit_id": 1, "back": 0})).await;
    assert_eq!(handover.status, StatusCode::OK, "{}", handover.body);
    let page = app.get("/enhet/1/vaktrapport", &leader).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&p.name), "the handover names the unit's patients");
    assert!(!page.body.contains("href=\"/pasient/"), "but links to no patient's page");
    let units = app.post_json("/api/units", &leader, json!({})).await;
    assert!(units.body.contains("\"sees_patients\":false"), "{}", units.body);
    let (status, _, pdf) = app.get_bytes("/enhet/1/vaktrapport.pdf", &leader).await;
    assert_eq!((status, &pdf[..5]), (StatusCode::OK, &b"%PDF-"[..]), "the handover prints");

    // Every route that shows one patient, or a unit's patients, refuses: 403 and no name.
    for uri in [
        format!("/pasient/{id}"),
        format!("/pasient/{id}/ny"),
        format!("/pasient/{id}/forlop"),
        format!("/pasient/{id}/tilgangslogg"),
        format!("/registrering/{registration}"),
        format!("/pasient/{id}/oppsummering.pdf"),
        "/enhet/1".to_string(),
        "/enhet/1/oversikt".to_string(),
    ] {
        let answer = app.get(&uri, &leader).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{uri}");
        assert!(!answer.body.contains(&p.name), "{uri} shows the name");
    }
    for (uri, body) in [
        ("/api/patient_overview", json!({"patient_id": id})),
        ("/api/patient_trend", json!({"patient_id": id, "period": ""})),
        ("/api/access_log", json!({"patient_id": id})),
        ("/api/patient_followups", json!({"patient_id": id})),
        ("/api/registration", json!({"registration_id": registration})),
        (
            "/api/record_registration",
            json!({"patient_id": id, "request_id": "leder-1", "draft": valid_draft()}),
        ),
        ("/api/unit_patients", json!({"unit_id": 1})),
        ("/api/unit_overview", json!({"unit_id": 1})),
    ] {
        let answer = app.post_json(uri, &leader, body).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{uri}: {}", answer.body);
        assert!(!answer.body.contains(&p.name), "{uri}: {}", answer.body);
        // A registration is refused in the words of an unknown one (ids cannot be probed).
        if uri != "/api/registration" {
            assert!(answer.body.contains("avdelingsleder"), "{uri} says why: {}", answer.body);
        }
    }
    let refused: std::collections::BTreeSet<String> = app
        .audit(id)
        .await
        .into_iter()
        .filter(|(user, _, outcome)| user == "demo.leder" && outcome == "denied")
        .map(|(_, action, _)| action)
        .collect();
    let expected: std::collections::BTreeSet<String> = [
        "patient.read",
        "trend.read",
        "access_log.read",
        "followup.read",
        "registration.read",
        "registration.create",
        "pdf.export",
    ]
    .map(String::from)
    .into();
    assert_eq!(refused, expected, "a denied row for each kind of attempt");
    assert!(
        app.storage
            .registrations(id, Default::default())
            .await
            .expect("registrations")
            .iter()
            .all(|r| r.recorded_by_name != "Demo Avdelingsleder"),
        "nothing recorded"
    );
}
