//! A server-function request that cannot be read, said in the form's own words (server only).
//! The server's gate decodes each body before the function does and hands the path of the
//! first value it could not read here: the answer names the field as the form does
//! ("esas.pain", «Smerte»), never the parser's English or Lindra's type names.

use crate::text;
use lindra::esas::EsasItem;
use lindra::nrs::NrsQuestion;
use lindra::registration::{item_field, nrs_field};
use lindra::{FieldError, ValidationErrors};

/// One step of the path to a value in a request body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathPart<'a> {
    Key(&'a str),
    Index(usize),
}

/// The field a path leads to and its label; `None` for a path no form field has.
fn field(path: &[PathPart]) -> Option<(String, &'static str, Kind)> {
    use PathPart::{Index, Key};
    let score = Kind::Score;
    let other = Kind::Other;
    let field = |f: &str, label, kind| Some((f.to_string(), label, kind));
    match path {
        [Key("draft"), rest @ ..] => match rest {
            [Key("symptoms"), Index(i), ..] => {
                let item = *EsasItem::SYMPTOMS.get(*i)?;
                Some((item_field(item), (crate::text::clinical().item_short_label)(item), score))
            }
            [Key("symptoms"), ..] => field("esas", "ESAS-r", other),
            [Key("other_name"), ..] => field("esas.other.name", text::ui().field_other_problem, other),
            [Key("other"), ..] => field("esas.other", text::ui().field_other_problem, score),
            [Key("pain_now"), ..] => nrs(NrsQuestion::Now),
            [Key("pain_worst_24h"), ..] => nrs(NrsQuestion::Worst24h),
            [Key("pain_average_24h"), ..] => nrs(NrsQuestion::Average24h),
            [Key("breakthrough"), ..] => {
                field("pain.breakthrough", crate::text::clinical().breakthrough_pain, other)
            }
            [Key("body_marks"), ..] => field("body_map", crate::text::clinical().body_map, other),
            [Key("note"), ..] => field("note", crate::text::clinical().note, other),
            [Key("observed_at"), ..] => field("observed_at", text::ui().observed_at, other),
            [Key("completed_by"), ..] => {
                field("completed_by", crate::text::clinical().completed_by_label, other)
            }
            _ => field("draft", text::ui().field_form, other),
        },
        [Key("reason"), ..] => field("reason", text::ui().field_reason, other),
        [Key("request_id"), ..] => field("request_id", text::ui().field_request_id, other),
        [Key("patient_id"), ..] => field("patient_id", text::ui().field_patient, other),
        [Key("registration_id"), ..] => field("registration_id", text::ui().field_registration, other),
        [Key("unit_id"), ..] => field("unit_id", text::ui().field_unit, other),
        [Key("user_id"), ..] => field("user_id", text::ui().field_user, other),
        [Key("period"), ..] => field("period", text::ui().period, other),
        [Key("active"), ..] => field("active", text::ui().field_active, other),
        [Key(form @ ("unit" | "user" | "patient")), Key(name), ..] => admin(form, name),
        [Key(form @ ("unit" | "user" | "patient")), ..] => admin(form, ""),
        _ => None,
    }
}

#[derive(Clone, Copy)]
enum Kind {
    /// A score 0-10: the likely mistake is a number that is not a whole number.
    Score,
    Other,
}

fn nrs(question: NrsQuestion) -> Option<(String, &'static str, Kind)> {
    Some((nrs_field(question), (crate::text::clinical().nrs_question)(question), Kind::Score))
}

/// The administrator's forms use the field paths `admin.rs` validates with.
fn admin(form: &str, name: &str) -> Option<(String, &'static str, Kind)> {
    let label = match (form, name) {
        ("unit", "name") | ("user", "display_name") | ("patient", "name") => text::ui().field_name,
        ("unit", "kind") => text::ui().field_unit_kind,
        ("unit", "assessment_interval_hours") => text::ui().field_interval,
        ("unit", "contact_phone" | "contact_after_hours") => text::ui().field_contact,
        ("unit", "prn_reassess_minutes") => text::ui().unit_prn_minutes,
        ("unit", "reassess_minutes") => text::ui().unit_other_minutes,
        ("unit", "shifts") => text::ui().unit_shifts,
        ("user", "username") => text::ui().username,
        ("user", "role") => text::ui().field_role,
        ("user", "password") => text::ui().password,
        ("user", "unit_ids") | ("patient", "unit_id") => text::ui().field_unit,
        ("patient", "birth_date") => text::ui().field_birth_date,
        ("patient", "room") => text::ui().room,
        _ => text::ui().field_form,
    };
    let field = match (form, name) {
        (form, "") => form.to_string(),
        ("unit", "assessment_interval_hours") => "unit.interval".into(),
        (form, name) => format!("{form}.{name}"),
    };
    Some((field, label, Kind::Other))
}

/// The 400 answer's one problem: the field at `path` and what is wrong with it, or the
/// request as a whole when no field can be named.
pub fn unreadable(path: &[PathPart]) -> ValidationErrors {
    let error = match field(path) {
        Some((field, label, Kind::Score)) => {
            FieldError { field, message: (text::ui().unreadable_score)(label) }
        }
        Some((field, label, Kind::Other)) => {
            FieldError { field, message: (text::ui().unreadable_field)(label) }
        }
        None => FieldError { field: String::new(), message: text::ui().request_unreadable.into() },
    };
    ValidationErrors(vec![error])
}

#[cfg(test)]
mod tests {
    use super::PathPart::{Index, Key};
    use super::*;

    #[test]
    fn a_score_that_is_not_a_whole_number_names_its_item() {
        let errors = unreadable(&[Key("draft"), Key("symptoms"), Index(0), Key("score")]);
        assert_eq!(errors.0[0].field, "esas.pain");
        assert_eq!(errors.0[0].message, "Smerte: må være et helt tall fra 0 til 10. Ingenting er lagret.");
        let errors = unreadable(&[Key("draft"), Key("pain_worst_24h")]);
        assert_eq!(errors.0[0].field, "pain.worst_24h");
    }

    #[test]
    fn unknown_paths_say_the_request_could_not_be_read_without_naming_internals() {
        for path in [&[Key("draft"), Key("symptoms"), Index(12)][..], &[Key("x")], &[]] {
            let errors = unreadable(path);
            assert_eq!(errors.0.len(), 1);
            let message = &errors.0[0].message;
            assert!(!message.contains("draft") && !message.contains("symptoms"), "{message}");
        }
        let interval = unreadable(&[Key("unit"), Key("assessment_interval_hours")]);
        assert_eq!(interval.0[0].field, "unit.interval", "the field admin.rs validates");
    }
}
