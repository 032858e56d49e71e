//! English: ESAS-r in its original English wording (Watanabe et al. 2011); the rest Lindra's own.

use super::*;
use crate::esas::{CompletedBy, EsasItem, SumKind};
use crate::followup::steps::{ActionKind, CloseReason};
use crate::nrs::NrsQuestion;
use crate::score::Severity;

pub static CLINICAL: ClinicalWords = ClinicalWords {
    language: Language::En,
    invalid: InvalidWords {
        self_report_completed_by:
            "Completed by: these are the patient's own answers on the tablet, so it stays “Patient”.",
        self_report_item: |label| {
            format!("{label}: the patient's own answer cannot be changed in a correction. Add a note instead, or make a new registration.")
        },
        item_missing: |label| format!("{label}: choose a number from 0 to 10, or “Cannot assess”."),
        score_out_of_range: |label, value| {
            format!("{label}: {value} is outside the scale. Choose a whole number from 0 to 10.")
        },
        other_needs_name: || "Other Problem: write which problem the score is for.".into(),
        other_needs_score: |name| {
            format!("Other Problem ({name}): choose a number from 0 to 10, or “Cannot assess”.")
        },
        text_too_long: |label, max| format!("{label}: the text is too long (at most {max} characters)."),
        completed_by_missing: "Completed by: choose who completed the form.",
        in_the_future: "Time: cannot be in the future.",
        too_old: |days| format!("Time: cannot be more than {days} days ago."),
        unknown_region: |id| format!("Body map: area {id} does not exist."),
        too_many_marks: |max| format!("Body map: at most {max} areas can be marked, one mark per area."),
        region_twice: |name| format!("Body map: {name} is marked twice."),
        correction_reason_missing:
            "Reason for the correction: write why the registration is being corrected.",
    },
    expected: ExpectedWords {
        item_missing: "Symptom: choose which symptom is expected.",
        level: "Expected level: choose a whole number from 7 to 10.",
        reason_missing: "Reason: write why the symptom is expected.",
        reason_too_long: |max| format!("Reason: at most {max} characters."),
        until: |max_days| format!("Valid until: choose a time in the future, at most {max_days} days ahead."),
    },
    shift: ShiftWords {
        count: |max| format!("Shifts: from 1 to {max} shifts a day."),
        name: |max| format!("Shifts: each shift needs a name of at most {max} characters."),
        whole_minutes: |name| format!("Shifts: {name} must start on a whole minute."),
        same_start: "Shifts: two shifts cannot start at the same time.",
        unreadable: |part| {
            format!(
                "Shifts: “{part}” cannot be read. Write, for example, “Day 07:00, Evening 15:00, Night 23:00”."
            )
        },
    },
    quality: PeriodWords {
        // Lower case, like the other catalogues: the password check compares lower-case words
        // with these. `month` and `month_short` capitalise them for display.
        months: [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        week: |week, year| format!("week {week} {year}"),
        week_short: |week| format!("week {week}"),
        month_short: |month, year| {
            let name = CLINICAL.quality.months.get(month.saturating_sub(1) as usize).copied().unwrap_or("?");
            let short: String = capitalised(name).chars().take(3).collect();
            format!("{short} {:02}", year.rem_euclid(100))
        },
        month: |month, year| {
            let name = CLINICAL.quality.months.get(month.saturating_sub(1) as usize).copied().unwrap_or("?");
            format!("{} {year}", capitalised(name))
        },
    },
    item_label: |item| match item {
        EsasItem::Pain => "Pain",
        EsasItem::Tiredness => "Tiredness (lack of energy)",
        EsasItem::Drowsiness => "Drowsiness (feeling sleepy)",
        EsasItem::Nausea => "Nausea",
        EsasItem::LackOfAppetite => "Lack of Appetite",
        EsasItem::ShortnessOfBreath => "Shortness of Breath",
        EsasItem::Depression => "Depression (feeling sad)",
        EsasItem::Anxiety => "Anxiety (feeling nervous)",
        EsasItem::Wellbeing => "Wellbeing (how you feel overall)",
        EsasItem::Other => "Other Problem",
    },
    item_short_label: |item| match item {
        EsasItem::Pain => "Pain",
        EsasItem::Tiredness => "Tiredness",
        EsasItem::Drowsiness => "Drowsiness",
        EsasItem::Nausea => "Nausea",
        EsasItem::LackOfAppetite => "Appetite",
        EsasItem::ShortnessOfBreath => "Shortness of Breath",
        EsasItem::Depression => "Depression",
        EsasItem::Anxiety => "Anxiety",
        EsasItem::Wellbeing => "Wellbeing",
        EsasItem::Other => "Other",
    },
    anchor_low: |item, other_name| match item {
        EsasItem::Pain => "No Pain".into(),
        EsasItem::Tiredness => "No Tiredness".into(),
        EsasItem::Drowsiness => "No Drowsiness".into(),
        EsasItem::Nausea => "No Nausea".into(),
        EsasItem::LackOfAppetite => "No Lack of Appetite".into(),
        EsasItem::ShortnessOfBreath => "No Shortness of Breath".into(),
        EsasItem::Depression => "No Depression".into(),
        EsasItem::Anxiety => "No Anxiety".into(),
        EsasItem::Wellbeing => "Best Wellbeing".into(),
        EsasItem::Other => format!("No {}", problem_name(other_name)),
    },
    anchor_high: |item, other_name| {
        let what = match item {
            EsasItem::Pain => "Pain",
            EsasItem::Tiredness => "Tiredness",
            EsasItem::Drowsiness => "Drowsiness",
            EsasItem::Nausea => "Nausea",
            EsasItem::LackOfAppetite => "Lack of Appetite",
            EsasItem::ShortnessOfBreath => "Shortness of Breath",
            EsasItem::Depression => "Depression",
            EsasItem::Anxiety => "Anxiety",
            EsasItem::Wellbeing => "Wellbeing",
            EsasItem::Other => return format!("Worst Possible {}", problem_name(other_name)),
        };
        format!("Worst Possible {what}")
    },
    not_assessed: "Cannot assess",
    not_assessed_short: "CA",
    esas_timeframe: "Please choose the number that best describes how you feel NOW:",
    completed_by_label: "Completed by",
    other_problem_name: "Which problem?",
    // Lindra's own wording of the four Norwegian choices; the original form has "Patient /
    // Family caregiver / Health care professional caregiver / Caregiver-assisted".
    completed_by: |c| match c {
        CompletedBy::Patient => "Patient",
        CompletedBy::PatientWithHelp => "Patient with help",
        CompletedBy::Relative => "Family member",
        CompletedBy::HealthPersonnel => "Health professional",
    },
    self_reported_on_tablet: "The patient, on the tablet",
    severity: |s| match s {
        Severity::None => "None",
        Severity::Mild => "Mild",
        Severity::Moderate => "Moderate",
        Severity::Severe => "Severe",
    },
    sum_label: |kind| match kind {
        SumKind::Total => "Total symptom distress (1-9)",
        SumKind::Physical => "Physical (1-6)",
        SumKind::Emotional => "Emotional (7-8)",
    },
    sum_short: |kind| match kind {
        SumKind::Total => "Total",
        SumKind::Physical => "Physical",
        SumKind::Emotional => "Emotional",
    },
    nrs_question: |q| match q {
        NrsQuestion::Now => "Pain now",
        NrsQuestion::Worst24h => "Worst pain in the last 24 hours",
        NrsQuestion::Average24h => "Average pain in the last 24 hours",
    },
    nrs_short: |q| match q {
        NrsQuestion::Now => "Now",
        NrsQuestion::Worst24h => "Worst last 24 h",
        NrsQuestion::Average24h => "Average last 24 h",
    },
    nrs_low: "No Pain",
    nrs_high: "Worst Possible Pain",
    breakthrough_pain: "Breakthrough pain in the last 24 hours",
    body_map: "Body map",
    worsened: "worsened",
    breakthrough: "Breakthrough pain",
    note: "Note and actions",
    reason: "Reason",
    national_id_error: |error| {
        use crate::national_id::NationalIdError as E;
        match error {
            E::NotElevenDigits => "National identity number: 11 digits (national identity number or D number).",
            E::NoBirthDate => "National identity number: the first six digits are not a date (DDMMYY).",
            E::CheckDigits => {
                "National identity number: the check digits do not match. Look for a mistyped or swapped digit."
            }
            E::OtherBirthDate => "National identity number: does not match the patient's date of birth.",
        }
    },
};

/// The name of an "other problem" as typed, as in the patient form ("No Constipation").
fn problem_name(name: &str) -> String {
    let name = name.trim();
    if name.is_empty() {
        "Problem".into()
    } else {
        name.to_string()
    }
}

/// A month's name with a capital letter: "january" -> "January".
fn capitalised(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn duration(minutes: i64) -> String {
    match minutes {
        m if m < 60 => format!("{m} min"),
        m if m < 48 * 60 => format!("{} h {} min", m / 60, m % 60),
        m => format!("{} days", m / (24 * 60)),
    }
}

pub static FOLLOWUP: FollowupWords = FollowupWords {
    action: |kind| match kind {
        ActionKind::PrnMedicine => "PRN medication given",
        ActionKind::ContactedDoctor => "Contacted doctor",
        ActionKind::ContactedOutOfHours => "Contacted out-of-hours service",
        ActionKind::ContactedPalliativeTeam => "Contacted palliative care team",
        ActionKind::CareOrPosition => "Personal care or repositioning",
        ActionKind::Presence => "Conversation or presence",
        ActionKind::Other => "Other",
    },
    close_reason: |reason| match reason {
        CloseReason::Reassessed => "Reassessed: no severe or worsened symptoms",
        CloseReason::Sleeping => "Patient is asleep",
        CloseReason::Transferred => "Transferred",
        CloseReason::Died => "Patient has died",
        CloseReason::Other => "Other",
    },
    closed: |reason| match reason {
        CloseReason::Reassessed => "closed after reassessment",
        _ => "closed",
    },
    open_untaken: |minutes| format!("open for {}, no one has taken it on", duration(minutes)),
    taken_by: |name, minutes| format!("{name} is following up (open for {})", duration(minutes)),
    due_in: |minutes| format!("reassessment in {}", duration(minutes)),
    overdue: |minutes| format!("reassessment overdue by {}", duration(minutes)),
    medicine: "Medication",
    dose: "Dose",
    route: "Route",
    text: "Description",
    close_note: "Comment",
    missing: |label| format!("{label}: write what was given."),
    kind_missing: "Action: choose what was done.",
    other_text_missing: "Description: write what was done.",
    done_at: "Time: write the time the action was taken, for example 14:05.",
    done_at_too_old: |hours| format!("Time: cannot be more than {hours} hours ago."),
    reassess_range: |range| {
        format!(
            "Reassessment: choose between {} and {} minutes after the action.",
            range.start(),
            range.end()
        )
    },
    reassess_passed: |at| {
        format!(
        "Reassessment: the time ({}) has already passed. Choose a later time, or record the reassessment now.",
        crate::time::format_date_time_in(at, Language::En)
    )
    },
    step: |kind| {
        use crate::followup::steps::StepKind;
        let reasons = |reasons: &[crate::followup::Reason]| {
            reasons.iter().map(|r| r.words(&CLINICAL)).collect::<Vec<_>>().join(", ")
        };
        let clock = crate::time::format_time;
        match kind {
            StepKind::Opened { reasons: r, .. } => format!("opened: {}", reasons(r)),
            StepKind::Extended { reasons: r, reassessment: true, .. } => {
                format!("reassessed, still: {}", reasons(r))
            }
            StepKind::Extended { reasons: r, .. } => format!("new registration: {}", reasons(r)),
            StepKind::Acknowledged => "took on the follow-up".into(),
            StepKind::Action(action) => format!(
                "{} (at {}), reassess at {}",
                action.words(&CLINICAL),
                clock(action.done_at),
                clock(action.reassess_at)
            ),
            StepKind::Closed { reason, note, .. } if note.is_empty() => {
                format!("closed: {}", (FOLLOWUP.close_reason)(*reason))
            }
            StepKind::Closed { reason, note, .. } => {
                format!("closed: {} ({note})", (FOLLOWUP.close_reason)(*reason))
            }
        }
    },
    expected: |symptom| {
        format!(
            "{} up to {} expected: {}. Valid until {}.",
            (CLINICAL.item_label)(symptom.item),
            symptom.level.value(),
            symptom.reason,
            crate::time::format_date_time_in(symptom.until, Language::En)
        )
    },
    expected_now: "Expected symptoms now (a follow-up opens only above the level)",
    pdf_heading: "Follow-up in the period",
    pdf_none: "No follow-up was open in the period.",
    pdf_opened: |at| format!("Opened {}", crate::time::format_date_time_in(at, Language::En)),
    pdf_summary: |to_reassessment, open_minutes| {
        let reassessed = match to_reassessment {
            Some(m) => format!("Reassessed {} after the first action.", duration(m)),
            None => "No reassessment after an action recorded.".into(),
        };
        let closed = match open_minutes {
            Some(m) => format!("Closed after {}.", duration(m)),
            None => "Still open.".into(),
        };
        format!("{reassessed} {closed}")
    },
    close_reason_missing: "Reason: choose why the follow-up is being closed.",
    close_note_missing: "Comment: write why the follow-up is being closed.",
};
