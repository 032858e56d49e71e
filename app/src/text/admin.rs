//! The administration: care units, users, patients and API clients, with the messages of its
//! forms, in all three languages side by side. Labels the rest of the UI shares (name, unit,
//! role, date of birth, ...) are [`super::UiWords`]' `field_*`.

use crate::admin::UnitKind;

/// The administration's words.
#[derive(Debug)]
pub struct AdminWords {
    /// What a role without access is refused ("Din rolle gir ikke tilgang til ...").
    pub what_admin: &'static str,
    // Any form.
    /// A field left empty, named by its label.
    pub required: fn(&str) -> String,
    /// A field longer than its most characters, named by its label.
    pub too_long: fn(&str, usize) -> String,

    // Units.
    /// A unit's kind, named (the stored code is `UnitKind::code`).
    pub unit_kind: fn(UnitKind) -> &'static str,
    /// A unit in the list: its name, its kind's name and its assessment interval in hours.
    pub unit_summary: fn(&str, &str, i32) -> String,
    /// A unit the page does not know by name, by its id.
    pub unit_fallback: fn(i64) -> String,
    pub interval_label: &'static str,
    pub contact_day_label: &'static str,
    pub contact_after_hours_label: &'static str,
    /// The daytime contact, as its problems name it.
    pub contact_day: &'static str,
    /// The evening and weekend contact, as its problems name it.
    pub contact_after_hours: &'static str,
    pub unit_kind_invalid: &'static str,
    pub interval_invalid: &'static str,
    /// The unit's lock time, with the server's own as the empty field's meaning (minutes).
    pub lock_after_label: fn(i64) -> String,
    pub lock_after_invalid: &'static str,
    pub second_factor_for_all: &'static str,

    // Users.
    pub full_name: &'static str,
    pub choose_role: &'static str,
    /// A start password just made, shown once: the user's name and until when it works.
    pub start_password_once: fn(&str, &str) -> String,
    /// The label of the read-only field that holds it.
    pub start_password: &'static str,
    /// The button that gives a user a new start password.
    pub new_start_password: &'static str,
    pub start_password_given: &'static str,
    pub password_sign_in_off: &'static str,
    /// The units a user works in (the legend of their checkboxes).
    pub works_in: &'static str,
    /// The heading of a user's or an API client's state.
    pub status: &'static str,
    pub active: &'static str,
    pub deactivated: &'static str,
    pub activate: &'static str,
    pub deactivate: &'static str,
    pub username_invalid: &'static str,
    pub role_missing: &'static str,
    pub cannot_disable_self: &'static str,
    pub user_not_found: &'static str,

    // Patients.
    /// The label of the select that moves a patient, naming the patient.
    pub unit_of: fn(&str) -> String,
    /// The button that moves a patient.
    pub move_button: &'static str,
    pub national_id_label: &'static str,
    /// A date of birth the browser could not read (none chosen).
    pub birth_date_missing: &'static str,
    pub birth_date_invalid: &'static str,

    // API clients.
    pub client_name_label: &'static str,
    /// The placeholder of a new client's name.
    pub client_name_example: &'static str,
    /// The units whose patients a client can read (the legend of their checkboxes).
    pub client_units: &'static str,
    pub client_units_invalid: &'static str,
    /// The table's heading of the units a client reads.
    pub can_read: &'static str,
    /// The table's heading of the day a client was made.
    pub made: &'static str,
    /// The field of the days a token is valid, with the most days.
    pub valid_days_label: fn(i64) -> String,
    pub valid_days_invalid: fn(i64) -> String,
    /// The accessible name of the field that shows a new token.
    pub token: &'static str,
    pub token_failed: &'static str,
    /// A client's state, with the date.
    pub revoked_on: fn(&str) -> String,
    pub valid_until: fn(&str) -> String,
    pub expired_on: fn(&str) -> String,
}

