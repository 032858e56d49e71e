//! The Lindra server as a library: [`router`] builds the whole application, so tests drive it
//! without a socket and `main.rs` only parses configuration and serves.

pub mod auth;
pub mod backup;
pub mod config;
pub mod demo;
pub mod fhir;
pub mod gate;
pub mod live;
pub mod pages;
pub mod refusals;
pub mod report;
pub mod storage;
pub mod text;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use lindra_app::backend::AppState;
use lindra_app::{shell, App};
use std::path::Path;
use std::sync::OnceLock;
use std::time::Duration;
use tower_http::services::ServeDir;

/// Largest request body accepted. A registration is a few kilobytes; this leaves room for a
/// long note and refuses anything that is not a form.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// Leptos' options for a site folder. File names carry content hashes when the build wrote a
/// hash file next to the binary (scripts/build.sh and cargo-leptos both do).
pub fn leptos_options(site_root: &Path) -> LeptosOptions {
    let hashed = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt").exists()))
        .unwrap_or(false);
    LeptosOptions::builder()
        .output_name("lindra")
        .site_root(site_root.to_string_lossy().to_string())
        .site_pkg_dir("pkg")
        .hash_files(hashed)
        .build()
}

/// Limits on a request as a whole (docs/operations.md, "Limits").
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// A request not answered within this time gets the 503 of an unavailable database (a server
    /// function: the typed error its form shows; a page: a small page in the user's language),
    /// and its work is dropped. Covers the session lookup, the server function or page, and its queries.
    pub request_timeout: Duration,
}

/// 10 s: far above what Lindra needs under 200 concurrent users (docs/benchmarks.md, load test),
/// well below the minutes a query waits on a connection whose packets are dropped.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

impl Default for Limits {
    fn default() -> Limits {
        Limits { request_timeout: DEFAULT_REQUEST_TIMEOUT }
    }
}

/// The whole application with the default [`Limits`].
pub fn router(state: AppState, auth: auth::Auth, options: LeptosOptions) -> Router {
    router_with_limits(state, auth, options, Limits::default())
}

/// The whole application: pages, server functions, login, the browser bundle and static assets.
pub fn router_with_limits(
    state: AppState,
    auth: auth::Auth,
    options: LeptosOptions,
    limits: Limits,
) -> Router {
    let auth = auth::Auth { stylesheet: lindra_app::stylesheet_href(&options).into(), ..auth };
    let https = auth.config.https;
    let storage = state.storage.clone();
    let routes = route_list();
    let context = {
        let state = state.clone();
        move || lindra_app::provide_request_context(state.clone())
    };
    let pkg_dir = Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
    // Hashed bundle files never change under their name: cache them for a year, and serve the
    // brotli or gzip file the build made when the browser accepts it.
    let pkg = Router::new()
        .fallback_service(ServeDir::new(pkg_dir).precompressed_br().precompressed_gzip())
        .layer(middleware::from_fn(immutable_cache));
    let fhir = fhir::router(&state, auth.clone());
    let login = Router::new()
        .route("/innlogging", post(auth::login))
        .route("/utlogging", post(auth::logout))
        .route(auth::SSO_START, get(auth::sso::start))
        .route(auth::SSO_CALLBACK, get(auth::sso::callback))
        .route("/laas", post(auth::lock::lock))
        .route("/laas-opp", post(auth::lock::unlock))
        .route("/pin", post(auth::lock::set_pin))
        .route(lindra_app::pages::settings::PATH, post(auth::settings::set_language))
        .route(lindra_app::pages::settings::SESSIONS_PATH, post(auth::settings::end_sessions))
        .route(lindra_app::pages::settings::PASSWORD_PATH, post(auth::settings::change_password))
        .route(lindra_app::pages::settings::START_PATH, post(auth::settings::replace_start_password))
        .route("/i-bruk", post(auth::lock::in_use))
        .route(lindra_app::pages::second_factor::CODE_PATH, post(auth::second_factor::code))
        .route(lindra_app::pages::second_factor::BEGIN_PATH, post(auth::second_factor::begin))
        .route(lindra_app::pages::second_factor::CONFIRM_PATH, post(auth::second_factor::confirm))
        .route(lindra_app::pages::second_factor::NEW_CODES_PATH, post(auth::second_factor::new_codes))
        .route(lindra_app::pages::second_factor::REMOVE_PATH, post(auth::second_factor::remove))
        .route(lindra_app::pages::patient_mode::START_PATH, post(auth::patient_mode::start))
        .route(lindra_app::pages::patient_mode::END_PATH, post(auth::patient_mode::end))
        .route(lindra_app::live::EVENTS_PATH, get(live::events))
        .with_state(auth.clone());
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(move || ready(storage.clone())))
        .route(
            "/pasient/{id}/oppsummering.pdf",
            get({
                let state = state.clone();
                move |id, query, request| report::summary_pdf(state.clone(), id, query, request)
            }),
        )
        .route(
            "/enhet/{id}/vaktrapport.pdf",
            get({
                let state = state.clone();
                move |id, query, request| report::handover_pdf(state.clone(), id, query, request)
            }),
        )
        .route(
            "/enhet/{id}/kvalitet.csv",
            get(move |id, query, request| report::quality_csv(state.clone(), id, query, request)),
        )
        .leptos_routes_with_context(&options, routes, context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .nest("/pkg", pkg)
        .fallback(leptos_axum::file_and_error_handler_with_context(context, shell))
        .with_state(options)
        .merge(login)
        .merge(fhir)
        .layer(middleware::from_fn(server_fn_status))
        .layer(middleware::from_fn_with_state(auth.refusals.clone(), gate::gate))
        .layer(middleware::from_fn_with_state(auth.clone(), auth::same_origin))
        .layer(middleware::from_fn_with_state(auth, auth::session_middleware))
        .layer(middleware::from_fn(move |request, next| {
            request_timeout(limits.request_timeout, request, next)
        }))
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn(move |request, next| security_headers(https, request, next)))
        .layer(compression())
}

