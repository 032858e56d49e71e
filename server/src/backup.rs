//! `lindra backup FILE`: a consistent copy of the live SQLite database, checked before it is
//! given its name.
//!
//! The copy is made with `VACUUM INTO`, which reads one snapshot of the database in a single
//! read transaction: in WAL mode the running server keeps writing meanwhile, and the copy holds
//! exactly the transactions committed before the snapshot, never half of one. The copy is
//! written under a temporary name in the target folder, flushed to disk (SQLite does not fsync
//! what `VACUUM INTO` writes), opened again and checked (`PRAGMA integrity_check`,
//! `PRAGMA foreign_key_check`, every clinical table readable), and only then linked to `FILE`,
//! which must not exist: a backup is never overwritten.
//!
//! PostgreSQL is backed up with its own tools (pg_dump, pg_basebackup); see docs/operations.md.
//!
//! What it tells the operator is in the language it is given (the command line's,
//! `Config::language`: bokmål unless `--language` says otherwise; `crate::text::BackupWords`).

use crate::text::{BackupWords, ServerWords};
use futures::StreamExt;
use lindra::Language;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, Row};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

/// Tables whose rows the check counts (their names for people: `BackupWords::tables`, in this
/// order).
pub const TABLES: [&str; 7] =
    ["care_units", "users", "patients", "registrations", "body_marks", "audit_events", "sessions"];

/// The checked copy: where it is and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub file: PathBuf,
    pub bytes: u64,
    /// Latest applied migration.
    pub schema_version: Option<i64>,
    /// Rows per table, in the order of [`TABLES`]: (table, rows).
    pub counts: Vec<(&'static str, i64)>,
    /// When the newest registration in the copy was stored.
    pub newest_registration: Option<String>,
    /// When the newest access-log row in the copy was written.
    pub newest_audit_event: Option<String>,
}

impl Report {
    /// What the operator reads, in `language`: where the copy is, that it was checked, and the
    /// rows of each table.
    pub fn describe(&self, language: Language) -> String {
        let words = &ServerWords::of(language).backup;
        let mut out = String::new();
        let file = self.file.display().to_string();
        out.push_str(&(words.written)(&file, self.bytes as f64 / 1_048_576.0));
        out.push('\n');
        let version =
            self.schema_version.map_or_else(|| words.unknown_version.to_string(), |v| v.to_string());
        out.push_str(&(words.checked)(&version));
        out.push('\n');
        for (table, rows) in &self.counts {
            let name = TABLES.iter().position(|t| t == table).map_or(*table, |i| words.tables[i]);
            let newest = match *table {
                "registrations" => self.newest_registration.as_deref(),
                "audit_events" => self.newest_audit_event.as_deref(),
                _ => None,
            };
            match newest {
                Some(at) => out.push_str(&format!("  {rows:>9} {name} ({})\n", (words.newest)(at))),
                None => out.push_str(&format!("  {rows:>9} {name}\n")),
            }
        }
        out
    }
}

fn is_postgres(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// Copies the SQLite database `database_url` names into `target` (which must not exist) while
/// the server may be running, and checks the copy. The error is the message for the operator,
/// in `language`.
pub async fn backup(database_url: &str, target: &Path, language: Language) -> Result<Report, String> {
    let words = &ServerWords::of(language).backup;
    if is_postgres(database_url) {
        return Err(words.postgres_refusal.into());
    }
    if !database_url.starts_with("sqlite:") {
        return Err((words.unknown_database_url)(&crate::storage::redact(database_url)));
    }
    let source = SqliteConnectOptions::from_str(database_url)
        .map_err(|e| (words.invalid_database_url)(database_url, &e.to_string()))?
        .create_if_missing(false)
        // The server may hold the write lock; a snapshot read waits for it, never for long.
        .busy_timeout(Duration::from_secs(30))
        .disable_statement_logging();
    let source_file = source.get_filename().to_path_buf();
    if source_file.as_os_str() == ":memory:" || !source_file.is_file() {
        return Err((words.no_database)(&source_file.display().to_string()));
    }
    if target.symlink_metadata().is_ok() {
        return Err((words.exists)(&target.display().to_string()));
    }
    let name = target
        .file_name()
        .ok_or_else(|| (words.not_a_file_name)(&target.display().to_string()))?
        .to_string_lossy()
        .into_owned();
    let folder = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !folder.is_dir() {
        return Err((words.no_folder)(&folder.display().to_string()));
    }
    // Written beside the target (same file system, so the final link is atomic), under a name
    // nobody mistakes for a finished backup.
    let partial = folder.join(format!(".{name}.{}.ufullstendig", std::process::id()));
    let _ = std::fs::remove_file(&partial);

    let result = copy_and_check(&source, &partial, target, words).await;
    let _ = std::fs::remove_file(&partial);
    result
}

async fn copy_and_check(
    source: &SqliteConnectOptions,
    partial: &Path,
    target: &Path,
    words: &BackupWords,
) -> Result<Report, String> {
    let mut conn = source.connect().await.map_err(|e| (words.cannot_open_database)(&e.to_string()))?;
    let partial_text = partial.to_str().ok_or_else(|| (words.not_utf8)(&partial.display().to_string()))?;
    sqlx::query("VACUUM INTO ?1")
        .bind(partial_text)
        .execute(&mut conn)
        .await
        .map_err(|e| (words.copy_failed)(&e.to_string()))?;
    conn.close().await.map_err(|e| (words.cannot_close_database)(&e.to_string()))?;

    // Patient data: readable by the owner only.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(partial, std::fs::Permissions::from_mode(0o600))
            .map_err(|e| (words.cannot_set_permissions)(&e.to_string()))?;
    }
    // VACUUM INTO does not fsync its output: do it before the copy counts as a backup.
    std::fs::File::open(partial)
        .and_then(|f| f.sync_all())
        .map_err(|e| (words.cannot_sync)(&e.to_string()))?;

    let mut report = check_with(partial, words).await?;

    // A hard link never replaces an existing file, unlike rename: a backup that appeared
    // meanwhile stays as it is.
    std::fs::hard_link(partial, target).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => (words.exists)(&target.display().to_string()),
        _ => (words.cannot_write)(&target.display().to_string(), &e.to_string()),
    })?;
    std::fs::remove_file(partial)
        .map_err(|e| (words.cannot_remove)(&partial.display().to_string(), &e.to_string()))?;
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        // The new directory entry survives a power cut too.
        if let Ok(dir) = std::fs::File::open(dir) {
            let _ = dir.sync_all();
        }
    }
    report.file = target.to_path_buf();
    Ok(report)
}

