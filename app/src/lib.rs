//! Lindra's user interface: routes, pages and components, and the server functions they call.
//!
//! Islands: every page is rendered on the server, and only the parts that need the app in the
//! browser are `#[island]`s, hydrated by the wasm bundle (the registration and correction form,
//! the patient page's follow-up panel, national identity number and PDF form, the
//! administration). A page without an island loads no wasm at all. What every page needs
//! before any wasm is there (taps kept, live updates, the patient search) is plain script in
//! the shell.
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
pub mod self_report;
pub mod text;
pub mod trends;

#[cfg(feature = "ssr")]
pub mod backend;
#[cfg(feature = "ssr")]
pub mod storage;
#[cfg(feature = "ssr")]
pub mod totp;
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
    // Islands: nothing outside an island travels to the browser as hydration data.
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    let css = stylesheet_href(&options);
    // The patient's form is in the patient's language; every other page in the UI language,
    // which the browser reads from here too (`text::language`).
    let lang = backend::session()
        .and_then(|s| s.patient_mode)
        .filter(|_| {
            use_context::<http::request::Parts>()
                .is_some_and(|p| p.uri.path() == pages::patient_mode::ANSWERS_PATH)
        })
        .map_or(text::language(), |mode| mode.language)
        .code();
    view! {
        <!DOCTYPE html>
        <html lang=lang>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="stylesheet" href=css />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                // Before the app's own scripts: taps on the painted page are kept until it is
                // interactive (early_taps.js); live updates and the patient search need no wasm.
                <script nonce=leptos::nonce::use_nonce() inner_html=PAGE_SCRIPT.as_str()></script>
                <AppScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The shell's own script: keeps the taps made before the page is interactive and plays them
/// again once it is; keeps the page live (`live.js`); filters a list as one types (`search.js`);
/// locks the page when the tablet is put down (`lock.js`).
#[cfg(feature = "ssr")]
const PAGE_SCRIPT_SOURCE: &str = concat!(
    include_str!("early_taps.js"),
    include_str!("live.js"),
    include_str!("search.js"),
    include_str!("lock.js"),
);

/// [`PAGE_SCRIPT_SOURCE`] as every page carries it, made once.
#[cfg(feature = "ssr")]
static PAGE_SCRIPT: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| compact_script(PAGE_SCRIPT_SOURCE));

/// A script of ours as a page carries it inline: without its comment lines and indentation,
/// a third of its bytes, which on a slow link come before the page's first paint and its app.
/// Line breaks stay, so the script means what its source means (automatic semicolons
/// included), as long as no string spans lines, which a test holds for the page's scripts.
#[cfg(feature = "ssr")]
fn compact_script(source: &str) -> String {
    // Every script given here (the page's and the loader, rendered on every page in the tests).
    debug_assert!(
        source.lines().all(|line| line.matches('`').count() % 2 == 0 && !line.contains("/*")),
        "a string or comment spans lines in an inline script"
    );
    let lines: Vec<&str> =
        source.lines().map(str::trim).filter(|line| !line.is_empty() && !line.starts_with("//")).collect();
    lines.join("\n")
}

/// The nonce the server made for this page (see `lindra-server`'s `security_headers`, which
/// sends the page's Content-Security-Policy with it). Set on the request before rendering, so
/// the header and the hydration scripts always agree, whatever else renders at the same time.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone)]
pub struct PageNonce(pub String);

/// Context for every render and server function: the app state, the page's nonce from the
/// request and the UI language of the signed-in user (`text::language`).
#[cfg(feature = "ssr")]
pub fn provide_request_context(state: backend::AppState) {
    provide_context(state);
    provide_context(backend::session().map_or_else(text::Language::default, |s| s.language));
    let nonce = use_context::<http::request::Parts>().and_then(|p| p.extensions.get::<PageNonce>().cloned());
    if let Some(PageNonce(nonce)) = nonce {
        provide_context(leptos::nonce::Nonce::from_value(nonce));
    }
}

