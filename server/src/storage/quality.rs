//! What the quality view reads (`lindra::quality`), in SQL for both databases: per patient who
//! was in the unit at some time, the stays (from the moves), the current versions' observation
//! times, who filled them in and whether they showed severe pain, and the follow-ups' times.
//! Lean on purpose: a unit's year is tens of thousands of registrations.

/// The patients who were in unit `$1` at some time: there now, or moved in or out.
pub const UNIT_PATIENTS: &str = "(SELECT id FROM patients WHERE unit_id = $1 \
    UNION SELECT patient_id FROM patient_moves WHERE from_unit_id = $1 OR to_unit_id = $1)";

/// Inherent methods of a store for the quality view, expanded inside `impl_storage` (see
/// `followups::followup_methods`).
macro_rules! quality_methods {
    ($store:ident, $db:ty) => {
        impl $store {
            async fn load_quality_data(
                &self,
                unit_id: i64,
                from: ::chrono::DateTime<Utc>,
                to: ::chrono::DateTime<Utc>,
            ) -> Result<Vec<::lindra::quality::PatientData>, ::sqlx::Error> {
                use ::chrono::DateTime;
                use ::lindra::quality::{stays, Assessment, FollowupTimes, Move, PatientData};
                use $crate::storage::quality::UNIT_PATIENTS;
                let mut connection = self.pool.acquire().await?;
                let patients = ::sqlx::query(&format!(
                    "SELECT p.id, p.unit_id, p.created_at, \
                     (SELECT MIN(r.observed_at) FROM registrations r WHERE r.patient_id = p.id) AS first_at \
                     FROM patients p WHERE p.id IN {UNIT_PATIENTS} ORDER BY p.id"
                ))
                .bind(unit_id)
                .fetch_all(&mut *connection)
                .await?;
                if patients.is_empty() {
                    return Ok(Vec::new());
                }
                // The patients' ids written into the statements that follow: with a subquery
                // PostgreSQL's planner guesses a unit holds most registrations and reads them
                // all (120 ms for a 60-patient unit of 500); with the list it uses the index on
                // (patient_id, observed_at). Ids from the database are integers: nothing to
                // quote. One-off texts, so not kept prepared.
                let ids = patients
                    .iter()
                    .map(|row| row.try_get::<i64, _>("id").map(|id| id.to_string()))
                    .collect::<Result<Vec<_>, _>>()?
                    .join(", ");
                let mut moves: HashMap<i64, Vec<Move>> = HashMap::new();
                for row in ::sqlx::query(&format!(
                    "SELECT patient_id, from_unit_id, to_unit_id, moved_at FROM patient_moves \
                     WHERE patient_id IN ({ids}) ORDER BY moved_at, id"
                ))
                .persistent(false)
                .fetch_all(&mut *connection)
                .await?
                {
                    moves.entry(row.try_get("patient_id")?).or_default().push(Move {
                        at: row.try_get("moved_at")?,
                        from_unit: row.try_get("from_unit_id")?,
                        to_unit: row.try_get("to_unit_id")?,
                    });
                }
                // Per patient the last registration before the period (where the first wait of
                // the period starts), then the period's: two range reads on the index, not a
                // lookup per row.
                let mut assessments: HashMap<i64, Vec<Assessment>> = HashMap::new();
                let columns = "r.patient_id, r.observed_at, r.completed_by, r.esas_pain, r.pain_now";
                let before = format!(
                    "SELECT {columns} FROM registrations r WHERE r.id IN (SELECT (SELECT b.id FROM registrations b \
                     WHERE b.patient_id = p.id AND b.observed_at < $1 \
                     AND NOT EXISTS (SELECT 1 FROM registrations n WHERE n.supersedes_id = b.id) \
                     ORDER BY b.observed_at DESC, b.id DESC LIMIT 1) FROM patients p WHERE p.id IN ({ids}))"
                );
                // Ordered here, not in SQL: a sort of a year's rows spills to disk on PostgreSQL.
                let during = format!(
                    "SELECT {columns} FROM registrations r WHERE r.patient_id IN ({ids}) AND {CURRENT} \
                     AND r.observed_at >= $1 AND r.observed_at < $2"
                );
                for (sql, bind_to) in [(before, false), (during, true)] {
                    let mut query = ::sqlx::query(&sql).persistent(false).bind(to_second(from));
                    if bind_to {
                        query = query.bind(to_second(to));
                    }
                    for row in query.fetch_all(&mut *connection).await? {
                        let code: String = row.try_get("completed_by")?;
                        let completed_by = ::lindra::CompletedBy::from_code(&code)
                            .ok_or_else(|| ::sqlx::Error::Decode(format!("completed_by {code:?}").into()))?;
                        let pain: Option<i16> = row.try_get("esas_pain")?;
                        let now: Option<i16> = row.try_get("pain_now")?;
                        assessments.entry(row.try_get("patient_id")?).or_default().push(Assessment {
                            observed_at: row.try_get("observed_at")?,
                            completed_by,
                            // -1 is "kan ikke vurdere", never severe.
                            severe_pain: pain.is_some_and(|p| p >= 7) || now.is_some_and(|p| p >= 7),
                        });
                    }
                }
                let mut followups: HashMap<i64, Vec<FollowupTimes>> = HashMap::new();
                for row in ::sqlx::query(&format!(
                    // Each step looked up by its follow-up (the partial unique indexes: one
                    // acknowledgement, one closing): a join let PostgreSQL read every closing.
                    "SELECT f.patient_id, f.opened_at, \
                     (SELECT a.at FROM followup_steps a WHERE a.followup_id = f.id AND a.kind = 'acknowledged') AS acknowledged_at, \
                     (SELECT c.at FROM followup_steps c WHERE c.followup_id = f.id AND c.kind = 'closed') AS closed_at, \
                     (SELECT c.close_reason FROM followup_steps c WHERE c.followup_id = f.id AND c.kind = 'closed') AS close_reason \
                     FROM followups f WHERE f.patient_id IN ({ids}) AND f.opened_at >= $1 AND f.opened_at < $2"
                ))
                .persistent(false)
                .bind(to_second(from))
                .bind(to_second(to))
                .fetch_all(&mut *connection)
                .await?
                {
                    let reason: Option<String> = row.try_get("close_reason")?;
                    followups.entry(row.try_get("patient_id")?).or_default().push(FollowupTimes {
                        opened_at: row.try_get("opened_at")?,
                        acknowledged_at: row.try_get("acknowledged_at")?,
                        closed_at: row.try_get("closed_at")?,
                        closed_by_reassessment: reason.as_deref()
                            == Some(::lindra::followup::steps::CloseReason::Reassessed.code()),
                    });
                }
                for list in assessments.values_mut() {
                    // The last one before the period came first; the period's in any order.
                    list.sort_by_key(|a| a.observed_at);
                }
                for list in followups.values_mut() {
                    list.sort_by_key(|f| f.opened_at);
                }
                patients
                    .iter()
                    .map(|row| {
                        let id: i64 = row.try_get("id")?;
                        let created: DateTime<Utc> = row.try_get("created_at")?;
                        let first: Option<DateTime<Utc>> = row.try_get("first_at")?;
                        let since = first.map_or(created, |f| f.min(created));
                        let moves = moves.remove(&id).unwrap_or_default();
                        Ok(PatientData {
                            stays: stays(unit_id, row.try_get("unit_id")?, since, &moves),
                            assessments: assessments.remove(&id).unwrap_or_default(),
                            followups: followups.remove(&id).unwrap_or_default(),
                        })
                    })
                    .collect()
            }
        }
    };
}

pub(crate) use quality_methods;
