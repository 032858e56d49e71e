//! Single sign-on with OpenID Connect: the authorization code flow with PKCE, state and nonce,
//! against the municipality's identity provider (Entra ID, ADFS, HelseID, ...).
//!
//! - `GET /oidc/start` stores an attempt (`SsoAttempt`: the state's hash, the nonce, the PKCE
//!   verifier) bound to this browser by the `lindra_sso` cookie, and sends the browser to the
//!   provider with `prompt=login`: on a shared tablet the provider's own session must not sign
//!   the next person in as the last one.
//! - `GET /oidc/callback` takes the attempt (once: a replayed answer finds nothing), exchanges
//!   the code at the token endpoint, checks the id_token (signature by a key of the provider's
//!   JWKS, fetched again when an unknown key id appears; issuer, audience, expiry, nonce), and
//!   maps the configured claim to a Lindra user who must exist and be enabled. No account is
//!   made here.
//!
//! Every refusal is an access-log row `login` with the object `sso/<reason>` ([`Reason`]), and
//! sends the browser to the login page with a message that helps the person but not an attacker.
//! The client secret and the tokens are never logged.

use super::{client_addr, cookie_value, second_factor, token, unavailable, Auth};
use crate::text::ServerWords;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::{Duration, Utc};
use data_encoding::BASE64URL_NOPAD;
use jsonwebtoken::jwk::{AlgorithmParameters, Jwk, JwkSet, PublicKeyUse};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use lindra::Language;
use lindra_app::model::{AuditAction, AuditOutcome, SignInStep, SsoAttempt, User};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use std::sync::Arc;
use std::time::Instant;

/// An attempt not finished within this many minutes is refused (and forgotten).
pub const ATTEMPT_MINUTES: i64 = 10;
/// Sign-ins an address may start within [`ATTEMPT_MINUTES`] without finishing them.
pub const MAX_OPEN_ATTEMPTS: i64 = 30;
/// Refused callbacks an address may have within the sign-in throttle's window before the next
/// is answered 429 unread. Higher than the password's: a callback cannot guess anything (the
/// state is 256 random bits), this only stops a flood that would reach the token endpoint.
pub const MAX_FAILED_CALLBACKS: i64 = 30;
/// The throttle's name for callbacks that name no user (`login_failures.username`).
const THROTTLE_NAME: &str = "(sso)";
/// Seconds of clock difference allowed between Lindra and the provider.
const LEEWAY_SECONDS: u64 = 60;
/// How long the provider's metadata is kept before it is fetched again.
const DISCOVERY_SECONDS: u64 = 24 * 3600;
/// A key id still unknown after fetching the keys again is not fetched for again this long.
const UNKNOWN_KEY_SECONDS: u64 = 300;
/// The largest answers read from the provider.
const MAX_METADATA_BYTES: usize = 256 * 1024;
const MAX_TOKEN_BYTES: usize = 64 * 1024;

/// The client secret: never printed (`Debug` writes `[skjult]`, and there is no `Display`).
#[derive(Clone)]
pub struct ClientSecret(String);

impl ClientSecret {
    pub fn new(secret: String) -> ClientSecret {
        ClientSecret(secret)
    }
}

impl std::fmt::Debug for ClientSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[skjult]")
    }
}

/// How Lindra proves itself at the token endpoint (OpenID Connect Core 9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ClientAuth {
    /// HTTP Basic with the form-encoded id and secret (the default; RFC 6749 2.3.1).
    ClientSecretBasic,
    /// The id and secret in the form body.
    ClientSecretPost,
}

/// The provider and how Lindra is registered with it.
#[derive(Debug, Clone)]
pub struct SsoConfig {
    /// The issuer exactly as the provider names itself (`https://login.kommune.no`).
    pub issuer: String,
    pub client_id: String,
    pub client_secret: ClientSecret,
    /// Lindra's callback, exactly as registered at the provider.
    pub redirect_uri: String,
    /// The id_token claim that holds the Lindra username (`preferred_username`).
    pub claim: String,
    pub scopes: String,
    pub client_auth: ClientAuth,
    /// Ask the provider for a fresh sign-in every time (shared tablets).
    pub prompt_login: bool,
    /// `amr` values that mean the provider checked a second factor; `*` trusts every sign-in.
    pub mfa_amr: Vec<String>,
    /// The button's name for the provider; `None`: the catalogue's («kommunens pålogging»).
    pub display_name: Option<String>,
}

