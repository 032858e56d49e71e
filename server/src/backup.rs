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

use futures::StreamExt;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, Row};
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

/// What the refusal on a PostgreSQL URL says.
pub const POSTGRES_REFUSAL: &str = "lindra backup kopierer en SQLite-database. For PostgreSQL brukes \
     PostgreSQLs egne verktøy: pg_dump (f.eks. pg_dump --format=custom --file=lindra.dump \"$LINDRA_DATABASE_URL\") \
     eller pg_basebackup med WAL-arkivering. Se docs/operations.md.";

/// Tables whose rows the check counts, with their Norwegian names.
const TABLES: [(&str, &str); 7] = [
    ("care_units", "enheter"),
    ("users", "brukere"),
    ("patients", "pasienter"),
    ("registrations", "registreringer (alle versjoner)"),
    ("body_marks", "markeringer på kroppskart"),
    ("audit_events", "hendelser i tilgangsloggen"),
    ("sessions", "økter"),
];

/// The checked copy: where it is and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub file: PathBuf,
    pub bytes: u64,
    /// Latest applied migration.
    pub schema_version: Option<i64>,
    /// Rows per table, in the order of [`TABLES`]: (table, Norwegian name, rows).
    pub counts: Vec<(&'static str, &'static str, i64)>,
    /// When the newest registration in the copy was stored.
    pub newest_registration: Option<String>,
    /// When the newest access-log row in the copy was written.
    pub newest_audit_event: Option<String>,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "backup skrevet: {} ({:.1} MiB)", self.file.display(), self.bytes as f64 / 1_048_576.0)?;
        let version = self.schema_version.map_or_else(|| "ukjent".to_string(), |v| v.to_string());
        writeln!(f, "kontrollert: integrity_check ok, foreign_key_check ok, skjemaversjon {version}")?;
        for (table, name, rows) in &self.counts {
            let newest = match *table {
                "registrations" => self.newest_registration.as_deref(),
                "audit_events" => self.newest_audit_event.as_deref(),
                _ => None,
            };
            match newest {
                Some(at) => writeln!(f, "  {rows:>9} {name} (nyeste {at})")?,
                None => writeln!(f, "  {rows:>9} {name}")?,
            }
        }
        Ok(())
    }
}

fn is_postgres(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// Copies the SQLite database `database_url` names into `target` (which must not exist) while
/// the server may be running, and checks the copy. The error is the message for the operator.
pub async fn backup(database_url: &str, target: &Path) -> Result<Report, String> {
    if is_postgres(database_url) {
        return Err(POSTGRES_REFUSAL.into());
    }
    if !database_url.starts_with("sqlite:") {
        return Err(format!(
            "ukjent databaseadresse (forventet sqlite://STI): {}",
            crate::storage::redact(database_url)
        ));
    }
    let source = SqliteConnectOptions::from_str(database_url)
        .map_err(|e| format!("ugyldig databaseadresse {database_url}: {e}"))?
        .create_if_missing(false)
        // The server may hold the write lock; a snapshot read waits for it, never for long.
        .busy_timeout(Duration::from_secs(30))
        .disable_statement_logging();
    let source_file = source.get_filename().to_path_buf();
    if source_file.as_os_str() == ":memory:" || !source_file.is_file() {
        return Err(format!(
            "databasen {} finnes ikke; det er ingenting å ta backup av",
            source_file.display()
        ));
    }
    if target.symlink_metadata().is_ok() {
        return Err(exists_message(target));
    }
    let name = target
        .file_name()
        .ok_or_else(|| format!("{} er ikke et filnavn", target.display()))?
        .to_string_lossy()
        .into_owned();
    let folder = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !folder.is_dir() {
        return Err(format!("mappen {} finnes ikke", folder.display()));
    }
    // Written beside the target (same file system, so the final link is atomic), under a name
    // nobody mistakes for a finished backup.
    let partial = folder.join(format!(".{name}.{}.ufullstendig", std::process::id()));
    let _ = std::fs::remove_file(&partial);

    let result = copy_and_check(&source, &partial, target).await;
    let _ = std::fs::remove_file(&partial);
    result
}

async fn copy_and_check(
    source: &SqliteConnectOptions,
    partial: &Path,
    target: &Path,
) -> Result<Report, String> {
    let mut conn = source.connect().await.map_err(|e| format!("kan ikke åpne databasen: {e}"))?;
    let partial_text =
        partial.to_str().ok_or_else(|| format!("{} er ikke gyldig UTF-8", partial.display()))?;
    sqlx::query("VACUUM INTO ?1")
        .bind(partial_text)
        .execute(&mut conn)
        .await
        .map_err(|e| format!("kopieringen mislyktes: {e}"))?;
    conn.close().await.map_err(|e| format!("kan ikke lukke databasen: {e}"))?;

    // Patient data: readable by the owner only.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(partial, std::fs::Permissions::from_mode(0o600))
            .map_err(|e| format!("kan ikke sette rettighetene på kopien: {e}"))?;
    }
    // VACUUM INTO does not fsync its output: do it before the copy counts as a backup.
    std::fs::File::open(partial)
        .and_then(|f| f.sync_all())
        .map_err(|e| format!("kan ikke skrive kopien til disk: {e}"))?;

    let mut report = check(partial).await?;

    // A hard link never replaces an existing file, unlike rename: a backup that appeared
    // meanwhile stays as it is.
    std::fs::hard_link(partial, target).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => exists_message(target),
        _ => format!("kan ikke skrive {}: {e}", target.display()),
    })?;
    std::fs::remove_file(partial).map_err(|e| format!("kan ikke fjerne {}: {e}", partial.display()))?;
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        // The new directory entry survives a power cut too.
        if let Ok(dir) = std::fs::File::open(dir) {
            let _ = dir.sync_all();
        }
    }
    report.file = target.to_path_buf();
    Ok(report)
}

