//! The unit's quality figures over a period, from what Lindra holds (issue 19, «Kvalitet»): do we
//! assess our patients in time, who fills the form in, and do we act when they are in pain? Pure:
//! the caller passes each patient's registrations and follow-ups. Every figure carries the number
//! of patients or events behind it, and is left out ([`Figure::TooFew`]) when that number is
//! below [`MIN_COUNT`]: a share of three patients says nothing and may point at one of them.

use crate::followup::steps::{CloseReason, Followup, StepKind};
use crate::text::ClinicalWords;
use crate::time::{from_oslo, to_oslo};
use crate::{CompletedBy, EsasItem, Registration};
use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, NaiveDateTime, NaiveTime, Utc};
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

/// What the figures read of one registration (the current version): when it was observed, who
/// filled it in, and whether it showed severe pain. Loaded lean: a unit's year is tens of
/// thousands of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    pub observed_at: DateTime<Utc>,
    pub completed_by: CompletedBy,
    /// ESAS-r pain or NRS pain now at 7 or more ("kan ikke vurdere" is not).
    pub severe_pain: bool,
}

impl Assessment {
    pub fn of(r: &Registration) -> Assessment {
        let esas = r.esas.score(EsasItem::Pain).is_some_and(|s| s.value() >= 7);
        let nrs = r.pain.now.is_some_and(|s| s.value() >= 7);
        Assessment { observed_at: r.observed_at, completed_by: r.completed_by, severe_pain: esas || nrs }
    }
}

/// What the figures read of one follow-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowupTimes {
    pub opened_at: DateTime<Utc>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub closed_by_reassessment: bool,
}

impl FollowupTimes {
    pub fn of(f: &Followup) -> FollowupTimes {
        let closed = f.closed();
        FollowupTimes {
            opened_at: f.opened_at,
            acknowledged_at: f.acknowledged().map(|s| s.at),
            closed_at: closed.map(|s| s.at),
            closed_by_reassessment: matches!(
                closed.map(|s| &s.kind),
                Some(StepKind::Closed { reason: CloseReason::Reassessed, .. })
            ),
        }
    }
}

/// A time the patient belonged to the unit: from `from` until `to` (`None`: still there).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stay {
    pub from: DateTime<Utc>,
    pub to: Option<DateTime<Utc>>,
}

/// A move of a patient between units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Move {
    pub at: DateTime<Utc>,
    pub from_unit: i64,
    pub to_unit: i64,
}

/// The patient's stays in `unit`: the patient belonged to the unit the first move left (or, never
/// moved, the current one) from `since` (the patient's creation or first registration, whichever
/// is earlier: history can be imported), and to each move's unit from its time.
pub fn stays(unit: i64, current_unit: i64, since: DateTime<Utc>, moves: &[Move]) -> Vec<Stay> {
    let mut stays = Vec::new();
    let mut here = moves.first().map_or(current_unit, |m| m.from_unit);
    let mut from = since;
    for m in moves {
        if here == unit && m.at > from {
            stays.push(Stay { from, to: Some(m.at) });
        }
        here = m.to_unit;
        from = m.at;
    }
    if here == unit {
        stays.push(Stay { from, to: None });
    }
    stays
}

/// One patient's data: the stays in the unit, the current versions of every registration the
/// figures may need (those observed in the period and the last one before it), oldest first, and
/// the follow-ups opened in the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PatientData {
    pub stays: Vec<Stay>,
    pub assessments: Vec<Assessment>,
    pub followups: Vec<FollowupTimes>,
}