/// The address of the app's stylesheet, for pages the server writes outside the app.
#[cfg(feature = "ssr")]
pub fn stylesheet_href(options: &LeptosOptions) -> String {
    format!("/{}/{}", options.site_pkg_dir, bundle_names(options).css)
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

/// The bundles' file names, as Leptos' own `HydrationScripts` names them: `lindra.<hash>.css`
/// with hashes, else `lindra.css` (and `lindra_bg.wasm`, the name wasm-bindgen gives it, unless
/// the build set `LEPTOS_OUTPUT_NAME`).
#[cfg(feature = "ssr")]
struct BundleNames {
    css: String,
    /// Every island (JS, wasm).
    whole: (String, String),
    /// The registration form's islands alone (`bundle-form`), one bundle per language in
    /// [`text::Language::ALL`]'s order, each with its own words only.
    form: [(String, String); 3],
    /// The patient page's islands alone (`bundle-patient`).
    patient: (String, String),
}

/// The islands in the registration page's own bundle: the form's, whose names all begin with
/// "Form" (a `data-component` is the island's name, `_`, a hash).
#[cfg(feature = "ssr")]
const FORM_BUNDLE_ISLANDS: &[&str] = &["Form"];
/// The islands in the patient page's own bundle (`bundle-patient`): its follow-up panel, national
/// identity number and PDF form (the trend page's too).
#[cfg(feature = "ssr")]
const PATIENT_BUNDLE_ISLANDS: &[&str] = &["FollowupPanel_", "NationalId_", "SummaryExport_"];

#[cfg(feature = "ssr")]
impl BundleNames {
    /// The registration form's bundle for pages in `language`.
    fn form(&self, language: text::Language) -> &(String, String) {
        let index = text::Language::ALL.iter().position(|l| *l == language).unwrap_or_default();
        &self.form[index]
    }
}

#[cfg(feature = "ssr")]
fn bundle_names(options: &LeptosOptions) -> &'static BundleNames {
    static NAMES: std::sync::OnceLock<BundleNames> = std::sync::OnceLock::new();
    NAMES.get_or_init(|| {
        let output = options.output_name.as_ref();
        let named =
            |name: &str, kind: &str, hash_kind: &str, plain: String| match file_hash(options, hash_kind) {
                Some(hash) => format!("{name}.{hash}.{kind}"),
                None => plain,
            };
        let bundle = |name: &str, prefix: &str| {
            let plain_wasm = if options.hash_files || std::option_env!("LEPTOS_OUTPUT_NAME").is_some() {
                format!("{name}.wasm")
            } else {
                format!("{name}_bg.wasm")
            };
            (
                named(name, "js", &format!("{prefix}js"), format!("{name}.js")),
                named(name, "wasm", &format!("{prefix}wasm"), plain_wasm),
            )
        };
        BundleNames {
            css: named(output, "css", "css", format!("{output}.css")),
            whole: bundle(output, ""),
            form: text::Language::ALL.map(|language| {
                bundle(&format!("{output}-form-{}", language.code()), &format!("form-{}-", language.code()))
            }),
            patient: bundle(&format!("{output}-patient"), "patient-"),
        }
    })
}

