//! The one error type of the server functions: what a nurse can act on, never internals.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use lindra::ValidationErrors;
use serde::{Deserialize, Serialize};

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
    #[error("{0}")]
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
                ServerFnErrorErr::Request(_) => crate::text::form().no_contact,
                _ => crate::text::form().answer_unreadable,
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
            StorageError::NotFound(what) => AppError::NotFound((crate::text::ui().missing)(what).into()),
            StorageError::Conflict(conflict) => AppError::Conflict((crate::text::ui().conflict)(&conflict)),
            StorageError::Database(cause) => {
                tracing::error!(%cause, "storage failed");
                AppError::Unavailable(crate::text::ui().database_unavailable.into())
            }
            StorageError::Full(cause) => {
                tracing::error!(%cause, "storage failed: the disk is full");
                AppError::Unavailable(crate::text::ui().disk_full.into())
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
