//! The UI's own Norwegian (bokmål) text: buttons, headings, messages. Clinical wording (items,
//! anchors, bands, validation) lives in the domain, `lindra::text`.

pub const APP_NAME: &str = "Lindra";
pub const TAGLINE: &str = "Symptomkartlegging i lindrende behandling";
pub const UNITS: &str = "Enheter";
pub const CHOOSE_UNIT: &str = "Velg enhet";
pub const PATIENTS: &str = "Pasienter";
pub const NO_PATIENTS: &str = "Ingen pasienter på denne enheten.";
pub const ROOM: &str = "Rom";
pub const BORN: &str = "Født";
pub const LAST_ASSESSED: &str = "Sist vurdert";
pub const NEVER_ASSESSED: &str = "Aldri vurdert";
pub const NEW_REGISTRATION: &str = "Ny registrering";
pub const LATEST_ESAS: &str = "Siste ESAS-r";
pub const NO_REGISTRATIONS: &str = "Ingen registreringer ennå.";
pub const REGISTERED_BY: &str = "Registrert av";
pub const OBSERVED_AT: &str = "Tidspunkt";
pub const SUMS: &str = "Summer";
pub const SUM_UNDEFINED: &str = "Kan ikke beregnes (mangler skår)";
pub const SAVE: &str = "Lagre registrering";
pub const SAVING: &str = "Lagrer …";
pub const SAVED: &str = "Registreringen er lagret.";
pub const FIX_ERRORS: &str = "Skjemaet er ikke lagret. Rett feltene som er merket:";
pub const SEND_FAILED: &str = "Skjemaet er ikke lagret, men det du har fylt inn er tatt vare på. Prøv igjen.";
pub const NOT_SAVED: &str = "Skjemaet er ikke lagret.";
pub const SEND_UNCONFIRMED: &str = "Vi fikk ikke bekreftet at skjemaet ble lagret. Det du har fylt inn er tatt vare på: trykk Lagre igjen. Det blir bare lagret én gang.";
pub const NO_ACCESS_REGISTRATION: &str = "Registreringen finnes ikke, eller du har ikke tilgang til den. Du har tilgang til pasientene i enhetene du arbeider i.";
pub const BAD_REQUEST_ID: &str =
    "Skjemaet mangler sin skjema-id. Last siden på nytt; det du har fylt inn er tatt vare på.";
pub const REQUEST_UNREADABLE: &str = "Forespørselen kunne ikke leses, og ingenting er lagret. Last siden på nytt; det du har fylt inn er tatt vare på.";
pub const NO_SUCH_FUNCTION: &str = "Denne funksjonen finnes ikke.";
pub const METHOD_NOT_ALLOWED: &str =
    "Forespørselen ble avvist: Lindra tar bare imot skjemaer sendt med POST her.";
pub const UNSUPPORTED_TYPE: &str =
    "Forespørselen ble avvist: Lindras skjemaer sendes som JSON (Content-Type: application/json).";
/// What a form says (after "Kontakt med serveren feilet:") when the network gave no answer.
pub const NO_CONTACT: &str = "nettverket svarte ikke.";
/// ... when an answer came but could not be read.
pub const ANSWER_UNREADABLE: &str = "svaret kunne ikke leses.";
// Column headings of the access log and the security log.
pub const COL_TIME: &str = "Tid";
pub const COL_LAST: &str = "Sist";
pub const COL_WHO: &str = "Hvem";
pub const COL_ROLE: &str = "Rolle";
pub const COL_WHAT: &str = "Hva";
pub const COL_OBJECT: &str = "Objekt";
pub const COL_OUTCOME: &str = "Utfall";
pub const COL_WHY: &str = "Hvorfor";
pub const COL_FROM: &str = "Fra";
pub const COL_REQUEST: &str = "Forespørsel";
pub const COL_COUNT: &str = "Antall";
pub const SECURITY_LOG: &str = "Sikkerhetslogg";
pub const SECURITY_LOG_EXPLAINED: &str = "Innlogginger, administrasjon og avviste forespørsler. Hvem som har sett en pasients journal, står i pasientens tilgangslogg.";
pub const EVENTS_WITHOUT_PATIENT: &str = "Hendelser med innlogget bruker (nyeste 100)";
pub const REFUSED_WITHOUT_USER: &str = "Avviste forespørsler uten innlogget bruker, telt opp (siste 7 dager)";
pub const NO_REFUSALS: &str = "Ingen. Avvisninger telles opp og skrives hvert tiende sekund.";
pub const BACK_TO_LIST: &str = "Til pasientlisten";
pub const BACK_TO_PATIENT: &str = "Til pasienten";
pub const NOT_FOUND: &str = "Siden finnes ikke.";
pub const LOADING: &str = "Henter …";
pub const NRS: &str = "Smerte (NRS)";
pub const CORRECTED: &str = "Rettet";
pub const SCORE_OF: &str = "av 10";
pub const OTHER_PROBLEM_PLACEHOLDER: &str = "f.eks. forstoppelse";
pub const SIGN_IN: &str = "Logg inn";
pub const SIGN_OUT: &str = "Logg ut";
pub const SIGN_IN_FAILED: &str = "Feil brukernavn eller passord.";
pub const USERNAME: &str = "Brukernavn";
pub const PASSWORD: &str = "Passord";
pub const DEMO_BANNER: &str = "DEMO – oppdiktede pasienter, ikke for bruk med ekte pasientdata";
pub const DEMO_USERS: &str = "Demobrukere";
pub const DEMO_PASSWORD_IS: &str = "Passord for alle demobrukerne:";
pub const ACCESS_LOG: &str = "Tilgangslogg";
pub const ACCESS_LOG_EXPLAINED: &str =
    "Hvem som har åpnet eller endret journalen, når og fra hvor. Pasienten har rett til å se denne loggen.";
