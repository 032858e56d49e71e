//! The SQL both backends run, written once. `$N` placeholders work in SQLite and PostgreSQL alike;
//! column types are chosen so that the same Rust types decode from both (ids BIGINT/INTEGER as
//! i64, scores SMALLINT/INTEGER as i16).
//!
//! sqlx's checked `query!` macros bind to one database, so queries are checked at run time and
//! the storage contract suite, run on both databases, is what keeps them honest.

use crate::storage::encode::*;
use chrono::{DateTime, Utc};
use lindra::{
    BodyMark, CompletedBy, EsasItem, EsasScores, Language, OtherProblem, PainNrs, RegionId, Registration,
    SelfReport,
};
use lindra_app::model::*;
use lindra_app::storage::StorageError;

pub const REGISTRATION_COLUMNS: &str = "r.id, COALESCE(r.root_id, r.id) AS root_id, r.patient_id, r.version, r.supersedes_id, r.correction_reason, \
    r.recorded_at, r.recorded_by, u.display_name AS recorded_by_name, r.observed_at, r.completed_by, \
    r.esas_pain, r.esas_tiredness, r.esas_drowsiness, r.esas_nausea, r.esas_appetite, \
    r.esas_shortness_of_breath, r.esas_depression, r.esas_anxiety, r.esas_wellbeing, \
    r.other_name, r.other_score, r.pain_now, r.pain_worst_24h, r.pain_average_24h, r.breakthrough_pain, r.note, r.self_report_language";

/// Whether a statement's text is worth keeping prepared on its connection.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Statement {
    /// The same text every time: prepared once per connection and cached.
    Cached,
    /// Text made for this one call (ids inlined): caching it would only push the statements
    /// used on every request out of the connection's cache.
    OneOff,
}

/// The operation a request id was sent with: a form is idempotent only for the same operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    Record { patient_id: i64, recorded_by: i64 },
    Correct { replaces: i64, recorded_by: i64 },
}

/// What selects API clients: `$1` of the filter.
#[derive(Debug, Clone, Copy)]
pub enum ApiClientKey<'a> {
    Id(i64),
    Token(&'a str),
    None,
}

/// The registration version a request id stored, and whose operation it was.
#[derive(Debug, Clone, Copy)]
pub struct RequestOwner {
    pub id: i64,
    pub patient_id: i64,
    pub supersedes: Option<i64>,
    pub recorded_by: i64,
}

impl RequestOwner {
    /// Was this stored by `operation` itself (a resend), not by another user, for another
    /// patient, or as another kind of operation?
    pub fn is(&self, operation: Operation) -> bool {
        match operation {
            Operation::Record { patient_id, recorded_by } => {
                self.supersedes.is_none() && self.patient_id == patient_id && self.recorded_by == recorded_by
            }
            Operation::Correct { replaces, recorded_by } => {
                self.supersedes == Some(replaces) && self.recorded_by == recorded_by
            }
        }
    }
}

/// An access-log code read back into its enum; a code this version does not know is an error,
/// not a silent "other".
pub fn audit_code<T>(code: String, parse: fn(&str) -> Option<T>) -> Result<T, sqlx::Error> {
    parse(&code).ok_or_else(|| sqlx::Error::Decode(format!("unknown access-log code {code:?}").into()))
}

/// The columns every access-log query selects, in the order `audit_from` reads them.
pub const AUDIT_COLUMNS: &str =
    "at, user_id, username, role, unit_id, patient_id, action, object, outcome, client_addr";

/// Only current versions: those no correction has replaced.
pub const CURRENT: &str = "NOT EXISTS (SELECT 1 FROM registrations n WHERE n.supersedes_id = r.id)";

pub const INSERT_REGISTRATION: &str = "INSERT INTO registrations (patient_id, root_id, supersedes_id, version, \
    correction_reason, request_id, observed_at, recorded_at, recorded_by, completed_by, \
    esas_pain, esas_tiredness, esas_drowsiness, esas_nausea, esas_appetite, esas_shortness_of_breath, \
    esas_depression, esas_anxiety, esas_wellbeing, other_name, other_score, \
    pain_now, pain_worst_24h, pain_average_24h, breakthrough_pain, note, self_report_language) \
    SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27 \
    WHERE NOT EXISTS (SELECT 1 FROM registrations WHERE request_id = $6) \
    RETURNING id";

/// The columns of one registration version, decoded but not yet assembled.
pub struct RegistrationRow {
    pub id: i64,
    pub root_id: i64,
    pub patient_id: i64,
    pub version: i32,
    pub supersedes_id: Option<i64>,
    pub correction_reason: Option<String>,
    pub recorded_at: DateTime<Utc>,
    pub recorded_by: i64,
    pub recorded_by_name: String,
    pub observed_at: DateTime<Utc>,
    pub completed_by: String,
    pub esas: [Option<i16>; 9],
    pub other_name: Option<String>,
    pub other_score: Option<i16>,
    pub pain: [Option<i16>; 3],
    pub breakthrough_pain: Option<bool>,
    pub note: String,
    pub self_report_language: Option<String>,
}

fn corrupt(what: impl std::fmt::Display) -> StorageError {
    StorageError::Database(format!("stored registration cannot be read: {what}"))
}

impl RegistrationRow {
    pub fn into_stored(self, marks: Vec<BodyMark>) -> Result<StoredRegistration, StorageError> {
        let completed_by =
            CompletedBy::from_code(&self.completed_by).ok_or_else(|| corrupt(&self.completed_by))?;
        let mut symptoms = [None; 9];
        for (slot, column) in symptoms.iter_mut().zip(self.esas) {
            *slot = item_from_column(column).map_err(corrupt)?;
        }
        let other = match (self.other_name, item_from_column(self.other_score).map_err(corrupt)?) {
            (Some(name), Some(value)) => Some(OtherProblem { name, value }),
            _ => None,
        };
        let score = |n: Option<i16>| n.map(score_from_column).transpose().map_err(corrupt);
        let pain = PainNrs {
            now: score(self.pain[0])?,
            worst_24h: score(self.pain[1])?,
            average_24h: score(self.pain[2])?,
            breakthrough: self.breakthrough_pain,
        };
        let self_report = self
            .self_report_language
            .map(|code| {
                Language::from_code(&code)
                    .map(|language| SelfReport { language })
                    .ok_or_else(|| corrupt(code))
            })
            .transpose()?;
        Ok(StoredRegistration {
            id: self.id,
            root_id: self.root_id,
            patient_id: self.patient_id,
            version: self.version,
            supersedes: self.supersedes_id,
            correction_reason: self.correction_reason,
            recorded_at: self.recorded_at,
            recorded_by: self.recorded_by,
            recorded_by_name: self.recorded_by_name,
            registration: Registration {
                observed_at: self.observed_at,
                completed_by,
                esas: EsasScores { symptoms, other },
                pain,
                body_marks: marks,
                note: self.note,
                self_report,
            },
        })
    }
}

/// The values of one INSERT_REGISTRATION, in placeholder order after the first six.
pub struct RegistrationValues {
    pub observed_at: DateTime<Utc>,
    pub completed_by: &'static str,
    pub esas: [Option<i16>; 9],
    pub other_name: Option<String>,
    pub other_score: Option<i16>,
    pub pain: [Option<i16>; 3],
    pub breakthrough: Option<bool>,
    pub note: String,
    pub self_report_language: Option<&'static str>,
}

impl RegistrationValues {
    pub fn of(r: &Registration) -> RegistrationValues {
        RegistrationValues {
            observed_at: to_second(r.observed_at),
            completed_by: r.completed_by.code(),
            esas: EsasItem::SYMPTOMS.map(|item| item_to_column(r.esas.get(item))),
            other_name: r.esas.other.as_ref().map(|o| o.name.clone()),
            other_score: item_to_column(r.esas.other.as_ref().map(|o| o.value)),
            pain: [
                score_to_column(r.pain.now),
                score_to_column(r.pain.worst_24h),
                score_to_column(r.pain.average_24h),
            ],
            breakthrough: r.pain.breakthrough,
            note: r.note.clone(),
            self_report_language: r.self_report.map(|s| s.language.code()),
        }
    }
}

pub fn mark(region: i16, intensity: i16) -> Result<BodyMark, StorageError> {
    let region = RegionId(u16::try_from(region).map_err(corrupt)?);
    region.region().ok_or_else(|| corrupt(format!("region {}", region.0)))?;
    Ok(BodyMark { region, intensity: score_from_column(intensity).map_err(corrupt)? })
}

/// A stored language code (`care_units.language`, `users.language`).
pub fn language(code: String) -> Result<lindra::Language, sqlx::Error> {
    lindra::Language::from_code(&code)
        .ok_or_else(|| sqlx::Error::Decode(format!("unknown language {code:?}").into()))
}

pub fn role(code: &str) -> Result<Role, StorageError> {
    Role::from_code(code).ok_or_else(|| corrupt(format!("role {code}")))
}

