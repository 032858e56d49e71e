//! Norwegian local time (Europe/Oslo) for display and for times typed at the bedside.
//!
//! Norway follows the EU rule since 1996: CEST (UTC+2) from 01:00 UTC on the last Sunday of March
//! to 01:00 UTC on the last Sunday of October, CET (UTC+1) otherwise. Computing it here keeps the
//! browser and the server in agreement (hydration renders the same text) without a time-zone
//! database in the wasm bundle.

use crate::text::Language;
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc, Weekday};

fn last_sunday(year: i32, month: u32) -> Option<NaiveDate> {
    let next_month = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    let last = next_month.pred_opt()?;
    let back = last.weekday().num_days_from_sunday();
    last.checked_sub_signed(Duration::days(i64::from(back)))
}

fn is_summer_time(at: DateTime<Utc>) -> bool {
    let year = at.year();
    let start = last_sunday(year, 3).and_then(|d| d.and_hms_opt(1, 0, 0));
    let end = last_sunday(year, 10).and_then(|d| d.and_hms_opt(1, 0, 0));
    match (start, end) {
        (Some(start), Some(end)) => {
            let at = at.naive_utc();
            at >= start && at < end
        }
        _ => false,
    }
}

/// A time as chrono writes it in JSON (RFC 3339, `2026-12-06T20:05:00Z`), or null, read with
/// chrono's strict RFC 3339 parser (`DateTime::parse_from_rfc3339`) rather than the lenient one its
/// `Deserialize` uses, which also takes "UTC" and spaces between the parts. For the browser's
/// bundle, where the lenient parser is 10 KB (issue 16); the server keeps chrono's own.
pub fn rfc3339_strict<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<DateTime<Utc>>, D::Error> {
    use serde::Deserialize;
    Option::<String>::deserialize(deserializer)?
        .map(|text| {
            DateTime::parse_from_rfc3339(&text)
                .map(|at| at.with_timezone(&Utc))
                .map_err(serde::de::Error::custom)
        })
        .transpose()
}

/// Offset from UTC in hours at that instant.
pub fn oslo_offset_hours(at: DateTime<Utc>) -> i64 {
    if is_summer_time(at) {
        2
    } else {
        1
    }
}

pub fn to_oslo(at: DateTime<Utc>) -> NaiveDateTime {
    at.naive_utc() + Duration::hours(oslo_offset_hours(at))
}

/// Local wall-clock time to UTC. In the autumn hour that happens twice the earlier is taken; a
/// time in the spring gap (that never happened) gives `None`.
pub fn from_oslo(local: NaiveDateTime) -> Option<DateTime<Utc>> {
    [2, 1].into_iter().find_map(|offset| {
        let utc = Utc.from_utc_datetime(&(local - Duration::hours(offset)));
        (oslo_offset_hours(utc) == offset).then_some(utc)
    })
}

/// "23.11.2026 kl. 14:05": [`format_date_time_in`] bokmål.
pub fn format_date_time(at: DateTime<Utc>) -> String {
    format_date_time_in(at, Language::Nb)
}

/// A date with the time of day in `language`: "23.11.2026 kl. 14:05", "23.11.2026 at 14:05".
pub fn format_date_time_in(at: DateTime<Utc>, language: Language) -> String {
    to_oslo(at).format(language.time().date_time_format).to_string()
}

/// "23.11.2026"
pub fn format_date(at: DateTime<Utc>) -> String {
    to_oslo(at).format("%d.%m.%Y").to_string()
}

/// "14:05"
pub fn format_time(at: DateTime<Utc>) -> String {
    to_oslo(at).format("%H:%M").to_string()
}

/// "23.11."
pub fn format_day_month(at: DateTime<Utc>) -> String {
    to_oslo(at).format("%d.%m.").to_string()
}

/// How long ago, in the words a nurse would use: [`format_since_in`] bokmål.
pub fn format_since(then: DateTime<Utc>, now: DateTime<Utc>) -> String {
    format_since_in(then, now, Language::Nb)
}