pub const ADMIN: &str = "Administrasjon";
pub const USERS: &str = "Brukere";
pub const NEW_UNIT: &str = "Legg til enhet";
pub const NEW_USER: &str = "Legg til bruker";
pub const NEW_PATIENT: &str = "Legg til pasient";
pub const MOVE_PATIENT: &str = "Flytt pasient";
pub const MOVE_EXPLAINED: &str =
    "En pasient hører til én enhet om gangen. Ved flytting følger hele historikken med.";
pub const UNIT_CREATED: &str = "Enheten er lagt til.";
pub const UNIT_UPDATED: &str = "Enheten er endret.";
pub const NEW_OR_CHANGE_UNIT: &str = "Legg til eller endre enhet";
pub const SAVE_UNIT: &str = "Lagre endringene";
pub const USER_CREATED: &str = "Brukeren er lagt til.";
pub const SESSIONS_ENDED: &str = "Brukeren er logget ut overalt.";
pub const END_SESSIONS: &str = "Logg ut overalt";
pub const API_CLIENTS: &str = "API-klienter (FHIR)";
pub const API_CLIENTS_EXPLAINED: &str = "Systemer som henter data fra Lindra gjennom FHIR-grensesnittet (/fhir), for eksempel en EPJ-integrasjon. En klient kan bare lese, bare pasientene i enhetene den får, og hver henting står i pasientens tilgangslogg med klientens navn.";
pub const NEW_API_CLIENT: &str = "Legg til API-klient";
pub const API_CLIENT_CREATED: &str = "API-klienten er lagt til. Kopier tokenet nå.";
pub const API_CLIENT_REVOKED: &str = "API-klienten er trukket tilbake. Tokenet virker ikke lenger.";
pub const API_TOKEN_ONCE: &str = "Tokenet vises bare denne ene gangen. Lindra lagrer bare et fingeravtrykk av det, og kan ikke vise det igjen.";
pub const REVOKE: &str = "Trekk tilbake";
pub const NATIONAL_ID: &str = "Fødselsnr.";
pub const SHOW_NATIONAL_ID: &str = "Vis fødselsnummer";
pub const SET_NATIONAL_ID: &str = "Lagre fødselsnummer";
pub const NATIONAL_ID_SET: &str = "Fødselsnummeret er lagret.";
pub const NATIONAL_ID_EXPLAINED: &str = "Fødselsnummer eller D-nummer (11 siffer), valgfritt: lar pasientjournalen (EPJ) finne pasienten gjennom FHIR. Tomt felt fjerner nummeret. Personalet ser det maskert.";
pub const USER_UPDATED: &str = "Brukeren er oppdatert. En deaktivert bruker er logget ut overalt.";
pub const PATIENT_CREATED: &str = "Pasienten er lagt til.";
pub const PATIENT_MOVED: &str = "Pasienten er flyttet.";
pub const FIX_FIELDS: &str = "Ikke lagret. Rett feltene som er merket.";
pub const REGISTRATION_HISTORY: &str = "Registrering med historikk";
pub const HISTORY_EXPLAINED: &str = "En registrering rettes ved å lagre en ny versjon. Tidligere versjoner blir stående med hvem som rettet, når og hvorfor.";
pub const CORRECT: &str = "Rett registreringen";
pub const CORRECTION_OF: &str = "Retting av registrering";
pub const CORRECTION_REASON: &str = "Årsak til rettingen (påkrevd)";
pub const SAVE_CORRECTION: &str = "Lagre rettingen";
pub const SHOW_HISTORY: &str = "Historikk og retting";
pub const DRAFT_RESTORED: &str = "Et utkast som ikke ble lagret er hentet tilbake.";
pub const WHEN: &str = "Tidspunkt for vurderingen";
pub const NOW: &str = "Nå";
pub const EARLIER: &str = "Tidligere (registreres i etterkant)";
pub const YES: &str = "Ja";
pub const NO: &str = "Nei";
pub const SEARCH_PATIENT: &str = "Finn pasient (navn eller rom)";
pub const OVERVIEW: &str = "Oversikt";
pub const OVERVIEW_EXPLAINED: &str = "Øverst står den som trenger noen først: alvorlige symptomer (7–10) som forverres, så alvorlige, så forverring siden forrige registrering, så de som ikke er vurdert innen intervallet.";
pub const FLAG_SEVERE: &str = "Alvorlig";
pub const FLAG_WORSE: &str = "Forverret";
pub const FLAG_OVERDUE: &str = "Ikke vurdert";
pub const NO_FLAGS: &str = "Ingen varsler";
pub const TREND: &str = "Forløp";
pub const TREND_TITLE: &str = "Forløp – grafisk oversikt over registrerte symptomer (ESAS-r)";
pub const PERIOD: &str = "Periode";
pub const TABLE_VIEW: &str = "Tabell";
pub const BODY_MAP_HEAT: &str = "Kroppskart i perioden";
pub const NO_MARKS_IN_PERIOD: &str = "Ingen markeringer på kroppskartet i perioden.";
pub const NO_REGISTRATIONS_IN_PERIOD: &str = "Ingen registreringer i perioden.";
pub const TIMES_MARKED: &str = "Antall ganger";
pub const HIGHEST: &str = "Høyeste";
pub const LAST_MARKED: &str = "Sist";
pub const REGION: &str = "Område";
pub const CHART_LEGEND: &str = "Rødt felt: alvorlig (7–10). × under 0: kan ikke vurdere (KIV) – et brudd i linjen, aldri 0. ▲ rød: klinisk betydningsfull forverring, ▼ grønn: bedring (Hui 2016).";