/// Loads the app and hydrates the page's islands, as Leptos' `HydrationScripts` does in islands
/// mode, with these differences:
/// - a page without an island loads no wasm, the registration page loads its own bundle with
///   the form's islands alone (`bundle-form`, one per language), and the patient page (and the
///   trend page's PDF form) its own with theirs (`bundle-patient`); the rest the whole one;
/// - an island inside [`HydrateWhenSeen`] does not load it either, until it scrolls into view
///   (it is a form that works without the app, the app only adds to it);
/// - the wasm is preloaded on the registration page only, where the form waits for it, and at
///   once (below); taps before the app is there are kept by `early_taps.js`;
/// - the pages that lead to the form (the patient list and the patient page) fetch its bundle
///   for the cache once they are loaded and interactive (`<link rel="prefetch">`), so that the
///   form is interactive soon after it is painted;
/// - the islands are hydrated at once, not when the browser is idle, in tasks of about 10 ms
///   between which the page answers, so that a page of many islands (the registration form: one
///   per question) is many short tasks and not one long one.
///
/// `<body data-hydrated>` then says the page is interactive, for people and for tests; if the
/// app cannot be loaded (after one more try) the page says so at its top, with a link to load it
/// again, and `data-hydrated` is `failed`.
#[cfg(feature = "ssr")]
#[component]
fn AppScripts(options: LeptosOptions) -> impl IntoView {
    let names = bundle_names(&options);
    let form = names.form(text::language());
    let pkg = format!("/{}", options.site_pkg_dir);
    let form_islands = serde_json::to_string(FORM_BUNDLE_ISLANDS).unwrap_or_else(|_| "[]".into());
    let patient_islands = serde_json::to_string(PATIENT_BUNDLE_ISLANDS).unwrap_or_else(|_| "[]".into());
    let path = use_context::<http::request::Parts>().map(|parts| parts.uri.path().to_string());
    let bundle_use = path.as_deref().and_then(form_bundle);
    // The pages whose main button opens the form fetch its bundle for the browser's cache once
    // they are loaded and interactive, at the lowest priority (`<link rel="prefetch">`, added by
    // the script so that it never competes with the page's own bundle): the nurse's tap then
    // finds it there (issue 16). Not the overview or the trend page, where a nurse reviews.
    let for_later: Vec<String> = match bundle_use {
        Some(FormBundle::LeadsTo) => {
            vec![format!("{pkg}/{}", form.0), format!("{pkg}/{}", form.1)]
        }
        _ => Vec::new(),
    };
    let for_later = serde_json::to_string(&for_later).unwrap_or_else(|_| "[]".into());
    let script = compact_script(&format!(
        r#"const islands = [...document.querySelectorAll('leptos-island')].filter((el) => !el.parentElement.closest('leptos-island'));
const later = islands.filter((el) => el.closest('[data-hydrate="seen"]'));
const only = (names) => islands.every((el) => names.some((name) => el.dataset.component.startsWith(name)));
const [js, wasm] = only({form_islands}) ? ['{form_js}', '{form_wasm}']
  : only({patient_islands}) ? ['{patient_js}', '{patient_wasm}'] : ['{js}', '{wasm}'];
let app = null;
const fetchApp = () => import(`{pkg}/${{js}}`).then(async (module) => {{
  await module.default({{ module_or_path: `{pkg}/${{wasm}}` }});
  module.hydrate();
  return module;
}});
// A dropped connection gets one more try, two seconds later.
const load = () => app ??= fetchApp().catch(() => new Promise((resolve) => setTimeout(resolve, 2000)).then(fetchApp));
// Lets the page answer a tap: `scheduler.yield`, or a message to itself where there is none
// (not `setTimeout`, which the browser holds back 4 ms once a few follow each other).
const nextTask = () => globalThis.scheduler?.yield?.() ?? new Promise((resolve) => {{
  const channel = new MessageChannel();
  channel.port1.onmessage = () => resolve();
  channel.port2.postMessage(null);
}});
const hydrateAll = async () => {{
  const module = await load();
  let failed = false;
  let since = performance.now();
  for (const island of islands.splice(0)) {{
    try {{
      module[island.dataset.component](island);
      island.dataset.hydrated = '';
    }} catch (error) {{
      failed = true;
      console.error('island', island.dataset.component, error);
    }}
    // Short tasks: after about 10 ms of islands (the largest takes some 35 ms on a slow
    // tablet), the page answers before the next.
    if (performance.now() - since > 10) {{
      await nextTask();
      since = performance.now();
    }}
  }}
  if (failed) throw new Error('an island failed');
}};
const forLater = {for_later};
const fetchForLater = () => {{
  for (const href of forLater) {{
    const link = document.createElement('link');
    link.rel = 'prefetch';
    link.href = href;
    // As the app's own loader fetches it (a wasm by `fetch`, in CORS mode), so the cache serves it.
    if (href.endsWith('.wasm')) link.crossOrigin = '';
    document.head.append(link);
  }}
}};
const hydrated = () => {{
  document.body.dataset.hydrated = 'true';
  if (forLater.length === 0) return;
  if (document.readyState === 'complete') fetchForLater();
  else addEventListener('load', fetchForLater, {{ once: true }});
}};
// The app did not come (the network, or a new version deployed meanwhile): say so where the
// page begins, instead of a form that takes taps and keeps none.
const failed = () => {{
  const note = document.createElement('p');
  note.className = 'form-status load-failed';
  note.setAttribute('role', 'alert');
  note.textContent = {failed_words} + ' ';
  const again = document.createElement('a');
  again.href = location.href;
  again.textContent = {reload_words};
  note.append(again);
  (document.querySelector('main') ?? document.body).prepend(note);
  document.body.dataset.hydrated = 'failed';
}};
if (islands.length > later.length) hydrateAll().then(hydrated, failed);
else {{
  hydrated();
  if (later.length > 0) {{
    const seen = new IntersectionObserver((entries) => {{
      if (entries.some((e) => e.isIntersecting)) {{ seen.disconnect(); hydrateAll(); }}
    }});
    for (const island of later) seen.observe(island.closest('[data-hydrate="seen"]'));
  }}
}}"#,
        js = names.whole.0,
        wasm = names.whole.1,
        form_js = form.0,
        form_wasm = form.1,
        patient_js = names.patient.0,
        patient_wasm = names.patient.1,
        for_later = for_later,
        failed_words = serde_json::to_string(text::ui().app_load_failed).unwrap_or_default(),
        reload_words = serde_json::to_string(text::ui().reload).unwrap_or_default(),
    ));
    // The registration page's bundle is fetched at once: on a slow link it is most of what the
    // page loads, and the form waits for it. The wasm at the default priority, not a low one:
    // over HTTP/1.1 Chromium holds back low-priority requests while the page still loads what
    // its first paint needs, one at a time, so the wasm waited behind the stylesheet and the JS,
    // 190 ms on the slow profile, before it was even sent (issue 16; requestStart in
    // bench/pages/timeline.mjs); over HTTP/2 a low-priority stream may still get the link last.
    // The first paint does not come later for it (docs/benchmarks.md). The JS stays low: it is
    // small, and as the one low-priority request it is sent at once.
    let preload = (bundle_use == Some(FormBundle::Runs)).then(|| {
        view! {
            <link rel="modulepreload" href=format!("{pkg}/{}", form.0) fetchpriority="low" />
            <link rel="preload" href=format!("{pkg}/{}", form.1) r#as="fetch" r#type="application/wasm" crossorigin="" />
        }
    });
    view! {
        {preload}
        <script type="module" nonce=leptos::nonce::use_nonce() inner_html=script></script>
    }
}

