//! Test support: a fresh database per test, on SQLite (a temporary file) or PostgreSQL (a new
//! database on the server `LINDRA_TEST_POSTGRES_URL` names).
//!
//! Without that variable the PostgreSQL tests are skipped with a loud note, except under
//! `CI=true`, where they fail: CI must run them (scripts/test.sh starts a throwaway cluster).

pub mod app;
pub mod fhir;

use lindra_app::storage::{DynStorage, Storage};
use lindra_server::storage::{postgres::PgStorage, sqlite::SqliteStorage};
use sqlx::sqlite::SqliteConnectOptions;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

/// A database for one test, with raw SQL access to check what the database itself enforces.
pub enum TestDb {
    Sqlite { storage: Arc<SqliteStorage>, dir: tempfile::TempDir },
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

    /// The first column of every row of a query, as text (fingerprints of whole tables).
    pub async fn strings(&self, sql: &str) -> Vec<String> {
        let rows = match self {
            TestDb::Sqlite { storage, .. } => {
                sqlx::query_scalar::<_, String>(sql).fetch_all(storage.pool()).await
            }
            TestDb::Postgres { storage, .. } => {
                sqlx::query_scalar::<_, String>(sql).fetch_all(storage.pool()).await
            }
        };
        rows.unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// Makes the disk "full" from the next few writes on. SQLite: the database is reopened with
    /// `max_page_count` at its present size, so SQLite answers SQLITE_FULL, its error for a full
    /// disk, once the pages it has are used up. PostgreSQL (whose disk a test cannot fill): a
    /// trigger raises PostgreSQL's own disk_full error (SQLSTATE 53100) once five more
    /// registrations are stored. The real disk, full under the real binary, is
    /// tests/e2e/disk-full.test.mjs.
    pub async fn fill_disk(&mut self) {
        match self {
            TestDb::Sqlite { storage, dir } => {
                let pages: i64 =
                    sqlx::query_scalar("PRAGMA page_count").fetch_one(storage.pool()).await.expect("page count");
                *storage = Arc::new(reopen_sqlite(storage, dir, Some(pages)).await);
            }
            TestDb::Postgres { .. } => {
                for statement in [
                    "CREATE TABLE lindra_test_room AS SELECT count(*) + 5 AS n FROM registrations",
                    "CREATE FUNCTION lindra_test_disk_full() RETURNS trigger LANGUAGE plpgsql AS $$ \
                     BEGIN \
                       IF (SELECT count(*) FROM registrations) >= (SELECT n FROM lindra_test_room) THEN \
                         RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = 'disk_full'; \
                       END IF; \
                       RETURN NEW; \
                     END $$",
                    "CREATE TRIGGER lindra_test_disk_full BEFORE INSERT ON registrations \
                     FOR EACH ROW EXECUTE FUNCTION lindra_test_disk_full()",
                ] {
                    self.execute(statement).await.expect("the disk-full trigger");
                }
            }
        }
    }

    /// Someone made room on the disk: [`fill_disk`](Self::fill_disk) undone.
    pub async fn make_room(&mut self) {
        match self {
            TestDb::Sqlite { storage, dir } => *storage = Arc::new(reopen_sqlite(storage, dir, None).await),
            TestDb::Postgres { .. } => {
                self.execute("DROP TRIGGER lindra_test_disk_full ON registrations")
                    .await
                    .expect("drop trigger");
            }
        }
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
    let storage = open_sqlite(&dir, None).await;
    TestDb::Sqlite { storage: Arc::new(storage), dir }
}

/// The test's SQLite file, at most `max_pages` pages big if given.
async fn open_sqlite(dir: &tempfile::TempDir, max_pages: Option<i64>) -> SqliteStorage {
    let mut options = SqliteConnectOptions::new().filename(dir.path().join("lindra.db"));
    if let Some(pages) = max_pages {
        options = options.pragma("max_page_count", pages.to_string());
    }
    SqliteStorage::connect_with(options, 4).await.expect("open sqlite")
}

async fn reopen_sqlite(
    storage: &SqliteStorage,
    dir: &tempfile::TempDir,
    max_pages: Option<i64>,
) -> SqliteStorage {
    storage.close().await;
    open_sqlite(dir, max_pages).await
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