/// Pages and server-function answers travel compressed (brotli or gzip, as the browser
/// accepts): the trend page over two years is 2.2 MB of HTML, SVG and hydration data, and
/// 0.1 MB compressed. A fast level, since it is done per request; the bundle is precompressed
/// at the highest level by the build, and a PDF is compressed inside already. Compressing
/// answers that hold patient data is safe from BREACH-style guessing because the session
/// cookie is SameSite=Strict: another site cannot make the browser fetch a signed-in page.
fn compression() -> tower_http::compression::CompressionLayer<impl tower_http::compression::Predicate> {
    use tower_http::compression::predicate::{NotForContentType, Predicate, SizeAbove};
    use tower_http::compression::{CompressionLayer, CompressionLevel};
    let predicate = SizeAbove::new(1024)
        .and(NotForContentType::IMAGES)
        .and(NotForContentType::const_new("application/pdf"))
        .and(NotForContentType::const_new("application/wasm"))
        // Each event must reach the page when it is sent, not when a compressor's block fills.
        .and(NotForContentType::const_new("text/event-stream"));
    CompressionLayer::new().quality(CompressionLevel::Precise(4)).compress_when(predicate)
}

/// The application's routes, found once per process. Finding them renders the app in a special
/// mode, and a page rendered on another thread at that moment can wait forever for its data (a
/// server makes its router once, before it serves; tests make many while others render:
/// tests/tests/it/routers.rs).
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// Readiness: 200 `ok` when the database answers a trivial query within 2 s, else 503 (a load
/// balancer takes the server out of rotation). `/healthz` stays the liveness check: it answers
/// without the database.
async fn ready(storage: lindra_app::storage::DynStorage) -> Response {
    use axum::response::IntoResponse;
    let error = match tokio::time::timeout(Duration::from_secs(2), storage.ping()).await {
        Ok(Ok(())) => return "ok".into_response(),
        Ok(Err(error)) => error.to_string(),
        Err(_) => "no answer within 2 s".to_string(),
    };
    tracing::warn!(%error, "readiness: the database does not answer");
    let unavailable = axum::http::StatusCode::SERVICE_UNAVAILABLE;
    (unavailable, [(header::RETRY_AFTER, "5")], "database unavailable").into_response()
}

/// Ends a request that takes longer than `limit` with a 503 (`auth::timed_out`): the form keeps
/// what was typed and says the save is not confirmed; its resend with the same request id is
/// stored once, also if the dropped attempt got as far as its commit. The answer is in the
/// signed-in user's language, as the session middleware found it before time ran out.
async fn request_timeout(limit: Duration, mut request: Request<Body>, next: Next) -> Response {
    let path = request.uri().path().to_string();
    let language = auth::RequestLanguage::default();
    request.extensions_mut().insert(language.clone());
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::warn!(path, limit_ms = limit.as_millis() as u64, "request timed out");
            auth::timed_out(language.get(), &path)
        }
    }
}

/// Server functions set their own status for every error their body returns (422, 404, 503,
/// ...). A 500 from a server function can then only mean the framework could not decode the
/// request: the client's fault, so it is answered as 400 with the message it already carries.
async fn server_fn_status(request: Request<Body>, next: Next) -> Response {
    let is_server_fn = request.uri().path().starts_with("/api/");
    let mut response = next.run(request).await;
    if is_server_fn && response.status() == axum::http::StatusCode::INTERNAL_SERVER_ERROR {
        *response.status_mut() = axum::http::StatusCode::BAD_REQUEST;
    }
    response
}

async fn immutable_cache(request: Request<Body>, next: Next) -> Response {
    let mut response = next.run(request).await;
    if response.status().is_success() {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable"));
    }
    response
}

/// Headers on every answer. Pages and server-function answers carry patient data and are never
/// stored by the browser or a proxy. Every request gets a fresh script nonce; the render uses it
/// (`lindra_app::provide_request_context`) and an HTML answer gets the page policy with it.
async fn security_headers(https: bool, mut request: Request<Body>, next: Next) -> Response {
    let nonce = auth::token::new_token();
    if let Some(nonce) = &nonce {
        request.extensions_mut().insert(lindra_app::PageNonce(nonce.clone()));
    }
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if let (true, Some(nonce)) = (html, nonce) {
        let policy = format!(
            "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
             img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
             form-action 'self'; frame-ancestors 'none'"
        );
        if let Ok(value) = HeaderValue::from_str(&policy) {
            headers.insert(header::CONTENT_SECURITY_POLICY, value);
        }
    }
    if https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    // Everything else may load nothing at all.
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'none'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'",
            ),
        );
    }
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    // "same-origin", not "no-referrer": with no-referrer browsers send `Origin: null` on our own
    // form posts, which the same-origin check must refuse.
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    headers.insert("x-frame-options", HeaderValue::from_static("DENY"));
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}