/// "hver 24. time": a unit's assessment interval.
pub fn every_hours(hours: i32) -> String {
    format!("skal vurderes hver {hours}. time")
}

/// Why a write conflicts with what is stored, in words a nurse can act on.
#[cfg(feature = "ssr")]
pub fn conflict(conflict: &crate::storage::Conflict) -> String {
    use crate::storage::Conflict;
    match conflict {
        Conflict::UnitNameTaken(name) => format!("Det finnes allerede en enhet som heter «{name}»."),
        Conflict::UsernameTaken(name) => format!("Brukernavnet «{name}» er allerede i bruk."),
        Conflict::AlreadyCorrected => {
            "Denne versjonen er allerede rettet. Åpne den nyeste versjonen og rett den.".into()
        }
        Conflict::CorrectedMeanwhile => {
            "Denne versjonen ble nettopp rettet av noen andre. Åpne den nyeste versjonen.".into()
        }
        Conflict::RequestIdReused => {
            "Skjemaet er allerede brukt til noe annet. Last siden på nytt og fyll inn skjemaet igjen.".into()
        }
        Conflict::FollowupClosed => {
            "Oppfølgingen er allerede lukket. Ingenting ble lagret; last siden på nytt for å se hva som skjedde.".into()
        }
        Conflict::FollowupTaken { by_name, at } => format!(
            "{by_name} følger allerede opp (siden {}). Du kan likevel registrere tiltak.",
            lindra::time::format_time(*at)
        ),
        Conflict::ApiClientNameTaken(name) => format!("Det finnes allerede en API-klient som heter «{name}»."),
        Conflict::NationalIdTaken => "Fødselsnummer: en annen pasient i Lindra har allerede dette nummeret.".into(),
    }
}

/// The access log's role column: the role's name, or «API-klient» for a system.
pub fn audit_role(code: &str) -> String {
    match crate::model::Role::from_code(code) {
        Some(role) => crate::components::layout::role_label(role).to_string(),
        None if code == crate::model::API_CLIENT_ROLE => "API-klient".into(),
        None => code.to_string(),
    }
}

