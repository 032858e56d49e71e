//! The user's own settings: the UI language (issue 17) and her sessions (issue 21, ASVS 7.5.2).
//! Plain forms that need no wasm; the server (`lindra_server::auth::settings`) stores the choice,
//! or ends the sessions chosen after the password, and sends the page back.

use crate::api::current_session;
use crate::error::AppError;
use crate::model::PasswordProblem;
use crate::text::{self, format_date_time, Language};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

pub const PATH: &str = "/innstillinger";
/// Where the form that ends other sessions posts.
pub const SESSIONS_PATH: &str = "/innstillinger/okter";
/// The choice of every other session.
pub const ALL_SESSIONS: &str = "alle";
/// How many characters of a session's token hash name it on the page.
pub const HANDLE_CHARS: usize = 12;
/// Why ending sessions was refused (`?okter=`).
pub const SESSIONS_WRONG_PASSWORD: &str = "passord";
pub const SESSIONS_THROTTLED: &str = "forsok";
/// Where the form that changes one's password posts, and what it answers (`?passord=`): these,
/// or a [`PasswordProblem`]'s code.
pub const PASSWORD_PATH: &str = "/innstillinger/passord";
pub const PASSWORD_CHANGED: &str = "byttet";
pub const PASSWORD_WRONG: &str = "feil";
pub const PASSWORD_THROTTLED: &str = "forsok";
pub const PASSWORDS_DIFFER: &str = "ulike";
/// The page a sign-in with a start password leads to, and where its form posts (answering
/// refusals as the password form does, `?passord=`).
pub const START_PAGE: &str = "/nytt-passord";
pub const START_PATH: &str = "/innlogging/nytt-passord";

/// One of the signed-in user's sessions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnSession {
    /// The first characters of the token's hash: enough to choose it, nothing to use.
    pub handle: String,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub locked: bool,
    /// The session of this page.
    pub current: bool,
}

/// The signed-in user's sessions, newest first.
#[server(endpoint = "own_sessions", input = Json)]
pub async fn load_own_sessions() -> Result<Vec<OwnSession>, AppError> {
    crate::backend::answer(async move {
        let state = crate::backend::state()?;
        let Some(session) = crate::backend::session() else {
            return Err(AppError::NotSignedIn(text::ui().not_signed_in.into()));
        };
        let sessions = state.storage.user_sessions(session.user.id).await?;
        Ok(sessions
            .into_iter()
            .map(|s| OwnSession {
                handle: s.token_hash.chars().take(HANDLE_CHARS).collect(),
                created_at: s.created_at,
                last_seen_at: s.last_seen_at,
                locked: s.locked,
                current: s.token_hash == session.token_hash,
            })
            .collect())
    })
    .await
}

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
            <OwnSessions />
            <OwnPassword />
            <p><a href="/pin">{text::lock().set_pin_title}</a></p>
            <p><a href="/totp">{text::second_factor().link}</a></p>
            <p><a href="/">{text::ui().units}</a></p>
        </section>
    }
}

/// The user's sessions, and a form that ends one or all of the others with her password.
#[component]
fn OwnSessions() -> impl IntoView {
    let t = text::settings;
    let query = use_query_map();
    let ended = move || query.read().get("avsluttet").and_then(|n| n.parse::<usize>().ok());
    let problem = move || {
        query.read().get("okter").map(|p| {
            if p == SESSIONS_THROTTLED {
                t().sessions_throttled
            } else {
                t().sessions_wrong_password
            }
        })
    };
    let sessions = Resource::new(|| (), |_| load_own_sessions());
    view! {
        <section id="okter" aria-labelledby="sessions-title">
            <h2 id="sessions-title">{t().sessions}</h2>
            <p class="hint">{t().sessions_explained}</p>
            {move || ended().map(|n| view! { <p class="form-status saved" role="status">{(t().sessions_ended)(n)}</p> })}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let sessions = sessions.await.ok()?;
                    let others = sessions.iter().filter(|s| !s.current).count();
                    let rows = sessions.into_iter().map(|s| {
                        let state = match (s.current, s.locked) {
                            (true, _) => Some(t().this_session),
                            (false, true) => Some(t().locked_session),
                            (false, false) => None,
                        };
                        view! {
                            <li class="session-row">
                                <span>{(t().session_times)(&format_date_time(s.created_at), &format_date_time(s.last_seen_at))}</span>
                                {state.map(|state| view! { <strong>{state}</strong> })}
                                {(!s.current).then(|| view! {
                                    <button type="submit" name="okt" value=s.handle class="button small-dark">{t().end_session}</button>
                                })}
                            </li>
                        }
                    }).collect_view();
                    Some(view! {
                        <form method="post" action=SESSIONS_PATH class="login-form">
                            <ul class="plain sessions">{rows}</ul>
                            {(others > 0).then(|| view! {
                                <label for="sessions-password">{t().sessions_password}</label>
                                <input id="sessions-password" name="passord" type="password" autocomplete="current-password"
                                    aria-describedby="sessions-error" />
                                <p class="field-error" id="sessions-error" role="alert">{problem}</p>
                                <button type="submit" name="okt" value=ALL_SESSIONS class="button primary">{t().end_all_sessions}</button>
                            })}
                        </form>
                    })
                })}
            </Suspense>
        </section>
    }
}

