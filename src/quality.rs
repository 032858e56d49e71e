//! The unit's quality figures over a period, from what Lindra holds (issue 19, «Kvalitet»): do we
//! assess our patients in time, who fills the form in, and do we act when they are in pain? Pure:
//! the caller passes each patient's registrations and follow-ups. Every figure carries the number
//! of patients or events behind it, and is left out ([`Figure::TooFew`]) when that number is
//! below [`MIN_COUNT`]: a share of three patients says nothing and may point at one of them.

use crate::followup::steps::{CloseReason, Followup, StepKind};
use crate::{CompletedBy, EsasItem, Registration};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// Fewer patients or events than this behind a figure: no figure. *Lindra's choice.*
pub const MIN_COUNT: usize = 5;
/// Severe pain counts as followed up when a new registration comes within this time.
pub const PAIN_REASSESSED_WITHIN_HOURS: i64 = 2;

/// A figure and the count behind it, or too few to show.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Figure {
    Value { value: f64, n: usize },
    TooFew { n: usize },
}

impl Figure {
    fn of(n: usize, value: impl FnOnce() -> f64) -> Figure {
        if n < MIN_COUNT {
            Figure::TooFew { n }
        } else {
            Figure::Value { value: value(), n }
        }
    }

    pub fn value(self) -> Option<f64> {
        match self {
            Figure::Value { value, .. } => Some(value),
            Figure::TooFew { .. } => None,
        }
    }

    pub fn n(self) -> usize {
        match self {
            Figure::Value { n, .. } | Figure::TooFew { n } => n,
        }
    }
}

