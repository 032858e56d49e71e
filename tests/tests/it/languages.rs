//! Languages (issue 17), over HTTP: a user chooses the UI language on /innstillinger and every
//! page, message and server-function answer speaks it from the next request on; without a choice
//! of one's own the unit's written language holds; a unit is bokmål or nynorsk, never English.

use http::{header, StatusCode};
use lindra::Language;
use lindra_app::text::{SettingsWords, UiWords};
use lindra_tests::app::{sqlite_app, valid_draft, TestApp};
use serde_json::json;

async fn choose(app: &TestApp, cookie: &str, choice: &str) -> String {
    let body = serde_urlencoded::to_string([("sprak", choice)]).expect("form");
    let answer = app.post_form("/innstillinger", cookie, &body).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    answer.header(header::LOCATION).expect("where to").to_string()
}

fn lang_of(html: &str) -> &str {
    let start = html.find("<html lang=\"").expect("<html lang>") + "<html lang=\"".len();
    &html[start..start + 2]
}

#[tokio::test]
async fn a_nurse_chooses_her_language_and_every_page_and_message_speaks_it() {
    let app = sqlite_app().await;
    let cookie = app.login("demo.sykepleier").await;
    let home = app.get("/", &cookie).await;
    assert_eq!(lang_of(&home.body), "nb");
    assert!(home.body.contains(UiWords::of(Language::Nb).choose_unit));

    assert_eq!(choose(&app, &cookie, "nn").await, "/innstillinger?lagret=1");
    let saved = app.get("/innstillinger?lagret=1", &cookie).await;
    assert_eq!(lang_of(&saved.body), "nn");
    assert!(saved.body.contains(SettingsWords::of(Language::Nn).saved), "{}", saved.body);
    assert!(saved.body.contains(r#"value="nn" checked"#), "the choice is shown: {}", saved.body);
    let home = app.get("/", &cookie).await;
    assert_eq!(lang_of(&home.body), "nn");
    assert!(home.body.contains(UiWords::of(Language::Nn).choose_unit), "{}", home.body);

    assert_eq!(choose(&app, &cookie, "en").await, "/innstillinger?lagret=1");
    let patient = app.patient_of_unit(1).await;
    let page = app.get(&format!("/pasient/{}", patient.id), &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(lang_of(&page.body), "en");
    let clinical = Language::En.clinical();
    assert!(page.body.contains((clinical.item_short_label)(lindra::EsasItem::Tiredness)), "{}", page.body);

    // A server function's validation speaks it too, naming the field.
    let mut draft = valid_draft();
    draft["symptoms"][0] = json!("unanswered");
    let body = json!({ "patient_id": patient.id, "request_id": "lang-1", "draft": draft });
    let answer = app.post_json("/api/record_registration", &cookie, body).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", answer.body);
    let expected = (clinical.invalid.item_missing)((clinical.item_short_label)(lindra::EsasItem::Pain));
    assert!(answer.body.contains(&expected), "{expected} in {}", answer.body);

    // Back to the unit's.
    assert_eq!(choose(&app, &cookie, "enhet").await, "/innstillinger?lagret=1");
    assert_eq!(lang_of(&app.get("/", &cookie).await.body), "nb");
}

#[tokio::test]
async fn an_unknown_language_is_refused_at_its_field_and_changes_nothing() {
    let app = sqlite_app().await;
    let cookie = app.login("demo.sykepleier").await;
    assert_eq!(choose(&app, &cookie, "nn").await, "/innstillinger?lagret=1");
    assert_eq!(choose(&app, &cookie, "se").await, "/innstillinger?feil=1");
    let page = app.get("/innstillinger?feil=1", &cookie).await;
    assert!(page.body.contains(SettingsWords::of(Language::Nn).invalid), "{}", page.body);
    assert_eq!(lang_of(&page.body), "nn", "the earlier choice holds");
}

#[tokio::test]
async fn a_nynorsk_unit_speaks_nynorsk_to_staff_without_a_choice_of_their_own() {
    let app = sqlite_app().await;
    let admin = app.login("demo.admin").await;
    let unit = |language: &str| {
        json!({"unit_id": 1, "unit": {"name": "Solsiden sykehjem, avdeling 2", "kind": "sykehjem",
            "assessment_interval_hours": 24, "contact_phone": "", "contact_after_hours": "",
            "prn_reassess_minutes": 60, "reassess_minutes": 120,
            "shifts": "Dag 07:00, Kveld 15:00, Natt 23:00", "language": language}})
    };
    // A unit writes its records in bokmål or nynorsk; English is refused at its field.
    let english = app.post_json("/api/admin_update_unit", &admin, unit("en")).await;
    assert_eq!(english.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", english.body);
    assert!(english.body.contains("unit.language"), "{}", english.body);
    let nynorsk = app.post_json("/api/admin_update_unit", &admin, unit("nn")).await;
    assert_eq!(nynorsk.status, StatusCode::OK, "{}", nynorsk.body);
    assert_eq!(app.storage.unit(1).await.expect("unit").expect("unit 1").language, Language::Nn);

    let helper = app.login("demo.helsefag").await;
    let home = app.get("/", &helper).await;
    assert_eq!(lang_of(&home.body), "nn");
    // Her own choice wins over the unit's.
    assert_eq!(choose(&app, &helper, "nb").await, "/innstillinger?lagret=1");
    assert_eq!(lang_of(&app.get("/", &helper).await.body), "nb");
    // A colleague of another unit is not touched.
    let other = app.login("demo.avd3").await;
    assert_eq!(lang_of(&app.get("/", &other).await.body), "nb");
}
