//! Server time of the two views a resource nurse opens, on a large database: the overview of a
//! 60-patient unit and one patient's trend page over "alle", with 500 patients x 2 years of
//! daily registrations from the demo generator. Requests go through the whole router (session,
//! access check, audit row, storage, charts, JSON or HTML), without a socket.
//!
//! Usage: bench-views [DATABASE_URL]  (default: a SQLite file under target/bench/, seeded once
//! and kept). Writes a Markdown table to stdout. `BENCH_ONLY=FHIR` runs only the rows whose
//! name holds that text.

use axum::body::Body;
use chrono::Utc;
use http::{header, Request, StatusCode};
use lindra::demo::{generate, DemoSpec};
use lindra_app::backend::AppState;
use lindra_app::model::{NewPatient, NewUnit};
use lindra_app::pages::login::DEMO_PASSWORD;
use lindra_app::storage::DynStorage;
use lindra_server::auth::{Auth, AuthConfig};
use lindra_server::{demo, leptos_options, router};
use std::time::{Duration, Instant};
use tower::ServiceExt;

const DAYS: u32 = 730;
const RUNS: usize = 200;
/// The public origin the benchmark's requests come from (state changes need it).
const ORIGIN: &str = "http://127.0.0.1:3000";

#[tokio::main]
async fn main() -> Result<(), String> {
    let url = std::env::args().nth(1).unwrap_or_else(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench");
        let _ = std::fs::create_dir_all(&dir);
        // "-followups": seeded since the demo carries follow-ups (a file seeded before has none).
        format!("sqlite://{}/views-500x{DAYS}-followups.db", dir.display())
    });
    let storage = lindra_server::storage::open(&url, 16).await.map_err(|e| e.to_string())?;
    let started = Instant::now();
    let seeded = seed(&storage).await?;
    if seeded {
        eprintln!("seeded in {:.1?}", started.elapsed());
    }
    let site = std::env::temp_dir().join("lindra-bench-site");
    std::fs::create_dir_all(site.join("pkg")).map_err(|e| e.to_string())?;
    let auth = Auth::new(
        storage.clone(),
        AuthConfig {
            idle_timeout: chrono::Duration::minutes(15),
            absolute_timeout: chrono::Duration::hours(12),
            lock_after: chrono::Duration::minutes(2),
            https: false,
            public_origins: vec![ORIGIN.into()],
            second_factor: lindra_server::auth::second_factor::Policy::Optional,
            sso: None,
            password_sign_in: true,
        },
    );
    let app = router(
        AppState {
            storage: storage.clone(),
            demo: true,
            new_start_password: lindra_server::auth::password::new_start_password,
            new_api_token: lindra_server::auth::token::new_token_with_hash,
            lock_after_seconds: 120,
            second_factor_required: false,
            sign_in: Default::default(),
        },
        auth,
        leptos_options(&site),
    );
    let cookie = login(&app).await?;
    // The demo unit (the first made) has the 60 patients and the resource nurse.
    let unit = storage
        .units()
        .await
        .map_err(|e| e.to_string())?
        .into_iter()
        .min_by_key(|u| u.id)
        .ok_or("no unit")?;
    let patients = storage.patients_in_unit(unit.id).await.map_err(|e| e.to_string())?;
    let patient = patients.first().ok_or("no patient")?.patient.clone();
    let history =
        storage.registrations(patient.id, Default::default()).await.map_err(|e| e.to_string())?.len();
    let total: usize = {
        let mut n = 0;
        for u in storage.units().await.map_err(|e| e.to_string())? {
            n += storage.patients_in_unit(u.id).await.map_err(|e| e.to_string())?.len();
        }
        n
    };

    println!("Database: {} ({total} patients; unit «{}» has {} patients; the trend patient has {history} registrations)\n", lindra_server::storage::redact(&url), unit.name, patients.len());
    println!("| Request | runs | p50 | p95 | max |");
    println!("|---|---|---|---|---|");
    let overview = |cookie: &str| json("/api/unit_overview", cookie, serde_json::json!({"unit_id": unit.id}));
    report("Unit overview, server function (60 patients)", &app, || overview(&cookie)).await?;
    let trend = |cookie: &str| {
        json("/api/patient_trend", cookie, serde_json::json!({"patient_id": patient.id, "period": "alle"}))
    };
    report("Trend \"alle\", server function (charts as SVG + table)", &app, || trend(&cookie)).await?;
    let page = |cookie: &str| get(&format!("/pasient/{}/forlop?periode=alle", patient.id), cookie);
    report("Trend \"alle\", whole HTML page", &app, || page(&cookie)).await?;
    let ov_page = |cookie: &str| get(&format!("/enhet/{}/oversikt", unit.id), cookie);
    report("Unit overview, whole HTML page", &app, || ov_page(&cookie)).await?;
    let handover =
        |cookie: &str| json("/api/handover", cookie, serde_json::json!({"unit_id": unit.id, "back": 0}));
    report("Handover report, server function (60 patients)", &app, || handover(&cookie)).await?;
    let handover_page = |cookie: &str| get(&format!("/enhet/{}/vaktrapport", unit.id), cookie);
    report("Handover report, whole HTML page", &app, || handover_page(&cookie)).await?;
    for (kind, what) in [("maned", "12 months"), ("uke", "12 weeks")] {
        let quality = |cookie: &str| {
            json("/api/quality", cookie, serde_json::json!({"unit_id": unit.id, "kind": kind}))
        };
        report(&format!("Quality view, server function ({what}, charts + table)"), &app, || quality(&cookie))
            .await?;
    }
    let quality_page = |cookie: &str| get(&format!("/enhet/{}/kvalitet?periode=maned", unit.id), cookie);
    report("Quality view, whole HTML page (12 months)", &app, || quality_page(&cookie)).await?;
    let all_units = |cookie: &str| json("/api/quality_units", cookie, serde_json::json!({"kind": "maned"}));
    report("Quality across the user's units, server function", &app, || all_units(&cookie)).await?;

    // FHIR, as an API client of the unit: the trend patient's whole record, and a page of
    // 1 000 of its Observations (the stored-hash lookup of the token included).
    let (token, token_hash) = lindra_server::auth::token::new_token_with_hash().ok_or("no randomness")?;
    let now = Utc::now();
    storage
        .create_api_client(lindra_app::model::NewApiClient {
            name: format!("bench {}", now.timestamp_nanos_opt().unwrap_or_default()),
            token_hash,
            unit_ids: vec![unit.id],
            created_by: None,
            created_at: now,
            expires_at: now + chrono::Duration::hours(1),
        })
        .await
        .map_err(|e| e.to_string())?;
    let bearer = |uri: String| {
        Request::get(uri)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap_or_default()
    };
    let everything = format!("/fhir/Patient/{}/$everything", patient.id);
    report("FHIR Patient/$everything (2 years), first page (1 000 resources)", &app, || {
        bearer(everything.clone())
    })
    .await?;
    let last = format!("/fhir/Patient/{}/$everything?_offset=24000", patient.id);
    report("FHIR Patient/$everything (2 years), the last page (_offset 24 000)", &app, || {
        bearer(last.clone())
    })
    .await?;
    walk("FHIR Patient/$everything (2 years), every page followed", &app, &everything, &bearer).await?;
    let observations = format!("/fhir/Observation?patient={}&_count=1000", patient.id);
    report("FHIR Observation search, a page of 1 000", &app, || bearer(observations.clone())).await?;
    let last_page = format!("/fhir/Observation?patient={}&_count=1000&_offset=15000", patient.id);
    report("FHIR Observation search, a page far back (_offset 15 000)", &app, || bearer(last_page.clone()))
        .await?;
    Ok(())
}

