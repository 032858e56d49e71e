//! What the UI shows and what travels between browser and server: row types of the clinic
//! (units, patients, stored registrations, audit events). Storage maps its rows into these; the
//! domain's [`Registration`] sits inside them unchanged.

use chrono::{DateTime, NaiveDate, Utc};
pub use lindra::followup::steps::{
    Action, ActionKind, CloseReason, Followup, State as FollowupState, Step, StepKind,
};
pub use lindra::followup::ExpectedSymptom;
use lindra::Registration;
use serde::{Deserialize, Serialize};

/// A care unit: a nursing-home ward, a home-care zone, a hospital ward.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    pub id: i64,
    pub name: String,
    /// sykehjem, hjemmetjeneste, sykehus, palliativ_enhet
    pub kind: String,
    /// How often an ESAS-r is expected, in hours.
    pub assessment_interval_hours: i32,
    pub contact_phone: String,
    pub contact_after_hours: String,
    /// When to re-assess after behovsmedisin, in minutes after the dose.
    pub prn_reassess_minutes: i32,
    /// When to re-assess after any other action, in minutes.
    pub reassess_minutes: i32,
    /// The unit's shifts (vakter), for the handover.
    pub shifts: lindra::shift::Shifts,
    /// The unit's written language (målform): its records, access log and PDF are in it, and
    /// it is its staff's UI language unless they choose another.
    pub language: lindra::Language,
    /// How soon an idle tablet locks for its staff, in minutes (1-60); `None`: the server's.
    pub lock_after_minutes: Option<i32>,
    /// Everyone who works here must have a second factor, whatever the server's policy.
    pub second_factor_for_all: bool,
}

impl From<&Unit> for NewUnit {
    /// The unit as its form holds it, to change.
    fn from(unit: &Unit) -> NewUnit {
        NewUnit {
            name: unit.name.clone(),
            kind: unit.kind.clone(),
            assessment_interval_hours: unit.assessment_interval_hours,
            contact_phone: unit.contact_phone.clone(),
            contact_after_hours: unit.contact_after_hours.clone(),
            prn_reassess_minutes: unit.prn_reassess_minutes,
            reassess_minutes: unit.reassess_minutes,
            shifts: unit.shifts.text(),
            language: unit.language,
            lock_after_minutes: unit.lock_after_minutes,
            second_factor_for_all: unit.second_factor_for_all,
        }
    }
}

impl Unit {
    pub fn reassess_defaults(&self) -> lindra::followup::steps::ReassessDefaults {
        lindra::followup::steps::ReassessDefaults {
            prn_minutes: i64::from(self.prn_reassess_minutes),
            other_minutes: i64::from(self.reassess_minutes),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewUnit {
    pub name: String,
    pub kind: String,
    pub assessment_interval_hours: i32,
    pub contact_phone: String,
    pub contact_after_hours: String,
    pub prn_reassess_minutes: i32,
    pub reassess_minutes: i32,
    /// The shifts on one line as the administrator typed them: "Dag 07:00, Kveld 15:00, Natt
    /// 23:00" (`lindra::shift::Shifts::parse`).
    pub shifts: String,
    /// Bokmål or nynorsk.
    #[serde(default)]
    pub language: lindra::Language,
    #[serde(default)]
    pub lock_after_minutes: Option<i32>,
    #[serde(default)]
    pub second_factor_for_all: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Patient {
    pub id: i64,
    pub name: String,
    pub birth_date: NaiveDate,
    pub room: String,
    pub unit_id: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewPatient {
    pub name: String,
    pub birth_date: NaiveDate,
    pub room: String,
    pub unit_id: i64,
}

/// A line of a unit's patient list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatientSummary {
    pub patient: Patient,
    /// When the latest registration was made (observed), if any.
    pub last_observed_at: Option<DateTime<Utc>>,
}

/// A patient with the two most recent registrations, for the unit overview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatientLatest {
    pub patient: Patient,
    pub latest: Option<StoredRegistration>,
    pub previous: Option<StoredRegistration>,
}

/// Roles. Every role sees only the patients of its own units; resource nurses and
/// administrators may also show a patient the access log of their record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Helsefagarbeider,
    Sykepleier,
    Ressurssykepleier,
    Administrator,
    /// Avdelingsleder: the handover report and the quality view of the units, no patient's
    /// page, trend, registration or PDF.
    Avdelingsleder,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Helsefagarbeider,
        Role::Sykepleier,
        Role::Ressurssykepleier,
        Role::Administrator,
        Role::Avdelingsleder,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::Helsefagarbeider => "helsefagarbeider",
            Role::Sykepleier => "sykepleier",
            Role::Ressurssykepleier => "ressurssykepleier",
            Role::Administrator => "administrator",
            Role::Avdelingsleder => "avdelingsleder",
        }
    }