/// What a patient reads in the access log for each action.
pub fn audit_action(action: crate::model::AuditAction) -> &'static str {
    use crate::model::AuditAction as A;
    match action {
        A::PatientRead => "Åpnet pasientsiden",
        A::PatientListRead => "Åpnet pasientlisten",
        A::RegistrationCreate => "Registrerte",
        A::RegistrationRead => "Åpnet en registrering",
        A::RegistrationCorrect => "Rettet en registrering",
        A::TrendRead => "Så forløpet",
        A::UnitOverviewRead => "Så enhetsoversikten",
        A::PdfExport => "Lagde PDF-oppsummering",
        A::AccessLogRead => "Så tilgangsloggen",
        A::AdminRead => "Åpnet administrasjonen",
        A::AdminUnitCreate => "La til en enhet",
        A::AdminUnitUpdate => "Endret en enhet",
        A::AdminUserCreate => "La til en bruker",
        A::AdminUserActive => "Aktiverte eller deaktiverte en bruker",
        A::AdminUserSessionsEnd => "Logget ut en bruker overalt",
        A::AdminPatientCreate => "La til pasienten",
        A::PatientMove => "Flyttet pasienten til en annen enhet",
        A::FollowupRead => "Så oppfølgingen",
        A::FollowupAcknowledge => "Tok oppfølgingen",
        A::FollowupAction => "Registrerte tiltak i oppfølgingen",
        A::FollowupClose => "Lukket oppfølgingen",
        A::ExpectedSymptomSet => "Satte et forventet symptom",
        A::HandoverRead => "Så vaktrapporten",
        A::QualityRead => "Så enhetens kvalitetstall",
        A::FhirRead => "Hentet data via FHIR",
        A::AdminApiClientCreate => "La til en API-klient",
        A::AdminApiClientRevoke => "Trakk tilbake en API-klient",
        A::NationalIdSet => "Satte fødselsnummeret",
        A::NationalIdRead => "Så fødselsnummeret",
        A::Login => "Logget inn",
        A::Logout => "Logget ut",
        A::PinSet => "Satte PIN-kode",
        A::SessionLock => "Låste økten",
        A::SessionUnlock => "Låste opp med PIN-kode",
        A::SecondFactorCheck => "Brukte engangskode ved innlogging",
        A::SecondFactorChange => "Endret totrinnsinnlogging",
        A::PatientModeStart => "Ga nettbrettet til pasienten",
        A::PatientModeEnd => "Tok nettbrettet tilbake fra pasienten",
        A::Request => "Forespørsel",
    }
}

/// What a patient reads in the access log for each outcome.
pub fn audit_outcome(outcome: crate::model::AuditOutcome) -> &'static str {
    use crate::model::AuditOutcome as O;
    match outcome {
        O::Ok => "Tillatt",
        O::Denied => "Avvist",
        O::Invalid => "Ugyldig skjema",
        O::Duplicate => "Sendt på nytt",
        O::NotFound => "Fant ikke",
        O::Conflict => "Avvist: i konflikt med det som er lagret",
        O::Failed => "Mislyktes",
        O::Throttled => "Sperret: for mange forsøk",
        O::Enabled => "Aktivert",
        O::Disabled => "Deaktivert",
        O::Malformed => "Avvist: kunne ikke leses",
        O::TooLarge => "Avvist: for stor",
        O::UnsupportedType => "Avvist: feil innholdstype",
        O::MethodNotAllowed => "Avvist: metode ikke tillatt",
        O::CrossOrigin => "Avvist: fra en annen nettside",
        O::NotSignedIn => "Avvist: ikke innlogget",
    }
}

// Fields named when a request cannot be read (`wire`).
pub const FIELD_OTHER_PROBLEM: &str = "Annet problem";
pub const FIELD_FORM: &str = "Skjemaet";
pub const FIELD_REASON: &str = "Årsak";
pub const FIELD_REQUEST_ID: &str = "Skjema-id";
pub const FIELD_PATIENT: &str = "Pasient";
pub const FIELD_REGISTRATION: &str = "Registrering";
pub const FIELD_UNIT: &str = "Enhet";
pub const FIELD_USER: &str = "Bruker";
pub const FIELD_ACTIVE: &str = "Aktiv";
pub const FIELD_NAME: &str = "Navn";
pub const FIELD_UNIT_KIND: &str = "Type";
pub const FIELD_INTERVAL: &str = "Intervall";
pub const FIELD_CONTACT: &str = "Kontakt";
pub const FIELD_ROLE: &str = "Rolle";
pub const FIELD_BIRTH_DATE: &str = "Fødselsdato";

/// A score whose value is not a whole number (3.5, "tre", ...).
pub fn unreadable_score(label: &str) -> String {
    format!("{label}: må være et helt tall fra 0 til 10. Ingenting er lagret.")
}

/// A value that is not what the field holds.
pub fn unreadable_field(label: &str) -> String {
    format!("{label}: verdien kunne ikke leses. Ingenting er lagret.")
}

/// A request larger than any form.
pub fn too_large(max_kib: usize) -> String {
    format!("Forespørselen ble avvist: den er større enn {max_kib} KB, og et skjema er aldri så stort.")
}

pub const UNIT_PRN_MINUTES: &str = "Revurdering etter behovsmedisin (minutter)";
pub const UNIT_OTHER_MINUTES: &str = "Revurdering etter andre tiltak (minutter)";
pub fn reassess_minutes_invalid(prn: bool) -> String {
    let label = if prn { "Revurdering etter behovsmedisin" } else { "Revurdering etter andre tiltak" };
    format!("{label}: et helt antall minutter fra 5 til 1440.")
}

