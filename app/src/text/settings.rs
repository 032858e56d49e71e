//! The user's own settings (the UI language) and a unit's written language, in all three
//! languages side by side.

use lindra::Language;

/// The user's own settings and a unit's written language.
#[derive(Debug)]
pub struct SettingsWords {
    /// The header's link to the settings.
    pub link: &'static str,
    pub title: &'static str,
    pub language: &'static str,
    pub language_explained: &'static str,
    /// The choice that follows the unit's written language, named.
    pub follow_unit: fn(Language) -> String,
    pub save: &'static str,
    pub saved: &'static str,
    pub invalid: &'static str,
    /// The administrator's choice of a unit's written language.
    pub unit_language: &'static str,
    pub unit_language_invalid: &'static str,
    /// A language's name in this language ("nynorsk").
    pub language_name: fn(Language) -> &'static str,
}

pub static NB: SettingsWords = SettingsWords {
    link: "Innstillinger",
    title: "Innstillinger",
    language: "Språk",
    language_explained: "Språket Lindra viser deg. Journalen, tilgangsloggen og PDF-en til fastlegen \
        skrives alltid på enhetens skriftspråk, uansett hva du velger her.",
    follow_unit: |unit| format!("Som enheten ({})", language_name_nb(unit)),
    save: "Lagre språk",
    saved: "Språket er lagret.",
    invalid: "Språk: velg bokmål, nynorsk, English eller «som enheten».",
    unit_language: "Skriftspråk (journal, tilgangslogg og PDF)",
    unit_language_invalid: "Skriftspråk: velg bokmål eller nynorsk.",
    language_name: language_name_nb,
};

pub static NN: SettingsWords = SettingsWords {
    link: "Innstillingar",
    title: "Innstillingar",
    language: "Språk",
    language_explained: "Språket Lindra viser deg. Journalen, tilgangsloggen og PDF-en til fastlegen \
        blir alltid skrivne på skriftspråket til eininga, same kva du vel her.",
    follow_unit: |unit| format!("Som eininga ({})", language_name_nn(unit)),
    save: "Lagre språk",
    saved: "Språket er lagra.",
    invalid: "Språk: vel bokmål, nynorsk, English eller «som eininga».",
    unit_language: "Skriftspråk (journal, tilgangslogg og PDF)",
    unit_language_invalid: "Skriftspråk: vel bokmål eller nynorsk.",
    language_name: language_name_nn,
};

pub static EN: SettingsWords = SettingsWords {
    link: "Settings",
    title: "Settings",
    language: "Language",
    language_explained: "The language Lindra shows you. The record, the access log and the PDF for \
        the GP are always written in the unit's written language, whatever you choose here.",
    follow_unit: |unit| format!("As the unit ({})", language_name_en(unit)),
    save: "Save language",
    saved: "The language is saved.",
    invalid: "Language: choose bokmål, nynorsk, English or “as the unit”.",
    unit_language: "Written language (record, access log and PDF)",
    unit_language_invalid: "Written language: choose bokmål or nynorsk.",
    language_name: language_name_en,
};

fn language_name_nb(language: Language) -> &'static str {
    match language {
        Language::Nb => "bokmål",
        Language::Nn => "nynorsk",
        Language::En => "engelsk",
    }
}

fn language_name_nn(language: Language) -> &'static str {
    match language {
        Language::Nb => "bokmål",
        Language::Nn => "nynorsk",
        Language::En => "engelsk",
    }
}

fn language_name_en(language: Language) -> &'static str {
    match language {
        Language::Nb => "Norwegian Bokmål",
        Language::Nn => "Norwegian Nynorsk",
        Language::En => "English",
    }
}
