//! The server's own words, in all three languages side by side: the few pages and refusals the
//! server writes outside the Leptos app, the password policy's refusals, and the command line
//! (`lindra user add`, `lindra backup`, ...). A language that leaves out a text does not compile.
//!
//! Words the app already has are taken from its catalogue (`lindra_app::text`: `UiWords`,
//! `LockWords`, `SecondFactorWords`, `PatientModeWords`), not repeated here.
//!
//! Which language: a page or refusal after sign-in speaks the session's (`SessionUser.language`);
//! before sign-in, bokmål. The command line speaks bokmål unless `--language` or
//! `LINDRA_LANGUAGE` says otherwise (`config::Config::language`).

use lindra::Language;

/// The server's words in one language.
#[derive(Debug)]
pub struct ServerWords {
    /// The link home on a page the server writes itself.
    pub to_lindra: &'static str,
    /// The page of a request the database could not serve.
    pub unavailable_title: &'static str,
    /// ... its text, before why (`UiWords::database_unavailable`, `disk_full`).
    pub not_sent: fn(&str) -> String,
    /// The page of a request that ran out of time (its text: `UiWords::timed_out`).
    pub timed_out_title: &'static str,
    /// A state change that did not come from Lindra's own pages.
    pub refused_title: &'static str,
    pub cross_origin: &'static str,
    /// A sign-in form larger than any sign-in.
    pub request_too_large: &'static str,
    /// Too many failed sign-ins from one address: the title, and the text with the minutes to wait.
    pub too_many_title: &'static str,
    pub too_many_sign_ins: fn(i64) -> String,
    /// A call (a form's save) from a locked tablet.
    pub locked_call: &'static str,
    /// Single sign-on asked for on a server that has none configured.
    pub sso_off: &'static str,
    /// The page between the identity provider and Lindra, and its link onward.
    pub sso_signed_in: &'static str,
    pub go_on: &'static str,
    /// The identity provider cannot be reached.
    pub sso_unavailable_title: &'static str,
    pub sso_unavailable: &'static str,
    /// A password sign-in on a server where only single sign-on is allowed.
    pub password_off: &'static str,
    /// A call without a session, or with one that has ended.
    pub signed_out_call: &'static str,
    /// A password that could not be hashed (the cause is Argon2's).
    pub hash_failed: fn(&str) -> String,
    /// The command line.
    pub cli: CliWords,
    /// `lindra backup`.
    pub backup: BackupWords,
}

/// The command line's words (users, units, patients, API clients).
#[derive(Debug)]
pub struct CliWords {
    /// `lindra --help`'s line about Lindra.
    pub about: &'static str,
    /// A start password printed once: the password, until when it works, the username.
    pub start_password: fn(&str, &str, &str) -> String,
    pub unknown_role: fn(&str) -> String,
    pub no_such_unit: fn(i64) -> String,
    pub no_such_user: fn(&str) -> String,
    /// Username, id.
    pub user_added: fn(&str, i64) -> String,
    pub user_disabled: fn(&str) -> String,
    pub password_set: fn(&str) -> String,
    pub no_randomness: &'static str,
    /// Name, id, the units' names, valid until; the token follows on its own line.
    pub api_client_added: fn(&str, i64, &str, &str) -> String,
    pub no_such_api_client: fn(&str) -> String,
    pub api_client_revoked: fn(&str) -> String,
    /// Name, id.
    pub unit_added: fn(&str, i64) -> String,
    /// Name, id, the new unit's id.
    pub patient_moved: fn(&str, i64, i64) -> String,
    /// Name, id.
    pub patient_added: fn(&str, i64) -> String,
}