/// The whole of a paged answer: `first`, then every `next` link, timed together (20 runs).
async fn walk(
    name: &str,
    app: &axum::Router,
    first: &str,
    request: &impl Fn(String) -> Request<Body>,
) -> Result<(), String> {
    const WALKS: usize = 20;
    if skipped(name) {
        return Ok(());
    }
    let mut times = Vec::with_capacity(WALKS);
    let (mut pages, mut bytes, mut resources) = (0, 0, 0);
    for _ in 0..WALKS {
        let started = Instant::now();
        let mut next = Some(first.to_string());
        (pages, bytes, resources) = (0, 0, 0);
        while let Some(uri) = next.take() {
            let response = app.clone().oneshot(request(uri)).await.map_err(|e| e.to_string())?;
            let body =
                axum::body::to_bytes(response.into_body(), 64 << 20).await.map_err(|e| e.to_string())?;
            let page: serde_json::Value = serde_json::from_slice(&body).map_err(|e| e.to_string())?;
            pages += 1;
            bytes += body.len();
            resources += page["entry"].as_array().map_or(0, Vec::len);
            next = page["link"].as_array().and_then(|links| {
                let url = links.iter().find(|l| l["relation"] == "next")?["url"].as_str()?;
                Some(url[url.find("/fhir")?..].to_string())
            });
        }
        times.push(started.elapsed());
    }
    times.sort();
    let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1000.0);
    println!(
        "| {name} ({pages} pages, {resources} resources, {} KiB) | {WALKS} | {} | {} | {} |",
        bytes / 1024,
        ms(times[WALKS / 2]),
        ms(times[WALKS * 95 / 100]),
        ms(times[WALKS - 1])
    );
    Ok(())
}