fn exists_message(target: &Path) -> String {
    format!(
        "{} finnes allerede; lindra backup skriver aldri over en fil. Velg et nytt filnavn \
         (for eksempel med dato og klokkeslett) eller flytt den gamle filen først.",
        target.display()
    )
}

/// Opens a copy read-only and checks that it is whole and that its tables can be read.
pub async fn check(file: &Path) -> Result<Report, String> {
    let bytes = std::fs::metadata(file).map_err(|e| format!("kan ikke lese {}: {e}", file.display()))?.len();
    let mut conn = SqliteConnectOptions::new()
        .filename(file)
        .create_if_missing(false)
        .read_only(true)
        .disable_statement_logging()
        .connect()
        .await
        .map_err(|e| format!("kopien {} kan ikke åpnes: {e}", file.display()))?;
    let damaged = |what: &str| format!("kopien {} er skadet ({what}); den er ikke brukt", file.display());

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
        return Err(damaged(&format!("{} brudd på fremmednøkler", violations.len())));
    }

    let schema_version: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations")
        .fetch_one(&mut conn)
        .await
        .map_err(|e| damaged(&format!("migreringstabellen: {e}")))?;
    let mut counts = Vec::new();
    for (table, name) in TABLES {
        // Every row is read whole (a COUNT(*) could be answered from an index alone).
        let mut rows = 0_i64;
        let sql = format!("SELECT * FROM {table}");
        let mut stream = sqlx::query(&sql).fetch(&mut conn);
        while let Some(row) = stream.next().await {
            let row = row.map_err(|e| damaged(&format!("tabellen {table}: {e}")))?;
            if row.is_empty() {
                return Err(damaged(&format!("tabellen {table} har rader uten kolonner")));
            }
            rows += 1;
        }
        drop(stream);
        counts.push((table, name, rows));
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
    conn.close().await.map_err(|e| format!("kan ikke lukke kopien: {e}"))?;
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

    #[tokio::test]
    async fn postgres_is_refused_with_a_pointer_to_pg_dump() {
        let error =
            backup("postgres://lindra:secret@db/lindra", Path::new("x.db")).await.expect_err("refused");
        assert!(error.contains("pg_dump"), "{error}");
        assert!(!error.contains("secret"));
    }

    #[tokio::test]
    async fn a_missing_database_is_not_created() {
        let dir = std::env::temp_dir().join(format!("lindra-backup-unit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let db = dir.join("missing.db");
        let error =
            backup(&format!("sqlite://{}", db.display()), &dir.join("copy.db")).await.expect_err("refused");
        assert!(error.contains("finnes ikke"), "{error}");
        assert!(!db.exists(), "backup must not create the database it copies");
        assert!(!dir.join("copy.db").exists());
        std::fs::remove_dir_all(&dir).expect("cleanup");
    }
}