/// A new password of her own: the current one, then the new one twice (ASVS 6.2.2, 6.2.3).
/// Every refusal is shown at its field; nothing is changed until all are right.
/// `/nytt-passord`: the only page a sign-in with a start password reaches (ASVS 5.0 6.4.1).
#[component]
pub fn StartPasswordPage() -> impl IntoView {
    let t = text::settings;
    view! {
        <section class="panel login">
            <h1>{t().start_title}</h1>
            <p>{t().start_explained}</p>
            <OwnPassword start=true />
            <form method="post" action="/utlogging">
                <button type="submit" class="button">{text::second_factor().cancel}</button>
            </form>
        </section>
    }
}

#[component]
fn OwnPassword(
    /// After a sign-in with a start password: no current password asked, and on to the sign-in.
    #[prop(optional)]
    start: bool,
) -> impl IntoView {
    let t = text::settings;
    let query = use_query_map();
    let outcome = move || query.read().get("passord");
    let changed = move || outcome().as_deref() == Some(PASSWORD_CHANGED);
    let error = move |field: &'static str| {
        move || {
            let code = outcome()?;
            let (at, words) = match code.as_str() {
                PASSWORD_CHANGED => return None,
                PASSWORD_WRONG => ("passord-na", t().password_wrong.to_string()),
                PASSWORD_THROTTLED => ("passord-na", t().password_throttled.to_string()),
                PASSWORDS_DIFFER => ("passord-nytt2", t().passwords_differ.to_string()),
                other => ("passord-nytt", (t().password_problem)(PasswordProblem::from_code(other)?)),
            };
            (at == field).then_some(words)
        }
    };
    let field = move |id: &'static str,
                      name: &'static str,
                      label: &'static str,
                      autocomplete: &'static str| {
        let error_id = format!("{id}-error");
        view! {
            <label for=id>{label}</label>
            <input id=id name=name type="password" autocomplete=autocomplete required
                aria-invalid=move || error(id)().is_some().to_string() aria-describedby=error_id.clone() />
            <p class="field-error" id=error_id role="alert">{error(id)}</p>
        }
    };
    if start {
        return view! {
            <form method="post" action=START_PATH class="login-form">
                {field("passord-nytt", "nytt", t().new_password, "new-password")}
                {field("passord-nytt2", "nytt2", t().new_password_again, "new-password")}
                <button type="submit" class="button primary big">{t().start_submit}</button>
            </form>
        }
        .into_any();
    }
    view! {
        <section id="passord" aria-labelledby="password-title">
            <h2 id="password-title">{t().password}</h2>
            <p class="hint">{t().password_explained}</p>
            {move || changed().then(|| view! { <p class="form-status saved" role="status">{t().password_changed}</p> })}
            <form method="post" action=PASSWORD_PATH class="login-form">
                {field("passord-na", "passord", t().current_password, "current-password")}
                {field("passord-nytt", "nytt", t().new_password, "new-password")}
                {field("passord-nytt2", "nytt2", t().new_password_again, "new-password")}
                <button type="submit" class="button primary">{t().change_password}</button>
            </form>
        </section>
    }
    .into_any()
}
