//! Times in words (`crate::time`), in all three languages side by side: the date-and-time
//! format, how long ago, the weekdays.

use crate::Language;
use chrono::Weekday;

/// Times in words in one language.
#[derive(Debug)]
pub struct TimeWords {
    /// A date with the time of day, as chrono formats it: "23.11.2026 kl. 14:05".
    pub date_time_format: &'static str,
    /// How long ago, from whole minutes (never negative): "nå nettopp", "for 5 min siden",
    /// "for 3 t siden", "for 2 døgn siden".
    pub since: fn(i64) -> String,
    /// "mandag"
    pub weekday: fn(Weekday) -> &'static str,
}

impl Language {
    /// Times in words in this language.
    pub fn time(self) -> &'static TimeWords {
        match self {
            Language::Nb => &NB,
            Language::Nn => &NN,
            Language::En => &EN,
        }
    }
}

pub static NB: TimeWords = TimeWords {
    date_time_format: "%d.%m.%Y kl. %H:%M",
    since: |minutes| match minutes {
        ..=1 => "nå nettopp".into(),
        2..=59 => format!("for {minutes} min siden"),
        60..=2879 => format!("for {} t siden", minutes / 60),
        _ => format!("for {} døgn siden", minutes / 1440),
    },
    weekday: |day| match day {
        Weekday::Mon => "mandag",
        Weekday::Tue => "tirsdag",
        Weekday::Wed => "onsdag",
        Weekday::Thu => "torsdag",
        Weekday::Fri => "fredag",
        Weekday::Sat => "lørdag",
        Weekday::Sun => "søndag",
    },
};

pub static NN: TimeWords = TimeWords {
    date_time_format: "%d.%m.%Y kl. %H:%M",
    since: |minutes| match minutes {
        ..=1 => "no nettopp".into(),
        2..=59 => format!("for {minutes} min sidan"),
        60..=2879 => format!("for {} t sidan", minutes / 60),
        _ => format!("for {} døgn sidan", minutes / 1440),
    },
    weekday: |day| match day {
        Weekday::Mon => "måndag",
        Weekday::Tue => "tysdag",
        Weekday::Wed => "onsdag",
        Weekday::Thu => "torsdag",
        Weekday::Fri => "fredag",
        Weekday::Sat => "laurdag",
        Weekday::Sun => "sundag",
    },
};

pub static EN: TimeWords = TimeWords {
    date_time_format: "%d.%m.%Y at %H:%M",
    since: |minutes| match minutes {
        ..=1 => "just now".into(),
        2..=59 => format!("{minutes} min ago"),
        60..=2879 => format!("{} h ago", minutes / 60),
        _ => format!("{} days ago", minutes / 1440),
    },
    weekday: |day| match day {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    },
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::{format_date_time_in, format_since_in};
    use chrono::{DateTime, Utc};

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).expect("test time").with_timezone(&Utc)
    }

    #[test]
    fn time_since_and_dates_in_each_language() {
        let now = utc("2026-11-23T12:00:00Z");
        let cases = [
            (Language::Nb, ["nå nettopp", "for 45 min siden", "for 5 t siden", "for 3 døgn siden"]),
            (Language::Nn, ["no nettopp", "for 45 min sidan", "for 5 t sidan", "for 3 døgn sidan"]),
            (Language::En, ["just now", "45 min ago", "5 h ago", "3 days ago"]),
        ];
        for (language, [just, minutes, hours, days]) in cases {
            assert_eq!(format_since_in(utc("2026-11-23T11:59:30Z"), now, language), just);
            assert_eq!(format_since_in(utc("2026-11-23T11:15:00Z"), now, language), minutes);
            assert_eq!(format_since_in(utc("2026-11-23T07:00:00Z"), now, language), hours);
            assert_eq!(format_since_in(utc("2026-11-20T12:00:00Z"), now, language), days);
        }
        assert_eq!(format_date_time_in(now, Language::Nn), "23.11.2026 kl. 13:00");
        assert_eq!(format_date_time_in(now, Language::En), "23.11.2026 at 13:00");
        assert_eq!((Language::Nn.time().weekday)(Weekday::Sat), "laurdag");
    }
}
