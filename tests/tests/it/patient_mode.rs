//! Patient mode (issue 17), over HTTP without a socket: a nurse hands the tablet to a patient of
//! her unit; the session then reaches the patient's own form and its save alone (pages go back
//! to the form, everything else is refused and logged); the answers are stored as the patient's
//! own ("utfylt av: pasient", the language, "vil ikke / kan ikke svare" kept, registered under
//! the nurse); the nurse's PIN or password takes the tablet back, five wrong end the session;
//! idle time neither locks nor ends it.

use chrono::{Duration, Utc};
use http::{header, StatusCode};
use lindra::{CompletedBy, EsasItem, ItemValue, Language};
use lindra_app::pages::login::DEMO_PASSWORD;
use lindra_server::auth::token;
use lindra_tests::app::{sqlite_app, TestApp};
use serde_json::json;

const PIN: &str = "2580";

fn form(fields: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(fields).expect("form")
}

async fn with_pin(app: &TestApp, username: &str) -> String {
    let cookie = app.login(username).await;
    let set = app
        .post_form("/pin", &cookie, &form(&[("passord", DEMO_PASSWORD), ("pin", PIN), ("pin2", PIN)]))
        .await;
    assert_eq!(set.header(header::LOCATION), Some("/pin?lagret=1"));
    cookie
}

async fn hand_over(app: &TestApp, cookie: &str, patient_id: i64, language: &str) -> String {
    let id = patient_id.to_string();
    let answer = app
        .post_form("/pasientmodus", cookie, &form(&[("pasient", &id), ("sprak", language), ("smerte", "1")]))
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    answer.header(header::LOCATION).unwrap_or_default().to_string()
}

/// The patient's answers: every item 4, drowsiness "vil ikke / kan ikke svare", pain now 6.
fn answers() -> serde_json::Value {
    json!({
        "symptoms": [{"score": 4}, {"score": 4}, "not_assessed", {"score": 4}, {"score": 4}, {"score": 4}, {"score": 4}, {"score": 4}, {"score": 4}],
        "other_name": "Constipation", "other": {"score": 5}, "pain_now": {"score": 6}
    })
}

#[tokio::test]
async fn a_tablet_with_a_patient_reaches_only_their_form_and_stores_their_own_answers() {
    let app = sqlite_app().await;
    let cookie = with_pin(&app, "demo.sykepleier").await;
    let p = app.patient_of_unit(1).await;
    let before = app.storage.latest_registration(p.id).await.expect("latest").map(|r| r.id);
    assert_eq!(hand_over(&app, &cookie, p.id, "en").await, "/pasientsvar");

    // The form: the patient's language, no staff header, no patient data.
    let page = app.get("/pasientsvar", &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<html lang=\"en\""), "{}", &page.body[..300.min(page.body.len())]);
    assert!(page.body.contains("How are you feeling?"), "{}", page.body);
    assert!(!page.body.contains(&p.name), "no patient name");
    assert!(!page.body.contains("class=\"top\""), "no staff header");
    assert!(!page.body.contains("data-lock-after-ms=\""), "no quick lock under the patient");

    // Back button, typed addresses, other calls: back to the form, or refused.
    for path in
        [format!("/pasient/{}", p.id), "/enhet/1".into(), "/".into(), "/logg-inn".into(), "/admin".into()]
    {
        let answer = app.get(&path, &cookie).await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{path}");
        assert_eq!(answer.header(header::LOCATION), Some("/pasientsvar"), "{path}");
    }
    let api = app.post_json("/api/patient_overview", &cookie, json!({"patient_id": p.id})).await;
    assert_eq!(api.status, StatusCode::FORBIDDEN);
    assert!(!api.body.contains(&p.name));
    assert_eq!(app.get("/hendelser", &cookie).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get(&format!("/fhir/Patient/{}", p.id), &cookie).await.status, StatusCode::FORBIDDEN);
    let log_out_of_reach = app.post_form("/laas", &cookie, "").await;
    assert_eq!(log_out_of_reach.status, StatusCode::FORBIDDEN, "the quick lock is not a way out");

    // "Ferdig": stored once, as the patient's own.
    let save = json!({"request_id": "patient-form-1", "answers": answers()});
    let first = app.post_json("/api/record_self_report", &cookie, save.clone()).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let again = app.post_json("/api/record_self_report", &cookie, save).await;
    assert_eq!(again.status, StatusCode::OK, "a resend stores nothing new");
    let stored = app.storage.latest_registration(p.id).await.expect("latest").expect("stored");
    assert_ne!(Some(stored.id), before);
    let r = &stored.registration;
    assert_eq!(r.completed_by, CompletedBy::Patient);
    assert_eq!(r.self_report.map(|s| s.language), Some(Language::En));
    assert_eq!(r.esas.get(EsasItem::Drowsiness), Some(ItemValue::NotAssessed), "never 0");
    assert_eq!(r.esas.other.as_ref().map(|o| o.name.as_str()), Some("Constipation"));
    assert_eq!(r.pain.now.map(|s| s.value()), Some(6));
    let nurse = app.storage.user_by_username("demo.sykepleier").await.expect("user").expect("some");
    assert_eq!(stored.recorded_by, nurse.id, "registered under the nurse who handed it over");
    let versions = app.storage.registration_versions(stored.id).await.expect("versions");
    assert_eq!(versions.len(), 1, "stored once");

    // The staff screen: in Norwegian, says the answers are saved.
    let give_back = app.get("/pasientsvar/tilbake", &cookie).await;
    assert!(give_back.body.contains("Pasientens svar er lagret"), "{}", give_back.body);
    assert!(!give_back.body.contains(&p.name));
    let wrong = app.post_form("/pasientsvar/avslutt", &cookie, &form(&[("pin", "1357")])).await;
    assert_eq!(wrong.header(header::LOCATION), Some("/pasientsvar/tilbake?feil=1"));
    assert_eq!(app.get("/enhet/1", &cookie).await.header(header::LOCATION), Some("/pasientsvar"));
    let right = app.post_form("/pasientsvar/avslutt", &cookie, &form(&[("pin", PIN)])).await;
    assert_eq!(right.header(header::LOCATION), Some(format!("/pasient/{}", p.id).as_str()));
    let patient_page = app.get(&format!("/pasient/{}", p.id), &cookie).await;
    assert_eq!(patient_page.status, StatusCode::OK);
    assert!(
        patient_page.body.contains("Pasientens egne svar på nettbrettet (engelsk)"),
        "{}",
        patient_page.body
    );
    let after = app
        .post_json("/api/record_self_report", &cookie, json!({"request_id": "x-2", "answers": answers()}))
        .await;
    assert_eq!(after.status, StatusCode::FORBIDDEN, "no self-report outside patient mode");

    // Every step in the patient's access log.
    let log = app.audit(p.id).await;
    let has = |action: &str, outcome: &str| log.iter().any(|(_, a, o)| a == action && o == outcome);
    assert!(has("patient_mode.start", "ok"), "{log:?}");
    assert!(has("registration.create", "ok"), "{log:?}");
    assert!(has("patient_mode.end", "failed"), "{log:?}");
    assert!(has("patient_mode.end", "ok"), "{log:?}");
}