/// How long a patient waited between two moments, on the clock on the ward's wall: a round at
/// 08:00 every day is 24 hours apart also across the night the clocks change (23 or 25 hours of
/// real time), so daylight saving never makes a unit late. Time in the unit is counted on the
/// wall clock too (a week is 168 hours).
fn wall_clock_wait(from: DateTime<Utc>, to: DateTime<Utc>) -> Duration {
    to_oslo(to) - to_oslo(from)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quality {
    /// Share of the patients' time in the unit during which their latest ESAS-r was within the
    /// unit's interval (what the overview shows at any moment, over the period), counted on
    /// the wall clock; `n` is the patients.
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
    /// Patients in the unit at some time in the period, and their registrations in it.
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

/// The figures for a period `[from, to)`, with the unit's assessment interval. A patient counts
/// for the time of the period they were in the unit; a registration, a severe score and a
/// follow-up count for the unit the patient was in at that moment.
pub fn figures(
    patients: &[PatientData],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    interval: Duration,
) -> Quality {
    let mut counted = 0;
    // Minutes of the patients' time in the unit, and of those, minutes overdue.
    let (mut minutes, mut overdue) = (0i64, 0i64);
    let mut gaps = Vec::new();
    let (mut by_patient, mut by_relative, mut by_staff, mut registrations) = (0, 0, 0, 0);
    let (mut severe, mut severe_reassessed) = (0, 0);
    let (mut opened, mut acknowledged, mut closing, mut closed, mut by_reassessment) =
        (0, Vec::new(), Vec::new(), 0, 0);
    for p in patients {
        // The stays, cut to the period.
        let stays: Vec<(DateTime<Utc>, DateTime<Utc>)> = p
            .stays
            .iter()
            .map(|s| (s.from.max(from), s.to.map_or(to, |t| t.min(to))))
            .filter(|(a, b)| a < b)
            .collect();
        if stays.is_empty() {
            continue;
        }
        counted += 1;
        let here = |at: DateTime<Utc>| stays.iter().any(|(a, b)| at >= *a && at < *b);
        // The assessments are in time order: each stay's are one slice, found by bisection
        // (a unit's year is tens of thousands of them, and each period reads its own).
        let index_of = |at: DateTime<Utc>| p.assessments.partition_point(|a| a.observed_at < at);
        let slices: Vec<(usize, usize)> = stays.iter().map(|(a, b)| (index_of(*a), index_of(*b))).collect();
        for ((start, end), &(first, past)) in stays.iter().zip(&slices) {
            // The waits in the stay: from the last registration before it (in any unit, or
            // before the period) or the stay's start, to each registration, and to its end.
            // Each wait is overdue from the interval on, as the overview flags it.
            let (start, end) = (to_oslo(*start), to_oslo(*end));
            minutes += (end - start).num_minutes();
            let mut waited_from =
                first.checked_sub(1).map_or(start, |i| to_oslo(p.assessments[i].observed_at));
            let mut overdue_until = |from: NaiveDateTime, until: NaiveDateTime| {
                let due = (from + interval).max(start);
                if until > due {
                    overdue += (until - due).num_minutes();
                }
            };
            for a in &p.assessments[first..past] {
                let at = to_oslo(a.observed_at);
                overdue_until(waited_from, at);
                waited_from = at;
            }
            overdue_until(waited_from, end);
        }
        for i in slices.iter().flat_map(|&(first, past)| first..past) {
            let r = &p.assessments[i];
            registrations += 1;
            match r.completed_by {
                CompletedBy::Patient | CompletedBy::PatientWithHelp => by_patient += 1,
                CompletedBy::Relative => by_relative += 1,
                CompletedBy::HealthPersonnel => by_staff += 1,
            }
            if let Some(previous) = i.checked_sub(1).and_then(|k| p.assessments.get(k)) {
                gaps.push(wall_clock_wait(previous.observed_at, r.observed_at).num_minutes() as f64 / 60.0);
            }
            if r.severe_pain {
                severe += 1;
                let next = p.assessments.get(i + 1).map(|n| n.observed_at);
                if next.is_some_and(|n| n - r.observed_at <= Duration::hours(PAIN_REASSESSED_WITHIN_HOURS)) {
                    severe_reassessed += 1;
                }
            }
        }
        for f in p.followups.iter().filter(|f| here(f.opened_at)) {
            opened += 1;
            let minutes = |at: DateTime<Utc>| (at - f.opened_at).num_minutes() as f64;
            acknowledged.extend(f.acknowledged_at.map(minutes));
            if let Some(at) = f.closed_at {
                closed += 1;
                closing.push(minutes(at));
                if f.closed_by_reassessment {
                    by_reassessment += 1;
                }
            }
        }
    }
    Quality {
        assessed_in_time: Figure::of(counted, || 1.0 - overdue as f64 / minutes.max(1) as f64),
        median_hours_between: Figure::of(gaps.len(), || median(gaps.clone())),
        by_patient: Figure::of(registrations, || share(by_patient, registrations)),
        by_relative: Figure::of(registrations, || share(by_relative, registrations)),
        by_staff: Figure::of(registrations, || share(by_staff, registrations)),
        followups_opened: opened,
        median_minutes_to_acknowledge: Figure::of(acknowledged.len(), || median(acknowledged.clone())),
        median_minutes_to_close: Figure::of(closing.len(), || median(closing.clone())),
        closed_by_reassessment: Figure::of(closed, || share(by_reassessment, closed)),
        severe_pain_reassessed: Figure::of(severe, || share(severe_reassessed, severe)),
        patients: counted,
        registrations,
    }
}

/// Weeks (Monday to Monday) or calendar months, in Oslo time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum PeriodKind {
    #[default]
    Week,
    Month,
}

impl PeriodKind {
    pub fn code(self) -> &'static str {
        match self {
            PeriodKind::Week => "uke",
            PeriodKind::Month => "maned",
        }
    }

    pub fn from_code(code: &str) -> Option<PeriodKind> {
        [PeriodKind::Week, PeriodKind::Month].into_iter().find(|k| k.code() == code)
    }
}

