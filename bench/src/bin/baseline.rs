//! The load test's yardstick: the least a Rust web server on SQLite can do per write. Bare axum
//! and sqlx 0.8 on SQLite with Lindra's connection settings (WAL, synchronous=FULL, foreign keys,
//! 5 s busy timeout, a pool of 16 with a 5 s acquire timeout: server/src/storage/sqlite.rs) and
//! one endpoint: `POST /insert` with a small JSON body inserts one row and answers 201. No
//! session, no access check, no audit row, no validation beyond the JSON's shape.
//!
//!   bench-baseline --database sqlite:///tmp/baseline.db --addr 127.0.0.1:3100
//!
//! `bench-load --baseline` drives it with the same virtual users as Lindra (scripts/load.sh).

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use clap::Parser;
use serde::Deserialize;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;
use std::net::SocketAddr;
use std::str::FromStr;
use std::time::Duration;

#[derive(Parser)]
#[command(name = "bench-baseline", about = "Bare axum + sqlx SQLite insert endpoint (load-test baseline)")]
struct Args {
    /// SQLite database (created if missing).
    #[arg(long, default_value = "sqlite://target/load/baseline.db")]
    database: String,
    #[arg(long, default_value = "127.0.0.1:3100")]
    addr: SocketAddr,
    /// Pool size; Lindra's default is 16.
    #[arg(long, default_value_t = 16)]
    max_connections: u32,
}

/// What `bench-load --baseline` posts: about the size of a registration's identifying part.
#[derive(Deserialize)]
struct Item {
    request_id: String,
    patient_id: i64,
    scores: Vec<i64>,
    note: String,
}

#[tokio::main]
async fn main() -> Result<(), String> {
    let args = Args::parse();
    let options = SqliteConnectOptions::from_str(&args.database)
        .map_err(|e| e.to_string())?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5));
    let pool = SqlitePoolOptions::new()
        .max_connections(args.max_connections.max(1))
        .acquire_timeout(Duration::from_secs(5))
        .connect_with(options)
        .await
        .map_err(|e| format!("cannot open {}: {e}", args.database))?;
    sqlx::query(
        "CREATE TABLE IF NOT EXISTS items (
             id INTEGER PRIMARY KEY,
             request_id TEXT NOT NULL UNIQUE,
             patient_id INTEGER NOT NULL,
             scores TEXT NOT NULL,
             note TEXT NOT NULL,
             created_at TEXT NOT NULL)",
    )
    .execute(&pool)
    .await
    .map_err(|e| e.to_string())?;
    let app = Router::new()
        .route("/insert", post(insert))
        .route("/healthz", get(|| async { "ok" }))
        .with_state(pool.clone());
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", args.addr))?;
    eprintln!("bench-baseline listening on http://{}", args.addr);
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = async { match term.as_mut() { Some(t) => { t.recv().await; } None => std::future::pending().await } } => {}
            }
        })
        .await
        .map_err(|e| e.to_string())?;
    pool.close().await;
    Ok(())
}

async fn insert(State(pool): State<SqlitePool>, Json(item): Json<Item>) -> (StatusCode, String) {
    let scores = item.scores.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let inserted = sqlx::query(
        "INSERT INTO items (request_id, patient_id, scores, note, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(&item.request_id)
    .bind(item.patient_id)
    .bind(scores)
    .bind(&item.note)
    .bind(chrono::Utc::now().to_rfc3339())
    .fetch_one(&pool)
    .await;
    match inserted {
        Ok(row) => {
            use sqlx::Row;
            let id: i64 = row.get("id");
            (StatusCode::CREATED, format!("{{\"id\":{id}}}"))
        }
        Err(error) => (StatusCode::SERVICE_UNAVAILABLE, error.to_string()),
    }
}
