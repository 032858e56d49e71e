//! The storage interface server functions use. The server provides an implementation (SQLite
//! or PostgreSQL) through Leptos context; nothing in `app` knows which, or knows sqlx.

use crate::model::*;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("{0:?} not found")]
    NotFound(Missing),
    /// The write conflicts with what is stored, e.g. a correction of a version that was already
    /// corrected by someone else.
    #[error("conflict: {0:?}")]
    Conflict(Conflict),
    /// The database cannot be reached or refused the operation for reasons of its own.
    #[error("database: {0}")]
    Database(String),
    /// The disk under the database is full (SQLite's SQLITE_FULL, PostgreSQL's disk_full):
    /// nothing of the write is stored, and nothing more can be until someone makes room.
    #[error("disk full: {0}")]
    Full(String),
}

/// What a write or a read needed and did not find. The words for each are the app's
/// (`text::UiWords::missing`), not storage's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    Patient,
    Unit,
    Registration,
    Followup,
    ExpectedSymptom,
    ApiClient,
}

/// Why a write conflicts with what is stored. The words for each are the app's
/// (`AppError::from`), not storage's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Conflict {
    /// Another unit already has this name.
    UnitNameTaken(String),
    /// Another user already has this username.
    UsernameTaken(String),
    /// The version to correct has a correction already: open the newest and correct that.
    AlreadyCorrected,
    /// Another correction of the same version was stored a moment before this one.
    CorrectedMeanwhile,
    /// The request id is taken by another operation: another user's, another patient's or
    /// another record's (or a new registration's id sent as a correction, or the other way).
    /// Never answered with what that operation stored.
    RequestIdReused,
    /// The follow-up is closed: nothing more may be added to it.
    FollowupClosed,
    /// Another nurse took the follow-up a moment before.
    FollowupTaken { by_name: String, at: DateTime<Utc> },
    /// Another API client already has this name.
    ApiClientNameTaken(String),
    /// Another patient already has this national identity number.
    NationalIdTaken,
}

pub type StorageResult<T> = Result<T, StorageError>;

/// What changed, for live pages: never more than a unit's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Unit(i64),
    /// Changes may have been missed (the listener lost its connection): every unit.
    All,
}

/// Which versions of registrations a read wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Versions {
    Current,
    All,
}

/// A period, both ends optional and inclusive.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Period {
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