/// One week or month: `[from, to)` in UTC, from Oslo midnights (so a week with a daylight-saving
/// change is 167 or 169 hours long).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bucket {
    pub kind: PeriodKind,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
}

impl Bucket {
    /// "uke 48 2026", "november 2026".
    pub fn label(&self, w: &ClinicalWords) -> String {
        let start = to_oslo(self.from).date();
        match self.kind {
            PeriodKind::Week => {
                let week = start.iso_week();
                (w.quality.week)(week.week(), week.year())
            }
            PeriodKind::Month => (w.quality.month)(start.month(), start.year()),
        }
    }

    /// "uke 48", "nov. 26": short enough for a chart's axis on a phone.
    pub fn short_label(&self, w: &ClinicalWords) -> String {
        let start = to_oslo(self.from).date();
        match self.kind {
            PeriodKind::Week => (w.quality.week_short)(start.iso_week().week()),
            PeriodKind::Month => (w.quality.month_short)(start.month(), start.year()),
        }
    }

    /// Whether `now` falls in it: its figures are so far, not final.
    pub fn is_running(&self, now: DateTime<Utc>) -> bool {
        now >= self.from && now < self.to
    }
}

fn oslo_midnight(day: NaiveDate) -> DateTime<Utc> {
    from_oslo(day.and_time(NaiveTime::MIN)).unwrap_or_else(|| day.and_time(NaiveTime::MIN).and_utc())
}

