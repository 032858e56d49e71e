//! What the UI shows and what travels between browser and server: row types of the clinic
//! (units, patients, stored registrations, audit events). Storage maps its rows into these; the
//! domain's [`Registration`] sits inside them unchanged.

use chrono::{DateTime, NaiveDate, Utc};
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
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewUnit {
    pub name: String,
    pub kind: String,
    pub assessment_interval_hours: i32,
    pub contact_phone: String,
    pub contact_after_hours: String,
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
}

impl Role {
    pub const ALL: [Role; 4] =
        [Role::Helsefagarbeider, Role::Sykepleier, Role::Ressurssykepleier, Role::Administrator];

    pub fn code(self) -> &'static str {
        match self {
            Role::Helsefagarbeider => "helsefagarbeider",
            Role::Sykepleier => "sykepleier",
            Role::Ressurssykepleier => "ressurssykepleier",
            Role::Administrator => "administrator",
        }
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
    pub unit_ids: Vec<i64>,
}

/// One stored version of a registration. Versions are never changed: a correction is a new
/// version that names the one it replaces, with who, when and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredRegistration {
    pub id: i64,
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
    /// What was done, e.g. "patient.read", "registration.create".
    pub action: String,
    /// What it was done to, e.g. "registration/42".
    pub object: String,
    /// "ok", "denied", "invalid", "error"
    pub outcome: String,
    pub client_addr: String,
}

/// A session as stored: only the token's hash is kept, never the token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRecord {
    pub user_id: i64,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
}

/// A session with its user and the user's units: what every request needs to know who asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionOwner {
    pub session: SessionRecord,
    pub user: User,
    pub unit_ids: Vec<i64>,
}
