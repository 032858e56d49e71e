//! Errors the FHIR way: an `OperationOutcome` whose issue says what went wrong in Norwegian
//! (`details.text`) and in English (`diagnostics`), with the HTTP status that goes with it.
//! Every reason is a variant; the words for all of them are here, in one place.

use crate::search::SearchError;
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

    /// (Norwegian, English).
    pub fn words(&self) -> (String, String) {
        match self {
            Failure::NotSignedIn => (
                "Ikke innlogget: logg inn i Lindra, eller send et API-token (Authorization: Bearer).".into(),
                "Not signed in: sign in to Lindra, or send an API token (Authorization: Bearer).".into(),
            ),
            Failure::BadToken => (
                "API-tokenet er ukjent, trukket tilbake eller utløpt.".into(),
                "The API token is unknown, revoked or expired.".into(),
            ),
            Failure::PatientRefused => (
                "Pasienten finnes ikke, eller du har ikke tilgang til den. Tilgangen gjelder pasientene i enhetene du har tilgang til.".into(),
                "The patient does not exist, or you have no access to it. Access covers the patients of the units you may read.".into(),
            ),
            Failure::RoleSeesNoPatients => (
                "Rollen din gir ikke tilgang til pasientdata.".into(),
                "Your role gives no access to patient data.".into(),
            ),
            Failure::UnknownType { name } => (
                format!("Lindra har ikke ressurstypen «{name}»."),
                format!("Lindra does not serve the resource type '{name}'."),
            ),
            Failure::NotFound { kind, id } => {
                (format!("{kind}/{id} finnes ikke."), format!("{kind}/{id} does not exist."))
            }
            Failure::Gone { kind, id } => (
                format!("{kind}/{id} finnes ikke lenger: en korrigering fjernet den. Se _history."),
                format!("{kind}/{id} no longer exists: a correction removed it. See _history."),
            ),
            Failure::NoSuchVersion { kind, id, version } => (
                format!("{kind}/{id} har ingen versjon {version}."),
                format!("{kind}/{id} has no version {version}."),
            ),
            Failure::Search(SearchError::UnknownParameter { name }) => (
                format!("Søkeparameteren «{name}» støttes ikke (se /fhir/metadata)."),
                format!("The search parameter '{name}' is not supported (see /fhir/metadata)."),
            ),
            Failure::Search(SearchError::UnsupportedModifier { name }) => (
                format!("Modifikatoren i «{name}» støttes ikke."),
                format!("The modifier in '{name}' is not supported."),
            ),
            Failure::Search(SearchError::UnsupportedPrefix { name, prefix }) => (
                format!("{name}: prefikset «{prefix}» støttes ikke; bruk eq, gt, lt, ge eller le."),
                format!("{name}: the prefix '{prefix}' is not supported; use eq, gt, lt, ge or le."),
            ),
            Failure::Search(SearchError::BadValue { name, value }) => (
                format!("{name}: verdien «{value}» kan ikke leses."),
                format!("{name}: the value '{value}' cannot be read."),
            ),
            Failure::Search(SearchError::BadCount { value }) => (
                format!("_count: «{value}» er ikke et helt tall fra 0 og oppover."),
                format!("_count: '{value}' is not a whole number from 0 up."),
            ),
            Failure::ReadOnly => (
                "Lindras FHIR-grensesnitt kan bare leses (GET).".into(),
                "Lindra's FHIR interface is read-only (GET).".into(),
            ),
            Failure::Unavailable => (
                "Databasen svarer ikke akkurat nå. Prøv igjen om litt.".into(),
                "The database is not answering right now. Try again shortly.".into(),
            ),
        }
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