/// The last `count` weeks or months up to and including the one `now` is in, oldest first.
pub fn buckets(kind: PeriodKind, count: usize, now: DateTime<Utc>) -> Vec<Bucket> {
    let today = to_oslo(now).date();
    let first_of = |day: NaiveDate| match kind {
        PeriodKind::Week => day - Duration::days(i64::from(day.weekday().num_days_from_monday())),
        PeriodKind::Month => day.with_day(1).unwrap_or(day),
    };
    let next = |day: NaiveDate| match kind {
        PeriodKind::Week => day + Duration::days(7),
        PeriodKind::Month => day.checked_add_months(Months::new(1)).unwrap_or(day),
    };
    let previous = |day: NaiveDate| match kind {
        PeriodKind::Week => day - Duration::days(7),
        PeriodKind::Month => day.checked_sub_months(Months::new(1)).unwrap_or(day),
    };
    let mut start = first_of(today);
    let mut all = Vec::with_capacity(count);
    for _ in 0..count {
        all.push(Bucket { kind, from: oslo_midnight(start), to: oslo_midnight(next(start)) });
        start = previous(start);
    }
    all.reverse();
    all
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
        draft.validate(observed_at, crate::Language::Nb.clinical()).expect("valid")
    }

    /// A patient in the unit since long before the period.
    fn patient(registrations: &[Registration], followups: &[Followup]) -> PatientData {
        PatientData {
            stays: vec![Stay { from: at(1, 0) - Duration::days(365), to: None }],
            assessments: registrations.iter().map(Assessment::of).collect(),
            followups: followups.iter().map(FollowupTimes::of).collect(),
        }
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
    fn in_time_is_the_share_of_the_time_with_an_assessment_within_the_interval() {
        let daily = regular(24);
        let twice = regular(12);
        let gap = {
            let mut r = regular(24);
            r.remove(3); // a 48-hour wait in the middle
            r
        };
        let data: Vec<PatientData> =
            [&daily, &twice, &gap, &daily, &twice].into_iter().map(|r| patient(r, &[])).collect();
        let q = figures(&data, at(1, 6), at(8, 0), Duration::hours(24));
        // 5 patients x 162 hours; the 48-hour gap is 24 hours overdue.
        assert_eq!(q.assessed_in_time, Figure::Value { value: 1.0 - 24.0 / 810.0, n: 5 });
        assert_eq!(q.patients, 5);
        // Gaps: 2 x 6 of 24 h, 2 x 13 of 12 h, and 24, 24, 48, 24, 24: 43 in all, 26 of 12 h.
        assert_eq!(q.median_hours_between, Figure::Value { value: 12.0, n: 43 });
        // With a 12-hour interval each daily gap is 12 hours overdue (6 x 12 + 6 of the last
        // 18 hours, twice), the long gap 36; the twice-daily ones never are.
        let strict = figures(&data, at(1, 6), at(8, 0), Duration::hours(12));
        let late = 2.0 * (6.0 * 12.0 + 6.0) + (4.0 * 12.0 + 36.0 + 6.0);
        assert_eq!(strict.assessed_in_time.value(), Some(1.0 - late / 810.0));
    }

    #[test]
    fn too_few_patients_or_events_give_no_figure() {
        let daily = regular(24);
        let data: Vec<PatientData> = (0..4).map(|_| patient(&daily, &[])).collect();
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
        let data = [patient(&one, &[])];
        let q = figures(&data, at(1, 0), at(10, 0), Duration::hours(24));
        assert_eq!(q.registrations, 8);
        assert_eq!(q.by_patient, Figure::Value { value: 5.0 / 8.0, n: 8 });
        assert_eq!(q.by_relative.value(), Some(1.0 / 8.0));
        assert_eq!(q.by_staff.value(), Some(2.0 / 8.0));
        // Severe: 2 at 08, 3 at 08, 5 at 08, 5 at 10 (4 < MIN_COUNT): too few to say.
        assert_eq!(q.severe_pain_reassessed, Figure::TooFew { n: 4 });
        let mut more = one.clone();
        more.push(registration(at(6, 8), 8, CompletedBy::Patient)); // never re-assessed
        let data = [patient(&more, &[])];
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
        let data = [patient(&[], &f)];
        let q = figures(&data, at(1, 0), at(10, 0), Duration::hours(24));
        assert_eq!(q.followups_opened, 6);
        assert_eq!(q.median_minutes_to_acknowledge, Figure::Value { value: 30.0, n: 5 });
        assert_eq!(q.median_minutes_to_close, Figure::Value { value: 60.0, n: 5 });
        assert_eq!(q.closed_by_reassessment, Figure::Value { value: 0.8, n: 5 });
    }

    fn oslo(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        from_oslo(NaiveDate::from_ymd_opt(y, m, d).and_then(|d| d.and_hms_opt(h, min, 0)).expect("date"))
            .expect("a time that happened")
    }

    #[test]
    fn a_daily_round_is_on_time_across_both_daylight_saving_nights() {
        // 08:00 every day in Oslo, 20 March to 10 April (clocks forward on 29 March: 23 real
        // hours) and 20 October to 10 November (back on 25 October: 25 real hours).
        for (month, day) in [(3, 20), (10, 20)] {
            let first = NaiveDate::from_ymd_opt(2026, month, day).expect("date");
            let rounds: Vec<Registration> = (0..21)
                .map(|k| {
                    let d = first + Duration::days(k);
                    let t = from_oslo(d.and_hms_opt(8, 0, 0).expect("time")).expect("time");
                    registration(t, 3, CompletedBy::Patient)
                })
                .collect();
            let data: Vec<PatientData> = (0..5).map(|_| patient(&rounds, &[])).collect();
            let from = rounds[0].observed_at;
            let to = rounds[20].observed_at;
            let q = figures(&data, from, to, Duration::hours(24));
            assert_eq!(q.assessed_in_time.value(), Some(1.0), "month {month}");
            assert_eq!(q.median_hours_between.value(), Some(24.0), "month {month}");
            // An hour late on one day: one hour overdue out of 20 days on the wall clock.
            let mut late = rounds.clone();
            late[10].observed_at += Duration::hours(1);
            let data: Vec<PatientData> = (0..5).map(|_| patient(&late, &[])).collect();
            let share = figures(&data, from, to, Duration::hours(24)).assessed_in_time.value();
            assert_eq!(share, Some(1.0 - 1.0 / (20.0 * 24.0)), "month {month}");
        }
    }

    #[test]
    fn weeks_and_months_start_at_oslo_midnight() {
        // Sunday 25 October 2026: the clocks go back. Week 43 runs Monday 19 to Monday 26.
        let weeks = buckets(PeriodKind::Week, 3, oslo(2026, 10, 28, 12, 0));
        assert_eq!(weeks.len(), 3);
        assert_eq!(weeks[2].from, oslo(2026, 10, 26, 0, 0));
        assert_eq!(weeks[1].from, oslo(2026, 10, 19, 0, 0));
        assert_eq!(weeks[1].to - weeks[1].from, Duration::hours(169), "the week with the extra hour");
        assert_eq!(weeks[1].label(crate::Language::Nb.clinical()), "uke 43 2026");
        assert_eq!(weeks[1].short_label(crate::Language::Nb.clinical()), "uke 43");
        assert!(weeks[2].is_running(oslo(2026, 10, 28, 12, 0)));
        let months = buckets(PeriodKind::Month, 13, oslo(2026, 12, 1, 0, 30));
        assert_eq!(months[12].from, oslo(2026, 12, 1, 0, 0));
        assert_eq!(months[12].label(crate::Language::Nb.clinical()), "desember 2026");
        assert_eq!(months[0].label(crate::Language::Nb.clinical()), "desember 2025");
        assert_eq!(months[0].short_label(crate::Language::Nb.clinical()), "des. 25");
        assert_eq!(months[3].to - months[3].from, Duration::hours(31 * 24 - 1), "March has 23-hour day");
        // 23:30 UTC on 30 November is 00:30 on 1 December in Oslo: December.
        let late_night = Utc.with_ymd_and_hms(2026, 11, 30, 23, 30, 0).single().expect("time");
        assert!(months[12].is_running(late_night));
    }

    #[test]
    fn stays_follow_the_moves() {
        let since = at(1, 0);
        let out = Move { at: at(10, 12), from_unit: 1, to_unit: 2 };
        let back = Move { at: at(20, 12), from_unit: 2, to_unit: 1 };
        assert_eq!(stays(1, 1, since, &[]), [Stay { from: since, to: None }]);
        assert_eq!(stays(2, 1, since, &[]), []);
        assert_eq!(
            stays(1, 1, since, &[out, back]),
            [Stay { from: since, to: Some(out.at) }, Stay { from: back.at, to: None }]
        );
        assert_eq!(stays(2, 1, since, &[out, back]), [Stay { from: out.at, to: Some(back.at) }]);
    }

    #[test]
    fn a_patient_moved_mid_month_counts_for_each_unit_for_their_time_there() {
        // Daily at 08 in November; moved from unit 1 to unit 2 on the 15th at noon.
        let rounds: Vec<Registration> = (1..=30)
            .map(|d| registration(at(d, 7), if d == 20 { 8 } else { 3 }, CompletedBy::Patient))
            .collect();
        let moved = Move { at: at(15, 12), from_unit: 1, to_unit: 2 };
        let for_unit = |unit| PatientData {
            stays: stays(unit, 2, at(1, 0), &[moved]),
            assessments: rounds.iter().map(Assessment::of).collect(),
            followups: vec![FollowupTimes::of(&followup(at(20, 7), Some(5), None))],
        };
        let (from, to) = (at(1, 0), Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).single().expect("time"));
        let one = figures(&vec![for_unit(1); 5], from, to, Duration::hours(26));
        let two = figures(&vec![for_unit(2); 5], from, to, Duration::hours(26));
        assert_eq!((one.registrations, two.registrations), (5 * 15, 5 * 15), "each registration once");
        assert_eq!((one.patients, two.patients), (5, 5));
        // In unit 2 since noon on the 15th, the last registration (08:00 that day, in unit 1)
        // is where the wait starts: 24 hours to the next, in time.
        assert_eq!(two.assessed_in_time.value(), Some(1.0));
        assert_eq!((one.followups_opened, two.followups_opened), (0, 5), "opened on the 20th, in unit 2");
        // A patient who left on the 15th does not count in December.
        let december = figures(&vec![for_unit(1); 5], to, to + Duration::days(31), Duration::hours(24));
        assert_eq!(december.patients, 0);
        assert_eq!(december.assessed_in_time, Figure::TooFew { n: 0 });
    }
}
