//! Configuration: every setting in one place, from flags or environment variables, each with a
//! default that runs Lindra on SQLite on this machine. Secrets (the database password) are never
//! printed: `Debug` redacts the URL.
//!
//! The command line speaks bokmål (its help, its messages); `--language` or `LINDRA_LANGUAGE`
//! (nb, nn, en) switches its messages. Pages and refusals speak each signed-in user's language.

use clap::{Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Parser, Clone)]
#[command(name = "lindra", version, about = crate::text::NB.cli.about)]
pub struct Config {
    /// Database: sqlite://PATH (default, a file under ./data) or postgres://USER:PASSWORD@HOST/DB.
    #[arg(long, env = "LINDRA_DATABASE_URL", default_value = "sqlite://data/lindra.db", global = true)]
    pub database_url: String,

    /// Address to listen on.
    #[arg(long, env = "LINDRA_ADDR", default_value = "127.0.0.1:3000", global = true)]
    pub addr: SocketAddr,

    /// Folder with the built browser bundle (pkg/) and static assets.
    #[arg(long, env = "LINDRA_SITE_ROOT", default_value = "target/site", global = true)]
    pub site_root: PathBuf,

    /// Largest number of open database connections of this process.
    #[arg(long, env = "LINDRA_DB_MAX_CONNECTIONS", default_value_t = 16, global = true)]
    pub db_max_connections: u32,

    /// Demo mode: seed two demo wards and demo users into an empty database, show a DEMO banner
    /// and the demo users' password on the login page.
    #[arg(long, env = "LINDRA_DEMO", default_value_t = false, global = true)]
    pub demo: bool,

    /// Served over https (directly or behind a TLS proxy): Secure __Host- cookies and HSTS.
    #[arg(long, env = "LINDRA_HTTPS", default_value_t = false, global = true)]
    pub https: bool,

    /// The origin(s) Lindra's pages are served from, comma-separated (e.g.
    /// https://lindra.kommune.no): a state change is accepted only from these. Required with
    /// --https and when listening on all addresses; otherwise http://ADDR (and
    /// http://localhost:PORT on loopback).
    #[arg(long, env = "LINDRA_PUBLIC_ORIGIN", value_delimiter = ',', global = true)]
    pub public_origin: Vec<String>,

    /// A session nobody has used for this many minutes ends (shared tablets).
    #[arg(long, env = "LINDRA_IDLE_TIMEOUT_MINUTES", default_value_t = 15, global = true)]
    pub idle_timeout_minutes: i64,

    /// A session of a user who has set a PIN locks after this many seconds without use: the
    /// owner's PIN opens it (it does not end when idle; the absolute limit holds).
    #[arg(long, env = "LINDRA_LOCK_AFTER_SECONDS", default_value_t = 120, global = true,
        value_parser = clap::value_parser!(i64).range(1..=86_400))]
    pub lock_after_seconds: i64,

    /// Who must have a second factor (TOTP): `required` (the administrator and anyone who works
    /// in more than one unit) or `optional`. Default: required, but optional with `--demo`,
    /// whose users have no authenticator app.
    #[arg(long, env = "LINDRA_SECOND_FACTOR", value_enum, global = true)]
    pub second_factor: Option<crate::auth::second_factor::Policy>,

    /// Every session ends this many hours after login.
    #[arg(long, env = "LINDRA_ABSOLUTE_TIMEOUT_HOURS", default_value_t = 12, global = true)]
    pub absolute_timeout_hours: i64,

    /// A request not answered within this many seconds gets a 503 «Databasen er ikke
    /// tilgjengelig akkurat nå» (the form keeps what was typed); also the longest wait for
    /// requests in flight at shutdown, plus 5 s.
    #[arg(long, env = "LINDRA_REQUEST_TIMEOUT_SECONDS", default_value_t = 10, global = true)]
    pub request_timeout_seconds: u64,

    /// The language of the command line's messages (user, unit, patient, api-client and backup
    /// output and errors): nb (bokmål, the default), nn or en. Pages follow each user's language.
    #[arg(long, env = "LINDRA_LANGUAGE", default_value = "nb", global = true, value_parser = parse_language)]
    pub language: lindra::Language,

    #[command(subcommand)]
    pub command: Option<Command>,
}

fn parse_language(code: &str) -> Result<lindra::Language, String> {
    lindra::Language::from_code(code.trim()).ok_or_else(|| format!("{code:?}: nb, nn or en"))
}

