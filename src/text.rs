//! Norwegian (bokmål) wording of everything clinical: ESAS-r items and anchors, "utfylt av",
//! severity bands, sums, NRS questions and validation messages. One place, so that nynorsk,
//! English or Sami can follow without a hunt. The wording is that of clinical.md (Helse Bergen's
//! translation in the openEHR archetype; OUS procedure "ESAS").

use crate::esas::{CompletedBy, EsasItem, SumKind};
use crate::nrs::NrsQuestion;
use crate::score::Severity;

/// The item's label as printed on the Norwegian form.
pub fn item_label(item: EsasItem) -> &'static str {
    match item {
        EsasItem::Pain => "Smerte",
        EsasItem::Tiredness => "Slapphet (mangel på krefter)",
        EsasItem::Drowsiness => "Døsighet (søvnighet)",
        EsasItem::Nausea => "Kvalme",
        EsasItem::LackOfAppetite => "Nedsatt matlyst",
        EsasItem::ShortnessOfBreath => "Tung pust",
        EsasItem::Depression => "Depresjon (å føle seg nedstemt)",
        EsasItem::Anxiety => "Angst (å føle seg urolig)",
        EsasItem::Wellbeing => "Velvære (hvordan du har det, alt tatt i betraktning)",
        EsasItem::Other => "Annet problem",
    }
}

/// A short label for tables and chart legends.
pub fn item_short_label(item: EsasItem) -> &'static str {
    match item {
        EsasItem::Pain => "Smerte",
        EsasItem::Tiredness => "Slapphet",
        EsasItem::Drowsiness => "Døsighet",
        EsasItem::Nausea => "Kvalme",
        EsasItem::LackOfAppetite => "Matlyst",
        EsasItem::ShortnessOfBreath => "Tung pust",
        EsasItem::Depression => "Depresjon",
        EsasItem::Anxiety => "Angst",
        EsasItem::Wellbeing => "Velvære",
        EsasItem::Other => "Annet",
    }
}

/// What 0 means for the item. For "annet problem" the problem's own name is put in.
pub fn anchor_low(item: EsasItem, other_name: &str) -> String {
    match item {
        EsasItem::Pain => "Ingen smerte".into(),
        EsasItem::Tiredness => "Ingen slapphet".into(),
        EsasItem::Drowsiness => "Ingen døsighet".into(),
        EsasItem::Nausea => "Ingen kvalme".into(),
        EsasItem::LackOfAppetite => "Ikke nedsatt matlyst".into(),
        EsasItem::ShortnessOfBreath => "Ingen tung pust".into(),
        EsasItem::Depression => "Ingen depresjon".into(),
        EsasItem::Anxiety => "Ingen angst".into(),
        EsasItem::Wellbeing => "Best tenkelig velvære".into(),
        EsasItem::Other => format!("Ikke {}", problem_name(other_name)),
    }
}

/// What 10 means for the item.
pub fn anchor_high(item: EsasItem, other_name: &str) -> String {
    let what = match item {
        EsasItem::Pain => "smerte",
        EsasItem::Tiredness => "slapphet",
        EsasItem::Drowsiness => "døsighet",
        EsasItem::Nausea => "kvalme",
        EsasItem::LackOfAppetite => "nedsatt matlyst",
        EsasItem::ShortnessOfBreath => "tung pust",
        EsasItem::Depression => "depresjon",
        EsasItem::Anxiety => "angst",
        EsasItem::Wellbeing => "velvære",
        EsasItem::Other => return format!("Verst tenkelig {}", problem_name(other_name)),
    };
    format!("Verst tenkelig {what}")
}

fn problem_name(name: &str) -> String {
    let name = name.trim();
    if name.is_empty() {
        "problem".into()
    } else {
        name.to_lowercase()
    }
}

pub const NOT_ASSESSED: &str = "Kan ikke vurdere";
pub const NOT_ASSESSED_SHORT: &str = "KIV";
pub const ESAS_TIMEFRAME: &str = "Hvordan har du det akkurat nå?";
pub const COMPLETED_BY: &str = "Utfylt av";
pub const OTHER_PROBLEM_NAME: &str = "Hvilket problem?";

pub fn completed_by(c: CompletedBy) -> &'static str {
    // Exact labels are *unverified* in clinical.md.
    match c {
        CompletedBy::Patient => "Pasient",
        CompletedBy::PatientWithHelp => "Pasient med hjelp",
        CompletedBy::Relative => "Pårørende",
        CompletedBy::HealthPersonnel => "Helsepersonell",
    }
}

/// "Utfylt av" of a stored registration: the patient's own answers on the tablet say so.
pub fn completed_by_of(r: &crate::Registration) -> String {
    match r.self_report {
        Some(_) => SELF_REPORTED_ON_TABLET.to_string(),
        None => completed_by(r.completed_by).to_string(),
    }
}

