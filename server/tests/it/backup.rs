//! `lindra backup FILE` as an operator runs it: the real binary against a live SQLite database
//! that this test keeps writing to, then the restore of docs/operations.md (stop, replace the
//! file, remove -wal and -shm, start) and a comparison of every row.

use chrono::Utc;
use lindra::demo::DemoSpec;
use lindra::RegistrationDraft;
use lindra_app::model::NewRegistration;
use lindra_app::storage::Storage;
use lindra_server::storage::sqlite::SqliteStorage;
use sqlx::SqlitePool;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// A folder for one test, removed at the end.
struct Folder(PathBuf);

impl Folder {
    fn new(name: &str) -> Folder {
        let nanos = Utc::now().timestamp_subsec_nanos();
        let dir = std::env::temp_dir().join(format!("lindra-backup-{name}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("test folder");
        Folder(dir)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn url(file: &Path) -> String {
    format!("sqlite://{}", file.display())
}

/// Runs `lindra backup FILE` on the database at `url`.
fn run_backup(url: &str, file: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lindra"))
        .arg("backup")
        .arg(file)
        .env("LINDRA_DATABASE_URL", url)
        .env("LINDRA_LOG", "warn")
        .output()
        .expect("run lindra backup")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn draft(marks: &[(u16, i64)], note: &str) -> RegistrationDraft {
    let mut json = serde_json::json!({
        "observed_at": null, "completed_by": "health_personnel",
        "symptoms": [{"score": 2}, {"score": 3}, {"score": 1}, {"score": 0}, {"score": 4}, {"score": 2}, "not_assessed", {"score": 5}, {"score": 3}],
        "other_name": "", "other": "unanswered", "pain_now": 3, "pain_worst_24h": 6,
        "pain_average_24h": 4, "breakthrough": true, "body_marks": [], "note": note
    });
    json["body_marks"] = serde_json::json!(marks);
    serde_json::from_value(json).expect("draft")
}

async fn record(storage: &SqliteStorage, patient_id: i64, user_id: i64, request_id: &str) -> i64 {
    let registration = draft(&[(105, 3), (222, 7)], request_id)
        .validate(Utc::now(), lindra::Language::Nb.clinical())
        .expect("valid draft");
    let recorded = storage
        .record(NewRegistration {
            patient_id,
            recorded_by: user_id,
            request_id: request_id.into(),
            registration,
        })
        .await
        .expect("record");
    assert!(recorded.created);
    recorded.registration.id
}

/// Every row of a table, each column `quote()`d, in rowid order: a byte-exact picture of it.
async fn dump(pool: &SqlitePool, table: &str) -> Vec<String> {
    let columns: Vec<String> = sqlx::query_scalar(&format!("SELECT name FROM pragma_table_info('{table}')"))
        .fetch_all(pool)
        .await
        .expect("columns");
    assert!(!columns.is_empty(), "table {table}");
    let row = columns.iter().map(|c| format!("quote({c})")).collect::<Vec<_>>().join(" || '|' || ");
    sqlx::query_scalar(&format!("SELECT {row} FROM {table} ORDER BY rowid"))
        .fetch_all(pool)
        .await
        .expect("dump")
}

const CLINICAL: [&str; 5] = ["registrations", "body_marks", "audit_events", "patients", "users"];

async fn seeded(file: &Path) -> (SqliteStorage, i64, i64) {
    let storage = SqliteStorage::connect(&url(file), 4).await.expect("open");
    let spec = DemoSpec { days: 2, ..DemoSpec::ward(Utc::now()) };
    lindra_server::demo::seed(&storage, &spec).await.expect("seed");
    let user = storage.user_by_username("demo.sykepleier").await.expect("user").expect("demo user");
    let unit = *storage.user_unit_ids(user.id).await.expect("units").first().expect("a unit");
    let patient = storage.patients_in_unit(unit).await.expect("patients")[0].patient.id;
    (storage, patient, user.id)
}

#[tokio::test]
async fn backup_then_restore_gives_exactly_the_backed_up_state() {
    let folder = Folder::new("restore");
    let db = folder.path("lindra.db");
    let copy = folder.path("lindra-backup.db");
    let (storage, patient, user) = seeded(&db).await;
    let before_id = record(&storage, patient, user, "før-backup").await;
    let mut before = Vec::new();
    for table in CLINICAL {
        before.push(dump(storage.pool(), table).await);
    }

    // The server is running (the pool is open) while the backup is taken.
    let out = run_backup(&url(&db), &copy);
    assert!(out.status.success(), "backup failed: {}{}", text(&out.stdout), text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("integrity_check ok"), "{stdout}");
    let registrations = before[0].len();
    assert!(
        stdout.lines().any(|l| l.trim_start().starts_with(&format!("{registrations} registreringer"))),
        "the backup reports {registrations} registrations: {stdout}"
    );
    let backup_bytes = std::fs::read(&copy).expect("the backup file");

    // More work after the backup, which the restore must undo.
    let after_id = record(&storage, patient, user, "etter-backup").await;
    assert!(after_id > before_id);

    // A second backup to the same name is refused, and the first stays as it was.
    let again = run_backup(&url(&db), &copy);
    assert!(!again.status.success());
    assert!(text(&again.stderr).contains("finnes allerede"), "{}", text(&again.stderr));
    assert_eq!(std::fs::read(&copy).expect("backup"), backup_bytes, "a backup is never overwritten");
    let leftovers: Vec<_> = std::fs::read_dir(&folder.0)
        .expect("folder")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.contains("ufullstendig"))
        .collect();
    assert!(leftovers.is_empty(), "no partial files left: {leftovers:?}");

    // Restore as docs/operations.md says: stop the server, put the backup in place of the
    // database, remove -wal and -shm, start.
    storage.pool().close().await;
    drop(storage);
    // The old files are removed, not overwritten: a connection still closing (as a stopped
    // server's would be gone) then checkpoints into the old, unlinked file, never the restored one.
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(folder.path(&format!("lindra.db{suffix}")));
    }
    std::fs::copy(&copy, &db).expect("restore the file");
    let restored = SqliteStorage::connect(&url(&db), 4).await.expect("start on the restored file");
    for (table, rows) in CLINICAL.iter().zip(&before) {
        assert_eq!(&dump(restored.pool(), table).await, rows, "{table} is exactly as backed up");
    }
    let latest = restored.latest_registration(patient).await.expect("latest").expect("one");
    assert_eq!(latest.id, before_id);
    assert!(restored.registration_versions(after_id).await.is_err(), "the later registration is gone");
    let integrity: String =
        sqlx::query_scalar("PRAGMA integrity_check").fetch_one(restored.pool()).await.expect("check");
    assert_eq!(integrity, "ok");
    // And the restored database takes new registrations.
    record(&restored, patient, user, "etter-gjenoppretting").await;
}

#[tokio::test]
async fn backup_while_the_server_writes_is_one_consistent_snapshot() {
    let folder = Folder::new("live");
    let db = folder.path("lindra.db");
    let copy = folder.path("snapshot.db");
    let (storage, patient, user) = seeded(&db).await;
    let storage = Arc::new(storage);

    // A writer that never pauses: each registration and its two body marks in one transaction.
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (storage, stop) = (storage.clone(), stop.clone());
        tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                record(&storage, patient, user, &format!("skriver-{n}")).await;
                n += 1;
            }
            n
        })
    };
    // Let it write for a while before and during the backup.
    while sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM registrations WHERE request_id LIKE 'skriver-%'")
        .fetch_one(storage.pool())
        .await
        .expect("count")
        < 20
    {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let (url_text, copy_path) = (url(&db), copy.clone());
    let out =
        tokio::task::spawn_blocking(move || run_backup(&url_text, &copy_path)).await.expect("backup task");
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    stop.store(true, Ordering::Relaxed);
    let written = writer.await.expect("writer");
    assert!(out.status.success(), "backup failed: {}{}", text(&out.stdout), text(&out.stderr));

    let snapshot =
        SqlitePool::connect(&format!("sqlite://{}?mode=ro", copy.display())).await.expect("open copy");
    let live: Vec<Vec<String>> = {
        let mut all = Vec::new();
        for table in ["registrations", "body_marks"] {
            all.push(dump(storage.pool(), table).await);
        }
        all
    };
    let copied_registrations = dump(&snapshot, "registrations").await;
    let copied_marks = dump(&snapshot, "body_marks").await;
    let in_copy =
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM registrations WHERE request_id LIKE 'skriver-%'")
            .fetch_one(&snapshot)
            .await
            .expect("count");
    assert!(in_copy >= 20 && in_copy < written, "the copy was taken mid-stream: {in_copy} of {written}");
    // A snapshot: the copy is exactly the first rows of the live tables (ids only grow, rows are
    // never changed), and every registration in it has all of its body marks.
    assert_eq!(copied_registrations[..], live[0][..copied_registrations.len()]);
    let max_id: i64 =
        sqlx::query_scalar("SELECT MAX(id) FROM registrations").fetch_one(&snapshot).await.expect("max id");
    let live_marks: Vec<i64> = sqlx::query_scalar(
        "SELECT registration_id FROM body_marks WHERE registration_id <= $1 ORDER BY rowid",
    )
    .bind(max_id)
    .fetch_all(storage.pool())
    .await
    .expect("marks");
    assert_eq!(copied_marks.len(), live_marks.len(), "no registration without its marks, none extra");
    assert_eq!(copied_marks[..], live[1][..copied_marks.len()]);
    let orphans: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM registrations r WHERE r.request_id LIKE 'skriver-%' \
         AND (SELECT COUNT(*) FROM body_marks m WHERE m.registration_id = r.id) <> 2",
    )
    .fetch_one(&snapshot)
    .await
    .expect("orphans");
    assert_eq!(orphans, 0);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&copy).expect("copy").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "a backup with patient data is readable by its owner only");
    }
}

#[test]
fn postgres_and_missing_databases_are_refused_and_nothing_is_written() {
    let folder = Folder::new("refused");
    let out = run_backup("postgres://lindra:hemmelig@db.example/lindra", &folder.path("pg.db"));
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(stderr.contains("pg_dump") && stderr.contains("docs/operations.md"), "{stderr}");
    assert!(!stderr.contains("hemmelig"), "the password never reaches the terminal");

    let missing = folder.path("finnes-ikke.db");
    let out = run_backup(&url(&missing), &folder.path("kopi.db"));
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("finnes ikke"), "{}", text(&out.stderr));
    assert!(!missing.exists(), "backup does not create the database it was asked to copy");
    assert!(!folder.path("kopi.db").exists());
}