    /// Whether the role may open a patient's data: every route that shows one patient, a unit's
    /// patient list and overview. The leader sees figures and the handover report only.
    pub fn sees_patients(self) -> bool {
        !matches!(self, Role::Avdelingsleder)
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub password_hash: Option<String>,
    /// When the password stops working if it is a start password ([`START_PASSWORD_HOURS`]),
    /// which the user must replace at her first sign-in; `None`: a password of her own.
    pub start_password_until: Option<DateTime<Utc>>,
    pub unit_ids: Vec<i64>,
}

/// How long a start password (made by Lindra for a new user, or after a reset) works: long
/// enough to reach a new employee over a weekend, short enough not to become a password.
pub const START_PASSWORD_HOURS: i64 = 72;

/// One stored version of a registration. Versions are never changed: a correction is a new
/// version that names the one it replaces, with who, when and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredRegistration {
    pub id: i64,
    /// The first version's id: the same for every version of one registration.
    pub root_id: i64,
    pub patient_id: i64,
    /// 1 for the original, 2 for its first correction, ...
    pub version: i32,
    /// The version this one replaces.
    pub supersedes: Option<i64>,
    pub correction_reason: Option<String>,
    pub recorded_at: DateTime<Utc>,
    pub recorded_by: i64,
    pub recorded_by_name: String,
    pub registration: Registration,
}

/// A new registration to store. `request_id` is made by the form once per registration, so a
/// double tap or a resend after a lost answer never stores twice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewRegistration {
    pub patient_id: i64,
    pub recorded_by: i64,
    pub request_id: String,
    pub registration: Registration,
}

/// A correction of the version `replaces`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Correction {
    pub replaces: i64,
    pub recorded_by: i64,
    pub request_id: String,
    pub reason: String,
    pub registration: Registration,
}

/// Whether storing created a row, or found the one an earlier try of the same request made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recorded {
    pub registration: StoredRegistration,
    pub created: bool,
    /// The id of the follow-up this registration opened, added its reasons to or closed. Only
    /// the id: loading the follow-up with all its steps on every save cost recording a third of
    /// its throughput (docs/benchmarks.md); whoever needs it loads it.
    pub followup: Option<i64>,
}

/// A step of a follow-up a nurse takes: acknowledge, an action, or closing it by hand.
/// `request_id` is made once per form, as for registrations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewFollowupStep {
    pub patient_id: i64,
    pub followup_id: i64,
    pub by: i64,
    pub request_id: String,
    pub kind: StepKind,
}

/// An expected symptom as stored, with who set it and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredExpectedSymptom {
    pub id: i64,
    pub patient_id: i64,
    pub symptom: ExpectedSymptom,
    pub set_at: DateTime<Utc>,
    pub set_by_name: String,
}

/// A new expected symptom for a patient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewExpectedSymptom {
    pub patient_id: i64,
    pub set_by: i64,
    pub request_id: String,
    pub symptom: ExpectedSymptom,
}

/// Declares a code-backed enum of the access log: each variant stored as its stable code, so
/// rows written by any version of Lindra read back the same.
macro_rules! audit_codes {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $code:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $code)] $variant,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The code stored in the database.
            pub fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code,)+
                }
            }

            pub fn from_code(code: &str) -> Option<$name> {
                match code {
                    $($code => Some($name::$variant),)+
                    _ => None,
                }
            }
        }
    };
}

