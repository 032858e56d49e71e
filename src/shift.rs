//! A unit's shifts (vakter): named, each starting at a wall-clock time in Oslo and running until
//! the next one starts, round the clock. Default dag 07-15, kveld 15-23, natt 23-07. Bounds are
//! computed in Oslo time and turned into UTC, so a night across a daylight-saving change is 7 or
//! 9 hours long, as the clock on the wall says.

use crate::registration::{FieldError, ValidationErrors};
use crate::text::ClinicalWords;
use crate::time::{from_oslo, to_oslo};
use chrono::{DateTime, Duration, NaiveDateTime, NaiveTime, Timelike, Utc};
use serde::{Deserialize, Serialize};

/// At most this many shifts in a day.
pub const MAX_SHIFTS: usize = 6;
/// Longest name of a shift, in characters.
pub const NAME_MAX_CHARS: usize = 30;

/// One shift as the unit defines it: its name and when it starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShiftStart {
    pub name: String,
    /// Oslo wall-clock time, whole minutes.
    pub starts: NaiveTime,
}

/// A unit's shifts, ordered by start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shifts(Vec<ShiftStart>);

/// One shift on a given day: its name and its bounds, `from` inclusive, `to` exclusive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shift {
    pub name: String,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
}

fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN)
}

impl Default for Shifts {
    fn default() -> Self {
        Shifts(vec![
            ShiftStart { name: "Dag".into(), starts: time(7, 0) },
            ShiftStart { name: "Kveld".into(), starts: time(15, 0) },
            ShiftStart { name: "Natt".into(), starts: time(23, 0) },
        ])
    }
}

/// A wall-clock moment in Oslo as UTC. A time in the spring gap (02:00-03:00 on the last Sunday
/// of March never happens) starts at the first moment after it.
fn at_oslo(local: NaiveDateTime) -> DateTime<Utc> {
    from_oslo(local).or_else(|| from_oslo(local + Duration::hours(1))).unwrap_or_else(|| local.and_utc())
}

impl Shifts {
    /// Checks shifts as an administrator typed them: every problem at once.
    pub fn new(starts: Vec<ShiftStart>, w: &ClinicalWords) -> Result<Shifts, ValidationErrors> {
        let mut errors = Vec::new();
        let mut problem = |message: String| errors.push(FieldError { field: "unit.shifts".into(), message });
        if starts.is_empty() || starts.len() > MAX_SHIFTS {
            problem((w.shift.count)(MAX_SHIFTS));
        }
        for s in &starts {
            let name = s.name.trim();
            if name.is_empty() || name.chars().count() > NAME_MAX_CHARS {
                problem((w.shift.name)(NAME_MAX_CHARS));
            }
            if s.starts.second() != 0 {
                problem((w.shift.whole_minutes)(&s.name));
            }
        }
        let mut sorted = starts;
        sorted.sort_by_key(|s| s.starts);
        if sorted.windows(2).any(|pair| pair[0].starts == pair[1].starts) {
            problem(w.shift.same_start.into());
        }
        if errors.is_empty() {
            Ok(Shifts(sorted.into_iter().map(|s| ShiftStart { name: s.name.trim().into(), ..s }).collect()))
        } else {
            Err(ValidationErrors(errors))
        }
    }

