//! POST /innstillinger: the user's own UI language (issue 17). The page is
//! `lindra_app::pages::settings`; the session carries the language from the next request on.

use super::lock::{form, see_other};
use super::{unavailable_in, Auth};
use axum::body::Body;
use axum::extract::State;
use axum::http::Request;
use axum::response::Response;
use lindra::Language;
use lindra_app::backend::SessionUser;
use lindra_app::pages::settings::{FOLLOW_UNIT, PATH};

#[derive(serde::Deserialize, Default)]
struct Choice {
    #[serde(default)]
    sprak: String,
}

/// Stores the choice: a language, or «som enheten» (none of one's own).
pub async fn set_language(State(auth): State<Auth>, request: Request<Body>) -> Response {
    let Some(session) = request.extensions().get::<SessionUser>().cloned() else {
        return see_other("/logg-inn");
    };
    let choice = form::<Choice>(request).await.unwrap_or_default();
    let language = match choice.sprak.as_str() {
        FOLLOW_UNIT => None,
        code => match Language::from_code(code) {
            Some(language) => Some(language),
            None => return see_other(&format!("{PATH}?feil=1")),
        },
    };
    if let Err(error) = auth.storage.set_user_language(session.user.id, language).await {
        return unavailable_in(session.language, PATH, Some(&error));
    }
    see_other(&format!("{PATH}?lagret=1"))
}
