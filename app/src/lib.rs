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
pub mod model;
pub mod pages;
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
    let css = format!("/{}/{}", options.site_pkg_dir, css_file_name(&options));
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
                <HydrationScripts options />
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

/// The stylesheet's file name: `lindra.<hash>.css` when the build wrote a hash file next to the
/// server binary (as Leptos does for the JS and wasm), else `lindra.css`.
#[cfg(feature = "ssr")]
fn css_file_name(options: &LeptosOptions) -> String {
    static NAME: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    NAME.get_or_init(|| {
        let hash = options
            .hash_files
            .then(|| std::env::current_exe().ok()?.parent().map(|dir| dir.join(options.hash_file.as_ref())))
            .flatten()
            .and_then(|path| std::fs::read_to_string(path).ok())
            .and_then(|hashes| {
                hashes.lines().find_map(|line| line.trim().strip_prefix("css:").map(|h| h.trim().to_string()))
            });
        match hash {
            Some(hash) => format!("{}.{hash}.css", options.output_name),
            None => format!("{}.css", options.output_name),
        }
    })
    .clone()
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
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
