//! Live pages: the server says which unit changed (`GET /hendelser`, server-sent events), and
//! the pages that show a unit's state (the overview, the patient page's follow-up, the header's
//! count) load again through their own access-checked, audited server functions. An event
//! carries a unit id, never patient data.
//!
//! The browser keeps the stream open only while someone uses the tablet: after
//! [`IDLE_MINUTES`] without a tap or a key it closes it and stops loading, so a tablet left on a
//! page never keeps its session alive by itself (the server's idle timeout still holds). The
//! page says when it is not live.

use crate::text;
use leptos::prelude::*;

/// The path of the event stream.
pub const EVENTS_PATH: &str = "/hendelser";
/// No tap or key for this long: the page stops being live (below the session's 15 minutes).
pub const IDLE_MINUTES: f64 = 14.0;

/// Changes within this many milliseconds make one load.
pub const COALESCE_MS: u64 = 250;

/// Whether the page is live, and a counter that moves on every change of the user's units.
#[derive(Clone, Copy)]
pub struct Live {
    pub version: RwSignal<u64>,
    /// `None` until the browser has tried to connect (and on the server).
    pub connected: RwSignal<Option<bool>>,
}

impl Live {
    pub fn provide() -> Live {
        let live = Live { version: RwSignal::new(0), connected: RwSignal::new(None) };
        provide_context(live);
        live
    }
}

/// The change counter, tracked: a resource that reads it loads again on every change. 0 on the
/// server and before the first change.
pub fn version() -> u64 {
    use_context::<Live>().map(|l| l.version.get()).unwrap_or(0)
}

/// Loads the live pages again at `at` (a re-assessment falling due), unless nobody uses the
/// tablet by then. Asked again for the same moment, it does nothing more.
pub fn wake_at(at: chrono::DateTime<chrono::Utc>, now: chrono::DateTime<chrono::Utc>) {
    #[cfg(feature = "hydrate")]
    browser::wake_at(at, now);
    #[cfg(not(feature = "hydrate"))]
    let _ = (at, now);
}

/// "Ikke live" when the stream is down: the page does not update by itself until it is back.
#[component]
pub fn LiveStatus() -> impl IntoView {
    let live = use_context::<Live>();
    move || {
        (live.and_then(|l| l.connected.get()) == Some(false)).then(|| {
            view! {
                <p class="live-status" role="status">
                    {text::NOT_LIVE}" "
                    <a href="" on:click=|_| reload()>{text::RELOAD}</a>
                </p>
            }
        })
    }
}

fn reload() {
    #[cfg(feature = "hydrate")]
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}

/// Opens the event stream once the page is interactive (browser only).
pub fn connect(live: Live) {
    #[cfg(feature = "hydrate")]
    browser::connect(live);
    #[cfg(not(feature = "hydrate"))]
    let _ = live;
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::{Live, COALESCE_MS, EVENTS_PATH, IDLE_MINUTES};
    use leptos::prelude::*;
    use std::cell::Cell;
    use std::rc::Rc;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    thread_local! {
        /// When someone last tapped or typed on this page.
        static LAST_ACTIVITY: Cell<f64> = Cell::new(js_sys::Date::now());
        /// A load is already set to follow the changes that came in the last moment.
        static PENDING: Cell<bool> = const { Cell::new(false) };
        /// The moments a wake-up is set for (milliseconds since the epoch).
        static WAKES: std::cell::RefCell<Vec<i64>> = const { std::cell::RefCell::new(Vec::new()) };
    }

    fn idle() -> bool {
        js_sys::Date::now() - LAST_ACTIVITY.with(Cell::get) > IDLE_MINUTES * 60_000.0
    }

    /// Changes that come close together (a busy evening, a burst of saves) make one load, not
    /// one per change: the first sets a load [`COALESCE_MS`] later, the rest join it.
    fn changed(live: Live) {
        if PENDING.with(|p| p.replace(true)) {
            return;
        }
        set_timeout(
            move || {
                PENDING.with(|p| p.set(false));
                live.version.update(|v| *v += 1);
            },
            std::time::Duration::from_millis(COALESCE_MS),
        );
    }

    pub fn wake_at(at: chrono::DateTime<chrono::Utc>, now: chrono::DateTime<chrono::Utc>) {
        let Some(live) = use_context::<Live>() else { return };
        let key = at.timestamp_millis();
        let delay = (at - now).num_milliseconds() + 1_000;
        if !(0..=24 * 3_600_000).contains(&delay) || WAKES.with(|w| w.borrow().contains(&key)) {
            return;
        }
        WAKES.with(|w| w.borrow_mut().push(key));
        set_timeout(
            move || {
                WAKES.with(|w| w.borrow_mut().retain(|k| *k != key));
                if !idle() {
                    live.version.update(|v| *v += 1);
                }
            },
            std::time::Duration::from_millis(delay as u64),
        );
    }

    /// `<body data-live>`: whether the page is live now, for people's tools and for tests.
    fn mark(live: bool) {
        if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
            let _ = body.set_attribute("data-live", if live { "true" } else { "false" });
        }
    }

    pub fn connect(live: Live) {
        let Some(window) = web_sys::window() else { return };
        let Ok(source) = web_sys::EventSource::new(EVENTS_PATH) else {
            live.connected.set(Some(false));
            return;
        };
        let on_activity = Closure::<dyn Fn()>::new(|| LAST_ACTIVITY.with(|t| t.set(js_sys::Date::now())));
        if let Some(document) = window.document() {
            for event in ["pointerdown", "keydown"] {
                let _ =
                    document.add_event_listener_with_callback(event, on_activity.as_ref().unchecked_ref());
            }
        }
        on_activity.forget();
        // A change, or the stream back after a break (what changed meanwhile is not known).
        let was_down = Rc::new(Cell::new(false));
        let on_open = {
            let was_down = was_down.clone();
            Closure::<dyn Fn()>::new(move || {
                mark(true);
                live.connected.set(Some(true));
                if was_down.replace(false) {
                    live.version.update(|v| *v += 1);
                }
            })
        };
        let on_change = {
            let source = source.clone();
            Closure::<dyn Fn()>::new(move || {
                if idle() {
                    source.close();
                    mark(false);
                    live.connected.set(Some(false));
                } else {
                    changed(live);
                }
            })
        };
        let on_error = {
            let source = source.clone();
            Closure::<dyn Fn()>::new(move || {
                mark(false);
                was_down.set(true);
                live.connected.set(Some(false));
                // The browser tries again by itself (the server asks for 2 s); not while idle.
                if idle() {
                    source.close();
                }
            })
        };
        source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let _ = source.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
        on_open.forget();
        on_error.forget();
        on_change.forget();
    }
}
