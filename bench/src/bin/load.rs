//! The load generator of issue 7: N virtual users, each signed in with its own session cookie
//! on its own keep-alive connection, send requests as fast as the server answers them (a closed
//! loop, no think time) for a fixed time, and the latency of every request is kept per kind.
//!
//!   bench-load run --url http://127.0.0.1:3000 --users 200 --duration 60 \
//!       --mix overview=15,patient=30,record=30,trend=20,pdf=5 --label "SQLite, mixed" --out a.json
//!   bench-load run --baseline --url http://127.0.0.1:3100 --users 200 --duration 60 --out b.json
//!   bench-load run ... --think-ms 1000      each user pauses 0.5-1.5 s between requests
//!   bench-load report --baseline b.json a.json c.json ...     Markdown table and the ratio
//!
//! Kinds (Lindra): `overview` GET /enhet/{unit}/oversikt, `patient` GET /pasient/{id},
//! `record` POST /api/record_registration (a complete ESAS-r + NRS + body-map form with a fresh
//! request id), `trend` GET /pasient/{id}/forlop (30 days), `pdf` GET
//! /pasient/{id}/oppsummering.pdf?mottaker=fastlege. A kind is left out by leaving it out of
//! `--mix`. The baseline (`--baseline`, bench-baseline) has one kind, `insert`.
//!
//! An error is any answer that is not 2xx, a transport error, a request that got no answer
//! within `--timeout`, or a 2xx whose body is not what the kind returns (a registration without
//! an id, a page that is not HTML, a PDF that does not start with %PDF). Requests still in
//! flight when the time is up are not counted.

use bytes::Bytes;
use clap::{Args, Parser, Subcommand};
use http::{header, HeaderMap, Method, Request, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Parser)]
#[command(name = "bench-load", about = "HTTP load generator for Lindra (issue 7)")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run one load test and print (and optionally save) its result.
    Run(RunArgs),
    /// Print saved results as one Markdown table, with Lindra's recording throughput over the
    /// baseline's insert throughput.
    Report {
        /// The baseline's result file.
        #[arg(long)]
        baseline: Option<PathBuf>,
        /// Result files of Lindra runs.
        files: Vec<PathBuf>,
    },
}

#[derive(Args, Clone)]
struct RunArgs {
    /// The server, http://HOST:PORT (loopback only).
    #[arg(long, default_value = "http://127.0.0.1:3000")]
    url: String,
    /// Concurrent virtual users.
    #[arg(long, default_value_t = 200)]
    users: usize,
    /// Measured seconds (after every user has signed in).
    #[arg(long, default_value_t = 60)]
    duration: u64,
    /// Kinds and their weights; leave a kind out to skip it.
    #[arg(long, default_value = "overview=15,patient=30,record=30,trend=20,pdf=5")]
    mix: String,
    /// Drive bench-baseline (`POST /insert`, no login) instead of Lindra.
    #[arg(long)]
    baseline: bool,
    /// Demo users the virtual users sign in as, in turn.
    #[arg(long, default_value = "demo.sykepleier,demo.helsefag,demo.avd3,demo.ressurs")]
    logins: String,
    /// Mean pause of a user between an answer and its next request, in ms (each pause drawn
    /// from 0.5x to 1.5x). 0: a closed loop at full speed, which measures the most the server can
    /// do; then latency is queueing (users / throughput), not service time.
    #[arg(long, default_value_t = 0)]
    think_ms: u64,
    /// A request without an answer after this many seconds counts as an error.
    #[arg(long, default_value_t = 30)]
    timeout: u64,
    /// Name of the run in the report.
    #[arg(long, default_value = "run")]
    label: String,
    /// Write the result as JSON here.
    #[arg(long)]
    out: Option<PathBuf>,
    /// The server's process id: its CPU time during the measured seconds goes into the result,
    /// beside the generator's own and the whole machine's (the rest is other work).
    #[arg(long)]
    server_pid: Option<u32>,
    /// Count the CPU time of every process with this name (e.g. `postgres`) as the database's.
    #[arg(long)]
    database_process: Option<String>,
    /// Each virtual user also keeps the live event stream (`GET /hendelser`) open on a
    /// connection of its own, as every open page does, and reads its events.
    #[arg(long)]
    streams: bool,
}

