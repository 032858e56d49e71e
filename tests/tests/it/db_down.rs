//! The database is gone (its pool closed under a running app): a server function answers 503
//! with the typed error the form shows next to what was typed, a page answers with a small
//! Norwegian page, and nothing is stored. The browser version, with PostgreSQL cut off by a
//! proxy, is tests/e2e/db-down.test.mjs.

use http::{header, StatusCode};
use lindra_app::error::AppError;
use lindra_tests::app::{sqlite_app, valid_draft};
use lindra_tests::TestDb;

#[tokio::test]
async fn without_its_database_lindra_answers_503_in_norwegian_and_stores_nothing() {
    let app = sqlite_app().await;
    let cookie = app.login("demo.sykepleier").await;
    let user = app.storage.user_by_username("demo.sykepleier").await.expect("user").expect("demo user");
    let unit = app.storage.user_unit_ids(user.id).await.expect("units")[0];
    let patient = app.patient_of_unit(unit).await;
    let TestDb::Sqlite { storage, .. } = &app.db else { unreachable!("sqlite_app is on SQLite") };
    let before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM registrations")
        .fetch_one(storage.pool())
        .await
        .expect("count");
    let path = storage.pool().connect_options().get_filename().to_path_buf();

    storage.pool().close().await;

    let body = serde_json::json!({ "patient_id": patient.id, "request_id": "uten-database", "draft": valid_draft() });
    let answer = app.post_json("/api/record_registration", &cookie, body).await;
    assert_eq!(answer.status, StatusCode::SERVICE_UNAVAILABLE, "{}", answer.body);
    assert_eq!(answer.header(header::CONTENT_TYPE), Some("application/json"));
    assert_eq!(answer.header(header::RETRY_AFTER), Some("5"));
    let error: AppError = serde_json::from_str(&answer.body).expect("the typed error the form reads");
    assert_eq!(
        error,
        AppError::Unavailable("Databasen er ikke tilgjengelig akkurat nå. Prøv igjen om litt.".into())
    );

    let page = app.get(&format!("/pasient/{}", patient.id), &cookie).await;
    assert_eq!(page.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(page.body.contains("Lindra er ikke tilgjengelig"), "{}", page.body);
    assert!(page.body.contains("Prøv igjen om litt"));

    // Nothing was written: the file, opened anew, has the rows it had.
    let reopened = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display())).await.expect("reopen");
    let after: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM registrations").fetch_one(&reopened).await.expect("count");
    assert_eq!(after, before);
    let stored: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM registrations WHERE request_id = 'uten-database'")
            .fetch_one(&reopened)
            .await
            .expect("count");
    assert_eq!(stored, 0);
}