/// `lindra backup`'s words. Causes (`{e}`) are the library's, in English.
#[derive(Debug)]
pub struct BackupWords {
    pub postgres_refusal: &'static str,
    /// The tables the check counts, in the order of `backup::TABLES`.
    pub tables: [&'static str; 7],
    pub unknown_database_url: fn(&str) -> String,
    pub invalid_database_url: fn(&str, &str) -> String,
    pub no_database: fn(&str) -> String,
    pub not_a_file_name: fn(&str) -> String,
    pub no_folder: fn(&str) -> String,
    pub exists: fn(&str) -> String,
    pub cannot_open_database: fn(&str) -> String,
    pub not_utf8: fn(&str) -> String,
    pub copy_failed: fn(&str) -> String,
    pub cannot_close_database: fn(&str) -> String,
    pub cannot_set_permissions: fn(&str) -> String,
    pub cannot_sync: fn(&str) -> String,
    /// A file, the cause.
    pub cannot_write: fn(&str, &str) -> String,
    pub cannot_remove: fn(&str, &str) -> String,
    pub cannot_read: fn(&str, &str) -> String,
    pub copy_cannot_open: fn(&str, &str) -> String,
    /// The copy, what is wrong with it.
    pub copy_damaged: fn(&str, &str) -> String,
    pub foreign_key_violations: fn(usize) -> String,
    pub in_migrations: fn(&str) -> String,
    /// A table, the cause.
    pub in_table: fn(&str, &str) -> String,
    pub rows_without_columns: fn(&str) -> String,
    pub cannot_close_copy: fn(&str) -> String,
    /// The report: the file and its size in MiB; the schema version; the newest row's time.
    pub written: fn(&str, f64) -> String,
    pub checked: fn(&str) -> String,
    pub unknown_version: &'static str,
    pub newest: fn(&str) -> String,
}

impl ServerWords {
    /// The words in `language`.
    pub fn of(language: Language) -> &'static ServerWords {
        match language {
            Language::Nb => &NB,
            Language::Nn => &NN,
            Language::En => &EN,
        }
    }
}

/// Runs `f` where the app's words (`lindra_app::text::language()`: what `lindra_app::wire` and
/// the admin validation word, an API client's state) are in `language`. Outside a page there is
/// no context to say so, and they would be bokmål: the gate and the command line use this.
pub fn in_language<T>(language: Language, f: impl FnOnce() -> T) -> T {
    let owner = leptos::prelude::Owner::new();
    owner.with(|| {
        leptos::prelude::provide_context(language);
        f()
    })
}