/// Keeps `GET /hendelser` open as `cookie`'s user until `deadline`, counting the change events
/// that arrive in `events`. A stream that fails is counted in `failed`.
async fn live_stream(
    target: Target,
    addr: String,
    cookie: String,
    start: Arc<tokio::sync::Barrier>,
    deadline_after: Duration,
    events: Arc<std::sync::atomic::AtomicU64>,
    failed: Arc<std::sync::atomic::AtomicU64>,
) {
    use std::sync::atomic::Ordering;
    start.wait().await;
    let deadline = Instant::now() + deadline_after;
    let stream = async {
        let mut conn = Conn::new(&addr);
        conn.connect().await?;
        let sender = conn.sender.as_mut().ok_or("no connection")?;
        let request = target.request(Method::GET, "/hendelser", Some(&cookie), None);
        let response = sender.send_request(request).await.map_err(|e| format!("send: {e}"))?;
        if response.status() != StatusCode::OK {
            return Err(format!("HTTP {}", response.status()));
        }
        let mut body = response.into_body();
        while let Some(frame) = body.frame().await {
            let frame = frame.map_err(|e| format!("body: {e}"))?;
            if let Some(data) = frame.data_ref() {
                let n = data.windows(12).filter(|w| w == b"event: chang").count();
                events.fetch_add(n as u64, Ordering::Relaxed);
            }
        }
        Ok::<_, String>(())
    };
    // Ended by the deadline, or by the server at the end: fine. Refused or broken: counted.
    if let Ok(Err(_)) = tokio::time::timeout_at(deadline.into(), stream).await {
        failed.fetch_add(1, Ordering::Relaxed);
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Overview,
    Patient,
    Record,
    Trend,
    Pdf,
    Insert,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Overview => "overview",
            Kind::Patient => "patient",
            Kind::Record => "record",
            Kind::Trend => "trend",
            Kind::Pdf => "pdf",
            Kind::Insert => "insert",
        }
    }

    fn parse(name: &str) -> Result<Kind, String> {
        [Kind::Overview, Kind::Patient, Kind::Record, Kind::Trend, Kind::Pdf, Kind::Insert]
            .into_iter()
            .find(|k| k.name() == name)
            .ok_or_else(|| format!("unknown kind {name:?} (overview, patient, record, trend, pdf, insert)"))
    }
}

fn parse_mix(mix: &str, baseline: bool) -> Result<Vec<(Kind, u32)>, String> {
    if baseline {
        return Ok(vec![(Kind::Insert, 1)]);
    }
    let mut kinds = Vec::new();
    for part in mix.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (name, weight) = part.split_once('=').unwrap_or((part, "1"));
        let kind = Kind::parse(name.trim())?;
        if kind == Kind::Insert {
            return Err("insert is the baseline's kind: use --baseline".into());
        }
        let weight: u32 = weight.trim().parse().map_err(|_| format!("bad weight in {part:?}"))?;
        if weight > 0 {
            kinds.push((kind, weight));
        }
    }
    if kinds.is_empty() {
        return Err("--mix names no kind".into());
    }
    Ok(kinds)
}

