//! `lindra`: parses configuration, opens the database, and serves, seeds demo data, or manages
//! users, units and patients from the command line.
//!
//! The command line speaks bokmål: its messages are `lindra_server::text::CliWords` and
//! `BackupWords`, and the app's own words (a unit's or a patient's validation) in the same
//! language; `--language nn|en` (`LINDRA_LANGUAGE`) switches them. Log lines are in English.

use clap::Parser;
use lindra::demo::DemoSpec;
use lindra::Language;
use lindra_app::backend::AppState;
use lindra_app::model::{NewPatient, NewUnit, NewUser, Role};
use lindra_app::storage::DynStorage;
use lindra_server::auth::{password, Auth, AuthConfig};
use lindra_server::config::{ApiClientCommand, Command, Config, PatientCommand, UnitCommand, UserCommand};
use lindra_server::text::{in_language, CliWords, ServerWords};
use lindra_server::{demo, leptos_options, router_with_limits, storage, Limits};
use std::future::IntoFuture;
use std::net::SocketAddr;
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("LINDRA_LOG")
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .with_writer(std::io::stderr)
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

/// A start password for the user `context` (username, name), its hash, and until when it works
/// (ASVS 5.0 6.4.1): printed once, replaced by the user's own at her first sign-in.
fn start_password(
    language: Language,
    context: &[&str],
) -> Result<(String, String, chrono::DateTime<chrono::Utc>), String> {
    let (password, hash) = password::new_start_password_in(language, context)?;
    let until = chrono::Utc::now() + chrono::Duration::hours(lindra_app::model::START_PASSWORD_HOURS);
    Ok((password, hash, until))
}

async fn user_command(storage: &DynStorage, command: UserCommand, language: Language) -> Result<(), String> {
    let words: &CliWords = &ServerWords::of(language).cli;
    match command {
        UserCommand::Add { username, name, role, units } => {
            let role = Role::from_code(&role).ok_or_else(|| (words.unknown_role)(&role))?;
            for unit in &units {
                storage
                    .unit(*unit)
                    .await
                    .map_err(|e| e.to_string())?
                    .ok_or_else(|| (words.no_such_unit)(*unit))?;
            }
            let username = username.trim().to_lowercase();
            let (password, hash, until) = start_password(language, &[username.as_str(), name.as_str()])?;
            let user = storage
                .create_user(NewUser {
                    username,
                    display_name: name,
                    role,
                    password_hash: Some(hash),
                    start_password_until: Some(until),
                    unit_ids: units,
                })
                .await
                .map_err(|e| e.to_string())?;
            println!("{}", (words.user_added)(&user.username, user.id));
            let until = lindra::time::format_date_time_in(until, language);
            println!("{}", (words.start_password)(&password, &until, &user.username));
        }
        UserCommand::Disable { username } => {
            let user = storage.user_by_username(&username).await.map_err(|e| e.to_string())?;
            let user = user.ok_or_else(|| (words.no_such_user)(&username))?;
            storage.set_user_active(user.id, false).await.map_err(|e| e.to_string())?;
            println!("{}", (words.user_disabled)(&username));
        }
        UserCommand::Password { username } => {
            let user = storage.user_by_username(&username).await.map_err(|e| e.to_string())?;
            let user = user.ok_or_else(|| (words.no_such_user)(&username))?;
            let context = [user.username.as_str(), user.display_name.as_str()];
            let (password, hash, until) = start_password(language, &context)?;
            storage.set_password(user.id, &hash, Some(until)).await.map_err(|e| e.to_string())?;
            println!("{}", (words.password_set)(&username));
            let until = lindra::time::format_date_time_in(until, language);
            println!("{}", (words.start_password)(&password, &until, &user.username));
        }
    }
    Ok(())
}