pub static NB: ServerWords = ServerWords {
    to_lindra: "Til Lindra",
    unavailable_title: "Lindra er ikke tilgjengelig",
    not_sent: |why| format!("Det du har fylt inn er ikke sendt. {why}"),
    timed_out_title: "Lindra svarte ikke i tide",
    refused_title: "Avvist",
    cross_origin: "Forespørselen kom ikke fra Lindras egne sider og ble avvist.",
    request_too_large: "For stor forespørsel.",
    too_many_title: "For mange forsøk",
    too_many_sign_ins: |minutes| {
        format!(
            "For mange mislykkede innlogginger for denne brukeren fra denne enheten. Vent {minutes} minutter \
             og prøv igjen, eller kontakt en administrator."
        )
    },
    locked_call: "Nettbrettet er låst. Lås opp med PIN-koden; skjemaet er tatt vare på.",
    sso_off: "Innlogging via kommunens pålogging er ikke satt opp i denne Lindra.",
    sso_signed_in: "Du er logget inn",
    go_on: "Fortsett til Lindra",
    sso_unavailable_title: "Påloggingen svarer ikke",
    sso_unavailable: "Kommunens pålogging svarer ikke akkurat nå. Prøv igjen om et halvt minutt; \
        virker det fortsatt ikke, kontakt IT-brukerstøtte.",
    password_off: "Innlogging med passord er slått av. Logg inn via kommunens pålogging.",
    signed_out_call: "Du er ikke logget inn, eller økten er utløpt. Logg inn igjen; skjemaet er tatt vare på.",
    hash_failed: |cause| format!("kunne ikke lage passord-hash: {cause}"),
    cli: CliWords {
        about: "Lindra: symptomkartlegging i lindrende behandling",
        start_password: |password, until, username| {
            format!("startpassord: {password}\nvirker til {until}; {username} velger sitt eget ved første innlogging")
        },
        unknown_role: |role| format!("ukjent rolle: {role}"),
        no_such_unit: |unit| format!("enhet {unit} finnes ikke"),
        no_such_user: |username| format!("brukeren {username} finnes ikke"),
        user_added: |username, id| format!("la til bruker {username} (id {id})"),
        user_disabled: |username| format!("deaktiverte {username}; alle øktene er avsluttet"),
        password_set: |username| format!("nytt startpassord for {username}; eldre økter er avsluttet"),
        no_randomness: "operativsystemet ga ingen tilfeldighet",
        api_client_added: |name, id, units, until| {
            format!("la til API-klient «{name}» (id {id}) for {units}, gyldig til {until}. Tokenet vises bare nå:")
        },
        no_such_api_client: |name| format!("API-klienten {name} finnes ikke"),
        api_client_revoked: |name| format!("trakk tilbake API-klienten {name}; tokenet åpner ingenting lenger"),
        unit_added: |name, id| format!("la til enhet {name} (id {id})"),
        patient_moved: |name, id, unit| format!("flyttet {name} (id {id}) til enhet {unit}"),
        patient_added: |name, id| format!("la til pasient {name} (id {id})"),
    },
    backup: BackupWords {
        postgres_refusal: "lindra backup kopierer en SQLite-database. For PostgreSQL brukes \
            PostgreSQLs egne verktøy: pg_dump (f.eks. pg_dump --format=custom --file=lindra.dump \"$LINDRA_DATABASE_URL\") \
            eller pg_basebackup med WAL-arkivering. Se docs/operations.md.",
        tables: [
            "enheter",
            "brukere",
            "pasienter",
            "registreringer (alle versjoner)",
            "markeringer på kroppskart",
            "hendelser i tilgangsloggen",
            "økter",
        ],
        unknown_database_url: |url| format!("ukjent databaseadresse (forventet sqlite://STI): {url}"),
        invalid_database_url: |url, e| format!("ugyldig databaseadresse {url}: {e}"),
        no_database: |file| format!("databasen {file} finnes ikke; det er ingenting å ta backup av"),
        not_a_file_name: |file| format!("{file} er ikke et filnavn"),
        no_folder: |folder| format!("mappen {folder} finnes ikke"),
        exists: |file| {
            format!(
                "{file} finnes allerede; lindra backup skriver aldri over en fil. Velg et nytt filnavn \
                 (for eksempel med dato og klokkeslett) eller flytt den gamle filen først."
            )
        },
        cannot_open_database: |e| format!("kan ikke åpne databasen: {e}"),
        not_utf8: |file| format!("{file} er ikke gyldig UTF-8"),
        copy_failed: |e| format!("kopieringen mislyktes: {e}"),
        cannot_close_database: |e| format!("kan ikke lukke databasen: {e}"),
        cannot_set_permissions: |e| format!("kan ikke sette rettighetene på kopien: {e}"),
        cannot_sync: |e| format!("kan ikke skrive kopien til disk: {e}"),
        cannot_write: |file, e| format!("kan ikke skrive {file}: {e}"),
        cannot_remove: |file, e| format!("kan ikke fjerne {file}: {e}"),
        cannot_read: |file, e| format!("kan ikke lese {file}: {e}"),
        copy_cannot_open: |file, e| format!("kopien {file} kan ikke åpnes: {e}"),
        copy_damaged: |file, what| format!("kopien {file} er skadet ({what}); den er ikke brukt"),
        foreign_key_violations: |n| format!("{n} brudd på fremmednøkler"),
        in_migrations: |e| format!("migreringstabellen: {e}"),
        in_table: |table, e| format!("tabellen {table}: {e}"),
        rows_without_columns: |table| format!("tabellen {table} har rader uten kolonner"),
        cannot_close_copy: |e| format!("kan ikke lukke kopien: {e}"),
        written: |file, mib| format!("backup skrevet: {file} ({mib:.1} MiB)"),
        checked: |version| format!("kontrollert: integrity_check ok, foreign_key_check ok, skjemaversjon {version}"),
        unknown_version: "ukjent",
        newest: |at| format!("nyeste {at}"),
    },
};

