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

    /// Single sign-on: the OpenID Connect issuer of the municipality's identity provider
    /// (https://login.kommune.no; http only on this machine). Without it, no single sign-on.
    #[arg(long, env = "LINDRA_OIDC_ISSUER", global = true)]
    pub oidc_issuer: Option<String>,

    /// Lindra's client id at the identity provider.
    #[arg(long, env = "LINDRA_OIDC_CLIENT_ID", global = true)]
    pub oidc_client_id: Option<String>,

    /// A file whose first line is the client secret. Or the environment variable
    /// LINDRA_OIDC_CLIENT_SECRET; never a flag, so it is not in the process list.
    #[arg(long, env = "LINDRA_OIDC_CLIENT_SECRET_FILE", global = true)]
    pub oidc_client_secret_file: Option<PathBuf>,

    /// Lindra's callback as registered at the provider. Default: the first public origin
    /// followed by /oidc/callback.
    #[arg(long, env = "LINDRA_OIDC_REDIRECT_URI", global = true)]
    pub oidc_redirect_uri: Option<String>,

    /// The id_token claim that holds the Lindra username. The user must exist and be enabled.
    #[arg(long, env = "LINDRA_OIDC_CLAIM", default_value = "preferred_username", global = true)]
    pub oidc_claim: String,

    /// The scopes asked for (must contain openid).
    #[arg(long, env = "LINDRA_OIDC_SCOPES", default_value = "openid profile", global = true)]
    pub oidc_scopes: String,

    /// How Lindra proves itself at the token endpoint.
    #[arg(
        long,
        env = "LINDRA_OIDC_CLIENT_AUTH",
        value_enum,
        default_value = "client-secret-basic",
        global = true
    )]
    pub oidc_client_auth: crate::auth::sso::ClientAuth,

    /// Ask the provider for a new sign-in every time (prompt=login), so the next person on a
    /// shared tablet is not signed in as the last.
    #[arg(long, env = "LINDRA_OIDC_PROMPT_LOGIN", default_value_t = true, action = clap::ArgAction::Set, global = true)]
    pub oidc_prompt_login: bool,

    /// id_token `amr` values that mean the provider checked a second factor (then Lindra asks for
    /// none of its own), comma-separated; `*` trusts every single sign-on as two-factor.
    #[arg(long, env = "LINDRA_OIDC_MFA_AMR", value_delimiter = ',', default_value = "mfa", global = true)]
    pub oidc_mfa_amr: Vec<String>,

    /// The sign-in button's name for the provider («Logg inn med NAME»). Default: «kommunens
    /// pålogging» in the page's language.
    #[arg(long, env = "LINDRA_OIDC_DISPLAY_NAME", global = true)]
    pub oidc_display_name: Option<String>,

    /// Sign-in with a password: off leaves single sign-on only (needs --oidc-issuer).
    #[arg(long, env = "LINDRA_PASSWORD_SIGN_IN", default_value_t = true, action = clap::ArgAction::Set, global = true)]
    pub password_sign_in: bool,

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
    /// Add a user, with a start password printed once: it works for 72 hours, and the user
    /// chooses her own at the first sign-in.
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
    /// Give a user a new start password (printed once); her sessions end, her second factor
    /// stays.
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

impl Config {
    /// Single sign-on as configured, `None` without an issuer, or why it cannot be used. The
    /// secret comes from LINDRA_OIDC_CLIENT_SECRET or the first line of the secret file.
    pub fn sso(&self) -> Result<Option<crate::auth::sso::SsoConfig>, String> {
        use crate::auth::sso::{ClientSecret, SsoConfig};
        let Some(issuer) = self.oidc_issuer.clone().filter(|i| !i.trim().is_empty()) else {
            if !self.password_sign_in {
                return Err("--password-sign-in false needs --oidc-issuer: nobody could sign in".into());
            }
            return Ok(None);
        };
        let client_id = self
            .oidc_client_id
            .clone()
            .filter(|c| !c.is_empty())
            .ok_or("--oidc-issuer needs --oidc-client-id (LINDRA_OIDC_CLIENT_ID)")?;
        let secret = match (&self.oidc_client_secret_file, std::env::var("LINDRA_OIDC_CLIENT_SECRET")) {
            (Some(file), _) => std::fs::read_to_string(file)
                .map_err(|e| format!("cannot read the client secret file {}: {e}", file.display()))?
                .lines()
                .next()
                .unwrap_or_default()
                .trim()
                .to_string(),
            (None, Ok(secret)) => secret.trim().to_string(),
            (None, Err(_)) => String::new(),
        };
        if secret.is_empty() {
            return Err(
                "--oidc-issuer needs a client secret: LINDRA_OIDC_CLIENT_SECRET or --oidc-client-secret-file"
                    .into(),
            );
        }
        let redirect_uri = match &self.oidc_redirect_uri {
            Some(uri) => uri.clone(),
            None => {
                let origins = self.public_origins()?;
                let first = origins.first().ok_or("no public origin for the single sign-on callback")?;
                format!("{first}{}", crate::auth::SSO_CALLBACK)
            }
        };
        Ok(Some(SsoConfig {
            issuer,
            client_id,
            client_secret: ClientSecret::new(secret),
            redirect_uri,
            claim: self.oidc_claim.clone(),
            scopes: self.oidc_scopes.clone(),
            client_auth: self.oidc_client_auth,
            prompt_login: self.oidc_prompt_login,
            mfa_amr: self
                .oidc_mfa_amr
                .iter()
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
                .collect(),
            display_name: self.oidc_display_name.clone().filter(|n| !n.trim().is_empty()),
        }))
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
            .field("oidc_issuer", &self.oidc_issuer)
            .field("oidc_client_id", &self.oidc_client_id)
            .field("oidc_client_secret_file", &self.oidc_client_secret_file)
            .field("oidc_redirect_uri", &self.oidc_redirect_uri)
            .field("oidc_claim", &self.oidc_claim)
            .field("oidc_client_auth", &self.oidc_client_auth)
            .field("oidc_prompt_login", &self.oidc_prompt_login)
            .field("oidc_mfa_amr", &self.oidc_mfa_amr)
            .field("password_sign_in", &self.password_sign_in)
            .field("command", &self.command)
            .finish()
    }
}
