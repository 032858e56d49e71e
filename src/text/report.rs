//! The PDF summary for the GP or the palliative team, the printed handover report, and the
//! server's answers when one cannot be made, in all three languages side by side. A PDF is
//! written in its unit's written language (bokmål or nynorsk), whoever prints it; English is
//! there for the UI's answers and for a unit that one day writes in it.
//!
//! Clinical words (items, sums, NRS, "utfylt av", follow-ups) are the clinical catalogue's,
//! body-map words [`super::body`]'s, recipients [`super::summary`]'s.

use crate::Language;

/// The summary PDF's and the handover PDF's words in one language.
#[derive(Debug)]
pub struct ReportWords {
    /// The summary's heading, also the start of the document's title.
    pub title: &'static str,
    /// Under the heading: "Laget {when} av {who}".
    pub made: fn(&str, &str) -> String,
    /// Beside the patient's name: birth date (dd.mm.yyyy), age in years, room.
    pub born: fn(&str, i32, &str) -> String,
    /// Where the patient is cared for: the unit and its kind (lower case).
    pub cared_for_at: fn(&str, &str) -> String,
    /// A contact number the unit has not given.
    pub not_registered: &'static str,
    /// Labels of the unit's two contact numbers, a space after each.
    pub contact_day: &'static str,
    pub contact_after_hours: &'static str,
    /// "Periode: {from}–{to} ({days} dager) · {n} registreringer"
    pub period: fn(&str, &str, i64, usize) -> String,
    pub nothing_in_period: &'static str,
    /// Nothing recorded for the patient (name) between two dates.
    pub nothing_hint: fn(&str, &str, &str) -> String,

    // "Nå": the state at a glance.
    pub now_heading: &'static str,
    pub severe_now: &'static str,
    pub no_severe: &'static str,
    pub change: &'static str,
    pub only_one: &'static str,
    /// "sammenlignet med {date and time}"
    pub compared_with: fn(&str) -> String,
    /// No meaningful change ("sammenlignet med ...").
    pub no_meaningful_change: fn(&str) -> String,
    pub worsened: &'static str,
    pub improved: &'static str,
    pub last_registration: &'static str,
    /// The latest registration (date and how long ago) and the unit's interval in hours, when
    /// the next assessment is overdue.
    pub overdue: fn(&str, i64) -> String,

    // The latest ESAS-r table.
    pub latest_heading: &'static str,
    /// "Registrert av {who}"
    pub registered_by: fn(&str) -> String,
    /// "Rettet: {reason}"
    pub corrected: fn(&str) -> String,
    /// The column of the registration before, without and with its day ("23.11.").
    pub previous: &'static str,
    pub previous_on: fn(&str) -> String,
    pub col_symptom: &'static str,
    pub col_now: &'static str,
    pub col_change: &'static str,
    pub col_highest: &'static str,
    pub col_mean: &'static str,
    /// Over the highest and mean columns.
    pub in_period: &'static str,
    pub legend: &'static str,
    /// The row of "annet problem", with the problem's name.
    pub other_row: fn(&str) -> String,
    /// A sum's row: its name, its first and last item and its maximum.
    pub sum_row: fn(&str, u8, u8, u8) -> String,
    /// "4,5" or "4.5".
    pub decimal_separator: char,

    // Pain and the body map.
    pub pain_heading: &'static str,
    pub col_latest: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    /// The breakthrough question's label and the latest answer.
    pub breakthrough_latest: fn(&str, &str) -> String,
    /// Yes in so many of so many answers in the period.
    pub breakthrough_in_period: fn(usize, usize) -> String,
    pub body_latest_heading: &'static str,
    pub no_marks_latest: &'static str,

    // The course.
    pub course_heading: &'static str,
    pub course_note: &'static str,
    pub heat_heading: &'static str,
    pub no_marks_period: &'static str,
    pub heat_explained: &'static str,
    pub col_region: &'static str,
    pub col_times: &'static str,
    pub col_last: &'static str,
    /// "… og {n} områder til"
    pub more_regions: fn(usize) -> String,
    /// The notes' heading from the clinical "Notat og tiltak".
    pub notes_heading: fn(&str) -> String,
    pub no_notes: &'static str,

