//! The second factor (issue 21), as the user meets it: `/logg-inn/kode` asks for the code from
//! the authenticator app (or a recovery code) after the password; `/totp` sets the factor up (a
//! QR code drawn on the server, the secret in letters for typing, the first code and the
//! password to confirm), makes new recovery codes or removes it. Plain forms posted to
//! `lindra-server`'s `auth::second_factor`, working without any wasm.

use crate::error::AppError;
use crate::text::second_factor as t;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

/// The page that asks for the code at sign-in, and where it posts.
pub const CODE_PAGE: &str = "/logg-inn/kode";
pub const CODE_PATH: &str = "/innlogging/kode";
/// The page that sets the factor up, and where its forms post.
pub const SETUP_PAGE: &str = "/totp";
pub const BEGIN_PATH: &str = "/totp/ny";
pub const CONFIRM_PATH: &str = "/totp/bekreft";
pub const NEW_CODES_PATH: &str = "/totp/nye-koder";
pub const REMOVE_PATH: &str = "/totp/av";

/// Why a code or a change was refused; its code travels in the page's address (`?feil=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CodeProblem {
    /// Not the code of now, nor an unused recovery code.
    Wrong,
    /// The password given with a change was not the user's.
    WrongPassword,
    /// Too many wrong passwords lately (the sign-in's throttle).
    TooManyTries,
    /// The user must have a second factor: it cannot be removed.
    Required,
}

impl CodeProblem {
    pub const ALL: [CodeProblem; 4] =
        [CodeProblem::Wrong, CodeProblem::WrongPassword, CodeProblem::TooManyTries, CodeProblem::Required];

    pub fn code(self) -> &'static str {
        match self {
            CodeProblem::Wrong => "kode",
            CodeProblem::WrongPassword => "passord",
            CodeProblem::TooManyTries => "sperret",
            CodeProblem::Required => "paakrevd",
        }
    }

    pub fn from_code(code: &str) -> Option<CodeProblem> {
        CodeProblem::ALL.into_iter().find(|p| p.code() == code)
    }
}

/// The user's second factor as the setup page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FactorState {
    /// None set up.
    Off,
    /// Being set up: the secret in letters and its QR code (an SVG drawn on the server).
    Pending { secret: String, qr_svg: String },
    /// In use since `since`, with this many recovery codes left.
    On { since: DateTime<Utc>, codes_left: i64 },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecondFactorView {
    pub state: FactorState,
    /// The user must have one (the administrator, or more than one unit).
    pub required: bool,
}

/// The signed-in user's second factor (the secret only while it is being set up).
#[server(endpoint = "second_factor", input = Json)]
pub async fn load_second_factor() -> Result<SecondFactorView, AppError> {
    crate::backend::answer(async move {
        let state = crate::backend::state()?;
        let Some(session) = crate::backend::session() else {
            return Err(AppError::NotSignedIn(crate::text::lock().pin_ended.into()));
        };
        let required = session.sign_in == crate::model::SignInStep::Enrol
            || crate::model::second_factor_required(
                state.second_factor_required,
                session.user.role,
                session.unit_ids.len(),
                session.unit_requires_second_factor,
            );
        let record = state.storage.totp(session.user.id).await?;
        let factor = match record {
            None => FactorState::Off,
            Some(r) => match r.confirmed_at {
                Some(since) => FactorState::On { since, codes_left: r.recovery_codes_left },
                None => {
                    let secret = crate::totp::from_base32(&r.secret).unwrap_or_default();
                    let uri = crate::totp::otpauth_uri(&secret, &session.user.username);
                    FactorState::Pending {
                        secret: r.secret,
                        qr_svg: crate::totp::qr_svg(&uri).unwrap_or_default(),
                    }
                }
            },
        };
        Ok(SecondFactorView { state: factor, required })
    })
    .await
}

