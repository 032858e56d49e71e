//! Limits on a request as a whole, without a socket: the request timeout answers a server
//! function that waits on a locked database with the typed Norwegian 503 its form shows
//! (`TimedOut`: the save is not confirmed, rather than "not saved"), and the resend of the same
//! form is stored once, and the readiness check asks the database while the
//! liveness check does not.

use http::{header, StatusCode};
use lindra_app::backend::AppState;
use lindra_app::error::AppError;
use lindra_server::auth::Auth;
use lindra_server::{leptos_options, router_with_limits, Limits};
use lindra_tests::app::{auth_config, sqlite_app, valid_draft, Answer};
use lindra_tests::TestDb;
use std::time::{Duration, Instant};
use tower::ServiceExt;

#[tokio::test]
async fn a_request_over_the_time_limit_gets_the_typed_503_and_the_resend_is_stored_once() {
    // Lindra with the default limits, and a second server on the same database whose requests
    // may take 300 ms: only the request that waits on the lock goes to it, so nothing else races
    // the short limit on a busy machine.
    let app = sqlite_app().await;
    let limits = Limits { request_timeout: Duration::from_millis(300) };
    let auth = Auth::new(app.storage.clone(), auth_config(false));
    let short = router_with_limits(
        AppState {
            storage: app.storage.clone(),
            demo: true,
            new_start_password: lindra_server::auth::password::new_start_password,
            new_api_token: lindra_server::auth::token::new_token_with_hash,
            lock_after_seconds: 120,
            second_factor_required: false,
            sign_in: Default::default(),
        },
        auth,
        leptos_options(app.site.path()),
        limits,
    );
    let cookie = app.login("demo.sykepleier").await;
    let user = app.storage.user_by_username("demo.sykepleier").await.expect("user").expect("demo user");
    let unit = app.storage.user_unit_ids(user.id).await.expect("units")[0];
    let patient = app.patient_of_unit(unit).await;
    let TestDb::Sqlite { storage, .. } = &app.db else { unreachable!("sqlite_app is on SQLite") };
    let file = storage.pool().connect_options().get_filename().to_path_buf();

    // Another process holds SQLite's write lock: Lindra's insert waits (busy timeout 5 s), far
    // longer than the 300 ms the request may take.
    let other = sqlx::SqlitePool::connect(&format!("sqlite://{}", file.display())).await.expect("open");
    let mut lock = other.acquire().await.expect("connection");
    sqlx::query("BEGIN IMMEDIATE").execute(&mut *lock).await.expect("write lock");

    let body =
        serde_json::json!({ "patient_id": patient.id, "request_id": "tidsgrense", "draft": valid_draft() });
    let request = http::Request::post("/api/record_registration")
        .header(header::COOKIE, &cookie)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ACCEPT, "application/json")
        .body(axum::body::Body::from(body.to_string()))
        .expect("request");
    let started = Instant::now();
    let response = short.oneshot(request).await.expect("response");
    let waited = started.elapsed();
    let answer = Answer {
        status: response.status(),
        headers: response.headers().clone(),
        body: String::from_utf8_lossy(
            &axum::body::to_bytes(response.into_body(), 1 << 20).await.expect("body"),
        )
        .into_owned(),
    };
    assert_eq!(answer.status, StatusCode::SERVICE_UNAVAILABLE, "{}", answer.body);
    assert_eq!(answer.header(header::CONTENT_TYPE), Some("application/json"));
    assert_eq!(answer.header(header::RETRY_AFTER), Some("5"));
    let error: AppError = serde_json::from_str(&answer.body).expect("the typed error the form reads");
    assert_eq!(
        error,
        AppError::TimedOut(lindra_app::text::UiWords::of(lindra::Language::Nb).timed_out.into()),
        "not 'unavailable': the save may still happen"
    );
    assert!(waited < Duration::from_secs(3), "answered after {waited:?}: the timeout, not the busy timeout");

    sqlx::query("ROLLBACK").execute(&mut *lock).await.expect("release the lock");
    drop(lock);
    other.close().await;

    // The form keeps its request id; sending it again stores it, once.
    let answer = app.post_json("/api/record_registration", &cookie, body.clone()).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let again = app.post_json("/api/record_registration", &cookie, body).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    let stored: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM registrations WHERE request_id = 'tidsgrense'")
            .fetch_one(storage.pool())
            .await
            .expect("count");
    assert_eq!(stored, 1);
}

#[tokio::test]
async fn readiness_asks_the_database_and_liveness_does_not() {
    let app = sqlite_app().await;
    let ready = app.get("/readyz", "").await;
    assert_eq!(ready.status, StatusCode::OK, "{}", ready.body);
    assert_eq!(ready.body, "ok");

    let TestDb::Sqlite { storage, .. } = &app.db else { unreachable!("sqlite_app is on SQLite") };
    storage.pool().close().await;

    let started = Instant::now();
    let ready = app.get("/readyz", "").await;
    assert_eq!(ready.status, StatusCode::SERVICE_UNAVAILABLE, "{}", ready.body);
    assert_eq!(ready.header(header::RETRY_AFTER), Some("5"));
    assert!(started.elapsed() < Duration::from_secs(3), "readiness answers quickly");
    let live = app.get("/healthz", "").await;
    assert_eq!(live.status, StatusCode::OK, "the process is alive without its database");
    assert_eq!(live.body, "ok");
}