/// What a page does with the registration form's bundle.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FormBundle {
    /// The registration and correction pages (`/pasient/ID/ny`, `/registrering/ID/rett`) run it.
    Runs,
    /// The patient list (`/enhet/ID`) and the patient page (`/pasient/ID`), whose main button is
    /// «Ny registrering», fetch it for the cache.
    LeadsTo,
}

#[cfg(feature = "ssr")]
fn form_bundle(path: &str) -> Option<FormBundle> {
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    let id = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        ["pasient", p, "ny"] | ["registrering", p, "rett"] if id(p) => Some(FormBundle::Runs),
        ["enhet", p] | ["pasient", p] if id(p) => Some(FormBundle::LeadsTo),
        _ => None,
    }
}

/// Islands that need not be hydrated before they are seen: the wasm is loaded when this scrolls
/// into view, unless another island on the page loads it first.
#[component]
pub fn HydrateWhenSeen(children: Children) -> impl IntoView {
    view! { <div data-hydrate="seen">{children()}</div> }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title text=text::ui().app_name />
        // Pages render whole on the server (SsrMode::Async) so that a refusal or an unknown
        // patient answers with its HTTP status, not a 200 with an error inside.
        <Router>
            <StaffHeader />
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
                    <Route path=path!("/laast") view=pages::lock::LockedPage ssr=SsrMode::Async />
                    <Route path=path!("/pin") view=pages::lock::PinPage ssr=SsrMode::Async />
                    <Route path=path!("/innstillinger") view=pages::settings::SettingsPage ssr=SsrMode::Async />
                    <Route path=path!("/nytt-passord") view=pages::settings::StartPasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/logg-inn/kode") view=pages::second_factor::CodePage ssr=SsrMode::Async />
                    <Route path=path!("/totp") view=pages::second_factor::SetupPage ssr=SsrMode::Async />
                    <Route path=path!("/pasientsvar") view=pages::patient_mode::PatientAnswersPage ssr=SsrMode::Async />
                    <Route path=path!("/pasientsvar/tilbake") view=pages::patient_mode::GiveBackPage ssr=SsrMode::Async />
                </Routes>
            </main>
        </Router>
    }
}

