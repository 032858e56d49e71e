//! The summary (PDF) for the GP or the palliative team: who it is for and which days it covers.
//! The form on the patient page and the server read the same choices with the same rules, so a
//! reversed period is caught at the field before anything is asked of the server, and again by
//! the server.

use crate::registration::{FieldError, ValidationErrors};
use crate::text::Language;
use crate::time::{from_oslo, to_oslo};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Who the summary is for; printed in its head and its file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Recipient {
    Fastlege,
    PalliativtTeam,
    Annet,
}

impl Recipient {
    pub const ALL: [Recipient; 3] = [Recipient::Fastlege, Recipient::PalliativtTeam, Recipient::Annet];

    /// As the address carries it: "fastlege", "palliativt-team", "annet".
    pub fn code(self) -> &'static str {
        match self {
            Recipient::Fastlege => "fastlege",
            Recipient::PalliativtTeam => "palliativt-team",
            Recipient::Annet => "annet",
        }
    }

    pub fn from_code(code: &str) -> Option<Recipient> {
        Recipient::ALL.into_iter().find(|r| r.code() == code.trim())
    }

    /// "Til fastlege": [`Recipient::label_in`] bokmål.
    pub fn label(self) -> &'static str {
        self.label_in(Language::Nb)
    }

    /// "Til fastlege", "For the GP": the summary's head and the button, in `language`.
    pub fn label_in(self, language: Language) -> &'static str {
        (language.summary().recipient)(self)
    }
}

/// Days covered when nobody chooses: the last 14, today included.
pub const DEFAULT_DAYS: i64 = 14;

/// The longest period a summary covers.
pub const MAX_DAYS: i64 = 3660;

/// Whole days in Oslo, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryPeriod {
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
}

pub const FIELD_FROM: &str = "fra";
pub const FIELD_TO: &str = "til";

impl SummaryPeriod {
    /// The last [`DEFAULT_DAYS`] days up to `today`.
    pub fn default_until(today: NaiveDate) -> SummaryPeriod {
        SummaryPeriod { first_day: today - Duration::days(DEFAULT_DAYS - 1), last_day: today }
    }

    /// [`SummaryPeriod::parse_in`] with its messages in bokmål.
    pub fn parse(from: &str, to: &str, today: NaiveDate) -> Result<SummaryPeriod, ValidationErrors> {
        SummaryPeriod::parse_in(from, to, today, Language::Nb)
    }

    /// Reads the form's two dates ("2026-11-23" as a date field sends it, or "23.11.2026");
    /// an empty field takes the default. A last day after `today` is read as today. The
    /// messages are in `language`.
    pub fn parse_in(
        from: &str,
        to: &str,
        today: NaiveDate,
        language: Language,
    ) -> Result<SummaryPeriod, ValidationErrors> {
        let w = language.summary();
        let default = SummaryPeriod::default_until(today);
        let mut errors = Vec::new();
        let mut day = |text: &str, field: &str, name: &str, fallback: NaiveDate| match parse_day(text) {
            Some(d) => d,
            None if text.trim().is_empty() => fallback,
            None => {
                errors.push(FieldError { field: field.into(), message: (w.date_unreadable)(name) });
                fallback
            }
        };
        let first_day = day(from, FIELD_FROM, w.from_field, default.first_day);
        let last_day = day(to, FIELD_TO, w.to_field, default.last_day).min(today);
        if !errors.is_empty() {
            return Err(ValidationErrors(errors));
        }
        if first_day > last_day {
            let date = |d: NaiveDate| d.format("%d.%m.%Y").to_string();
            let message = if first_day > today {
                (w.from_in_future)(&date(first_day))
            } else {
                (w.from_after_to)(&date(first_day), &date(last_day))
            };
            return Err(ValidationErrors(vec![FieldError { field: FIELD_FROM.into(), message }]));
        }
        if (last_day - first_day).num_days() + 1 > MAX_DAYS {
            return Err(ValidationErrors(vec![FieldError {
                field: FIELD_FROM.into(),
                message: w.too_long.into(),
            }]));
        }
        Ok(SummaryPeriod { first_day, last_day })
    }

    /// The period as instants: from the first day's midnight in Oslo to the end of the last day,
    /// or `now` if that is earlier.
    pub fn bounds(&self, now: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
        let midnight = |d: NaiveDate| {
            let local = d.and_hms_opt(0, 0, 0).unwrap_or_default();
            // Norway changes clocks at 02:00/03:00, never at midnight.
            from_oslo(local).unwrap_or_else(|| DateTime::from_naive_utc_and_offset(local, Utc))
        };
        let from = midnight(self.first_day);
        let end = midnight(self.last_day + Duration::days(1)) - Duration::seconds(1);
        (from, end.min(now))
    }

    pub fn days(&self) -> i64 {
        (self.last_day - self.first_day).num_days() + 1
    }
}

/// Today in Oslo.
pub fn today(now: DateTime<Utc>) -> NaiveDate {
    to_oslo(now).date()
}

fn parse_day(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    NaiveDate::parse_from_str(text, "%Y-%m-%d").or_else(|_| NaiveDate::parse_from_str(text, "%d.%m.%Y")).ok()
}

