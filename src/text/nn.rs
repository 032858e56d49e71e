//! Nynorsk: Lindra's own translation, not validated (docs/clinical).

use super::*;
use crate::esas::{CompletedBy, EsasItem, SumKind};
use crate::followup::steps::{ActionKind, CloseReason};
use crate::nrs::NrsQuestion;
use crate::score::Severity;

pub static CLINICAL: ClinicalWords = ClinicalWords {
    language: Language::Nn,
    invalid: InvalidWords {
        self_report_completed_by:
            "Utfylt av: dette er pasienten sine eigne svar på nettbrettet, og det blir ståande «Pasient».",
        self_report_item: |label| {
            format!("{label}: pasienten sitt eige svar kan ikkje endrast i ei retting. Legg heller til eit notat, eller gjer ei ny registrering.")
        },
        item_missing: |label| format!("{label}: vel eit tal frå 0 til 10, eller «Kan ikkje vurdere»."),
        score_out_of_range: |label, value| {
            format!("{label}: {value} er utanfor skalaen. Vel eit heilt tal frå 0 til 10.")
        },
        other_needs_name: || "Anna problem: skriv kva problem skåren gjeld.".into(),
        other_needs_score: |name| {
            format!("Anna problem ({name}): vel eit tal frå 0 til 10, eller «Kan ikkje vurdere».")
        },
        text_too_long: |label, max| format!("{label}: teksten er for lang (høgst {max} teikn)."),
        completed_by_missing: "Utfylt av: vel kven som fylte ut skjemaet.",
        in_the_future: "Tidspunkt: kan ikkje vere fram i tid.",
        too_old: |days| format!("Tidspunkt: kan ikkje vere meir enn {days} dagar tilbake."),
        unknown_region: |id| format!("Kroppskart: område {id} finst ikkje."),
        too_many_marks: |max| format!("Kroppskart: høgst {max} område kan markerast, eitt merke per område."),
        region_twice: |name| format!("Kroppskart: {name} er markert to gonger."),
        correction_reason_missing: "Årsak til rettinga: skriv kvifor registreringa blir retta.",
    },
    expected: ExpectedWords {
        item_missing: "Symptom: vel kva symptom som er forventa.",
        level: "Forventa nivå: vel eit heilt tal frå 7 til 10.",
        reason_missing: "Grunngiving: skriv kvifor symptomet er forventa.",
        reason_too_long: |max| format!("Grunngiving: høgst {max} teikn."),
        until: |max_days| format!("Gjeld til: vel eit tidspunkt fram i tid, høgst {max_days} dagar fram."),
    },
    shift: ShiftWords {
        count: |max| format!("Vakter: frå 1 til {max} vakter i døgnet."),
        name: |max| format!("Vakter: kvar vakt treng eit namn på høgst {max} teikn."),
        whole_minutes: |name| format!("Vakter: {name} må starte på eit heilt minutt."),
        same_start: "Vakter: to vakter kan ikkje starte samtidig.",
        unreadable: |part| {
            format!(
                "Vakter: «{part}» kan ikkje lesast. Skriv til dømes «Dag 07:00, Kveld 15:00, Natt 23:00»."
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
        week: |week, year| format!("veke {week} {year}"),
        week_short: |week| format!("veke {week}"),
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
        EsasItem::Tiredness => "Slappheit (mangel på krefter)",
        EsasItem::Drowsiness => "Døsigheit (søvnigheit)",
        EsasItem::Nausea => "Kvalme",
        EsasItem::LackOfAppetite => "Nedsett matlyst",
        EsasItem::ShortnessOfBreath => "Tung pust",
        EsasItem::Depression => "Depresjon (å kjenne seg nedstemd)",
        EsasItem::Anxiety => "Angst (å kjenne seg uroleg)",
        EsasItem::Wellbeing => "Velvære (korleis du har det, alt teke i betraktning)",
        EsasItem::Other => "Anna problem",
    },
    item_short_label: |item| match item {
        EsasItem::Pain => "Smerte",
        EsasItem::Tiredness => "Slappheit",
        EsasItem::Drowsiness => "Døsigheit",
        EsasItem::Nausea => "Kvalme",
        EsasItem::LackOfAppetite => "Matlyst",
        EsasItem::ShortnessOfBreath => "Tung pust",
        EsasItem::Depression => "Depresjon",
        EsasItem::Anxiety => "Angst",
        EsasItem::Wellbeing => "Velvære",
        EsasItem::Other => "Anna",
    },
    anchor_low: |item, other_name| match item {
        EsasItem::Pain => "Ingen smerte".into(),
        EsasItem::Tiredness => "Inga slappheit".into(),
        EsasItem::Drowsiness => "Inga døsigheit".into(),
        EsasItem::Nausea => "Ingen kvalme".into(),
        EsasItem::LackOfAppetite => "Ikkje nedsett matlyst".into(),
        EsasItem::ShortnessOfBreath => "Ingen tung pust".into(),
        EsasItem::Depression => "Ingen depresjon".into(),
        EsasItem::Anxiety => "Ingen angst".into(),
        EsasItem::Wellbeing => "Best tenkjeleg velvære".into(),
        EsasItem::Other => format!("Ikkje {}", problem_name(other_name)),
    },
    anchor_high: |item, other_name| {
        let what = match item {
            EsasItem::Pain => "smerte",
            EsasItem::Tiredness => "slappheit",
            EsasItem::Drowsiness => "døsigheit",
            EsasItem::Nausea => "kvalme",
            EsasItem::LackOfAppetite => "nedsett matlyst",
            EsasItem::ShortnessOfBreath => "tung pust",
            EsasItem::Depression => "depresjon",
            EsasItem::Anxiety => "angst",
            EsasItem::Wellbeing => "velvære",
            EsasItem::Other => return format!("Verst tenkjeleg {}", problem_name(other_name)),
        };
        format!("Verst tenkjeleg {what}")
    },
    not_assessed: "Kan ikkje vurdere",
    not_assessed_short: "KIV",
    esas_timeframe: "Korleis har du det akkurat no?",
    completed_by_label: "Utfylt av",
    other_problem_name: "Kva problem?",
    // Exact labels are *unverified* in clinical.md.
    completed_by: |c| match c {
        CompletedBy::Patient => "Pasient",
        CompletedBy::PatientWithHelp => "Pasient med hjelp",
        CompletedBy::Relative => "Pårørande",
        CompletedBy::HealthPersonnel => "Helsepersonell",
    },
    self_reported_on_tablet: "Pasienten sjølv, på nettbrettet",
    severity: |s| match s {
        Severity::None => "Ingen",
        Severity::Mild => "Lett",
        Severity::Moderate => "Moderat",
        Severity::Severe => "Alvorleg",
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
        NrsQuestion::Now => "Smerte no",
        NrsQuestion::Worst24h => "Verste smerte siste 24 timar",
        NrsQuestion::Average24h => "Gjennomsnittleg smerte siste 24 timar",
    },
    nrs_short: |q| match q {
        NrsQuestion::Now => "No",
        NrsQuestion::Worst24h => "Verst siste 24 t",
        NrsQuestion::Average24h => "Gjennomsnitt siste 24 t",
    },
    nrs_low: "Ingen smerte",
    nrs_high: "Verst tenkjeleg smerte",
    breakthrough_pain: "Gjennombrotssmerte siste 24 timar",
    body_map: "Kroppskart",
    worsened: "forverra",
    breakthrough: "Gjennombrotssmerte",
    note: "Notat og tiltak",
    reason: "Årsak",
    national_id_error: |error| {
        use crate::national_id::NationalIdError as E;
        match error {
            E::NotElevenDigits => "Fødselsnummer: 11 siffer (fødselsnummer eller D-nummer).",
            E::NoBirthDate => "Fødselsnummer: dei seks første siffera er ingen dato (DDMMÅÅ).",
            E::CheckDigits => {
                "Fødselsnummer: kontrollsiffera stemmer ikkje. Sjå etter eit feiltasta eller ombytt siffer."
            }
            E::OtherBirthDate => "Fødselsnummer: passar ikkje med fødselsdatoen til pasienten.",
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
        ActionKind::ContactedDoctor => "Kontakta lege",
        ActionKind::ContactedOutOfHours => "Kontakta legevakt",
        ActionKind::ContactedPalliativeTeam => "Kontakta palliativt team",
        ActionKind::CareOrPosition => "Stell eller leieendring",
        ActionKind::Presence => "Samtale eller nærvær",
        ActionKind::Other => "Anna",
    },
    close_reason: |reason| match reason {
        CloseReason::Reassessed => "Revurdert: ingen alvorlege eller forverra symptom",
        CloseReason::Sleeping => "Pasienten søv",
        CloseReason::Transferred => "Overflytta",
        CloseReason::Died => "Pasienten er død",
        CloseReason::Other => "Anna",
    },
    closed: |reason| match reason {
        CloseReason::Reassessed => "lukka etter revurdering",
        _ => "lukka",
    },
    open_untaken: |minutes| format!("open i {}, ingen har teke den", duration(minutes)),
    taken_by: |name, minutes| format!("{name} følgjer opp (open i {})", duration(minutes)),
    due_in: |minutes| format!("revurdering om {}", duration(minutes)),
    overdue: |minutes| format!("revurdering forfall for {} sidan", duration(minutes)),
    medicine: "Legemiddel",
    dose: "Dose",
    route: "Administrasjonsmåte",
    text: "Skildring",
    close_note: "Kommentar",
    missing: |label| format!("{label}: skriv det som blei gitt."),
    kind_missing: "Tiltak: vel kva som blei gjort.",
    other_text_missing: "Skildring: skriv kva som blei gjort.",
    done_at: "Tidspunkt: skriv klokkeslettet tiltaket blei gjort, til dømes 14:05.",
    done_at_too_old: |hours| format!("Tidspunkt: kan ikkje vere meir enn {hours} timar tilbake."),
    reassess_range: |range| {
        format!("Revurdering: vel mellom {} og {} minutt etter tiltaket.", range.start(), range.end())
    },
    reassess_passed: |at| {
        format!(
        "Revurdering: tidspunktet ({}) er allereie passert. Vel eit seinare tidspunkt, eller registrer revurderinga no.",
        crate::time::format_date_time_in(at, Language::Nn)
    )
    },
    step: |kind| {
        use crate::followup::steps::StepKind;
        let reasons = |reasons: &[crate::followup::Reason]| {
            reasons.iter().map(|r| r.words(&CLINICAL)).collect::<Vec<_>>().join(", ")
        };
        let clock = crate::time::format_time;
        match kind {
            StepKind::Opened { reasons: r, .. } => format!("opna: {}", reasons(r)),
            StepKind::Extended { reasons: r, reassessment: true, .. } => {
                format!("revurdert, framleis: {}", reasons(r))
            }
            StepKind::Extended { reasons: r, .. } => format!("ny registrering: {}", reasons(r)),
            StepKind::Acknowledged => "tok oppfølginga".into(),
            StepKind::Action(action) => format!(
                "{} (kl. {}), revurder kl. {}",
                action.words(&CLINICAL),
                clock(action.done_at),
                clock(action.reassess_at)
            ),
            StepKind::Closed { reason, note, .. } if note.is_empty() => {
                format!("lukka: {}", (FOLLOWUP.close_reason)(*reason))
            }
            StepKind::Closed { reason, note, .. } => {
                format!("lukka: {} ({note})", (FOLLOWUP.close_reason)(*reason))
            }
        }
    },
    expected: |symptom| {
        format!(
            "{} opp til {} forventa: {}. Gjeld til {}.",
            (CLINICAL.item_label)(symptom.item),
            symptom.level.value(),
            symptom.reason,
            crate::time::format_date_time_in(symptom.until, Language::Nn)
        )
    },
    expected_now: "Forventa symptom no (opnar oppfølging først over nivået)",
    pdf_heading: "Oppfølging i perioden",
    pdf_none: "Inga oppfølging var open i perioden.",
    pdf_opened: |at| format!("Opna {}", crate::time::format_date_time_in(at, Language::Nn)),
    pdf_summary: |to_reassessment, open_minutes| {
        let reassessed = match to_reassessment {
            Some(m) => format!("Revurdert {} etter første tiltak.", duration(m)),
            None => "Inga revurdering etter tiltak registrert.".into(),
        };
        let closed = match open_minutes {
            Some(m) => format!("Lukka etter {}.", duration(m)),
            None => "Framleis open.".into(),
        };
        format!("{reassessed} {closed}")
    },
    close_reason_missing: "Årsak: vel kvifor oppfølginga blir lukka.",
    close_note_missing: "Kommentar: skriv kvifor oppfølginga blir lukka.",
};
