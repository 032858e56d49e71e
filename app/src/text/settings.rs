//! The user's own settings (the UI language) and a unit's written language, in all three
//! languages side by side.

use crate::model::{PasswordProblem, MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS};
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
    /// The user's own password (ASVS 6.2.2, 6.2.3).
    pub password: &'static str,
    pub password_explained: &'static str,
    pub current_password: &'static str,
    pub new_password: &'static str,
    pub new_password_again: &'static str,
    pub change_password: &'static str,
    pub password_changed: &'static str,
    pub password_wrong: &'static str,
    pub password_throttled: &'static str,
    pub passwords_differ: &'static str,
    /// Why a new password is refused (here, on the administration page and the command line).
    pub password_problem: fn(PasswordProblem) -> String,
    /// The page after a sign-in with a start password (ASVS 6.4.1).
    pub start_title: &'static str,
    pub start_explained: &'static str,
    pub start_submit: &'static str,
    /// The login page, when the start password has run out.
    pub start_expired: &'static str,
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
    password: "Passord",
    password_explained: "Bytt passordet ditt. Du blir logget ut overalt ellers; her er du fortsatt logget inn.",
    current_password: "Passordet ditt nå",
    new_password: "Nytt passord (minst 12 tegn)",
    new_password_again: "Det nye passordet en gang til",
    change_password: "Bytt passord",
    password_changed: "Passordet er byttet. Andre innlogginger er logget ut.",
    password_wrong: "Passordet ditt nå: det er ikke riktig. Passordet er ikke byttet.",
    password_throttled: "For mange feil passord den siste tiden. Vent et kvarter og prøv igjen.",
    passwords_differ: "Det nye passordet en gang til: det er ikke det samme som det nye passordet.",
    password_problem: |problem| match problem {
        PasswordProblem::TooShort => format!("Passordet må ha minst {MIN_PASSWORD_CHARS} tegn."),
        PasswordProblem::TooLong => format!("Passordet kan ha høyst {MAX_PASSWORD_CHARS} tegn."),
        PasswordProblem::Common => {
            "Passordet er blant de vanligste passordene. Velg et annet, gjerne tre-fire ord.".into()
        }
        PasswordProblem::Repeated => "Passordet er det samme tegnet eller ordet gjentatt. Velg et annet.".into(),
        PasswordProblem::Personal => {
            "Passordet kan ikke inneholde brukernavnet, navnet ditt eller «Lindra».".into()
        }
    },
    start_title: "Velg ditt eget passord",
    start_explained: "Du logget inn med et startpassord. Velg et passord bare du kjenner før du går videre: gjerne tre eller fire ord.",
    start_submit: "Lagre passordet og gå videre",
    start_expired: "Startpassordet er for gammelt og virker ikke lenger. Be administratoren om et nytt.",
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
    password: "Passord",
    password_explained: "Byt passordet ditt. Du blir logga ut overalt elles; her er du framleis logga inn.",
    current_password: "Passordet ditt no",
    new_password: "Nytt passord (minst 12 teikn)",
    new_password_again: "Det nye passordet ein gong til",
    change_password: "Byt passord",
    password_changed: "Passordet er bytt. Andre innloggingar er logga ut.",
    password_wrong: "Passordet ditt no: det er ikkje rett. Passordet er ikkje bytt.",
    password_throttled: "For mange feil passord den siste tida. Vent eit kvarter og prøv igjen.",
    passwords_differ: "Det nye passordet ein gong til: det er ikkje det same som det nye passordet.",
    password_problem: |problem| match problem {
        PasswordProblem::TooShort => format!("Passordet må ha minst {MIN_PASSWORD_CHARS} teikn."),
        PasswordProblem::TooLong => format!("Passordet kan ha høgst {MAX_PASSWORD_CHARS} teikn."),
        PasswordProblem::Common => {
            "Passordet er blant dei vanlegaste passorda. Vel eit anna, gjerne tre-fire ord.".into()
        }
        PasswordProblem::Repeated => "Passordet er same teiknet eller ordet gjenteke. Vel eit anna.".into(),
        PasswordProblem::Personal => {
            "Passordet kan ikkje innehalde brukarnamnet, namnet ditt eller «Lindra».".into()
        }
    },
    start_title: "Vel ditt eige passord",
    start_explained: "Du logga inn med eit startpassord. Vel eit passord berre du kjenner før du går vidare: gjerne tre eller fire ord.",
    start_submit: "Lagre passordet og gå vidare",
    start_expired: "Startpassordet er for gammalt og verkar ikkje lenger. Be administratoren om eit nytt.",
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
    password: "Password",
    password_explained: "Change your password. You will be signed out everywhere else; here you stay signed in.",
    current_password: "Your current password",
    new_password: "New password (at least 12 characters)",
    new_password_again: "The new password again",
    change_password: "Change password",
    password_changed: "Your password has been changed. Other sign-ins have been signed out.",
    password_wrong: "Your current password: it is not right. The password has not been changed.",
    password_throttled: "Too many wrong passwords lately. Wait a quarter of an hour and try again.",
    passwords_differ: "The new password again: it is not the same as the new password.",
    password_problem: |problem| {
        match problem {
        PasswordProblem::TooShort => format!("The password must have at least {MIN_PASSWORD_CHARS} characters."),
        PasswordProblem::TooLong => format!("The password can have at most {MAX_PASSWORD_CHARS} characters."),
        PasswordProblem::Common => {
            "The password is one of the most common passwords. Choose another, preferably three or four words."
                .into()
        }
        PasswordProblem::Repeated => "The password is the same character or word repeated. Choose another.".into(),
        PasswordProblem::Personal => "The password cannot contain the username, your name or “Lindra”.".into(),
    }
    },
    start_title: "Choose your own password",
    start_explained: "You signed in with an initial password. Choose a password only you know before you go on: three or four words work well.",
    start_submit: "Save the password and go on",
    start_expired: "The initial password is too old and no longer works. Ask the administrator for a new one.",
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
