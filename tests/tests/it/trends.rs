//! The unit overview and the trend page over HTTP: who is on top, the access log of every patient
//! a list shows, the period choice and its errors, and a moved patient's whole history.

use http::StatusCode;
use lindra_tests::app::sqlite_app;
use serde_json::json;

fn json(body: &str) -> serde_json::Value {
    serde_json::from_str(body).expect("json answer")
}

#[tokio::test]
async fn the_overview_puts_the_most_urgent_first_and_logs_each_patient_shown() {
    let app = sqlite_app().await;
    let cookie = app.login("demo.ressurs").await;
    let answer = app.post_json("/api/unit_overview", &cookie, json!({"unit_id": 1})).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let overview = json(&answer.body);
    let rows = overview["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 8, "every patient of the demo ward");
    let ranks: Vec<u64> = rows
        .iter()
        .map(|r| {
            let a = &r["attention"];
            let severe = !a["severe"].as_array().expect("severe").is_empty();
            let worse = !a["worsened_sums"].as_array().expect("sums").is_empty()
                || !a["worsened_items"].as_array().expect("items").is_empty();
            let overdue = a["overdue"].as_bool().expect("overdue");
            match (severe, worse, overdue) {
                (true, true, _) => 0,
                (true, false, _) => 1,
                (false, true, _) => 2,
                (false, false, true) => 3,
                _ => 4,
            }
        })
        .collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "sorted by need: {ranks:?}");
    assert_eq!(ranks[0], 0, "the demo ward has a severe, deteriorating patient on top");
    for row in rows {
        let id = row["patient"]["id"].as_i64().expect("id");
        let log = app.audit(id).await;
        assert!(
            log.iter().any(|(u, a, o)| u == "demo.ressurs" && a == "unit_overview.read" && o == "ok"),
            "patient {id} has the overview in their access log"
        );
    }
    let page = app.get("/enhet/1/oversikt", &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("data-flag=\"severe\""));
}

#[tokio::test]
async fn a_unit_outside_ones_own_gives_no_overview() {
    let app = sqlite_app().await;
    let cookie = app.login("demo.sykepleier").await; // unit 1 only
    let other = app.patient_of_unit(2).await;
    let answer = app.post_json("/api/unit_overview", &cookie, json!({"unit_id": 2})).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert!(!answer.body.contains(&other.name));
    let page = app.get("/enhet/2/oversikt", &cookie).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(!page.body.contains(&other.name));
    let trend = app.get(&format!("/pasient/{}/forlop", other.id), &cookie).await;
    assert_eq!(trend.status, StatusCode::FORBIDDEN);
    assert!(!trend.body.contains(&other.name));
    assert!(app
        .audit(other.id)
        .await
        .iter()
        .any(|(u, a, o)| u == "demo.sykepleier" && a == "trend.read" && o == "denied"));
}

#[tokio::test]
async fn the_trend_page_draws_a_chart_per_item_and_logs_the_access() {
    let app = sqlite_app().await;
    let cookie = app.login("demo.sykepleier").await;
    // The patient with the longest history on the demo ward.
    let mut patient = app.patient_of_unit(1).await;
    let mut most = 0;
    for row in app.storage.patients_in_unit(1).await.expect("patients") {
        let n = app.storage.registrations(row.patient.id, Default::default()).await.expect("history").len();
        if n > most {
            (most, patient) = (n, row.patient);
        }
    }
    let page = app.get(&format!("/pasient/{}/forlop", patient.id), &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    for title in ["1. Smerte", "5. Matlyst", "9. Velvære", "Symptomsummer"] {
        assert!(page.body.contains(&format!("data-chart=\"{title}\"")), "{title}");
    }
    assert!(page.body.contains("<svg"), "charts are inline SVG");
    assert!(page.body.contains("class=\"trend-table\""));
    let log = app.audit(patient.id).await;
    assert_eq!(log[0], ("demo.sykepleier".into(), "trend.read".into(), "ok".into()));

    // Periods: a registration from 20 days ago is in "30" and "alle", not in "7".
    let old = chrono::Utc::now() - chrono::Duration::days(20);
    let draft = lindra::RegistrationDraft {
        observed_at: Some(old),
        completed_by: Some(lindra::CompletedBy::Patient),
        symptoms: [lindra::registration::DraftValue::Score(3); 9],
        ..Default::default()
    };
    let registration = draft.validate(old, lindra::Language::Nb.clinical()).expect("valid");
    let nurse = app.storage.user_by_username("demo.sykepleier").await.expect("user").expect("exists");
    app.storage.import(patient.id, nurse.id, &[registration], &[]).await.expect("import");
    let count = |period: &'static str| {
        let app = &app;
        let cookie = cookie.clone();
        async move {
            let a = app
                .post_json("/api/patient_trend", &cookie, json!({"patient_id": patient.id, "period": period}))
                .await;
            assert_eq!(a.status, StatusCode::OK, "{period}: {}", a.body);
            json(&a.body)["count"].as_u64().expect("count")
        }
    };
    let (week, month, all) = (count("7").await, count("30").await, count("alle").await);
    assert_eq!((week + 1, month), (all, all), "7 days: {week}, 30 days: {month}, all: {all}");
    assert_eq!(
        all as usize,
        app.storage.registrations(patient.id, Default::default()).await.expect("all").len()
    );
}