pub static NN: ServerWords = ServerWords {
    to_lindra: "Til Lindra",
    unavailable_title: "Lindra er ikkje tilgjengeleg",
    not_sent: |why| format!("Det du har fylt inn, er ikkje sendt. {why}"),
    timed_out_title: "Lindra svarte ikkje i tide",
    refused_title: "Avvist",
    cross_origin: "Førespurnaden kom ikkje frå dei eigne sidene til Lindra og blei avvist.",
    request_too_large: "For stor førespurnad.",
    too_many_title: "For mange forsøk",
    too_many_sign_ins: |minutes| {
        format!(
            "For mange mislukka innloggingar for denne brukaren frå denne eininga. Vent {minutes} minutt \
             og prøv igjen, eller kontakt ein administrator."
        )
    },
    locked_call: "Nettbrettet er låst. Lås opp med PIN-koden; skjemaet er teke vare på.",
    sso_off: "Innlogging via kommunen si pålogging er ikkje sett opp i denne Lindra.",
    sso_signed_in: "Du er logga inn",
    go_on: "Hald fram til Lindra",
    sso_unavailable_title: "Pålogginga svarar ikkje",
    sso_unavailable: "Kommunen si pålogging svarar ikkje akkurat no. Prøv igjen om eit halvt minutt; \
        verkar det framleis ikkje, kontakt IT-brukarstøtte.",
    password_off: "Innlogging med passord er slått av. Logg inn via kommunen si pålogging.",
    signed_out_call: "Du er ikkje logga inn, eller økta er gått ut. Logg inn igjen; skjemaet er teke vare på.",
    hash_failed: |cause| format!("kunne ikkje lage passord-hash: {cause}"),
    cli: CliWords {
        about: "Lindra: symptomkartlegging i lindrande behandling",
        start_password: |password, until, username| {
            format!("startpassord: {password}\nverkar til {until}; {username} vel sitt eige ved første innlogging")
        },
        unknown_role: |role| format!("ukjend rolle: {role}"),
        no_such_unit: |unit| format!("eining {unit} finst ikkje"),
        no_such_user: |username| format!("brukaren {username} finst ikkje"),
        user_added: |username, id| format!("la til brukar {username} (id {id})"),
        user_disabled: |username| format!("deaktiverte {username}; alle øktene er avslutta"),
        password_set: |username| format!("nytt startpassord for {username}; eldre økter er avslutta"),
        no_randomness: "operativsystemet gav ingen tilfeldigheit",
        api_client_added: |name, id, units, until| {
            format!(
                "la til API-klient «{name}» (id {id}) for {units}, gyldig til {until}. Tokenet blir vist berre no:"
            )
        },
        no_such_api_client: |name| format!("API-klienten {name} finst ikkje"),
        api_client_revoked: |name| format!("trekte tilbake API-klienten {name}; tokenet opnar ingenting lenger"),
        unit_added: |name, id| format!("la til eining {name} (id {id})"),
        patient_moved: |name, id, unit| format!("flytta {name} (id {id}) til eining {unit}"),
        patient_added: |name, id| format!("la til pasient {name} (id {id})"),
    },
    backup: BackupWords {
        postgres_refusal: "lindra backup kopierer ein SQLite-database. For PostgreSQL bruker ein \
            dei eigne verktøya til PostgreSQL: pg_dump (t.d. pg_dump --format=custom --file=lindra.dump \"$LINDRA_DATABASE_URL\") \
            eller pg_basebackup med WAL-arkivering. Sjå docs/operations.md.",
        tables: [
            "einingar",
            "brukarar",
            "pasientar",
            "registreringar (alle versjonar)",
            "markeringar på kroppskart",
            "hendingar i tilgangsloggen",
            "økter",
        ],
        unknown_database_url: |url| format!("ukjend databaseadresse (venta sqlite://STI): {url}"),
        invalid_database_url: |url, e| format!("ugyldig databaseadresse {url}: {e}"),
        no_database: |file| format!("databasen {file} finst ikkje; det er ingenting å ta backup av"),
        not_a_file_name: |file| format!("{file} er ikkje eit filnamn"),
        no_folder: |folder| format!("mappa {folder} finst ikkje"),
        exists: |file| {
            format!(
                "{file} finst allereie; lindra backup skriv aldri over ei fil. Vel eit nytt filnamn \
                 (til dømes med dato og klokkeslett) eller flytt den gamle fila først."
            )
        },
        cannot_open_database: |e| format!("kan ikkje opne databasen: {e}"),
        not_utf8: |file| format!("{file} er ikkje gyldig UTF-8"),
        copy_failed: |e| format!("kopieringa gjekk ikkje: {e}"),
        cannot_close_database: |e| format!("kan ikkje lukke databasen: {e}"),
        cannot_set_permissions: |e| format!("kan ikkje setje rettane på kopien: {e}"),
        cannot_sync: |e| format!("kan ikkje skrive kopien til disk: {e}"),
        cannot_write: |file, e| format!("kan ikkje skrive {file}: {e}"),
        cannot_remove: |file, e| format!("kan ikkje fjerne {file}: {e}"),
        cannot_read: |file, e| format!("kan ikkje lese {file}: {e}"),
        copy_cannot_open: |file, e| format!("kopien {file} kan ikkje opnast: {e}"),
        copy_damaged: |file, what| format!("kopien {file} er skadd ({what}); den er ikkje brukt"),
        foreign_key_violations: |n| format!("{n} brot på framandnøklar"),
        in_migrations: |e| format!("migreringstabellen: {e}"),
        in_table: |table, e| format!("tabellen {table}: {e}"),
        rows_without_columns: |table| format!("tabellen {table} har rader utan kolonnar"),
        cannot_close_copy: |e| format!("kan ikkje lukke kopien: {e}"),
        written: |file, mib| format!("backup skriven: {file} ({mib:.1} MiB)"),
        checked: |version| format!("kontrollert: integrity_check ok, foreign_key_check ok, skjemaversjon {version}"),
        unknown_version: "ukjend",
        newest: |at| format!("nyaste {at}"),
    },
};