    /// Shifts as an administrator writes them on one line: "Dag 07:00, Kveld 15:00, Natt 23:00".
    pub fn parse(text: &str, w: &ClinicalWords) -> Result<Shifts, ValidationErrors> {
        let mut starts = Vec::new();
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let parsed = part.rsplit_once(' ').and_then(|(name, clock)| {
                let time =
                    NaiveTime::parse_from_str(clock.trim().replace('.', ":").as_str(), "%H:%M").ok()?;
                Some(ShiftStart { name: name.trim().to_string(), starts: time })
            });
            match parsed {
                Some(start) => starts.push(start),
                None => {
                    return Err(ValidationErrors(vec![FieldError {
                        field: "unit.shifts".into(),
                        message: (w.shift.unreadable)(part),
                    }]))
                }
            }
        }
        Shifts::new(starts, w)
    }

    /// The one-line form [`parse`](Self::parse) reads.
    pub fn text(&self) -> String {
        self.0
            .iter()
            .map(|s| format!("{} {}", s.name, s.starts.format("%H:%M")))
            .collect::<Vec<_>>()
            .join(", ")
    }

    pub fn starts(&self) -> &[ShiftStart] {
        &self.0
    }

    /// Every shift start from the day before `at`'s Oslo date to the day after, in order.
    fn around(&self, at: DateTime<Utc>) -> Vec<(DateTime<Utc>, &str)> {
        let day = to_oslo(at).date();
        let mut all = Vec::new();
        for offset in -1..=1 {
            let date = day + Duration::days(offset);
            for s in &self.0 {
                all.push((at_oslo(date.and_time(s.starts)), s.name.as_str()));
            }
        }
        all.sort_by_key(|(t, _)| *t);
        all.dedup_by_key(|(t, _)| *t);
        all
    }

    /// The shift running at `at`.
    pub fn at(&self, at: DateTime<Utc>) -> Shift {
        let all = self.around(at);
        let i = all.iter().rposition(|(t, _)| *t <= at).unwrap_or(0);
        let (from, name) = all[i];
        let to = all.get(i + 1).map_or(from + Duration::hours(24), |(t, _)| *t);
        Shift { name: name.to_string(), from, to }
    }

    /// The shift before `shift`.
    pub fn before(&self, shift: &Shift) -> Shift {
        self.at(shift.from - Duration::seconds(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).single().expect("time")
    }

    #[test]
    fn the_default_shifts_cover_the_day_in_oslo_time() {
        let shifts = Shifts::default();
        // 5 December: Oslo is UTC+1. 21:55 UTC is 22:55 in Oslo: the evening shift.
        let evening = shifts.at(utc(2026, 12, 5, 21, 55));
        assert_eq!(
            (evening.name.as_str(), evening.from, evening.to),
            ("Kveld", utc(2026, 12, 5, 14, 0), utc(2026, 12, 5, 22, 0))
        );
        let night = shifts.at(utc(2026, 12, 5, 23, 30));
        assert_eq!(
            (night.name.as_str(), night.from, night.to),
            ("Natt", utc(2026, 12, 5, 22, 0), utc(2026, 12, 6, 6, 0))
        );
        // 03:00 in Oslo belongs to the night that began the evening before.
        assert_eq!(shifts.at(utc(2026, 12, 6, 2, 0)), night);
        assert_eq!(shifts.before(&night), evening);
        // The first moment of a shift is in it; the last one is in the next.
        assert_eq!(shifts.at(utc(2026, 12, 5, 14, 0)).name, "Kveld");
        assert_eq!(shifts.at(utc(2026, 12, 5, 13, 59)).name, "Dag");
    }

    #[test]
    fn a_night_across_daylight_saving_is_as_long_as_the_wall_clock_says() {
        let shifts = Shifts::default();
        // 29 March 2026: clocks go from 02:00 to 03:00 in Oslo. The night is 7 hours.
        let spring = shifts.at(utc(2026, 3, 29, 0, 30));
        assert_eq!((spring.from, spring.to), (utc(2026, 3, 28, 22, 0), utc(2026, 3, 29, 5, 0)));
        assert_eq!(spring.to - spring.from, Duration::hours(7));
        // 25 October 2026: clocks go from 03:00 back to 02:00. The night is 9 hours.
        let autumn = shifts.at(utc(2026, 10, 25, 1, 30));
        assert_eq!((autumn.from, autumn.to), (utc(2026, 10, 24, 21, 0), utc(2026, 10, 25, 6, 0)));
        assert_eq!(autumn.to - autumn.from, Duration::hours(9));
    }

    #[test]
    fn a_start_in_the_spring_gap_starts_at_the_first_moment_after_it() {
        let shifts = Shifts::new(
            vec![
                ShiftStart { name: "Dag".into(), starts: time(8, 0) },
                ShiftStart { name: "Natt".into(), starts: time(2, 30) },
            ],
            crate::Language::Nb.clinical(),
        )
        .expect("valid");
        let night = shifts.at(utc(2026, 3, 29, 3, 0));
        assert_eq!((night.name.as_str(), night.from), ("Natt", utc(2026, 3, 29, 1, 30)));
    }

    #[test]
    fn shifts_read_from_one_line_and_back() {
        let shifts = Shifts::parse("Natt 23.00, Dag 07:00 ,Kveld 15:00", crate::Language::Nb.clinical())
            .expect("valid");
        assert_eq!(shifts, Shifts::default());
        assert_eq!(shifts.text(), "Dag 07:00, Kveld 15:00, Natt 23:00");
        let error = Shifts::parse("Dag 7, Kveld", crate::Language::Nb.clinical()).expect_err("unreadable");
        assert!(error.0[0].message.contains("«Dag 7»"), "{}", error.0[0].message);
        assert!(Shifts::parse("", crate::Language::Nb.clinical()).is_err(), "no shift at all");
    }

    #[test]
    fn shifts_are_checked_at_every_field() {
        assert!(Shifts::new(Vec::new(), crate::Language::Nb.clinical()).is_err());
        let same = Shifts::new(
            vec![
                ShiftStart { name: "A".into(), starts: time(7, 0) },
                ShiftStart { name: "B".into(), starts: time(7, 0) },
            ],
            crate::Language::Nb.clinical(),
        );
        assert_eq!(same.expect_err("same").0[0].field, "unit.shifts");
        assert!(Shifts::new(
            vec![ShiftStart { name: " ".into(), starts: time(7, 0) }],
            crate::Language::Nb.clinical()
        )
        .is_err());
        let one = Shifts::new(
            vec![ShiftStart { name: " Døgn ".into(), starts: time(8, 0) }],
            crate::Language::Nb.clinical(),
        )
        .expect("one");
        let day = one.at(utc(2026, 12, 5, 12, 0));
        assert_eq!((day.name.as_str(), day.to - day.from), ("Døgn", Duration::hours(24)));
    }
}