// The follow-up loop on the pages.
pub const FOLLOWUP: &str = "Oppfølging";
pub const FOLLOWUP_NOT_FOUND: &str = "Oppfølgingen finnes ikke for denne pasienten.";
pub const EXPECTED_SYMPTOMS: &str = "Forventede symptomer";
pub const EXPECTED_SYMPTOMS_LOWER: &str = "å sette forventede symptomer";
/// The app could not be loaded into a page that needs it (a form).
pub const APP_LOAD_FAILED: &str =
    "Skjemaet kunne ikke lastes helt, så trykk blir ikke tatt vare på. Sjekk nettet og last siden på nytt.";
pub const NOT_LIVE: &str = "Ikke live: siden oppdateres ikke av seg selv nå.";
pub const RELOAD: &str = "Last inn på nytt";
pub fn open_followups(n: i64) -> String {
    match n {
        1 => "1 åpen oppfølging".into(),
        n => format!("{n} åpne oppfølginger"),
    }
}
pub const NO_OPEN_FOLLOWUP: &str = "Ingen åpen oppfølging.";
pub const I_FOLLOW_UP: &str = "Jeg følger opp";
pub const RECORD_ACTION: &str = "Registrer tiltak";
pub const ACTION_KIND: &str = "Hva ble gjort?";
pub const ACTION_TEXT: &str = "Beskrivelse (må fylles ut for «Annet»)";
pub const ACTION_DONE_AT: &str = "Klokkeslett tiltaket ble gjort (tt:mm)";
pub const ACTION_REASSESS: &str = "Revurder etter (minutter)";
pub const SAVE_ACTION: &str = "Lagre tiltak";
pub const CLOSE_FOLLOWUP: &str = "Lukk oppfølgingen";
pub const CLOSE_WHY: &str = "Hvorfor lukkes den?";
pub const NO_EXPECTED_SYMPTOMS: &str =
    "Ingen forventede symptomer er satt: alle symptomer åpner oppfølging fra 7.";
pub const SET_EXPECTED: &str = "Sett forventet symptom";
pub const EXPECTED_ITEM: &str = "Symptom";
pub const EXPECTED_LEVEL: &str = "Forventet nivå (7-10)";
pub const EXPECTED_REASON: &str = "Begrunnelse";
pub const EXPECTED_DAYS: &str = "Gjelder i antall dager (høyst 14)";
pub const CHOOSE: &str = "Velg";
pub fn reassess_default(minutes: i64) -> String {
    format!("Tomt felt: enhetens standard, {minutes} minutter.")
}
pub fn earlier_followups(n: usize) -> String {
    format!("Tidligere oppfølginger ({n})")
}
pub fn opened_at(at: chrono::DateTime<chrono::Utc>, minutes: i64) -> String {
    format!("åpnet {}, lukket etter {} min", lindra::time::format_date_time(at), minutes)
}
pub fn expected_set_by(symptom: &lindra::followup::ExpectedSymptom, by: &str) -> String {
    format!("{} (satt av {by})", lindra::text::followup::expected(symptom))
}
pub fn overdue_reassessments(n: i64) -> String {
    match n {
        1 => "1 revurdering forfalt".into(),
        n => format!("{n} revurderinger forfalt"),
    }
}
pub const UNIT_SHIFTS: &str = "Vakter (navn og start, for eksempel «Dag 07:00, Kveld 15:00, Natt 23:00»)";
pub const HANDOVER: &str = "Vaktrapport";
pub const HANDOVER_SHIFTS: &str = "Velg vakt";
pub const EARLIER_SHIFT: &str = "← Forrige vakt";
pub const LATER_SHIFT: &str = "Neste vakt →";
pub const NOTHING_NEW: &str = "Ingenting nytt i vakten";
pub const NOT_ASSESSED_IN_INTERVAL: &str = "Ikke vurdert innen intervallet, sist";
pub fn handover_title(shift: &str, from: &str, to: &str) -> String {
    format!("Vakt: {shift}, {from}–{to}")
}
pub fn handover_back(max: i64) -> String {
    format!("Vakt: velg en av de siste {max} vaktene.")
}
pub fn esas_by(by: &str, completed_by: &str) -> String {
    format!("ESAS-r ({by}, utfylt av {})", completed_by.to_lowercase())
}
pub const PRINT_HANDOVER: &str = "Skriv ut (PDF)";

pub const CHARTS_FAILED: &str = "Kurvene kunne ikke tegnes. Prøv igjen.";
pub const QUALITY: &str = "Kvalitet";
pub const ROLE_SEES_NO_PATIENTS: &str = "Din rolle (avdelingsleder) gir tilgang til vaktrapporten og kvalitetstallene, ikke til pasientsider, forløp eller PDF.";
pub const UNIT_NOT_FOUND: &str = "Enheten finnes ikke.";
/// The heading of the page a PDF download gives instead when it is not made.
pub const PDF_NOT_MADE: &str = "PDF-en ble ikke laget";