pub static EN: ServerWords = ServerWords {
    to_lindra: "Go to Lindra",
    unavailable_title: "Lindra is not available",
    not_sent: |why| format!("What you entered has not been sent. {why}"),
    timed_out_title: "Lindra did not answer in time",
    refused_title: "Refused",
    cross_origin: "The request did not come from Lindra's own pages and was refused.",
    request_too_large: "The request is too large.",
    too_many_title: "Too many attempts",
    too_many_sign_ins: |minutes| {
        format!(
            "Too many failed sign-ins for this user from this device. Wait {minutes} minutes and try again, \
             or contact an administrator."
        )
    },
    locked_call: "The tablet is locked. Unlock it with your PIN; the form has been kept.",
    sso_off: "Sign-in through the municipality's sign-in service is not set up in this Lindra.",
    sso_signed_in: "You are signed in",
    go_on: "Continue to Lindra",
    sso_unavailable_title: "The sign-in service does not answer",
    sso_unavailable: "The municipality's sign-in service does not answer right now. Try again in half \
        a minute; if it still fails, contact IT support.",
    password_off:
        "Signing in with a password is switched off. Sign in through the municipality's sign-in service.",
    signed_out_call:
        "You are not signed in, or your session has ended. Sign in again; the form has been kept.",
    hash_failed: |cause| format!("could not make a password hash: {cause}"),
    cli: CliWords {
        about: "Lindra: symptom assessment in palliative care",
        start_password: |password, until, username| {
            format!("initial password: {password}\nworks until {until}; {username} chooses her own at the first sign-in")
        },
        unknown_role: |role| format!("unknown role: {role}"),
        no_such_unit: |unit| format!("unit {unit} does not exist"),
        no_such_user: |username| format!("the user {username} does not exist"),
        user_added: |username, id| format!("added user {username} (id {id})"),
        user_disabled: |username| format!("disabled {username}; all their sessions have ended"),
        password_set: |username| format!("new initial password for {username}; older sessions have ended"),
        no_randomness: "the operating system gave no randomness",
        api_client_added: |name, id, units, until| {
            format!("added API client “{name}” (id {id}) for {units}, valid until {until}. The token is shown only now:")
        },
        no_such_api_client: |name| format!("the API client {name} does not exist"),
        api_client_revoked: |name| {
            format!("revoked the API client {name}; its token no longer opens anything")
        },
        unit_added: |name, id| format!("added unit {name} (id {id})"),
        patient_moved: |name, id, unit| format!("moved {name} (id {id}) to unit {unit}"),
        patient_added: |name, id| format!("added patient {name} (id {id})"),
    },
    backup: BackupWords {
        postgres_refusal: "lindra backup copies an SQLite database. For PostgreSQL, use PostgreSQL's \
            own tools: pg_dump (e.g. pg_dump --format=custom --file=lindra.dump \"$LINDRA_DATABASE_URL\") \
            or pg_basebackup with WAL archiving. See docs/operations.md.",
        tables: [
            "units",
            "users",
            "patients",
            "registrations (all versions)",
            "body map marks",
            "access log events",
            "sessions",
        ],
        unknown_database_url: |url| format!("unknown database address (expected sqlite://PATH): {url}"),
        invalid_database_url: |url, e| format!("invalid database address {url}: {e}"),
        no_database: |file| format!("the database {file} does not exist; there is nothing to back up"),
        not_a_file_name: |file| format!("{file} is not a file name"),
        no_folder: |folder| format!("the folder {folder} does not exist"),
        exists: |file| {
            format!(
                "{file} already exists; lindra backup never overwrites a file. Choose a new file name \
                 (for example with the date and time) or move the old file first."
            )
        },
        cannot_open_database: |e| format!("cannot open the database: {e}"),
        not_utf8: |file| format!("{file} is not valid UTF-8"),
        copy_failed: |e| format!("copying failed: {e}"),
        cannot_close_database: |e| format!("cannot close the database: {e}"),
        cannot_set_permissions: |e| format!("cannot set the permissions of the copy: {e}"),
        cannot_sync: |e| format!("cannot write the copy to disk: {e}"),
        cannot_write: |file, e| format!("cannot write {file}: {e}"),
        cannot_remove: |file, e| format!("cannot remove {file}: {e}"),
        cannot_read: |file, e| format!("cannot read {file}: {e}"),
        copy_cannot_open: |file, e| format!("the copy {file} cannot be opened: {e}"),
        copy_damaged: |file, what| format!("the copy {file} is damaged ({what}); it has not been used"),
        foreign_key_violations: |n| format!("{n} foreign key violations"),
        in_migrations: |e| format!("the migrations table: {e}"),
        in_table: |table, e| format!("table {table}: {e}"),
        rows_without_columns: |table| format!("table {table} has rows without columns"),
        cannot_close_copy: |e| format!("cannot close the copy: {e}"),
        written: |file, mib| format!("backup written: {file} ({mib:.1} MiB)"),
        checked: |version| {
            format!("checked: integrity_check ok, foreign_key_check ok, schema version {version}")
        },
        unknown_version: "unknown",
        newest: |at| format!("newest {at}"),
    },
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_words_every_password_problem() {
        use crate::auth::password::{problem_message, PasswordProblem};
        for language in Language::ALL {
            for problem in PasswordProblem::ALL {
                assert!(!problem_message(problem, language).is_empty(), "{language:?} {problem:?}");
                assert_eq!(PasswordProblem::from_code(problem.code()), Some(problem));
            }
        }
        assert_eq!(
            problem_message(PasswordProblem::TooShort, Language::Nb),
            "Passordet må ha minst 12 tegn."
        );
        assert_eq!(
            (NB.too_many_sign_ins)(15),
            "For mange mislykkede innlogginger for denne brukeren fra denne enheten. Vent 15 minutter og prøv \
             igjen, eller kontakt en administrator."
        );
        assert!(NB
            .backup
            .postgres_refusal
            .contains("For PostgreSQL brukes PostgreSQLs egne verktøy: pg_dump (f.eks."));
        assert!(NB.backup.postgres_refusal.contains("\"$LINDRA_DATABASE_URL\") eller pg_basebackup"));
        assert!((NB.backup.exists)("x").contains("nytt filnavn (for eksempel"));
    }

    #[test]
    fn the_apps_words_follow_the_language_given_outside_a_page() {
        assert_eq!(lindra_app::text::ui().sign_in, "Logg inn", "bokmål without a context");
        assert_eq!(in_language(Language::En, || lindra_app::text::ui().sign_in), "Sign in");
        assert_eq!(in_language(Language::Nn, || lindra_app::text::ui().units), "Einingar");
        assert_eq!(lindra_app::text::ui().sign_in, "Logg inn", "and not after it");
    }
}
