//! Bokmål: the wording of clinical.md.

use super::*;
use crate::esas::{CompletedBy, EsasItem, SumKind};
use crate::followup::steps::{ActionKind, CloseReason};
use crate::nrs::NrsQuestion;
use crate::score::Severity;

pub static CLINICAL: ClinicalWords = ClinicalWords {
    language: Language::Nb,
    invalid: InvalidWords {
        self_report_completed_by:
            "Utfylt av: dette er pasientens egne svar på nettbrettet, og det blir stående «Pasient».",
        self_report_item: |label| {
            format!("{label}: pasientens eget svar kan ikke endres i en retting. Legg heller til et notat, eller gjør en ny registrering.")
        },
        item_missing: |label| format!("{label}: velg et tall fra 0 til 10, eller «Kan ikke vurdere»."),
        score_out_of_range: |label, value| {
            format!("{label}: {value} er utenfor skalaen. Velg et helt tall fra 0 til 10.")
        },
        other_needs_name: || "Annet problem: skriv hvilket problem skåren gjelder.".into(),
        other_needs_score: |name| {
            format!("Annet problem ({name}): velg et tall fra 0 til 10, eller «Kan ikke vurdere».")
        },
        text_too_long: |label, max| format!("{label}: teksten er for lang (høyst {max} tegn)."),
        completed_by_missing: "Utfylt av: velg hvem som fylte ut skjemaet.",
        in_the_future: "Tidspunkt: kan ikke være fram i tid.",
        too_old: |days| format!("Tidspunkt: kan ikke være mer enn {days} dager tilbake."),
        unknown_region: |id| format!("Kroppskart: område {id} finnes ikke."),
        too_many_marks: |max| format!("Kroppskart: høyst {max} områder kan markeres, ett merke per område."),
        region_twice: |name| format!("Kroppskart: {name} er markert to ganger."),
        correction_reason_missing: "Årsak til rettingen: skriv hvorfor registreringen rettes.",
    },
    expected: ExpectedWords {
        item_missing: "Symptom: velg hvilket symptom som er forventet.",
        level: "Forventet nivå: velg et helt tall fra 7 til 10.",
        reason_missing: "Begrunnelse: skriv hvorfor symptomet er forventet.",
        reason_too_long: |max| format!("Begrunnelse: høyst {max} tegn."),
        until: |max_days| format!("Gjelder til: velg et tidspunkt fram i tid, høyst {max_days} dager fram."),
    },
    shift: ShiftWords {
        count: |max| format!("Vakter: fra 1 til {max} vakter i døgnet."),
        name: |max| format!("Vakter: hver vakt trenger et navn på høyst {max} tegn."),
        whole_minutes: |name| format!("Vakter: {name} må starte på et helt minutt."),
        same_start: "Vakter: to vakter kan ikke starte samtidig.",
        unreadable: |part| {
            format!(
                "Vakter: «{part}» kan ikke leses. Skriv for eksempel «Dag 07:00, Kveld 15:00, Natt 23:00»."
            )
        },
    },
    quality: PeriodWords {
        months: [
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
        ],
        week: |week, year| format!("uke {week} {year}"),
        week_short: |week| format!("uke {week}"),
        month_short: |month, year| {
            let name = CLINICAL.quality.months.get(month.saturating_sub(1) as usize).copied().unwrap_or("?");
            let short: String = name.chars().take(3).collect();
            format!("{short}. {:02}", year.rem_euclid(100))
        },
        month: |month, year| {
            let name = CLINICAL.quality.months.get(month.saturating_sub(1) as usize).copied().unwrap_or("?");
            format!("{name} {year}")
        },
    },
    item_label: |item| match item {
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
    },
    item_short_label: |item| match item {
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
    },
    anchor_low: |item, other_name| match item {
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
    },
    anchor_high: |item, other_name| {
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
    },
    not_assessed: "Kan ikke vurdere",
    not_assessed_short: "KIV",
    esas_timeframe: "Hvordan har du det akkurat nå?",
    completed_by_label: "Utfylt av",
    other_problem_name: "Hvilket problem?",
    // Exact labels are *unverified* in clinical.md.
    completed_by: |c| match c {
        CompletedBy::Patient => "Pasient",
        CompletedBy::PatientWithHelp => "Pasient med hjelp",
        CompletedBy::Relative => "Pårørende",
        CompletedBy::HealthPersonnel => "Helsepersonell",
    },
    self_reported_on_tablet: "Pasienten selv, på nettbrettet",
    severity: |s| match s {
        Severity::None => "Ingen",
        Severity::Mild => "Lett",
        Severity::Moderate => "Moderat",
        Severity::Severe => "Alvorlig",
    },
    sum_label: |kind| match kind {
        SumKind::Total => "Total symptombelastning (1-9)",
        SumKind::Physical => "Fysisk (1-6)",
        SumKind::Emotional => "Emosjonell (7-8)",
    },
    sum_short: |kind| match kind {
        SumKind::Total => "Total",
        SumKind::Physical => "Fysisk",
        SumKind::Emotional => "Emosjonell",
    },
    nrs_question: |q| match q {
        NrsQuestion::Now => "Smerte nå",
        NrsQuestion::Worst24h => "Verste smerte siste 24 timer",
        NrsQuestion::Average24h => "Gjennomsnittlig smerte siste 24 timer",
    },
    nrs_short: |q| match q {
        NrsQuestion::Now => "Nå",
        NrsQuestion::Worst24h => "Verst siste 24 t",
        NrsQuestion::Average24h => "Gjennomsnitt siste 24 t",
    },
    nrs_low: "Ingen smerte",
    nrs_high: "Verst tenkelig smerte",
    breakthrough_pain: "Gjennombruddssmerte siste 24 timer",
    body_map: "Kroppskart",
    worsened: "forverret",
    breakthrough: "Gjennombruddssmerte",
    note: "Notat og tiltak",
    reason: "Årsak",
    national_id_error: |error| {
        use crate::national_id::NationalIdError as E;
        match error {
            E::NotElevenDigits => "Fødselsnummer: 11 siffer (fødselsnummer eller D-nummer).",
            E::NoBirthDate => "Fødselsnummer: de seks første sifrene er ingen dato (DDMMÅÅ).",
            E::CheckDigits => {
                "Fødselsnummer: kontrollsifrene stemmer ikke. Se etter et feiltastet eller ombyttet siffer."
            }
            E::OtherBirthDate => "Fødselsnummer: passer ikke med pasientens fødselsdato.",
        }
    },
};

