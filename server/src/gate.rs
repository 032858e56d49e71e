//! The gate in front of the server functions (`/api/...`). A request reaches a server function
//! only as the browser's own client sends it: POST, `Content-Type: application/json` (which no
//! cross-site HTML form can send), a body of at most [`MAX_BODY_BYTES`] that decodes into the
//! function's arguments. Anything else is answered here, in the signed-in user's language
//! (bokmål without one), with its own status (404, 405, 415, 413, 400) and the typed error the
//! forms read; the field a body gets wrong is
//! named (`lindra_app::wire`). Every refusal is logged (`refusals`).
//!
//! Outside `/api/` the gate only logs the refusals the router makes itself (405).

use crate::refusals::{Refusal, Refusals};
use crate::text::in_language;
use crate::MAX_BODY_BYTES;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use leptos::server_fn::codec::Json;
use leptos::server_fn::{Http, ServerFn};
use lindra::Language;
use lindra::{FieldError, ValidationErrors};
use lindra_app::backend::SessionUser;
use lindra_app::error::AppError;
use lindra_app::model::AuditOutcome;
use lindra_app::text::UiWords;
use lindra_app::wire::{self, PathPart};
use lindra_app::{admin, api, followups, handover, quality, self_report, trends};
use serde::de::DeserializeOwned;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Decodes a body into a server function's arguments, or names what it could not read.
type Probe = fn(&[u8]) -> Result<(), ValidationErrors>;

/// Every server function, by path. A function must take JSON to be listed (the type bound of
/// [`json`]), and one that is not listed cannot be called: `tests/tests/it/gate.rs` checks the
/// list against every server function registered.
pub fn endpoints() -> &'static HashMap<&'static str, Probe> {
    static ENDPOINTS: OnceLock<HashMap<&'static str, Probe>> = OnceLock::new();
    ENDPOINTS.get_or_init(|| {
        HashMap::from([
            json::<api::CurrentSession>(),
            json::<api::ListUnits>(),
            json::<api::LoadUnitPatients>(),
            json::<api::LoadPatientOverview>(),
            json::<api::RevealNationalId>(),
            json::<api::RecordRegistration>(),
            json::<api::LoadAccessLog>(),
            json::<api::LoadRegistration>(),
            json::<api::CorrectRegistration>(),
            json::<trends::LoadUnitOverview>(),
            json::<followups::LoadPatientFollowups>(),
            json::<followups::LoadOpenCount>(),
            json::<followups::AcknowledgeFollowup>(),
            json::<followups::RecordFollowupAction>(),
            json::<followups::CloseFollowup>(),
            json::<followups::SetExpectedSymptom>(),
            json::<handover::LoadHandover>(),
            json::<quality::LoadUnitQuality>(),
            json::<quality::LoadUnitsQuality>(),
            json::<trends::LoadPatientTrend>(),
            json::<admin::LoadAdmin>(),
            json::<admin::AdminCreateUnit>(),
            json::<admin::AdminUpdateUnit>(),
            json::<admin::AdminCreateUser>(),
            json::<admin::AdminSetUserActive>(),
            json::<admin::AdminNewStartPassword>(),
            json::<admin::AdminEndSessions>(),
            json::<admin::AdminResetSecondFactor>(),
            json::<admin::AdminCreatePatient>(),
            json::<admin::AdminMovePatient>(),
            json::<admin::AdminCreateApiClient>(),
            json::<admin::AdminRevokeApiClient>(),
            json::<admin::AdminSetNationalId>(),
            json::<self_report::LoadPatientMode>(),
            json::<self_report::RecordSelfReport>(),
            json::<lindra_app::pages::second_factor::LoadSecondFactor>(),
            json::<lindra_app::pages::settings::LoadOwnSessions>(),
        ])
    })
}

/// The paths of every server function registered in this binary (to check [`endpoints`]
/// against).
pub fn registered() -> Vec<&'static str> {
    leptos::server_fn::axum::server_fn_paths().map(|(path, _)| path).collect()
}