audit_codes! {
    /// What was done. The words a patient reads for each are in `text::ui().audit_action`.
    AuditAction {
        PatientRead = "patient.read",
        PatientListRead = "patient_list.read",
        RegistrationCreate = "registration.create",
        RegistrationRead = "registration.read",
        RegistrationCorrect = "registration.correct",
        TrendRead = "trend.read",
        UnitOverviewRead = "unit_overview.read",
        PdfExport = "pdf.export",
        AccessLogRead = "access_log.read",
        AdminRead = "admin.read",
        AdminUnitCreate = "admin.unit.create",
        AdminUnitUpdate = "admin.unit.update",
        AdminUserCreate = "admin.user.create",
        AdminUserActive = "admin.user.active",
        /// The administrator gave a user a new start password (a forgotten one), which ends
        /// the user's sessions and must be replaced at the next sign-in.
        AdminUserStartPassword = "admin.user.start_password",
        /// The administrator ended every session of a user (the user stays enabled).
        AdminUserSessionsEnd = "admin.user.sessions_end",
        AdminPatientCreate = "admin.patient.create",
        PatientMove = "patient.move",
        /// A follow-up's page section or the unit's open follow-ups were shown.
        FollowupRead = "followup.read",
        /// "Jeg følger opp".
        FollowupAcknowledge = "followup.acknowledge",
        FollowupAction = "followup.action",
        FollowupClose = "followup.close",
        ExpectedSymptomSet = "expected_symptom.set",
        /// The patient was on a unit's handover report (vaktrapport).
        HandoverRead = "handover.read",
        /// A unit's quality figures (no patient's data: the row names the unit).
        QualityRead = "quality.read",
        /// Read through the FHIR interface (by a user's session or an API client).
        FhirRead = "fhir.read",
        AdminApiClientCreate = "admin.api_client.create",
        AdminApiClientRevoke = "admin.api_client.revoke",
        /// The administrator set or removed the patient's national identity number.
        NationalIdSet = "patient.national_id.set",
        /// The patient's national identity number was shown unmasked.
        NationalIdRead = "patient.national_id.read",
        Login = "login",
        Logout = "logout",
        /// The user changed her own password (with the current one, or replacing a start
        /// password), or tried.
        PasswordChange = "password.change",
        /// The user set a new PIN (with the password).
        PinSet = "pin.set",
        /// The session was locked (by the user, or idle on a tablet).
        SessionLock = "session.lock",
        /// A PIN opened the session, or was wrong (five wrong end it).
        SessionUnlock = "session.unlock",
        /// A colleague's PIN opened her own session on a shared tablet (or was wrong, or her
        /// fifth wrong one ended it); the row is hers.
        SessionSwitch = "session.switch",
        /// The user ended some or all of her other sessions (with her password).
        SessionsEnd = "session.end_others",
        /// A second-factor code (or a recovery code) at sign-in: right, wrong, or too many.
        SecondFactorCheck = "second_factor.check",
        /// A second factor set up, recovery codes made anew, or the factor removed.
        SecondFactorChange = "second_factor.change",
        /// The tablet was handed to the patient to answer themselves (patient mode).
        PatientModeStart = "patient_mode.start",
        /// Staff took the tablet back from patient mode with a PIN or password (or a wrong one).
        PatientModeEnd = "patient_mode.end",
        /// A request refused before any page or server function ran (wrong method, type or
        /// origin, a body that cannot be read, an unknown server function).
        Request = "request",
    }
}

audit_codes! {
    /// How it ended. The words for each are in `text::ui().audit_outcome`.
    AuditOutcome {
        Ok = "ok",
        Denied = "denied",
        /// The form had problems; nothing was stored.
        Invalid = "invalid",
        /// A resend of a form already stored: nothing new was stored.
        Duplicate = "duplicate",
        NotFound = "not_found",
        /// Refused because it conflicts with what is stored (a request id of another operation,
        /// a version already corrected).
        Conflict = "conflict",
        Failed = "failed",
        Throttled = "throttled",
        Enabled = "enabled",
        Disabled = "disabled",
        /// The body could not be read as the function's arguments.
        Malformed = "malformed",
        /// The body was larger than any form (413).
        TooLarge = "too_large",
        /// The body's Content-Type is not the one the server function takes (415).
        UnsupportedType = "unsupported_type",
        /// A method the route does not answer (405).
        MethodNotAllowed = "method_not_allowed",
        /// A state change from another site, or with no sign of coming from Lindra's own pages.
        CrossOrigin = "cross_origin",
        /// No session: no cookie, or one that is forged, ended or timed out.
        NotSignedIn = "not_signed_in",
    }
}

/// One row of the access log: who did what to which record, when, from where, and the outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEvent {
    pub at: DateTime<Utc>,
    pub user_id: Option<i64>,
    pub username: String,
    pub role: String,
    pub unit_id: Option<i64>,
    pub patient_id: Option<i64>,
    pub action: AuditAction,
    /// What it was done to, e.g. "registration/42".
    pub object: String,
    pub outcome: AuditOutcome,
    pub client_addr: String,
}

/// Refusals of requests with no known user, counted: `count` requests from `client_addr` of
/// one kind to one method and path between `first_at` and `last_at`. An address of `*` counts
/// the refusals beyond what one window keeps apart (a flood from many addresses).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityEvent {
    pub first_at: DateTime<Utc>,
    pub last_at: DateTime<Utc>,
    pub client_addr: String,
    pub kind: AuditOutcome,
    pub method: String,
    pub path: String,
    pub count: i64,
}

