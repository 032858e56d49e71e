//! PostgreSQL: for when one server is not enough. Several stateless Lindra processes share one
//! database; everything a request needs is in the database, nothing in a process.

use crate::storage::db_error;
use lindra_app::storage::{StorageError, StorageResult};
use sqlx::postgres::PgPoolOptions;
use sqlx::PgPool;
use std::time::Duration;

pub struct PgStorage {
    pub(crate) pool: PgPool,
}

impl PgStorage {
    pub async fn connect(url: &str, max_connections: u32) -> StorageResult<PgStorage> {
        let pool = PgPoolOptions::new()
            .max_connections(max_connections.max(1))
            .acquire_timeout(Duration::from_secs(5))
            .connect(url)
            .await
            .map_err(db_error)?;
        sqlx::migrate!("../migrations/postgres")
            .run(&pool)
            .await
            .map_err(|e| StorageError::Database(format!("migration failed: {e}")))?;
        Ok(PgStorage { pool })
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// PostgreSQL writes concurrently: no queue in the process.
    pub(crate) async fn write_turn(&self) -> Option<tokio::sync::MutexGuard<'_, ()>> {
        None
    }
}

crate::storage::sql::impl_storage!(PgStorage, sqlx::Postgres);
