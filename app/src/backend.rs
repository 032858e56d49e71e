//! What every server function stands on (server side only): the storage from context, the
//! acting user, the client's address, and the audit row each access to patient data leaves.

use crate::error::AppError;
use crate::model::{AuditEvent, Patient, User};
use crate::storage::DynStorage;
use chrono::Utc;
use leptos::prelude::*;
use std::net::SocketAddr;

/// Shared state the server puts into every request's context.
#[derive(Clone)]
pub struct AppState {
    pub storage: DynStorage,
    /// Until login exists (issue 6) the server acts as one configured user: the demo nurse in demo
    /// mode. Without one, every patient-data function refuses.
    pub acting_user: Option<User>,
}

/// One server-function call: who, from where, with which storage.
pub struct Ctx {
    pub storage: DynStorage,
    pub user: User,
    pub client_addr: String,
}

/// The context of the current call. Fails closed: no user, no access.
pub fn ctx() -> Result<Ctx, AppError> {
    let state = use_context::<AppState>()
        .ok_or_else(|| AppError::Unavailable("Serveren er ikke satt opp riktig.".into()))?;
    let client_addr = use_context::<http::request::Parts>()
        .and_then(|parts| {
            parts.extensions.get::<axum::extract::ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string())
        })
        .unwrap_or_else(|| "ukjent".into());
    let user = state
        .acting_user
        .clone()
        .filter(|u| u.active)
        .ok_or_else(|| AppError::Forbidden("Ingen bruker er logget inn.".into()))?;
    Ok(Ctx { storage: state.storage, user, client_addr })
}

/// Marks the HTTP answer of a failed server function with the error's status.
pub fn set_status(error: &AppError) {
    if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
        options
            .set_status(http::StatusCode::from_u16(error.status()).unwrap_or(http::StatusCode::BAD_REQUEST));
    }
}

impl Ctx {
    /// Writes one row of the access log. If the log cannot be written, the access is refused:
    /// patient data is never shown without a trace.
    pub async fn audit(
        &self,
        action: &str,
        patient: Option<&Patient>,
        unit_id: Option<i64>,
        object: String,
        outcome: &str,
    ) -> Result<(), AppError> {
        let event = AuditEvent {
            at: Utc::now(),
            user_id: Some(self.user.id),
            username: self.user.username.clone(),
            role: self.user.role.code().to_string(),
            unit_id: patient.map(|p| p.unit_id).or(unit_id),
            patient_id: patient.map(|p| p.id),
            action: action.to_string(),
            object,
            outcome: outcome.to_string(),
            client_addr: self.client_addr.clone(),
        };
        self.storage.append_audit(event).await.map_err(AppError::from)
    }

    /// The patient, or NotFound. The lookup itself is logged either way.
    pub async fn patient(&self, action: &str, patient_id: i64) -> Result<Patient, AppError> {
        match self.storage.patient(patient_id).await? {
            Some(patient) => Ok(patient),
            None => {
                self.audit(action, None, None, format!("patient/{patient_id}"), "not_found").await?;
                Err(AppError::NotFound("Pasienten finnes ikke.".into()))
            }
        }
    }
}
