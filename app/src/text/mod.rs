//! Every word of Lindra's staff UI, one catalogue per language: buttons, headings, messages,
//! the access log's actions. A catalogue is a set of values of the `*Words` structs below (`nb`,
//! `nn`, `en`): a language that leaves out a text does not compile. Clinical wording (items,
//! anchors, bands, validation) is the domain's, [`lindra::text`]; [`clinical`] gives it in the
//! page's language.
//!
//! The page's language ([`language`]) is the signed-in user's choice, else their unit's written
//! language: on the server from the request's context, in the browser from `<html lang>`, which
//! the server wrote from the same. Each area is its own value, so that an island's bundle carries
//! only the areas it uses.

mod admin;
mod en;
mod nb;
mod nn;
mod settings;

pub use admin::AdminWords;
pub use settings::SettingsWords;

use crate::model::{PatientModeProblem, PinProblem};
use crate::pages::second_factor::CodeProblem;
use lindra::text::ClinicalWords;
pub use lindra::Language;

/// The page's language: the signed-in user's (or their unit's); bokmål before sign-in.
pub fn language() -> Language {
    #[cfg(feature = "ssr")]
    {
        leptos::prelude::use_context::<Language>().unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        page_language()
    }
}

/// `<html lang>` as the server wrote it, read once; a bundle built for one language
/// (`language-nb`, `-nn`, `-en`) knows it, and so carries that language's words alone.
#[cfg(not(feature = "ssr"))]
fn page_language() -> Language {
    if cfg!(feature = "language-nb") {
        return Language::Nb;
    }
    if cfg!(feature = "language-nn") {
        return Language::Nn;
    }
    if cfg!(feature = "language-en") {
        return Language::En;
    }
    thread_local! {
        static PAGE: Language = page_lang_attribute().and_then(|code| Language::from_code(&code)).unwrap_or_default();
    }
    PAGE.with(|language| *language)
}

#[cfg(all(not(feature = "ssr"), feature = "hydrate"))]
fn page_lang_attribute() -> Option<String> {
    web_sys::window()?.document()?.document_element()?.get_attribute("lang")
}

#[cfg(all(not(feature = "ssr"), not(feature = "hydrate")))]
fn page_lang_attribute() -> Option<String> {
    None
}

