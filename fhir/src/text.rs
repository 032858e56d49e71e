//! The FHIR interface's words. Its resources declare `language: nb` and are written in bokmål;
//! an OperationOutcome says each problem in bokmål (the text) and in English (its
//! diagnostics), for the EPJ integrator who reads either.

use crate::outcome::Failure;
use crate::search::SearchError;

pub struct FhirWords {
    /// A refused request, in words.
    pub failure: fn(&Failure) -> String,
    /// The Questionnaire's title.
    pub questionnaire_title: &'static str,
    /// The body map's two questions.
    pub region: &'static str,
    pub intensity: &'static str,
    /// The code of pain at a body site, and an Observation's text for one region.
    pub pain_at_site: &'static str,
    pub pain_in: fn(&str) -> String,
    /// The CapabilityStatement's description, with the Questionnaire's address.
    pub implementation: fn(&str) -> String,
}

pub static NB: FhirWords = FhirWords {
    failure: |failure| match failure {
        Failure::NotSignedIn => {
            "Ikke innlogget: logg inn i Lindra, eller send et API-token (Authorization: Bearer).".into()
        }
        Failure::BadToken => "API-tokenet er ukjent, trukket tilbake eller utløpt.".into(),
        Failure::PatientRefused => {
            "Pasienten finnes ikke, eller du har ikke tilgang til den. Tilgangen gjelder \
            pasientene i enhetene du har tilgang til."
                .into()
        }
        Failure::RoleSeesNoPatients => "Rollen din gir ikke tilgang til pasientdata.".into(),
        Failure::UnknownType { name } => format!("Lindra har ikke ressurstypen «{name}»."),
        Failure::NotFound { kind, id } => format!("{kind}/{id} finnes ikke."),
        Failure::Gone { kind, id } => {
            format!("{kind}/{id} finnes ikke lenger: en korrigering fjernet den. Se _history.")
        }
        Failure::NoSuchVersion { kind, id, version } => format!("{kind}/{id} har ingen versjon {version}."),
        Failure::Search(SearchError::UnknownParameter { name }) => {
            format!("Søkeparameteren «{name}» støttes ikke (se /fhir/metadata).")
        }
        Failure::Search(SearchError::UnsupportedModifier { name }) => {
            format!("Modifikatoren i «{name}» støttes ikke.")
        }
        Failure::Search(SearchError::UnsupportedPrefix { name, prefix }) => {
            format!("{name}: prefikset «{prefix}» støttes ikke; bruk eq, gt, lt, ge eller le.")
        }
        Failure::Search(SearchError::BadValue { name, value }) => {
            format!("{name}: verdien «{value}» kan ikke leses.")
        }
        Failure::Search(SearchError::BadCount { value }) => {
            format!("_count: «{value}» er ikke et helt tall fra 0 og oppover.")
        }
        Failure::ReadOnly => "Lindras FHIR-grensesnitt kan bare leses (GET).".into(),
        Failure::Unavailable => "Databasen svarer ikke akkurat nå. Prøv igjen om litt.".into(),
    },
    questionnaire_title: "ESAS-r, smerte (NRS) og kroppskart",
    region: "Område",
    intensity: "Styrke",
    pain_at_site: "Smerte i området",
    pain_in: |region| format!("Smerte: {region}"),
    implementation: |questionnaire| {
        format!("Lindra: ESAS-r, smerte (NRS) og kroppskart ({questionnaire}). Read-only.")
    },
};

pub static EN: FhirWords = FhirWords {
    failure: |failure| match failure {
        Failure::NotSignedIn => {
            "Not signed in: sign in to Lindra, or send an API token (Authorization: Bearer).".into()
        }
        Failure::BadToken => "The API token is unknown, revoked or expired.".into(),
        Failure::PatientRefused => {
            "The patient does not exist, or you have no access to it. Access covers the \
            patients of the units you may read."
                .into()
        }
        Failure::RoleSeesNoPatients => "Your role gives no access to patient data.".into(),
        Failure::UnknownType { name } => format!("Lindra does not serve the resource type '{name}'."),
        Failure::NotFound { kind, id } => format!("{kind}/{id} does not exist."),
        Failure::Gone { kind, id } => {
            format!("{kind}/{id} no longer exists: a correction removed it. See _history.")
        }
        Failure::NoSuchVersion { kind, id, version } => format!("{kind}/{id} has no version {version}."),
        Failure::Search(SearchError::UnknownParameter { name }) => {
            format!("The search parameter '{name}' is not supported (see /fhir/metadata).")
        }
        Failure::Search(SearchError::UnsupportedModifier { name }) => {
            format!("The modifier in '{name}' is not supported.")
        }
        Failure::Search(SearchError::UnsupportedPrefix { name, prefix }) => {
            format!("{name}: the prefix '{prefix}' is not supported; use eq, gt, lt, ge or le.")
        }
        Failure::Search(SearchError::BadValue { name, value }) => {
            format!("{name}: the value '{value}' cannot be read.")
        }
        Failure::Search(SearchError::BadCount { value }) => {
            format!("_count: '{value}' is not a whole number from 0 up.")
        }
        Failure::ReadOnly => "Lindra's FHIR interface is read-only (GET).".into(),
        Failure::Unavailable => "The database is not answering right now. Try again shortly.".into(),
    },
    questionnaire_title: "ESAS-r, pain (NRS) and body map",
    region: "Area",
    intensity: "Intensity",
    pain_at_site: "Pain at the site",
    pain_in: |region| format!("Pain: {region}"),
    implementation: |questionnaire| {
        format!("Lindra: ESAS-r, pain (NRS) and body map ({questionnaire}). Read-only.")
    },
};
