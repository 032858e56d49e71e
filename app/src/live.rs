//! Live pages: the server says which unit changed (`GET /hendelser`, server-sent events), and
//! what shows a unit's state loads again through its own access-checked, audited request: the
//! header's count of open follow-ups, the parts of a page marked as live regions (the unit
//! overview, the handover report: fetched again and swapped in whole), and the follow-up panel
//! on the patient page. An event carries a unit id, never patient data.
//!
//! The stream is kept by `live.js`, a small script in every page (no wasm: the overview and the
//! handover report ship none), started where the header shows the count, that is when someone is
//! signed in. After [`IDLE_MINUTES`] without a tap or a key it closes the stream and stops
//! loading, so a tablet left on a page never keeps its session alive by itself (the server's
//! idle timeout still holds). The page says when it is not live.
//!
//! The server marks what the script reads: `data-live-region` on a live region (its value names
//! it: the fresh page's region of that name replaces it), `data-live-badge` around the header's
//! count, with its next due re-assessment, `data-live-status` on the hidden "Ikke live" line.
//! An island that shows live data reads [`version`], which moves on every change the script
//! reports (`lindra:changed`); after its own save it asks for a load at once with
//! [`changed_here`].

use crate::text;
use leptos::prelude::*;

/// The path of the event stream.
pub const EVENTS_PATH: &str = "/hendelser";
/// No tap or key for this long: the page stops being live (below the session's 15 minutes).
pub const IDLE_MINUTES: u32 = 14;
/// Changes within this many milliseconds make one load.
pub const COALESCE_MS: u32 = 250;

/// The script that keeps the page live (inline in every page, after `early_taps.js`).
#[cfg(feature = "ssr")]
pub const SCRIPT: &str = include_str!("live.js");

/// A live region: loaded again, whole, from the page's own address on every change.
#[component]
pub fn LiveRegion(name: &'static str, children: Children) -> impl IntoView {
    view! { <div data-live-region=name>{children()}</div> }
}

/// "Ikke live" when the stream is down: the page does not update by itself until it is back.
/// Hidden until the script finds the stream down; the link loads the page again.
#[component]
pub fn LiveStatus() -> impl IntoView {
    view! {
        <p class="live-status" role="status" hidden data-live-status="" data-idle-minutes=IDLE_MINUTES data-coalesce-ms=COALESCE_MS>
            {text::ui().not_live}" "<a href="">{text::ui().reload}</a>
        </p>
    }
}

/// The change counter, tracked: a resource that reads it loads again on every change. 0 on the
/// server and before the first change.
pub fn version() -> u64 {
    #[cfg(feature = "hydrate")]
    {
        browser::version().get()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        0
    }
}

/// This page has just changed something (a follow-up step saved): everything live loads again
/// now, without waiting for the server's event.
pub fn changed_here() {
    #[cfg(feature = "hydrate")]
    browser::dispatch("lindra:refresh");
}

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::prelude::*;
    use std::cell::RefCell;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    thread_local! {
        static VERSION: RefCell<Option<ArcRwSignal<u64>>> = const { RefCell::new(None) };
    }

    /// The counter, made at first use: it moves on every `lindra:changed` the script sends.
    pub fn version() -> ArcRwSignal<u64> {
        VERSION.with(|cell| {
            cell.borrow_mut()
                .get_or_insert_with(|| {
                    let version = ArcRwSignal::new(0);
                    let bump = {
                        let version = version.clone();
                        Closure::<dyn Fn()>::new(move || version.update(|v| *v += 1))
                    };
                    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
                        let _ = document.add_event_listener_with_callback(
                            "lindra:changed",
                            bump.as_ref().unchecked_ref(),
                        );
                    }
                    bump.forget();
                    version
                })
                .clone()
        })
    }

    pub fn dispatch(name: &str) {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
        if let Ok(event) = web_sys::Event::new(name) {
            let _ = document.dispatch_event(&event);
        }
    }
}