/// How long ago in `language`: "for 5 min siden", "for 3 t sidan", "2 days ago".
pub fn format_since_in(then: DateTime<Utc>, now: DateTime<Utc>, language: Language) -> String {
    (language.time().since)((now - then).num_minutes().max(0))
}

/// [`weekday_in`] bokmål: "mandag".
pub fn weekday_nb(day: Weekday) -> &'static str {
    weekday_in(day, Language::Nb)
}

/// The weekday's name in `language`: "mandag", "måndag", "Monday".
pub fn weekday_in(day: Weekday, language: Language) -> &'static str {
    (language.time().weekday)(day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).expect("test time").with_timezone(&Utc)
    }

    #[test]
    fn the_strict_reader_reads_what_chrono_writes() {
        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct Draft {
            #[serde(default, deserialize_with = "rfc3339_strict")]
            at: Option<DateTime<Utc>>,
        }
        let start = utc("2026-03-29T00:30:00Z");
        for step in 0..2000 {
            let at = start + Duration::minutes(step * 7919) + Duration::milliseconds(step % 3 * 250);
            for draft in [Draft { at: Some(at) }, Draft { at: None }] {
                let json = serde_json::to_string(&draft).expect("written");
                assert_eq!(serde_json::from_str::<Draft>(&json).expect(&json), draft);
            }
        }
        assert_eq!(serde_json::from_str::<Draft>("{}").expect("absent"), Draft { at: None });
        let offset: Draft = serde_json::from_str(r#"{"at":"2026-12-06T21:05:00+01:00"}"#).expect("offset");
        assert_eq!(offset.at, Some(utc("2026-12-06T20:05:00Z")));
        // What the lenient parser would take and this one refuses.
        assert!(serde_json::from_str::<Draft>(r#"{"at":"2026-12-06T20:05:00 UTC"}"#).is_err());
        assert!(serde_json::from_str::<Draft>(r#"{"at":"tomorrow"}"#).is_err());
    }

    #[test]
    fn winter_and_summer_offsets() {
        assert_eq!(format_date_time(utc("2026-01-15T12:00:00Z")), "15.01.2026 kl. 13:00");
        assert_eq!(format_date_time(utc("2026-07-15T12:00:00Z")), "15.07.2026 kl. 14:00");
    }

    #[test]
    fn switches_at_one_utc_on_the_last_sundays() {
        // 2026: 29 March and 25 October.
        assert_eq!(oslo_offset_hours(utc("2026-03-29T00:59:59Z")), 1);
        assert_eq!(oslo_offset_hours(utc("2026-03-29T01:00:00Z")), 2);
        assert_eq!(oslo_offset_hours(utc("2026-10-25T00:59:59Z")), 2);
        assert_eq!(oslo_offset_hours(utc("2026-10-25T01:00:00Z")), 1);
    }

    #[test]
    fn local_times_round_trip_and_the_spring_gap_is_refused() {
        let local = |s| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").expect("test local");
        assert_eq!(from_oslo(local("2026-11-23T08:30")), Some(utc("2026-11-23T07:30:00Z")));
        assert_eq!(from_oslo(local("2026-06-01T08:30")), Some(utc("2026-06-01T06:30:00Z")));
        assert_eq!(from_oslo(local("2026-03-29T02:30")), None);
        assert_eq!(from_oslo(local("2026-10-25T02:30")), Some(utc("2026-10-25T00:30:00Z")));
    }

    #[test]
    fn time_since_in_words() {
        let now = utc("2026-11-23T12:00:00Z");
        assert_eq!(format_since(utc("2026-11-23T11:59:30Z"), now), "nå nettopp");
        assert_eq!(format_since(utc("2026-11-23T11:15:00Z"), now), "for 45 min siden");
        assert_eq!(format_since(utc("2026-11-23T07:00:00Z"), now), "for 5 t siden");
        assert_eq!(format_since(utc("2026-11-20T12:00:00Z"), now), "for 3 døgn siden");
    }
}