/// Why a single sign-on was refused: the access log's `sso/<code>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// The state is missing, unknown, already used, too old or from another browser.
    State,
    /// The provider would not exchange the code (used before, expired, another verifier).
    Code,
    Issuer,
    Audience,
    /// The id_token has expired (or was issued in the future).
    Expired,
    /// Not signed by a key of the provider, or with an algorithm Lindra does not take.
    Signature,
    Nonce,
    /// The provider's answer or the id_token cannot be read, or lacks a claim.
    Malformed,
    /// The provider answered with an error (the person cancelled, or was refused there).
    IdpError,
    /// The provider knows the person; Lindra has no user of that name.
    UnknownUser,
    DisabledUser,
}

impl Reason {
    pub fn code(self) -> &'static str {
        match self {
            Reason::State => "state",
            Reason::Code => "code",
            Reason::Issuer => "issuer",
            Reason::Audience => "audience",
            Reason::Expired => "expired",
            Reason::Signature => "signature",
            Reason::Nonce => "nonce",
            Reason::Malformed => "malformed",
            Reason::IdpError => "idp_error",
            Reason::UnknownUser => "unknown_user",
            Reason::DisabledUser => "disabled_user",
        }
    }

    /// The person reached the provider but has no Lindra user: they need the administrator,
    /// not another try.
    fn is_about_the_user(self) -> bool {
        matches!(self, Reason::UnknownUser | Reason::DisabledUser)
    }
}

/// What the provider publishes about itself (OpenID Connect Discovery 1.0).
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Discovery {
    pub issuer: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    pub jwks_uri: String,
    /// RFC 9207: the provider names itself in the callback; then it must.
    #[serde(default)]
    pub authorization_response_iss_parameter_supported: bool,
}

/// The provider could not be asked (down, slow, or answering nonsense): nobody is refused, the
/// person is asked to try again later.
#[derive(Debug)]
pub struct Unreachable(String);

impl std::fmt::Display for Unreachable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

struct Keys {
    set: JwkSet,
    fetched: bool,
    /// Key ids not in the set even after fetching it again, and when.
    unknown: Vec<(String, Instant)>,
}

/// The provider as this process knows it: its metadata and keys, fetched when first needed (so
/// Lindra starts even if the provider is down) and kept.
pub struct Sso {
    pub config: SsoConfig,
    http: reqwest::Client,
    discovery: tokio::sync::Mutex<Option<(Arc<Discovery>, Instant)>>,
    keys: tokio::sync::Mutex<Keys>,
}

impl std::fmt::Debug for Sso {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sso").field("config", &self.config).finish_non_exhaustive()
    }
}

/// Whether a URL's host is this machine: the only place an `http://` provider is accepted.
pub fn is_loopback_url(url: &str) -> bool {
    let Ok(url) = reqwest::Url::parse(url) else { return false };
    match url.host_str() {
        Some("localhost") => true,
        Some(host) => host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback()),
        None => false,
    }
}

