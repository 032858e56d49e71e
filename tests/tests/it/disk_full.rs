//! The disk under the database is full (SQLite's own SQLITE_FULL, see `TestDb::fill_disk`): a
//! form that cannot be stored is answered with the typed 503 whose Norwegian message says so (the
//! form shows it next to what was typed), a page says so too, nothing of the refused form is
//! stored, and once someone makes room the same form is stored once. The storage contract has
//! the same story on both databases; tests/e2e/disk-full.test.mjs fills a real disk under the
//! real binary.

use http::{header, StatusCode};
use lindra_app::error::AppError;
use lindra_tests::app::{sqlite_app, valid_draft};

#[tokio::test]
async fn a_full_disk_is_named_to_the_nurse_and_the_same_form_is_stored_once_there_is_room() {
    let mut app = sqlite_app().await;
    let cookie = app.login("demo.sykepleier").await;
    let user = app.storage.user_by_username("demo.sykepleier").await.expect("user").expect("demo user");
    let unit = app.storage.user_unit_ids(user.id).await.expect("units")[0];
    let patient = app.patient_of_unit(unit).await;
    let stored = |app: &lindra_tests::app::TestApp, request_id: String| {
        let storage = app.storage.clone();
        let patient_id = patient.id;
        async move {
            let all = storage.registrations(patient_id, Default::default()).await.expect("registrations");
            all.iter().filter(|r| r.registration.note.ends_with(&request_id)).count()
        }
    };
    let form = |request_id: &str| {
        let mut draft = valid_draft();
        draft["note"] = format!("{} {request_id}", "Urolig natt, fikk ekstra dose kl. 03.".repeat(40)).into();
        serde_json::json!({ "patient_id": patient.id, "request_id": request_id, "draft": draft })
    };

    app.fill_disk().await;
    // Nurses go on saving until the disk has no room left for the next form.
    let mut refused = None;
    for n in 0..200 {
        let request_id = format!("full-{n}");
        let answer = app.post_json("/api/record_registration", &cookie, form(&request_id)).await;
        match answer.status {
            StatusCode::OK => assert_eq!(stored(&app, request_id).await, 1, "an acknowledged form is stored"),
            StatusCode::SERVICE_UNAVAILABLE => {
                assert_eq!(answer.header(header::CONTENT_TYPE), Some("application/json"));
                let error: AppError =
                    serde_json::from_str(&answer.body).expect("the typed error the form reads");
                assert_eq!(
                    error,
                    AppError::Unavailable(
                        lindra_app::text::UiWords::of(lindra::Language::Nb).disk_full.into()
                    )
                );
                refused = Some(request_id);
                break;
            }
            other => panic!("form {n}: {other} {}", answer.body),
        }
    }
    let refused = refused.expect("the disk filled up within 200 forms");
    assert_eq!(stored(&app, refused.clone()).await, 0, "nothing of the refused form is stored");

    // A page is shown only with its access-log row: pages go on while their rows still fit in
    // the space left, then a page says why it cannot be shown.
    let mut page = None;
    for _ in 0..500 {
        let answer = app.get(&format!("/pasient/{}", patient.id), &cookie).await;
        if answer.status != StatusCode::OK {
            page = Some(answer);
            break;
        }
    }
    let page = page.expect("the access log filled the disk within 500 page views");
    assert_eq!(page.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(page.body.contains("Serveren har ikke mer lagringsplass"), "{}", page.body);
    assert!(page.body.contains("Si fra til IT-ansvarlig"), "{}", page.body);

    app.make_room().await;
    let again = app.post_json("/api/record_registration", &cookie, form(&refused)).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert_eq!(stored(&app, refused.clone()).await, 1, "stored once there is room");
    let resend = app.post_json("/api/record_registration", &cookie, form(&refused)).await;
    assert_eq!(resend.status, StatusCode::OK, "{}", resend.body);
    assert_eq!(stored(&app, refused).await, 1, "and not twice");
}