/// The quality view (Kvalitet).
pub mod quality {
    pub const PERIOD: &str = "Periode";
    pub const UNIT: &str = "Enhet";
    pub const PATIENTS: &str = "Pasienter";
    pub const REGISTRATIONS: &str = "Registreringer";
    pub const ASSESSED_IN_TIME: &str = "Vurdert i tide";
    pub const MEDIAN_HOURS_BETWEEN: &str = "Timer mellom vurderinger (median)";
    pub const BY_PATIENT: &str = "Fylt ut av pasienten";
    pub const BY_RELATIVE: &str = "Fylt ut av pårørende";
    pub const BY_STAFF: &str = "Fylt ut av helsepersonell";
    pub const FOLLOWUPS_OPENED: &str = "Oppfølginger åpnet";
    pub const MINUTES_TO_ACKNOWLEDGE: &str = "Minutter til tatt (median)";
    pub const MINUTES_TO_CLOSE: &str = "Minutter til lukket (median)";
    pub const CLOSED_BY_REASSESSMENT: &str = "Lukket ved revurdering";
    pub const SEVERE_PAIN_REASSESSED: &str = "Sterk smerte revurdert innen 2 t";
    pub const CHART_ASSESSMENT: &str = "Vurdering";
    pub const CHART_PAIN: &str = "Smerte og oppfølging";
    pub const WEEKS: &str = "Uker";
    pub const MONTHS: &str = "Måneder";
    pub const DOWNLOAD_CSV: &str = "Last ned tabellen (CSV)";
    pub const BAD_PERIOD: &str = "Periode: velg uker eller måneder.";
    pub const RUNNING: &str = "hittil";
    pub const ALL_UNITS: &str = "Alle enhetene dine";
    pub const NO_NAMES: &str = "Tallene gjelder enheten, ikke enkeltpasienter: ingen navn vises, og et tall med færre enn 5 pasienter eller hendelser bak seg vises ikke.";
    pub const TABLE: &str = "Tabell";
    /// The heading of the page the CSV download gives instead when it is not made.
    pub const CSV_NOT_MADE: &str = "Tabellen ble ikke laget";

    /// The CSV column with the count behind a figure.
    pub fn behind(header: &str) -> String {
        format!("{header} (antall bak)")
    }

    /// Under a figure on the page: how many patients or events it rests on.
    pub fn n(n: usize) -> String {
        format!("n = {n}")
    }

    pub fn too_few(n: usize) -> String {
        format!("for få ({n})")
    }

    pub fn in_time_explained(hours: i32) -> String {
        format!(
            "«Vurdert i tide»: andel av pasientenes tid i enheten da siste ESAS-r var høyst {hours} timer gammel (enhetens intervall, regnet på veggklokka), slik oversikten viser det til enhver tid. «Sterk smerte»: smerte 7 eller mer (ESAS-r eller NRS nå); revurdert når en ny registrering kom innen 2 timer."
        )
    }

    pub fn last_complete(label: &str) -> String {
        format!("Siste hele periode: {label}")
    }
}

/// The quick lock of a shared tablet and the personal PIN (issue 21).
pub mod lock {
    use crate::model::PinProblem;

    pub const LOCKED: &str = "Låst";
    pub const LOCKED_EXPLAINED: &str =
        "Nettbrettet ble låst fordi det ikke var i bruk. Ingen pasientopplysninger vises før det er låst opp.";
    pub const SIGNED_IN_AS: &str = "Pålogget";
    pub const PIN: &str = "PIN-kode";
    pub const UNLOCK: &str = "Lås opp";
    pub const WRONG_PIN: &str = "Feil PIN-kode. Etter fem feil må du logge inn på nytt med passord.";
    pub const NO_PIN: &str = "Du har ikke satt noen PIN-kode. Logg inn på nytt med passordet.";
    pub const OTHER_USER: &str = "Logg inn på nytt eller som en annen";
    pub const LOCK_NOW: &str = "Lås";
    pub const LOCK_NOW_LABEL: &str = "Lås nettbrettet nå";
    pub const SET_PIN_LINK: &str = "PIN-kode";
    pub const SET_PIN_TITLE: &str = "PIN-kode for rask opplåsing";
    pub const SET_PIN_EXPLAINED: &str =
        "Med en PIN-kode låses nettbrettet når det ikke har vært i bruk på en stund, \
        og du låser det opp igjen med koden i stedet for passordet. Koden er personlig: 4 til 6 siffer, \
        ikke samme siffer om igjen og ikke en rekke som 1234.";
    pub const CURRENT_PASSWORD: &str = "Passordet ditt";
    pub const NEW_PIN: &str = "Ny PIN-kode (4-6 siffer)";
    pub const NEW_PIN_AGAIN: &str = "Den samme PIN-koden en gang til";
    pub const SAVE_PIN: &str = "Lagre PIN-kode";
    pub const PIN_SAVED: &str =
        "PIN-koden er lagret. Nettbrettet låses nå når det ikke er i bruk, og du låser opp med koden.";
    pub const PIN_ENDED: &str = "For mange feil PIN-koder: økten er avsluttet. Logg inn med passordet.";