impl Sso {
    /// The provider of `config`, or why it cannot be used (checked at start-up).
    pub fn new(config: SsoConfig) -> Result<Sso, String> {
        let loopback = is_loopback_url(&config.issuer);
        let issuer = reqwest::Url::parse(&config.issuer)
            .map_err(|e| format!("--oidc-issuer {:?} is not a URL: {e}", config.issuer))?;
        if issuer.scheme() != "https" && !(issuer.scheme() == "http" && loopback) {
            return Err(format!(
                "--oidc-issuer {:?} must be https (http only on this machine)",
                config.issuer
            ));
        }
        reqwest::Url::parse(&config.redirect_uri)
            .map_err(|e| format!("--oidc-redirect-uri {:?} is not a URL: {e}", config.redirect_uri))?;
        if !config.scopes.split_whitespace().any(|s| s == "openid") {
            return Err(format!("--oidc-scopes {:?} must contain openid", config.scopes));
        }
        let mut http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(10))
            .connect_timeout(std::time::Duration::from_secs(5))
            .https_only(!loopback)
            .user_agent("Lindra");
        if loopback {
            // A proxy of this machine's environment must not carry traffic meant for itself.
            http = http.no_proxy();
        }
        let http =
            http.build().map_err(|e| format!("cannot make the HTTP client for single sign-on: {e}"))?;
        Ok(Sso {
            config,
            http,
            discovery: tokio::sync::Mutex::new(None),
            keys: tokio::sync::Mutex::new(Keys {
                set: JwkSet { keys: Vec::new() },
                fetched: false,
                unknown: Vec::new(),
            }),
        })
    }

    /// The provider's metadata, fetched once a day. Its issuer must be the configured one
    /// exactly (OpenID Connect Discovery 4.3).
    pub async fn discovery(&self) -> Result<Arc<Discovery>, Unreachable> {
        let mut cached = self.discovery.lock().await;
        if let Some((discovery, at)) = cached.as_ref() {
            if at.elapsed().as_secs() < DISCOVERY_SECONDS {
                return Ok(discovery.clone());
            }
        }
        let url = format!("{}/.well-known/openid-configuration", self.config.issuer.trim_end_matches('/'));
        let body = self.get(&url).await?;
        let discovery: Discovery = serde_json::from_slice(&body)
            .map_err(|e| Unreachable(format!("the provider's metadata cannot be read: {e}")))?;
        if discovery.issuer != self.config.issuer {
            return Err(Unreachable(format!(
                "the provider names itself {:?}, not the configured issuer {:?}",
                discovery.issuer, self.config.issuer
            )));
        }
        let discovery = Arc::new(discovery);
        *cached = Some((discovery.clone(), Instant::now()));
        Ok(discovery)
    }

    async fn get(&self, url: &str) -> Result<Vec<u8>, Unreachable> {
        let response = self.http.get(url).send().await.map_err(|e| Unreachable(format!("GET {url}: {e}")))?;
        if !response.status().is_success() {
            return Err(Unreachable(format!("GET {url}: {}", response.status())));
        }
        read_capped(response, MAX_METADATA_BYTES).await
    }

    /// The provider's signing key `kid`: from the keys held, else from the keys fetched again
    /// (the provider has rotated them). `Ok(None)`: the provider has no such key.
    async fn key(&self, discovery: &Discovery, kid: Option<&str>) -> Result<Option<Jwk>, Unreachable> {
        let mut keys = self.keys.lock().await;
        if keys.fetched {
            if let Some(key) = find_key(&keys.set, kid) {
                return Ok(Some(key.clone()));
            }
            let name = kid.unwrap_or_default().to_string();
            keys.unknown.retain(|(_, at)| at.elapsed().as_secs() < UNKNOWN_KEY_SECONDS);
            if keys.unknown.iter().any(|(known, _)| *known == name) {
                return Ok(None);
            }
        }
        let body = self.get(&discovery.jwks_uri).await?;
        keys.set = serde_json::from_slice(&body)
            .map_err(|e| Unreachable(format!("the provider's keys cannot be read: {e}")))?;
        keys.fetched = true;
        let found = find_key(&keys.set, kid).cloned();
        if found.is_none() {
            keys.unknown.truncate(63);
            keys.unknown.insert(0, (kid.unwrap_or_default().to_string(), Instant::now()));
        }
        Ok(found)
    }

    /// Exchanges the code for the id_token. `Err(Ok(reason))`: the provider refused;
    /// `Err(Err(_))`: it could not be asked.
    async fn id_token(
        &self,
        discovery: &Discovery,
        code: &str,
        verifier: &str,
    ) -> Result<String, Result<Reason, Unreachable>> {
        let mut form = vec![
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", &self.config.redirect_uri),
            ("code_verifier", verifier),
        ];
        let secret = &self.config.client_secret.0;
        let mut request = self.http.post(&discovery.token_endpoint);
        match self.config.client_auth {
            ClientAuth::ClientSecretBasic => {
                request = request.basic_auth(form_encode(&self.config.client_id), Some(form_encode(secret)));
            }
            ClientAuth::ClientSecretPost => {
                form.push(("client_id", &self.config.client_id));
                form.push(("client_secret", secret));
            }
        }
        let response = request
            .header(header::ACCEPT, "application/json")
            .form(&form)
            .send()
            .await
            .map_err(|e| Err(Unreachable(format!("POST token endpoint: {e}"))))?;
        let status = response.status();
        if status.is_server_error() {
            return Err(Err(Unreachable(format!("POST token endpoint: {status}"))));
        }
        let body = read_capped(response, MAX_TOKEN_BYTES).await.map_err(Err)?;
        let answer: Map<String, Value> = serde_json::from_slice(&body).map_err(|_| Ok(Reason::Malformed))?;
        if !status.is_success() {
            // Only the provider's error code: the body may hold more than belongs in a log.
            let error = answer.get("error").and_then(Value::as_str).unwrap_or("?");
            tracing::warn!(%status, error, "the identity provider would not exchange the code");
            return Err(Ok(Reason::Code));
        }
        match answer.get("id_token") {
            Some(Value::String(token)) => Ok(token.clone()),
            _ => Err(Ok(Reason::Malformed)),
        }
    }

    /// Whether the id_token says the provider checked a second factor (RFC 8176 `amr`).
    fn second_factor_checked(&self, claims: &Map<String, Value>) -> bool {
        if self.config.mfa_amr.iter().any(|v| v == "*") {
            return true;
        }
        let amr = claims.get("amr").and_then(Value::as_array);
        amr.is_some_and(|amr| {
            amr.iter().filter_map(Value::as_str).any(|v| self.config.mfa_amr.iter().any(|m| m == v))
        })
    }
}