/// "Utfylt av" of the patient's own answers on the unit tablet.
pub const SELF_REPORTED_ON_TABLET: &str = "Pasienten selv, på nettbrettet";

pub fn severity(s: Severity) -> &'static str {
    match s {
        Severity::None => "Ingen",
        Severity::Mild => "Lett",
        Severity::Moderate => "Moderat",
        Severity::Severe => "Alvorlig",
    }
}

pub fn sum_label(kind: SumKind) -> &'static str {
    match kind {
        SumKind::Total => "Total symptombelastning (1-9)",
        SumKind::Physical => "Fysisk (1-6)",
        SumKind::Emotional => "Emosjonell (7-8)",
    }
}

/// A sum in a flag or a legend: "Total", "Fysisk", "Emosjonell".
pub fn sum_short(kind: SumKind) -> &'static str {
    match kind {
        SumKind::Total => "Total",
        SumKind::Physical => "Fysisk",
        SumKind::Emotional => "Emosjonell",
    }
}

pub fn nrs_question(q: NrsQuestion) -> &'static str {
    match q {
        NrsQuestion::Now => "Smerte nå",
        NrsQuestion::Worst24h => "Verste smerte siste 24 timer",
        NrsQuestion::Average24h => "Gjennomsnittlig smerte siste 24 timer",
    }
}

/// The NRS questions in a chart legend or a table row.
pub fn nrs_short(q: NrsQuestion) -> &'static str {
    match q {
        NrsQuestion::Now => "Nå",
        NrsQuestion::Worst24h => "Verst siste 24 t",
        NrsQuestion::Average24h => "Gjennomsnitt siste 24 t",
    }
}

pub const NRS_LOW: &str = "Ingen smerte";
pub const NRS_HIGH: &str = "Verst tenkelig smerte";
pub const BREAKTHROUGH_PAIN: &str = "Gjennombruddssmerte siste 24 timer";
pub const BODY_MAP: &str = "Kroppskart";
/// In a follow-up's reason: "Fysisk forverret 21 → 27".
pub const WORSENED: &str = "forverret";
/// A follow-up's reason: breakthrough pain in the last 24 hours.
pub const BREAKTHROUGH: &str = "Gjennombruddssmerte";
pub const NOTE: &str = "Notat og tiltak";

/// Validation messages. Each names the field so the message makes sense on its own, too.
pub mod invalid {
    pub const SELF_REPORT_COMPLETED_BY: &str =
        "Utfylt av: dette er pasientens egne svar på nettbrettet, og det blir stående «Pasient».";
    pub fn self_report_item(label: &str) -> String {
        format!("{label}: pasientens eget svar kan ikke endres i en retting. Legg heller til et notat, eller gjør en ny registrering.")
    }
    pub fn item_missing(label: &str) -> String {
        format!("{label}: velg et tall fra 0 til 10, eller «Kan ikke vurdere».")
    }
    pub fn score_out_of_range(label: &str, value: i64) -> String {
        format!("{label}: {value} er utenfor skalaen. Velg et helt tall fra 0 til 10.")
    }
    pub fn other_needs_name() -> String {
        "Annet problem: skriv hvilket problem skåren gjelder.".into()
    }
    pub fn other_needs_score(name: &str) -> String {
        format!("Annet problem ({name}): velg et tall fra 0 til 10, eller «Kan ikke vurdere».")
    }
    pub fn text_too_long(label: &str, max: usize) -> String {
        format!("{label}: teksten er for lang (høyst {max} tegn).")
    }
    pub const COMPLETED_BY_MISSING: &str = "Utfylt av: velg hvem som fylte ut skjemaet.";
    pub const IN_THE_FUTURE: &str = "Tidspunkt: kan ikke være fram i tid.";
    pub fn too_old(days: i64) -> String {
        format!("Tidspunkt: kan ikke være mer enn {days} dager tilbake.")
    }
    pub fn unknown_region(id: u16) -> String {
        format!("Kroppskart: område {id} finnes ikke.")
    }
    pub fn too_many_marks(max: usize) -> String {
        format!("Kroppskart: høyst {max} områder kan markeres, ett merke per område.")
    }
    pub fn region_twice(name: &str) -> String {
        format!("Kroppskart: {name} er markert to ganger.")
    }
    pub const CORRECTION_REASON_MISSING: &str = "Årsak til rettingen: skriv hvorfor registreringen rettes.";
}