/// xorshift64*: enough randomness for picking kinds, patients and scores.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// One keep-alive HTTP/1.1 connection, opened again when the server closed it.
struct Conn {
    addr: String,
    sender: Option<SendRequest<Full<Bytes>>>,
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl Conn {
    fn new(addr: &str) -> Conn {
        Conn { addr: addr.to_string(), sender: None }
    }

    async fn connect(&mut self) -> Result<(), String> {
        let stream = tokio::net::TcpStream::connect(&self.addr).await.map_err(|e| format!("connect: {e}"))?;
        stream.set_nodelay(true).map_err(|e| format!("nodelay: {e}"))?;
        let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .map_err(|e| format!("handshake: {e}"))?;
        tokio::spawn(async move {
            let _ = connection.await;
        });
        self.sender = Some(sender);
        Ok(())
    }

    async fn send(&mut self, request: Request<Full<Bytes>>) -> Result<Answer, String> {
        // A connection the server closed while idle is not the request's fault: open another.
        let usable = match self.sender.as_mut() {
            Some(sender) => !sender.is_closed() && sender.ready().await.is_ok(),
            None => false,
        };
        if !usable {
            self.connect().await?;
        }
        let sender = self.sender.as_mut().ok_or("no connection")?;
        let result = async {
            let response = sender.send_request(request).await.map_err(|e| format!("send: {e}"))?;
            let (parts, body) = response.into_parts();
            let body = body.collect().await.map_err(|e| format!("body: {e}"))?.to_bytes();
            Ok::<_, String>(Answer { status: parts.status, headers: parts.headers, body })
        }
        .await;
        if result.is_err() {
            self.sender = None;
        }
        result
    }
}

/// What a virtual user needs to make requests as its user.
#[derive(Clone)]
struct Target {
    authority: String,
    origin: String,
}

impl Target {
    fn request(
        &self,
        method: Method,
        path: &str,
        cookie: Option<&str>,
        body: Option<(&str, String)>,
    ) -> Request<Full<Bytes>> {
        let mut builder = Request::builder()
            .method(method.clone())
            .uri(path)
            .header(header::HOST, &self.authority)
            .header(header::USER_AGENT, "lindra-bench-load");
        if method == Method::POST {
            // What a browser sends on a same-origin POST (server/src/auth same_origin).
            builder = builder.header(header::ORIGIN, &self.origin);
        }
        if let Some(cookie) = cookie {
            builder = builder.header(header::COOKIE, cookie);
        }
        let body = match body {
            Some((content_type, body)) => {
                builder = builder
                    .header(header::CONTENT_TYPE, content_type)
                    .header(header::ACCEPT, "application/json");
                Full::new(Bytes::from(body))
            }
            None => Full::new(Bytes::new()),
        };
        builder.body(body).expect("a request built from valid parts")
    }
}

/// Signs `username` in; returns the cookie to send (`lindra_session=...`).
async fn login(conn: &mut Conn, target: &Target, username: &str, password: &str) -> Result<String, String> {
    let body = format!("brukernavn={username}&passord={password}");
    let request =
        target.request(Method::POST, "/innlogging", None, Some(("application/x-www-form-urlencoded", body)));
    let answer = conn.send(request).await?;
    if answer.status != StatusCode::SEE_OTHER
        || answer.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()) != Some("/")
    {
        return Err(format!(
            "login of {username}: HTTP {} {}",
            answer.status,
            String::from_utf8_lossy(&answer.body)
        ));
    }
    answer
        .headers
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(str::to_string)
        .ok_or_else(|| format!("login of {username}: no session cookie"))
}

async fn server_fn(
    conn: &mut Conn,
    target: &Target,
    cookie: &str,
    endpoint: &str,
    args: serde_json::Value,
) -> Result<serde_json::Value, String> {
    let request = target.request(
        Method::POST,
        &format!("/api/{endpoint}"),
        Some(cookie),
        Some(("application/json", args.to_string())),
    );
    let answer = conn.send(request).await?;
    if !answer.status.is_success() {
        return Err(format!(
            "/api/{endpoint}: HTTP {}: {}",
            answer.status,
            String::from_utf8_lossy(&answer.body)
        ));
    }
    serde_json::from_slice(&answer.body).map_err(|e| format!("/api/{endpoint}: {e}"))
}

/// The units and patients a user may see, as (unit id, patient ids).
async fn discover(
    target: &Target,
    addr: &str,
    username: &str,
    password: &str,
) -> Result<Vec<(i64, Vec<i64>)>, String> {
    let mut conn = Conn::new(addr);
    let cookie = login(&mut conn, target, username, password).await?;
    let units = server_fn(&mut conn, target, &cookie, "units", serde_json::json!({})).await?;
    let mut out = Vec::new();
    for unit in units.as_array().ok_or("units: not a list")? {
        let unit_id = unit["id"].as_i64().ok_or("units: no id")?;
        let list =
            server_fn(&mut conn, target, &cookie, "unit_patients", serde_json::json!({ "unit_id": unit_id }))
                .await?;
        let patients: Vec<i64> = list["patients"]
            .as_array()
            .ok_or("unit_patients: no patients")?
            .iter()
            .filter_map(|p| p["patient"]["id"].as_i64())
            .collect();
        if !patients.is_empty() {
            out.push((unit_id, patients));
        }
    }
    if out.is_empty() {
        return Err(format!("{username} sees no patients"));
    }
    Ok(out)
}

