//! The one error type of the server functions: what a nurse can act on, never internals.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use lindra::ValidationErrors;
use serde::{Deserialize, Serialize};

/// What a nurse is told when the database (or the server waiting on it) cannot answer now:
/// the server function's 503, the session lookup's 503 and the request timeout's 503 all say it.
pub const DATABASE_UNAVAILABLE: &str = "Databasen er ikke tilgjengelig akkurat nå. Prøv igjen om litt.";

/// What a nurse is told when the server gave up on a request that took too long
/// (`--request-timeout-seconds`). The work may have finished after all: a form that gets this is
/// told so, and its resend (same request id) is stored once either way.
pub const TIMED_OUT: &str = "Serveren svarte ikke i tide. Prøv igjen om litt.";

/// What a nurse is told when the disk under the database is full: nothing was stored, and it
/// will not help to wait; someone has to make room.
pub const DISK_FULL: &str = "Serveren har ikke mer lagringsplass. Si fra til IT-ansvarlig.";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// The form has problems; each names its field.
    #[error("{0}")]
    Invalid(ValidationErrors),
    /// The request could not be read as the function's arguments (400): each problem names
    /// its field where one can be named, never the server's internals.
    #[error("{0}")]
    Malformed(ValidationErrors),
    #[error("{0}")]
    NotFound(String),
    /// No session, or it has ended: sign in again.
    #[error("{0}")]
    NotSignedIn(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    Conflict(String),
    /// The server or its database cannot do it now; trying again later may work.
    #[error("{0}")]
    Unavailable(String),
    /// The server gave up waiting for the request (the request timeout): unlike `Unavailable`,
    /// what it was doing may have finished, so a form cannot say "not saved".
    #[error("{0}")]
    TimedOut(String),
    /// The request never got a proper answer (network gone, malformed payload, ...).
    #[error("Kontakt med serveren feilet: {0}")]
    Transport(String),
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    /// On the server these are requests the framework could not decode (the server's gate,
    /// `lindra_server::gate`, refuses nearly all of them first, naming the field): a 400 in
    /// Norwegian, never the parser's English or Lindra's type names. In the browser they are
    /// network failures, said in Norwegian by the form.
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        #[cfg(feature = "ssr")]
        {
            tracing::info!(error = %value, "a server-function request could not be decoded");
            AppError::Malformed(ValidationErrors(vec![lindra::FieldError {
                field: String::new(),
                message: crate::text::ui().request_unreadable.into(),
            }]))
        }
        #[cfg(not(feature = "ssr"))]
        {
            let what = match value {
                ServerFnErrorErr::Request(_) => crate::text::ui().no_contact,
                _ => crate::text::ui().answer_unreadable,
            };
            AppError::Transport(what.into())
        }
    }
}

#[cfg(feature = "ssr")]
impl From<crate::storage::StorageError> for AppError {
    fn from(error: crate::storage::StorageError) -> Self {
        use crate::storage::StorageError;
        match error {
            StorageError::NotFound(what) => AppError::NotFound(format!("{what} finnes ikke.")),
            StorageError::Conflict(conflict) => AppError::Conflict((crate::text::ui().conflict)(&conflict)),
            StorageError::Database(cause) => {
                tracing::error!(%cause, "storage failed");
                AppError::Unavailable(DATABASE_UNAVAILABLE.into())
            }
            StorageError::Full(cause) => {
                tracing::error!(%cause, "storage failed: the disk is full");
                AppError::Unavailable(DISK_FULL.into())
            }
        }
    }
}

impl AppError {
    /// HTTP status for this error, so server-function answers carry a meaningful code.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Invalid(_) => 422,
            AppError::Malformed(_) => 400,
            AppError::NotFound(_) => 404,
            AppError::NotSignedIn(_) => 401,
            AppError::Forbidden(_) => 403,
            AppError::Conflict(_) => 409,
            AppError::Unavailable(_) | AppError::TimedOut(_) => 503,
            AppError::Transport(_) => 400,
        }
    }
}
