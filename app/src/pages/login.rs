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
                    _ => text::ui().sign_in_failed,
                };
                view! { <p class="form-status" role="alert">{words}</p> }
            })}
            <form method="post" action="/innlogging" class="login-form">
                <label for="brukernavn">{text::ui().username}</label>
                <input id="brukernavn" name="brukernavn" type="text" autocomplete="username" autocapitalize="none" required />
                <label for="passord">{text::ui().password}</label>
                <input id="passord" name="passord" type="password" autocomplete="current-password" required />
                <button type="submit" class="button primary big">{text::ui().sign_in}</button>
            </form>
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