/// One virtual user's identity and what it may open.
struct User {
    cookie: Option<String>,
    units: Vec<(i64, Vec<i64>)>,
}

#[derive(Default)]
struct Tally {
    /// Microseconds of every counted request, per kind.
    latencies: BTreeMap<Kind, Vec<u32>>,
    errors: BTreeMap<Kind, u64>,
    /// Error description -> count (first words only, so they group).
    reasons: BTreeMap<String, u64>,
}

fn registration_body(rng: &mut Rng, patient_id: i64, request_id: &str) -> String {
    let symptoms: Vec<serde_json::Value> =
        (0..9).map(|_| serde_json::json!({ "score": rng.below(11) })).collect();
    let regions = [105, 222, 130];
    let marks: Vec<serde_json::Value> = regions
        .iter()
        .take(1 + rng.below(3) as usize)
        .map(|r| serde_json::json!([r, rng.below(11)]))
        .collect();
    serde_json::json!({
        "patient_id": patient_id,
        "request_id": request_id,
        "draft": {
            "observed_at": null,
            "completed_by": "health_personnel",
            "symptoms": symptoms,
            "other_name": "",
            "other": "unanswered",
            "pain_now": rng.below(11),
            "pain_worst_24h": null,
            "pain_average_24h": null,
            "breakthrough": null,
            "body_marks": marks,
            "note": "belastningstest"
        }
    })
    .to_string()
}

/// Checks that a 2xx answer carries what its kind returns.
fn check(kind: Kind, answer: &Answer) -> Result<(), String> {
    if !answer.status.is_success() {
        return Err(format!("HTTP {}", answer.status.as_u16()));
    }
    let content_type = answer.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let ok = match kind {
        Kind::Overview | Kind::Patient | Kind::Trend => content_type.starts_with("text/html"),
        Kind::Record | Kind::Insert => serde_json::from_slice::<serde_json::Value>(&answer.body)
            .ok()
            .and_then(|v| v["id"].as_i64())
            .is_some(),
        Kind::Pdf => content_type.starts_with("application/pdf") && answer.body.starts_with(b"%PDF"),
    };
    if ok {
        Ok(())
    } else {
        Err(format!("HTTP {} but not a {} answer ({content_type})", answer.status.as_u16(), kind.name()))
    }
}