pub static NB: AdminWords = AdminWords {
    what_admin: "administrasjon",
    required: |label| format!("{label}: må fylles ut."),
    too_long: |label, max| format!("{label}: høyst {max} tegn."),

    unit_kind: |kind| match kind {
        UnitKind::NursingHome => "Sykehjem",
        UnitKind::HomeCare => "Hjemmetjeneste",
        UnitKind::Hospital => "Sykehus",
        UnitKind::PalliativeUnit => "Palliativ enhet",
    },
    unit_summary: |name, kind, hours| format!("{name} ({kind}, hver {hours}. time)"),
    unit_fallback: |id| format!("enhet {id}"),
    interval_label: "ESAS-r forventes hver (timer)",
    contact_day_label: "Kontakt på dagtid (telefon, navn)",
    contact_after_hours_label: "Kontakt kveld, natt og helg",
    contact_day: "Kontakt på dagtid",
    contact_after_hours: "Kontakt kveld og helg",
    unit_kind_invalid: "Type: velg sykehjem, hjemmetjeneste, sykehus eller palliativ enhet.",
    interval_invalid: "Intervall: et helt antall timer fra 1 til 720.",
    lock_after_label: |minutes| {
        format!("Lås nettbrettet etter så mange minutter uten trykk (tomt: {minutes})")
    },
    lock_after_invalid: "Lås etter: et helt antall minutter fra 1 til 60, eller tomt.",
    second_factor_for_all: "Alle som arbeider i enheten må ha totrinnsinnlogging",

    full_name: "Fullt navn",
    choose_role: "Velg rolle",
    start_password_once: |name, until| {
        format!(
            "Startpassordet til {name} vises bare denne ene gangen. Gi det til {name} selv. \
             Det virker til {until}, og ved første innlogging velger {name} sitt eget."
        )
    },
    start_password: "Startpassord",
    new_start_password: "Nytt startpassord",
    start_password_given: "Brukeren har fått et nytt startpassord, og øktene hennes er avsluttet.",
    password_sign_in_off: "Innlogging med passord er slått av: brukeren logger inn via kommunens pålogging.",
    works_in: "Arbeider i",
    status: "Status",
    active: "Aktiv",
    deactivated: "Deaktivert",
    activate: "Aktiver",
    deactivate: "Deaktiver",
    username_invalid: "Brukernavn: 2-64 tegn, bare små bokstaver a-z, tall og . - _",
    role_missing: "Rolle: velg en rolle.",
    cannot_disable_self: "Du kan ikke deaktivere deg selv.",
    user_not_found: "Brukeren finnes ikke.",

    unit_of: |name| format!("Enhet for {name}"),
    move_button: "Flytt",
    national_id_label: "Fødselsnummer eller D-nummer",
    birth_date_missing: "Fødselsdato: velg en dato.",
    birth_date_invalid: "Fødselsdato: må være en dato mellom 1890 og i dag.",

    client_name_label: "Navn (vises i tilgangsloggen)",
    client_name_example: "DIPS-integrasjon",
    client_units: "Kan lese pasientene i",
    client_units_invalid: "Enheter: velg minst én enhet klienten kan lese.",
    can_read: "Kan lese",
    made: "Laget",
    valid_days_label: |max| format!("Gyldig i dager (1-{max})"),
    valid_days_invalid: |max| format!("Gyldig i dager: et helt tall fra 1 til {max}."),
    token: "Token",
    token_failed: "Serveren kunne ikke lage et token. Prøv igjen.",
    revoked_on: |date| format!("Trukket tilbake {date}"),
    valid_until: |date| format!("Gyldig til {date}"),
    expired_on: |date| format!("Utløpt {date}"),
};

