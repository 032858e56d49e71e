//! The user's own settings: the UI language (issue 17). A plain form that needs no wasm; the
//! server (`lindra_server::settings`) stores the choice and sends the page back in it.

use crate::api::current_session;
use crate::text::{self, Language};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

pub const PATH: &str = "/innstillinger";

/// The value of "as the unit" in the form: no choice of one's own.
pub const FOLLOW_UNIT: &str = "enhet";

#[component]
pub fn SettingsPage() -> impl IntoView {
    let t = text::settings;
    let query = use_query_map();
    let saved = move || query.read().get("lagret").is_some();
    let invalid = move || query.read().get("feil").is_some();
    let session = Resource::new(|| (), |_| current_session());
    view! {
        <section class="panel login">
            <h1>{t().title}</h1>
            {move || saved().then(|| view! { <p class="form-status saved" role="status">{t().saved}</p> })}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let info = session.await.ok()?;
                    let choice = info.language_choice;
                    // A language's own name is in that language (`lang`), for a screen reader.
                    let option = move |value: &'static str, label: String, lang: Option<&'static str>, checked: bool| view! {
                        <label class="choice">
                            <input type="radio" name="sprak" value=value checked=checked />
                            <span lang=lang>{label}</span>
                        </label>
                    };
                    Some(view! {
                        <form method="post" action=PATH class="login-form">
                            <fieldset aria-describedby="language-explained language-error">
                                <legend>{t().language}</legend>
                                <p id="language-explained" class="hint">{t().language_explained}</p>
                                {option(FOLLOW_UNIT, (t().follow_unit)(info.unit_language), None, choice.is_none())}
                                {Language::ALL.into_iter().map(|l| option(l.code(), l.own_name().to_string(), Some(l.code()), choice == Some(l))).collect_view()}
                                <p class="field-error" id="language-error" role="alert">{move || invalid().then(|| t().invalid)}</p>
                            </fieldset>
                            <button type="submit" class="button primary big">{t().save}</button>
                        </form>
                    })
                })}
            </Suspense>
            <p><a href="/pin">{text::lock().set_pin_title}</a></p>
            <p><a href="/totp">{text::second_factor().link}</a></p>
            <p><a href="/">{text::ui().units}</a></p>
        </section>
    }
}