#[allow(clippy::too_many_arguments)]
async fn virtual_user(
    index: usize,
    target: Target,
    addr: String,
    user: User,
    mix: Arc<Vec<(Kind, u32)>>,
    start: Arc<tokio::sync::Barrier>,
    measured: Duration,
    timeout: Duration,
    think_ms: u64,
) -> Tally {
    let mut conn = Conn::new(&addr);
    let mut rng = Rng::new(index as u64 + 1 + std::process::id() as u64 * 1000);
    let total_weight: u32 = mix.iter().map(|(_, w)| w).sum();
    let mut tally = Tally::default();
    let mut counter = 0u64;
    start.wait().await;
    let deadline = Instant::now() + measured;
    if think_ms > 0 {
        // Users do not all start at the same instant.
        tokio::time::sleep(Duration::from_millis(rng.below(think_ms))).await;
    }
    while Instant::now() < deadline {
        let mut roll = rng.below(u64::from(total_weight)) as u32;
        let kind = mix
            .iter()
            .find(|(_, w)| {
                if roll < *w {
                    true
                } else {
                    roll -= w;
                    false
                }
            })
            .map(|(k, _)| *k)
            .unwrap_or(mix[0].0);
        let cookie = user.cookie.as_deref();
        let request = if kind == Kind::Insert {
            counter += 1;
            let request_id = format!("load-{}-{index}-{counter}", std::process::id());
            let scores: Vec<u64> = (0..9).map(|_| rng.below(11)).collect();
            let body = serde_json::json!({
                "request_id": request_id, "patient_id": 1 + rng.below(80), "scores": scores, "note": "belastningstest"
            });
            target.request(Method::POST, "/insert", None, Some(("application/json", body.to_string())))
        } else {
            let (unit, patients) = rng.pick(&user.units).clone();
            let patient = *rng.pick(&patients);
            match kind {
                Kind::Overview => {
                    target.request(Method::GET, &format!("/enhet/{unit}/oversikt"), cookie, None)
                }
                Kind::Patient => target.request(Method::GET, &format!("/pasient/{patient}"), cookie, None),
                Kind::Trend => {
                    target.request(Method::GET, &format!("/pasient/{patient}/forlop"), cookie, None)
                }
                Kind::Pdf => target.request(
                    Method::GET,
                    &format!("/pasient/{patient}/oppsummering.pdf?mottaker=fastlege"),
                    cookie,
                    None,
                ),
                Kind::Record | Kind::Insert => {
                    counter += 1;
                    let request_id =
                        format!("load-{}-{index}-{counter}-{:x}", std::process::id(), rng.next());
                    let body = registration_body(&mut rng, patient, &request_id);
                    target.request(
                        Method::POST,
                        "/api/record_registration",
                        cookie,
                        Some(("application/json", body)),
                    )
                }
            }
        };
        let sent = Instant::now();
        let outcome = match tokio::time::timeout(timeout, conn.send(request)).await {
            Ok(Ok(answer)) => check(kind, &answer),
            Ok(Err(transport)) => Err(transport),
            Err(_) => {
                conn.sender = None;
                Err(format!("no answer within {} s", timeout.as_secs()))
            }
        };
        let done = Instant::now();
        if done > deadline {
            break;
        }
        let micros = u32::try_from(done.duration_since(sent).as_micros()).unwrap_or(u32::MAX);
        tally.latencies.entry(kind).or_default().push(micros);
        if let Err(reason) = outcome {
            *tally.errors.entry(kind).or_default() += 1;
            let short: String = reason.chars().take(80).collect();
            *tally.reasons.entry(format!("{}: {short}", kind.name())).or_default() += 1;
        }
        if think_ms > 0 {
            let pause = Duration::from_millis(think_ms / 2 + rng.below(think_ms + 1));
            tokio::time::sleep(pause.min(deadline.saturating_duration_since(Instant::now()))).await;
        }
    }
    tally
}

#[derive(Serialize, Deserialize, Clone, Debug)]
struct KindResult {
    kind: String,
    requests: u64,
    errors: u64,
    rps: f64,
    p50_ms: f64,
    p90_ms: f64,
    p99_ms: f64,
    max_ms: f64,
}

#[derive(Serialize, Deserialize, Clone, Debug)]
struct RunResult {
    label: String,
    url: String,
    baseline: bool,
    users: usize,
    duration_s: u64,
    mix: String,
    #[serde(default)]
    think_ms: u64,
    started_at: String,
    /// /proc/loadavg (1, 5, 15 min) just before the measured time, and at its end.
    loadavg_before: Vec<f64>,
    loadavg_after: Vec<f64>,
    login_s: f64,
    #[serde(default)]
    cpu: CpuUse,
    kinds: Vec<KindResult>,
    overall: KindResult,
    error_reasons: BTreeMap<String, u64>,
    #[serde(default)]
    live: Option<LiveStreams>,
}

/// CPU seconds (user + system) of a process, from /proc/PID/stat.
fn process_cpu_s(pid: &str) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0) // USER_HZ is 100 on Linux
}

/// CPU seconds of every process named `name`, by process id.
fn processes_cpu_s(name: &str) -> BTreeMap<String, f64> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let pid = entry.file_name().to_string_lossy().to_string();
        if !pid.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
        if comm.trim() == name {
            if let Some(cpu) = process_cpu_s(&pid) {
                out.insert(pid, cpu);
            }
        }
    }
    out
}

