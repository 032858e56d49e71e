//! PostgreSQL: for when one server is not enough. Several stateless Lindra processes share one
//! database; everything a request needs is in the database, nothing in a process.

use crate::storage::db_error;
use futures::future::BoxFuture;
use lindra_app::storage::{StorageError, StorageResult};
use sqlx::postgres::PgPoolOptions;
use sqlx::{PgConnection, PgPool};
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

crate::storage::sql::impl_storage!(PgStorage, sqlx::Postgres);
