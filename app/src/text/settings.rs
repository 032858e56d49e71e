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
    /// The user's sessions (ASVS 7.5.2).
    pub sessions: &'static str,
    pub sessions_explained: &'static str,
    /// A session's start and its last use.
    pub session_times: fn(&str, &str) -> String,
    pub this_session: &'static str,
    pub locked_session: &'static str,
    pub end_session: &'static str,
    pub end_all_sessions: &'static str,
    pub sessions_password: &'static str,
    pub sessions_wrong_password: &'static str,
    pub sessions_throttled: &'static str,
    pub sessions_ended: fn(usize) -> String,
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
    sessions: "Innlogginger",
    sessions_explained: "Der du er logget inn nå, nyeste først. Er det en du ikke kjenner igjen, eller et nettbrett du har lagt fra deg, logg den ut. Passordet ditt trengs.",
    session_times: |from, last| format!("Logget inn {from}, sist brukt {last}"),
    this_session: "Denne",
    locked_session: "Låst",
    end_session: "Logg ut denne",
    end_all_sessions: "Logg ut alle de andre",
    sessions_password: "Passordet ditt",
    sessions_wrong_password: "Passordet ditt: det er ikke riktig. Ingen er logget ut.",
    sessions_throttled: "Passordet ditt: for mange feil forsøk. Vent 15 minutter og prøv igjen.",
    sessions_ended: |n| match n {
        0 => "Ingen andre innlogginger ble logget ut.".into(),
        1 => "Én annen innlogging er logget ut.".into(),
        n => format!("{n} andre innlogginger er logget ut."),
    },
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
    sessions: "Innloggingar",
    sessions_explained: "Der du er logga inn no, nyaste først. Er det ei du ikkje kjenner att, eller eit nettbrett du har lagt frå deg, logg henne ut. Passordet ditt trengst.",
    session_times: |from, last| format!("Logga inn {from}, sist brukt {last}"),
    this_session: "Denne",
    locked_session: "Låst",
    end_session: "Logg ut denne",
    end_all_sessions: "Logg ut alle dei andre",
    sessions_password: "Passordet ditt",
    sessions_wrong_password: "Passordet ditt: det er ikkje rett. Ingen er logga ut.",
    sessions_throttled: "Passordet ditt: for mange feil forsøk. Vent 15 minutt og prøv igjen.",
    sessions_ended: |n| match n {
        0 => "Ingen andre innloggingar blei logga ut.".into(),
        1 => "Éi anna innlogging er logga ut.".into(),
        n => format!("{n} andre innloggingar er logga ut."),
    },
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
    sessions: "Sign-ins",
    sessions_explained: "Where you are signed in now, newest first. If there is one you do not recognise, or a tablet you have put down, sign it out. Your password is needed.",
    session_times: |from, last| format!("Signed in {from}, last used {last}"),
    this_session: "This one",
    locked_session: "Locked",
    end_session: "Sign this out",
    end_all_sessions: "Sign out all the others",
    sessions_password: "Your password",
    sessions_wrong_password: "Your password: it is not right. Nothing was signed out.",
    sessions_throttled: "Your password: too many wrong tries. Wait 15 minutes and try again.",
    sessions_ended: |n| match n {
        0 => "No other sign-in was signed out.".into(),
        1 => "One other sign-in has been signed out.".into(),
        n => format!("{n} other sign-ins have been signed out."),
    },
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