/// Busy CPU seconds of the whole machine (all cores), from /proc/stat.
fn machine_busy_s() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let values: Vec<f64> =
        stat.lines().next()?.split_whitespace().skip(1).filter_map(|v| v.parse().ok()).collect();
    let total: f64 = values.iter().take(8).sum();
    let idle = values.get(3)? + values.get(4)?;
    Some((total - idle) / 100.0)
}

/// Cores in use during the measured time: by the server, by this generator, by anything else.
#[derive(Serialize, Deserialize, Clone, Debug, Default)]
struct CpuUse {
    machine_cores: f64,
    server_cores: Option<f64>,
    #[serde(default)]
    database_cores: Option<f64>,
    generator_cores: f64,
    other_cores: Option<f64>,
}

fn loadavg() -> Vec<f64> {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .filter_map(|v| v.parse().ok())
        .collect()
}

fn percentile(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    // Nearest rank.
    let rank = ((p / 100.0) * sorted.len() as f64).ceil().max(1.0) as usize;
    f64::from(sorted[rank.min(sorted.len()) - 1]) / 1000.0
}

fn summarize(kind: &str, mut micros: Vec<u32>, errors: u64, seconds: f64) -> KindResult {
    micros.sort_unstable();
    KindResult {
        kind: kind.to_string(),
        requests: micros.len() as u64,
        errors,
        rps: micros.len() as f64 / seconds,
        p50_ms: percentile(&micros, 50.0),
        p90_ms: percentile(&micros, 90.0),
        p99_ms: percentile(&micros, 99.0),
        max_ms: micros.last().map_or(0.0, |m| f64::from(*m) / 1000.0),
    }
}