/// A signing key of the set: the one of `kid`, or without a key id the only RSA signing key.
fn find_key<'a>(set: &'a JwkSet, kid: Option<&str>) -> Option<&'a Jwk> {
    let signs = |key: &&Jwk| {
        matches!(key.algorithm, AlgorithmParameters::RSA(_))
            && matches!(key.common.public_key_use, None | Some(PublicKeyUse::Signature))
    };
    match kid {
        Some(kid) => set.keys.iter().filter(signs).find(|key| key.common.key_id.as_deref() == Some(kid)),
        None => {
            let mut signing = set.keys.iter().filter(signs);
            signing.next().filter(|_| signing.next().is_none())
        }
    }
}

async fn read_capped(mut response: reqwest::Response, cap: usize) -> Result<Vec<u8>, Unreachable> {
    let mut body = Vec::new();
    while let Some(chunk) =
        response.chunk().await.map_err(|e| Unreachable(format!("reading an answer: {e}")))?
    {
        if body.len() + chunk.len() > cap {
            return Err(Unreachable(format!("an answer larger than {cap} bytes")));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// `application/x-www-form-urlencoded` of one value: what HTTP Basic carries for a client
/// (RFC 6749 2.3.1), so a secret with `+`, `%` or `:` reaches the provider as it is.
fn form_encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => (b as char).to_string(),
            b' ' => "+".into(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The PKCE challenge of a verifier (RFC 7636, S256).
pub fn pkce_challenge(verifier: &str) -> String {
    BASE64URL_NOPAD.encode(&Sha256::digest(verifier.as_bytes()))
}

/// What the id_token must say.
#[derive(Debug, Clone, Copy)]
pub struct Expected<'a> {
    pub issuer: &'a str,
    pub client_id: &'a str,
    pub nonce: &'a str,
}

/// The key id and algorithm the id_token names, before anything else is read.
pub fn token_key_id(id_token: &str) -> Result<Option<String>, Reason> {
    let header = jsonwebtoken::decode_header(id_token).map_err(|_| Reason::Malformed)?;
    if header.alg != Algorithm::RS256 {
        return Err(Reason::Signature);
    }
    Ok(header.kid)
}

/// Checks an id_token with the provider's key: RS256 only, the issuer and audience exactly,
/// not expired (with a minute's leeway for clocks), not issued in the future, `nbf` if present,
/// and the nonce of this attempt. Returns its claims.
pub fn check_id_token(
    id_token: &str,
    key: &Jwk,
    expected: Expected<'_>,
) -> Result<Map<String, Value>, Reason> {
    use jsonwebtoken::errors::ErrorKind;
    let key = DecodingKey::from_jwk(key).map_err(|_| Reason::Signature)?;
    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_issuer(&[expected.issuer]);
    validation.set_audience(&[expected.client_id]);
    validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
    validation.leeway = LEEWAY_SECONDS;
    validation.validate_nbf = true;
    let claims = jsonwebtoken::decode::<Map<String, Value>>(id_token, &key, &validation)
        .map_err(|error| match error.kind() {
            ErrorKind::ExpiredSignature | ErrorKind::ImmatureSignature => Reason::Expired,
            ErrorKind::InvalidIssuer => Reason::Issuer,
            ErrorKind::InvalidAudience => Reason::Audience,
            ErrorKind::InvalidSignature
            | ErrorKind::InvalidAlgorithm
            | ErrorKind::InvalidKeyFormat
            | ErrorKind::InvalidRsaKey(_)
            | ErrorKind::MissingAlgorithm
            | ErrorKind::UnsupportedAlgorithm => Reason::Signature,
            _ => Reason::Malformed,
        })?
        .claims;
    // Several audiences: Lindra must be the one it was issued to (Core 3.1.3.7, 4 and 5).
    if claims.get("aud").and_then(Value::as_array).is_some_and(|aud| aud.len() > 1)
        && claims.get("azp").and_then(Value::as_str) != Some(expected.client_id)
    {
        return Err(Reason::Audience);
    }
    let now = Utc::now().timestamp();
    match claims.get("iat").and_then(Value::as_i64) {
        Some(iat) if iat <= now + LEEWAY_SECONDS as i64 => {}
        Some(_) => return Err(Reason::Expired),
        None => return Err(Reason::Malformed),
    }
    if claims.get("nonce").and_then(Value::as_str) != Some(expected.nonce) {
        return Err(Reason::Nonce);
    }
    Ok(claims)
}

/// The cookie that binds an attempt to the browser that started it.
fn binding_cookie_name(auth: &Auth) -> &'static str {
    if auth.config.https {
        "__Secure-lindra_sso"
    } else {
        "lindra_sso"
    }
}

fn binding_cookie(auth: &Auth, value: &str, max_age: i64) -> Option<HeaderValue> {
    let secure = if auth.config.https { "; Secure" } else { "" };
    // Lax, not Strict: the callback is a top-level GET from the provider's site.
    HeaderValue::from_str(&format!(
        "{}={value}; Path=/oidc; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}",
        binding_cookie_name(auth)
    ))
    .ok()
}

/// This request on the callback's host, if it came by another public name of this server
/// (`None`: it is there, or came by a name Lindra does not know, such as a proxy's).
fn on_callback_host(
    redirect_uri: &str,
    public_origins: &[String],
    request: &Request<Body>,
) -> Option<String> {
    let callback = reqwest::Url::parse(redirect_uri).ok()?;
    let authority = match (callback.host_str()?, callback.port()) {
        (host, Some(port)) => format!("{host}:{port}"),
        (host, None) => host.to_string(),
    };
    let came_by = request.headers().get(header::HOST).and_then(|h| h.to_str().ok())?.to_ascii_lowercase();
    let known = public_origins.iter().any(|o| o.split_once("://").is_some_and(|(_, a)| a == came_by));
    let path = request.uri().path_and_query().map_or(super::SSO_START, |p| p.as_str());
    (known && came_by != authority).then(|| format!("{}://{authority}{path}", callback.scheme()))
}

#[derive(serde::Deserialize, Default)]
struct StartQuery {
    #[serde(default)]
    tilbake: String,
}

/// GET /oidc/start: a new attempt, and the browser sent to the provider.
pub async fn start(State(auth): State<Auth>, request: Request<Body>) -> Response {
    let Some(sso) = auth.config.sso.clone() else {
        return not_configured();
    };
    // The attempt's cookie must be set on the host the provider sends the browser back to: a
    // browser that came by another name of this server (localhost, 127.0.0.1) goes there first.
    if let Some(there) = on_callback_host(&sso.config.redirect_uri, &auth.config.public_origins, &request) {
        return Redirect::to(&there).into_response();
    }
    let addr = client_addr(&request);
    let now = Utc::now();
    match auth.storage.sso_attempts_since(&addr, now - Duration::minutes(ATTEMPT_MINUTES)).await {
        Ok(open) if open >= MAX_OPEN_ATTEMPTS => {
            auth.audit_object("", None, AuditAction::Login, AuditOutcome::Throttled, &addr, "sso/start")
                .await;
            return super::too_many_sign_ins(ATTEMPT_MINUTES);
        }
        Ok(_) => {}
        Err(error) => return unavailable("/oidc/start", Some(&error)),
    }
    let discovery = match sso.discovery().await {
        Ok(discovery) => discovery,
        Err(why) => return provider_unreachable(&auth, &addr, &why).await,
    };
    let query: StartQuery =
        request.uri().query().and_then(|q| serde_urlencoded::from_str(q).ok()).unwrap_or_default();
    let return_to = lindra_app::pages::lock::back_to(Some(query.tilbake));
    let cookie = cookie_value(request.headers(), binding_cookie_name(&auth))
        .filter(|c| token::well_formed(c))
        .map(str::to_string)
        .or_else(token::new_token);
    let (Some(cookie), Some(state), Some(nonce), Some(verifier)) =
        (cookie, token::new_token(), token::new_token(), token::new_token())
    else {
        return unavailable("/oidc/start", None);
    };
    let attempt = SsoAttempt {
        state_hash: token::token_hash(&state),
        binding_hash: token::token_hash(&cookie),
        nonce: nonce.clone(),
        code_verifier: verifier.clone(),
        return_to,
        client_addr: addr,
        created_at: now,
    };
    if let Err(error) =
        auth.storage.create_sso_attempt(&attempt, now - Duration::minutes(ATTEMPT_MINUTES)).await
    {
        tracing::error!(%error, "could not store a single sign-on attempt");
        return unavailable("/oidc/start", Some(&error));
    }
    let Ok(mut url) = reqwest::Url::parse(&discovery.authorization_endpoint) else {
        let why = Unreachable("the provider's authorization_endpoint is not a URL".into());
        return provider_unreachable(&auth, &attempt.client_addr, &why).await;
    };
    {
        let config = &sso.config;
        let mut query = url.query_pairs_mut();
        query
            .append_pair("response_type", "code")
            .append_pair("client_id", &config.client_id)
            .append_pair("redirect_uri", &config.redirect_uri)
            .append_pair("scope", &config.scopes)
            .append_pair("state", &state)
            .append_pair("nonce", &nonce)
            .append_pair("code_challenge", &pkce_challenge(&verifier))
            .append_pair("code_challenge_method", "S256");
        if config.prompt_login {
            query.append_pair("prompt", "login");
        }
    }
    let mut response = Redirect::to(url.as_str()).into_response();
    if let Some(value) = binding_cookie(&auth, &cookie, ATTEMPT_MINUTES * 60) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

#[derive(serde::Deserialize, Default)]
struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    iss: Option<String>,
    error: Option<String>,
}

/// GET /oidc/callback: the provider's answer. Checked in this order, each failure refused with
/// its reason: the provider's error, the state (known, unused, this browser's, not too old), the
/// issuer it names, the code at the token endpoint, the id_token, and the user.
pub async fn callback(State(auth): State<Auth>, request: Request<Body>) -> Response {
    let Some(sso) = auth.config.sso.clone() else {
        return not_configured();
    };
    let addr = client_addr(&request);
    let now = Utc::now();
    let since = now - Duration::minutes(super::THROTTLE_WINDOW_MINUTES);
    match auth.storage.login_failures_since(THROTTLE_NAME, &addr, since).await {
        Ok(failures) if failures >= MAX_FAILED_CALLBACKS => {
            auth.audit_object("", None, AuditAction::Login, AuditOutcome::Throttled, &addr, "sso/callback")
                .await;
            return super::too_many_sign_ins(super::THROTTLE_WINDOW_MINUTES);
        }
        Ok(_) => {}
        Err(error) => return unavailable("/oidc/callback", Some(&error)),
    }
    let query: CallbackQuery =
        request.uri().query().and_then(|q| serde_urlencoded::from_str(q).ok()).unwrap_or_default();
    let refuse = |reason: Reason| refuse(&auth, &addr, reason);
    if let Some(error) = &query.error {
        tracing::info!(
            error = error.chars().take(64).collect::<String>(),
            "the identity provider answered an error"
        );
        return refuse(Reason::IdpError).await;
    }
    // The attempt is taken whatever follows: a state serves once.
    let attempt = match query.state.as_deref().map(token::token_hash) {
        Some(state_hash) => match auth.storage.take_sso_attempt(&state_hash).await {
            Ok(attempt) => attempt,
            Err(error) => return unavailable("/oidc/callback", Some(&error)),
        },
        None => None,
    };
    let binding = cookie_value(request.headers(), binding_cookie_name(&auth)).map(token::token_hash);
    let Some(attempt) = attempt.filter(|a| {
        Some(&a.binding_hash) == binding.as_ref() && now - a.created_at <= Duration::minutes(ATTEMPT_MINUTES)
    }) else {
        return refuse(Reason::State).await;
    };
    let discovery = match sso.discovery().await {
        Ok(discovery) => discovery,
        Err(why) => return provider_unreachable(&auth, &addr, &why).await,
    };
    // RFC 9207: an answer that names another issuer came from another provider (mix-up).
    match &query.iss {
        Some(iss) if *iss != sso.config.issuer => return refuse(Reason::Issuer).await,
        None if discovery.authorization_response_iss_parameter_supported => {
            return refuse(Reason::Issuer).await
        }
        _ => {}
    }
    let Some(code) = query.code.as_deref().filter(|c| !c.is_empty()) else {
        return refuse(Reason::Code).await;
    };
    let id_token = match sso.id_token(&discovery, code, &attempt.code_verifier).await {
        Ok(id_token) => id_token,
        Err(Ok(reason)) => return refuse(reason).await,
        Err(Err(why)) => return provider_unreachable(&auth, &addr, &why).await,
    };
    let kid = match token_key_id(&id_token) {
        Ok(kid) => kid,
        Err(reason) => return refuse(reason).await,
    };
    let key = match sso.key(&discovery, kid.as_deref()).await {
        Ok(Some(key)) => key,
        Ok(None) => return refuse(Reason::Signature).await,
        Err(why) => return provider_unreachable(&auth, &addr, &why).await,
    };
    let expected =
        Expected { issuer: &sso.config.issuer, client_id: &sso.config.client_id, nonce: &attempt.nonce };
    let claims = match check_id_token(&id_token, &key, expected) {
        Ok(claims) => claims,
        Err(reason) => return refuse(reason).await,
    };
    let Some(username) =
        claims.get(&sso.config.claim).and_then(Value::as_str).map(|u| u.trim().to_lowercase())
    else {
        return refuse(Reason::Malformed).await;
    };
    let user = match auth.storage.user_by_username(&username).await {
        Ok(user) => user,
        Err(error) => return unavailable("/oidc/callback", Some(&error)),
    };
    let user = match user {
        Some(user) if user.active => user,
        Some(user) => return refuse_user(&auth, &addr, Reason::DisabledUser, &username, Some(&user)).await,
        None => return refuse_user(&auth, &addr, Reason::UnknownUser, &username, None).await,
    };
    let step = if sso.second_factor_checked(&claims) {
        SignInStep::Done
    } else {
        match second_factor::step_after_password(&auth, &user).await {
            Ok(step) => step,
            Err(error) => return unavailable("/oidc/callback", Some(&error)),
        }
    };
    let earlier = request.extensions().get::<lindra_app::backend::SessionUser>();
    signed_in(&auth, (request.headers(), earlier), &user, step, &attempt, &addr).await
}

/// The new session, and a page that opens Lindra. Not a redirect: a browser that came from the
/// provider's site does not send a SameSite=Strict cookie set by a redirect on to the page it
/// leads to (Chromium), so the page moves on by itself, as a navigation of Lindra's own.
async fn signed_in(
    auth: &Auth,
    (headers, earlier): (&axum::http::HeaderMap, Option<&lindra_app::backend::SessionUser>),
    user: &User,
    step: SignInStep,
    attempt: &SsoAttempt,
    addr: &str,
) -> Response {
    let (session_token, tablet_cookie) =
        match super::new_session(auth, headers, earlier, user, step, super::SSO_CALLBACK, addr).await {
            Ok(made) => made,
            Err(response) => return response,
        };
    let object = format!("sso/{}", user.username);
    auth.audit_object(&user.username, Some(user), AuditAction::Login, AuditOutcome::Ok, addr, &object).await;
    let next = match step {
        SignInStep::Done => attempt.return_to.as_str(),
        _ => second_factor::page_of(step),
    };
    let words = ServerWords::of(Language::Nb);
    let page = crate::pages::moving_on(Language::Nb, words.sso_signed_in, next);
    let mut response = Html(page).into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&auth.config.cookie(&session_token)) {
        headers.append(header::SET_COOKIE, value);
    }
    if let Some(value) = binding_cookie(auth, "", 0) {
        headers.append(header::SET_COOKIE, value);
    }
    if let Some(value) = tablet_cookie {
        headers.append(header::SET_COOKIE, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Single sign-on asked for on a server without a provider.
fn not_configured() -> Response {
    let words = ServerWords::of(Language::Nb);
    let page = crate::pages::message_page(Language::Nb, words.refused_title, words.sso_off);
    (StatusCode::NOT_FOUND, Html(page)).into_response()
}

async fn refuse(auth: &Auth, addr: &str, reason: Reason) -> Response {
    refuse_user(auth, addr, reason, "", None).await
}

/// A refusal: counted toward the callback's throttle, logged with its reason, and the login
/// page with a message. `username`: the user the provider vouched for, if it got that far.
async fn refuse_user(
    auth: &Auth,
    addr: &str,
    reason: Reason,
    username: &str,
    user: Option<&User>,
) -> Response {
    if let Err(error) = auth.storage.record_login_failure(THROTTLE_NAME, addr, Utc::now()).await {
        tracing::error!(%error, "could not record a refused single sign-on");
    }
    let outcome = if reason.is_about_the_user() { AuditOutcome::Denied } else { AuditOutcome::Failed };
    let object = format!("sso/{}", reason.code());
    auth.audit_object(username, user, AuditAction::Login, outcome, addr, &object).await;
    let to = if reason.is_about_the_user() { "/logg-inn?feil=sso-bruker" } else { "/logg-inn?feil=sso" };
    Redirect::to(to).into_response()
}

/// The provider cannot be asked: nobody is refused; the person is asked to try again.
async fn provider_unreachable(auth: &Auth, addr: &str, why: &Unreachable) -> Response {
    tracing::warn!(%why, "the identity provider could not be reached");
    auth.audit_object("", None, AuditAction::Login, AuditOutcome::Failed, addr, "sso/idp_unavailable").await;
    let words = ServerWords::of(Language::Nb);
    let page = crate::pages::message_page(Language::Nb, words.sso_unavailable_title, words.sso_unavailable);
    (StatusCode::SERVICE_UNAVAILABLE, [(header::RETRY_AFTER, "30")], Html(page)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pkce_challenge_is_rfc_7636s() {
        // RFC 7636, appendix B.
        assert_eq!(
            pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn the_client_is_form_encoded_for_basic_authentication() {
        assert_eq!(form_encode("hemm+elig%: x"), "hemm%2Belig%25%3A+x");
        assert_eq!(form_encode("lindra-demo_1.0"), "lindra-demo_1.0");
    }

    #[test]
    fn the_secret_is_never_printed() {
        let secret = ClientSecret::new("s3cret-verdi".into());
        assert_eq!(format!("{secret:?}"), "[skjult]");
    }

    #[test]
    fn http_is_taken_only_from_this_machine() {
        assert!(is_loopback_url("http://127.0.0.1:4000"));
        assert!(is_loopback_url("http://localhost:4000/realm"));
        assert!(is_loopback_url("http://[::1]:4000"));
        assert!(!is_loopback_url("http://login.kommune.no"));
        assert!(!is_loopback_url("http://127.0.0.1.evil.example"));
    }
}
