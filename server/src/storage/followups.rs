//! Follow-ups and expected symptoms in SQL, for both databases (see `sql`). A follow-up is a row
//! in `followups` and its appended `followup_steps`; its state is read from the steps by the
//! domain (`lindra::followup::steps`). Every write that decides on a follow-up first locks the
//! patient's row, so two saves or two nurses at the same moment are taken one after the other on
//! PostgreSQL too (SQLite has one writer anyway).

use chrono::{DateTime, Utc};
use lindra::followup::steps::{Action, ActionKind, CloseReason, StepKind};
use lindra::followup::Reason;
use lindra_app::model::Step;

/// Serialises the decisions on one patient's follow-ups: a row lock on PostgreSQL (a write to a
/// column that is not a key, so it does not block inserts that reference the patient), nothing
/// more than a no-op write on SQLite.
pub const LOCK_PATIENT: &str = "UPDATE patients SET room = room WHERE id = $1 RETURNING unit_id";

/// What a saved registration's follow-up decision reads, in one statement (`$1` patient, `$2`
/// the new registration, `$3` its observation time): the patient's unit; whether a current
/// registration was observed after it (then it re-assesses nothing); whether an expected symptom
/// is in force; the open follow-up with its latest action and re-assessment; and the current
/// registration observed just before it, as `REGISTRATION_COLUMNS` (all NULL if none).
pub static SAVE_CONTEXT: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    use crate::storage::sql::{CURRENT, REGISTRATION_COLUMNS};
    format!(
        "SELECT (SELECT unit_id FROM patients WHERE id = $1) AS save_unit_id, \
         EXISTS (SELECT 1 FROM registrations r WHERE r.patient_id = $1 AND {CURRENT} AND r.id <> $2 \
          AND r.observed_at > $3) AS save_later, \
         EXISTS (SELECT 1 FROM expected_symptoms e WHERE e.patient_id = $1 AND e.until > $3) AS save_expected, \
         o.id AS open_id, \
         (SELECT MAX(a.id) FROM followup_steps a WHERE a.followup_id = o.id AND a.kind = 'action') \
          AS open_last_action, \
         (SELECT MAX(x.id) FROM followup_steps x WHERE x.followup_id = o.id AND x.kind = 'extended' \
          AND x.reassessment) AS open_last_reassessment, \
         p.* \
         FROM (SELECT 1 AS one) s \
         LEFT JOIN (SELECT f.id FROM followups f WHERE f.patient_id = $1 AND {IS_OPEN} \
          ORDER BY f.seq DESC LIMIT 1) o ON 1 = 1 \
         LEFT JOIN (SELECT {REGISTRATION_COLUMNS} FROM registrations r JOIN users u ON u.id = r.recorded_by \
          WHERE r.patient_id = $1 AND {CURRENT} AND r.id <> $2 AND r.observed_at <= $3 \
          ORDER BY r.observed_at DESC, r.id DESC LIMIT 1) p ON 1 = 1"
    )
});

/// The columns every follow-up query selects (`s`: step, `f`: follow-up, `u`: its author).
pub const STEP_COLUMNS: &str = "f.id AS followup_id, f.patient_id, f.opened_at, s.id, s.kind, s.at, \
    s.by_user_id, u.display_name AS by_name, s.registration_id, s.reasons, s.reassessment, s.action, \
    s.medicine, s.dose, s.route, s.done_at, s.reassess_at, s.close_reason, s.note";

pub const FROM_STEPS: &str = "FROM followup_steps s JOIN followups f ON f.id = s.followup_id \
    JOIN users u ON u.id = s.by_user_id";

/// A follow-up with no closing step.
pub const IS_OPEN: &str =
    "NOT EXISTS (SELECT 1 FROM followup_steps c WHERE c.followup_id = f.id AND c.kind = 'closed')";

pub const INSERT_STEP: &str = "INSERT INTO followup_steps (followup_id, kind, at, by_user_id, registration_id, \
    reasons, reassessment, action, medicine, dose, route, done_at, reassess_at, close_reason, note, request_id) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)";