    /// Every page's footer: the patient, birth date, recipient, when and who made it.
    pub footer: fn(&str, &str, &str, &str, &str) -> String,
    /// "Side {page} av {total}"
    pub page: fn(usize, usize) -> String,

    // The handover report.
    pub handover: &'static str,
    /// The handover's footer: its title (the shift), when and who made it.
    pub handover_footer: fn(&str, &str, &str) -> String,

    /// A unit's kind by its stored code ("sykehjem"), as the summary names it.
    pub unit_kind: fn(&str) -> Option<&'static str>,

    // The server's answers when a PDF is not made (more in the app's `UiWords`).
    /// The summary could not be drawn.
    pub pdf_failed: &'static str,
    /// The handover could not be drawn.
    pub pdf_failed_retry: &'static str,
    /// The link back from such an answer.
    pub back: &'static str,
}

impl Language {
    /// The PDFs' words in this language.
    pub fn report(self) -> &'static ReportWords {
        match self {
            Language::Nb => &NB,
            Language::Nn => &NN,
            Language::En => &EN,
        }
    }
}

pub static NB: ReportWords = ReportWords {
    title: "Symptomoppsummering (ESAS-r)",
    made: |when, who| format!("Laget {when} av {who}"),
    born: |date, age, room| format!("Født {date} ({age} år) · Rom {room}"),
    cared_for_at: |unit, kind| format!("Behandles ved: {unit} ({kind})"),
    not_registered: "ikke registrert",
    contact_day: "Kontakt dagtid: ",
    contact_after_hours: "Kveld, natt og helg: ",
    period: |from, to, days, n| {
        let registrations = if n == 1 { "registrering" } else { "registreringer" };
        format!("Periode: {from}–{to} ({days} dager) · {n} {registrations}")
    },
    nothing_in_period: "Ingen registreringer i perioden.",
    nothing_hint: |name, from, to| {
        format!("Det er ikke registrert ESAS-r, smerte (NRS) eller kroppskart for {name} mellom {from} og {to}.")
    },
    now_heading: "Nå",
    severe_now: "Alvorlig nå (7–10)",
    no_severe: "ingen symptomer",
    change: "Endring",
    only_one: "bare én registrering i perioden",
    compared_with: |when| format!("sammenlignet med {when}"),
    no_meaningful_change: |since| format!("ingen klinisk meningsfull endring ({since})"),
    worsened: "Forverret",
    improved: "Bedret",
    last_registration: "Siste registrering",
    overdue: |last, hours| {
        format!("{last}. Enheten vurderer hver {hours}. time: neste vurdering er på overtid.")
    },
    latest_heading: "Siste ESAS-r",
    registered_by: |who| format!("Registrert av {who}"),
    corrected: |reason| format!("Rettet: {reason}"),
    previous: "Forrige",
    previous_on: |day| format!("Forrige {day}"),
    col_symptom: "Symptom (0–10)",
    col_now: "Nå",
    col_change: "Endring",
    col_highest: "Høyeste",
    col_mean: "Snitt",
    in_period: "i perioden",
    legend: "Fargene: grønn 0 ingen · gul 1–3 lett · oransje 4–6 moderat · rød 7–10 alvorlig. KIV = kan ikke vurdere. \
             ▲/▼ = klinisk meningsfull forverring/bedring (sum: Hui 2016; symptom: 2 poeng).",
    other_row: |name| format!("Annet: {name}"),
    sum_row: |name, first, last, max| format!("{name} ({first}–{last}, maks {max})"),
    decimal_separator: ',',
    pain_heading: "Smerte (NRS 0–10)",
    col_latest: "Siste",
    yes: "ja",
    no: "nei",
    breakthrough_latest: |label, answer| format!("{label} (siste): {answer}"),
    breakthrough_in_period: |yes, answered| format!("Ja i {yes} av {answered} registreringer i perioden."),
    body_latest_heading: "Kroppskart, siste registrering",
    no_marks_latest: "Ingen områder markert ved siste registrering.",
    course_heading: "Forløp i perioden",
    course_note: "Hvert punkt er én registrering. Rødt felt = alvorlig (7–10). Kryss i KIV-linjen = kan ikke vurdere (ikke 0).",
    heat_heading: "Kroppskart i perioden",
    no_marks_period: "Ingen områder markert i perioden.",
    heat_explained: "Farge = høyeste intensitet i perioden, tall = hvor mange ganger området ble markert.",
    col_region: "Område",
    col_times: "Ganger",
    col_last: "Sist",
    more_regions: |n| format!("… og {n} områder til"),
    notes_heading: |notes| format!("{notes} (nyeste først)"),
    no_notes: "Ingen notater i perioden.",
    footer: |name, born, recipient, when, who| {
        format!("{name}, f. {born} · {recipient} · Laget i Lindra {when} av {who}")
    },
    page: |page, total| format!("Side {page} av {total}"),
    handover: "Vaktrapport",
    handover_footer: |title, when, who| format!("{title} · Laget i Lindra {when} av {who}"),
    unit_kind: |code| match code {
        "sykehjem" => Some("Sykehjem"),
        "hjemmetjeneste" => Some("Hjemmetjeneste"),
        "sykehus" => Some("Sykehus"),
        "palliativ_enhet" => Some("Palliativ enhet"),
        _ => None,
    },
    pdf_failed: "PDF-en kunne ikke lages. Prøv igjen, eller kontakt support.",
    pdf_failed_retry: "PDF-en kunne ikke lages. Prøv igjen.",
    back: "Tilbake",
};