    /// Why a new PIN was refused, naming the field.
    pub fn pin_problem(problem: PinProblem) -> &'static str {
        match problem {
            PinProblem::WrongPassword => "Passordet ditt: det er ikke riktig. PIN-koden er ikke endret.",
            PinProblem::Form => "Ny PIN-kode: skriv 4 til 6 siffer, bare tall.",
            PinProblem::TooSimple => {
                "Ny PIN-kode: for lett å gjette (samme siffer om igjen, eller en rekke som 1234). Velg en annen."
            }
            PinProblem::Mismatch => "Den samme PIN-koden en gang til: de to kodene er ikke like.",
            PinProblem::TooManyTries => {
                "Passordet ditt: for mange feil forsøk. Vent 15 minutter og prøv igjen, eller kontakt en administrator."
            }
        }
    }

    /// The field a refusal belongs to (its input's id).
    pub fn pin_problem_field(problem: PinProblem) -> &'static str {
        match problem {
            PinProblem::WrongPassword | PinProblem::TooManyTries => "passord",
            PinProblem::Form | PinProblem::TooSimple => "pin",
            PinProblem::Mismatch => "pin2",
        }
    }
}

/// Patient mode (issue 17), as staff read it: the patient page's handing over and the screen
/// that takes the tablet back. The patient's own words are in `lindra::patient_form`.
pub mod patient_mode {
    use crate::model::PatientModeProblem;

    pub const HAND_OVER_TITLE: &str = "La pasienten svare selv";
    pub const HAND_OVER_EXPLAINED: &str = "Nettbrettet viser da bare spørreskjemaet for denne pasienten, \
        ett spørsmål om gangen, uten andre pasienter og uten tidligere svar. \
        Du tar det tilbake med PIN-koden eller passordet ditt.";
    pub const LANGUAGE: &str = "Språk for pasienten";
    pub const ALSO_PAIN: &str = "Spør også om smerte nå (NRS 0-10)";
    pub const ALSO_BODY_MAP: &str = "Spør også hvor det gjør vondt (forenklet kroppskart, med smerte nå)";
    pub const HAND_OVER: &str = "La pasienten svare selv";
    pub const NYNORSK_NOTE: &str = "Nynorsk er Lindras egen oversettelse, ikke validert.";
    pub const NOT_STARTED: &str = "Kunne ikke gi nettbrettet til pasienten";
    pub const NO_PATIENT_MODE: &str = "Nettbrettet er ikke gitt til noen pasient.";
    pub const NOT_IN_PATIENT_MODE: &str =
        "Nettbrettet er ikke gitt til noen pasient. Gå til pasienten og velg «La pasienten svare selv».";
    pub const HANDED_OVER: &str =
        "Nettbrettet er gitt til en pasient. Lås opp med PIN-koden eller passordet ditt for å gå tilbake.";

    pub const GIVE_BACK_TITLE: &str = "For pleieren";
    pub const GIVE_BACK_EXPLAINED: &str =
        "Lås opp med PIN-koden eller passordet ditt for å ta nettbrettet tilbake fra pasienten.";
    pub const SAVED: &str = "Pasientens svar er lagret.";
    pub const NOT_SAVED: &str =
        "Pasienten har ikke trykket «Ferdig» ennå: svarene er ikke lagret. Låser du opp nå, blir de ikke lagret.";
    pub const PIN: &str = "PIN-kode";
    pub const OR_PASSWORD: &str = "eller passord";
    pub const PASSWORD: &str = "Passord";
    pub const TAKE_BACK: &str = "Lås opp";
    pub const WRONG: &str = "Feil PIN-kode eller passord. Etter fem feil må du logge inn på nytt.";
    pub const BACK_TO_PATIENT: &str = "Tilbake til pasientens skjema";
    pub const SELF_REPORTED: &str = "Pasientens egne svar";
    pub const CORRECTION_KEEPS: &str =
        "Du kan legge til smerte (NRS), kroppskart og notat, eller rette tidspunktet. \
        Pasientens svar på ESAS-r og «Utfylt av» blir stående som pasienten ga dem.";
    pub const SELF_REPORTED_SHORT: &str = "Egne svar";
    /// The mark of a self-report, with the language the patient answered in.
    pub fn self_reported_in(language: lindra::Language) -> String {
        let name = match language {
            lindra::Language::Nb => "bokmål",
            lindra::Language::Nn => "nynorsk",
            lindra::Language::En => "engelsk",
        };
        format!("Pasientens egne svar på nettbrettet ({name})")
    }

