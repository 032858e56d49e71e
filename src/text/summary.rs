//! The summary's choices (`crate::summary`), in all three languages side by side: who it is for,
//! and what is wrong with a period. Messages name their field first, as the clinical ones do.

use crate::summary::Recipient;
use crate::Language;

/// The summary's choices in one language.
#[derive(Debug)]
pub struct SummaryWords {
    /// "Til fastlege": the summary's head and the button.
    pub recipient: fn(Recipient) -> &'static str,
    /// No recipient Lindra knows.
    pub recipient_invalid: &'static str,
    /// The fields of the period, as their messages name them.
    pub from_field: &'static str,
    pub to_field: &'static str,
    /// A date that cannot be read, naming its field.
    pub date_unreadable: fn(&str) -> String,
    /// The first day (dd.mm.yyyy) is after today.
    pub from_in_future: fn(&str) -> String,
    /// The first day is after the last (both dd.mm.yyyy).
    pub from_after_to: fn(&str, &str) -> String,
    /// The period is longer than `summary::MAX_DAYS` (ten years).
    pub too_long: &'static str,
}

impl Language {
    /// The summary's choices in this language.
    pub fn summary(self) -> &'static SummaryWords {
        match self {
            Language::Nb => &NB,
            Language::Nn => &NN,
            Language::En => &EN,
        }
    }
}

pub static NB: SummaryWords = SummaryWords {
    recipient: |r| match r {
        Recipient::Fastlege => "Til fastlege",
        Recipient::PalliativtTeam => "Til palliativt team",
        Recipient::Annet => "Til annen mottaker",
    },
    recipient_invalid: "Mottaker: velg fastlege, palliativt team eller annen mottaker.",
    from_field: "Fra-dato",
    to_field: "Til-dato",
    date_unreadable: |field| format!("{field}: skriv datoen som dd.mm.åååå, for eksempel 09.11.2026."),
    from_in_future: |day| format!("Fra-dato: {day} er fram i tid. Velg en dag til og med i dag."),
    from_after_to: |from, to| {
        format!("Fra-dato: {from} er etter til-datoen {to}. Velg en fra-dato før til-datoen.")
    },
    too_long: "Periode: velg høyst 10 år.",
};

pub static NN: SummaryWords = SummaryWords {
    recipient: |r| match r {
        Recipient::Fastlege => "Til fastlege",
        Recipient::PalliativtTeam => "Til palliativt team",
        Recipient::Annet => "Til annan mottakar",
    },
    recipient_invalid: "Mottakar: vel fastlege, palliativt team eller annan mottakar.",
    from_field: "Frå-dato",
    to_field: "Til-dato",
    date_unreadable: |field| format!("{field}: skriv datoen som dd.mm.åååå, til dømes 09.11.2026."),
    from_in_future: |day| format!("Frå-dato: {day} er fram i tid. Vel ein dag til og med i dag."),
    from_after_to: |from, to| {
        format!("Frå-dato: {from} er etter til-datoen {to}. Vel ein frå-dato før til-datoen.")
    },
    too_long: "Periode: vel høgst 10 år.",
};

pub static EN: SummaryWords = SummaryWords {
    recipient: |r| match r {
        Recipient::Fastlege => "For the GP",
        Recipient::PalliativtTeam => "For the palliative care team",
        Recipient::Annet => "For another recipient",
    },
    recipient_invalid: "Recipient: choose the GP, the palliative care team or another recipient.",
    from_field: "From date",
    to_field: "To date",
    date_unreadable: |field| format!("{field}: write the date as dd.mm.yyyy, for example 09.11.2026."),
    from_in_future: |day| {
        format!("From date: {day} is in the future. Choose a day up to and including today.")
    },
    from_after_to: |from, to| {
        format!("From date: {from} is after the to date {to}. Choose a from date before the to date.")
    },
    too_long: "Period: choose at most 10 years.",
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{catalogue_strings, shared_sentences};

    #[test]
    fn every_language_is_translated() {
        for language in Language::ALL {
            assert!(catalogue_strings(language.summary()).iter().all(|s| !s.trim().is_empty()));
        }
        assert!(shared_sentences(&NB, &NN) < 0.3);
        assert!(shared_sentences(&NB, &EN) < 0.02);
    }
}