pub static NN: AdminWords = AdminWords {
    what_admin: "administrasjonen",
    required: |label| format!("{label}: må fyllast ut."),
    too_long: |label, max| format!("{label}: høgst {max} teikn."),

    unit_kind: |kind| match kind {
        UnitKind::NursingHome => "Sjukeheim",
        UnitKind::HomeCare => "Heimeteneste",
        UnitKind::Hospital => "Sjukehus",
        UnitKind::PalliativeUnit => "Palliativ eining",
    },
    unit_summary: |name, kind, hours| format!("{name} ({kind}, kvar {hours}. time)"),
    unit_fallback: |id| format!("eining {id}"),
    interval_label: "ESAS-r blir forventa kvar (timar)",
    contact_day_label: "Kontakt på dagtid (telefon, namn)",
    contact_after_hours_label: "Kontakt kveld, natt og helg",
    contact_day: "Kontakt på dagtid",
    contact_after_hours: "Kontakt kveld, natt og helg",
    unit_kind_invalid: "Type: vel sjukeheim, heimeteneste, sjukehus eller palliativ eining.",
    interval_invalid: "Intervall: eit heilt tal timar frå 1 til 720.",
    lock_after_label: |minutes| format!("Lås nettbrettet etter så mange minutt utan trykk (tomt: {minutes})"),
    lock_after_invalid: "Lås etter: eit heilt tal minutt frå 1 til 60, eller tomt.",
    second_factor_for_all: "Alle som arbeider i eininga, må ha totrinnsinnlogging",

    full_name: "Fullt namn",
    choose_role: "Vel rolle",
    start_password_once: |name, until| {
        format!(
            "Startpassordet til {name} blir vist berre denne eine gongen. Gi det til {name} sjølv. \
             Det verkar til {until}, og ved første innlogging vel {name} sitt eige."
        )
    },
    start_password: "Startpassord",
    new_start_password: "Nytt startpassord",
    start_password_given: "Brukaren har fått eit nytt startpassord, og øktene hennar er avslutta.",
    password_sign_in_off:
        "Innlogging med passord er slått av: brukaren loggar inn via kommunen si pålogging.",
    works_in: "Arbeider i",
    status: "Status",
    active: "Aktiv",
    deactivated: "Deaktivert",
    activate: "Aktiver",
    deactivate: "Deaktiver",
    username_invalid: "Brukarnamn: 2-64 teikn, berre små bokstavar a-z, tal og . - _",
    role_missing: "Rolle: vel ei rolle.",
    cannot_disable_self: "Du kan ikkje deaktivere deg sjølv.",
    user_not_found: "Brukaren finst ikkje.",

    unit_of: |name| format!("Eining for {name}"),
    move_button: "Flytt",
    national_id_label: "Fødselsnummer eller D-nummer",
    birth_date_missing: "Fødselsdato: vel ein dato.",
    birth_date_invalid: "Fødselsdato: må vere ein dato mellom 1890 og i dag.",

    client_name_label: "Namn (blir vist i tilgangsloggen)",
    client_name_example: "DIPS-integrasjon",
    client_units: "Kan lese pasientane i",
    client_units_invalid: "Einingar: vel minst éi eining klienten kan lese.",
    can_read: "Kan lese",
    made: "Laga",
    valid_days_label: |max| format!("Gyldig i dagar (1-{max})"),
    valid_days_invalid: |max| format!("Gyldig i dagar: eit heilt tal frå 1 til {max}."),
    token: "Token",
    token_failed: "Serveren kunne ikkje lage eit token. Prøv igjen.",
    revoked_on: |date| format!("Trekt tilbake {date}"),
    valid_until: |date| format!("Gyldig til {date}"),
    expired_on: |date| format!("Gjekk ut {date}"),
};