    pub fn problem(problem: PatientModeProblem) -> &'static str {
        match problem {
            PatientModeProblem::NoPatient => "Skjemaet manglet pasienten. Gå tilbake til pasienten og prøv igjen.",
            PatientModeProblem::Language => "Språk for pasienten: velg bokmål, nynorsk eller English.",
            PatientModeProblem::NoAccess => {
                "Pasienten finnes ikke, eller du har ikke tilgang til den. Du har tilgang til pasientene i enhetene du arbeider i."
            }
        }
    }
}

/// The second factor (issue 21): the code at sign-in, and setting it up.
pub mod second_factor {
    use crate::pages::second_factor::CodeProblem;

    pub const CODE_TITLE: &str = "Kode fra appen";
    pub const CODE_EXPLAINED: &str = "Skriv koden på seks siffer fra autentiseringsappen din. \
        Har du ikke telefonen, bruk en av reservekodene dine.";
    pub const CODE_LABEL: &str = "Engangskode eller reservekode";
    pub const CODE_SUBMIT: &str = "Logg inn";
    pub const CANCEL: &str = "Avbryt og logg ut";
    pub const NOT_YET: &str = "Innloggingen er ikke fullført: skriv koden fra appen først.";
    pub const ENDED: &str = "For mange feil koder: innloggingen er avbrutt. Logg inn på nytt med passordet.";

    pub const SETUP_TITLE: &str = "Totrinnsinnlogging";
    pub const SETUP_EXPLAINED: &str = "Med totrinnsinnlogging logger du inn med passordet og en kode \
        fra en autentiseringsapp på telefonen (for eksempel Microsoft Authenticator eller Google Authenticator).";
    pub const REQUIRED: &str = "Rollen din krever totrinnsinnlogging: sett den opp før du går videre.";
    pub const BEGIN: &str = "Sett opp totrinnsinnlogging";
    pub const STEP_SCAN: &str = "Skann QR-koden med autentiseringsappen.";
    pub const QR_LABEL: &str = "QR-kode for autentiseringsappen";
    pub const OR_TYPE: &str = "Eller skriv inn denne nøkkelen i appen:";
    pub const FIRST_CODE: &str = "Koden appen viser nå (6 siffer)";
    pub const PASSWORD: &str = "Passordet ditt";
    pub const CONFIRM: &str = "Slå på totrinnsinnlogging";
    pub const SET_UP_DONE: &str = "Totrinnsinnlogging er slått på";
    pub const NEW_CODES_DONE: &str = "Nye reservekoder";
    pub const CODES_EXPLAINED: &str = "Dette er reservekodene dine. Hver av dem kan brukes én gang i stedet for \
        koden fra appen, for eksempel om du mister telefonen. Skriv dem ut eller skriv dem ned og oppbevar dem \
        trygt: de vises bare denne ene gangen.";
    pub const GO_ON: &str = "Videre til Lindra";
    pub const ON_SINCE: &str = "Totrinnsinnlogging er slått på siden";
    pub const NEW_CODES: &str = "Lag nye reservekoder";
    pub const REMOVE: &str = "Slå av totrinnsinnlogging";
    pub const REMOVED: &str = "Totrinnsinnlogging er slått av.";
    pub const LINK: &str = "Totrinnsinnlogging";
    pub const HAS_FACTOR: &str = "totrinn";
    pub const RESET: &str = "Fjern totrinn";
    pub const RESET_DONE: &str =
        "Totrinnsinnloggingen er fjernet og brukeren er logget ut. Den settes opp igjen ved neste innlogging.";

    pub fn codes_left(n: i64) -> String {
        match n {
            0 => "Du har ingen ubrukte reservekoder. Lag nye.".into(),
            1 => "Du har én ubrukt reservekode.".into(),
            n => format!("Du har {n} ubrukte reservekoder."),
        }
    }

    /// Why a code or a change was refused, naming the field.
    pub fn problem(problem: CodeProblem) -> &'static str {
        match problem {
            CodeProblem::Wrong => "Koden: den er ikke riktig, eller er brukt før. Skriv koden appen viser nå.",
            CodeProblem::WrongPassword => "Passordet ditt: det er ikke riktig. Ingenting er endret.",
            CodeProblem::TooManyTries => {
                "Passordet ditt: for mange feil forsøk. Vent 15 minutter og prøv igjen, eller kontakt en administrator."
            }
            CodeProblem::Required => "Rollen din krever totrinnsinnlogging: den kan ikke slås av.",
        }
    }
}
