//! The words of Lindra's clinical domain, one catalogue per language: ESAS-r items and anchors,
//! "utfylt av", severity bands, sums, NRS questions, the follow-up loop's actions and the
//! validation messages. A catalogue is a [`ClinicalWords`] value (`nb`, `nn`, `en`): a language
//! that leaves out a text does not compile.
//!
//! Bokmål is the wording of clinical.md (Helse Bergen's translation in the openEHR archetype;
//! OUS procedure "ESAS"); English is the original ESAS-r (Watanabe et al. 2011); nynorsk is
//! Lindra's own translation, *not validated* (docs/clinical).
//!
//! Messages name their field first ("Tidspunkt: ..."), so each makes sense on its own too.
//!
//! The domain's other words are areas in files of their own, the three languages side by side,
//! each with an accessor on [`Language`]: the body map's regions ([`body`], `language.body()`),
//! times ([`time`]), the summary's recipients and period ([`summary`]), the score ([`score`]),
//! the charts' titles ([`chart`]) and the PDFs ([`report`]).

pub mod body;
pub mod chart;
mod en;
mod nb;
mod nn;
pub mod report;
pub mod score;
pub mod summary;
pub mod time;

pub use body::BodyWords;
pub use chart::ChartWords;
pub use report::ReportWords;
pub use score::ScoreWords;
pub use summary::SummaryWords;
pub use time::TimeWords;

use crate::esas::{CompletedBy, EsasItem, SumKind};
use crate::followup::steps::{ActionKind, CloseReason};
use crate::nrs::NrsQuestion;
use crate::patient_form::PatientWords;
use crate::score::Severity;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A written language of Lindra: the staff UI's (a user's setting, else their unit's),
/// a unit's written language for records and the PDF (bokmål or nynorsk), and the patient form's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    #[default]
    Nb,
    Nn,
    En,
}

impl Language {
    pub const ALL: [Language; 3] = [Language::Nb, Language::Nn, Language::En];

    /// BCP 47 tag, also the stable code in storage and on the wire.
    pub fn code(self) -> &'static str {
        match self {
            Language::Nb => "nb",
            Language::Nn => "nn",
            Language::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Language> {
        Language::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The language's own name, as a chooser shows it to someone who reads only that one.
    pub fn own_name(self) -> &'static str {
        match self {
            Language::Nb => "Norsk (bokmål)",
            Language::Nn => "Norsk (nynorsk)",
            Language::En => "English",
        }
    }

    /// Every word of the patient form in this language.
    pub fn patient_words(self) -> &'static PatientWords {
        match self {
            Language::Nb => &crate::patient_form::BOKMAL,
            Language::Nn => &crate::patient_form::NYNORSK,
            Language::En => &crate::patient_form::ENGLISH,
        }
    }

    /// The follow-up loop's words: an area of its own, so that the registration form's bundle,
    /// which needs the clinical words, does not carry them.
    pub fn followup(self) -> &'static FollowupWords {
        match self {
            Language::Nb => &nb::FOLLOWUP,
            Language::Nn => &nn::FOLLOWUP,
            Language::En => &en::FOLLOWUP,
        }
    }

    /// The clinical words (items, anchors, bands, validation) in this language.
    pub fn clinical(self) -> &'static ClinicalWords {
        match self {
            Language::Nb => &nb::CLINICAL,
            Language::Nn => &nn::CLINICAL,
            Language::En => &en::CLINICAL,
        }
    }
}