fn json(uri: &str, cookie: &str, body: serde_json::Value) -> Request<Body> {
    Request::post(uri)
        .header(header::COOKIE, cookie)
        .header(header::ORIGIN, ORIGIN)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ACCEPT, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap_or_default()
}

fn get(uri: &str, cookie: &str) -> Request<Body> {
    Request::get(uri).header(header::COOKIE, cookie).body(Body::empty()).unwrap_or_default()
}

/// `BENCH_ONLY=FHIR` runs only the rows whose name holds that text.
fn skipped(name: &str) -> bool {
    std::env::var("BENCH_ONLY").is_ok_and(|only| !name.contains(&only))
}

async fn report(name: &str, app: &axum::Router, request: impl Fn() -> Request<Body>) -> Result<(), String> {
    if skipped(name) {
        return Ok(());
    }
    let mut times: Vec<Duration> = Vec::with_capacity(RUNS);
    let mut bytes = 0;
    for n in 0..RUNS + 10 {
        let started = Instant::now();
        let response = app.clone().oneshot(request()).await.map_err(|e| e.to_string())?;
        let status = response.status();
        let body = axum::body::to_bytes(response.into_body(), 64 << 20).await.map_err(|e| e.to_string())?;
        let took = started.elapsed();
        if status != StatusCode::OK {
            return Err(format!("{name}: {status}: {}", String::from_utf8_lossy(&body)));
        }
        if n >= 10 {
            times.push(took); // the first ten warm caches and are not counted
        }
        bytes = body.len();
    }
    times.sort();
    let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1000.0);
    println!(
        "| {name} ({} KiB) | {RUNS} | {} | {} | {} |",
        bytes / 1024,
        ms(times[RUNS / 2]),
        ms(times[RUNS * 95 / 100]),
        ms(times[RUNS - 1])
    );
    Ok(())
}

async fn login(app: &axum::Router) -> Result<String, String> {
    let request = Request::post("/innlogging")
        .header(header::ORIGIN, ORIGIN)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!("brukernavn=demo.ressurs&passord={DEMO_PASSWORD}")))
        .map_err(|e| e.to_string())?;
    let response = app.clone().oneshot(request).await.map_err(|e| e.to_string())?;
    let cookie = response
        .headers()
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .ok_or("login failed")?;
    Ok(cookie.to_string())
}

/// 60 patients in the first unit (demo wards and users, 2 years), 440 more in eleven others.
/// Returns false when the database was already seeded.
async fn seed(storage: &DynStorage) -> Result<bool, String> {
    if !storage.units().await.map_err(|e| e.to_string())?.is_empty() {
        return Ok(false);
    }
    let end = Utc::now();
    demo::seed(storage.as_ref(), &DemoSpec { seed: 1, units: 1, patients_per_unit: 60, days: DAYS, end })
        .await
        .map_err(|e| e.to_string())?;
    let recorder =
        storage.user_by_username("demo.ressurs").await.map_err(|e| e.to_string())?.ok_or("no user")?;
    let more = generate(&DemoSpec { seed: 2, units: 11, patients_per_unit: 40, days: DAYS, end });
    for (n, unit) in more.into_iter().enumerate() {
        let stored = storage
            .create_unit(NewUnit {
                name: format!("{} ({})", unit.name, n + 2),
                kind: unit.kind.to_string(),
                assessment_interval_hours: 24,
                contact_phone: unit.contact_phone,
                contact_after_hours: unit.contact_after_hours,
                prn_reassess_minutes: 60,
                reassess_minutes: 120,
                shifts: lindra::shift::Shifts::default().text(),
                language: lindra::Language::Nb,
                lock_after_minutes: None,
                second_factor_for_all: false,
            })
            .await
            .map_err(|e| e.to_string())?;
        for p in unit.patients {
            let patient = storage
                .create_patient(NewPatient {
                    name: p.name,
                    birth_date: p.birth_date,
                    room: p.room,
                    unit_id: stored.id,
                })
                .await
                .map_err(|e| e.to_string())?;
            storage
                .import(patient.id, recorder.id, &p.registrations, &p.followups)
                .await
                .map_err(|e| e.to_string())?;
        }
    }
    Ok(true)
}
