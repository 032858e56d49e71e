//! Test support: a fresh database per test, on SQLite (a temporary file) or PostgreSQL (a new
//! database on the server `LINDRA_TEST_POSTGRES_URL` names).
//!
//! Without that variable the PostgreSQL tests are skipped with a loud note, except under
//! `CI=true`, where they fail: CI must run them (scripts/test.sh starts a throwaway cluster).

pub mod app;

use lindra_app::storage::DynStorage;
use lindra_server::storage::{postgres::PgStorage, sqlite::SqliteStorage};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

/// A database for one test, with raw SQL access to check what the database itself enforces.
pub enum TestDb {
    Sqlite { storage: Arc<SqliteStorage>, _dir: tempfile::TempDir },
    Postgres { storage: Arc<PgStorage>, url: String },
}

impl TestDb {
    pub fn storage(&self) -> DynStorage {
        match self {
            TestDb::Sqlite { storage, .. } => storage.clone(),
            TestDb::Postgres { storage, .. } => storage.clone(),
        }
    }

    /// The URL of a PostgreSQL test database, for a second server process on it.
    pub fn url(&self) -> Option<&str> {
        match self {
            TestDb::Sqlite { .. } => None,
            TestDb::Postgres { url, .. } => Some(url),
        }
    }

    /// Runs one statement directly, bypassing storage.
    pub async fn execute(&self, sql: &str) -> Result<u64, String> {
        let result = match self {
            TestDb::Sqlite { storage, .. } => {
                sqlx::query(sql).execute(storage.pool()).await.map(|r| r.rows_affected())
            }
            TestDb::Postgres { storage, .. } => {
                sqlx::query(sql).execute(storage.pool()).await.map(|r| r.rows_affected())
            }
        };
        result.map_err(|e| e.to_string())
    }

    pub fn name(&self) -> &'static str {
        match self {
            TestDb::Sqlite { .. } => "sqlite",
            TestDb::Postgres { .. } => "postgres",
        }
    }
}

pub async fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().expect("temporary folder");
    let url = format!("sqlite://{}", dir.path().join("lindra.db").display());
    let storage = SqliteStorage::connect(&url, 4).await.expect("open sqlite");
    TestDb::Sqlite { storage: Arc::new(storage), _dir: dir }
}

/// A new, empty PostgreSQL database, or `None` when no server is configured outside CI.
pub async fn postgres() -> Option<TestDb> {
    let Ok(url) = std::env::var("LINDRA_TEST_POSTGRES_URL") else {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("CI=true but LINDRA_TEST_POSTGRES_URL is not set: the PostgreSQL suite must run in CI");
        }
        eprintln!("SKIPPED: PostgreSQL test (set LINDRA_TEST_POSTGRES_URL, or run scripts/test.sh)");
        return None;
    };
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let name = format!(
        "lindra_t_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        chrono::Utc::now().timestamp_subsec_nanos()
    );
    let admin = sqlx::PgPool::connect(&url).await.expect("connect to the PostgreSQL test server");
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin).await.expect("create test database");
    admin.close().await;
    let (base, _) = url.rsplit_once('/').expect("database URL with a database name");
    let url = format!("{base}/{name}");
    let storage = PgStorage::connect(&url, 4).await.expect("open postgres");
    Some(TestDb::Postgres { storage: Arc::new(storage), url })
}