async fn api_client_command(
    storage: &DynStorage,
    command: ApiClientCommand,
    language: Language,
) -> Result<(), String> {
    use lindra_app::admin::{validate_api_client, ApiClientForm};
    use lindra_app::model::NewApiClient;
    let words: &CliWords = &ServerWords::of(language).cli;
    let units = storage.units().await.map_err(|e| e.to_string())?;
    let unit_name =
        |id: &i64| units.iter().find(|u| u.id == *id).map_or_else(|| id.to_string(), |u| u.name.clone());
    match command {
        ApiClientCommand::Add { name, units: unit_ids, days } => {
            let form = ApiClientForm { name, unit_ids, valid_days: days.to_string() };
            let known: Vec<i64> = units.iter().map(|u| u.id).collect();
            let (name, unit_ids, days) =
                in_language(language, || validate_api_client(&form, &known).map_err(|e| e.to_string()))?;
            let (token, token_hash) =
                lindra_server::auth::token::new_token_with_hash().ok_or(words.no_randomness)?;
            let now = chrono::Utc::now();
            let client = storage
                .create_api_client(NewApiClient {
                    name,
                    token_hash,
                    unit_ids,
                    created_by: None,
                    created_at: now,
                    expires_at: now + chrono::Duration::days(days),
                })
                .await
                .map_err(|e| in_language(language, || lindra_app::error::AppError::from(e).to_string()))?;
            let names: Vec<String> = client.unit_ids.iter().map(unit_name).collect();
            let until = lindra::time::format_date(client.expires_at);
            eprintln!("{}", (words.api_client_added)(&client.name, client.id, &names.join(", "), &until));
            println!("{token}");
        }
        ApiClientCommand::List => {
            let now = chrono::Utc::now();
            for c in storage.api_clients().await.map_err(|e| e.to_string())? {
                let state = in_language(language, || lindra_app::admin::api_client_state(&c, now));
                let names: Vec<String> = c.unit_ids.iter().map(unit_name).collect();
                println!("{}\t{}\t{}\t{state}", c.id, c.name, names.join(", "));
            }
        }
        ApiClientCommand::Revoke { name } => {
            let clients = storage.api_clients().await.map_err(|e| e.to_string())?;
            let client =
                clients.iter().find(|c| c.name == name).ok_or_else(|| (words.no_such_api_client)(&name))?;
            storage
                .revoke_api_client(client.id, None, chrono::Utc::now())
                .await
                .map_err(|e| e.to_string())?;
            println!("{}", (words.api_client_revoked)(&name));
        }
    }
    Ok(())
}

