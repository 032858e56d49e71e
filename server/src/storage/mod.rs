//! Storage: the [`Storage`](lindra_app::storage::Storage) interface on SQLite (the default, one
//! file under ./data) and on PostgreSQL (several stateless servers on one database).
//!
//! Both backends run the same SQL, written once in [`sql`]; only connecting, migrating and the
//! schema's dialect differ. The storage contract suite runs against both to catch drift.

mod encode;
mod followups;
pub mod postgres;
mod quality;
mod sql;
pub mod sqlite;
mod writer;

use lindra_app::storage::{DynStorage, StorageError};
use std::sync::Arc;

/// Changes a slow live page may fall behind by before it is told to load everything again.
pub(crate) const CHANGES_BUFFER: usize = 256;

/// Opens the database a URL names (`sqlite://...` or `postgres://...`) and applies migrations.
pub async fn open(url: &str, max_connections: u32) -> Result<DynStorage, StorageError> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(postgres::PgStorage::connect(url, max_connections).await?))
    } else if url.starts_with("sqlite:") {
        Ok(Arc::new(sqlite::SqliteStorage::connect(url, max_connections).await?))
    } else {
        Err(StorageError::Database(format!(
            "unknown database URL scheme (expected sqlite:// or postgres://): {}",
            redact(url)
        )))
    }
}

/// A database URL with its password removed, for logs and error messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            let user = userinfo.split(':').next().unwrap_or_default();
            format!("{}{}:***{}", &url[..scheme_end + 3], user, &url[at..])
        }
        _ => url.to_string(),
    }
}

pub(crate) fn db_error(error: sqlx::Error) -> StorageError {
    tracing::warn!(%error, "database error");
    if is_disk_full(&error) {
        return StorageError::Full(error.to_string());
    }
    match error {
        sqlx::Error::PoolTimedOut | sqlx::Error::Io(_) | sqlx::Error::PoolClosed => {
            StorageError::Database("the database does not answer".into())
        }
        other => StorageError::Database(other.to_string()),
    }
}

/// SQLite's SQLITE_FULL (13: the disk, or the file's page limit, is full), PostgreSQL's
/// disk_full (SQLSTATE 53100), or an I/O error of that kind (how the SQLite writer passes a
/// failed batch on to each of its callers).
pub(crate) fn is_disk_full(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Database(e) => matches!(e.code().as_deref(), Some("13" | "53100")),
        sqlx::Error::Io(e) => e.kind() == std::io::ErrorKind::StorageFull,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_never_reach_logs() {
        assert_eq!(redact("postgres://lindra:s3cret@db:5432/lindra"), "postgres://lindra:***@db:5432/lindra");
        assert_eq!(redact("sqlite://data/lindra.db"), "sqlite://data/lindra.db");
    }
}