/// Problems with an expected symptom a resource nurse sets (`followup::ExpectedSymptomDraft`).
pub mod expected {
    pub const ITEM_MISSING: &str = "Symptom: velg hvilket symptom som er forventet.";
    pub const LEVEL: &str = "Forventet nivå: velg et helt tall fra 7 til 10.";
    pub const REASON_MISSING: &str = "Begrunnelse: skriv hvorfor symptomet er forventet.";
    pub fn reason_too_long(max: usize) -> String {
        format!("Begrunnelse: høyst {max} tegn.")
    }
    pub fn until(max_days: i64) -> String {
        format!("Gjelder til: velg et tidspunkt fram i tid, høyst {max_days} dager fram.")
    }
}

/// The follow-up loop (`followup::steps`): actions, closings, states and their problems.
pub mod followup {
    use crate::followup::steps::{ActionKind, CloseReason};
    use chrono::{DateTime, Utc};

    pub fn action(kind: ActionKind) -> &'static str {
        match kind {
            ActionKind::PrnMedicine => "Behovsmedisin gitt",
            ActionKind::ContactedDoctor => "Kontaktet lege",
            ActionKind::ContactedOutOfHours => "Kontaktet legevakt",
            ActionKind::ContactedPalliativeTeam => "Kontaktet palliativt team",
            ActionKind::CareOrPosition => "Stell eller leieendring",
            ActionKind::Presence => "Samtale eller tilstedeværelse",
            ActionKind::Other => "Annet",
        }
    }

    pub fn close_reason(reason: CloseReason) -> &'static str {
        match reason {
            CloseReason::Reassessed => "Revurdert: ingen alvorlige eller forverrede symptomer",
            CloseReason::Sleeping => "Pasienten sover",
            CloseReason::Transferred => "Overflyttet",
            CloseReason::Died => "Pasienten er død",
            CloseReason::Other => "Annet",
        }
    }

    pub fn closed(reason: CloseReason) -> &'static str {
        match reason {
            CloseReason::Reassessed => "lukket etter revurdering",
            _ => "lukket",
        }
    }

    fn duration(minutes: i64) -> String {
        match minutes {
            m if m < 60 => format!("{m} min"),
            m if m < 48 * 60 => format!("{} t {} min", m / 60, m % 60),
            m => format!("{} døgn", m / (24 * 60)),
        }
    }

    pub fn open_untaken(minutes: i64) -> String {
        format!("åpen i {}, ingen har tatt den", duration(minutes))
    }
    pub fn taken_by(name: &str, minutes: i64) -> String {
        format!("{name} følger opp (åpen i {})", duration(minutes))
    }
    pub fn due_in(minutes: i64) -> String {
        format!("revurdering om {}", duration(minutes))
    }
    pub fn overdue(minutes: i64) -> String {
        format!("revurdering forfalt for {} siden", duration(minutes))
    }

    pub const MEDICINE: &str = "Legemiddel";
    pub const DOSE: &str = "Dose";
    pub const ROUTE: &str = "Administrasjonsmåte";
    pub const TEXT: &str = "Beskrivelse";
    pub const CLOSE_NOTE: &str = "Kommentar";
    pub fn missing(label: &str) -> String {
        format!("{label}: skriv det som ble gitt.")
    }
    pub const KIND_MISSING: &str = "Tiltak: velg hva som ble gjort.";
    pub const OTHER_TEXT_MISSING: &str = "Beskrivelse: skriv hva som ble gjort.";
    pub const DONE_AT: &str = "Tidspunkt: skriv klokkeslettet tiltaket ble gjort, for eksempel 14:05.";
    pub fn done_at_too_old(hours: i64) -> String {
        format!("Tidspunkt: kan ikke være mer enn {hours} timer tilbake.")
    }
    pub fn reassess_range(range: &std::ops::RangeInclusive<i64>) -> String {
        format!("Revurdering: velg mellom {} og {} minutter etter tiltaket.", range.start(), range.end())
    }
    pub fn reassess_passed(at: DateTime<Utc>) -> String {
        format!(
            "Revurdering: tidspunktet ({}) er allerede passert. Velg et senere tidspunkt, eller registrer revurderingen nå.",
            crate::time::format_date_time(at)
        )
    }
    /// One step of the trail, as the patient page and the PDF print it after who and when.
    pub fn step(kind: &crate::followup::steps::StepKind) -> String {
        use crate::followup::steps::StepKind;
        let reasons = |reasons: &[crate::followup::Reason]| {
            reasons.iter().map(|r| r.words()).collect::<Vec<_>>().join(", ")
        };
        let clock = crate::time::format_time;
        match kind {
            StepKind::Opened { reasons: r, .. } => format!("åpnet: {}", reasons(r)),
            StepKind::Extended { reasons: r, reassessment: true, .. } => {
                format!("revurdert, fortsatt: {}", reasons(r))
            }
            StepKind::Extended { reasons: r, .. } => format!("ny registrering: {}", reasons(r)),
            StepKind::Acknowledged => "tok oppfølgingen".into(),
            StepKind::Action(action) => format!(
                "{} (kl. {}), revurder kl. {}",
                action.words(),
                clock(action.done_at),
                clock(action.reassess_at)
            ),
            StepKind::Closed { reason, note, .. } if note.is_empty() => {
                format!("lukket: {}", close_reason(*reason))
            }
            StepKind::Closed { reason, note, .. } => format!("lukket: {} ({note})", close_reason(*reason)),
        }
    }

    /// "Slapphet opp til 8 forventet: livets siste dager. Gjelder til 12.12.2026 kl. 14:00."
    pub fn expected(symptom: &crate::followup::ExpectedSymptom) -> String {
        format!(
            "{} opp til {} forventet: {}. Gjelder til {}.",
            crate::text::item_label(symptom.item),
            symptom.level.value(),
            symptom.reason,
            crate::time::format_date_time(symptom.until)
        )
    }
    pub const EXPECTED_NOW: &str = "Forventede symptomer nå (åpner oppfølging først over nivået)";

    pub const PDF_HEADING: &str = "Oppfølging i perioden";
    pub const PDF_NONE: &str = "Ingen oppfølging var åpen i perioden.";
    pub fn pdf_opened(at: DateTime<Utc>) -> String {
        format!("Åpnet {}", crate::time::format_date_time(at))
    }
    /// "Revurdert 45 min etter første tiltak. Lukket etter 62 min." / "Fortsatt åpen."
    pub fn pdf_summary(to_reassessment: Option<i64>, open_minutes: Option<i64>) -> String {
        let reassessed = match to_reassessment {
            Some(m) => format!("Revurdert {} etter første tiltak.", duration(m)),
            None => "Ingen revurdering etter tiltak registrert.".into(),
        };
        let closed = match open_minutes {
            Some(m) => format!("Lukket etter {}.", duration(m)),
            None => "Fortsatt åpen.".into(),
        };
        format!("{reassessed} {closed}")
    }

    pub const CLOSE_REASON_MISSING: &str = "Årsak: velg hvorfor oppfølgingen lukkes.";
    pub const CLOSE_NOTE_MISSING: &str = "Kommentar: skriv hvorfor oppfølgingen lukkes.";
}

