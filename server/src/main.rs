//! `lindra`: parses configuration, opens the database, and serves (or seeds demo data).

use clap::Parser;
use lindra::demo::DemoSpec;
use lindra_app::backend::AppState;
use lindra_server::config::{Command, Config};
use lindra_server::{demo, leptos_options, router, storage};
use std::net::SocketAddr;
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("LINDRA_LOG")
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .init();
    let config = Config::parse();
    match run(config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            tracing::error!("{message}");
            eprintln!("lindra: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(config: Config) -> Result<(), String> {
    tracing::info!(?config, "starting");
    let storage =
        storage::open(&config.database_url, config.db_max_connections).await.map_err(|e| e.to_string())?;
    match config.command.clone().unwrap_or(Command::Serve) {
        Command::Seed { units, patients_per_unit, days, seed } => {
            let spec = DemoSpec { seed, units, patients_per_unit, days, end: chrono::Utc::now() };
            let started = std::time::Instant::now();
            demo::seed(storage.as_ref(), &spec).await.map_err(|e| e.to_string())?;
            println!(
                "seeded {units} unit(s) x {patients_per_unit} patients x {days} days in {:.1?}",
                started.elapsed()
            );
            Ok(())
        }
        Command::Serve => {
            let acting_user = if config.demo {
                demo::seed(storage.as_ref(), &demo::ward_now()).await.map_err(|e| e.to_string())?
            } else {
                None
            };
            let app = router(AppState { storage, acting_user }, leptos_options(&config.site_root));
            let listener = tokio::net::TcpListener::bind(config.addr)
                .await
                .map_err(|e| format!("cannot listen on {}: {e}", config.addr))?;
            tracing::info!("Lindra is listening on http://{}", config.addr);
            axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
                .with_graceful_shutdown(async {
                    let _ = tokio::signal::ctrl_c().await;
                })
                .await
                .map_err(|e| e.to_string())
        }
    }
}