async fn run(args: RunArgs) -> Result<RunResult, String> {
    let authority = args
        .url
        .strip_prefix("http://")
        .ok_or("--url must be http://HOST:PORT")?
        .trim_end_matches('/')
        .to_string();
    let host = authority.rsplit_once(':').map_or(authority.as_str(), |(h, _)| h);
    if !(host == "localhost" || host.starts_with("127.") || host == "[::1]") {
        return Err(format!("refusing to load {host}: loopback only"));
    }
    let target = Target { authority: authority.clone(), origin: format!("http://{authority}") };
    let mix = Arc::new(parse_mix(&args.mix, args.baseline)?);
    let mix_text = mix.iter().map(|(k, w)| format!("{}={w}", k.name())).collect::<Vec<_>>().join(",");
    let password = lindra_app::pages::login::DEMO_PASSWORD;

    // Who sees what: one discovery session per demo user.
    let logins: Vec<String> =
        args.logins.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
    let mut seen = BTreeMap::new();
    if !args.baseline {
        for username in &logins {
            seen.insert(username.clone(), discover(&target, &authority, username, password).await?);
        }
    }

    // Every virtual user signs in with its own session (Argon2id each: a few at a time).
    let login_started = Instant::now();
    let gate = Arc::new(tokio::sync::Semaphore::new(4));
    let mut users = Vec::new();
    for index in 0..args.users {
        if args.baseline {
            users.push(tokio::spawn(async { Ok::<_, String>(User { cookie: None, units: Vec::new() }) }));
            continue;
        }
        let username = logins[index % logins.len()].clone();
        let units = seen.get(&username).cloned().unwrap_or_default();
        let (target, authority, gate) = (target.clone(), authority.clone(), gate.clone());
        users.push(tokio::spawn(async move {
            let _permit = gate.acquire().await.map_err(|e| e.to_string())?;
            let mut conn = Conn::new(&authority);
            let cookie = login(&mut conn, &target, &username, password).await?;
            Ok(User { cookie: Some(cookie), units })
        }));
    }
    let mut ready = Vec::new();
    for user in users {
        ready.push(user.await.map_err(|e| e.to_string())??);
    }
    let login_s = login_started.elapsed().as_secs_f64();
    eprintln!("bench-load: {} users signed in in {login_s:.1} s; measuring {} s", ready.len(), args.duration);

    let streams = if args.streams { ready.iter().filter(|u| u.cookie.is_some()).count() } else { 0 };
    let barrier = Arc::new(tokio::sync::Barrier::new(ready.len() + streams + 1));
    let measured = Duration::from_secs(args.duration);
    let timeout = Duration::from_secs(args.timeout);
    let events = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let failed_streams = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let mut stream_tasks = Vec::new();
    for user in ready.iter().filter(|_| args.streams) {
        if let Some(cookie) = &user.cookie {
            stream_tasks.push(tokio::spawn(live_stream(
                target.clone(),
                authority.clone(),
                cookie.clone(),
                barrier.clone(),
                measured,
                events.clone(),
                failed_streams.clone(),
            )));
        }
    }
    let mut tasks = Vec::new();
    for (index, user) in ready.into_iter().enumerate() {
        tasks.push(tokio::spawn(virtual_user(
            index,
            target.clone(),
            authority.clone(),
            user,
            mix.clone(),
            barrier.clone(),
            measured,
            timeout,
            args.think_ms,
        )));
    }
    let loadavg_before = loadavg();
    let started_at = chrono::Utc::now().format("%Y-%m-%d %H:%M:%S UTC").to_string();
    let server_pid = args.server_pid.map(|p| p.to_string());
    let cpu_before = (machine_busy_s(), server_pid.as_deref().and_then(process_cpu_s), process_cpu_s("self"));
    let database_before = args.database_process.as_deref().map(processes_cpu_s);
    barrier.wait().await;
    let mut all = Tally::default();
    for task in tasks {
        let tally = task.await.map_err(|e| e.to_string())?;
        for (kind, latencies) in tally.latencies {
            all.latencies.entry(kind).or_default().extend(latencies);
        }
        for (kind, n) in tally.errors {
            *all.errors.entry(kind).or_default() += n;
        }
        for (reason, n) in tally.reasons {
            *all.reasons.entry(reason).or_default() += n;
        }
    }
    for task in stream_tasks {
        task.await.map_err(|e| e.to_string())?;
    }
    let live = args.streams.then(|| LiveStreams {
        open: streams as u64,
        failed: failed_streams.load(std::sync::atomic::Ordering::Relaxed),
        events: events.load(std::sync::atomic::Ordering::Relaxed),
    });
    let loadavg_after = loadavg();
    let seconds = measured.as_secs_f64();
    let cores = |before: Option<f64>, after: Option<f64>| Some((after? - before?) / seconds);
    let machine_cores = cores(cpu_before.0, machine_busy_s()).unwrap_or(0.0);
    let server_cores = cores(cpu_before.1, server_pid.as_deref().and_then(process_cpu_s));
    let generator_cores = cores(cpu_before.2, process_cpu_s("self")).unwrap_or(0.0);
    // A database process that started during the run counts from zero; one that ended is lost.
    let database_cores = args.database_process.as_deref().zip(database_before).map(|(name, before)| {
        let after = processes_cpu_s(name);
        after.iter().map(|(pid, cpu)| cpu - before.get(pid).copied().unwrap_or(0.0)).sum::<f64>() / seconds
    });
    let other_cores =
        server_cores.map(|s| (machine_cores - s - database_cores.unwrap_or(0.0) - generator_cores).max(0.0));
    let cpu = CpuUse { machine_cores, server_cores, database_cores, generator_cores, other_cores };
    let mut every = Vec::new();
    let mut kinds = Vec::new();
    for (kind, latencies) in &all.latencies {
        every.extend_from_slice(latencies);
        let errors = all.errors.get(kind).copied().unwrap_or(0);
        kinds.push(summarize(kind.name(), latencies.clone(), errors, seconds));
    }
    let overall = summarize("all", every, all.errors.values().sum(), seconds);
    Ok(RunResult {
        label: args.label,
        url: args.url,
        baseline: args.baseline,
        users: args.users,
        duration_s: args.duration,
        mix: mix_text,
        think_ms: args.think_ms,
        started_at,
        loadavg_before,
        loadavg_after,
        login_s,
        cpu,
        kinds,
        overall,
        error_reasons: all.reasons,
        live,
    })
}

