//! The login page: a plain HTML form that works before the wasm has loaded, posted to the
//! server's /innlogging handler. In demo mode it lists the demo users and their password.

use crate::api::current_session;
use crate::text;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Password of the demo users: demo mode only, shown on the login page.
pub const DEMO_PASSWORD: &str = "demo-passord-2026";
/// The demo users; what each shows is `text::UiWords::demo_user_roles`, in this order.
pub const DEMO_USERS: [&str; 6] =
    ["demo.sykepleier", "demo.helsefag", "demo.ressurs", "demo.avd3", "demo.admin", "demo.leder"];

#[component]
pub fn LoginPage() -> impl IntoView {
    let query = use_query_map();
    let failed = move || query.with(|q| q.get("feil"));
    let info = Resource::new(|| (), |_| current_session());
    view! {
        <section class="panel login">
            <h1>{text::ui().sign_in}</h1>
            {move || failed().map(|why| {
                let words = match why.as_str() {
                    "pin" => text::lock().pin_ended,
                    "kode" => text::second_factor().ended,
                    "sso" => text::ui().sso_refused,
                    "sso-bruker" => text::ui().sso_no_user,
                    "utlopt" => text::settings().start_expired,
                    _ => text::ui().sign_in_failed,
                };
                view! { <p class="form-status" role="alert">{words}</p> }
            })}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let options = info.await.map(|i| i.sign_in).unwrap_or_default();
                    let single_sign_on = options.single_sign_on.clone().map(|name| {
                        let name = name.unwrap_or_else(|| text::ui().sso_default_name.to_string());
                        // A link, not a form: the page's CSP (form-action 'self') would stop a
                        // form's way on to the provider.
                        view! {
                            <a href="/oidc/start" class="button primary big sso">
                                {format!("{} {name}", text::ui().sign_in_with)}
                            </a>
                        }
                    });
                    let or_password = (options.single_sign_on.is_some() && options.password)
                        .then(|| view! { <h2 class="login-or">{text::ui().or_with_password}</h2> });
                    let password = options.password.then(|| view! {
                        <form method="post" action="/innlogging" class="login-form">
                            <label for="brukernavn">{text::ui().username}</label>
                            <input id="brukernavn" name="brukernavn" type="text" autocomplete="username" autocapitalize="none" required />
                            <label for="passord">{text::ui().password}</label>
                            <input id="passord" name="passord" type="password" autocomplete="current-password" required />
                            <button type="submit" class="button primary big">{text::ui().sign_in}</button>
                        </form>
                    });
                    view! { {single_sign_on} {or_password} {password} }
                })}
            </Suspense>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    info.await.ok().filter(|i| i.demo).map(|_| view! {
                        <div class="demo-users">
                            <h2>{text::ui().demo_users}</h2>
                            <p>{format!("{} {DEMO_PASSWORD}", text::ui().demo_password_is)}</p>
                            <ul>
                                {DEMO_USERS.into_iter().zip(text::ui().demo_user_roles).map(|(user, what)| view! {
                                    <li><code>{user}</code>{format!(" – {what}")}</li>
                                }).collect_view()}
                            </ul>
                        </div>
                    })
                })}
            </Suspense>
        </section>
    }
}