pub static NN: ReportWords = ReportWords {
    title: "Symptomsamandrag (ESAS-r)",
    made: |when, who| format!("Laga {when} av {who}"),
    born: |date, age, room| format!("Fødd {date} ({age} år) · Rom {room}"),
    cared_for_at: |unit, kind| format!("Blir behandla ved: {unit} ({kind})"),
    not_registered: "ikkje registrert",
    contact_day: "Kontakt på dagtid: ",
    contact_after_hours: "Kveld, natt og helg: ",
    period: |from, to, days, n| {
        let days_word = if days == 1 { "dag" } else { "dagar" };
        let registrations = if n == 1 { "registrering" } else { "registreringar" };
        format!("Periode: {from}–{to} ({days} {days_word}) · {n} {registrations}")
    },
    nothing_in_period: "Ingen registreringar i perioden.",
    nothing_hint: |name, from, to| {
        format!("Det er ikkje registrert ESAS-r, smerte (NRS) eller kroppskart for {name} mellom {from} og {to}.")
    },
    now_heading: "No",
    severe_now: "Alvorleg no (7–10)",
    no_severe: "ingen symptom",
    change: "Endring",
    only_one: "berre éi registrering i perioden",
    compared_with: |when| format!("samanlikna med {when}"),
    no_meaningful_change: |since| format!("inga klinisk meiningsfull endring ({since})"),
    worsened: "Forverra",
    improved: "Betra",
    last_registration: "Siste registrering",
    overdue: |last, hours| {
        format!("{last}. Eininga vurderer kvar {hours}. time: neste vurdering er forfallen.")
    },
    latest_heading: "Siste ESAS-r",
    registered_by: |who| format!("Registrert av {who}"),
    corrected: |reason| format!("Retta: {reason}"),
    previous: "Førre",
    previous_on: |day| format!("Førre {day}"),
    col_symptom: "Symptom (0–10)",
    col_now: "No",
    col_change: "Endring",
    col_highest: "Høgaste",
    col_mean: "Snitt",
    in_period: "i perioden",
    legend: "Fargane: grøn 0 ingen · gul 1–3 lett · oransje 4–6 moderat · raud 7–10 alvorleg. KIV = kan ikkje vurdere. \
             ▲/▼ = klinisk meiningsfull forverring/betring (sum: Hui 2016; symptom: 2 poeng).",
    other_row: |name| format!("Anna: {name}"),
    sum_row: |name, first, last, max| format!("{name} ({first}–{last}, maks {max})"),
    decimal_separator: ',',
    pain_heading: "Smerte (NRS 0–10)",
    col_latest: "Siste",
    yes: "ja",
    no: "nei",
    breakthrough_latest: |label, answer| format!("{label} (siste): {answer}"),
    breakthrough_in_period: |yes, answered| format!("Ja i {yes} av {answered} registreringar i perioden."),
    body_latest_heading: "Kroppskart, siste registrering",
    no_marks_latest: "Ingen område markerte ved siste registrering.",
    course_heading: "Forløp i perioden",
    course_note: "Kvart punkt er éi registrering. Raudt felt = alvorleg (7–10). Kryss i KIV-lina = kan ikkje vurdere (ikkje 0).",
    heat_heading: "Kroppskart i perioden",
    no_marks_period: "Ingen område markerte i perioden.",
    heat_explained: "Farge = høgaste intensitet i perioden, tal = kor mange gonger området blei markert.",
    col_region: "Område",
    col_times: "Gonger",
    col_last: "Sist",
    more_regions: |n| format!("… og {n} område til"),
    notes_heading: |notes| format!("{notes} (nyaste først)"),
    no_notes: "Ingen notat i perioden.",
    footer: |name, born, recipient, when, who| {
        format!("{name}, f. {born} · {recipient} · Laga i Lindra {when} av {who}")
    },
    page: |page, total| format!("Side {page} av {total}"),
    handover: "Vaktrapport",
    handover_footer: |title, when, who| format!("{title} · Laga i Lindra {when} av {who}"),
    unit_kind: |code| match code {
        "sykehjem" => Some("Sjukeheim"),
        "hjemmetjeneste" => Some("Heimeteneste"),
        "sykehus" => Some("Sjukehus"),
        "palliativ_enhet" => Some("Palliativ eining"),
        _ => None,
    },
    pdf_failed: "PDF-en kunne ikkje lagast. Prøv igjen, eller kontakt support.",
    pdf_failed_retry: "PDF-en kunne ikkje lagast. Prøv igjen.",
    back: "Tilbake",
};