/// Generates the [`Storage`](lindra_app::storage::Storage) implementation for a store type
/// holding `pool: sqlx::Pool<$db>`. The body is the same for both databases.
macro_rules! impl_storage {
    ($store:ident, $db:ty) => {
        mod storage_impl {
        use super::$store;
        use $crate::storage::db_error;
        use $crate::storage::encode::to_second;
        use $crate::storage::sql::{self, ApiClientKey, Operation, RegistrationRow, RegistrationValues, RequestOwner, Statement, CURRENT, REGISTRATION_COLUMNS};
        use ::async_trait::async_trait;
        use ::chrono::Utc;
        use ::lindra_app::model::*;
        use ::lindra_app::storage::{Conflict, Missing, Period, Storage, StorageError, StorageResult};
        use ::sqlx::Row as _;
        use ::std::collections::HashMap;

        type DbRow = <$db as ::sqlx::Database>::Row;

        $crate::storage::followups::followup_methods!($store, $db);
        $crate::storage::quality::quality_methods!($store, $db);

        fn unit_from(row: &DbRow) -> Result<Unit, ::sqlx::Error> {
            Ok(Unit {
                id: row.try_get("id")?,
                name: row.try_get("name")?,
                kind: row.try_get("kind")?,
                assessment_interval_hours: row.try_get("assessment_interval_hours")?,
                contact_phone: row.try_get("contact_phone")?,
                contact_after_hours: row.try_get("contact_after_hours")?,
                prn_reassess_minutes: row.try_get("prn_reassess_minutes")?,
                reassess_minutes: row.try_get("reassess_minutes")?,
                shifts: {
                    let text: String = row.try_get("shifts")?;
                    ::lindra::shift::Shifts::parse(&text, ::lindra::Language::Nb.clinical())
                        .map_err(|e| ::sqlx::Error::Decode(format!("shifts {text:?}: {e}").into()))?
                },
                language: sql::language(row.try_get("language")?)?,
                lock_after_minutes: row.try_get("lock_after_minutes")?,
                second_factor_for_all: row.try_get("second_factor_for_all")?,
            })
        }

        fn audit_from(row: &DbRow) -> Result<AuditEvent, ::sqlx::Error> {
            Ok(AuditEvent {
                at: row.try_get("at")?,
                user_id: row.try_get("user_id")?,
                username: row.try_get("username")?,
                role: row.try_get("role")?,
                unit_id: row.try_get("unit_id")?,
                patient_id: row.try_get("patient_id")?,
                action: sql::audit_code(row.try_get("action")?, AuditAction::from_code)?,
                object: row.try_get("object")?,
                outcome: sql::audit_code(row.try_get("outcome")?, AuditOutcome::from_code)?,
                client_addr: row.try_get("client_addr")?,
            })
        }

        fn security_event_from(row: &DbRow) -> Result<SecurityEvent, ::sqlx::Error> {
            Ok(SecurityEvent {
                first_at: row.try_get("first_at")?,
                last_at: row.try_get("last_at")?,
                client_addr: row.try_get("client_addr")?,
                kind: sql::audit_code(row.try_get("kind")?, AuditOutcome::from_code)?,
                method: row.try_get("method")?,
                path: row.try_get("path")?,
                count: row.try_get("count")?,
            })
        }

        fn patient_from(row: &DbRow) -> Result<Patient, ::sqlx::Error> {
            Ok(Patient {
                id: row.try_get("id")?,
                name: row.try_get("name")?,
                birth_date: row.try_get("birth_date")?,
                room: row.try_get("room")?,
                unit_id: row.try_get("unit_id")?,
            })
        }

        fn user_from(row: &DbRow) -> StorageResult<User> {
            let role: String = row.try_get("role").map_err(db_error)?;
            Ok(User {
                id: row.try_get("id").map_err(db_error)?,
                username: row.try_get("username").map_err(db_error)?,
                display_name: row.try_get("display_name").map_err(db_error)?,
                role: sql::role(&role)?,
                active: row.try_get("active").map_err(db_error)?,
            })
        }

        /// A session's step of the sign-in, from its `second_factor` column.
        fn sign_in_from(row: &DbRow) -> Result<SignInStep, ::sqlx::Error> {
            let code: String = row.try_get("second_factor")?;
            SignInStep::from_code(&code)
                .ok_or_else(|| ::sqlx::Error::Decode(format!("sign-in step {code:?}").into()))
        }

        /// A session's patient mode, from its `patient_mode_*` columns.
        fn patient_mode_from(row: &DbRow) -> Result<Option<PatientMode>, ::sqlx::Error> {
            let Some(patient_id) = row.try_get::<Option<i64>, _>("patient_mode_patient_id")? else {
                return Ok(None);
            };
            let code: Option<String> = row.try_get("patient_mode_language")?;
            let language = code
                .as_deref()
                .and_then(::lindra::Language::from_code)
                .ok_or_else(|| ::sqlx::Error::Decode(format!("patient mode language {code:?}").into()))?;
            let started_at: Option<::chrono::DateTime<Utc>> = row.try_get("patient_mode_started_at")?;
            Ok(Some(PatientMode {
                patient_id,
                language,
                steps: ::lindra::patient_form::PatientSteps {
                    pain_now: row.try_get("patient_mode_pain")?,
                    body_map: row.try_get("patient_mode_body_map")?,
                },
                started_at: started_at.unwrap_or_default(),
                registration_id: row.try_get("patient_mode_registration_id")?,
            }))
        }

        fn registration_row(row: &DbRow) -> Result<RegistrationRow, ::sqlx::Error> {
            let esas_columns = [
                "esas_pain", "esas_tiredness", "esas_drowsiness", "esas_nausea", "esas_appetite",
                "esas_shortness_of_breath", "esas_depression", "esas_anxiety", "esas_wellbeing",
            ];
            let mut esas = [None; 9];
            for (slot, column) in esas.iter_mut().zip(esas_columns) {
                *slot = row.try_get(column)?;
            }
            Ok(RegistrationRow {
                id: row.try_get("id")?,
                root_id: row.try_get("root_id")?,
                patient_id: row.try_get("patient_id")?,
                version: row.try_get("version")?,
                supersedes_id: row.try_get("supersedes_id")?,
                correction_reason: row.try_get("correction_reason")?,
                recorded_at: row.try_get("recorded_at")?,
                recorded_by: row.try_get("recorded_by")?,
                recorded_by_name: row.try_get("recorded_by_name")?,
                observed_at: row.try_get("observed_at")?,
                completed_by: row.try_get("completed_by")?,
                esas,
                other_name: row.try_get("other_name")?,
                other_score: row.try_get("other_score")?,
                pain: [row.try_get("pain_now")?, row.try_get("pain_worst_24h")?, row.try_get("pain_average_24h")?],
                breakthrough_pain: row.try_get("breakthrough_pain")?,
                note: row.try_get("note")?,
                self_report_language: row.try_get("self_report_language")?,
            })
        }

        impl $store {
            /// Registrations selected by `filter` (on `r`), with their body marks selected by
            /// `marks_filter` (on `registration_id`; `None`: without marks, for what reads
            /// scores only), both taking `$1` = `key`.
            async fn load_registrations(
                &self,
                filter: &str,
                marks_filter: Option<&str>,
                key: i64,
                period: Period,
                order: &str,
                statement: Statement,
            ) -> StorageResult<Vec<StoredRegistration>> {
                let persistent = statement == Statement::Cached;
                let query = format!(
                    "SELECT {REGISTRATION_COLUMNS} FROM registrations r JOIN users u ON u.id = r.recorded_by \
                     WHERE {filter} AND ($2 IS NULL OR r.observed_at >= $2) AND ($3 IS NULL OR r.observed_at <= $3) \
                     ORDER BY {order}"
                );
                let rows = ::sqlx::query(&query)
                    .persistent(persistent)
                    .bind(key)
                    .bind(period.from.map(to_second))
                    .bind(period.to.map(to_second))
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db_error)?;
                let Some(marks_filter) = marks_filter.filter(|_| !rows.is_empty()) else {
                    return rows.iter().map(|row| registration_row(row).map_err(db_error)?.into_stored(Vec::new())).collect();
                };
                let marks_query = format!(
                    "SELECT registration_id, region_id, intensity FROM body_marks WHERE {marks_filter} \
                     ORDER BY registration_id, region_id"
                );
                let mut marks: HashMap<i64, Vec<::lindra::BodyMark>> = HashMap::new();
                let marks_rows =
                    ::sqlx::query(&marks_query).persistent(persistent).bind(key).fetch_all(&self.pool).await.map_err(db_error)?;
                for row in marks_rows {
                    let id: i64 = row.try_get("registration_id").map_err(db_error)?;
                    let mark = sql::mark(
                        row.try_get("region_id").map_err(db_error)?,
                        row.try_get("intensity").map_err(db_error)?,
                    )?;
                    marks.entry(id).or_default().push(mark);
                }
                rows.iter()
                    .map(|row| {
                        let r = registration_row(row).map_err(db_error)?;
                        let m = marks.remove(&r.id).unwrap_or_default();
                        r.into_stored(m)
                    })
                    .collect()
            }

            /// The rows of `head` (ending in `IN (`) for these ids, by id; none for none.
            async fn rows_in(&self, head: &str, ids: &[i64]) -> StorageResult<Vec<DbRow>> {
                if ids.is_empty() {
                    return Ok(Vec::new());
                }
                let mut query = ::sqlx::QueryBuilder::<$db>::new(head);
                let mut separated = query.separated(", ");
                for id in ids {
                    separated.push_bind(*id);
                }
                query.push(") ORDER BY id");
                query.build().persistent(false).fetch_all(&self.pool).await.map_err(db_error)
            }

            /// API clients selected by `filter` (on `c`, taking `$1` from `key`), with their units.
            async fn api_client_where(&self, filter: &str, key: ApiClientKey<'_>) -> StorageResult<Vec<ApiClient>> {
                let query = format!(
                    "SELECT c.id, c.name, c.created_at, c.expires_at, c.revoked_at, cu.unit_id FROM api_clients c \
                     LEFT JOIN api_client_units cu ON cu.client_id = c.id WHERE {filter} ORDER BY c.name, c.id, cu.unit_id"
                );
                let query = ::sqlx::query(&query);
                let query = match key {
                    ApiClientKey::Id(id) => query.bind(id),
                    ApiClientKey::Token(hash) => query.bind(hash),
                    ApiClientKey::None => query,
                };
                let rows = query.fetch_all(&self.pool).await.map_err(db_error)?;
                let mut clients: Vec<ApiClient> = Vec::new();
                for row in rows {
                    let id: i64 = row.try_get("id").map_err(db_error)?;
                    let unit: Option<i64> = row.try_get("unit_id").map_err(db_error)?;
                    if clients.last().is_none_or(|c| c.id != id) {
                        clients.push(ApiClient {
                            id,
                            name: row.try_get("name").map_err(db_error)?,
                            unit_ids: Vec::new(),
                            created_at: row.try_get("created_at").map_err(db_error)?,
                            expires_at: row.try_get("expires_at").map_err(db_error)?,
                            revoked_at: row.try_get("revoked_at").map_err(db_error)?,
                        });
                    }
                    if let (Some(unit), Some(client)) = (unit, clients.last_mut()) {
                        client.unit_ids.push(unit);
                    }
                }
                Ok(clients)
            }

            async fn registration_by_id(&self, id: i64) -> StorageResult<StoredRegistration> {
                self.load_registrations("r.id = $1", Some("registration_id = $1"), id, Period::default(), "r.id", Statement::Cached)
                    .await?
                    .pop()
                    .ok_or(StorageError::NotFound(Missing::Registration))
            }

            /// Whose operation a request id belongs to: the version it stored, for which patient,
            /// by whom, and which version it replaced (a correction) or none (a new registration).
            async fn registration_by_request(&self, request_id: &str) -> StorageResult<Option<RequestOwner>> {
                let Some(row) = ::sqlx::query(
                    "SELECT id, patient_id, supersedes_id, recorded_by FROM registrations WHERE request_id = $1",
                )
                .bind(request_id)
                .fetch_optional(&self.pool)
                .await
                .map_err(db_error)?
                else {
                    return Ok(None);
                };
                Ok(Some(RequestOwner {
                    id: row.try_get("id").map_err(db_error)?,
                    patient_id: row.try_get("patient_id").map_err(db_error)?,
                    supersedes: row.try_get("supersedes_id").map_err(db_error)?,
                    recorded_by: row.try_get("recorded_by").map_err(db_error)?,
                }))
            }

            /// The answer to a request id that is already stored: what it stored, if it was this
            /// very operation (same user, same kind, same patient or version); else a conflict that
            /// tells nothing of what the other operation stored.
            async fn earlier_try(&self, owner: RequestOwner, operation: Operation) -> StorageResult<Recorded> {
                if !owner.is(operation) {
                    return Err(StorageError::Conflict(Conflict::RequestIdReused));
                }
                Ok(Recorded { registration: self.registration_by_id(owner.id).await?, created: false, followup: None })
            }

            /// Inserts one version and its body marks on `connection` (inside a transaction).
            /// `previous` is (id, root, version) of the version a correction replaces. `None` when
            /// the request id is stored already (a resend): found by the insert itself, not by a
            /// collision, since SQLite refuses every colliding insert (migration 0004).
            async fn insert_version(
                connection: &mut <$db as ::sqlx::Database>::Connection,
                patient_id: i64,
                previous: Option<(i64, Option<i64>, i32)>,
                reason: Option<&str>,
                request_id: &str,
                recorded_by: i64,
                registration: &::lindra::Registration,
            ) -> Result<Option<i64>, ::sqlx::Error> {
                let v = RegistrationValues::of(registration);
                let (root, supersedes, version) = match previous {
                    Some((id, root, version)) => (Some(root.unwrap_or(id)), Some(id), version + 1),
                    None => (None, None, 1),
                };
                let mut query = ::sqlx::query(sql::INSERT_REGISTRATION)
                    .bind(patient_id)
                    .bind(root)
                    .bind(supersedes)
                    .bind(version)
                    .bind(reason)
                    .bind(request_id)
                    .bind(v.observed_at)
                    .bind(to_second(Utc::now()))
                    .bind(recorded_by)
                    .bind(v.completed_by);
                for column in v.esas {
                    query = query.bind(column);
                }
                let row = query
                    .bind(v.other_name)
                    .bind(v.other_score)
                    .bind(v.pain[0])
                    .bind(v.pain[1])
                    .bind(v.pain[2])
                    .bind(v.breakthrough)
                    .bind(v.note)
                    .bind(v.self_report_language)
                    .fetch_optional(&mut *connection)
                    .await?;
                let Some(row) = row else { return Ok(None) };
                let id: i64 = row.try_get("id")?;
                if !registration.body_marks.is_empty() {
                    // All marks in one statement: one round trip to PostgreSQL, not one per mark.
                    let mut marks = ::sqlx::QueryBuilder::<$db>::new(
                        "INSERT INTO body_marks (registration_id, region_id, intensity) ",
                    );
                    marks.push_values(&registration.body_marks, |mut row, mark| {
                        row.push_bind(id).push_bind(mark.region.0 as i16).push_bind(i16::from(mark.intensity.value()));
                    });
                    marks.build().execute(&mut *connection).await?;
                }
                Ok(Some(id))
            }

            /// The request id is stored already (a resend, or a collision with another
            /// server's insert of the same form): answered by [`earlier_try`](Self::earlier_try).
            async fn already_stored(&self, request_id: &str, operation: Operation) -> StorageResult<Recorded> {
                match self.registration_by_request(request_id).await? {
                    Some(owner) => self.earlier_try(owner, operation).await,
                    None => Err(StorageError::Database(format!("request id {request_id:?} collided but is not stored"))),
                }
            }

            /// The audit row of a form that was already stored (a resend): `duplicate`, on its own.
            async fn duplicate(&self, recorded: Recorded, audit: Option<AuditEvent>) -> StorageResult<Recorded> {
                if let Some(e) = audit {
                    let id = recorded.registration.id;
                    let e = AuditEvent { object: format!("registration/{id}"), outcome: AuditOutcome::Duplicate, ..e };
                    self.write(move |c| Box::pin(async move { insert_audits(c, &[e]).await }))
                        .await
                        .map_err(db_error)?;
                }
                Ok(recorded)
            }

            /// `record` and `record_audited`: a new registration with its audit row (if any) in one
            /// transaction; a form already stored gets its `duplicate` row on its own.
            async fn record_with(&self, new: NewRegistration, audit: Option<AuditEvent>) -> StorageResult<Recorded> {
                // Straight to the insert, which stores nothing if the request id is taken (a
                // resend, rare): no lookup first for every form.
                let request_id = new.request_id.clone();
                let operation = Operation::Record { patient_id: new.patient_id, recorded_by: new.recorded_by };
                let audit_ok = audit.clone();
                let inserted = self
                    .write(move |c| {
                        Box::pin(async move {
                            let Some(id) = Self::insert_version(
                                c, new.patient_id, None, None, &new.request_id, new.recorded_by, &new.registration,
                            )
                            .await?
                            else {
                                return Ok(None);
                            };
                            if let Some(e) = audit_ok {
                                let e = AuditEvent { object: format!("registration/{id}"), outcome: AuditOutcome::Ok, ..e };
                                insert_audits(c, &[e]).await?;
                            }
                            let (followup, unit_id) =
                                Self::followup_on_save(c, new.patient_id, id, new.recorded_by, &new.registration, false).await?;
                            Ok(Some((id, followup, unit_id)))
                        })
                    })
                    .await;
                let (id, followup) = match inserted {
                    Ok(Some((id, followup, unit_id))) => {
                        self.announce(unit_id);
                        (id, followup)
                    }
                    Ok(None) => {
                        let recorded = self.already_stored(&request_id, operation).await?;
                        return self.duplicate(recorded, audit).await;
                    }
                    // Two servers inserting the same form at once (PostgreSQL): one of them wins.
                    Err(e) if is_unique_violation(&e) => {
                        let recorded = self.already_stored(&request_id, operation).await?;
                        return self.duplicate(recorded, audit).await;
                    }
                    Err(e) => return Err(db_error(e)),
                };
                Ok(Recorded { registration: self.registration_by_id(id).await?, created: true, followup })
            }
        }

        /// Appends access-log rows on `connection`: a few statements of up to
        /// `AUDIT_ROWS_PER_INSERT` rows each, not a round trip to PostgreSQL per row (a unit
        /// overview logs one row per patient it shows). A given number of rows always gives the
        /// same text, so each statement stays prepared on its connection.
        async fn insert_audits(
            connection: &mut <$db as ::sqlx::Database>::Connection,
            events: &[AuditEvent],
        ) -> Result<(), ::sqlx::Error> {
            const AUDIT_ROWS_PER_INSERT: usize = 64;
            for chunk in events.chunks(AUDIT_ROWS_PER_INSERT) {
                let mut insert = ::sqlx::QueryBuilder::<$db>::new(
                    "INSERT INTO audit_events (at, user_id, username, role, unit_id, patient_id, action, object, outcome, client_addr) ",
                );
                insert.push_values(chunk, |mut row, e| {
                    row.push_bind(to_second(e.at))
                        .push_bind(e.user_id)
                        .push_bind(&e.username)
                        .push_bind(&e.role)
                        .push_bind(e.unit_id)
                        .push_bind(e.patient_id)
                        .push_bind(e.action.code())
                        .push_bind(&e.object)
                        .push_bind(e.outcome.code())
                        .push_bind(&e.client_addr);
                });
                insert.build().execute(&mut *connection).await?;
            }
            Ok(())
        }

        /// The user's recovery codes, replacing any (inside the caller's write).
        async fn store_recovery_codes(
            connection: &mut <$db as ::sqlx::Database>::Connection,
            user_id: i64,
            hashes: &[String],
        ) -> Result<(), ::sqlx::Error> {
            ::sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(user_id).execute(&mut *connection).await?;
            if !hashes.is_empty() {
                let mut insert = ::sqlx::QueryBuilder::<$db>::new("INSERT INTO recovery_codes (user_id, code_hash) ");
                insert.push_values(hashes, |mut row, hash| {
                    row.push_bind(user_id).push_bind(hash);
                });
                insert.build().execute(&mut *connection).await?;
            }
            Ok(())
        }

        /// A unit's name is unique: say so in words; anything else is a database error.
        fn unit_error(error: ::sqlx::Error, name: &str) -> StorageError {
            if is_unique_violation(&error) {
                StorageError::Conflict(Conflict::UnitNameTaken(name.to_string()))
            } else {
                db_error(error)
            }
        }

        fn is_unique_violation(error: &::sqlx::Error) -> bool {
            error.as_database_error().is_some_and(|e| e.is_unique_violation())
        }

        /// Ends every session of the user, inside the caller's transaction.
        async fn end_sessions_of(tx: &mut ::sqlx::Transaction<'_, $db>, user_id: i64) -> StorageResult<()> {
            ::sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(user_id)
                .execute(&mut **tx)
                .await
                .map(drop)
                .map_err(db_error)
        }

        /// A unique name already taken is `conflict`; any other error is the database's.
        fn or_taken(conflict: Conflict) -> impl FnOnce(::sqlx::Error) -> StorageError {
            move |e| if is_unique_violation(&e) { StorageError::Conflict(conflict) } else { db_error(e) }
        }

        #[async_trait]
        impl Storage for $store {
            async fn ping(&self) -> StorageResult<()> {
                ::sqlx::query("SELECT 1").execute(&self.pool).await.map_err(db_error)?;
                Ok(())
            }

            async fn close(&self) {
                self.pool.close().await;
            }

            async fn create_unit(&self, unit: NewUnit) -> StorageResult<Unit> {
                let row = ::sqlx::query(
                    "INSERT INTO care_units (name, kind, assessment_interval_hours, contact_phone, contact_after_hours, created_at, \
                     prn_reassess_minutes, reassess_minutes, shifts, language, lock_after_minutes, second_factor_for_all) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id, name, kind, assessment_interval_hours, contact_phone, contact_after_hours, prn_reassess_minutes, reassess_minutes, shifts, language, lock_after_minutes, second_factor_for_all",
                )
                .bind(&unit.name)
                .bind(&unit.kind)
                .bind(unit.assessment_interval_hours)
                .bind(&unit.contact_phone)
                .bind(&unit.contact_after_hours)
                .bind(to_second(Utc::now()))
                .bind(unit.prn_reassess_minutes)
                .bind(unit.reassess_minutes)
                .bind(&unit.shifts)
                .bind(unit.language.code())
                .bind(unit.lock_after_minutes)
                .bind(unit.second_factor_for_all)
                .fetch_one(&self.pool)
                .await
                .map_err(|e| unit_error(e, &unit.name))?;
                unit_from(&row).map_err(db_error)
            }

            async fn units(&self) -> StorageResult<Vec<Unit>> {
                ::sqlx::query("SELECT id, name, kind, assessment_interval_hours, contact_phone, contact_after_hours, prn_reassess_minutes, reassess_minutes, shifts, language, lock_after_minutes, second_factor_for_all FROM care_units ORDER BY name")
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db_error)?
                    .iter()
                    .map(|row| unit_from(row).map_err(db_error))
                    .collect()
            }

            async fn unit(&self, id: i64) -> StorageResult<Option<Unit>> {
                ::sqlx::query("SELECT id, name, kind, assessment_interval_hours, contact_phone, contact_after_hours, prn_reassess_minutes, reassess_minutes, shifts, language, lock_after_minutes, second_factor_for_all FROM care_units WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(db_error)?
                    .map(|row| unit_from(&row).map_err(db_error))
                    .transpose()
            }

            async fn create_user(&self, user: NewUser) -> StorageResult<User> {
                let mut tx = self.pool.begin().await.map_err(db_error)?;
                let row = ::sqlx::query(
                    "INSERT INTO users (username, display_name, role, password_hash, start_password_until, active, created_at) \
                     VALUES ($1, $2, $3, $4, $5, TRUE, $6) RETURNING id, username, display_name, role, active",
                )
                .bind(&user.username)
                .bind(&user.display_name)
                .bind(user.role.code())
                .bind(&user.password_hash)
                .bind(user.start_password_until.map(to_second))
                .bind(to_second(Utc::now()))
                .fetch_one(&mut *tx)
                .await
                .map_err(or_taken(Conflict::UsernameTaken(user.username.clone())))?;
                let created = user_from(&row)?;
                for unit_id in &user.unit_ids {
                    ::sqlx::query("INSERT INTO user_units (user_id, unit_id) VALUES ($1, $2)")
                        .bind(created.id)
                        .bind(unit_id)
                        .execute(&mut *tx)
                        .await
                        .map_err(db_error)?;
                }
                tx.commit().await.map_err(db_error)?;
                Ok(created)
            }

            async fn user(&self, id: i64) -> StorageResult<Option<User>> {
                ::sqlx::query("SELECT id, username, display_name, role, active FROM users WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(db_error)?
                    .map(|row| user_from(&row))
                    .transpose()
            }

            async fn user_by_username(&self, username: &str) -> StorageResult<Option<User>> {
                ::sqlx::query("SELECT id, username, display_name, role, active FROM users WHERE username = $1")
                    .bind(username)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(db_error)?
                    .map(|row| user_from(&row))
                    .transpose()
            }

            async fn password_hash(&self, user_id: i64) -> StorageResult<Option<String>> {
                let row = ::sqlx::query("SELECT password_hash FROM users WHERE id = $1")
                    .bind(user_id)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(db_error)?;
                Ok(match row {
                    Some(row) => row.try_get("password_hash").map_err(db_error)?,
                    None => None,
                })
            }

            async fn start_password_until(&self, user_id: i64) -> StorageResult<Option<chrono::DateTime<Utc>>> {
                let row = ::sqlx::query("SELECT start_password_until FROM users WHERE id = $1")
                    .bind(user_id)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(db_error)?;
                Ok(match row {
                    Some(row) => row.try_get("start_password_until").map_err(db_error)?,
                    None => None,
                })
            }

            async fn set_password(
                &self,
                user_id: i64,
                hash: &str,
                start_until: Option<chrono::DateTime<Utc>>,
            ) -> StorageResult<()> {
                let mut tx = self.pool.begin().await.map_err(db_error)?;
                ::sqlx::query("UPDATE users SET password_hash = $1, start_password_until = $2 WHERE id = $3")
                    .bind(hash)
                    .bind(start_until.map(to_second))
                    .bind(user_id)
                    .execute(&mut *tx)
                    .await
                    .map_err(db_error)?;
                end_sessions_of(&mut tx, user_id).await?;
                tx.commit().await.map_err(db_error)
            }

            async fn set_user_active(&self, user_id: i64, active: bool) -> StorageResult<()> {
                let mut tx = self.pool.begin().await.map_err(db_error)?;
                ::sqlx::query("UPDATE users SET active = $1 WHERE id = $2")
                    .bind(active)
                    .bind(user_id)
                    .execute(&mut *tx)
                    .await
                    .map_err(db_error)?;
                if !active {
                    end_sessions_of(&mut tx, user_id).await?;
                }
                tx.commit().await.map_err(db_error)
            }

            async fn user_unit_ids(&self, user_id: i64) -> StorageResult<Vec<i64>> {
                ::sqlx::query("SELECT unit_id FROM user_units WHERE user_id = $1 ORDER BY unit_id")
                    .bind(user_id)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db_error)?
                    .iter()
                    .map(|row| row.try_get("unit_id").map_err(db_error))
                    .collect()
            }

            async fn set_pin(&self, user_id: i64, hash: &str) -> StorageResult<()> {
                ::sqlx::query("UPDATE users SET pin_hash = $1 WHERE id = $2")
                    .bind(hash)
                    .bind(user_id)
                    .execute(&self.pool)
                    .await
                    .map(drop)
                    .map_err(db_error)
            }

            async fn pin_hash(&self, user_id: i64) -> StorageResult<Option<String>> {
                let row = ::sqlx::query("SELECT pin_hash FROM users WHERE id = $1")
                    .bind(user_id)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(db_error)?;
                Ok(match row {
                    Some(row) => row.try_get("pin_hash").map_err(db_error)?,
                    None => None,
                })
            }

            async fn lock_session(&self, token_hash: &str) -> StorageResult<()> {
                ::sqlx::query("UPDATE sessions SET locked = $1 WHERE token_hash = $2")
                    .bind(true)
                    .bind(token_hash)
                    .execute(&self.pool)
                    .await
                    .map(drop)
                    .map_err(db_error)
            }

            async fn unlock_session(&self, token_hash: &str, at: ::chrono::DateTime<Utc>) -> StorageResult<()> {
                ::sqlx::query(
                    "UPDATE sessions SET locked = $1, pin_failures = 0, last_seen_at = $2 WHERE token_hash = $3 AND locked = $4",
                )
                    .bind(false)
                    .bind(to_second(at))
                    .bind(token_hash)
                    .bind(true)
                    .execute(&self.pool)
                    .await
                    .map(drop)
                    .map_err(db_error)
            }

            async fn reserve_pin_attempt(&self, token_hash: &str, max: i64) -> StorageResult<Option<i64>> {
                let row = ::sqlx::query(
                    "UPDATE sessions SET pin_failures = pin_failures + 1 \
                     WHERE token_hash = $1 AND (locked = $2 OR patient_mode_patient_id IS NOT NULL OR second_factor = 'code') \
                     AND pin_failures < $3 RETURNING pin_failures",
                )
                .bind(token_hash)
                .bind(true)
                .bind(max)
                .fetch_optional(&self.pool)
                .await
                .map_err(db_error)?;
                row.map(|row| row.try_get::<i64, _>("pin_failures")).transpose().map_err(db_error)
            }

            async fn totp(&self, user_id: i64) -> StorageResult<Option<TotpRecord>> {
                let row = ::sqlx::query(
                    "SELECT secret, created_at, confirmed_at, last_step, \
                     (SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL) AS codes_left \
                     FROM totp_secrets WHERE user_id = $1",
                )
                .bind(user_id)
                .fetch_optional(&self.pool)
                .await
                .map_err(db_error)?;
                row.map(|row| -> Result<TotpRecord, ::sqlx::Error> {
                    Ok(TotpRecord {
                        secret: row.try_get("secret")?,
                        created_at: row.try_get("created_at")?,
                        confirmed_at: row.try_get("confirmed_at")?,
                        last_step: row.try_get::<i64, _>("last_step")?,
                        recovery_codes_left: row.try_get::<i64, _>("codes_left")?,
                    })
                })
                .transpose()
                .map_err(db_error)
            }

            async fn begin_totp(&self, user_id: i64, secret: &str, at: ::chrono::DateTime<Utc>) -> StorageResult<bool> {
                let secret = secret.to_string();
                self.write(move |c| {
                    Box::pin(async move {
                        ::sqlx::query("DELETE FROM totp_secrets WHERE user_id = $1 AND confirmed_at IS NULL")
                            .bind(user_id)
                            .execute(&mut *c)
                            .await?;
                        let done = ::sqlx::query(
                            "INSERT INTO totp_secrets (user_id, secret, created_at) VALUES ($1, $2, $3) \
                             ON CONFLICT (user_id) DO NOTHING",
                        )
                        .bind(user_id)
                        .bind(secret)
                        .bind(to_second(at))
                        .execute(&mut *c)
                        .await?;
                        Ok(done.rows_affected() == 1)
                    })
                })
                .await
                .map_err(db_error)
            }

            async fn confirm_totp(
                &self,
                user_id: i64,
                step: i64,
                recovery_code_hashes: &[String],
                at: ::chrono::DateTime<Utc>,
            ) -> StorageResult<bool> {
                let hashes = recovery_code_hashes.to_vec();
                self.write(move |c| {
                    Box::pin(async move {
                        let done = ::sqlx::query(
                            "UPDATE totp_secrets SET confirmed_at = $1, last_step = $2 \
                             WHERE user_id = $3 AND confirmed_at IS NULL",
                        )
                        .bind(to_second(at))
                        .bind(step)
                        .bind(user_id)
                        .execute(&mut *c)
                        .await?;
                        if done.rows_affected() != 1 {
                            return Ok(false);
                        }
                        store_recovery_codes(c, user_id, &hashes).await?;
                        Ok(true)
                    })
                })
                .await
                .map_err(db_error)
            }

            async fn use_totp_step(&self, user_id: i64, step: i64) -> StorageResult<bool> {
                ::sqlx::query(
                    "UPDATE totp_secrets SET last_step = $1 \
                     WHERE user_id = $2 AND last_step < $1 AND confirmed_at IS NOT NULL",
                )
                .bind(step)
                .bind(user_id)
                .execute(&self.pool)
                .await
                .map(|done| done.rows_affected() == 1)
                .map_err(db_error)
            }

            async fn use_recovery_code(&self, user_id: i64, code_hash: &str, at: ::chrono::DateTime<Utc>) -> StorageResult<bool> {
                ::sqlx::query(
                    "UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL",
                )
                .bind(to_second(at))
                .bind(user_id)
                .bind(code_hash)
                .execute(&self.pool)
                .await
                .map(|done| done.rows_affected() == 1)
                .map_err(db_error)
            }

            async fn replace_recovery_codes(&self, user_id: i64, code_hashes: &[String]) -> StorageResult<()> {
                let hashes = code_hashes.to_vec();
                self.write(move |c| Box::pin(async move { store_recovery_codes(c, user_id, &hashes).await }))
                    .await
                    .map_err(db_error)
            }

            async fn remove_totp(&self, user_id: i64) -> StorageResult<()> {
                self.write(move |c| {
                    Box::pin(async move {
                        ::sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(user_id).execute(&mut *c).await?;
                        ::sqlx::query("DELETE FROM totp_secrets WHERE user_id = $1").bind(user_id).execute(&mut *c).await?;
                        Ok(())
                    })
                })
                .await
                .map_err(db_error)
            }

            async fn users_with_second_factor(&self) -> StorageResult<Vec<i64>> {
                ::sqlx::query_scalar("SELECT user_id FROM totp_secrets WHERE confirmed_at IS NOT NULL ORDER BY user_id")
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db_error)
            }

            async fn start_patient_mode(&self, token_hash: &str, mode: PatientMode) -> StorageResult<()> {
                ::sqlx::query(
                    "UPDATE sessions SET patient_mode_patient_id = $1, patient_mode_language = $2, \
                     patient_mode_pain = $3, patient_mode_body_map = $4, patient_mode_started_at = $5, \
                     patient_mode_registration_id = NULL, pin_failures = 0 WHERE token_hash = $6",
                )
                .bind(mode.patient_id)
                .bind(mode.language.code())
                .bind(mode.steps.pain_now)
                .bind(mode.steps.body_map)
                .bind(to_second(mode.started_at))
                .bind(token_hash)
                .execute(&self.pool)
                .await
                .map(drop)
                .map_err(db_error)
            }

            async fn patient_mode_saved(&self, token_hash: &str, registration_id: i64) -> StorageResult<()> {
                ::sqlx::query(
                    "UPDATE sessions SET patient_mode_registration_id = $1 \
                     WHERE token_hash = $2 AND patient_mode_patient_id IS NOT NULL",
                )
                .bind(registration_id)
                .bind(token_hash)
                .execute(&self.pool)
                .await
                .map(drop)
                .map_err(db_error)
            }

            async fn end_patient_mode(&self, token_hash: &str, at: ::chrono::DateTime<Utc>) -> StorageResult<bool> {
                ::sqlx::query(
                    "UPDATE sessions SET patient_mode_patient_id = NULL, patient_mode_language = NULL, \
                     patient_mode_pain = $1, patient_mode_body_map = $1, patient_mode_started_at = NULL, \
                     patient_mode_registration_id = NULL, \
                     pin_failures = 0, last_seen_at = $2 \
                     WHERE token_hash = $3 AND patient_mode_patient_id IS NOT NULL",
                )
                .bind(false)
                .bind(to_second(at))
                .bind(token_hash)
                .execute(&self.pool)
                .await
                .map(|done| done.rows_affected() > 0)
                .map_err(db_error)
            }

            async fn create_session(&self, token_hash: &str, user_id: i64, at: ::chrono::DateTime<Utc>) -> StorageResult<()> {
                self.create_session_at(token_hash, user_id, at, SignInStep::Done).await
            }

            async fn create_session_at(
                &self,
                token_hash: &str,
                user_id: i64,
                at: ::chrono::DateTime<Utc>,
                step: SignInStep,
            ) -> StorageResult<()> {
                let token_hash = token_hash.to_string();
                self.write(move |c| {
                    Box::pin(async move {
                        ::sqlx::query(
                            "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, second_factor) \
                             VALUES ($1, $2, $3, $3, $4)",
                        )
                            .bind(token_hash)
                            .bind(user_id)
                            .bind(to_second(at))
                            .bind(step.code())
                            .execute(&mut *c)
                            .await
                            .map(drop)
                    })
                })
                .await
                .map_err(db_error)
            }

            async fn session(&self, token_hash: &str) -> StorageResult<Option<SessionRecord>> {
                let row = ::sqlx::query("SELECT user_id, created_at, last_seen_at, locked, pin_failures, second_factor, patient_mode_patient_id, \
                     patient_mode_language, patient_mode_pain, patient_mode_body_map, patient_mode_started_at, \
                     patient_mode_registration_id \
                     FROM sessions WHERE token_hash = $1")
                    .bind(token_hash)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(db_error)?;
                row.map(|row| -> Result<SessionRecord, ::sqlx::Error> {
                    Ok(SessionRecord {
                        user_id: row.try_get("user_id")?,
                        created_at: row.try_get("created_at")?,
                        last_seen_at: row.try_get("last_seen_at")?,
                        locked: row.try_get("locked")?,
                        pin_failures: row.try_get::<i64, _>("pin_failures")?,
                        patient_mode: patient_mode_from(&row)?,
                        sign_in: sign_in_from(&row)?,
                    })
                })
                .transpose()
                .map_err(db_error)
            }

            async fn session_owner(&self, token_hash: &str) -> StorageResult<Option<SessionOwner>> {
                // One row per unit of the user (one with a NULL unit if there is none).
                let rows = ::sqlx::query(
                    "SELECT s.created_at, s.last_seen_at, s.locked, s.pin_failures, s.second_factor, u.pin_hash IS NOT NULL AS pin_set, \
                     s.patient_mode_patient_id, s.patient_mode_language, s.patient_mode_pain, s.patient_mode_body_map, \
                     s.patient_mode_started_at, s.patient_mode_registration_id, \
                     u.id, u.username, u.display_name, u.role, u.active, u.language AS language_choice, uu.unit_id, \
                     cu.language AS unit_language, cu.lock_after_minutes, cu.second_factor_for_all \
                     FROM sessions s JOIN users u ON u.id = s.user_id \
                     LEFT JOIN user_units uu ON uu.user_id = u.id \
                     LEFT JOIN care_units cu ON cu.id = uu.unit_id \
                     WHERE s.token_hash = $1 ORDER BY uu.unit_id",
                )
                .bind(token_hash)
                .fetch_all(&self.pool)
                .await
                .map_err(db_error)?;
                let Some(first) = rows.first() else { return Ok(None) };
                let user = user_from(first)?;
                let session = SessionRecord {
                    user_id: user.id,
                    created_at: first.try_get("created_at").map_err(db_error)?,
                    last_seen_at: first.try_get("last_seen_at").map_err(db_error)?,
                    locked: first.try_get("locked").map_err(db_error)?,
                    pin_failures: first.try_get::<i64, _>("pin_failures").map_err(db_error)?,
                    patient_mode: patient_mode_from(first).map_err(db_error)?,
                    sign_in: sign_in_from(first).map_err(db_error)?,
                };
                let pin_set = first.try_get("pin_set").map_err(db_error)?;
                let unit_ids = rows
                    .iter()
                    .filter_map(|row| row.try_get::<Option<i64>, _>("unit_id").map_err(db_error).transpose())
                    .collect::<StorageResult<Vec<i64>>>()?;
                let language_choice = first
                    .try_get::<Option<String>, _>("language_choice")
                    .map_err(db_error)?
                    .map(|code| sql::language(code).map_err(db_error))
                    .transpose()?;
                let unit_language = first
                    .try_get::<Option<String>, _>("unit_language")
                    .map_err(db_error)?
                    .map(|code| sql::language(code).map_err(db_error))
                    .transpose()?
                    .unwrap_or_default();
                let mut unit_lock_after_minutes: Option<i32> = None;
                let mut unit_requires_second_factor = false;
                for row in &rows {
                    if let Some(minutes) = row.try_get::<Option<i32>, _>("lock_after_minutes").map_err(db_error)? {
                        unit_lock_after_minutes = Some(unit_lock_after_minutes.map_or(minutes, |m| m.min(minutes)));
                    }
                    unit_requires_second_factor |=
                        row.try_get::<Option<bool>, _>("second_factor_for_all").map_err(db_error)?.unwrap_or(false);
                }
                Ok(Some(SessionOwner {
                    session,
                    user,
                    unit_ids,
                    pin_set,
                    language_choice,
                    unit_language,
                    unit_lock_after_minutes,
                    unit_requires_second_factor,
                }))
            }

            async fn touch_session(&self, token_hash: &str, at: ::chrono::DateTime<Utc>) -> StorageResult<()> {
                let token_hash = token_hash.to_string();
                self.write(move |c| {
                    Box::pin(async move {
                        ::sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
                            .bind(to_second(at))
                            .bind(token_hash)
                            .execute(&mut *c)
                            .await
                            .map(drop)
                    })
                })
                .await
                .map_err(db_error)
            }

            async fn set_user_language(&self, user_id: i64, language: Option<::lindra::Language>) -> StorageResult<()> {
                self.write(move |c| {
                    Box::pin(async move {
                        ::sqlx::query("UPDATE users SET language = $1 WHERE id = $2")
                            .bind(language.map(|l| l.code()))
                            .bind(user_id)
                            .execute(&mut *c)
                            .await
                            .map(drop)
                    })
                })
                .await
                .map_err(db_error)
            }

            async fn end_session(&self, token_hash: &str) -> StorageResult<()> {
                ::sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                    .bind(token_hash)
                    .execute(&self.pool)
                    .await
                    .map_err(db_error)?;
                Ok(())
            }

            async fn end_user_sessions(&self, user_id: i64) -> StorageResult<u64> {
                ::sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                    .bind(user_id)
                    .execute(&self.pool)
                    .await
                    .map(|r| r.rows_affected())
                    .map_err(db_error)
            }

            async fn user_sessions(&self, user_id: i64) -> StorageResult<Vec<SessionSummary>> {
                ::sqlx::query(
                    "SELECT token_hash, created_at, last_seen_at, locked FROM sessions WHERE user_id = $1 \
                     ORDER BY created_at DESC, token_hash",
                )
                .bind(user_id)
                .fetch_all(&self.pool)
                .await
                .map_err(db_error)?
                .iter()
                .map(|row| -> Result<SessionSummary, ::sqlx::Error> {
                    Ok(SessionSummary {
                        token_hash: row.try_get("token_hash")?,
                        created_at: row.try_get("created_at")?,
                        last_seen_at: row.try_get("last_seen_at")?,
                        locked: row.try_get("locked")?,
                    })
                })
                .collect::<Result<_, _>>()
                .map_err(db_error)
            }

            async fn record_login_failure(&self, username: &str, client_addr: &str, at: ::chrono::DateTime<Utc>) -> StorageResult<()> {
                ::sqlx::query("INSERT INTO login_failures (username, client_addr, at) VALUES ($1, $2, $3)")
                    .bind(username)
                    .bind(client_addr)
                    .bind(to_second(at))
                    .execute(&self.pool)
                    .await
                    .map_err(db_error)?;
                Ok(())
            }

            async fn login_failures_since(&self, username: &str, client_addr: &str, since: ::chrono::DateTime<Utc>) -> StorageResult<i64> {
                ::sqlx::query("SELECT COUNT(*) AS n FROM login_failures WHERE username = $1 AND client_addr = $2 AND at >= $3")
                    .bind(username)
                    .bind(client_addr)
                    .bind(to_second(since))
                    .fetch_one(&self.pool)
                    .await
                    .map_err(db_error)?
                    .try_get("n")
                    .map_err(db_error)
            }

            async fn set_session_tablet(&self, token_hash: &str, tablet_hash: &str) -> StorageResult<()> {
                ::sqlx::query("UPDATE sessions SET tablet_hash = $1 WHERE token_hash = $2")
                    .bind(tablet_hash)
                    .bind(token_hash)
                    .execute(&self.pool)
                    .await
                    .map(drop)
                    .map_err(db_error)
            }

            async fn tablet_sessions(&self, tablet_hash: &str) -> StorageResult<Vec<TabletSession>> {
                let rows = ::sqlx::query(
                    "SELECT s.token_hash, s.locked, s.created_at, u.id, u.username, u.display_name, u.role, u.active, \
                     u.pin_hash IS NOT NULL AS pin_set \
                     FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.tablet_hash = $1 \
                     ORDER BY s.created_at DESC, s.token_hash",
                )
                .bind(tablet_hash)
                .fetch_all(&self.pool)
                .await
                .map_err(db_error)?;
                rows.iter()
                    .map(|row| {
                        Ok(TabletSession {
                            token_hash: row.try_get("token_hash").map_err(db_error)?,
                            user: user_from(row)?,
                            pin_set: row.try_get("pin_set").map_err(db_error)?,
                            locked: row.try_get("locked").map_err(db_error)?,
                            created_at: row.try_get("created_at").map_err(db_error)?,
                        })
                    })
                    .collect()
            }

            async fn reissue_session(&self, token_hash: &str, new_token_hash: &str, at: ::chrono::DateTime<Utc>) -> StorageResult<bool> {
                let done = ::sqlx::query(
                    "UPDATE sessions SET token_hash = $1, locked = $2, pin_failures = 0, last_seen_at = $3 WHERE token_hash = $4",
                )
                .bind(new_token_hash)
                .bind(false)
                .bind(to_second(at))
                .bind(token_hash)
                .execute(&self.pool)
                .await
                .map_err(db_error)?;
                Ok(done.rows_affected() == 1)
            }

            async fn create_sso_attempt(&self, attempt: &SsoAttempt, forget_before: ::chrono::DateTime<Utc>) -> StorageResult<()> {
                let attempt = attempt.clone();
                self.write(move |c| {
                    Box::pin(async move {
                        ::sqlx::query("DELETE FROM sso_attempts WHERE created_at < $1")
                            .bind(to_second(forget_before))
                            .execute(&mut *c)
                            .await?;
                        ::sqlx::query(
                            "INSERT INTO sso_attempts (state_hash, binding_hash, nonce, code_verifier, return_to, client_addr, created_at) \
                             VALUES ($1, $2, $3, $4, $5, $6, $7)",
                        )
                        .bind(attempt.state_hash)
                        .bind(attempt.binding_hash)
                        .bind(attempt.nonce)
                        .bind(attempt.code_verifier)
                        .bind(attempt.return_to)
                        .bind(attempt.client_addr)
                        .bind(to_second(attempt.created_at))
                        .execute(&mut *c)
                        .await
                        .map(drop)
                    })
                })
                .await
                .map_err(db_error)
            }

            async fn take_sso_attempt(&self, state_hash: &str) -> StorageResult<Option<SsoAttempt>> {
                let state_hash = state_hash.to_string();
                let row = self.write(move |c| {
                    Box::pin(async move {
                        ::sqlx::query(
                            "DELETE FROM sso_attempts WHERE state_hash = $1 \
                             RETURNING state_hash, binding_hash, nonce, code_verifier, return_to, client_addr, created_at",
                        )
                        .bind(state_hash)
                        .fetch_optional(&mut *c)
                        .await
                    })
                })
                .await
                .map_err(db_error)?;
                let Some(row) = row else { return Ok(None) };
                Ok(Some(SsoAttempt {
                    state_hash: row.try_get("state_hash").map_err(db_error)?,
                    binding_hash: row.try_get("binding_hash").map_err(db_error)?,
                    nonce: row.try_get("nonce").map_err(db_error)?,
                    code_verifier: row.try_get("code_verifier").map_err(db_error)?,
                    return_to: row.try_get("return_to").map_err(db_error)?,
                    client_addr: row.try_get("client_addr").map_err(db_error)?,
                    created_at: row.try_get("created_at").map_err(db_error)?,
                }))
            }

            async fn sso_attempts_since(&self, client_addr: &str, since: ::chrono::DateTime<Utc>) -> StorageResult<i64> {
                ::sqlx::query("SELECT COUNT(*) AS n FROM sso_attempts WHERE client_addr = $1 AND created_at >= $2")
                    .bind(client_addr)
                    .bind(to_second(since))
                    .fetch_one(&self.pool)
                    .await
                    .map_err(db_error)?
                    .try_get("n")
                    .map_err(db_error)
            }

            async fn users(&self) -> StorageResult<Vec<(User, Vec<i64>)>> {
                let rows = ::sqlx::query("SELECT id, username, display_name, role, active FROM users ORDER BY username")
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db_error)?;
                let mut units: HashMap<i64, Vec<i64>> = HashMap::new();
                for row in ::sqlx::query("SELECT user_id, unit_id FROM user_units ORDER BY unit_id")
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db_error)?
                {
                    units
                        .entry(row.try_get("user_id").map_err(db_error)?)
                        .or_default()
                        .push(row.try_get("unit_id").map_err(db_error)?);
                }
                rows.iter()
                    .map(|row| {
                        let user = user_from(row)?;
                        let unit_ids = units.remove(&user.id).unwrap_or_default();
                        Ok((user, unit_ids))
                    })
                    .collect()
            }

            async fn all_patients(&self) -> StorageResult<Vec<Patient>> {
                ::sqlx::query("SELECT id, name, birth_date, room, unit_id FROM patients ORDER BY name, id")
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db_error)?
                    .iter()
                    .map(|row| patient_from(row).map_err(db_error))
                    .collect()
            }

            async fn move_patient(&self, patient_id: i64, to_unit_id: i64, moved_by: i64) -> StorageResult<Patient> {
                let mut tx = self.pool.begin().await.map_err(db_error)?;
                let from: i64 = ::sqlx::query("SELECT unit_id FROM patients WHERE id = $1")
                    .bind(patient_id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(db_error)?
                    .ok_or(StorageError::NotFound(Missing::Patient))?
                    .try_get("unit_id")
                    .map_err(db_error)?;
                ::sqlx::query("SELECT id FROM care_units WHERE id = $1")
                    .bind(to_unit_id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(db_error)?
                    .ok_or(StorageError::NotFound(Missing::Unit))?;
                if from != to_unit_id {
                    ::sqlx::query("UPDATE patients SET unit_id = $1 WHERE id = $2")
                        .bind(to_unit_id)
                        .bind(patient_id)
                        .execute(&mut *tx)
                        .await
                        .map_err(db_error)?;
                    ::sqlx::query(
                        "INSERT INTO patient_moves (patient_id, from_unit_id, to_unit_id, moved_at, moved_by) VALUES ($1, $2, $3, $4, $5)",
                    )
                    .bind(patient_id)
                    .bind(from)
                    .bind(to_unit_id)
                    .bind(to_second(Utc::now()))
                    .bind(moved_by)
                    .execute(&mut *tx)
                    .await
                    .map_err(db_error)?;
                }
                tx.commit().await.map_err(db_error)?;
                self.patient(patient_id).await?.ok_or(StorageError::NotFound(Missing::Patient))
            }

            async fn create_patient(&self, patient: NewPatient) -> StorageResult<Patient> {
                let row = ::sqlx::query(
                    "INSERT INTO patients (name, birth_date, room, unit_id, created_at) VALUES ($1, $2, $3, $4, $5) \
                     RETURNING id, name, birth_date, room, unit_id",
                )
                .bind(&patient.name)
                .bind(patient.birth_date)
                .bind(&patient.room)
                .bind(patient.unit_id)
                .bind(to_second(Utc::now()))
                .fetch_one(&self.pool)
                .await
                .map_err(db_error)?;
                patient_from(&row).map_err(db_error)
            }

            async fn patient(&self, id: i64) -> StorageResult<Option<Patient>> {
                ::sqlx::query("SELECT id, name, birth_date, room, unit_id FROM patients WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(db_error)?
                    .map(|row| patient_from(&row).map_err(db_error))
                    .transpose()
            }

            async fn patients_in_unit(&self, unit_id: i64) -> StorageResult<Vec<PatientSummary>> {
                let rows = ::sqlx::query(
                    "SELECT p.id, p.name, p.birth_date, p.room, p.unit_id, \
                     (SELECT MAX(r.observed_at) FROM registrations r WHERE r.patient_id = p.id) AS last_observed_at \
                     FROM patients p WHERE p.unit_id = $1 ORDER BY p.room, p.name",
                )
                .bind(unit_id)
                .fetch_all(&self.pool)
                .await
                .map_err(db_error)?;
                rows.iter()
                    .map(|row| {
                        Ok(PatientSummary {
                            patient: patient_from(row).map_err(db_error)?,
                            last_observed_at: row.try_get("last_observed_at").map_err(db_error)?,
                        })
                    })
                    .collect()
            }

            async fn unit_overview(&self, unit_id: i64) -> StorageResult<Vec<PatientLatest>> {
                // Two index walks per patient (patient_id, observed_at DESC): no scan of the history.
                let newest = |offset: u8| {
                    format!(
                        "(SELECT r.id FROM registrations r WHERE r.patient_id = p.id AND {CURRENT} \
                         ORDER BY r.observed_at DESC, r.id DESC LIMIT 1 OFFSET {offset})"
                    )
                };
                let rows = ::sqlx::query(&format!(
                    "SELECT p.id, p.name, p.birth_date, p.room, p.unit_id, {} AS latest_id, {} AS previous_id \
                     FROM patients p WHERE p.unit_id = $1 ORDER BY p.room, p.name",
                    newest(0),
                    newest(1)
                ))
                .bind(unit_id)
                .fetch_all(&self.pool)
                .await
                .map_err(db_error)?;
                let mut patients = Vec::with_capacity(rows.len());
                let mut ids: Vec<i64> = Vec::new();
                for row in &rows {
                    let latest: Option<i64> = row.try_get("latest_id").map_err(db_error)?;
                    let previous: Option<i64> = row.try_get("previous_id").map_err(db_error)?;
                    ids.extend(latest.iter().chain(previous.iter()));
                    patients.push((patient_from(row).map_err(db_error)?, latest, previous));
                }
                let mut stored: HashMap<i64, StoredRegistration> = HashMap::new();
                if !ids.is_empty() {
                    // The ids come from the database as integers: safe to inline. The text is
                    // new each time, so it is not kept in the connection's statement cache.
                    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
                    for r in self
                        .load_registrations(
                            &format!("r.id IN ({list}) AND $1 = $1"),
                            Some(&format!("registration_id IN ({list}) AND $1 = $1")),
                            0,
                            Period::default(),
                            "r.id",
                            Statement::OneOff,
                        )
                        .await?
                    {
                        stored.insert(r.id, r);
                    }
                }
                Ok(patients
                    .into_iter()
                    .map(|(patient, latest, previous)| PatientLatest {
                        patient,
                        latest: latest.and_then(|id| stored.remove(&id)),
                        previous: previous.and_then(|id| stored.remove(&id)),
                    })
                    .collect())
            }

            async fn update_unit(&self, id: i64, unit: NewUnit) -> StorageResult<Unit> {
                let row = ::sqlx::query(
                    "UPDATE care_units SET name = $2, kind = $3, assessment_interval_hours = $4, contact_phone = $5, \
                     contact_after_hours = $6, prn_reassess_minutes = $7, reassess_minutes = $8, shifts = $9, language = $10, lock_after_minutes = $11, second_factor_for_all = $12 WHERE id = $1 \
                     RETURNING id, name, kind, assessment_interval_hours, contact_phone, contact_after_hours, prn_reassess_minutes, reassess_minutes, shifts, language, lock_after_minutes, second_factor_for_all",
                )
                .bind(id)
                .bind(&unit.name)
                .bind(&unit.kind)
                .bind(unit.assessment_interval_hours)
                .bind(&unit.contact_phone)
                .bind(&unit.contact_after_hours)
                .bind(unit.prn_reassess_minutes)
                .bind(unit.reassess_minutes)
                .bind(&unit.shifts)
                .bind(unit.language.code())
                .bind(unit.lock_after_minutes)
                .bind(unit.second_factor_for_all)
                .fetch_optional(&self.pool)
                .await
                .map_err(|e| unit_error(e, &unit.name))?
                .ok_or(StorageError::NotFound(Missing::Unit))?;
                unit_from(&row).map_err(db_error)
            }

            async fn record(&self, new: NewRegistration) -> StorageResult<Recorded> {
                self.record_with(new, None).await
            }

            async fn record_audited(&self, new: NewRegistration, audit: AuditEvent) -> StorageResult<Recorded> {
                self.record_with(new, Some(audit)).await
            }

            async fn correct(&self, correction: Correction) -> StorageResult<Recorded> {
                let operation = Operation::Correct { replaces: correction.replaces, recorded_by: correction.recorded_by };
                if let Some(owner) = self.registration_by_request(&correction.request_id).await? {
                    return self.earlier_try(owner, operation).await;
                }
                let request_id = correction.request_id.clone();
                // The check and the insert in one write, so nothing lands between them. The outer
                // Result is the database's; the inner one says why nothing was written.
                let inserted = self
                    .write(move |c| {
                        Box::pin(async move {
                            let Some(previous) = ::sqlx::query(
                                "SELECT r.id, r.patient_id, r.root_id, r.version, r.self_report_language, \
                                 (SELECT COUNT(*) FROM registrations n WHERE n.supersedes_id = r.id) AS successors \
                                 FROM registrations r WHERE r.id = $1",
                            )
                            .bind(correction.replaces)
                            .fetch_optional(&mut *c)
                            .await?
                            else {
                                return Ok(Err(StorageError::NotFound(Missing::Registration)));
                            };
                            let successors: i64 = previous.try_get("successors")?;
                            if successors > 0 {
                                return Ok(Err(StorageError::Conflict(Conflict::AlreadyCorrected)));
                            }
                            let patient_id: i64 = previous.try_get("patient_id")?;
                            // A correction of the patient's own answers stays theirs (the app
                            // refuses one that changes them): the mark goes with every version.
                            let self_report = previous
                                .try_get::<Option<String>, _>("self_report_language")?
                                .as_deref()
                                .and_then(::lindra::Language::from_code)
                                .map(|language| ::lindra::SelfReport { language });
                            let mut correction = correction;
                            correction.registration.self_report = self_report;
                            let previous_key = (
                                correction.replaces,
                                previous.try_get::<Option<i64>, _>("root_id")?,
                                previous.try_get::<i32, _>("version")?,
                            );
                            let Some(id) = Self::insert_version(
                                c,
                                patient_id,
                                Some(previous_key),
                                Some(&correction.reason),
                                &correction.request_id,
                                correction.recorded_by,
                                &correction.registration,
                            )
                            .await?
                            else {
                                return Ok(Ok(None));
                            };
                            let (_, unit_id) = Self::followup_on_save(
                                c,
                                patient_id,
                                id,
                                correction.recorded_by,
                                &correction.registration,
                                true,
                            )
                            .await?;
                            Ok(Ok(Some((id, unit_id))))
                        })
                    })
                    .await;
                let id = match inserted {
                    Ok(Ok(Some((id, unit_id)))) => {
                        self.announce(unit_id);
                        id
                    }
                    Ok(Ok(None)) => return self.already_stored(&request_id, operation).await,
                    Ok(Err(refused)) => return Err(refused),
                    Err(e) if is_unique_violation(&e) => {
                        if let Some(owner) = self.registration_by_request(&request_id).await? {
                            return self.earlier_try(owner, operation).await;
                        }
                        return Err(StorageError::Conflict(Conflict::CorrectedMeanwhile));
                    }
                    Err(e) => return Err(db_error(e)),
                };
                Ok(Recorded { registration: self.registration_by_id(id).await?, created: true, followup: None })
            }

            async fn import(
                &self,
                patient_id: i64,
                recorded_by: i64,
                registrations: &[::lindra::Registration],
                followups: &[Vec<::lindra::followup::steps::DatedStep>],
            ) -> StorageResult<u64> {
                let mut tx = self.pool.begin().await.map_err(db_error)?;
                let mut ids = Vec::with_capacity(registrations.len());
                for (n, registration) in registrations.iter().enumerate() {
                    let request_id = format!("import-{patient_id}-{n}-{}", registration.observed_at.timestamp());
                    let id = Self::insert_version(&mut tx, patient_id, None, None, &request_id, recorded_by, registration)
                        .await
                        .map_err(db_error)?;
                    ids.push(id);
                }
                for steps in followups {
                    Self::import_followup(&mut tx, patient_id, recorded_by, steps, &ids).await?;
                }
                tx.commit().await.map_err(db_error)?;
                Ok(ids.iter().filter(|id| id.is_some()).count() as u64)
            }

            async fn latest_registration(&self, patient_id: i64) -> StorageResult<Option<StoredRegistration>> {
                let latest = ::sqlx::query(&format!(
                    "SELECT r.id FROM registrations r WHERE r.patient_id = $1 AND {CURRENT} \
                     ORDER BY r.observed_at DESC, r.id DESC LIMIT 1"
                ))
                .bind(patient_id)
                .fetch_optional(&self.pool)
                .await
                .map_err(db_error)?;
                match latest {
                    Some(row) => Ok(Some(self.registration_by_id(row.try_get("id").map_err(db_error)?).await?)),
                    None => Ok(None),
                }
            }

            async fn registrations(&self, patient_id: i64, period: Period) -> StorageResult<Vec<StoredRegistration>> {
                self.load_registrations(
                    &format!("r.patient_id = $1 AND {CURRENT}"),
                    Some("registration_id IN (SELECT id FROM registrations WHERE patient_id = $1)"),
                    patient_id,
                    period,
                    "r.observed_at, r.id",
                    Statement::Cached,
                )
                .await
            }

            async fn registration_versions(&self, id: i64) -> StorageResult<Vec<StoredRegistration>> {
                let root: i64 = ::sqlx::query("SELECT COALESCE(root_id, id) AS root FROM registrations WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(db_error)?
                    .ok_or(StorageError::NotFound(Missing::Registration))?
                    .try_get("root")
                    .map_err(db_error)?;
                self.load_registrations(
                    "(r.id = $1 OR r.root_id = $1)",
                    Some("registration_id IN (SELECT id FROM registrations WHERE id = $1 OR root_id = $1)"),
                    root,
                    Period::default(),
                    "r.version",
                    Statement::Cached,
                )
                .await
            }

            async fn open_followup(&self, patient_id: i64) -> StorageResult<Option<Followup>> {
                let filter = format!("f.patient_id = $1 AND {}", $crate::storage::followups::IS_OPEN);
                Ok(load_followups(&self.pool, &filter, patient_id).await.map_err(db_error)?.pop())
            }

            async fn followups(&self, patient_id: i64, period: Period) -> StorageResult<Vec<Followup>> {
                let all = load_followups(&self.pool, "f.patient_id = $1", patient_id).await.map_err(db_error)?;
                Ok(all
                    .into_iter()
                    .filter(|f| period.from.is_none_or(|from| f.opened_at >= from) && period.to.is_none_or(|to| f.opened_at <= to))
                    .collect())
            }

            async fn open_followups_in_unit(&self, unit_id: i64) -> StorageResult<Vec<Followup>> {
                let filter = format!(
                    "f.patient_id IN (SELECT id FROM patients WHERE unit_id = $1) AND {}",
                    $crate::storage::followups::IS_OPEN
                );
                load_followups(&self.pool, &filter, unit_id).await.map_err(db_error)
            }

            async fn unit_followups_since(&self, unit_id: i64, since: ::chrono::DateTime<Utc>) -> StorageResult<Vec<Followup>> {
                let filter = format!(
                    "f.patient_id IN (SELECT id FROM patients WHERE unit_id = $1) AND ({} OR EXISTS \
                     (SELECT 1 FROM followup_steps x WHERE x.followup_id = f.id AND x.at >= $2))",
                    $crate::storage::followups::IS_OPEN
                );
                load_followups_with(&self.pool, &filter, unit_id, Some(since)).await.map_err(db_error)
            }

            async fn registrations_of(
                &self,
                patient_ids: &[i64],
                observed: Period,
                stored: Period,
                versions: ::lindra_app::storage::Versions,
            ) -> StorageResult<Vec<StoredRegistration>> {
                // One cached statement per patient: a FHIR read names one patient, a search
                // over a unit a few dozen.
                let (filter, order) = match versions {
                    ::lindra_app::storage::Versions::Current => {
                        (format!("r.patient_id = $1 AND {CURRENT}"), "r.observed_at, r.id")
                    }
                    ::lindra_app::storage::Versions::All => ("r.patient_id = $1".to_string(), "COALESCE(r.root_id, r.id), r.version"),
                };
                let mut all = Vec::new();
                for patient_id in patient_ids {
                    let found = self
                        .load_registrations(
                            &filter,
                            Some("registration_id IN (SELECT id FROM registrations WHERE patient_id = $1)"),
                            *patient_id,
                            observed,
                            order,
                            Statement::Cached,
                        )
                        .await?;
                    all.extend(found.into_iter().filter(|r| {
                        stored.from.is_none_or(|from| r.recorded_at >= from) && stored.to.is_none_or(|to| r.recorded_at <= to)
                    }));
                }
                Ok(all)
            }

            async fn set_national_id(&self, patient_id: i64, national_id: Option<&str>) -> StorageResult<()> {
                let done = ::sqlx::query("UPDATE patients SET national_id = $2 WHERE id = $1")
                    .bind(patient_id)
                    .bind(national_id)
                    .execute(&self.pool)
                    .await
                    .map_err(or_taken(Conflict::NationalIdTaken))?;
                if done.rows_affected() == 0 {
                    return Err(StorageError::NotFound(Missing::Patient));
                }
                Ok(())
            }

            async fn national_ids(&self, patient_ids: &[i64]) -> StorageResult<Vec<(i64, String)>> {
                self.rows_in("SELECT id, national_id FROM patients WHERE national_id IS NOT NULL AND id IN (", patient_ids)
                    .await?
                    .iter()
                    .map(|row| Ok((row.try_get("id").map_err(db_error)?, row.try_get("national_id").map_err(db_error)?)))
                    .collect()
            }

            async fn patients_in_units(&self, unit_ids: &[i64]) -> StorageResult<Vec<Patient>> {
                self.rows_in("SELECT id, name, birth_date, room, unit_id FROM patients WHERE unit_id IN (", unit_ids)
                    .await?
                    .iter()
                    .map(|row| patient_from(row).map_err(db_error))
                    .collect()
            }

            async fn create_api_client(&self, client: NewApiClient) -> StorageResult<ApiClient> {
                let mut tx = self.pool.begin().await.map_err(db_error)?;
                let id: i64 = ::sqlx::query(
                    "INSERT INTO api_clients (name, token_hash, created_at, created_by, expires_at) \
                     VALUES ($1, $2, $3, $4, $5) RETURNING id",
                )
                .bind(&client.name)
                .bind(&client.token_hash)
                .bind(to_second(client.created_at))
                .bind(client.created_by)
                .bind(to_second(client.expires_at))
                .fetch_one(&mut *tx)
                .await
                .map_err(or_taken(Conflict::ApiClientNameTaken(client.name.clone())))?
                .try_get("id")
                .map_err(db_error)?;
                for unit_id in &client.unit_ids {
                    ::sqlx::query("INSERT INTO api_client_units (client_id, unit_id) VALUES ($1, $2)")
                        .bind(id)
                        .bind(unit_id)
                        .execute(&mut *tx)
                        .await
                        .map_err(db_error)?;
                }
                tx.commit().await.map_err(db_error)?;
                self.api_client_where("c.id = $1", ApiClientKey::Id(id)).await?.pop().ok_or(StorageError::NotFound(Missing::ApiClient))
            }

            async fn api_clients(&self) -> StorageResult<Vec<ApiClient>> {
                self.api_client_where("1 = 1", ApiClientKey::None).await
            }

            async fn api_client_by_token(&self, token_hash: &str) -> StorageResult<Option<ApiClient>> {
                Ok(self.api_client_where("c.token_hash = $1", ApiClientKey::Token(token_hash)).await?.pop())
            }

            async fn revoke_api_client(&self, id: i64, by: Option<i64>, at: ::chrono::DateTime<Utc>) -> StorageResult<ApiClient> {
                ::sqlx::query("UPDATE api_clients SET revoked_at = $2, revoked_by = $3 WHERE id = $1 AND revoked_at IS NULL")
                    .bind(id)
                    .bind(to_second(at))
                    .bind(by)
                    .execute(&self.pool)
                    .await
                    .map_err(db_error)?;
                self.api_client_where("c.id = $1", ApiClientKey::Id(id)).await?.pop().ok_or(StorageError::NotFound(Missing::ApiClient))
            }

            async fn unit_registrations(&self, unit_id: i64, period: Period) -> StorageResult<Vec<StoredRegistration>> {
                self.load_registrations(
                    &format!("r.patient_id IN (SELECT id FROM patients WHERE unit_id = $1) AND {CURRENT}"),
                    None,
                    unit_id,
                    period,
                    "r.observed_at, r.id",
                    Statement::Cached,
                )
                .await
            }

            async fn quality_data(
                &self,
                unit_id: i64,
                from: ::chrono::DateTime<Utc>,
                to: ::chrono::DateTime<Utc>,
            ) -> StorageResult<Vec<::lindra::quality::PatientData>> {
                self.load_quality_data(unit_id, from, to).await.map_err(db_error)
            }

            async fn open_followup_counts(&self, unit_ids: &[i64]) -> StorageResult<Vec<(i64, i64)>> {
                if unit_ids.is_empty() {
                    return Ok(Vec::new());
                }
                let mut query = ::sqlx::QueryBuilder::<$db>::new(
                    "SELECT p.unit_id, COUNT(*) AS open FROM followups f JOIN patients p ON p.id = f.patient_id WHERE ",
                );
                query.push($crate::storage::followups::IS_OPEN).push(" AND p.unit_id IN (");
                let mut ids = query.separated(", ");
                for id in unit_ids {
                    ids.push_bind(*id);
                }
                query.push(") GROUP BY p.unit_id ORDER BY p.unit_id");
                let rows = query.build().fetch_all(&self.pool).await.map_err(db_error)?;
                rows.iter()
                    .map(|row| Ok((row.try_get("unit_id")?, row.try_get("open")?)))
                    .collect::<Result<_, ::sqlx::Error>>()
                    .map_err(db_error)
            }

            async fn followup_step(&self, step: NewFollowupStep, audit: AuditEvent) -> StorageResult<Followup> {
                self.take_step(step, audit).await
            }

            async fn set_expected_symptom(&self, new: NewExpectedSymptom, audit: AuditEvent) -> StorageResult<StoredExpectedSymptom> {
                let request_id = new.request_id.clone();
                let (patient_id, set_by) = (new.patient_id, new.set_by);
                let inserted = self
                    .write(move |c| {
                        Box::pin(async move {
                            let row = ::sqlx::query(
                                "INSERT INTO expected_symptoms (patient_id, item, level, reason, until, set_at, set_by, request_id) \
                                 SELECT $1, $2, $3, $4, $5, $6, $7, $8 \
                                 WHERE NOT EXISTS (SELECT 1 FROM expected_symptoms WHERE request_id = $8) RETURNING id",
                            )
                            .bind(new.patient_id)
                            .bind(new.symptom.item.code())
                            .bind(i16::from(new.symptom.level.value()))
                            .bind(&new.symptom.reason)
                            .bind(to_second(new.symptom.until))
                            .bind(to_second(Utc::now()))
                            .bind(new.set_by)
                            .bind(&new.request_id)
                            .fetch_optional(&mut *c)
                            .await?;
                            let Some(row) = row else { return Ok(None) };
                            let id: i64 = row.try_get("id")?;
                            let e = AuditEvent { object: format!("expected_symptom/{id}"), ..audit };
                            insert_audits(c, &[e]).await?;
                            Ok(Some(id))
                        })
                    })
                    .await;
                match inserted {
                    Ok(_) => {}
                    Err(e) if is_unique_violation(&e) => {}
                    Err(e) => return Err(db_error(e)),
                }
                // New or a resend: the row the request id stored. Only the same user's form for
                // the same patient gets it back.
                let row = ::sqlx::query(
                    "SELECT e.id, e.patient_id, e.item, e.level, e.reason, e.until, e.set_at, e.set_by, \
                     u.display_name AS set_by_name FROM expected_symptoms e JOIN users u ON u.id = e.set_by \
                     WHERE e.request_id = $1",
                )
                .bind(&request_id)
                .fetch_optional(&self.pool)
                .await
                .map_err(db_error)?
                .ok_or(StorageError::NotFound(Missing::ExpectedSymptom))?;
                let stored_by: i64 = row.try_get("set_by").map_err(db_error)?;
                let stored = expected_from(&row).map_err(db_error)?;
                if stored.patient_id != patient_id || stored_by != set_by {
                    return Err(StorageError::Conflict(Conflict::RequestIdReused));
                }
                Ok(stored)
            }

            async fn expected_symptoms(&self, patient_id: i64, at: ::chrono::DateTime<Utc>) -> StorageResult<Vec<StoredExpectedSymptom>> {
                self.load_expected("e.patient_id = $1", patient_id, at).await
            }

            async fn expected_symptoms_in_unit(&self, unit_id: i64, at: ::chrono::DateTime<Utc>) -> StorageResult<Vec<StoredExpectedSymptom>> {
                self.load_expected("e.patient_id IN (SELECT id FROM patients WHERE unit_id = $1)", unit_id, at).await
            }

            fn changes(&self) -> ::tokio::sync::broadcast::Receiver<::lindra_app::storage::Change> {
                self.changes.subscribe()
            }

            async fn append_audit(&self, e: AuditEvent) -> StorageResult<()> {
                self.append_audits(::std::slice::from_ref(&e)).await
            }

            async fn append_audits(&self, events: &[AuditEvent]) -> StorageResult<()> {
                let events = events.to_vec();
                self.write(move |c| Box::pin(async move { insert_audits(c, &events).await }))
                    .await
                    .map_err(db_error)
            }

            async fn audit_for_patient(&self, patient_id: i64, limit: i64) -> StorageResult<Vec<AuditEvent>> {
                let rows = ::sqlx::query(&format!(
                    "SELECT {} FROM audit_events WHERE patient_id = $1 ORDER BY at DESC, id DESC LIMIT $2",
                    sql::AUDIT_COLUMNS
                ))
                .bind(patient_id)
                .bind(limit)
                .fetch_all(&self.pool)
                .await
                .map_err(db_error)?;
                rows.iter().map(audit_from).collect::<Result<_, _>>().map_err(db_error)
            }

            async fn audit_without_patient(&self, limit: i64) -> StorageResult<Vec<AuditEvent>> {
                let rows = ::sqlx::query(&format!(
                    "SELECT {} FROM audit_events WHERE patient_id IS NULL ORDER BY at DESC, id DESC LIMIT $1",
                    sql::AUDIT_COLUMNS
                ))
                .bind(limit)
                .fetch_all(&self.pool)
                .await
                .map_err(db_error)?;
                rows.iter().map(audit_from).collect::<Result<_, _>>().map_err(db_error)
            }

            async fn append_security_events(&self, events: &[SecurityEvent]) -> StorageResult<()> {
                if events.is_empty() {
                    return Ok(());
                }
                let events = events.to_vec();
                self.write(move |c| {
                    Box::pin(async move {
                        for chunk in events.chunks(64) {
                            let mut insert = ::sqlx::QueryBuilder::<$db>::new(
                                "INSERT INTO security_events (first_at, last_at, client_addr, kind, method, path, count) ",
                            );
                            insert.push_values(chunk, |mut row, e| {
                                row.push_bind(to_second(e.first_at))
                                    .push_bind(to_second(e.last_at))
                                    .push_bind(&e.client_addr)
                                    .push_bind(e.kind.code())
                                    .push_bind(&e.method)
                                    .push_bind(&e.path)
                                    .push_bind(e.count);
                            });
                            insert.build().execute(&mut *c).await?;
                        }
                        Ok(())
                    })
                })
                .await
                .map_err(db_error)
            }

            async fn security_events(&self, since: ::chrono::DateTime<Utc>, limit: i64) -> StorageResult<Vec<SecurityEvent>> {
                let rows = ::sqlx::query(
                    "SELECT first_at, last_at, client_addr, kind, method, path, count FROM security_events \
                     WHERE last_at >= $1 ORDER BY last_at DESC, id DESC LIMIT $2",
                )
                .bind(to_second(since))
                .bind(limit)
                .fetch_all(&self.pool)
                .await
                .map_err(db_error)?;
rows.iter().map(security_event_from).collect::<Result<_, _>>().map_err(db_error)
            }
        }
        }
    };
}

pub(crate) use impl_storage;