#[derive(Debug)]
pub struct ClinicalWords {
    /// The language these words are in.
    pub language: Language,
    /// InvalidWords
    pub invalid: InvalidWords,
    /// ExpectedWords
    pub expected: ExpectedWords,
    /// ShiftWords
    pub shift: ShiftWords,
    /// PeriodWords
    pub quality: PeriodWords,
    /// The item's label as printed on the Norwegian form.
    pub item_label: fn(EsasItem) -> &'static str,
    /// A short label for tables and chart legends.
    pub item_short_label: fn(EsasItem) -> &'static str,
    /// What 0 means for the item. For "annet problem" the problem's own name is put in.
    pub anchor_low: fn(EsasItem, &str) -> String,
    /// What 10 means for the item.
    pub anchor_high: fn(EsasItem, &str) -> String,
    pub not_assessed: &'static str,
    pub not_assessed_short: &'static str,
    pub esas_timeframe: &'static str,
    pub completed_by_label: &'static str,
    pub other_problem_name: &'static str,
    pub completed_by: fn(CompletedBy) -> &'static str,
    /// "Utfylt av" of the patient's own answers on the unit tablet.
    pub self_reported_on_tablet: &'static str,
    pub severity: fn(Severity) -> &'static str,
    pub sum_label: fn(SumKind) -> &'static str,
    /// A sum in a flag or a legend: "Total", "Fysisk", "Emosjonell".
    pub sum_short: fn(SumKind) -> &'static str,
    pub nrs_question: fn(NrsQuestion) -> &'static str,
    /// The NRS questions in a chart legend or a table row.
    pub nrs_short: fn(NrsQuestion) -> &'static str,
    pub nrs_low: &'static str,
    pub nrs_high: &'static str,
    pub breakthrough_pain: &'static str,
    pub body_map: &'static str,
    /// In a follow-up's reason: "Fysisk forverret 21 → 27".
    pub worsened: &'static str,
    /// A follow-up's reason: breakthrough pain in the last 24 hours.
    pub breakthrough: &'static str,
    pub note: &'static str,
    /// The reason field of a correction, in its messages.
    pub reason: &'static str,
    /// Why a national identity number was refused, naming the field.
    pub national_id_error: fn(crate::national_id::NationalIdError) -> &'static str,
}

/// Validation messages. Each names the field so the message makes sense on its own, too.
#[derive(Debug)]
pub struct InvalidWords {
    pub self_report_completed_by: &'static str,
    pub self_report_item: fn(&str) -> String,
    pub item_missing: fn(&str) -> String,
    pub score_out_of_range: fn(&str, i64) -> String,
    pub other_needs_name: fn() -> String,
    pub other_needs_score: fn(&str) -> String,
    pub text_too_long: fn(&str, usize) -> String,
    pub completed_by_missing: &'static str,
    pub in_the_future: &'static str,
    pub too_old: fn(i64) -> String,
    pub unknown_region: fn(u16) -> String,
    pub too_many_marks: fn(usize) -> String,
    pub region_twice: fn(&str) -> String,
    pub correction_reason_missing: &'static str,
}

/// Problems with an expected symptom a resource nurse sets (`followup::ExpectedSymptomDraft`).
#[derive(Debug)]
pub struct ExpectedWords {
    pub item_missing: &'static str,
    pub level: &'static str,
    pub reason_missing: &'static str,
    pub reason_too_long: fn(usize) -> String,
    pub until: fn(i64) -> String,
}

/// The follow-up loop (`followup::steps`): actions, closings, states and their problems.
#[derive(Debug)]
pub struct FollowupWords {
    pub action: fn(ActionKind) -> &'static str,
    pub close_reason: fn(CloseReason) -> &'static str,
    pub closed: fn(CloseReason) -> &'static str,
    pub open_untaken: fn(i64) -> String,
    pub taken_by: fn(&str, i64) -> String,
    pub due_in: fn(i64) -> String,
    pub overdue: fn(i64) -> String,
    pub medicine: &'static str,
    pub dose: &'static str,
    pub route: &'static str,
    pub text: &'static str,
    pub close_note: &'static str,
    pub missing: fn(&str) -> String,
    pub kind_missing: &'static str,
    pub other_text_missing: &'static str,
    pub done_at: &'static str,
    pub done_at_too_old: fn(i64) -> String,
    pub reassess_range: fn(&std::ops::RangeInclusive<i64>) -> String,
    pub reassess_passed: fn(DateTime<Utc>) -> String,
    /// One step of the trail, as the patient page and the PDF print it after who and when.
    pub step: fn(&crate::followup::steps::StepKind) -> String,
    /// "Slapphet opp til 8 forventet: livets siste dager. Gjelder til 12.12.2026 kl. 14:00."
    pub expected: fn(&crate::followup::ExpectedSymptom) -> String,
    pub expected_now: &'static str,
    pub pdf_heading: &'static str,
    pub pdf_none: &'static str,
    pub pdf_opened: fn(DateTime<Utc>) -> String,
    /// "Revurdert 45 min etter første tiltak. Lukket etter 62 min." / "Fortsatt åpen."
    pub pdf_summary: fn(Option<i64>, Option<i64>) -> String,
    pub close_reason_missing: &'static str,
    pub close_note_missing: &'static str,
}

