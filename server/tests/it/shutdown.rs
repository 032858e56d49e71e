//! Stopping the real binary as systemd and Kubernetes do: SIGTERM. The server stops taking
//! connections, finishes what is in flight, closes the database pool and exits 0; a registration
//! acknowledged before the signal is in the file, and SQLite's write-ahead log has been folded
//! into it (the last connection closed cleanly). An idle keep-alive connection does not hold
//! the process up.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Folder(PathBuf);

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Kills the server if the test fails before it has stopped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

struct Answer {
    status: u16,
    head: String,
    body: String,
}

/// One HTTP/1.1 request on its own connection (`Connection: close`), read to the end. It
/// carries the `Origin` a browser on Lindra's own page sends.
fn http(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> std::io::Result<Answer> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(20)))?;
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        request += &format!("{name}: {value}\r\n");
    }
    request += "\r\n";
    request += body;
    stream.write_all(request.as_bytes())?;
    let mut raw = String::new();
    stream.read_to_string(&mut raw)?;
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((raw.as_str(), ""));
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    Ok(Answer { status, head: head.to_string(), body: body.to_string() })
}

fn header<'a>(answer: &'a Answer, name: &str) -> Option<&'a str> {
    answer.head.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.trim().eq_ignore_ascii_case(name).then(|| value.trim())
    })
}

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("address").port()
}

#[tokio::test]
async fn sigterm_finishes_cleanly_and_keeps_what_was_acknowledged() {
    let dir = std::env::temp_dir().join(format!("lindra-shutdown-{}-{}", std::process::id(), free_port()));
    std::fs::create_dir_all(dir.join("site")).expect("test folder");
    let _folder = Folder(dir.clone());
    let db = dir.join("lindra.db");
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_lindra"))
        .arg("--demo")
        .env("LINDRA_DATABASE_URL", format!("sqlite://{}", db.display()))
        .env("LINDRA_ADDR", format!("127.0.0.1:{port}"))
        .env("LINDRA_SITE_ROOT", dir.join("site"))
        .env("LINDRA_LOG", "info,sqlx=warn")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start lindra");
    let mut server = Server(child);

    let started = Instant::now();
    loop {
        if let Ok(answer) = http(port, "GET", "/readyz", &[], "") {
            if answer.status == 200 {
                break;
            }
        }
        assert!(server.0.try_wait().expect("status").is_none(), "lindra exited before it was ready");
        assert!(started.elapsed() < Duration::from_secs(60), "lindra was not ready within 60 s");
        std::thread::sleep(Duration::from_millis(50));
    }

    let login = http(
        port,
        "POST",
        "/innlogging",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        &format!("brukernavn=demo.sykepleier&passord={}", lindra_app::pages::login::DEMO_PASSWORD),
    )
    .expect("login");
    assert_eq!(login.status, 303, "{}", login.head);
    let cookie =
        header(&login, "set-cookie").and_then(|c| c.split(';').next()).expect("session cookie").to_string();

    let pool =
        sqlx::SqlitePool::connect(&format!("sqlite://{}", db.display())).await.expect("open the database");
    let patient: i64 = sqlx::query_scalar(
        "SELECT p.id FROM patients p JOIN user_units uu ON uu.unit_id = p.unit_id \
         JOIN users u ON u.id = uu.user_id WHERE u.username = 'demo.sykepleier' ORDER BY p.id LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .expect("a patient of the nurse's unit");
    pool.close().await;

    let form = serde_json::json!({
        "patient_id": patient,
        "request_id": "før-sigterm",
        "draft": {
            "observed_at": null, "completed_by": "patient",
            "symptoms": [{"score": 2}, {"score": 3}, {"score": 1}, {"score": 0}, {"score": 4}, {"score": 2}, {"score": 1}, {"score": 5}, {"score": 3}],
            "other_name": "", "other": "unanswered", "pain_now": 4, "pain_worst_24h": null,
            "pain_average_24h": null, "breakthrough": null, "body_marks": [[105, 4]], "note": "lagret før SIGTERM"
        }
    });
    let recorded = http(
        port,
        "POST",
        "/api/record_registration",
        &[("Content-Type", "application/json"), ("Accept", "application/json"), ("Cookie", &cookie)],
        &form.to_string(),
    )
    .expect("record");
    assert_eq!(recorded.status, 200, "{}", recorded.body);
    let id = serde_json::from_str::<serde_json::Value>(&recorded.body).expect("json")["id"]
        .as_i64()
        .expect("an id");

    // An idle keep-alive connection, as a browser keeps one: graceful shutdown closes it.
    let idle = TcpStream::connect(("127.0.0.1", port)).expect("idle connection");

    let signalled = Instant::now();
    let kill = Command::new("kill").arg("-TERM").arg(server.0.id().to_string()).status().expect("kill -TERM");
    assert!(kill.success());
    let status = loop {
        if let Some(status) = server.0.try_wait().expect("status") {
            break status;
        }
        assert!(signalled.elapsed() < Duration::from_secs(30), "lindra still runs 30 s after SIGTERM");
        std::thread::sleep(Duration::from_millis(20));
    };
    let stopped_in = signalled.elapsed();
    drop(idle);
    let mut log = String::new();
    if let Some(mut stderr) = server.0.stderr.take() {
        stderr.read_to_string(&mut log).expect("log");
    }
    assert!(status.success(), "exit status {status:?} after SIGTERM; log:\n{log}");
    assert_eq!(status.code(), Some(0));
    assert!(log.contains("SIGTERM: no new connections"), "{log}");
    assert!(log.contains("stopped; database closed"), "{log}");
    // Well inside the drain limit (request timeout 10 s + 5 s): the idle connection did not hold it.
    assert!(stopped_in < Duration::from_secs(8), "stopping took {stopped_in:?}; log:\n{log}");

    // The pool was closed: SQLite folded the write-ahead log into the file and removed it.
    let wal = dir.join("lindra.db-wal");
    assert!(!wal.exists() || std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0) == 0, "WAL left behind");
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", db.display())).await.expect("reopen");
    let (stored_id, marks): (i64, i64) = sqlx::query_as(
        "SELECT r.id, (SELECT COUNT(*) FROM body_marks b WHERE b.registration_id = r.id) \
         FROM registrations r WHERE r.request_id = 'før-sigterm'",
    )
    .fetch_one(&pool)
    .await
    .expect("the acknowledged registration is stored");
    assert_eq!(stored_id, id);
    assert_eq!(marks, 1);
    let integrity: String =
        sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&pool).await.expect("check");
    assert_eq!(integrity, "ok");
    pool.close().await;
}