/// Opens a copy read-only and checks that it is whole and that its tables can be read; the
/// error in `language`.
pub async fn check(file: &Path, language: Language) -> Result<Report, String> {
    check_with(file, &ServerWords::of(language).backup).await
}

async fn check_with(file: &Path, words: &BackupWords) -> Result<Report, String> {
    let shown = file.display().to_string();
    let bytes = std::fs::metadata(file).map_err(|e| (words.cannot_read)(&shown, &e.to_string()))?.len();
    let mut conn = SqliteConnectOptions::new()
        .filename(file)
        .create_if_missing(false)
        .read_only(true)
        .disable_statement_logging()
        .connect()
        .await
        .map_err(|e| (words.copy_cannot_open)(&shown, &e.to_string()))?;
    let damaged = |what: &str| (words.copy_damaged)(&shown, what);

    let integrity: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(&mut conn)
        .await
        .map_err(|e| damaged(&format!("integrity_check: {e}")))?;
    if integrity != ["ok"] {
        return Err(damaged(&format!("integrity_check: {}", integrity.join("; "))));
    }
    let violations = sqlx::query("PRAGMA foreign_key_check")
        .fetch_all(&mut conn)
        .await
        .map_err(|e| damaged(&format!("foreign_key_check: {e}")))?;
    if !violations.is_empty() {
        return Err(damaged(&(words.foreign_key_violations)(violations.len())));
    }

    let schema_version: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations")
        .fetch_one(&mut conn)
        .await
        .map_err(|e| damaged(&(words.in_migrations)(&e.to_string())))?;
    let mut counts = Vec::new();
    for table in TABLES {
        // Every row is read whole (a COUNT(*) could be answered from an index alone).
        let mut rows = 0_i64;
        let sql = format!("SELECT * FROM {table}");
        let mut stream = sqlx::query(&sql).fetch(&mut conn);
        while let Some(row) = stream.next().await {
            let row = row.map_err(|e| damaged(&(words.in_table)(table, &e.to_string())))?;
            if row.is_empty() {
                return Err(damaged(&(words.rows_without_columns)(table)));
            }
            rows += 1;
        }
        drop(stream);
        counts.push((table, rows));
    }
    let newest_registration: Option<String> =
        sqlx::query_scalar("SELECT MAX(recorded_at) FROM registrations")
            .fetch_one(&mut conn)
            .await
            .map_err(|e| damaged(&format!("registrations: {e}")))?;
    let newest_audit_event: Option<String> = sqlx::query_scalar("SELECT MAX(at) FROM audit_events")
        .fetch_one(&mut conn)
        .await
        .map_err(|e| damaged(&format!("audit_events: {e}")))?;
    conn.close().await.map_err(|e| (words.cannot_close_copy)(&e.to_string()))?;
    Ok(Report {
        file: file.to_path_buf(),
        bytes,
        schema_version,
        counts,
        newest_registration,
        newest_audit_event,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_names_each_table_in_the_language_asked() {
        let report = Report {
            file: PathBuf::from("kopi.db"),
            bytes: 3 * 1_048_576 / 2,
            schema_version: Some(42),
            counts: vec![("users", 6), ("registrations", 120)],
            newest_registration: Some("2026-03-01 10:00:00".into()),
            newest_audit_event: None,
        };
        assert_eq!(
            report.describe(Language::Nb),
            "backup skrevet: kopi.db (1.5 MiB)\n\
             kontrollert: integrity_check ok, foreign_key_check ok, skjemaversjon 42\n\
             \x20         6 brukere\n\
             \x20       120 registreringer (alle versjoner) (nyeste 2026-03-01 10:00:00)\n"
        );
        let english = report.describe(Language::En);
        assert!(english.contains("       120 registrations (all versions) (newest 2026-03-01"), "{english}");
    }

    #[tokio::test]
    async fn postgres_is_refused_with_a_pointer_to_pg_dump() {
        let error = backup("postgres://lindra:secret@db/lindra", Path::new("x.db"), Language::Nb)
            .await
            .expect_err("refused");
        assert!(error.contains("pg_dump"), "{error}");
        assert!(!error.contains("secret"));
    }

    #[tokio::test]
    async fn a_missing_database_is_not_created() {
        let dir = std::env::temp_dir().join(format!("lindra-backup-unit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let db = dir.join("missing.db");
        let error = backup(&format!("sqlite://{}", db.display()), &dir.join("copy.db"), Language::Nb)
            .await
            .expect_err("refused");
        assert!(error.contains("finnes ikke"), "{error}");
        assert!(!db.exists(), "backup must not create the database it copies");
        assert!(!dir.join("copy.db").exists());
        std::fs::remove_dir_all(&dir).expect("cleanup");
    }
}