/// `/logg-inn/kode`: the code from the authenticator app, or a recovery code.
#[component]
pub fn CodePage() -> impl IntoView {
    let query = use_query_map();
    let problem = move || query.with(|q| q.get("feil")).as_deref().and_then(CodeProblem::from_code);
    view! {
        <section class="panel login">
            <h1>{t().code_title}</h1>
            <p>{t().code_explained}</p>
            {move || problem().map(|p| view! { <p class="form-status" role="alert" id="code-error">{(t().problem)(p)}</p> })}
            <form method="post" action=CODE_PATH class="login-form">
                <label for="kode">{t().code_label}</label>
                <input id="kode" name="kode" type="text" autocomplete="one-time-code" autocapitalize="characters"
                    spellcheck="false" maxlength="12" required autofocus
                    aria-describedby=move || problem().map(|_| "code-error") />
                <button type="submit" class="button primary big">{t().code_submit}</button>
            </form>
            <form method="post" action="/utlogging">
                <button type="submit" class="button">{t().cancel}</button>
            </form>
        </section>
    }
}

/// `/totp`: set up, renew the recovery codes of, or remove the second factor.
#[component]
pub fn SetupPage() -> impl IntoView {
    let query = use_query_map();
    let problem = move || query.with(|q| q.get("feil")).as_deref().and_then(CodeProblem::from_code);
    let removed = move || query.with(|q| q.get("fjernet").is_some());
    let view_data = Resource::new(|| (), |_| load_second_factor());
    let password = |id: &'static str| {
        view! {
            <label for=id>{t().password}</label>
            <input id=id name="passord" type="password" autocomplete="current-password" required />
        }
    };
    view! {
        <section class="panel login second-factor">
            <h1>{t().setup_title}</h1>
            {move || removed().then(|| view! { <p class="form-status saved" role="status">{t().removed}</p> })}
            {move || problem().map(|p| view! { <p class="form-status" role="alert">{(t().problem)(p)}</p> })}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let Ok(data) = view_data.await else {
                        return view! { <p><a href="/logg-inn">{crate::text::ui().sign_in}</a></p> }.into_any();
                    };
                    let required = data.required.then(|| view! { <p class="hint">{t().required}</p> });
                    match data.state {
                        FactorState::Off => view! {
                            {required}
                            <p>{t().setup_explained}</p>
                            <form method="post" action=BEGIN_PATH>
                                <button type="submit" class="button primary big">{t().begin}</button>
                            </form>
                        }.into_any(),
                        FactorState::Pending { secret, qr_svg } => view! {
                            {required}
                            <ol class="setup-steps">
                                <li>{t().step_scan}</li>
                            </ol>
                            <div class="qr" role="img" aria-label=t().qr_label inner_html=qr_svg></div>
                            <p>{t().or_type}" "<code class="totp-secret" data-secret=secret.clone()>{spaced(&secret)}</code></p>
                            <form method="post" action=CONFIRM_PATH class="login-form">
                                <label for="kode">{t().first_code}</label>
                                <input id="kode" name="kode" type="text" inputmode="numeric" autocomplete="one-time-code"
                                    maxlength="7" required />
                                {password("passord")}
                                <button type="submit" class="button primary big">{t().confirm}</button>
                            </form>
                        }.into_any(),
                        FactorState::On { since, codes_left } => view! {
                            <p class="form-status saved" role="status">
                                {format!("{} {}.", t().on_since, crate::text::format_date_time(since))}
                            </p>
                            <p>{(t().codes_left)(codes_left)}</p>
                            <form method="post" action=NEW_CODES_PATH class="login-form">
                                <h2>{t().new_codes}</h2>
                                {password("passord-koder")}
                                <button type="submit" class="button">{t().new_codes}</button>
                            </form>
                            {(!data.required).then(|| view! {
                                <form method="post" action=REMOVE_PATH class="login-form">
                                    <h2>{t().remove}</h2>
                                    {password("passord-av")}
                                    <button type="submit" class="button">{t().remove}</button>
                                </form>
                            })}
                        }.into_any(),
                    }
                })}
            </Suspense>
            <p><a href="/">{crate::text::ui().units}</a></p>
        </section>
    }
}

/// The secret in groups of four, as one types it into an app.
fn spaced(secret: &str) -> String {
    secret.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(" ")
}