pub static EN: ReportWords = ReportWords {
    title: "Symptom summary (ESAS-r)",
    made: |when, who| format!("Created {when} by {who}"),
    born: |date, age, room| format!("Born {date} (age {age}) · Room {room}"),
    cared_for_at: |unit, kind| format!("Cared for at: {unit} ({kind})"),
    not_registered: "not recorded",
    contact_day: "Contact, daytime: ",
    contact_after_hours: "Evenings, nights and weekends: ",
    period: |from, to, days, n| {
        let days_word = if days == 1 { "day" } else { "days" };
        let registrations = if n == 1 { "registration" } else { "registrations" };
        format!("Period: {from}–{to} ({days} {days_word}) · {n} {registrations}")
    },
    nothing_in_period: "No registrations in the period.",
    nothing_hint: |name, from, to| {
        format!("No ESAS-r, pain (NRS) or body map was recorded for {name} between {from} and {to}.")
    },
    now_heading: "Now",
    severe_now: "Severe now (7–10)",
    no_severe: "no symptoms",
    change: "Change",
    only_one: "only one registration in the period",
    compared_with: |when| format!("compared with {when}"),
    no_meaningful_change: |since| format!("no clinically meaningful change ({since})"),
    worsened: "Worsened",
    improved: "Improved",
    last_registration: "Latest registration",
    overdue: |last, hours| {
        format!("{last}. The unit assesses every {hours} hours: the next assessment is overdue.")
    },
    latest_heading: "Latest ESAS-r",
    registered_by: |who| format!("Recorded by {who}"),
    corrected: |reason| format!("Corrected: {reason}"),
    previous: "Previous",
    previous_on: |day| format!("Previous {day}"),
    col_symptom: "Symptom (0–10)",
    col_now: "Now",
    col_change: "Change",
    col_highest: "Highest",
    col_mean: "Mean",
    in_period: "in the period",
    legend: "Colours: green 0 none · yellow 1–3 mild · orange 4–6 moderate · red 7–10 severe. CA = cannot assess. \
             ▲/▼ = clinically meaningful worsening/improvement (sums: Hui 2016; symptoms: 2 points).",
    other_row: |name| format!("Other: {name}"),
    sum_row: |name, first, last, max| format!("{name} ({first}–{last}, max {max})"),
    decimal_separator: '.',
    pain_heading: "Pain (NRS 0–10)",
    col_latest: "Latest",
    yes: "yes",
    no: "no",
    breakthrough_latest: |label, answer| format!("{label} (latest): {answer}"),
    breakthrough_in_period: |yes, answered| {
        format!("Yes in {yes} of {answered} registrations in the period.")
    },
    body_latest_heading: "Body map, latest registration",
    no_marks_latest: "No areas marked at the latest registration.",
    course_heading: "Trend in the period",
    course_note: "Each point is one registration. Red band = severe (7–10). A cross in the CA lane = cannot assess (not 0).",
    heat_heading: "Body map in the period",
    no_marks_period: "No areas marked in the period.",
    heat_explained: "Colour = highest intensity in the period, number = how many times the area was marked.",
    col_region: "Area",
    col_times: "Times",
    col_last: "Last",
    more_regions: |n| format!("… and {n} more areas"),
    notes_heading: |notes| format!("{notes} (newest first)"),
    no_notes: "No notes in the period.",
    footer: |name, born, recipient, when, who| {
        format!("{name}, b. {born} · {recipient} · Created in Lindra {when} by {who}")
    },
    page: |page, total| format!("Page {page} of {total}"),
    handover: "Handover report",
    handover_footer: |title, when, who| format!("{title} · Created in Lindra {when} by {who}"),
    unit_kind: |code| match code {
        "sykehjem" => Some("Nursing home"),
        "hjemmetjeneste" => Some("Home care"),
        "sykehus" => Some("Hospital"),
        "palliativ_enhet" => Some("Palliative care unit"),
        _ => None,
    },
    pdf_failed: "The PDF could not be created. Try again, or contact support.",
    pdf_failed_retry: "The PDF could not be created. Try again.",
    back: "Back",
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{catalogue_strings, shared_sentences};

    #[test]
    fn every_language_is_translated_and_has_no_empty_text() {
        for language in Language::ALL {
            let w = language.report();
            assert!(catalogue_strings(w).len() > 40);
            assert!(catalogue_strings(w).iter().all(|s| !s.trim().is_empty()), "{w:?}");
            for code in ["sykehjem", "hjemmetjeneste", "sykehus", "palliativ_enhet"] {
                assert!((w.unit_kind)(code).is_some(), "{language:?} {code}");
            }
        }
        // Headings such as "Siste ESAS-r", "Forløp i perioden" and "Kroppskart i perioden" are
        // the same in both written languages.
        let nynorsk = shared_sentences(&NB, &NN);
        assert!(nynorsk < 0.45, "nynorsk is {:.0} % bokmål", nynorsk * 100.0);
        let english = shared_sentences(&NB, &EN);
        // Only "Symptom (0–10)" is the same.
        assert!(english < 0.05, "English is {:.0} % bokmål", english * 100.0);
    }

    #[test]
    fn the_period_line_counts_in_each_language() {
        assert_eq!(
            (NB.period)("01.01.2020", "14.01.2020", 14, 0),
            "Periode: 01.01.2020–14.01.2020 (14 dager) · 0 registreringer"
        );
        assert_eq!(
            (NN.period)("01.01.2020", "01.01.2020", 1, 1),
            "Periode: 01.01.2020–01.01.2020 (1 dag) · 1 registrering"
        );
        assert_eq!(
            (EN.period)("01.01.2020", "14.01.2020", 14, 2),
            "Period: 01.01.2020–14.01.2020 (14 days) · 2 registrations"
        );
        assert_eq!((NN.page)(2, 3), "Side 2 av 3");
        assert_eq!((EN.page)(2, 3), "Page 2 of 3");
    }
}
