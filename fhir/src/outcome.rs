//! Errors the FHIR way: an `OperationOutcome` whose issue says what went wrong in Norwegian
//! (`details.text`) and in English (`diagnostics`), with the HTTP status that goes with it.
//! Every reason is a variant; the words for all of them are in `crate::text`.

use crate::search::SearchError;
use crate::text;
use serde_json::{json, Value};

/// Why a FHIR request was not answered with a resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// No session and no valid bearer token (401).
    NotSignedIn,
    /// A token that is unknown, revoked or expired (401).
    BadToken,
    /// The caller may not read this patient (403); also for a patient that does not exist, so a
    /// refusal does not tell whether one does.
    PatientRefused,
    /// A role that sees no patients (the avdelingsleder) (403).
    RoleSeesNoPatients,
    /// An unknown resource type (404).
    UnknownType {
        name: String,
    },
    /// No resource of this type with this id (404).
    NotFound {
        kind: String,
        id: String,
    },
    /// The resource existed in an earlier version and no longer does (a correction removed a
    /// body mark or an answer) (410).
    Gone {
        kind: String,
        id: String,
    },
    /// No such version (404).
    NoSuchVersion {
        kind: String,
        id: String,
        version: String,
    },
    Search(SearchError),
    /// Anything but GET on Lindra's read-only interface (405).
    ReadOnly,
    /// The database could not answer (503).
    Unavailable,
}

impl Failure {
    pub fn status(&self) -> u16 {
        match self {
            Failure::NotSignedIn | Failure::BadToken => 401,
            Failure::PatientRefused | Failure::RoleSeesNoPatients => 403,
            Failure::UnknownType { .. } | Failure::NotFound { .. } | Failure::NoSuchVersion { .. } => 404,
            Failure::Gone { .. } => 410,
            Failure::Search(_) => 400,
            Failure::ReadOnly => 405,
            Failure::Unavailable => 503,
        }
    }

    /// The issue type (http://hl7.org/fhir/issue-type).
    fn code(&self) -> &'static str {
        match self {
            Failure::NotSignedIn | Failure::BadToken => "login",
            Failure::PatientRefused | Failure::RoleSeesNoPatients => "forbidden",
            Failure::UnknownType { .. } => "not-supported",
            Failure::NotFound { .. } | Failure::NoSuchVersion { .. } => "not-found",
            Failure::Gone { .. } => "deleted",
            Failure::Search(
                SearchError::UnknownParameter { .. } | SearchError::UnsupportedModifier { .. },
            )
            | Failure::Search(SearchError::UnsupportedPrefix { .. }) => "not-supported",
            Failure::Search(_) => "invalid",
            Failure::ReadOnly => "not-supported",
            Failure::Unavailable => "transient",
        }
    }

    /// (Norwegian, English): the text in bokmål, its diagnostics in English.
    pub fn words(&self) -> (String, String) {
        ((text::NB.failure)(self), (text::EN.failure)(self))
    }

    pub fn operation_outcome(&self) -> Value {
        let (nb, en) = self.words();
        json!({
            "resourceType": "OperationOutcome",
            "issue": [{
                "severity": "error",
                "code": self.code(),
                "details": { "text": nb },
                "diagnostics": en,
            }],
        })
    }
}

impl From<SearchError> for Failure {
    fn from(error: SearchError) -> Failure {
        Failure::Search(error)
    }
}