/// The header of every staff page; the patient's form (patient mode) has none: no name, no
/// navigation, nothing but the form.
#[component]
fn StaffHeader() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    move || {
        let path = location.pathname.get();
        (!path.starts_with(pages::patient_mode::ANSWERS_PATH))
            .then(|| view! { <components::layout::Header /> })
    }
}

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // The page's script then hydrates each island (AppScripts).
    leptos::mount::hydrate_islands();
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::{compact_script, form_bundle, FormBundle, PAGE_SCRIPT_SOURCE};

    #[test]
    fn a_compact_script_keeps_every_line_of_code_and_no_comment() {
        let source = "// A comment.\nconst a = 1; // after code\n\n  if (a) {\n    go(`x${a}`);\n  }\n";
        assert_eq!(compact_script(source), "const a = 1; // after code\nif (a) {\ngo(`x${a}`);\n}");
        // Trimming a line inside a string that spans lines would change the string: the page's
        // scripts have none (no template literal left open at a line's end, no block comment);
        // `compact_script` checks the loader the same way whenever a test renders a page.
        for line in PAGE_SCRIPT_SOURCE.lines() {
            assert_eq!(line.matches('`').count() % 2, 0, "a template literal spans lines: {line}");
            assert!(!line.contains("/*") && !line.trim_end().ends_with('\\'), "{line}");
        }
        let page = compact_script(PAGE_SCRIPT_SOURCE);
        assert!(
            page.len() < PAGE_SCRIPT_SOURCE.len() * 3 / 4,
            "{} of {}",
            page.len(),
            PAGE_SCRIPT_SOURCE.len()
        );
        assert!(page.lines().all(|line| !line.starts_with("//") && line == line.trim()));
    }

    #[test]
    fn the_form_and_the_pages_that_lead_to_it_are_known_by_their_paths() {
        for path in ["/pasient/3/ny", "/registrering/12/rett", "/pasient/3/ny/"] {
            assert_eq!(form_bundle(path), Some(FormBundle::Runs), "{path}");
        }
        for path in ["/enhet/1", "/pasient/3"] {
            assert_eq!(form_bundle(path), Some(FormBundle::LeadsTo), "{path}");
        }
        for path in ["/", "/enhet/1/oversikt", "/pasient/3/forlop", "/pasient/x", "/pasient//ny", "/admin"] {
            assert_eq!(form_bundle(path), None, "{path}");
        }
    }
}
