//! SQLite: the default. One file under ./data, WAL so readers never wait for the writer,
//! synchronous=FULL so a registration that got a success answer survives a power cut, foreign
//! keys on, and a busy timeout instead of "database is locked" under concurrent writes.

use crate::storage::db_error;
use crate::storage::writer::Writer;
use futures::future::BoxFuture;
use lindra_app::storage::{StorageError, StorageResult};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Connection, SqliteConnection, SqlitePool};
use std::str::FromStr;
use std::time::Duration;

pub struct SqliteStorage {
    pub(crate) pool: SqlitePool,
    /// SQLite lets one transaction write at a time. Lindra's frequent writes (registrations,
    /// access-log rows, session touches) go to one writer task that commits what is waiting
    /// together (group commit, see [`Writer`]); without it they would all try at once and the
    /// losers sleep in SQLite's busy handler (1, 2, 5, 10 ... ms), each paying its own fsync.
    writer: Writer,
    /// Changes committed by this process (the only one writing the file).
    pub(crate) changes: tokio::sync::broadcast::Sender<lindra_app::storage::Change>,
}

impl SqliteStorage {
    pub async fn connect(url: &str, max_connections: u32) -> StorageResult<SqliteStorage> {
        Self::connect_with(SqliteConnectOptions::from_str(url).map_err(db_error)?, max_connections).await
    }

    /// [`connect`](Self::connect) with options of the caller's on top of Lindra's own (tests use
    /// it to cap the file's size with `max_page_count`, SQLite's own "disk is full").
    pub async fn connect_with(
        options: SqliteConnectOptions,
        max_connections: u32,
    ) -> StorageResult<SqliteStorage> {
        let options = options
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        if let Some(dir) = options.get_filename().parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir).map_err(|e| {
                    StorageError::Database(format!(
                        "cannot create the database folder {}: {e}",
                        dir.display()
                    ))
                })?;
            }
        }
        // One connection first creates the file, turns on WAL and migrates: several connections
        // opening a new file at once can meet "database is locked" while one of them switches
        // the journal mode, which no busy timeout covers.
        let mut first = SqliteConnection::connect_with(&options).await.map_err(db_error)?;
        sqlx::migrate!("../migrations/sqlite")
            .run(&mut first)
            .await
            .map_err(|e| StorageError::Database(format!("migration failed: {e}")))?;
        first.close().await.map_err(db_error)?;
        let pool = SqlitePoolOptions::new()
            .max_connections(max_connections.max(1))
            .acquire_timeout(Duration::from_secs(5))
            .connect_with(options)
            .await
            .map_err(db_error)?;
        let writer = Writer::start(pool.clone());
        let (changes, _) = tokio::sync::broadcast::channel(crate::storage::CHANGES_BUFFER);
        Ok(SqliteStorage { pool, writer, changes })
    }

    /// Runs `write` in the writer's next batch (see `writer`); `Ok` once it is committed. Other
    /// processes (a backup, the CLI) still meet the busy timeout.
    pub(crate) async fn write<T, F>(&self, write: F) -> Result<T, sqlx::Error>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut SqliteConnection) -> BoxFuture<'c, Result<T, sqlx::Error>> + Send + 'static,
    {
        self.writer.write(write).await
    }

    /// Within a write: nothing to do, SQLite's changes come from this process only.
    pub(crate) async fn announce_in(
        _connection: &mut SqliteConnection,
        _unit_id: i64,
    ) -> Result<(), sqlx::Error> {
        Ok(())
    }

    /// Before a save's follow-up decision: nothing. The one writer runs every write of this
    /// database one after the other, inside a transaction that already holds SQLite's write
    /// lock, and the announcement is made after the commit ([`announce`](Self::announce)).
    pub(crate) async fn lock_patient_and_announce(
        _connection: &mut SqliteConnection,
        _patient_id: i64,
    ) -> Result<(), sqlx::Error> {
        Ok(())
    }

    /// After the commit: tells this process's live pages.
    pub(crate) fn announce(&self, unit_id: i64) {
        let _ = self.changes.send(lindra_app::storage::Change::Unit(unit_id));
    }

    /// The pool, for tests that check what the database itself enforces.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

crate::storage::sql::impl_storage!(SqliteStorage, sqlx::Sqlite);