pub static EN: AdminWords = AdminWords {
    what_admin: "the administration",
    required: |label| format!("{label}: must be filled in."),
    too_long: |label, max| format!("{label}: at most {max} characters."),

    unit_kind: |kind| match kind {
        UnitKind::NursingHome => "Nursing home",
        UnitKind::HomeCare => "Home care",
        UnitKind::Hospital => "Hospital",
        UnitKind::PalliativeUnit => "Palliative unit",
    },
    unit_summary: |name, kind, hours| match hours {
        1 => format!("{name} ({kind}, every hour)"),
        hours => format!("{name} ({kind}, every {hours} hours)"),
    },
    unit_fallback: |id| format!("unit {id}"),
    interval_label: "ESAS-r expected every (hours)",
    contact_day_label: "Daytime contact (phone, name)",
    contact_after_hours_label: "Evening, night and weekend contact",
    contact_day: "Daytime contact",
    contact_after_hours: "Evening, night and weekend contact",
    unit_kind_invalid: "Type: choose nursing home, home care, hospital or palliative unit.",
    interval_invalid: "Interval: a whole number of hours from 1 to 720.",
    lock_after_label: |minutes| {
        format!("Lock the tablet after this many minutes without a tap (empty: {minutes})")
    },
    lock_after_invalid: "Lock after: a whole number of minutes from 1 to 60, or empty.",
    second_factor_for_all: "Everyone who works in the unit must use two-step sign-in",

    full_name: "Full name",
    choose_role: "Choose role",
    start_password_once: |name, until| {
        format!(
            "The initial password of {name} is shown only this once. Give it to {name} in person. \
             It works until {until}, and at the first sign-in {name} chooses her own."
        )
    },
    start_password: "Initial password",
    new_start_password: "New initial password",
    start_password_given: "The user has a new initial password, and her sessions have ended.",
    password_sign_in_off:
        "Password sign-in is switched off: the user signs in through the municipality's sign-in.",
    works_in: "Works in",
    status: "Status",
    active: "Active",
    deactivated: "Deactivated",
    activate: "Activate",
    deactivate: "Deactivate",
    username_invalid: "Username: 2-64 characters, only lowercase letters a-z, digits and . - _",
    role_missing: "Role: choose a role.",
    cannot_disable_self: "You cannot deactivate yourself.",
    user_not_found: "The user does not exist.",

    unit_of: |name| format!("Unit for {name}"),
    move_button: "Move",
    national_id_label: "National identity number or D number",
    birth_date_missing: "Date of birth: choose a date.",
    birth_date_invalid: "Date of birth: must be a date between 1890 and today.",

    client_name_label: "Name (shown in the access log)",
    client_name_example: "DIPS integration",
    client_units: "Can read the patients in",
    client_units_invalid: "Units: choose at least one unit the client can read.",
    can_read: "Can read",
    made: "Created",
    valid_days_label: |max| format!("Days valid (1-{max})"),
    valid_days_invalid: |max| format!("Days valid: a whole number from 1 to {max}."),
    token: "Token",
    token_failed: "The server could not make a token. Try again.",
    revoked_on: |date| format!("Revoked {date}"),
    valid_until: |date| format!("Valid until {date}"),
    expired_on: |date| format!("Expired {date}"),
};

#[cfg(test)]
mod tests {
    use super::*;
    use lindra::text::{catalogue_strings, shared_sentences};
    use lindra::Language;

    #[test]
    fn every_language_has_every_text_and_fills_in_the_values() {
        for language in Language::ALL {
            let words = AdminWords::of(language);
            assert!(catalogue_strings(words).iter().all(|s| !s.trim().is_empty()), "{words:?}");
            assert!((words.too_long)("X", 37).contains("37"));
            assert!((words.valid_days_invalid)(730).contains("730"));
            assert!((words.unit_summary)("A", "B", 24).contains("24"));
            let kinds: Vec<_> = UnitKind::ALL.into_iter().map(words.unit_kind).collect();
            assert!(kinds.iter().enumerate().all(|(i, k)| !kinds[..i].contains(k)), "{kinds:?}");
        }
        assert!(shared_sentences(&NB, &EN) < 0.02);
        assert!(shared_sentences(&NB, &NN) < 0.3);
    }
}