/// A file name a GP's computer files without trouble: "ESAS-r_Hakon-Johansen_2026-11-10_2026-11-23.pdf".
pub fn file_name(patient_name: &str, period: &SummaryPeriod) -> String {
    let mut name = String::new();
    for c in patient_name.chars() {
        match c {
            'æ' => name.push_str("ae"),
            'Æ' => name.push_str("Ae"),
            'ø' => name.push('o'),
            'Ø' => name.push('O'),
            'å' => name.push('a'),
            'Å' => name.push('A'),
            c if c.is_ascii_alphanumeric() => name.push(c),
            c if c.is_alphabetic() => name.push(fold(c)),
            _ if !name.ends_with('-') => name.push('-'),
            _ => {}
        }
    }
    let name = name.trim_matches('-');
    let name = if name.is_empty() { "pasient" } else { name };
    format!(
        "ESAS-r_{name}_{}_{}.pdf",
        period.first_day.format("%Y-%m-%d"),
        period.last_day.format("%Y-%m-%d")
    )
}

/// A letter with a diacritic as its plain Latin letter where that is obvious, else "x".
fn fold(c: char) -> char {
    const MAP: [(&str, char); 10] = [
        ("áàâäãā", 'a'),
        ("éèêëē", 'e'),
        ("íìîïī", 'i'),
        ("óòôöõō", 'o'),
        ("úùûüū", 'u'),
        ("čç", 'c'),
        ("šś", 's'),
        ("žź", 'z'),
        ("đ", 'd'),
        ("ŋñń", 'n'),
    ];
    let lower = c.to_lowercase().next().unwrap_or(c);
    let plain = MAP.iter().find(|(set, _)| set.contains(lower)).map_or('x', |(_, p)| *p);
    if c.is_uppercase() {
        plain.to_ascii_uppercase()
    } else {
        plain
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    #[test]
    fn empty_fields_give_the_last_fourteen_days_today_included() {
        let p = SummaryPeriod::parse("", "", d(2026, 11, 23)).expect("default");
        assert_eq!(p, SummaryPeriod { first_day: d(2026, 11, 10), last_day: d(2026, 11, 23) });
        assert_eq!(p.days(), 14);
    }

    #[test]
    fn both_date_formats_are_read_and_a_future_end_is_today() {
        let p = SummaryPeriod::parse("2026-11-01", "30.11.2026", d(2026, 11, 23)).expect("period");
        assert_eq!(p, SummaryPeriod { first_day: d(2026, 11, 1), last_day: d(2026, 11, 23) });
    }

    #[test]
    fn a_reversed_period_names_the_from_field_and_both_dates() {
        let e = SummaryPeriod::parse("2026-11-20", "2026-11-10", d(2026, 11, 23)).expect_err("reversed");
        assert_eq!(e.0.len(), 1);
        assert_eq!(e.0[0].field, "fra");
        assert!(e.0[0].message.contains("20.11.2026") && e.0[0].message.contains("10.11.2026"), "{e}");
    }

    #[test]
    fn a_start_in_the_future_says_so() {
        let e = SummaryPeriod::parse("2026-12-01", "", d(2026, 11, 23)).expect_err("future");
        assert!(e.0[0].message.contains("fram i tid"), "{e}");
    }

    #[test]
    fn nonsense_dates_name_their_field() {
        let e = SummaryPeriod::parse("i går", "31.02.2026", d(2026, 11, 23)).expect_err("bad");
        let fields: Vec<&str> = e.0.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["fra", "til"]);
        assert!(e.0[0].message.starts_with("Fra-dato:"));
        assert!(e.0[1].message.starts_with("Til-dato:"));
    }

    #[test]
    fn more_than_ten_years_is_refused_and_ten_years_is_not() {
        let today = d(2026, 11, 23);
        let first = today - Duration::days(MAX_DAYS - 1);
        assert!(SummaryPeriod::parse(&first.to_string(), "", today).is_ok());
        let too_early = first - Duration::days(1);
        assert!(SummaryPeriod::parse(&too_early.to_string(), "", today).is_err());
    }

    #[test]
    fn bounds_run_from_oslo_midnight_to_the_end_of_the_last_day_or_now() {
        let p = SummaryPeriod { first_day: d(2026, 11, 10), last_day: d(2026, 11, 20) };
        let now: DateTime<Utc> = "2026-11-23T10:00:00Z".parse().expect("now");
        let (from, to) = p.bounds(now);
        assert_eq!(from.to_rfc3339(), "2026-11-09T23:00:00+00:00");
        assert_eq!(to.to_rfc3339(), "2026-11-20T22:59:59+00:00");
        let today = SummaryPeriod { first_day: d(2026, 11, 23), last_day: d(2026, 11, 23) };
        assert_eq!(today.bounds(now).1, now);
    }

    #[test]
    fn file_names_are_plain_ascii() {
        let p = SummaryPeriod { first_day: d(2026, 11, 10), last_day: d(2026, 11, 23) };
        assert_eq!(
            file_name("Håkon Ødegård-Sæther", &p),
            "ESAS-r_Hakon-Odegard-Saether_2026-11-10_2026-11-23.pdf"
        );
        assert_eq!(file_name("Ánde Čáhppes", &p), "ESAS-r_Ande-Cahppes_2026-11-10_2026-11-23.pdf");
        assert_eq!(file_name("\"; rm -rf /", &p), "ESAS-r_rm-rf_2026-11-10_2026-11-23.pdf");
        assert_eq!(file_name("", &p), "ESAS-r_pasient_2026-11-10_2026-11-23.pdf");
    }
}