/// The live streams of a run with `--streams`.
#[derive(Serialize, Deserialize, Clone, Debug)]
struct LiveStreams {
    open: u64,
    failed: u64,
    /// Change events received, all streams together.
    events: u64,
}

fn cpu_text(cpu: &CpuUse) -> String {
    let part = |v: Option<f64>| v.map_or("?".to_string(), |v| format!("{v:.2}"));
    let database = cpu.database_cores.map_or(String::new(), |d| format!(" + PostgreSQL {d:.2}"));
    format!("{}{database} / {:.2} / {}", part(cpu.server_cores), cpu.generator_cores, part(cpu.other_cores))
}

fn row(label: &str, k: &KindResult, load: &str) -> String {
    format!(
        "| {label} | {} | {} | {:.0} | {:.1} | {:.1} | {:.1} | {:.0} | {} | {load} |",
        k.kind, k.requests, k.rps, k.p50_ms, k.p90_ms, k.p99_ms, k.max_ms, k.errors
    )
}

fn table(results: &[RunResult]) -> String {
    let mut out = String::from(
        "| run | kind | requests | req/s | p50 ms | p90 ms | p99 ms | max ms | errors | load avg 1 min | cores: server / generator / other |\n\
         |---|---|---|---|---|---|---|---|---|---|---|\n",
    );
    for r in results {
        let load = r.loadavg_before.first().map_or("?".to_string(), |l| format!("{l:.2}"));
        let cpu = cpu_text(&r.cpu);
        for (i, k) in r.kinds.iter().enumerate() {
            let last = i + 1 == r.kinds.len() && r.kinds.len() == 1;
            out += &row(&r.label, k, &load);
            out += &format!(" {} |\n", if last { cpu.as_str() } else { "" });
        }
        if r.kinds.len() > 1 {
            out += &row(&r.label, &r.overall, &load);
            out += &format!(" {cpu} |\n");
        }
    }
    out
}

fn read(path: &PathBuf) -> Result<RunResult, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn report(baseline: Option<PathBuf>, files: Vec<PathBuf>) -> Result<String, String> {
    let mut results = files.iter().map(read).collect::<Result<Vec<_>, _>>()?;
    let base = baseline.as_ref().map(read).transpose()?;
    if let Some(base) = &base {
        results.push(base.clone());
    }
    let mut out = table(&results);
    if let Some(base) = base {
        out.push('\n');
        for r in results.iter().filter(|r| !r.baseline && r.mix == "record=1" && r.think_ms == base.think_ms)
        {
            let ratio = r.overall.rps / base.overall.rps.max(f64::MIN_POSITIVE);
            out += &format!(
                "ratio {}: recording {:.0} req/s / baseline insert {:.0} req/s = {ratio:.2}\n",
                r.label, r.overall.rps, base.overall.rps
            );
        }
    }
    for r in &results {
        if let Some(live) = &r.live {
            out += &format!(
                "live streams in {}: {} open, {} failed, {} change events received\n",
                r.label, live.open, live.failed, live.events
            );
        }
        for (reason, n) in &r.error_reasons {
            out += &format!("errors in {}: {n} x {reason}\n", r.label);
        }
    }
    Ok(out)
}

#[tokio::main]
async fn main() -> Result<(), String> {
    match Cli::parse().command {
        Command::Run(args) => {
            let out = args.out.clone();
            let result = run(args).await?;
            print!("{}", table(std::slice::from_ref(&result)));
            if let Some(live) = &result.live {
                println!(
                    "live streams: {} open, {} failed, {} change events received",
                    live.open, live.failed, live.events
                );
            }
            for (reason, n) in &result.error_reasons {
                println!("errors: {n} x {reason}");
            }
            if let Some(out) = out {
                let json = serde_json::to_string_pretty(&result).map_err(|e| e.to_string())?;
                std::fs::write(&out, json).map_err(|e| format!("{}: {e}", out.display()))?;
            }
            Ok(())
        }
        Command::Report { baseline, files } => {
            print!("{}", report(baseline, files)?);
            Ok(())
        }
    }
}