macro_rules! area {
    // An area whose values are in `nb.rs`, `nn.rs` and `en.rs`.
    ($(#[$doc:meta])* $name:ident: $ty:ident = $static:ident) => {
        area!($(#[$doc])* $name: $ty, nb::$static, nn::$static, en::$static);
    };
    // An area in its own file, with its three languages side by side (NB, NN, EN).
    ($(#[$doc:meta])* $name:ident: $ty:ident in $module:ident) => {
        area!($(#[$doc])* $name: $ty, $module::NB, $module::NN, $module::EN);
    };
    ($(#[$doc:meta])* $name:ident: $ty:ident, $nb:path, $nn:path, $en:path) => {
        $(#[$doc])*
        pub fn $name() -> &'static $ty {
            $ty::of(language())
        }

        impl $ty {
            /// The words in `language`, for text made outside a page (the server's own answers).
            pub fn of(language: Language) -> &'static $ty {
                match language {
                    Language::Nb => &$nb,
                    Language::Nn => &$nn,
                    Language::En => &$en,
                }
            }
        }
    };
}

area!(
    /// The UI's own words in the page's language.
    ui: UiWords = UI
);
area!(
    /// The registration form's words in the page's language.
    form: FormWords = FORM
);
area!(
    /// The quality view's words.
    quality: QualityWords = QUALITY
);
area!(
    /// The quick lock's and the PIN's words.
    lock: LockWords = LOCK
);
area!(
    /// Patient mode as staff read it.
    patient_mode: PatientModeWords = PATIENT_MODE
);
area!(
    /// The second factor's words.
    second_factor: SecondFactorWords = SECOND_FACTOR
);

area!(
    /// The administration's words.
    admin: AdminWords in admin
);
area!(
    /// The settings' words (the user's UI language, a unit's written language).
    settings: SettingsWords in settings
);

/// "Forfra" from "forfra": the first letter up, the rest as it is.
pub fn capitalized(words: &str) -> String {
    let mut chars = words.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// A catalogue word in lower case, "overkropp" from "Overkropp", inside a sentence. Only for the
/// catalogue's own words, whose capitals are A-Z, Æ, Ø and Å (a test holds it equal to
/// `str::to_lowercase` for every word it is given): Unicode's case tables stay out of the form's
/// bundle (issue 16). Never for what someone typed.
pub fn lowercase(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            'Æ' => 'æ',
            'Ø' => 'ø',
            'Å' => 'å',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// "til fastlege" from "Til fastlege", "for the GP" from "For the GP": only the first letter.
pub fn first_lowercase(words: &str) -> String {
    let mut chars = words.chars();
    chars.next().map(|first| first.to_lowercase().chain(chars).collect()).unwrap_or_default()
}

/// A moment as the page's language writes it ("23.11.2026 kl. 14:05").
pub fn format_date_time(at: chrono::DateTime<chrono::Utc>) -> String {
    lindra::time::format_date_time_in(at, language())
}

/// How long ago, in the page's language ("for 3 t siden").
pub fn format_since(then: chrono::DateTime<chrono::Utc>, now: chrono::DateTime<chrono::Utc>) -> String {
    lindra::time::format_since_in(then, now, language())
}

/// A body region's name in the page's language.
pub fn region_name(region: &lindra::BodyRegion) -> String {
    region.name_in(language())
}

/// The clinical words in the page's language.
pub fn clinical() -> &'static ClinicalWords {
    language().clinical()
}

/// The registration and correction form's own words: what its islands say in the browser.
/// An area of its own so that the form's bundle carries these and not the whole UI's.
#[derive(Debug)]
pub struct FormWords {
    pub save: &'static str,
    pub saving: &'static str,
    pub fix_errors: &'static str,
    pub send_failed: &'static str,
    pub not_saved: &'static str,
    pub send_unconfirmed: &'static str,
    /// What a form says when the network gave no answer.
    pub no_contact: &'static str,
    /// ... when an answer came but could not be read.
    pub answer_unreadable: &'static str,
    pub other_problem_placeholder: &'static str,
    pub correction_of: &'static str,
    pub correction_reason: &'static str,
    pub save_correction: &'static str,
    pub draft_restored: &'static str,
    pub when: &'static str,
    pub now: &'static str,
    pub earlier: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    /// The body map's button that takes a region's mark away.
    pub remove_mark: &'static str,
    /// The form's time, when an earlier time was chosen but not given.
    pub when_missing: &'static str,
    /// The label of a score scale without its own.
    pub score_for: fn(&str) -> String,
    /// Above the form's body map.
    pub body_map_hint: &'static str,
    /// The body map's choice of a part.
    pub body_part: &'static str,
    /// The body seen from the front (`true`) or the back.
    pub body_seen: fn(bool) -> &'static str,
    /// The form's figure: from where, which part.
    pub body_figure: fn(&str, &str) -> String,
    /// A marked region: its name and the pain.
    pub body_region_pain: fn(&str, i64) -> String,
    /// The score scale of a region's pain.
    pub pain_in: fn(&str) -> String,
    /// The two lines in a corner of the figure: the patient's right (`true`) or left.
    pub body_side: fn(bool) -> [&'static str; 2],
}

#[derive(Debug)]
pub struct UiWords {
    pub app_name: &'static str,
    pub tagline: &'static str,
    pub units: &'static str,
    pub choose_unit: &'static str,
    pub patients: &'static str,
    pub no_patients: &'static str,
    pub room: &'static str,
    pub born: &'static str,
    pub last_assessed: &'static str,
    pub never_assessed: &'static str,
    pub new_registration: &'static str,
    pub latest_esas: &'static str,
    pub no_registrations: &'static str,
    pub registered_by: &'static str,
    pub observed_at: &'static str,
    pub sums: &'static str,
    pub sum_undefined: &'static str,
    pub saved: &'static str,
    pub no_access_registration: &'static str,
    pub bad_request_id: &'static str,
    pub request_unreadable: &'static str,
    pub no_such_function: &'static str,
    pub method_not_allowed: &'static str,
    pub unsupported_type: &'static str,
    // Column headings of the access log and the security log.
    pub col_time: &'static str,
    pub col_last: &'static str,
    pub col_who: &'static str,
    pub col_role: &'static str,
    pub col_what: &'static str,
    pub col_object: &'static str,
    pub col_outcome: &'static str,
    pub col_why: &'static str,
    pub col_from: &'static str,
    pub col_request: &'static str,
    pub col_count: &'static str,
    pub security_log: &'static str,
    pub security_log_explained: &'static str,
    pub events_without_patient: &'static str,
    pub refused_without_user: &'static str,
    pub no_refusals: &'static str,
    pub back_to_list: &'static str,
    pub back_to_patient: &'static str,
    pub not_found: &'static str,
    pub loading: &'static str,
    pub nrs: &'static str,
    pub corrected: &'static str,
    pub score_of: &'static str,
    pub sign_in: &'static str,
    pub sign_out: &'static str,
    pub sign_in_failed: &'static str,
    /// Single sign-on's button: «Logg inn med» the provider's name, by default `sso_default_name`.
    pub sign_in_with: &'static str,
    pub sso_default_name: &'static str,
    /// Above the password form when single sign-on is offered too.
    pub or_with_password: &'static str,
    /// A single sign-on refused (the state, the token, the provider's error).
    pub sso_refused: &'static str,
    /// The provider knows the person, Lindra has no enabled user of that name.
    pub sso_no_user: &'static str,
    pub username: &'static str,
    pub password: &'static str,
    pub demo_banner: &'static str,
    pub demo_users: &'static str,
    pub demo_password_is: &'static str,
    pub access_log: &'static str,
    pub access_log_explained: &'static str,
    pub admin: &'static str,
    pub users: &'static str,
    pub new_unit: &'static str,
    pub new_user: &'static str,
    pub new_patient: &'static str,
    pub move_patient: &'static str,
    pub move_explained: &'static str,
    pub unit_created: &'static str,
    pub unit_updated: &'static str,
    pub new_or_change_unit: &'static str,
    pub save_unit: &'static str,
    pub user_created: &'static str,
    pub sessions_ended: &'static str,
    pub end_sessions: &'static str,
    pub api_clients: &'static str,
    pub api_clients_explained: &'static str,
    pub new_api_client: &'static str,
    pub api_client_created: &'static str,
    pub api_client_revoked: &'static str,
    pub api_token_once: &'static str,
    pub revoke: &'static str,
    pub national_id: &'static str,
    pub show_national_id: &'static str,
    pub set_national_id: &'static str,
    pub national_id_set: &'static str,
    pub national_id_explained: &'static str,
    pub user_updated: &'static str,
    pub patient_created: &'static str,
    pub patient_moved: &'static str,
    pub fix_fields: &'static str,
    pub registration_history: &'static str,
    pub history_explained: &'static str,
    pub correct: &'static str,
    pub show_history: &'static str,
    pub search_patient: &'static str,
    pub overview: &'static str,
    pub overview_explained: &'static str,
    pub flag_severe: &'static str,
    pub flag_worse: &'static str,
    pub flag_overdue: &'static str,
    pub no_flags: &'static str,
    pub trend: &'static str,
    pub trend_title: &'static str,
    pub period: &'static str,
    pub table_view: &'static str,
    pub body_map_heat: &'static str,
    pub no_marks_in_period: &'static str,
    pub no_registrations_in_period: &'static str,
    pub times_marked: &'static str,
    pub highest: &'static str,
    pub last_marked: &'static str,
    pub region: &'static str,
    pub chart_legend: &'static str,
    /// "hver 24. time": a unit's assessment interval.
    pub every_hours: fn(i32) -> String,
    /// Why a write conflicts with what is stored, in words a nurse can act on.
    #[cfg(feature = "ssr")]
    pub conflict: fn(&crate::storage::Conflict) -> String,
    /// What a write or read did not find.
    #[cfg(feature = "ssr")]
    pub missing: fn(crate::storage::Missing) -> &'static str,
    /// The database (or the server waiting on it) cannot answer now: the server function's
    /// 503, the session lookup's and the request timeout's all say it.
    pub database_unavailable: &'static str,
    /// The server gave up on a request that took too long; the work may have finished after
    /// all, and a resend (same request id) is stored once either way.
    pub timed_out: &'static str,
    /// The disk under the database is full: waiting will not help.
    pub disk_full: &'static str,
    /// The server has no storage or request in its context (a fault of its own set-up).
    pub server_misconfigured: &'static str,
    /// A corrected registration: its version and why.
    pub corrected_note: fn(i32, &str) -> String,
    /// The trend page's period and its count.
    pub trend_range: fn(&str, &str, usize) -> String,
    /// No session, or it has ended.
    pub not_signed_in: &'static str,
    /// A patient the user may not see (or that does not exist: the same words).
    pub no_access_patient: &'static str,
    /// A unit the user does not work in.
    pub no_access_unit: &'static str,
    /// The role does not give access to `what` (one of the `what_*` below).
    pub role_refused: fn(&str) -> String,
    /// What a role may lack access to: the national identity number.
    pub what_national_id: &'static str,
    /// ... the access log.
    pub what_access_log: &'static str,
    /// The patient has no national identity number stored.
    pub no_national_id: &'static str,
    /// "21 av 90": a sum and its maximum.
    pub out_of: fn(i64, i64) -> String,
    /// The first link of every page, for the keyboard.
    pub skip_link: &'static str,
    /// A role's name.
    pub role: fn(crate::model::Role) -> &'static str,
    /// The patient page's PDF form.
    pub summary_pdf_title: &'static str,
    /// What the PDF holds, and its default period.
    pub summary_pdf_explained: &'static str,
    /// A period's first day.
    pub period_from: &'static str,
    /// A period's last day.
    pub period_to: &'static str,
    /// What each demo user shows, in the order of `pages::login::DEMO_USERS`.
    pub demo_user_roles: [&'static str; 6],
    /// The overview's unit.
    pub this_unit: fn(&str) -> String,
    /// The link to the PDF summary.
    pub pdf_to_gp: &'static str,
    /// A registration's first version: when, by whom.
    pub version_first: fn(&str, &str) -> String,
    /// A correction: its number, when, by whom.
    pub version_corrected: fn(i32, &str, &str) -> String,
    /// Under the trend table when it shows only the latest.
    pub table_shows_latest: fn(usize, usize) -> String,
    /// A trend period of days.
    pub trend_days: fn(i64) -> String,
    /// The trend period of all registrations.
    pub trend_all: &'static str,
    /// A trend period that is not one of the choices.
    pub trend_period_invalid: &'static str,
    /// The trend page's figure: from where.
    pub body_heat: fn(&str) -> String,
    /// The access log's role column: the role's name, or «API-klient» for a system.
    pub audit_role: fn(&str) -> String,
    /// What a patient reads in the access log for each action.
    pub audit_action: fn(crate::model::AuditAction) -> &'static str,
    /// What a patient reads in the access log for each outcome.
    pub audit_outcome: fn(crate::model::AuditOutcome) -> &'static str,
    // Fields named when a request cannot be read (`wire`).
    pub field_other_problem: &'static str,
    pub field_form: &'static str,
    pub field_reason: &'static str,
    pub field_request_id: &'static str,
    pub field_patient: &'static str,
    pub field_registration: &'static str,
    pub field_unit: &'static str,
    pub field_user: &'static str,
    pub field_active: &'static str,
    pub field_name: &'static str,
    pub field_unit_kind: &'static str,
    pub field_interval: &'static str,
    pub field_contact: &'static str,
    pub field_role: &'static str,
    pub field_birth_date: &'static str,
    /// A score whose value is not a whole number (3.5, "tre", ...).
    pub unreadable_score: fn(&str) -> String,
    /// A value that is not what the field holds.
    pub unreadable_field: fn(&str) -> String,
    /// A request larger than any form.
    pub too_large: fn(usize) -> String,
    pub unit_prn_minutes: &'static str,
    pub unit_other_minutes: &'static str,
    pub reassess_minutes_invalid: fn(bool) -> String,
    // The follow-up loop on the pages.
    pub followup: &'static str,
    pub followup_not_found: &'static str,
    pub expected_symptoms: &'static str,
    pub expected_symptoms_lower: &'static str,
    /// The app could not be loaded into a page that needs it (a form).
    pub app_load_failed: &'static str,
    pub not_live: &'static str,
    pub reload: &'static str,
    pub open_followups: fn(i64) -> String,
    pub no_open_followup: &'static str,
    pub i_follow_up: &'static str,
    pub record_action: &'static str,
    pub action_kind: &'static str,
    pub action_text: &'static str,
    pub action_done_at: &'static str,
    pub action_reassess: &'static str,
    pub save_action: &'static str,
    pub close_followup: &'static str,
    pub close_why: &'static str,
    pub no_expected_symptoms: &'static str,
    pub set_expected: &'static str,
    pub expected_item: &'static str,
    pub expected_level: &'static str,
    pub expected_reason: &'static str,
    pub expected_days: &'static str,
    pub choose: &'static str,
    pub reassess_default: fn(i64) -> String,
    pub earlier_followups: fn(usize) -> String,
    pub opened_at: fn(chrono::DateTime<chrono::Utc>, i64) -> String,
    pub expected_set_by: fn(&lindra::followup::ExpectedSymptom, &str) -> String,
    pub overdue_reassessments: fn(i64) -> String,
    pub unit_shifts: &'static str,
    pub handover: &'static str,
    pub handover_shifts: &'static str,
    pub earlier_shift: &'static str,
    pub later_shift: &'static str,
    pub nothing_new: &'static str,
    pub not_assessed_in_interval: &'static str,
    pub handover_title: fn(&str, &str, &str) -> String,
    pub handover_back: fn(i64) -> String,
    pub esas_by: fn(&str, &str) -> String,
    pub print_handover: &'static str,
    pub charts_failed: &'static str,
    pub quality: &'static str,
    pub role_sees_no_patients: &'static str,
    pub unit_not_found: &'static str,
    /// The heading of the page a PDF download gives instead when it is not made.
    pub pdf_not_made: &'static str,
}

/// The quality view (Kvalitet).
#[derive(Debug)]
pub struct QualityWords {
    pub period: &'static str,
    pub unit: &'static str,
    pub patients: &'static str,
    pub registrations: &'static str,
    pub assessed_in_time: &'static str,
    pub median_hours_between: &'static str,
    pub by_patient: &'static str,
    pub by_relative: &'static str,
    pub by_staff: &'static str,
    pub followups_opened: &'static str,
    pub minutes_to_acknowledge: &'static str,
    pub minutes_to_close: &'static str,
    pub closed_by_reassessment: &'static str,
    pub severe_pain_reassessed: &'static str,
    pub chart_assessment: &'static str,
    pub chart_pain: &'static str,
    pub weeks: &'static str,
    pub months: &'static str,
    pub download_csv: &'static str,
    pub bad_period: &'static str,
    pub running: &'static str,
    pub all_units: &'static str,
    pub no_names: &'static str,
    pub table: &'static str,
    /// The heading of the page the CSV download gives instead when it is not made.
    pub csv_not_made: &'static str,
    /// The CSV column with the count behind a figure.
    pub behind: fn(&str) -> String,
    /// Under a figure on the page: how many patients or events it rests on.
    pub n: fn(usize) -> String,
    pub too_few: fn(usize) -> String,
    pub in_time_explained: fn(i32) -> String,
    pub last_complete: fn(&str) -> String,
}

/// The quick lock of a shared tablet and the personal PIN (issue 21).
#[derive(Debug)]
pub struct LockWords {
    pub locked: &'static str,
    pub locked_explained: &'static str,
    pub signed_in_as: &'static str,
    pub pin: &'static str,
    pub unlock: &'static str,
    pub wrong_pin: &'static str,
    pub no_pin: &'static str,
    pub other_user: &'static str,
    /// Above the names on the locked page when colleagues have signed in on the tablet.
    pub who_unlocks: &'static str,
    pub lock_now: &'static str,
    pub lock_now_label: &'static str,
    pub set_pin_title: &'static str,
    pub set_pin_explained: &'static str,
    pub current_password: &'static str,
    pub new_pin: &'static str,
    pub new_pin_again: &'static str,
    pub save_pin: &'static str,
    pub pin_saved: &'static str,
    pub pin_ended: &'static str,
    /// The PIN page a few minutes after a full sign-in: no password asked.
    pub recent_sign_in: &'static str,
    /// The PIN page's way to give the password again through single sign-on: «… med» the
    /// provider's name.
    pub sign_in_again_with: &'static str,
    /// Why a new PIN was refused, naming the field.
    pub pin_problem: fn(PinProblem) -> &'static str,
}

/// Patient mode (issue 17), as staff read it: the patient page's handing over and the screen
/// that takes the tablet back. The patient's own words are in `lindra::patient_form`.
#[derive(Debug)]
pub struct PatientModeWords {
    pub hand_over_title: &'static str,
    pub hand_over_explained: &'static str,
    pub language: &'static str,
    pub also_pain: &'static str,
    pub also_body_map: &'static str,
    pub hand_over: &'static str,
    pub nynorsk_note: &'static str,
    pub not_started: &'static str,
    pub no_patient_mode: &'static str,
    pub not_in_patient_mode: &'static str,
    pub handed_over: &'static str,
    pub give_back_title: &'static str,
    pub give_back_explained: &'static str,
    pub saved: &'static str,
    pub not_saved: &'static str,
    pub pin: &'static str,
    pub or_password: &'static str,
    pub password: &'static str,
    pub take_back: &'static str,
    pub wrong: &'static str,
    pub back_to_patient: &'static str,
    pub self_reported: &'static str,
    pub correction_keeps: &'static str,
    pub self_reported_short: &'static str,
    /// The mark of a self-report, with the language the patient answered in.
    pub self_reported_in: fn(lindra::Language) -> String,
    pub problem: fn(PatientModeProblem) -> &'static str,
}

/// The second factor (issue 21): the code at sign-in, and setting it up.
#[derive(Debug)]
pub struct SecondFactorWords {
    pub code_title: &'static str,
    pub code_explained: &'static str,
    pub code_label: &'static str,
    pub code_submit: &'static str,
    pub cancel: &'static str,
    pub not_yet: &'static str,
    pub ended: &'static str,
    pub setup_title: &'static str,
    pub setup_explained: &'static str,
    pub required: &'static str,
    pub begin: &'static str,
    pub step_scan: &'static str,
    pub qr_label: &'static str,
    pub or_type: &'static str,
    pub first_code: &'static str,
    pub password: &'static str,
    pub confirm: &'static str,
    pub set_up_done: &'static str,
    pub new_codes_done: &'static str,
    pub codes_explained: &'static str,
    pub go_on: &'static str,
    pub on_since: &'static str,
    pub new_codes: &'static str,
    pub remove: &'static str,
    pub removed: &'static str,
    pub link: &'static str,
    pub has_factor: &'static str,
    pub reset: &'static str,
    pub reset_done: &'static str,
    pub codes_left: fn(i64) -> String,
    /// Why a code or a change was refused, naming the field.
    pub problem: fn(CodeProblem) -> &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;
    use lindra::text::{catalogue_strings, shared_sentences};
    use lindra::EsasItem;
    use std::fmt::Debug;

    fn areas(language: Language) -> [&'static dyn Debug; 7] {
        [
            UiWords::of(language),
            FormWords::of(language),
            QualityWords::of(language),
            LockWords::of(language),
            PatientModeWords::of(language),
            SecondFactorWords::of(language),
            SettingsWords::of(language),
        ]
    }

    #[test]
    fn every_area_is_translated_and_has_no_empty_text() {
        for (nb, (nn, en)) in
            areas(Language::Nb).into_iter().zip(areas(Language::Nn).into_iter().zip(areas(Language::En)))
        {
            for words in [nb, nn, en] {
                assert!(catalogue_strings(words).iter().all(|s| !s.trim().is_empty()), "{words:?}");
            }
            let english = shared_sentences(nb, en);
            assert!(english < 0.02, "English is {:.0} % bokmål: {en:?}", english * 100.0);
        }
    }

    #[test]
    fn nynorsk_is_its_own() {
        // Nynorsk shares some sentences with bokmål ("Vurdert i tide", "Last ned tabellen
        // (CSV)"), but not most.
        let nynorsk = shared_sentences(&areas(Language::Nb), &areas(Language::Nn));
        assert!(nynorsk < 0.3, "nynorsk is {:.0} % bokmål", nynorsk * 100.0);
    }

    #[test]
    fn counts_and_values_are_filled_in_in_every_language() {
        for language in Language::ALL {
            let ui = UiWords::of(language);
            assert!((ui.open_followups)(1) != (ui.open_followups)(2));
            assert!((ui.open_followups)(3).contains('3'));
            assert!((ui.every_hours)(24).contains("24"));
            assert!((second_factor().codes_left)(7).contains('7'));
        }
    }

    #[test]
    fn the_form_lowercases_its_catalogue_words_as_unicode_does() {
        for language in Language::ALL {
            let body = language.body();
            let items = EsasItem::SYMPTOMS.into_iter().chain([EsasItem::Other]);
            let words = items
                .map(|item| (language.clinical().item_label)(item).to_string())
                .chain([(body.section)(true).to_string(), (body.section)(false).to_string()])
                .chain(lindra::body_map::REGIONS.iter().map(|region| region.name_in(language)));
            for word in words {
                assert_eq!(lowercase(&word), word.to_lowercase(), "{language:?}");
            }
        }
        // What it is not for: a capital outside the catalogue's letters stays as it is.
        assert_eq!(lowercase("Émile"), "Émile");
    }
}