/// A unit's shifts (`shift::Shifts`): the problems an administrator can make.
#[derive(Debug)]
pub struct ShiftWords {
    pub count: fn(usize) -> String,
    pub name: fn(usize) -> String,
    pub whole_minutes: fn(&str) -> String,
    pub same_start: &'static str,
    pub unreadable: fn(&str) -> String,
}

/// The quality view's periods (`crate::quality`).
#[derive(Debug)]
pub struct PeriodWords {
    /// The months in Norwegian, January first (also refused as passwords).
    pub months: [&'static str; 12],
    pub week: fn(u32, i32) -> String,
    pub week_short: fn(u32) -> String,
    pub month_short: fn(u32, i32) -> String,
    pub month: fn(u32, i32) -> String,
}

impl ClinicalWords {
    /// The language of this catalogue (one of [`Language::clinical`]'s), for code that was
    /// handed the clinical words and needs another area's words in the same language.
    pub fn language(&self) -> Language {
        self.language
    }

    /// "Utfylt av" of a stored registration: the patient's own answers on the tablet say so.
    pub fn completed_by_of(&self, r: &crate::Registration) -> &'static str {
        match r.self_report {
            Some(_) => self.self_reported_on_tablet,
            None => (self.completed_by)(r.completed_by),
        }
    }
}

/// Every string in a catalogue value, in order, read from its `Debug` form: the tests of each
/// catalogue compare languages with it (a translation left a copy of bokmål, an empty text).
pub fn catalogue_strings(words: &dyn std::fmt::Debug) -> Vec<String> {
    let debug = format!("{words:?}");
    let mut strings = Vec::new();
    let mut chars = debug.chars();
    while let Some(c) = chars.next() {
        if c != '"' {
            continue;
        }
        let mut s = String::new();
        while let Some(c) = chars.next() {
            match c {
                '\\' => s.extend(chars.next()),
                '"' => break,
                c => s.push(c),
            }
        }
        strings.push(s);
    }
    strings
}

/// The share of `a`'s sentences (strings of more than one word; a single word such as
/// "Dose" or "august" may well be the same) that `b` has unchanged at the same place.
pub fn shared_sentences(a: &dyn std::fmt::Debug, b: &dyn std::fmt::Debug) -> f64 {
    let (a, b) = (catalogue_strings(a), catalogue_strings(b));
    assert_eq!(a.len(), b.len(), "the catalogues have the same strings, in the same order");
    let sentences: Vec<_> = a.iter().zip(&b).filter(|(a, _)| a.trim().contains(' ')).collect();
    let same = sentences.iter().filter(|(a, b)| a == b).count();
    same as f64 / sentences.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_is_translated_and_has_no_empty_text() {
        let words = |l: Language| -> [&'static dyn std::fmt::Debug; 2] { [l.clinical(), l.followup()] };
        let (nb, nn, en) = (&words(Language::Nb), &words(Language::Nn), &words(Language::En));
        assert!(catalogue_strings(nb).len() > 40);
        for words in [nb, nn, en] {
            assert!(catalogue_strings(words).iter().all(|s| !s.trim().is_empty()), "{words:?}");
        }
        // Nynorsk shares some sentences with bokmål ("Tung pust"), English none.
        let nynorsk = shared_sentences(nb, nn);
        assert!(nynorsk < 0.3, "nynorsk is {:.0} % bokmål", nynorsk * 100.0);
        let english = shared_sentences(nb, en);
        assert!(english < 0.02, "English is {:.0} % bokmål", english * 100.0);
    }

    #[test]
    fn messages_in_each_language_name_their_field_and_fill_in_the_values() {
        for language in Language::ALL {
            let w = language.clinical();
            let message = (w.invalid.score_out_of_range)("Smerte", 11);
            assert!(message.starts_with("Smerte: ") && message.contains("11"), "{message}");
            let message = (w.invalid.text_too_long)("Notat", 2000);
            assert!(message.starts_with("Notat: ") && message.contains("2000"), "{message}");
            assert!((w.shift.unreadable)("Dag 7").contains("Dag 7"));
            assert!((w.anchor_low)(EsasItem::Other, "Forstoppelse").to_lowercase().contains("forstoppelse"));
        }
    }
}
