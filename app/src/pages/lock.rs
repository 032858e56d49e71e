//! The quick lock of a shared tablet (issue 21): the locked page, and the page where a user
//! sets a personal PIN. Both are plain forms posted to the server (`lindra-server`'s
//! `auth::lock`), working before and without any wasm; the locked page holds no patient data.

use crate::api::current_session;
use crate::model::PinProblem;
use crate::text;
use crate::text::lock as t;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Where to go back to after unlocking: a path of this site, else the start page. Only the
/// characters Lindra's own addresses use: no control character (a browser drops a tab and reads
/// `/\t/evil.example` as `//evil.example`), no backslash, no second leading slash.
pub fn back_to(query: Option<String>) -> String {
    let ours = |p: &str| {
        p.starts_with('/')
            && !p.starts_with("//")
            && p.bytes().all(|b| b.is_ascii_alphanumeric() || b"/-_.?=&%".contains(&b))
    };
    query.filter(|p| ours(p)).unwrap_or_else(|| "/".into())
}

/// `/laast`: «Låst», who is signed in, and the PIN that opens it.
#[component]
pub fn LockedPage() -> impl IntoView {
    let query = use_query_map();
    let wrong = move || query.with(|q| q.get("feil").is_some());
    let back = move || back_to(query.with(|q| q.get("tilbake")));
    let session = Resource::new(|| (), |_| current_session());
    view! {
        <section class="panel login locked">
            <h1>{t().locked}</h1>
            <p>{t().locked_explained}</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let info = session.await.ok();
                    let name = info.as_ref().and_then(|i| i.signed_in.clone()).map(|(name, _)| name);
                    let has_pin = info.as_ref().is_some_and(|i| i.pin_set);
                    let colleagues = info.map(|i| i.tablet_colleagues).unwrap_or_default();
                    // Colleagues signed in on this tablet: whose PIN is it? The owner's is the
                    // empty choice; a colleague's opens her own session.
                    let who = (!colleagues.is_empty()).then(|| view! {
                        <fieldset class="who-unlocks">
                            <legend>{t().who_unlocks}</legend>
                            <label><input type="radio" name="bruker" value="" checked />{name.clone()}</label>
                            {colleagues.into_iter().map(|(id, colleague)| view! {
                                <label><input type="radio" name="bruker" value=id.to_string() />{colleague}</label>
                            }).collect_view()}
                        </fieldset>
                    });
                    let alone = who.is_none();
                    view! {
                        {name.filter(|_| alone).map(|name| view! { <p class="locked-who">{format!("{}: {name}", t().signed_in_as)}</p> })}
                        {if has_pin {
                            view! {
                                {move || wrong().then(|| view! { <p class="form-status" role="alert" id="pin-error">{t().wrong_pin}</p> })}
                                <form method="post" action="/laas-opp" class="login-form">
                                    <input type="hidden" name="tilbake" value=back />
                                    {who}
                                    <label for="pin">{t().pin}</label>
                                    <input id="pin" name="pin" type="password" inputmode="numeric" autocomplete="off"
                                        maxlength="6" required autofocus
                                        aria-describedby=move || wrong().then_some("pin-error") />
                                    <button type="submit" class="button primary big">{t().unlock}</button>
                                </form>
                            }.into_any()
                        } else {
                            view! { <p>{t().no_pin}</p> }.into_any()
                        }}
                    }
                })}
            </Suspense>
            // A colleague signs in fully; this session stays, locked, for its owner's PIN.
            <p><a href="/logg-inn" class="button">{t().other_user}</a></p>
        </section>
    }
}

/// `/pin`: a personal PIN, with the password (re-authentication before the factor changes), or
/// without it within a few minutes of a full sign-in.
#[component]
pub fn PinPage() -> impl IntoView {
    let query = use_query_map();
    let problem = move || query.with(|q| q.get("feil")).as_deref().and_then(PinProblem::from_code);
    let saved = move || query.with(|q| q.get("lagret").is_some());
    let session = Resource::new(|| (), |_| current_session());
    let error =
        move |field: &'static str| move || problem().filter(|p| p.field() == field).map(t().pin_problem);
    let field = move |id: &'static str,
                      label: &'static str,
                      kind: &'static str,
                      autocomplete: &'static str| {
        let numeric = (id != "passord").then_some("numeric");
        let max = (id != "passord").then_some("6");
        let error_id = format!("{id}-error");
        view! {
            <label for=id>{label}</label>
            <input id=id name=id type=kind inputmode=numeric maxlength=max autocomplete=autocomplete required
                aria-invalid=move || error(id)().is_some().to_string() aria-describedby=error_id.clone() />
            <p class="field-error" id=error_id role="alert">{error(id)}</p>
        }
    };
    view! {
        <section class="panel login">
            <h1>{t().set_pin_title}</h1>
            <p>{t().set_pin_explained}</p>
            {move || saved().then(|| view! { <p class="form-status saved" role="status">{t().pin_saved}</p> })}
            <form method="post" action="/pin" class="login-form">
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let info = session.await.ok();
                        // A full sign-in of the last few minutes stands for the password (a wrong
                        // password given anyway is shown at its field as before).
                        let recent = info.as_ref().is_some_and(|i| i.recently_signed_in)
                            && problem().is_none_or(|p| p.field() != "passord");
                        let single_sign_on = info.and_then(|i| i.sign_in.single_sign_on).map(|name| {
                            let name = name.unwrap_or_else(|| text::ui().sso_default_name.to_string());
                            view! {
                                <p><a href="/oidc/start?tilbake=%2Fpin">{format!("{} {name}", t().sign_in_again_with)}</a></p>
                            }
                        });
                        if recent {
                            // Asked for nothing: the field stays for whoever gives it anyway.
                            view! {
                                <label for="passord">{t().current_password}</label>
                                <p class="hint" id="passord-hint">{t().recent_sign_in}</p>
                                <input id="passord" name="passord" type="password" autocomplete="current-password"
                                    aria-describedby="passord-hint" />
                            }.into_any()
                        } else {
                            view! {
                                {field("passord", t().current_password, "password", "current-password")}
                                {single_sign_on}
                            }.into_any()
                        }
                    })}
                </Suspense>
                {field("pin", t().new_pin, "password", "new-password")}
                {field("pin2", t().new_pin_again, "password", "new-password")}
                <button type="submit" class="button primary big">{t().save_pin}</button>
            </form>
            <p><a href="/totp">{text::second_factor().link}</a></p>
            <p><a href="/">{text::ui().units}</a></p>
        </section>
    }
}