/// A unit's shifts (`shift::Shifts`): the problems an administrator can make.
pub mod shift {
    pub fn count(max: usize) -> String {
        format!("Vakter: fra 1 til {max} vakter i døgnet.")
    }
    pub fn name(max: usize) -> String {
        format!("Vakter: hver vakt trenger et navn på høyst {max} tegn.")
    }
    pub fn whole_minutes(name: &str) -> String {
        format!("Vakter: {name} må starte på et helt minutt.")
    }
    pub const SAME_START: &str = "Vakter: to vakter kan ikke starte samtidig.";
    pub fn unreadable(part: &str) -> String {
        format!("Vakter: «{part}» kan ikke leses. Skriv for eksempel «Dag 07:00, Kveld 15:00, Natt 23:00».")
    }
}

/// The quality view's periods (`crate::quality`).
pub mod quality {
    /// The months in Norwegian, January first (also refused as passwords).
    pub const MONTHS: [&str; 12] = [
        "januar",
        "februar",
        "mars",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "desember",
    ];

    pub fn week(week: u32, year: i32) -> String {
        format!("uke {week} {year}")
    }

    pub fn week_short(week: u32) -> String {
        format!("uke {week}")
    }

    pub fn month_short(month: u32, year: i32) -> String {
        let name = MONTHS.get(month.saturating_sub(1) as usize).copied().unwrap_or("?");
        let short: String = name.chars().take(3).collect();
        format!("{short}. {:02}", year.rem_euclid(100))
    }

    pub fn month(month: u32, year: i32) -> String {
        let name = MONTHS.get(month.saturating_sub(1) as usize).copied().unwrap_or("?");
        format!("{name} {year}")
    }
}

/// Why a national identity number was refused, naming the field.
pub fn national_id_error(error: crate::national_id::NationalIdError) -> &'static str {
    use crate::national_id::NationalIdError as E;
    match error {
        E::NotElevenDigits => "Fødselsnummer: 11 siffer (fødselsnummer eller D-nummer).",
        E::NoBirthDate => "Fødselsnummer: de seks første sifrene er ingen dato (DDMMÅÅ).",
        E::CheckDigits => {
            "Fødselsnummer: kontrollsifrene stemmer ikke. Se etter et feiltastet eller ombyttet siffer."
        }
        E::OtherBirthDate => "Fødselsnummer: passer ikke med pasientens fødselsdato.",
    }
}