/// A session as stored: only the token's hash is kept, never the token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRecord {
    pub user_id: i64,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    /// Locked on a shared tablet: no data until the owner's PIN opens it.
    pub locked: bool,
    /// Wrong PINs since the session was last opened (five end it).
    pub pin_failures: i64,
    /// Handed to a patient: only that patient's own form until staff take it back.
    pub patient_mode: Option<PatientMode>,
    /// Where the sign-in is: done, or waiting for the second factor.
    pub sign_in: SignInStep,
}

/// Where a session is in the sign-in (issue 21). A start password makes a `NewPassword` session;
/// a password alone makes a `Code` session for a user with a second factor, an `Enrol` one for a
/// user who must set one up first; each reaches only the page that finishes the sign-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum SignInStep {
    #[default]
    Done,
    /// The password was right; the code from the authenticator app (or a recovery code) is next.
    Code,
    /// The password was right; the user must set up a second factor before anything else.
    Enrol,
    /// The password was a start password; the user must choose her own before anything else.
    NewPassword,
}

impl SignInStep {
    pub fn code(self) -> &'static str {
        match self {
            SignInStep::Done => "done",
            SignInStep::Code => "code",
            SignInStep::Enrol => "enrol",
            SignInStep::NewPassword => "password",
        }
    }

    pub fn from_code(code: &str) -> Option<SignInStep> {
        [SignInStep::Done, SignInStep::Code, SignInStep::Enrol, SignInStep::NewPassword]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// A user's TOTP second factor as stored: the secret (base32), since when it counts (`None`
/// while set up but not yet confirmed with a code), and the last time step a code was used for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotpRecord {
    pub secret: String,
    pub created_at: DateTime<Utc>,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub last_step: i64,
    /// Recovery codes not yet used.
    pub recovery_codes_left: i64,
}

/// A session handed to one patient on the unit tablet (issue 17): the patient's form and nothing
/// else, until the staff member's PIN or password takes it back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatientMode {
    pub patient_id: i64,
    pub language: lindra::Language,
    pub steps: lindra::patient_form::PatientSteps,
    pub started_at: DateTime<Utc>,
    /// The registration the answers were saved as, once the patient tapped "Ferdig".
    pub registration_id: Option<i64>,
}

/// A password has at least this many characters (ASVS 6.2.1: 8, 15 recommended; see
/// docs/security.md), and at most [`MAX_PASSWORD_CHARS`].
pub const MIN_PASSWORD_CHARS: usize = 12;
pub const MAX_PASSWORD_CHARS: usize = 256;

/// Why a new password is refused. The words are the catalogue's
/// (`text::SettingsWords::password_problem`), in the language of whoever asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordProblem {
    /// Fewer than [`MIN_PASSWORD_CHARS`] characters.
    TooShort,
    /// More than [`MAX_PASSWORD_CHARS`] characters.
    TooLong,
    /// One of the most common passwords, or a word of Norwegian care or a month's name, with or
    /// without digits and signs around it.
    Common,
    /// One character or one piece repeated.
    Repeated,
    /// Built on the user's username or name, or on «Lindra».
    Personal,
}

impl PasswordProblem {
    pub const ALL: [PasswordProblem; 5] = [
        PasswordProblem::TooShort,
        PasswordProblem::TooLong,
        PasswordProblem::Common,
        PasswordProblem::Repeated,
        PasswordProblem::Personal,
    ];

    /// Its code in an address (`/innstillinger?passord=kort`).
    pub fn code(self) -> &'static str {
        match self {
            PasswordProblem::TooShort => "kort",
            PasswordProblem::TooLong => "lang",
            PasswordProblem::Common => "vanlig",
            PasswordProblem::Repeated => "gjentatt",
            PasswordProblem::Personal => "personlig",
        }
    }

    pub fn from_code(code: &str) -> Option<PasswordProblem> {
        PasswordProblem::ALL.into_iter().find(|p| p.code() == code)
    }
}

/// A session signed in on a shared tablet, with its user: what the locked page lists and what a
/// colleague's PIN switches to (server side only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TabletSession {
    pub token_hash: String,
    pub user: User,
    pub pin_set: bool,
    pub locked: bool,
    pub created_at: DateTime<Utc>,
}