async fn run(config: Config) -> Result<(), String> {
    tracing::info!(?config, "starting");
    // Before the database is opened: a backup neither creates nor migrates what it copies.
    let language = config.language;
    let words: &CliWords = &ServerWords::of(language).cli;
    if let Some(Command::Backup { file }) = &config.command {
        let report = lindra_server::backup::backup(&config.database_url, file, language).await?;
        print!("{}", report.describe(language));
        return Ok(());
    }
    let storage =
        storage::open(&config.database_url, config.db_max_connections).await.map_err(|e| e.to_string())?;
    match config.command.clone().unwrap_or(lindra_server::config::Command::Serve) {
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
        Command::User(command) => user_command(&storage, command, language).await,
        Command::ApiClient(command) => api_client_command(&storage, command, language).await,
        Command::Unit(UnitCommand::Add { name, kind, interval_hours }) => {
            let unit = NewUnit {
                name,
                kind,
                assessment_interval_hours: interval_hours,
                contact_phone: String::new(),
                contact_after_hours: String::new(),
                prn_reassess_minutes: 60,
                reassess_minutes: 120,
                shifts: lindra::shift::Shifts::default().text(),
                language: lindra::Language::Nb,
                lock_after_minutes: None,
                second_factor_for_all: false,
            };
            in_language(language, || lindra_app::admin::validate_unit(&unit).map_err(|e| e.to_string()))?;
            let unit = storage.create_unit(unit).await.map_err(|e| e.to_string())?;
            println!("{}", (words.unit_added)(&unit.name, unit.id));
            Ok(())
        }
        Command::Patient(PatientCommand::Move { patient, unit, by }) => {
            let admin = storage.user_by_username(&by).await.map_err(|e| e.to_string())?;
            let admin = admin.ok_or_else(|| (words.no_such_user)(&by))?;
            let moved = storage.move_patient(patient, unit, admin.id).await.map_err(|e| e.to_string())?;
            println!("{}", (words.patient_moved)(&moved.name, moved.id, moved.unit_id));
            Ok(())
        }
        Command::Patient(PatientCommand::Add { name, born, room, unit }) => {
            storage.unit(unit).await.map_err(|e| e.to_string())?.ok_or_else(|| (words.no_such_unit)(unit))?;
            let patient = NewPatient { name, birth_date: born, room, unit_id: unit };
            let today = chrono::Utc::now().date_naive();
            in_language(language, || {
                lindra_app::admin::validate_patient(&patient, today).map_err(|e| e.to_string())
            })?;
            let patient = storage.create_patient(patient).await.map_err(|e| e.to_string())?;
            println!("{}", (words.patient_added)(&patient.name, patient.id));
            Ok(())
        }
        Command::Backup { .. } => unreachable!("backup is handled before the database is opened"),
        Command::Serve => {
            if config.demo {
                demo::seed(storage.as_ref(), &demo::ward_now()).await.map_err(|e| e.to_string())?;
            }
            let second_factor = config.second_factor.unwrap_or(if config.demo {
                lindra_server::auth::second_factor::Policy::Optional
            } else {
                lindra_server::auth::second_factor::Policy::Required
            });
            let sso = match config.sso()? {
                Some(sso) => Some(std::sync::Arc::new(lindra_server::auth::sso::Sso::new(sso)?)),
                None => None,
            };
            let sign_in = lindra_app::api::SignInOptions {
                single_sign_on: sso.as_ref().map(|sso| sso.config.display_name.clone()),
                password: config.password_sign_in,
            };
            let auth = Auth::new(
                storage.clone(),
                AuthConfig {
                    second_factor,
                    idle_timeout: chrono::Duration::minutes(config.idle_timeout_minutes),
                    absolute_timeout: chrono::Duration::hours(config.absolute_timeout_hours),
                    lock_after: chrono::Duration::seconds(config.lock_after_seconds),
                    https: config.https,
                    public_origins: config.public_origins()?,
                    sso: sso.clone(),
                    password_sign_in: config.password_sign_in,
                },
            );
            let refusals = auth.refusals.clone();
            // Anonymous refusals are counted in memory; written every window even when no new
            // refusal comes to end it.
            let ticker = tokio::spawn({
                let refusals = refusals.clone();
                async move {
                    let mut every = tokio::time::interval(lindra_server::refusals::WINDOW);
                    loop {
                        every.tick().await;
                        refusals.flush().await;
                    }
                }
            });
            let limits = Limits {
                request_timeout: std::time::Duration::from_secs(config.request_timeout_seconds.max(1)),
            };
            let app = router_with_limits(
                AppState {
                    storage: storage.clone(),
                    demo: config.demo,
                    new_start_password: password::new_start_password,
                    new_api_token: lindra_server::auth::token::new_token_with_hash,
                    lock_after_seconds: config.lock_after_seconds,
                    second_factor_required: second_factor
                        == lindra_server::auth::second_factor::Policy::Required,
                    sign_in,
                },
                auth,
                leptos_options(&config.site_root),
                limits,
            );
            let listener = tokio::net::TcpListener::bind(config.addr)
                .await
                .map_err(|e| format!("cannot listen on {}: {e}", config.addr))?;
            tracing::info!("Lindra is listening on http://{}", config.addr);
            let stopping = std::sync::Arc::new(tokio::sync::Notify::new());
            let serve = axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
                .with_graceful_shutdown({
                    let stopping = stopping.clone();
                    async move {
                        let signal = shutdown_signal().await;
                        tracing::info!("{signal}: no new connections; finishing the requests in flight");
                        stopping.notify_one();
                    }
                })
                .into_future();
            // Requests end within the request timeout; a connection that still hangs on after it
            // (a client that never finishes its request) does not keep the process alive.
            let drain = limits.request_timeout + std::time::Duration::from_secs(5);
            let served = tokio::select! {
                served = serve => served.map_err(|e| e.to_string()),
                _ = async { stopping.notified().await; tokio::time::sleep(drain).await } => {
                    tracing::warn!("connections still open {} s after the signal; stopping anyway", drain.as_secs());
                    Ok(())
                }
            };
            ticker.abort();
            refusals.flush().await;
            storage.close().await;
            tracing::info!("stopped; database closed");
            served
        }
    }
}

/// Waits for Ctrl-C (SIGINT) or SIGTERM (systemd, Kubernetes, docker stop) and names it.
async fn shutdown_signal() -> &'static str {
    let mut terminate = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
        Ok(signal) => Some(signal),
        Err(error) => {
            tracing::error!(%error, "cannot listen for SIGTERM; only Ctrl-C stops the server gracefully");
            None
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => "SIGINT",
        _ = async {
            match terminate.as_mut() {
                Some(signal) => { signal.recv().await; }
                None => std::future::pending::<()>().await,
            }
        } => "SIGTERM",
    }
}
