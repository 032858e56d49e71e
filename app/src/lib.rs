//! Lindra's user interface: routes, pages and components, rendered on the server and hydrated in
//! the browser, and the server functions they call.
//!
//! Architecture invariant: `app` never imports sqlx. Server-function bodies reach the database
//! only through the [`storage::Storage`] trait the server puts into context.

// Leptos view types nest deeply; the browser build needs more room to lay them out.
#![recursion_limit = "256"]

pub mod admin;
pub mod api;
pub mod components;
pub mod error;
pub mod followups;
pub mod handover;
pub mod live;
pub mod model;
pub mod pages;
pub mod quality;
pub mod text;
pub mod trends;

#[cfg(feature = "ssr")]
pub mod backend;
#[cfg(feature = "ssr")]
pub mod storage;
#[cfg(feature = "ssr")]
pub mod wire;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

/// The HTML document around the app. Rendered on the server only.
#[cfg(feature = "ssr")]
pub fn shell(options: LeptosOptions) -> impl IntoView {
    use leptos_meta::MetaTags;
    let css = format!("/{}/{}", options.site_pkg_dir, bundle_names(&options).css);
    view! {
        <!DOCTYPE html>
        <html lang="nb">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="stylesheet" href=css />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                // Before the app's own scripts: taps on the painted page are kept until it is
                // interactive (early_taps.js).
                <script nonce=leptos::nonce::use_nonce() inner_html=EARLY_TAPS></script>
                <AppScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Keeps the taps made before the page is interactive and plays them again once it is.
#[cfg(feature = "ssr")]
const EARLY_TAPS: &str = include_str!("early_taps.js");

/// The nonce the server made for this page (see `lindra-server`'s `security_headers`, which
/// sends the page's Content-Security-Policy with it). Set on the request before rendering, so
/// the header and the hydration scripts always agree, whatever else renders at the same time.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone)]
pub struct PageNonce(pub String);

/// Context for every render: the app state and the page's nonce from the request.
#[cfg(feature = "ssr")]
pub fn provide_request_context(state: backend::AppState) {
    provide_context(state);
    let nonce = use_context::<http::request::Parts>().and_then(|p| p.extensions.get::<PageNonce>().cloned());
    if let Some(PageNonce(nonce)) = nonce {
        provide_context(leptos::nonce::Nonce::from_value(nonce));
    }
}

/// The hash the build wrote for a file kind ("js", "wasm", "css") into the hash file next to
/// the server binary, when file names carry hashes (scripts/build.sh and cargo-leptos both
/// write it).
#[cfg(feature = "ssr")]
fn file_hash(options: &LeptosOptions, kind: &str) -> Option<String> {
    let path = std::env::current_exe().ok()?.parent()?.join(options.hash_file.as_ref());
    let hashes = options.hash_files.then(|| std::fs::read_to_string(path).ok()).flatten()?;
    hashes.lines().find_map(|line| {
        let (file, hash) = line.trim().split_once(':')?;
        (file == kind).then(|| hash.trim().to_string())
    })
}

/// The bundle's file names (stylesheet, JS, wasm), as Leptos' own `HydrationScripts` names
/// them: `lindra.<hash>.css` with hashes, else `lindra.css` (and `lindra_bg.wasm`, the name
/// wasm-bindgen gives it, unless the build set `LEPTOS_OUTPUT_NAME`).
#[cfg(feature = "ssr")]
struct BundleNames {
    css: String,
    js: String,
    wasm: String,
}

#[cfg(feature = "ssr")]
fn bundle_names(options: &LeptosOptions) -> &'static BundleNames {
    static NAMES: std::sync::OnceLock<BundleNames> = std::sync::OnceLock::new();
    NAMES.get_or_init(|| {
        let name = options.output_name.as_ref();
        let named = |kind: &str, plain: String| match file_hash(options, kind) {
            Some(hash) => format!("{name}.{hash}.{kind}"),
            None => plain,
        };
        let plain_wasm = if options.hash_files || std::option_env!("LEPTOS_OUTPUT_NAME").is_some() {
            format!("{name}.wasm")
        } else {
            format!("{name}_bg.wasm")
        };
        BundleNames {
            css: named("css", format!("{name}.css")),
            js: named("js", format!("{name}.js")),
            wasm: named("wasm", plain_wasm),
        }
    })
}

/// Loads the app and hydrates the page, as Leptos' `HydrationScripts` does but without
/// preloading the wasm in the page's head: on a slow link the page's own HTML and stylesheet
/// come first (the first paint), and the wasm is fetched by the app's script once the page is
/// parsed. Taps before it is there are kept (`early_taps.js`).
#[cfg(feature = "ssr")]
#[component]
fn AppScripts(options: LeptosOptions) -> impl IntoView {
    let names = bundle_names(&options);
    let pkg = format!("/{}", options.site_pkg_dir);
    let script = format!(
        "import init, {{ hydrate }} from '{pkg}/{js}';\ninit({{ module_or_path: '{pkg}/{wasm}' }}).then(() => hydrate());",
        js = names.js,
        wasm = names.wasm,
    );
    view! { <script type="module" nonce=leptos::nonce::use_nonce() inner_html=script></script> }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    live::Live::provide();
    view! {
        <Title text=text::APP_NAME />
        // Pages render whole on the server (SsrMode::Async) so that a refusal or an unknown
        // patient answers with its HTTP status, not a 200 with an error inside.
        <Router>
            <components::layout::Header />
            <main id="innhold">
                <Routes fallback=|| view! { <pages::NotFound /> }>
                    <Route path=path!("/") view=pages::units::UnitsPage ssr=SsrMode::Async />
                    <Route path=path!("/enhet/:id") view=pages::patient_list::PatientListPage ssr=SsrMode::Async />
                    <Route path=path!("/enhet/:id/oversikt") view=pages::overview::UnitOverviewPage ssr=SsrMode::Async />
                    <Route path=path!("/enhet/:id/vaktrapport") view=pages::handover::HandoverPage ssr=SsrMode::Async />
                    <Route path=path!("/enhet/:id/kvalitet") view=pages::quality::UnitQualityPage ssr=SsrMode::Async />
                    <Route path=path!("/kvalitet") view=pages::quality::UnitsQualityPage ssr=SsrMode::Async />
                    <Route path=path!("/pasient/:id/forlop") view=pages::trend::TrendPage ssr=SsrMode::Async />
                    <Route path=path!("/pasient/:id") view=pages::patient::PatientPage ssr=SsrMode::Async />
                    <Route path=path!("/pasient/:id/ny") view=pages::new_registration::NewRegistrationPage ssr=SsrMode::Async />
                    <Route path=path!("/pasient/:id/tilgangslogg") view=pages::access_log::AccessLogPage ssr=SsrMode::Async />
                    <Route path=path!("/registrering/:id") view=pages::registration::RegistrationPage ssr=SsrMode::Async />
                    <Route path=path!("/registrering/:id/rett") view=pages::new_registration::CorrectionPage ssr=SsrMode::Async />
                    <Route path=path!("/logg-inn") view=pages::login::LoginPage ssr=SsrMode::Async />
                    <Route path=path!("/admin") view=pages::admin::AdminPage ssr=SsrMode::Async />
                </Routes>
            </main>
        </Router>
    }
}

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
    // A marker for people and tests: the page is interactive from here on.
    if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