fn problem_name(name: &str) -> String {
    let name = name.trim();
    if name.is_empty() {
        "problem".into()
    } else {
        name.to_lowercase()
    }
}

fn duration(minutes: i64) -> String {
    match minutes {
        m if m < 60 => format!("{m} min"),
        m if m < 48 * 60 => format!("{} t {} min", m / 60, m % 60),
        m => format!("{} døgn", m / (24 * 60)),
    }
}

pub static FOLLOWUP: FollowupWords = FollowupWords {
    action: |kind| match kind {
        ActionKind::PrnMedicine => "Behovsmedisin gitt",
        ActionKind::ContactedDoctor => "Kontaktet lege",
        ActionKind::ContactedOutOfHours => "Kontaktet legevakt",
        ActionKind::ContactedPalliativeTeam => "Kontaktet palliativt team",
        ActionKind::CareOrPosition => "Stell eller leieendring",
        ActionKind::Presence => "Samtale eller tilstedeværelse",
        ActionKind::Other => "Annet",
    },
    close_reason: |reason| match reason {
        CloseReason::Reassessed => "Revurdert: ingen alvorlige eller forverrede symptomer",
        CloseReason::Sleeping => "Pasienten sover",
        CloseReason::Transferred => "Overflyttet",
        CloseReason::Died => "Pasienten er død",
        CloseReason::Other => "Annet",
    },
    closed: |reason| match reason {
        CloseReason::Reassessed => "lukket etter revurdering",
        _ => "lukket",
    },
    open_untaken: |minutes| format!("åpen i {}, ingen har tatt den", duration(minutes)),
    taken_by: |name, minutes| format!("{name} følger opp (åpen i {})", duration(minutes)),
    due_in: |minutes| format!("revurdering om {}", duration(minutes)),
    overdue: |minutes| format!("revurdering forfalt for {} siden", duration(minutes)),
    medicine: "Legemiddel",
    dose: "Dose",
    route: "Administrasjonsmåte",
    text: "Beskrivelse",
    close_note: "Kommentar",
    missing: |label| format!("{label}: skriv det som ble gitt."),
    kind_missing: "Tiltak: velg hva som ble gjort.",
    other_text_missing: "Beskrivelse: skriv hva som ble gjort.",
    done_at: "Tidspunkt: skriv klokkeslettet tiltaket ble gjort, for eksempel 14:05.",
    done_at_too_old: |hours| format!("Tidspunkt: kan ikke være mer enn {hours} timer tilbake."),
    reassess_range: |range| {
        format!("Revurdering: velg mellom {} og {} minutter etter tiltaket.", range.start(), range.end())
    },
    reassess_passed: |at| {
        format!(
        "Revurdering: tidspunktet ({}) er allerede passert. Velg et senere tidspunkt, eller registrer revurderingen nå.",
        crate::time::format_date_time_in(at, Language::Nb)
    )
    },
    step: |kind| {
        use crate::followup::steps::StepKind;
        let reasons = |reasons: &[crate::followup::Reason]| {
            reasons.iter().map(|r| r.words(&CLINICAL)).collect::<Vec<_>>().join(", ")
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
                action.words(&CLINICAL),
                clock(action.done_at),
                clock(action.reassess_at)
            ),
            StepKind::Closed { reason, note, .. } if note.is_empty() => {
                format!("lukket: {}", (FOLLOWUP.close_reason)(*reason))
            }
            StepKind::Closed { reason, note, .. } => {
                format!("lukket: {} ({note})", (FOLLOWUP.close_reason)(*reason))
            }
        }
    },
    expected: |symptom| {
        format!(
            "{} opp til {} forventet: {}. Gjelder til {}.",
            (CLINICAL.item_label)(symptom.item),
            symptom.level.value(),
            symptom.reason,
            crate::time::format_date_time_in(symptom.until, Language::Nb)
        )
    },
    expected_now: "Forventede symptomer nå (åpner oppfølging først over nivået)",
    pdf_heading: "Oppfølging i perioden",
    pdf_none: "Ingen oppfølging var åpen i perioden.",
    pdf_opened: |at| format!("Åpnet {}", crate::time::format_date_time_in(at, Language::Nb)),
    pdf_summary: |to_reassessment, open_minutes| {
        let reassessed = match to_reassessment {
            Some(m) => format!("Revurdert {} etter første tiltak.", duration(m)),
            None => "Ingen revurdering etter tiltak registrert.".into(),
        };
        let closed = match open_minutes {
            Some(m) => format!("Lukket etter {}.", duration(m)),
            None => "Fortsatt åpen.".into(),
        };
        format!("{reassessed} {closed}")
    },
    close_reason_missing: "Årsak: velg hvorfor oppfølgingen lukkes.",
    close_note_missing: "Kommentar: skriv hvorfor oppfølgingen lukkes.",
};