/// A single sign-on started at `/oidc/start` and waiting for the identity provider's answer at
/// `/oidc/callback` (server side only: never sent to a browser).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SsoAttempt {
    /// SHA-256 (hex) of the `state` sent to the provider.
    pub state_hash: String,
    /// SHA-256 (hex) of the cookie of the browser that started it: another browser's callback
    /// with this state is refused (login CSRF).
    pub binding_hash: String,
    /// The id_token must carry it.
    pub nonce: String,
    /// PKCE (RFC 7636): sent with the code, whose challenge the provider holds.
    pub code_verifier: String,
    /// The local page to open after the sign-in.
    pub return_to: String,
    pub client_addr: String,
    pub created_at: DateTime<Utc>,
}

/// One of a user's sessions, as «Innstillinger» lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionSummary {
    /// SHA-256 of the session's token (never the token); its first characters name it on the page.
    pub token_hash: String,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub locked: bool,
}

/// A session with its user and the user's units: what every request needs to know who asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionOwner {
    pub session: SessionRecord,
    pub user: User,
    pub unit_ids: Vec<i64>,
    /// The user has set a PIN: the session locks when idle, and the PIN opens it.
    pub pin_set: bool,
    /// The user's own choice of UI language; `None` follows the first unit's.
    pub language_choice: Option<lindra::Language>,
    /// The first unit's written language (bokmål without a unit).
    pub unit_language: lindra::Language,
    /// The shortest lock time of the user's units, in minutes, if any sets one.
    pub unit_lock_after_minutes: Option<i32>,
    /// One of the user's units asks a second factor of everyone.
    pub unit_requires_second_factor: bool,
}

/// Whether a user must have a second factor: under the server's `required` policy the
/// administrator and anyone who works in more than one unit; and, whatever the policy, anyone
/// in a unit that asks it of all. The one rule the sign-in and the settings page both use.
pub fn second_factor_required(
    policy_required: bool,
    role: Role,
    unit_count: usize,
    a_unit_requires_it: bool,
) -> bool {
    a_unit_requires_it || (policy_required && (role == Role::Administrator || unit_count > 1))
}

/// Why a new PIN was refused (`/pin`). The words for each are in `text::LockWords::pin_problem`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PinProblem {
    /// The password given with it was not the user's.
    WrongPassword,
    /// Not 4 to 6 digits.
    Form,
    /// One digit again and again, or a run up or down (1111, 1234, 6543).
    TooSimple,
    /// The two PINs typed differ.
    Mismatch,
    /// Too many wrong passwords lately (the sign-in's throttle).
    TooManyTries,
}

impl PinProblem {
    /// The field a refusal belongs to (its input's id).
    pub fn field(self) -> &'static str {
        match self {
            PinProblem::WrongPassword | PinProblem::TooManyTries => "passord",
            PinProblem::Form | PinProblem::TooSimple => "pin",
            PinProblem::Mismatch => "pin2",
        }
    }

    pub const ALL: [PinProblem; 5] = [
        PinProblem::WrongPassword,
        PinProblem::Form,
        PinProblem::TooSimple,
        PinProblem::Mismatch,
        PinProblem::TooManyTries,
    ];

    /// Its code in the address of the PIN page after a refusal (`/pin?feil=CODE`).
    pub fn code(self) -> &'static str {
        match self {
            PinProblem::WrongPassword => "passord",
            PinProblem::Form => "form",
            PinProblem::TooSimple => "enkel",
            PinProblem::Mismatch => "ulike",
            PinProblem::TooManyTries => "sperret",
        }
    }

    pub fn from_code(code: &str) -> Option<PinProblem> {
        PinProblem::ALL.into_iter().find(|p| p.code() == code)
    }
}

/// Why the tablet could not be handed to the patient (`POST /pasientmodus`). The words for each
/// are in `text::patient_mode().problem`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PatientModeProblem {
    /// The form named no patient.
    NoPatient,
    /// The form named a language the patient form does not have.
    Language,
    /// The patient is not in the user's units, or does not exist.
    NoAccess,
}

/// The access log's role of a row an API client left (its `username` is the client's name).
pub const API_CLIENT_ROLE: &str = "api_client";

/// A system that reads the FHIR interface (an EPJ integration, a registry): the units whose
/// patients it may read, until it expires or is revoked. Its token is stored only as a hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiClient {
    pub id: i64,
    pub name: String,
    pub unit_ids: Vec<i64>,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl ApiClient {
    /// Whether the client's token opens the interface at `now`.
    pub fn in_force(&self, now: DateTime<Utc>) -> bool {
        self.revoked_at.is_none() && now < self.expires_at
    }
}

/// An API client to store: `token_hash` is the SHA-256 of the token shown once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewApiClient {
    pub name: String,
    pub token_hash: String,
    pub unit_ids: Vec<i64>,
    pub created_by: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}