/// The values of one step's row, in INSERT_STEP's order after followup_id.
pub struct StepValues {
    pub kind: &'static str,
    pub registration_id: Option<i64>,
    pub reasons: Option<String>,
    pub reassessment: bool,
    pub action: Option<&'static str>,
    pub medicine: String,
    pub dose: String,
    pub route: String,
    pub done_at: Option<DateTime<Utc>>,
    pub reassess_at: Option<DateTime<Utc>>,
    pub close_reason: Option<&'static str>,
    pub note: String,
}

impl StepValues {
    pub fn of(kind: &StepKind) -> StepValues {
        let mut v = StepValues {
            kind: "acknowledged",
            registration_id: None,
            reasons: None,
            reassessment: false,
            action: None,
            medicine: String::new(),
            dose: String::new(),
            route: String::new(),
            done_at: None,
            reassess_at: None,
            close_reason: None,
            note: String::new(),
        };
        let json = |reasons: &[Reason]| serde_json::to_string(reasons).unwrap_or_else(|_| "[]".into());
        match kind {
            StepKind::Opened { registration_id, reasons } => {
                v.kind = "opened";
                v.registration_id = Some(*registration_id);
                v.reasons = Some(json(reasons));
            }
            StepKind::Extended { registration_id, reasons, reassessment } => {
                v.kind = "extended";
                v.registration_id = Some(*registration_id);
                v.reasons = Some(json(reasons));
                v.reassessment = *reassessment;
            }
            StepKind::Acknowledged => {}
            StepKind::Action(a) => {
                v.kind = "action";
                v.action = Some(a.kind.code());
                v.medicine = a.medicine.clone();
                v.dose = a.dose.clone();
                v.route = a.route.clone();
                v.note = a.text.clone();
                v.done_at = Some(super::encode::to_second(a.done_at));
                v.reassess_at = Some(super::encode::to_second(a.reassess_at));
            }
            StepKind::Closed { reason, registration_id, note } => {
                v.kind = "closed";
                v.close_reason = Some(reason.code());
                v.registration_id = *registration_id;
                v.note = note.clone();
            }
        }
        v
    }
}

/// The columns of one step, decoded but not yet assembled.
pub struct StepRow {
    pub followup_id: i64,
    pub patient_id: i64,
    pub opened_at: DateTime<Utc>,
    pub id: i64,
    pub kind: String,
    pub at: DateTime<Utc>,
    pub by: i64,
    pub by_name: String,
    pub registration_id: Option<i64>,
    pub reasons: Option<String>,
    pub reassessment: bool,
    pub action: Option<String>,
    pub medicine: String,
    pub dose: String,
    pub route: String,
    pub done_at: Option<DateTime<Utc>>,
    pub reassess_at: Option<DateTime<Utc>>,
    pub close_reason: Option<String>,
    pub note: String,
}

impl StepRow {
    pub fn into_step(self) -> Result<Step, String> {
        let reasons = || -> Result<Vec<Reason>, String> {
            serde_json::from_str(self.reasons.as_deref().unwrap_or("[]")).map_err(|e| format!("reasons: {e}"))
        };
        let registration_id =
            || self.registration_id.ok_or_else(|| "step without its registration".to_string());
        let kind = match self.kind.as_str() {
            "opened" => StepKind::Opened { registration_id: registration_id()?, reasons: reasons()? },
            "extended" => StepKind::Extended {
                registration_id: registration_id()?,
                reasons: reasons()?,
                reassessment: self.reassessment,
            },
            "acknowledged" => StepKind::Acknowledged,
            "action" => StepKind::Action(Action {
                kind: self
                    .action
                    .as_deref()
                    .and_then(ActionKind::from_code)
                    .ok_or_else(|| format!("action {:?}", self.action))?,
                medicine: self.medicine.clone(),
                dose: self.dose.clone(),
                route: self.route.clone(),
                text: self.note.clone(),
                done_at: self.done_at.ok_or("action without its time")?,
                reassess_at: self.reassess_at.ok_or("action without its re-assessment")?,
            }),
            "closed" => StepKind::Closed {
                reason: self
                    .close_reason
                    .as_deref()
                    .and_then(CloseReason::from_code)
                    .ok_or_else(|| format!("close reason {:?}", self.close_reason))?,
                registration_id: self.registration_id,
                note: self.note.clone(),
            },
            other => return Err(format!("step kind {other:?}")),
        };
        Ok(Step { id: self.id, at: self.at, by: self.by, by_name: self.by_name, kind })
    }
}

