//! The frame around every page.

use crate::text;
use leptos::prelude::*;

#[component]
pub fn Header() -> impl IntoView {
    view! {
        <a class="skip-link" href="#innhold">"Hopp til innholdet"</a>
        <header class="top">
            <a class="brand" href="/">{text::APP_NAME}</a>
            <span class="tagline">{text::TAGLINE}</span>
        </header>
    }
}
