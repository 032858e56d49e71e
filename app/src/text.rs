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
pub const USER_CREATED: &str = "Brukeren er lagt til.";
pub const USER_UPDATED: &str = "Brukeren er oppdatert. En deaktivert bruker er logget ut overalt.";
pub const PATIENT_CREATED: &str = "Pasienten er lagt til.";
pub const PATIENT_MOVED: &str = "Pasienten er flyttet.";
pub const FIX_FIELDS: &str = "Ikke lagret. Rett feltene som er merket.";
