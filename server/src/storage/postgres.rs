//! PostgreSQL: for when one server is not enough. Several stateless Lindra processes share one
//! database; everything a request needs is in the database, nothing in a process.

use crate::storage::db_error;
use futures::future::BoxFuture;
use lindra_app::storage::{Change, StorageError, StorageResult};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{PgConnection, PgPool};
use std::str::FromStr;
use std::time::Duration;

pub struct PgStorage {
    pub(crate) pool: PgPool,
    /// Changes committed by any server process on this database, as heard by [`listen`].
    pub(crate) changes: tokio::sync::broadcast::Sender<Change>,
}

/// The channel every Lindra process NOTIFYs and LISTENs on; the payload is a unit id.
const CHANNEL: &str = "lindra_changes";

impl PgStorage {
    pub async fn connect(url: &str, max_connections: u32) -> StorageResult<PgStorage> {
        // No JIT: Lindra's queries are short, and compiling one costs more than it saves (15 ms
        // on the quality view's year of follow-ups, docs/benchmarks.md). A random page read
        // costed as on an SSD or from memory (1.1, not the spinning-disk 4): with 4 the planner
        // read all 626 000 body marks to find one patient's 2 500 (59 ms, against 4 ms through
        // the primary key; docs/benchmarks.md, "FHIR interface").
        let options = PgConnectOptions::from_str(url)
            .map_err(db_error)?
            .options([("jit", "off"), ("random_page_cost", "1.1")]);
        let pool = PgPoolOptions::new()
            .max_connections(max_connections.max(1))
            .acquire_timeout(Duration::from_secs(5))
            .connect_with(options)
            .await
            .map_err(db_error)?;
        sqlx::migrate!("../migrations/postgres")
            .run(&pool)
            .await
            .map_err(|e| StorageError::Database(format!("migration failed: {e}")))?;
        let (changes, _) = tokio::sync::broadcast::channel(crate::storage::CHANGES_BUFFER);
        tokio::spawn(listen(pool.clone(), changes.clone()));
        Ok(PgStorage { pool, changes })
    }

    /// Within a write: NOTIFY, which PostgreSQL delivers to every listener when (and only if)
    /// the transaction commits.
    pub(crate) async fn announce_in(connection: &mut PgConnection, unit_id: i64) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT pg_notify($1, $2)")
            .bind(CHANNEL)
            .bind(unit_id.to_string())
            .execute(connection)
            .await?;
        Ok(())
    }

    /// Before a save's follow-up decision: locks the patient's row, so that two saves or two
    /// nurses on the same patient at the same moment, on any server, are decided one after the
    /// other (a write to a column that is no key, so inserts that reference the patient go on),
    /// and announces the unit as changed at commit. One statement: one round trip.
    pub(crate) async fn lock_patient_and_announce(
        connection: &mut PgConnection,
        patient_id: i64,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "WITH locked AS (UPDATE patients SET room = room WHERE id = $1 RETURNING unit_id) \
             SELECT pg_notify($2, unit_id::text) FROM locked",
        )
        .bind(patient_id)
        .bind(CHANNEL)
        .fetch_one(connection)
        .await?;
        Ok(())
    }

    /// After the commit: nothing, this process hears its own NOTIFY like every other.
    pub(crate) fn announce(&self, _unit_id: i64) {}

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// Runs `write` in a transaction of its own: PostgreSQL writes concurrently, and several
    /// servers share it, so there is nothing to gain from a queue in one process.
    pub(crate) async fn write<T, F>(&self, write: F) -> Result<T, sqlx::Error>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut PgConnection) -> BoxFuture<'c, Result<T, sqlx::Error>> + Send + 'static,
    {
        let mut tx = self.pool.begin().await?;
        let value = write(&mut tx).await?;
        tx.commit().await?;
        Ok(value)
    }
}

/// Hears every process's changes and passes them to this process's live pages, for as long as
/// anyone holds the sender. After a lost connection it listens again and says `All`: what
/// changed meanwhile is not known.
async fn listen(pool: PgPool, changes: tokio::sync::broadcast::Sender<Change>) {
    let mut delay = Duration::from_millis(200);
    loop {
        if pool.is_closed() {
            return;
        }
        let listener = async {
            let mut listener = sqlx::postgres::PgListener::connect_with(&pool).await?;
            listener.ignore_pool_close_event(true);
            listener.listen(CHANNEL).await?;
            Ok::<_, sqlx::Error>(listener)
        };
        match listener.await {
            Ok(mut listener) => {
                delay = Duration::from_millis(200);
                let _ = changes.send(Change::All);
                // `try_recv`: a lost connection ends this loop, not a silent reconnect that
                // would drop what was notified meanwhile without telling anyone.
                while let Ok(Some(notification)) = listener.try_recv().await {
                    if let Ok(unit_id) = notification.payload().parse() {
                        let _ = changes.send(Change::Unit(unit_id));
                    }
                }
            }
            Err(error) => tracing::warn!(%error, "cannot listen for changes; trying again"),
        }
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(Duration::from_secs(5));
    }
}

crate::storage::sql::impl_storage!(PgStorage, sqlx::Postgres);