/// One patient's data for the period: current versions of the registrations observed in it (and
/// the last one before it, to know how long the patient had waited), oldest first, and the
/// follow-ups opened in it.
pub struct PatientData<'a> {
    pub registrations: &'a [Registration],
    pub followups: &'a [Followup],
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quality {
    /// Share of patients never left longer than the interval without an ESAS-r in the period.
    pub assessed_in_time: Figure,
    /// Median hours between two assessments of a patient.
    pub median_hours_between: Figure,
    /// Share of the period's registrations filled in by the patient (alone or with help).
    pub by_patient: Figure,
    /// Share filled in by a relative, and by staff.
    pub by_relative: Figure,
    pub by_staff: Figure,
    pub followups_opened: usize,
    /// Median minutes from opening to "Jeg følger opp", and to closing.
    pub median_minutes_to_acknowledge: Figure,
    pub median_minutes_to_close: Figure,
    /// Share of the closed follow-ups closed by a re-assessment.
    pub closed_by_reassessment: Figure,
    /// Share of severe pain (ESAS-r pain or NRS now >= 7) with a new registration within 2 h.
    pub severe_pain_reassessed: Figure,
    pub patients: usize,
    pub registrations: usize,
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => 0.0,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

fn share(part: usize, whole: usize) -> f64 {
    part as f64 / whole.max(1) as f64
}

fn severe_pain(r: &Registration) -> bool {
    let esas = r.esas.score(EsasItem::Pain).is_some_and(|s| s.value() >= 7);
    let nrs = r.pain.now.is_some_and(|s| s.value() >= 7);
    esas || nrs
}

/// The figures for a period `[from, to)`, with the unit's assessment interval.
pub fn figures(
    patients: &[PatientData],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    interval: Duration,
) -> Quality {
    let in_period = |at: DateTime<Utc>| at >= from && at < to;
    let mut in_time = 0;
    let mut gaps = Vec::new();
    let (mut by_patient, mut by_relative, mut by_staff, mut registrations) = (0, 0, 0, 0);
    let (mut severe, mut severe_reassessed) = (0, 0);
    for p in patients {
        // The waits the patient had in the period: from the start (or the last registration
        // before it) to each registration, and from the last one to the end.
        let mut last = p.registrations.iter().rev().find(|r| r.observed_at < from).map(|r| r.observed_at);
        let mut longest = Duration::zero();
        let mut waited_from = last.unwrap_or(from);
        for (i, r) in p.registrations.iter().enumerate().filter(|(_, r)| in_period(r.observed_at)) {
            registrations += 1;
            match r.completed_by {
                CompletedBy::Patient | CompletedBy::PatientWithHelp => by_patient += 1,
                CompletedBy::Relative => by_relative += 1,
                CompletedBy::HealthPersonnel => by_staff += 1,
            }
            longest = longest.max(r.observed_at - waited_from);
            if let Some(previous) = last {
                gaps.push((r.observed_at - previous).num_minutes() as f64 / 60.0);
            }
            if severe_pain(r) {
                severe += 1;
                let next = p.registrations.get(i + 1).map(|n| n.observed_at);
                if next.is_some_and(|n| n - r.observed_at <= Duration::hours(PAIN_REASSESSED_WITHIN_HOURS)) {
                    severe_reassessed += 1;
                }
            }
            last = Some(r.observed_at);
            waited_from = r.observed_at;
        }
        longest = longest.max(to - waited_from);
        if longest <= interval {
            in_time += 1;
        }
    }
    let opened: Vec<&Followup> =
        patients.iter().flat_map(|p| p.followups.iter()).filter(|f| in_period(f.opened_at)).collect();
    let minutes = |f: &&Followup, at: DateTime<Utc>| (at - f.opened_at).num_minutes() as f64;
    let acknowledged: Vec<f64> =
        opened.iter().filter_map(|f| f.acknowledged().map(|s| minutes(f, s.at))).collect();
    let closed: Vec<&&Followup> = opened.iter().filter(|f| f.closed().is_some()).collect();
    let closing: Vec<f64> = closed.iter().filter_map(|f| f.closed().map(|s| minutes(f, s.at))).collect();
    let by_reassessment = closed
        .iter()
        .filter(|f| {
            matches!(
                f.closed().map(|s| &s.kind),
                Some(StepKind::Closed { reason: CloseReason::Reassessed, .. })
            )
        })
        .count();
    Quality {
        assessed_in_time: Figure::of(patients.len(), || share(in_time, patients.len())),
        median_hours_between: Figure::of(gaps.len(), || median(gaps.clone())),
        by_patient: Figure::of(registrations, || share(by_patient, registrations)),
        by_relative: Figure::of(registrations, || share(by_relative, registrations)),
        by_staff: Figure::of(registrations, || share(by_staff, registrations)),
        followups_opened: opened.len(),
        median_minutes_to_acknowledge: Figure::of(acknowledged.len(), || median(acknowledged.clone())),
        median_minutes_to_close: Figure::of(closing.len(), || median(closing.clone())),
        closed_by_reassessment: Figure::of(closed.len(), || share(by_reassessment, closed.len())),
        severe_pain_reassessed: Figure::of(severe, || share(severe_reassessed, severe)),
        patients: patients.len(),
        registrations,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::followup::steps::Step;
    use crate::registration::DraftValue;
    use crate::RegistrationDraft;
    use chrono::TimeZone;

    fn at(day: u32, hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, day, hour, 0, 0).single().expect("time")
    }

    fn registration(observed_at: DateTime<Utc>, pain: i64, by: CompletedBy) -> Registration {
        let mut draft = RegistrationDraft {
            observed_at: Some(observed_at),
            completed_by: Some(by),
            symptoms: [DraftValue::Score(1); 9],
            ..RegistrationDraft::default()
        };
        draft.symptoms[0] = if pain < 0 { DraftValue::NotAssessed } else { DraftValue::Score(pain) };
        draft.validate(observed_at).expect("valid")
    }

    /// Patient i registered every `every` hours over November 1-8, with pain 3.
    fn regular(every: i64) -> Vec<Registration> {
        (0..(7 * 24 / every))
            .map(|k| registration(at(1, 6) + Duration::hours(k * every), 3, CompletedBy::Patient))
            .collect()
    }

    fn followup(
        opened: DateTime<Utc>,
        ack_after: Option<i64>,
        close: Option<(i64, CloseReason)>,
    ) -> Followup {
        let step = |id, at, kind| Step { id, at, by: 1, by_name: "Kari".into(), kind };
        let mut steps = vec![step(1, opened, StepKind::Opened { registration_id: 1, reasons: Vec::new() })];
        if let Some(m) = ack_after {
            steps.push(step(2, opened + Duration::minutes(m), StepKind::Acknowledged));
        }
        if let Some((m, reason)) = close {
            let kind = StepKind::Closed { reason, registration_id: None, note: String::new() };
            steps.push(step(3, opened + Duration::minutes(m), kind));
        }
        Followup { id: 1, patient_id: 1, opened_at: opened, steps }
    }

    #[test]
    fn in_time_means_never_a_longer_wait_than_the_interval() {
        let daily = regular(24);
        let twice = regular(12);
        let gap = {
            let mut r = regular(24);
            r.remove(3); // a 48-hour wait in the middle
            r
        };
        let data: Vec<PatientData> = [&daily, &twice, &gap, &daily, &twice]
            .into_iter()
            .map(|r| PatientData { registrations: r, followups: &[] })
            .collect();
        let q = figures(&data, at(1, 6), at(8, 0), Duration::hours(24));
        assert_eq!(q.assessed_in_time, Figure::Value { value: 0.8, n: 5 });
        assert_eq!(q.patients, 5);
        // Gaps: 2 x 6 of 24 h, 2 x 13 of 12 h, and 24, 24, 48, 24, 24: 43 in all, 26 of 12 h.
        assert_eq!(q.median_hours_between, Figure::Value { value: 12.0, n: 43 });
        // With a 12-hour interval only the twice-daily ones are in time.
        let strict = figures(&data, at(1, 6), at(8, 0), Duration::hours(12));
        assert_eq!(strict.assessed_in_time.value(), Some(0.4));
    }

    #[test]
    fn too_few_patients_or_events_give_no_figure() {
        let daily = regular(24);
        let data: Vec<PatientData> =
            (0..4).map(|_| PatientData { registrations: &daily, followups: &[] }).collect();
        let q = figures(&data, at(1, 6), at(8, 0), Duration::hours(24));
        assert_eq!(q.assessed_in_time, Figure::TooFew { n: 4 });
        assert_eq!(q.median_minutes_to_close, Figure::TooFew { n: 0 });
        assert!(q.by_patient.value().is_some(), "28 registrations are enough");
    }

    #[test]
    fn who_filled_in_and_severe_pain_followed_up_within_two_hours() {
        let one = vec![
            registration(at(2, 8), 8, CompletedBy::Patient),
            registration(at(2, 9), 3, CompletedBy::PatientWithHelp), // within 2 h
            registration(at(3, 8), 9, CompletedBy::Relative),
            registration(at(3, 12), 2, CompletedBy::HealthPersonnel), // after 4 h
            registration(at(4, 8), -1, CompletedBy::HealthPersonnel), // KIV is not severe
            registration(at(5, 8), 7, CompletedBy::Patient),
            registration(at(5, 10), 7, CompletedBy::Patient), // exactly 2 h; itself severe
            registration(at(5, 13), 1, CompletedBy::Patient),
        ];
        let data = [PatientData { registrations: &one, followups: &[] }];
        let q = figures(&data, at(1, 0), at(10, 0), Duration::hours(24));
        assert_eq!(q.registrations, 8);
        assert_eq!(q.by_patient, Figure::Value { value: 5.0 / 8.0, n: 8 });
        assert_eq!(q.by_relative.value(), Some(1.0 / 8.0));
        assert_eq!(q.by_staff.value(), Some(2.0 / 8.0));
        // Severe: 2 at 08, 3 at 08, 5 at 08, 5 at 10 (4 < MIN_COUNT): too few to say.
        assert_eq!(q.severe_pain_reassessed, Figure::TooFew { n: 4 });
        let mut more = one.clone();
        more.push(registration(at(6, 8), 8, CompletedBy::Patient)); // never re-assessed
        let data = [PatientData { registrations: &more, followups: &[] }];
        let q = figures(&data, at(1, 0), at(10, 0), Duration::hours(24));
        assert_eq!(q.severe_pain_reassessed, Figure::Value { value: 2.0 / 5.0, n: 5 });
    }

    #[test]
    fn follow_ups_times_and_how_they_closed() {
        let f = [
            followup(at(2, 8), Some(10), Some((60, CloseReason::Reassessed))),
            followup(at(3, 8), Some(20), Some((90, CloseReason::Reassessed))),
            followup(at(4, 8), Some(30), Some((120, CloseReason::Sleeping))),
            followup(at(5, 8), Some(40), Some((30, CloseReason::Reassessed))),
            followup(at(6, 8), Some(50), Some((45, CloseReason::Reassessed))),
            followup(at(7, 8), None, None),
            followup(at(20, 8), Some(1), None), // outside the period
        ];
        let data = [PatientData { registrations: &[], followups: &f }];
        let q = figures(&data, at(1, 0), at(10, 0), Duration::hours(24));
        assert_eq!(q.followups_opened, 6);
        assert_eq!(q.median_minutes_to_acknowledge, Figure::Value { value: 30.0, n: 5 });
        assert_eq!(q.median_minutes_to_close, Figure::Value { value: 60.0, n: 5 });
        assert_eq!(q.closed_by_reassessment, Figure::Value { value: 0.8, n: 5 });
    }
}