fn json<F>() -> (&'static str, Probe)
where
    F: ServerFn<Protocol = Http<Json, Json>> + DeserializeOwned,
{
    (F::PATH, probe::<F>)
}

/// Decodes `body` as `T` the way the server function will, noting the path to the first value
/// that does not fit.
fn probe<T: DeserializeOwned>(body: &[u8]) -> Result<(), ValidationErrors> {
    let mut decoder = serde_json::Deserializer::from_slice(body);
    match serde_path_to_error::deserialize::<_, T>(&mut decoder) {
        Ok(_) => decoder.end().map_err(|_| wire::unreadable(&[])),
        Err(error) => {
            let mut path: Vec<PathPart> = error
                .path()
                .iter()
                .map_while(|segment| match segment {
                    serde_path_to_error::Segment::Map { key } => Some(PathPart::Key(key)),
                    serde_path_to_error::Segment::Enum { variant } => Some(PathPart::Key(variant)),
                    serde_path_to_error::Segment::Seq { index } => Some(PathPart::Index(*index)),
                    serde_path_to_error::Segment::Unknown => None,
                })
                .collect();
            // A missing field is reported at its parent; name the field itself.
            let message = error.inner().to_string();
            if let Some(field) = message.strip_prefix("missing field `").and_then(|m| m.split('`').next()) {
                path.push(PathPart::Key(field));
            }
            Err(wire::unreadable(&path))
        }
    }
}

/// The typed error a form reads, with a status of its own.
fn refuse(status: StatusCode, message: &str) -> Response {
    let error = AppError::Malformed(ValidationErrors(vec![FieldError {
        field: String::new(),
        message: message.to_string(),
    }]));
    answer(status, &error)
}

fn answer(status: StatusCode, error: &AppError) -> Response {
    let body = serde_json::to_string(error).unwrap_or_default();
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

fn is_json(request: &Request<Body>) -> bool {
    request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"))
}

/// Reads the body whole, up to [`MAX_BODY_BYTES`]; `None` when it is larger.
async fn body_within_limit(body: Body) -> Result<Option<Bytes>, axum::Error> {
    match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
        Ok(bytes) => Ok(Some(bytes)),
        Err(error) => {
            let too_large = std::error::Error::source(&error)
                .is_some_and(|cause| cause.is::<http_body_util::LengthLimitError>());
            if too_large {
                Ok(None)
            } else {
                Err(error)
            }
        }
    }
}

pub async fn gate(State(refusals): State<Refusals>, request: Request<Body>, next: Next) -> Response {
    let path = request.uri().path().to_string();
    let method = request.method().clone();
    let addr = crate::auth::client_addr(&request);
    let user = request.extensions().get::<SessionUser>().cloned();
    let language = user.as_ref().map_or(Language::Nb, |user| user.language);
    let words = UiWords::of(language);
    let log = |kind: AuditOutcome| {
        let refusals = refusals.clone();
        let (method, path, addr, user) = (method.clone(), path.clone(), addr.clone(), user.clone());
        async move {
            let refusal = Refusal {
                kind,
                method: method.as_str(),
                path: &path,
                client_addr: &addr,
                user: user.as_ref(),
            };
            refusals.record(refusal).await;
        }
    };

    if !path.starts_with("/api/") {
        let response = next.run(request).await;
        if response.status() == StatusCode::METHOD_NOT_ALLOWED {
            log(AuditOutcome::MethodNotAllowed).await;
        }
        return response;
    }

    let Some(probe) = endpoints().get(path.as_str()).copied() else {
        log(AuditOutcome::NotFound).await;
        return answer(StatusCode::NOT_FOUND, &AppError::NotFound(words.no_such_function.into()));
    };
    if method != Method::POST {
        log(AuditOutcome::MethodNotAllowed).await;
        let mut response = refuse(StatusCode::METHOD_NOT_ALLOWED, words.method_not_allowed);
        response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("POST"));
        return response;
    }
    if !is_json(&request) {
        log(AuditOutcome::UnsupportedType).await;
        return refuse(StatusCode::UNSUPPORTED_MEDIA_TYPE, words.unsupported_type);
    }
    let (parts, body) = request.into_parts();
    let bytes = match body_within_limit(body).await {
        Ok(Some(bytes)) => bytes,
        Ok(None) => {
            log(AuditOutcome::TooLarge).await;
            return refuse(StatusCode::PAYLOAD_TOO_LARGE, &(words.too_large)(MAX_BODY_BYTES / 1024));
        }
        Err(error) => {
            tracing::info!(%error, path, "a request body could not be read");
            log(AuditOutcome::Malformed).await;
            return refuse(StatusCode::BAD_REQUEST, words.request_unreadable);
        }
    };
    if let Err(errors) = in_language(language, || probe(&bytes)) {
        log(AuditOutcome::Malformed).await;
        return answer(StatusCode::BAD_REQUEST, &AppError::Malformed(errors));
    }
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}