#[tokio::test]
async fn five_wrong_codes_end_the_session_and_the_password_works_without_a_pin() {
    let app = sqlite_app().await;
    let p = app.patient_of_unit(1).await;
    // Without a PIN: the password takes it back.
    let cookie = app.login("demo.helsefag").await;
    hand_over(&app, &cookie, p.id, "nb").await;
    let page = app.get("/pasientsvar/tilbake", &cookie).await;
    assert!(!page.body.contains("name=\"pin\""), "no PIN field for a user without one");
    assert!(page.body.contains("ikke lagret"), "the nurse is told nothing is saved yet: {}", page.body);
    let wrong = app.post_form("/pasientsvar/avslutt", &cookie, &form(&[("passord", "feil")])).await;
    assert_eq!(wrong.header(header::LOCATION), Some("/pasientsvar/tilbake?feil=1"));
    let right = app.post_form("/pasientsvar/avslutt", &cookie, &form(&[("passord", DEMO_PASSWORD)])).await;
    assert_eq!(right.header(header::LOCATION), Some(format!("/pasient/{}", p.id).as_str()));

    // Five wrong PINs: the session ends, a full sign-in.
    let cookie = with_pin(&app, "demo.sykepleier").await;
    hand_over(&app, &cookie, p.id, "nb").await;
    for _ in 0..4 {
        let wrong = app.post_form("/pasientsvar/avslutt", &cookie, &form(&[("pin", "9731")])).await;
        assert_eq!(wrong.header(header::LOCATION), Some("/pasientsvar/tilbake?feil=1"));
    }
    let last = app.post_form("/pasientsvar/avslutt", &cookie, &form(&[("pin", PIN)])).await;
    // The fifth was the right one: it still opens (four wrong before it).
    assert_eq!(last.header(header::LOCATION), Some(format!("/pasient/{}", p.id).as_str()));
    hand_over(&app, &cookie, p.id, "nb").await;
    for _ in 0..5 {
        app.post_form("/pasientsvar/avslutt", &cookie, &form(&[("pin", "9731")])).await;
    }
    assert_eq!(app.get("/pasientsvar", &cookie).await.header(header::LOCATION), Some("/logg-inn"));
    let log = app.audit(p.id).await;
    assert!(log.iter().any(|(_, a, o)| a == "patient_mode.end" && o == "failed"), "{log:?}");
}