#[tokio::test]
async fn an_unknown_period_is_a_clear_message_naming_the_field() {
    let app = sqlite_app().await;
    let cookie = app.login("demo.sykepleier").await;
    let patient = app.patient_of_unit(1).await;
    let answer =
        app.post_json("/api/patient_trend", &cookie, json!({"patient_id": patient.id, "period": "14"})).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(answer.body.contains("Periode: velg 7, 30 eller 90 dager, eller alle."), "{}", answer.body);
    let page = app.get(&format!("/pasient/{}/forlop?periode=1000", patient.id), &cookie).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("Periode: velg"));
}

#[tokio::test]
async fn a_moved_patient_keeps_the_whole_course() {
    let app = sqlite_app().await;
    let patient = app.patient_of_unit(1).await;
    let before = app.storage.registrations(patient.id, Default::default()).await.expect("history").len();
    let admin = app.storage.user_by_username("demo.admin").await.expect("admin").expect("exists");
    app.storage.move_patient(patient.id, 2, admin.id).await.expect("move");
    let new_unit = app.login("demo.avd3").await;
    let a = app
        .post_json("/api/patient_trend", &new_unit, json!({"patient_id": patient.id, "period": "alle"}))
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(json(&a.body)["count"].as_u64(), Some(before as u64), "the whole history moves along");
    let overview = json(&app.post_json("/api/unit_overview", &new_unit, json!({"unit_id": 2})).await.body);
    let row =
        overview["rows"].as_array().expect("rows").iter().find(|r| r["patient"]["id"] == patient.id).cloned();
    assert!(
        row.is_some_and(|r| !r["latest"].is_null()),
        "the new unit's overview shows the latest registration"
    );
    let old_unit = app.login("demo.sykepleier").await;
    let refused = app
        .post_json("/api/patient_trend", &old_unit, json!({"patient_id": patient.id, "period": "alle"}))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "the old unit no longer sees the patient");
}

#[tokio::test]
async fn the_units_interval_decides_who_is_overdue() {
    let app = sqlite_app().await;
    let admin = app.login("demo.admin").await;
    let nurse = app.login("demo.ressurs").await;
    let set_interval = |hours: i64| {
        serde_json::json!({"unit_id": 1, "unit": {"name": "Solsiden sykehjem, avdeling 2", "kind": "sykehjem",
            "assessment_interval_hours": hours, "contact_phone": "22 00 00 00", "contact_after_hours": "Legevakt 116 117", "prn_reassess_minutes": 60, "reassess_minutes": 120, "shifts": "Dag 07:00, Kveld 15:00, Natt 23:00"}})
    };
    let overdue = |body: &str| {
        // Patients never assessed are always overdue; count the others.
        let rows = json(body)["rows"].as_array().expect("rows").clone();
        rows.iter().filter(|r| !r["latest"].is_null() && r["attention"]["overdue"] == true).count()
    };
    let answer = app.post_json("/api/admin_update_unit", &admin, set_interval(720)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let relaxed = overdue(&app.post_json("/api/unit_overview", &nurse, json!({"unit_id": 1})).await.body);
    assert_eq!(relaxed, 0, "everyone assessed within 30 days");
    assert_eq!(app.post_json("/api/admin_update_unit", &admin, set_interval(1)).await.status, StatusCode::OK);
    let strict = overdue(&app.post_json("/api/unit_overview", &nurse, json!({"unit_id": 1})).await.body);
    assert!(strict > 0, "with a 1-hour interval someone is overdue");
    let unit = app.storage.unit(1).await.expect("unit").expect("exists");
    assert_eq!((unit.assessment_interval_hours, unit.contact_after_hours.as_str()), (1, "Legevakt 116 117"));

    let refused = app.post_json("/api/admin_update_unit", &nurse, set_interval(12)).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "only administrators change units");
    let invalid = app.post_json("/api/admin_update_unit", &admin, set_interval(0)).await;
    assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(invalid.body.contains("unit.interval") && invalid.body.contains("Intervall"), "{}", invalid.body);
    assert_eq!(
        app.storage.unit(1).await.expect("unit").map(|u| u.assessment_interval_hours),
        Some(1),
        "unchanged"
    );
}