#[async_trait]
pub trait Storage: Send + Sync + 'static {
    /// A trivial query (`SELECT 1`): can the database answer now? For the readiness check.
    async fn ping(&self) -> StorageResult<()>;
    /// Closes the pool at shutdown: waits for the connections in use to come back, then closes
    /// them all (SQLite checkpoints its write-ahead log into the file when the last one closes).
    async fn close(&self);

    async fn create_unit(&self, unit: NewUnit) -> StorageResult<Unit>;
    async fn units(&self) -> StorageResult<Vec<Unit>>;
    async fn unit(&self, id: i64) -> StorageResult<Option<Unit>>;

    async fn create_user(&self, user: NewUser) -> StorageResult<User>;
    async fn user(&self, id: i64) -> StorageResult<Option<User>>;
    async fn user_by_username(&self, username: &str) -> StorageResult<Option<User>>;

    async fn password_hash(&self, user_id: i64) -> StorageResult<Option<String>>;
    /// Until when the user's password works if it is a start password; `None` if it is her own.
    async fn start_password_until(&self, user_id: i64) -> StorageResult<Option<DateTime<Utc>>>;
    /// Sets a new password and ends every session of the user, in one transaction: her own
    /// (`start_until` `None`), or a start password that works until `start_until`.
    async fn set_password(
        &self,
        user_id: i64,
        hash: &str,
        start_until: Option<DateTime<Utc>>,
    ) -> StorageResult<()>;
    /// Enables or disables a user; disabling ends all the user's sessions at once.
    async fn set_user_active(&self, user_id: i64, active: bool) -> StorageResult<()>;
    async fn user_unit_ids(&self, user_id: i64) -> StorageResult<Vec<i64>>;

    /// Sets the user's PIN (its Argon2id hash).
    async fn set_pin(&self, user_id: i64, hash: &str) -> StorageResult<()>;
    async fn pin_hash(&self, user_id: i64) -> StorageResult<Option<String>>;
    /// Locks the session: it serves no data until [`Storage::unlock_session`].
    async fn lock_session(&self, token_hash: &str) -> StorageResult<()>;
    /// Opens a locked session (a right PIN): in use from `at`, its attempts forgotten.
    async fn unlock_session(&self, token_hash: &str, at: DateTime<Utc>) -> StorageResult<()>;
    /// Takes one of a locked session's `max` PIN attempts before the PIN is checked (so that
    /// attempts made at once are counted at once): the attempts taken so far, this one included,
    /// or `None` if the session is not locked, is gone, or has none left.
    async fn reserve_pin_attempt(&self, token_hash: &str, max: i64) -> StorageResult<Option<i64>>;
    /// Hands the session to a patient (`mode.registration_id` is ignored: nothing saved yet).
    async fn start_patient_mode(&self, token_hash: &str, mode: PatientMode) -> StorageResult<()>;
    /// The patient's answers were saved as `registration_id`.
    async fn patient_mode_saved(&self, token_hash: &str, registration_id: i64) -> StorageResult<()>;
    /// Staff took the tablet back: patient mode ends, the session is in use from `at` and its
    /// PIN attempts are forgotten. False if the session was not in patient mode.
    async fn end_patient_mode(&self, token_hash: &str, at: DateTime<Utc>) -> StorageResult<bool>;

    async fn create_session(&self, token_hash: &str, user_id: i64, at: DateTime<Utc>) -> StorageResult<()>;
    /// A session at a step of the sign-in (a password alone, waiting for the second factor).
    async fn create_session_at(
        &self,
        token_hash: &str,
        user_id: i64,
        at: DateTime<Utc>,
        step: SignInStep,
    ) -> StorageResult<()>;

    /// The user's TOTP second factor, confirmed or being set up.
    async fn totp(&self, user_id: i64) -> StorageResult<Option<TotpRecord>>;
    /// Begins setting up a second factor with `secret` (base32): replaces one not yet
    /// confirmed; false (and nothing changed) if a confirmed one is there.
    async fn begin_totp(&self, user_id: i64, secret: &str, at: DateTime<Utc>) -> StorageResult<bool>;
    /// Confirms the factor being set up with the step of its first code, and stores the
    /// recovery codes' hashes (replacing any); false if there was none being set up.
    async fn confirm_totp(
        &self,
        user_id: i64,
        step: i64,
        recovery_code_hashes: &[String],
        at: DateTime<Utc>,
    ) -> StorageResult<bool>;
    /// Takes time step `step` of a confirmed factor: false if it (or a later one) was used.
    async fn use_totp_step(&self, user_id: i64, step: i64) -> StorageResult<bool>;
    /// Uses a recovery code by its hash: false if it is not the user's or used already.
    async fn use_recovery_code(
        &self,
        user_id: i64,
        code_hash: &str,
        at: DateTime<Utc>,
    ) -> StorageResult<bool>;
    /// New recovery codes for a confirmed factor; the old ones stop working.
    async fn replace_recovery_codes(&self, user_id: i64, code_hashes: &[String]) -> StorageResult<()>;
    /// Removes the user's second factor and recovery codes.
    async fn remove_totp(&self, user_id: i64) -> StorageResult<()>;
    /// The users who have a confirmed second factor.
    async fn users_with_second_factor(&self) -> StorageResult<Vec<i64>>;
    async fn session(&self, token_hash: &str) -> StorageResult<Option<SessionRecord>>;
    /// The session, its user and the user's units in one query (every request asks).
    async fn session_owner(&self, token_hash: &str) -> StorageResult<Option<SessionOwner>>;
    /// The user's own choice of UI language; `None` follows their first unit's.
    async fn set_user_language(&self, user_id: i64, language: Option<lindra::Language>) -> StorageResult<()>;
    async fn touch_session(&self, token_hash: &str, at: DateTime<Utc>) -> StorageResult<()>;
    async fn end_session(&self, token_hash: &str) -> StorageResult<()>;
    async fn end_user_sessions(&self, user_id: i64) -> StorageResult<u64>;
    /// The user's sessions, newest first.
    async fn user_sessions(&self, user_id: i64) -> StorageResult<Vec<SessionSummary>>;

    async fn record_login_failure(
        &self,
        username: &str,
        client_addr: &str,
        at: DateTime<Utc>,
    ) -> StorageResult<()>;
    async fn login_failures_since(
        &self,
        username: &str,
        client_addr: &str,
        since: DateTime<Utc>,
    ) -> StorageResult<i64>;

    /// Marks a session as signed in on the tablet of `tablet_hash` (the SHA-256 of its cookie).
    async fn set_session_tablet(&self, token_hash: &str, tablet_hash: &str) -> StorageResult<()>;
    /// The sessions signed in on a tablet, with their users, newest first.
    async fn tablet_sessions(&self, tablet_hash: &str) -> StorageResult<Vec<TabletSession>>;
    /// Gives a session a new token (a colleague's PIN switched the tablet to it): opened, in use
    /// from `at`, its PIN attempts forgotten; the old token opens nothing. `false` if it is gone.
    async fn reissue_session(
        &self,
        token_hash: &str,
        new_token_hash: &str,
        at: DateTime<Utc>,
    ) -> StorageResult<bool>;
    /// Stores a single sign-on just started, and forgets those started before `forget_before`.
    async fn create_sso_attempt(
        &self,
        attempt: &SsoAttempt,
        forget_before: DateTime<Utc>,
    ) -> StorageResult<()>;
    /// Takes the single sign-on of a state: returns it and removes it, so a second callback
    /// with the same state (a replayed answer) finds nothing.
    async fn take_sso_attempt(&self, state_hash: &str) -> StorageResult<Option<SsoAttempt>>;
    /// How many single sign-ons an address has started since `since` (the start's throttle).
    async fn sso_attempts_since(&self, client_addr: &str, since: DateTime<Utc>) -> StorageResult<i64>;

    /// Every user with the units they work in, by username.
    async fn users(&self) -> StorageResult<Vec<(User, Vec<i64>)>>;

    async fn create_patient(&self, patient: NewPatient) -> StorageResult<Patient>;
    /// Every patient of every unit, by name (for administration).
    async fn all_patients(&self) -> StorageResult<Vec<Patient>>;
    /// Moves a patient to another unit; the move is recorded and the history stays with the patient.
    async fn move_patient(&self, patient_id: i64, to_unit_id: i64, moved_by: i64) -> StorageResult<Patient>;
    async fn patient(&self, id: i64) -> StorageResult<Option<Patient>>;
    /// The unit's patients by room, with when each was last assessed.
    async fn patients_in_unit(&self, unit_id: i64) -> StorageResult<Vec<PatientSummary>>;

    /// Every patient of the unit with the current versions of their two most recently observed
    /// registrations (latest first): what the unit overview flags and sorts.
    async fn unit_overview(&self, unit_id: i64) -> StorageResult<Vec<PatientLatest>>;
    /// Changes a unit's name, kind, assessment interval and contacts (not clinical data).
    async fn update_unit(&self, id: i64, unit: NewUnit) -> StorageResult<Unit>;

    /// Stores a new registration, or returns the one an earlier try with the same request id made.
    async fn record(&self, new: NewRegistration) -> StorageResult<Recorded>;
    /// [`Storage::record`] with its access-log row: `audit` gets the object `registration/ID`
    /// and the outcome `ok`, and is written in the registration's own transaction (one commit:
    /// the registration is never stored without its row); for a resend of a stored form it is
    /// written on its own with the outcome `duplicate`.
    async fn record_audited(&self, new: NewRegistration, audit: AuditEvent) -> StorageResult<Recorded>;
    /// Stores a correction as a new version; the version it replaces stays as it was.
    async fn correct(&self, correction: Correction) -> StorageResult<Recorded>;
    /// Stores many registrations of one patient, and the follow-ups they opened with every step
    /// dated (registration ids in the steps are indexes into `registrations`), in one
    /// transaction (demo data, imports). Answers how many registrations it stored.
    async fn import(
        &self,
        patient_id: i64,
        recorded_by: i64,
        registrations: &[lindra::Registration],
        followups: &[Vec<lindra::followup::steps::DatedStep>],
    ) -> StorageResult<u64>;
    /// The current version of the patient's most recently observed registration.
    async fn latest_registration(&self, patient_id: i64) -> StorageResult<Option<StoredRegistration>>;
    /// Current versions in the period, oldest observation first.
    async fn registrations(&self, patient_id: i64, period: Period) -> StorageResult<Vec<StoredRegistration>>;
    /// Every version of the registration `id` belongs to, oldest first.
    async fn registration_versions(&self, id: i64) -> StorageResult<Vec<StoredRegistration>>;

    /// The patient's open follow-up, if any.
    async fn open_followup(&self, patient_id: i64) -> StorageResult<Option<Followup>>;
    /// The patient's follow-ups opened in the period (both ends optional), oldest first.
    async fn followups(&self, patient_id: i64, period: Period) -> StorageResult<Vec<Followup>>;
    /// The registrations of these patients for the FHIR interface: observed and stored in the
    /// periods, every version (`Versions::All`, by registration and version) or the current
    /// ones (oldest observation first); with their body marks.
    async fn registrations_of(
        &self,
        patient_ids: &[i64],
        observed: Period,
        stored: Period,
        versions: Versions,
    ) -> StorageResult<Vec<StoredRegistration>>;
    /// Sets (or, with `None`, removes) the patient's national identity number, checked before.
    async fn set_national_id(&self, patient_id: i64, national_id: Option<&str>) -> StorageResult<()>;
    /// The national identity numbers of these patients (those who have one).
    async fn national_ids(&self, patient_ids: &[i64]) -> StorageResult<Vec<(i64, String)>>;
    /// The patients of these units, by id.
    async fn patients_in_units(&self, unit_ids: &[i64]) -> StorageResult<Vec<Patient>>;

    async fn create_api_client(&self, client: NewApiClient) -> StorageResult<ApiClient>;
    /// Every API client, revoked and expired ones too, by name.
    async fn api_clients(&self) -> StorageResult<Vec<ApiClient>>;
    /// The client whose token has this hash, in force or not.
    async fn api_client_by_token(&self, token_hash: &str) -> StorageResult<Option<ApiClient>>;
    /// Revokes the client (at once, for every server); a revoked client stays revoked.
    async fn revoke_api_client(
        &self,
        id: i64,
        by: Option<i64>,
        at: DateTime<Utc>,
    ) -> StorageResult<ApiClient>;

    /// The open follow-ups of the unit's patients, oldest first.
    async fn open_followups_in_unit(&self, unit_id: i64) -> StorageResult<Vec<Followup>>;
    /// The follow-ups of the unit's patients that are open, or took a step at or after `since`.
    async fn unit_followups_since(&self, unit_id: i64, since: DateTime<Utc>) -> StorageResult<Vec<Followup>>;
    /// Current versions of the registrations of the unit's patients observed in the period,
    /// oldest first, without their body marks (the handover and quality figures read scores).
    async fn unit_registrations(
        &self,
        unit_id: i64,
        period: Period,
    ) -> StorageResult<Vec<StoredRegistration>>;
    /// What the quality figures of the unit over `[from, to)` read (`lindra::quality`), for
    /// each patient who was in the unit at some time: stays, registrations (current versions,
    /// observed in the period, and the last before it) and the follow-ups opened in it.
    async fn quality_data(
        &self,
        unit_id: i64,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StorageResult<Vec<lindra::quality::PatientData>>;
    /// How many follow-ups are open in each of the units (units with none are left out).
    async fn open_followup_counts(&self, unit_ids: &[i64]) -> StorageResult<Vec<(i64, i64)>>;
    /// Appends a step a nurse takes, checked against the follow-up as it is stored at that
    /// moment (`lindra::followup::steps::check`), with `audit` (object `followup/ID`, outcome
    /// `ok`) in the same transaction. A resend of the same form answers the follow-up as it is.
    async fn followup_step(&self, step: NewFollowupStep, audit: AuditEvent) -> StorageResult<Followup>;
    /// Sets an expected symptom, with its access-log row in the same transaction.
    async fn set_expected_symptom(
        &self,
        new: NewExpectedSymptom,
        audit: AuditEvent,
    ) -> StorageResult<StoredExpectedSymptom>;
    /// The expected symptoms in force at `at` of every patient of the unit, newest first.
    async fn expected_symptoms_in_unit(
        &self,
        unit_id: i64,
        at: DateTime<Utc>,
    ) -> StorageResult<Vec<StoredExpectedSymptom>>;
    /// The patient's expected symptoms in force at `at`, newest first.
    async fn expected_symptoms(
        &self,
        patient_id: i64,
        at: DateTime<Utc>,
    ) -> StorageResult<Vec<StoredExpectedSymptom>>;

    /// Changes as they are committed: which unit's registrations or follow-ups changed. On
    /// PostgreSQL this hears every server process sharing the database (LISTEN/NOTIFY).
    fn changes(&self) -> tokio::sync::broadcast::Receiver<Change>;

    async fn append_audit(&self, event: AuditEvent) -> StorageResult<()>;
    /// Several rows of the access log in one transaction (a list that shows many patients' data).
    async fn append_audits(&self, events: &[AuditEvent]) -> StorageResult<()>;
    /// The access log of one patient, newest first.
    async fn audit_for_patient(&self, patient_id: i64, limit: i64) -> StorageResult<Vec<AuditEvent>>;
    /// The refusals of requests no user is known for, counted (`lindra_server::refusals`).
    async fn append_security_events(&self, events: &[SecurityEvent]) -> StorageResult<()>;
    /// The counted refusals whose last request came at or after `since`, newest first.
    async fn security_events(&self, since: DateTime<Utc>, limit: i64) -> StorageResult<Vec<SecurityEvent>>;
    /// Rows of the access log that name no patient (sign-ins, administration, refused
    /// requests of a signed-in user), newest first.
    async fn audit_without_patient(&self, limit: i64) -> StorageResult<Vec<AuditEvent>>;
}

pub type DynStorage = Arc<dyn Storage>;