/// Inherent methods of a store for follow-ups, expanded inside `impl_storage` (the names it
/// uses: `DbRow`, `db_error`, `insert_audits`, `registration_row` are that module's).
macro_rules! followup_methods {
    ($store:ident, $db:ty) => {
        fn step_row(row: &DbRow) -> Result<$crate::storage::followups::StepRow, ::sqlx::Error> {
            Ok($crate::storage::followups::StepRow {
                followup_id: row.try_get("followup_id")?,
                patient_id: row.try_get("patient_id")?,
                opened_at: row.try_get("opened_at")?,
                id: row.try_get("id")?,
                kind: row.try_get("kind")?,
                at: row.try_get("at")?,
                by: row.try_get("by_user_id")?,
                by_name: row.try_get("by_name")?,
                registration_id: row.try_get("registration_id")?,
                reasons: row.try_get("reasons")?,
                reassessment: row.try_get("reassessment")?,
                action: row.try_get("action")?,
                medicine: row.try_get("medicine")?,
                dose: row.try_get("dose")?,
                route: row.try_get("route")?,
                done_at: row.try_get("done_at")?,
                reassess_at: row.try_get("reassess_at")?,
                close_reason: row.try_get("close_reason")?,
                note: row.try_get("note")?,
            })
        }

        fn expected_from(row: &DbRow) -> Result<StoredExpectedSymptom, ::sqlx::Error> {
            let item: String = row.try_get("item")?;
            let level: i16 = row.try_get("level")?;
            let bad = |what: String| ::sqlx::Error::Decode(what.into());
            Ok(StoredExpectedSymptom {
                id: row.try_get("id")?,
                patient_id: row.try_get("patient_id")?,
                symptom: ::lindra::followup::ExpectedSymptom {
                    item: ::lindra::EsasItem::from_code(&item).ok_or_else(|| bad(format!("item {item:?}")))?,
                    level: ::lindra::Score::new(i64::from(level)).map_err(|e| bad(e.to_string()))?,
                    reason: row.try_get("reason")?,
                    until: row.try_get("until")?,
                },
                set_at: row.try_get("set_at")?,
                set_by_name: row.try_get("set_by_name")?,
            })
        }

        /// Follow-ups whose steps match `filter` (on `f`, `$1` = `key`), each with all its
        /// steps, oldest follow-up first.
        async fn load_followups<'e, E>(executor: E, filter: &str, key: i64) -> Result<Vec<Followup>, ::sqlx::Error>
        where
            E: ::sqlx::Executor<'e, Database = $db>,
        {
            load_followups_with(executor, filter, key, None).await
        }

        /// [`load_followups`] whose filter also takes `$2` = `since`.
        async fn load_followups_with<'e, E>(
            executor: E,
            filter: &str,
            key: i64,
            since: Option<::chrono::DateTime<Utc>>,
        ) -> Result<Vec<Followup>, ::sqlx::Error>
        where
            E: ::sqlx::Executor<'e, Database = $db>,
        {
            use $crate::storage::followups::{FROM_STEPS, STEP_COLUMNS};
            let query = format!("SELECT {STEP_COLUMNS} {FROM_STEPS} WHERE {filter} ORDER BY f.id, s.id");
            let mut query = ::sqlx::query(&query).bind(key);
            if let Some(since) = since {
                query = query.bind(to_second(since));
            }
            let rows = query.fetch_all(executor).await?;
            let mut followups: Vec<Followup> = Vec::new();
            for row in &rows {
                let row = step_row(row)?;
                if followups.last().is_none_or(|f| f.id != row.followup_id) {
                    followups.push(Followup {
                        id: row.followup_id,
                        patient_id: row.patient_id,
                        opened_at: row.opened_at,
                        steps: Vec::new(),
                    });
                }
                let step = row.into_step().map_err(|e| ::sqlx::Error::Decode(e.into()))?;
                if let Some(f) = followups.last_mut() {
                    f.steps.push(step);
                }
            }
            Ok(followups)
        }

        async fn insert_step(
            connection: &mut <$db as ::sqlx::Database>::Connection,
            followup_id: i64,
            by: i64,
            request_id: Option<&str>,
            kind: &StepKind,
        ) -> Result<(), ::sqlx::Error> {
            insert_dated_step(connection, followup_id, by, request_id, kind, Utc::now()).await
        }

        async fn insert_dated_step(
            connection: &mut <$db as ::sqlx::Database>::Connection,
            followup_id: i64,
            by: i64,
            request_id: Option<&str>,
            kind: &StepKind,
            at: ::chrono::DateTime<Utc>,
        ) -> Result<(), ::sqlx::Error> {
            let v = $crate::storage::followups::StepValues::of(kind);
            ::sqlx::query($crate::storage::followups::INSERT_STEP)
                .bind(followup_id)
                .bind(v.kind)
                .bind(to_second(at))
                .bind(by)
                .bind(v.registration_id)
                .bind(v.reasons)
                .bind(v.reassessment)
                .bind(v.action)
                .bind(v.medicine)
                .bind(v.dose)
                .bind(v.route)
                .bind(v.done_at)
                .bind(v.reassess_at)
                .bind(v.close_reason)
                .bind(v.note)
                .bind(request_id)
                .execute(&mut *connection)
                .await?;
            Ok(())
        }

        impl $store {
            /// What a saved registration does to the patient's follow-ups (`on_save`), inside
            /// the registration's transaction: the follow-up it opened, extended or closed, and
            /// the patient's unit (announced as changed when the transaction commits).
            async fn followup_on_save(
                connection: &mut <$db as ::sqlx::Database>::Connection,
                patient_id: i64,
                registration_id: i64,
                by: i64,
                registration: &::lindra::Registration,
                // A correction opens or extends a follow-up with what it now shows, but it is no
                // re-assessment: it never closes one.
                correction: bool,
            ) -> Result<(Option<i64>, i64), ::sqlx::Error> {
                Self::lock_patient_and_announce(connection, patient_id).await?;
                Self::decide_on_save(connection, patient_id, registration_id, by, registration, correction).await
            }

            /// `on_save` with what it reads: few statements, since on SQLite every statement of
            /// a write is a round trip to the one writer's thread that every other write waits
            /// behind (docs/benchmarks.md, "Recording with every user's live stream open").
            async fn decide_on_save(
                connection: &mut <$db as ::sqlx::Database>::Connection,
                patient_id: i64,
                registration_id: i64,
                by: i64,
                registration: &::lindra::Registration,
                correction: bool,
            ) -> Result<(Option<i64>, i64), ::sqlx::Error> {
                use ::lindra::followup::steps::{on_save, OnSave, OpenState};
                use $crate::storage::followups::SAVE_CONTEXT;
                let observed_at = to_second(registration.observed_at);
                let context = ::sqlx::query(&SAVE_CONTEXT)
                    .bind(patient_id)
                    .bind(registration_id)
                    .bind(observed_at)
                    .fetch_one(&mut *connection)
                    .await?;
                let unit_id: i64 = context.try_get("save_unit_id")?;
                // The registration before this one (by observation time), for the worsening
                // rule, which reads scores only: its body marks are not loaded.
                let previous = match context.try_get::<Option<i64>, _>("id")? {
                    Some(_) => Some(
                        registration_row(&context)?
                            .into_stored(Vec::new())
                            .map_err(|e| ::sqlx::Error::Decode(e.to_string().into()))?
                            .registration,
                    ),
                    None => None,
                };
                // Expected symptoms are rare: read only when the patient has one in force.
                let expected = if context.try_get::<bool, _>("save_expected")? {
                    ::sqlx::query(
                        "SELECT e.id, e.patient_id, e.item, e.level, e.reason, e.until, e.set_at, \
                         u.display_name AS set_by_name FROM expected_symptoms e JOIN users u ON u.id = e.set_by \
                         WHERE e.patient_id = $1 AND e.until > $2",
                    )
                    .bind(patient_id)
                    .bind(observed_at)
                    .fetch_all(&mut *connection)
                    .await?
                    .iter()
                    .map(|row| expected_from(row).map(|e| e.symptom))
                    .collect::<Result<Vec<_>, _>>()?
                } else {
                    Vec::new()
                };
                let reasons = ::lindra::followup::reasons(registration, previous.as_ref(), &expected);
                let later: bool = context.try_get("save_later")?;
                // The open follow-up's id and whether its latest action comes after its latest
                // re-assessment (`Followup::due_at`): not every step, which grows with each save.
                let open = match context.try_get::<Option<i64>, _>("open_id")? {
                    Some(id) => {
                        let action: Option<i64> = context.try_get("open_last_action")?;
                        let reassessed: Option<i64> = context.try_get("open_last_reassessment")?;
                        let awaits_reassessment = action.is_some_and(|a| reassessed.is_none_or(|r| a > r));
                        Some((id, OpenState { awaits_reassessment }))
                    }
                    None => None,
                };
                let followup = match on_save(open.map(|(_, state)| state), reasons, !later && !correction) {
                    OnSave::Nothing => None,
                    OnSave::Open(reasons) => {
                        let row = ::sqlx::query(
                            "INSERT INTO followups (patient_id, seq, opened_at) \
                             SELECT $1, COALESCE(MAX(seq), 0) + 1, $2 FROM followups WHERE patient_id = $1 RETURNING id",
                        )
                        .bind(patient_id)
                        .bind(to_second(Utc::now()))
                        .fetch_one(&mut *connection)
                        .await?;
                        let id: i64 = row.try_get("id")?;
                        insert_step(connection, id, by, None, &StepKind::Opened { registration_id, reasons }).await?;
                        Some(id)
                    }
                    OnSave::Extend { reasons, reassessment } => {
                        let id = open.map(|(id, _)| id).unwrap_or_default();
                        let step = StepKind::Extended { registration_id, reasons, reassessment };
                        insert_step(connection, id, by, None, &step).await?;
                        Some(id)
                    }
                    OnSave::Close => {
                        let id = open.map(|(id, _)| id).unwrap_or_default();
                        let step = StepKind::Closed {
                            reason: ::lindra::followup::steps::CloseReason::Reassessed,
                            registration_id: Some(registration_id),
                            note: String::new(),
                        };
                        insert_step(connection, id, by, None, &step).await?;
                        Some(id)
                    }
                };
                Ok((followup, unit_id))
            }

            /// One imported follow-up (`Storage::import`): its steps as dated, the registration
            /// indexes in them turned into the ids `ids` stored.
            async fn import_followup(
                connection: &mut <$db as ::sqlx::Database>::Connection,
                patient_id: i64,
                by: i64,
                steps: &[::lindra::followup::steps::DatedStep],
                ids: &[Option<i64>],
            ) -> StorageResult<()> {
                let Some(first) = steps.first() else { return Ok(()) };
                let id_of = |index: i64| {
                    usize::try_from(index)
                        .ok()
                        .and_then(|i| ids.get(i).copied().flatten())
                        .ok_or(StorageError::NotFound(Missing::Registration))
                };
                let row = ::sqlx::query(
                    "INSERT INTO followups (patient_id, seq, opened_at) \
                     SELECT $1, COALESCE(MAX(seq), 0) + 1, $2 FROM followups WHERE patient_id = $1 RETURNING id",
                )
                .bind(patient_id)
                .bind(to_second(first.at))
                .fetch_one(&mut *connection)
                .await
                .map_err(db_error)?;
                let followup_id: i64 = row.try_get("id").map_err(db_error)?;
                for step in steps {
                    let kind = match step.kind.clone() {
                        StepKind::Opened { registration_id, reasons } => {
                            StepKind::Opened { registration_id: id_of(registration_id)?, reasons }
                        }
                        StepKind::Extended { registration_id, reasons, reassessment } => {
                            StepKind::Extended { registration_id: id_of(registration_id)?, reasons, reassessment }
                        }
                        StepKind::Closed { reason, registration_id: Some(index), note } => {
                            StepKind::Closed { reason, registration_id: Some(id_of(index)?), note }
                        }
                        other => other,
                    };
                    insert_dated_step(connection, followup_id, by, None, &kind, step.at).await.map_err(db_error)?;
                }
                Ok(())
            }

            /// Expected symptoms matching `filter` (on `e`, `$1` = `key`) in force at `at`.
            async fn load_expected(
                &self,
                filter: &str,
                key: i64,
                at: ::chrono::DateTime<Utc>,
            ) -> StorageResult<Vec<StoredExpectedSymptom>> {
                let rows = ::sqlx::query(&format!(
                    "SELECT e.id, e.patient_id, e.item, e.level, e.reason, e.until, e.set_at, u.display_name AS set_by_name \
                     FROM expected_symptoms e JOIN users u ON u.id = e.set_by WHERE {filter} AND e.until > $2 \
                     ORDER BY e.set_at DESC, e.id DESC"
                ))
                .bind(key)
                .bind(to_second(at))
                .fetch_all(&self.pool)
                .await
                .map_err(db_error)?;
                rows.iter().map(|r| expected_from(r).map_err(db_error)).collect()
            }

            async fn followup_by_id(&self, id: i64) -> StorageResult<Option<Followup>> {
                Ok(load_followups(&self.pool, "f.id = $1", id).await.map_err(db_error)?.pop())
            }

            async fn take_step(&self, step: NewFollowupStep, audit: AuditEvent) -> StorageResult<Followup> {
                let followup_id = step.followup_id;
                let answer = self
                    .write(move |c| {
                        Box::pin(async move {
                            let unit_id: i64 = ::sqlx::query_scalar($crate::storage::followups::LOCK_PATIENT)
                                .bind(step.patient_id)
                                .fetch_one(&mut *c)
                                .await?;
                            let Some(followup) = load_followups(&mut *c, "f.id = $1", step.followup_id).await?.pop()
                            else {
                                return Ok(Err(StorageError::NotFound(Missing::Followup)));
                            };
                            if followup.patient_id != step.patient_id {
                                return Ok(Err(StorageError::NotFound(Missing::Followup)));
                            }
                            // A resend of the same form: the answer it got, nothing stored twice.
                            let earlier = ::sqlx::query(
                                "SELECT s.followup_id, s.by_user_id FROM followup_steps s WHERE s.request_id = $1",
                            )
                            .bind(&step.request_id)
                            .fetch_optional(&mut *c)
                            .await?;
                            if let Some(row) = earlier {
                                let (id, by): (i64, i64) = (row.try_get("followup_id")?, row.try_get("by_user_id")?);
                                if id != step.followup_id || by != step.by {
                                    return Ok(Err(StorageError::Conflict(Conflict::RequestIdReused)));
                                }
                                let e = AuditEvent {
                                    object: format!("followup/{}", step.followup_id),
                                    outcome: AuditOutcome::Duplicate,
                                    ..audit
                                };
                                insert_audits(c, &[e]).await?;
                                return Ok(Ok(unit_id));
                            }
                            match ::lindra::followup::steps::check(&followup, &step.kind) {
                                Ok(()) => {}
                                Err(::lindra::followup::steps::Refusal::Closed) => {
                                    return Ok(Err(StorageError::Conflict(Conflict::FollowupClosed)))
                                }
                                Err(::lindra::followup::steps::Refusal::AlreadyTaken { by_name, at }) => {
                                    return Ok(Err(StorageError::Conflict(Conflict::FollowupTaken { by_name, at })))
                                }
                            }
                            insert_step(c, step.followup_id, step.by, Some(&step.request_id), &step.kind).await?;
                            let e = AuditEvent { object: format!("followup/{}", step.followup_id), ..audit };
                            insert_audits(c, &[e]).await?;
                            Self::announce_in(c, unit_id).await?;
                            Ok(Ok(unit_id))
                        })
                    })
                    .await;
                match answer {
                    Ok(Ok(unit_id)) => self.announce(unit_id),
                    Ok(Err(refused)) => return Err(refused),
                    // Two nurses at the very same moment on two servers: the partial UNIQUE
                    // index keeps one acknowledgement; the other is told who was first.
                    Err(e) if is_unique_violation(&e) => {
                        let followup = self.followup_by_id(followup_id).await?.ok_or(StorageError::NotFound(Missing::Followup))?;
                        return Err(StorageError::Conflict(match followup.acknowledged() {
                            Some(taken) if followup.is_open() => {
                                Conflict::FollowupTaken { by_name: taken.by_name.clone(), at: taken.at }
                            }
                            Some(_) | None if !followup.is_open() => Conflict::FollowupClosed,
                            _ => Conflict::RequestIdReused,
                        }));
                    }
                    Err(e) => return Err(db_error(e)),
                }
                self.followup_by_id(followup_id).await?.ok_or(StorageError::NotFound(Missing::Followup))
            }
        }
    };
}

pub(crate) use followup_methods;