#[tokio::test]
async fn only_a_patient_of_ones_own_units_and_a_known_language() {
    let app = sqlite_app().await;
    let cookie = app.login("demo.sykepleier").await;
    let elsewhere = app.patient_of_unit(2).await;
    let id = elsewhere.id.to_string();
    let refused = app.post_form("/pasientmodus", &cookie, &form(&[("pasient", &id), ("sprak", "nb")])).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(!refused.body.contains(&elsewhere.name));
    assert!(app.audit(elsewhere.id).await.iter().any(|(_, a, o)| a == "patient_mode.start" && o == "denied"));
    let own = app.patient_of_unit(1).await.id.to_string();
    let language =
        app.post_form("/pasientmodus", &cookie, &form(&[("pasient", &own), ("sprak", "se")])).await;
    assert_eq!(language.status, StatusCode::BAD_REQUEST);
    assert!(language.body.contains("Språk for pasienten"), "{}", language.body);
    let garbage = app.post_form("/pasientmodus", &cookie, &form(&[("pasient", "x"), ("sprak", "nb")])).await;
    assert_eq!(garbage.status, StatusCode::BAD_REQUEST);
    // Nothing of it left the session in patient mode.
    assert_eq!(app.get("/enhet/1", &cookie).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_patient_taking_their_time_neither_locks_nor_ends_the_session() {
    let app = sqlite_app().await;
    with_pin(&app, "demo.sykepleier").await;
    let nurse = app.storage.user_by_username("demo.sykepleier").await.expect("user").expect("some");
    let p = app.patient_of_unit(1).await;
    let now = Utc::now();
    let slow = token::new_token().expect("token");
    let hash = token::token_hash(&slow);
    app.storage.create_session(&hash, nurse.id, now - Duration::minutes(40)).await.expect("session");
    let mode = lindra_app::model::PatientMode {
        patient_id: p.id,
        language: Language::Nb,
        steps: Default::default(),
        started_at: now - Duration::minutes(40),
        registration_id: None,
    };
    app.storage.start_patient_mode(&hash, mode).await.expect("patient mode");
    let cookie = format!("lindra_session={slow}");
    // Forty minutes without a request: past the lock (2 min) and the idle end (15 min).
    assert_eq!(app.get("/pasientsvar", &cookie).await.status, StatusCode::OK);
    let record = app.storage.session(&hash).await.expect("lookup").expect("kept");
    assert!(!record.locked);
    assert_eq!(record.patient_mode.map(|m| m.patient_id), Some(p.id));
}

#[tokio::test]
async fn a_correction_of_the_patients_own_answers_adds_but_does_not_change_them() {
    let app = sqlite_app().await;
    let cookie = with_pin(&app, "demo.sykepleier").await;
    let p = app.patient_of_unit(1).await;
    hand_over(&app, &cookie, p.id, "nn").await;
    let saved = app
        .post_json("/api/record_self_report", &cookie, json!({"request_id": "own-1", "answers": answers()}))
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    app.post_form("/pasientsvar/avslutt", &cookie, &form(&[("pin", PIN)])).await;
    let stored = app.storage.latest_registration(p.id).await.expect("latest").expect("stored");
    let mut draft = serde_json::to_value(stored.registration.to_draft()).expect("draft");
    // A note and the worst pain added: kept as the patient's own.
    draft["note"] = json!("Fikk hjelp til å lese spørsmålene.");
    draft["pain_worst_24h"] = json!(7);
    let form = app.get(&format!("/registrering/{}/rett", stored.id), &cookie).await;
    assert!(form.body.contains("blir stående som pasienten ga dem"), "the correction form says so");
    let body = |draft: &serde_json::Value, id: &str| json!({"registration_id": stored.id, "request_id": id, "reason": "La til notat", "draft": draft});
    let added = app.post_json("/api/correct_registration", &cookie, body(&draft, "c-1")).await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.body);
    let latest = app.storage.latest_registration(p.id).await.expect("latest").expect("stored");
    assert_eq!(latest.version, 2);
    assert_eq!(latest.registration.self_report.map(|s| s.language), Some(Language::Nn), "the mark stays");
    // Changing what the patient answered: refused at the field, nothing stored.
    draft["symptoms"][0] = json!({"score": 9});
    let body = json!({"registration_id": latest.id, "request_id": "c-2", "reason": "Feil", "draft": draft});
    let changed = app.post_json("/api/correct_registration", &cookie, body).await;
    assert_eq!(changed.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", changed.body);
    assert!(
        changed.body.contains("esas.pain") && changed.body.contains("pasientens eget svar"),
        "{}",
        changed.body
    );
    draft["symptoms"][0] = json!({"score": 4});
    draft["completed_by"] = json!("health_personnel");
    let body = json!({"registration_id": latest.id, "request_id": "c-3", "reason": "Feil", "draft": draft});
    let who = app.post_json("/api/correct_registration", &cookie, body).await;
    assert_eq!(who.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", who.body);
    assert!(who.body.contains("completed_by"), "{}", who.body);
    assert_eq!(app.storage.latest_registration(p.id).await.expect("latest").map(|r| r.version), Some(2));
}