#[derive(Subcommand, Clone, Debug)]
pub enum Command {
    /// Serve Lindra over HTTP (the default).
    Serve,
    /// Seed demo data of any size into an empty database (for benchmarks).
    Seed {
        #[arg(long, default_value_t = 1)]
        units: usize,
        #[arg(long, default_value_t = 8)]
        patients_per_unit: usize,
        #[arg(long, default_value_t = 21)]
        days: u32,
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
    /// Manage users. There is no default password: the first administrator is made here.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage care units.
    #[command(subcommand)]
    Unit(UnitCommand),
    /// Manage patients.
    #[command(subcommand)]
    Patient(PatientCommand),
    /// Manage the API clients of the FHIR interface (/fhir).
    #[command(subcommand, name = "api-client")]
    ApiClient(ApiClientCommand),
    /// Copy the live SQLite database into FILE (never overwritten) while the server runs, and
    /// check the copy. PostgreSQL: use pg_dump (docs/operations.md).
    Backup {
        /// The new backup file; it must not exist.
        file: PathBuf,
    },
}

#[derive(Subcommand, Clone, Debug)]
pub enum UnitCommand {
    /// Add a care unit.
    Add {
        #[arg(long)]
        name: String,
        /// sykehjem, hjemmetjeneste, sykehus or palliativ_enhet
        #[arg(long, default_value = "sykehjem")]
        kind: String,
        /// Hours between expected ESAS-r registrations.
        #[arg(long, default_value_t = 24)]
        interval_hours: i32,
    },
}

#[derive(Subcommand, Clone, Debug)]
pub enum PatientCommand {
    /// Add a patient to a unit.
    Add {
        #[arg(long)]
        name: String,
        /// Date of birth, YYYY-MM-DD.
        #[arg(long)]
        born: chrono::NaiveDate,
        #[arg(long, default_value = "")]
        room: String,
        #[arg(long)]
        unit: i64,
    },
    /// Move a patient to another unit; the whole history follows the patient.
    Move {
        #[arg(long)]
        patient: i64,
        #[arg(long)]
        unit: i64,
        /// The administrator who moves the patient (recorded with the move).
        #[arg(long)]
        by: String,
    },
}

#[derive(Subcommand, Clone, Debug)]
pub enum ApiClientCommand {
    /// Add an API client that may read the patients of the given units. Its token is printed
    /// once; only its hash is stored.
    Add {
        /// A name the access log shows ("DIPS-integrasjon").
        #[arg(long)]
        name: String,
        /// A unit whose patients it may read (repeat for several).
        #[arg(long = "unit")]
        units: Vec<i64>,
        /// Days until the token expires (at most 730).
        #[arg(long, default_value_t = 365)]
        days: i64,
    },
    /// List the API clients: units, expiry, revoked or not.
    List,
    /// Revoke an API client: its token opens nothing from the next request on.
    Revoke {
        #[arg(long)]
        name: String,
    },
}

#[derive(Subcommand, Clone, Debug)]
pub enum UserCommand {
    /// Add a user. The password is read from LINDRA_PASSWORD or the first line of standard input.
    Add {
        username: String,
        #[arg(long)]
        name: String,
        /// helsefagarbeider, sykepleier, ressurssykepleier or administrator
        #[arg(long)]
        role: String,
        /// A unit the user works in (repeat for several).
        #[arg(long = "unit")]
        units: Vec<i64>,
    },
    /// Disable a user; all their sessions end at once.
    Disable { username: String },
    /// Set a new password (from LINDRA_PASSWORD or standard input).
    Password { username: String },
}

impl Config {
    /// The origins state changes may come from, normalised; or why they cannot be known.
    pub fn public_origins(&self) -> Result<Vec<String>, String> {
        if !self.public_origin.is_empty() {
            return self
                .public_origin
                .iter()
                .map(|origin| {
                    crate::auth::normalise_origin(origin).ok_or_else(|| {
                        format!("--public-origin {origin:?} is not an origin (scheme://host[:port], no path)")
                    })
                })
                .collect();
        }
        if self.https {
            return Err(
                "--https needs --public-origin (LINDRA_PUBLIC_ORIGIN): the https origin users open".into()
            );
        }
        let ip = self.addr.ip();
        if ip.is_unspecified() {
            return Err(format!(
                "listening on {} needs --public-origin (LINDRA_PUBLIC_ORIGIN): the address users open",
                self.addr
            ));
        }
        let mut origins = vec![format!("http://{}", self.addr)];
        if ip.is_loopback() {
            origins.push(format!("http://localhost:{}", self.addr.port()));
        }
        Ok(origins.iter().filter_map(|o| crate::auth::normalise_origin(o)).collect())
    }
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("database_url", &crate::storage::redact(&self.database_url))
            .field("addr", &self.addr)
            .field("site_root", &self.site_root)
            .field("db_max_connections", &self.db_max_connections)
            .field("demo", &self.demo)
            .field("https", &self.https)
            .field("public_origin", &self.public_origin)
            .field("idle_timeout_minutes", &self.idle_timeout_minutes)
            .field("absolute_timeout_hours", &self.absolute_timeout_hours)
            .field("lock_after_seconds", &self.lock_after_seconds)
            .field("second_factor", &self.second_factor)
            .field("request_timeout_seconds", &self.request_timeout_seconds)
            .field("language", &self.language)
            .field("command", &self.command)
            .finish()
    }
}
