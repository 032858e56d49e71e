//! The patient's own form on the unit tablet (issue 17): ESAS-r answered by the patient, one
//! question at a time, in the patient's language; the mark such a registration carries; and every
//! word of that form, one catalogue per language.
//!
//! A catalogue is a [`PatientWords`] value: a language that leaves out a text does not compile.
//! Bokmål is the wording of `text.rs` (Helse Bergen's translation); English is the original
//! ESAS-r (Watanabe et al. 2011, as distributed by Alberta Health Services), with "circle" made
//! "choose" for a screen; nynorsk is Lindra's own translation, *not validated* (docs/clinical).

use crate::esas::{CompletedBy, EsasItem};
use crate::registration::{DraftValue, RegistrationDraft};
pub use crate::text::Language;
use serde::{Deserialize, Serialize};

/// The mark of a registration the patient filled in themselves on the unit tablet: ESAS-r's
/// reference, not a staff rating. Set only by the server from the session's patient mode; the
/// staff form cannot set it, and a correction keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelfReport {
    /// The language the patient answered in.
    pub language: Language,
}

/// What the nurse switched on before handing the tablet over, besides the ten items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PatientSteps {
    /// Pain NRS now, after the ten items.
    pub pain_now: bool,
    /// "Vis hvor det gjør vondt": the simplified body map, after pain NRS now (which it needs:
    /// its score is the intensity of every area the patient shows).
    #[serde(default)]
    pub body_map: bool,
}

/// One area of the simplified body map: large enough for any finger, named as a patient would
/// say it, and mapped onto the body map's regions (both views where the area has both).
#[derive(Debug)]
pub struct PainArea {
    /// Stable code on the wire.
    pub code: &'static str,
    pub regions: &'static [u16],
}

/// The simplified body map's areas, in the order the patient form lists them. Sides are the
/// patient's. Together they cover all 74 regions, each once (a test holds it).
pub const PAIN_AREAS: [PainArea; 11] = [
    PainArea { code: "head", regions: &[101, 102, 103, 104, 201, 202, 203, 204] },
    PainArea { code: "chest", regions: &[107, 108, 109] },
    PainArea { code: "abdomen", regions: &[118, 119, 120, 121] },
    PainArea { code: "pelvis", regions: &[122, 123, 124, 125, 126] },
    PainArea { code: "upper_back", regions: &[205, 206, 207, 208, 209, 210, 211] },
    PainArea { code: "lower_back", regions: &[220, 221, 222, 223, 224] },
    PainArea { code: "buttocks", regions: &[225, 226] },
    PainArea { code: "right_arm", regions: &[105, 110, 112, 114, 116, 213, 215, 217, 219] },
    PainArea { code: "left_arm", regions: &[106, 111, 113, 115, 117, 212, 214, 216, 218] },
    PainArea { code: "right_leg", regions: &[127, 129, 131, 133, 135, 228, 230, 232, 234, 236, 238] },
    PainArea { code: "left_leg", regions: &[128, 130, 132, 134, 136, 227, 229, 231, 233, 235, 237] },
];

/// The area a body-map region belongs to (its index in [`PAIN_AREAS`]).
pub fn area_of(region: u16) -> Option<usize> {
    PAIN_AREAS.iter().position(|a| a.regions.contains(&region))
}

/// What the patient answered, as the tablet sends it at "Ferdig".
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SelfReportAnswers {
    /// Items 1-9 in form order ("vil ikke / kan ikke svare" is `NotAssessed`, never 0).
    pub symptoms: [DraftValue; 9],
    /// "Annet problem" as the patient named it ("" for none).
    pub other_name: String,
    pub other: DraftValue,
    /// Pain NRS now, if the nurse asked for it (not answered: `Unanswered` or `NotAssessed`).
    pub pain_now: DraftValue,
    /// Where it hurts: indices into [`PAIN_AREAS`] (only with a pain score above 0).
    #[serde(default)]
    pub areas: Vec<u8>,
}

impl SelfReportAnswers {
    /// Every region of the areas shown, at the pain score now; none without a score above 0.
    /// An unknown area is sent on as region 0, which validation refuses.
    pub fn body_marks(&self) -> Vec<(u16, i64)> {
        let DraftValue::Score(intensity) = self.pain_now else { return Vec::new() };
        if intensity <= 0 {
            return Vec::new();
        }
        let mut areas = self.areas.clone();
        areas.sort_unstable();
        areas.dedup();
        areas
            .into_iter()
            .flat_map(|a| match PAIN_AREAS.get(usize::from(a)) {
                Some(area) => area.regions.iter().map(|r| (*r, intensity)).collect::<Vec<_>>(),
                None => vec![(0, intensity)],
            })
            .collect()
    }

    /// Every item 1-9 answered, a number or "vil ikke / kan ikke svare".
    pub fn complete(&self) -> bool {
        self.symptoms.iter().all(|s| *s != DraftValue::Unanswered)
    }

    /// The registration form these answers fill in: "utfylt av: pasient", now. The server
    /// validates it like any other and adds the [`SelfReport`] mark.
    pub fn to_draft(&self) -> RegistrationDraft {
        RegistrationDraft {
            observed_at: None,
            completed_by: Some(CompletedBy::Patient),
            symptoms: self.symptoms,
            other_name: self.other_name.clone(),
            other: if self.other_name.trim().is_empty() { DraftValue::Unanswered } else { self.other },
            pain_now: match self.pain_now {
                DraftValue::Score(n) => Some(n),
                _ => None,
            },
            body_marks: self.body_marks(),
            ..RegistrationDraft::default()
        }
    }
}

/// Longest time without a tap before the patient form asks for the tablet to go back to the
/// nurse (the answers are kept).
pub const IDLE_MINUTES: u32 = 5;

/// One ESAS-r item as the patient reads it.
#[derive(Debug)]
pub struct ItemWords {
    pub name: &'static str,
    /// What the word means, shown under it ("" when the name says it all).
    pub explained: &'static str,
    /// The meaning of 0.
    pub none: &'static str,
    /// The meaning of 10.
    pub worst: &'static str,
}

/// Every word of the patient form in one language. A field per text, so that a language
/// missing one does not compile.
#[derive(Debug)]
pub struct PatientWords {
    pub language: Language,
    /// The form's title, and the first screen's.
    pub title: &'static str,
    /// The first screen: what the questions are about and how to answer.
    pub intro: &'static str,
    pub start: &'static str,
    /// The timeframe above every question.
    pub now_question: &'static str,
    /// "3 av 10".
    pub progress: fn(usize, usize) -> String,
    /// Items 1-9 in form order.
    pub items: [ItemWords; 9],
    pub other_name: &'static str,
    pub other_question: &'static str,
    pub other_label: &'static str,
    pub other_none_button: &'static str,
    pub other_go_on: &'static str,
    /// The anchors of "annet problem", with its name put in.
    pub other_none: fn(&str) -> String,
    pub other_worst: fn(&str) -> String,
    pub pain_name: &'static str,
    pub pain_question: &'static str,
    pub pain_none: &'static str,
    pub pain_worst: &'static str,
    pub where_title: &'static str,
    pub where_question: &'static str,
    /// The areas of [`PAIN_AREAS`], in its order.
    pub areas: [&'static str; 11],
    pub front_view: &'static str,
    pub back_view: &'static str,
    pub right: &'static str,
    pub left: &'static str,
    pub nowhere: &'static str,
    pub cannot_answer: &'static str,
    pub back: &'static str,
    pub next: &'static str,
    pub summary_title: &'static str,
    pub summary_explained: &'static str,
    pub change: &'static str,
    /// An item the patient would not or could not answer, in the summary.
    pub no_answer: &'static str,
    /// An item not reached yet, in the summary.
    pub not_yet: &'static str,
    pub no_other_problem: &'static str,
    pub finish: &'static str,
    pub saving: &'static str,
    pub not_saved: &'static str,
    pub thanks_title: &'static str,
    pub give_back: &'static str,
    pub idle_title: &'static str,
    pub go_on: &'static str,
    pub for_staff: &'static str,
    pub text_size: &'static str,
    /// The three sizes' names, for a screen reader ("A", "A+", "A++" on the buttons).
    pub text_sizes: [&'static str; 3],
    /// The scale's name for a screen reader, with the item's name put in.
    pub scale_label: fn(&str) -> String,
}

impl PatientWords {
    /// The item's words, or `None` for "annet problem" (named by the patient).
    pub fn item(&self, item: EsasItem) -> Option<&ItemWords> {
        (item != EsasItem::Other).then(|| &self.items[item.index()])
    }
}

const fn item(
    name: &'static str,
    explained: &'static str,
    none: &'static str,
    worst: &'static str,
) -> ItemWords {
    ItemWords { name, explained, none, worst }
}

pub static BOKMAL: PatientWords = PatientWords {
    language: Language::Nb,
    title: "Hvordan har du det?",
    intro: "Du får ti korte spørsmål om hvordan du har det akkurat nå. Velg tallet som passer best: \
            0 betyr ingen plager, 10 betyr det verst tenkelige. Du kan alltid gå tilbake og endre.",
    start: "Start",
    now_question: "Hvordan har du det akkurat nå?",
    progress: |n, of| format!("{n} av {of}"),
    items: [
        item("Smerte", "", "Ingen smerte", "Verst tenkelig smerte"),
        item("Slapphet", "Mangel på krefter", "Ingen slapphet", "Verst tenkelig slapphet"),
        item("Døsighet", "Søvnighet", "Ingen døsighet", "Verst tenkelig døsighet"),
        item("Kvalme", "", "Ingen kvalme", "Verst tenkelig kvalme"),
        item("Nedsatt matlyst", "", "Ikke nedsatt matlyst", "Verst tenkelig nedsatt matlyst"),
        item("Tung pust", "", "Ingen tung pust", "Verst tenkelig tung pust"),
        item("Depresjon", "Å føle seg nedstemt", "Ingen depresjon", "Verst tenkelig depresjon"),
        item("Angst", "Å føle seg urolig", "Ingen angst", "Verst tenkelig angst"),
        item(
            "Velvære",
            "Hvordan du har det, alt tatt i betraktning",
            "Best tenkelig velvære",
            "Verst tenkelig velvære",
        ),
    ],
    other_name: "Annet problem",
    other_question: "Er det noe annet som plager deg, for eksempel forstoppelse?",
    other_label: "Hva plager deg?",
    other_none_button: "Nei, ingenting annet",
    other_go_on: "Svar på hvor mye",
    other_none: |name| format!("Ikke {name}"),
    other_worst: |name| format!("Verst tenkelig {name}"),
    pain_name: "Smerte nå",
    pain_question: "Hvor sterke smerter har du akkurat nå?",
    pain_none: "Ingen smerte",
    pain_worst: "Verst tenkelig smerte",
    where_title: "Hvor gjør det vondt?",
    where_question: "Trykk på stedene der det gjør vondt. Trykk en gang til for å ta det bort.",
    areas: [
        "Hode og nakke",
        "Bryst",
        "Mage",
        "Underliv og hofter",
        "Øvre del av ryggen",
        "Korsryggen",
        "Setet",
        "Høyre arm og skulder",
        "Venstre arm og skulder",
        "Høyre bein",
        "Venstre bein",
    ],
    front_view: "Forfra",
    back_view: "Bakfra",
    right: "Høyre",
    left: "Venstre",
    nowhere: "Ingen steder valgt",
    cannot_answer: "Vil ikke / kan ikke svare",
    back: "Tilbake",
    next: "Neste",
    summary_title: "Se over svarene dine",
    summary_explained: "Trykk «Endre» for å rette et svar. Trykk «Ferdig» når alt stemmer.",
    change: "Endre",
    no_answer: "Vil ikke / kan ikke svare",
    not_yet: "Ikke svart ennå",
    no_other_problem: "Ingenting annet",
    finish: "Ferdig",
    saving: "Lagrer …",
    not_saved: "Svarene er ikke lagret ennå. Trykk «Ferdig» igjen. Svarene dine er tatt vare på.",
    thanks_title: "Takk for svarene!",
    give_back: "Gi nettbrettet tilbake til pleieren.",
    idle_title: "Gi nettbrettet tilbake til pleieren",
    go_on: "Fortsett å svare",
    for_staff: "For pleieren",
    text_size: "Tekststørrelse",
    text_sizes: ["Vanlig tekst", "Stor tekst", "Størst tekst"],
    scale_label: |name| format!("{name}, fra 0 til 10"),
};

pub static NYNORSK: PatientWords = PatientWords {
    language: Language::Nn,
    title: "Korleis har du det?",
    intro: "Du får ti korte spørsmål om korleis du har det akkurat no. Vel talet som passar best: \
            0 tyder ingen plager, 10 tyder det verst tenkjelege. Du kan alltid gå tilbake og endre.",
    start: "Start",
    now_question: "Korleis har du det akkurat no?",
    progress: |n, of| format!("{n} av {of}"),
    items: [
        item("Smerte", "", "Ingen smerte", "Verst tenkjeleg smerte"),
        item("Slappheit", "Mangel på krefter", "Inga slappheit", "Verst tenkjeleg slappheit"),
        item("Døsigheit", "Søvnigheit", "Inga døsigheit", "Verst tenkjeleg døsigheit"),
        item("Kvalme", "", "Ingen kvalme", "Verst tenkjeleg kvalme"),
        item("Nedsett matlyst", "", "Ikkje nedsett matlyst", "Verst tenkjeleg nedsett matlyst"),
        item("Tung pust", "", "Ingen tung pust", "Verst tenkjeleg tung pust"),
        item("Depresjon", "Å kjenne seg nedstemd", "Ingen depresjon", "Verst tenkjeleg depresjon"),
        item("Angst", "Å kjenne seg uroleg", "Ingen angst", "Verst tenkjeleg angst"),
        item(
            "Velvære",
            "Korleis du har det, alt teke i betraktning",
            "Best tenkjeleg velvære",
            "Verst tenkjeleg velvære",
        ),
    ],
    other_name: "Anna problem",
    other_question: "Er det noko anna som plagar deg, til dømes forstopping?",
    other_label: "Kva plagar deg?",
    other_none_button: "Nei, ikkje noko anna",
    other_go_on: "Svar på kor mykje",
    other_none: |name| format!("Ikkje {name}"),
    other_worst: |name| format!("Verst tenkjeleg {name}"),
    pain_name: "Smerte no",
    pain_question: "Kor sterke smerter har du akkurat no?",
    pain_none: "Ingen smerte",
    pain_worst: "Verst tenkjeleg smerte",
    where_title: "Kvar gjer det vondt?",
    where_question: "Trykk på stadene der det gjer vondt. Trykk ein gong til for å ta det bort.",
    areas: [
        "Hovud og nakke",
        "Bryst",
        "Mage",
        "Underliv og hofter",
        "Øvre del av ryggen",
        "Korsryggen",
        "Setet",
        "Høgre arm og skulder",
        "Venstre arm og skulder",
        "Høgre bein",
        "Venstre bein",
    ],
    front_view: "Framfrå",
    back_view: "Bakfrå",
    right: "Høgre",
    left: "Venstre",
    nowhere: "Ingen stader valde",
    cannot_answer: "Vil ikkje / kan ikkje svare",
    back: "Tilbake",
    next: "Neste",
    summary_title: "Sjå over svara dine",
    summary_explained: "Trykk «Endre» for å rette eit svar. Trykk «Ferdig» når alt stemmer.",
    change: "Endre",
    no_answer: "Vil ikkje / kan ikkje svare",
    not_yet: "Ikkje svart enno",
    no_other_problem: "Ikkje noko anna",
    finish: "Ferdig",
    saving: "Lagrar …",
    not_saved: "Svara er ikkje lagra enno. Trykk «Ferdig» igjen. Svara dine er tekne vare på.",
    thanks_title: "Takk for svara!",
    give_back: "Gi nettbrettet tilbake til pleiaren.",
    idle_title: "Gi nettbrettet tilbake til pleiaren",
    go_on: "Hald fram med å svare",
    for_staff: "For pleiaren",
    text_size: "Tekststorleik",
    text_sizes: ["Vanleg tekst", "Stor tekst", "Størst tekst"],
    scale_label: |name| format!("{name}, frå 0 til 10"),
};

pub static ENGLISH: PatientWords = PatientWords {
    language: Language::En,
    title: "How are you feeling?",
    intro: "You will get ten short questions about how you feel now. Please choose the number that \
            best describes how you feel: 0 means none, 10 means the worst possible. You can always \
            go back and change an answer.",
    start: "Start",
    now_question: "Please choose the number that best describes how you feel NOW:",
    progress: |n, of| format!("{n} of {of}"),
    items: [
        item("Pain", "", "No Pain", "Worst Possible Pain"),
        item("Tiredness", "Tiredness = lack of energy", "No Tiredness", "Worst Possible Tiredness"),
        item("Drowsiness", "Drowsiness = feeling sleepy", "No Drowsiness", "Worst Possible Drowsiness"),
        item("Nausea", "", "No Nausea", "Worst Possible Nausea"),
        item("Lack of Appetite", "", "No Lack of Appetite", "Worst Possible Lack of Appetite"),
        item("Shortness of Breath", "", "No Shortness of Breath", "Worst Possible Shortness of Breath"),
        item("Depression", "Depression = feeling sad", "No Depression", "Worst Possible Depression"),
        item("Anxiety", "Anxiety = feeling nervous", "No Anxiety", "Worst Possible Anxiety"),
        item("Wellbeing", "Wellbeing = how you feel overall", "Best Wellbeing", "Worst Possible Wellbeing"),
    ],
    other_name: "Other Problem",
    other_question: "Is there another problem, for example constipation?",
    other_label: "What is the problem?",
    other_none_button: "No other problem",
    other_go_on: "Rate it",
    other_none: |name| format!("No {name}"),
    other_worst: |name| format!("Worst Possible {name}"),
    pain_name: "Pain now",
    pain_question: "How strong is your pain right now?",
    pain_none: "No Pain",
    pain_worst: "Worst Possible Pain",
    where_title: "Where does it hurt?",
    where_question: "Tap the places where it hurts. Tap again to take one away.",
    areas: [
        "Head and neck",
        "Chest",
        "Stomach",
        "Lower belly and hips",
        "Upper back",
        "Lower back",
        "Buttocks",
        "Right arm and shoulder",
        "Left arm and shoulder",
        "Right leg",
        "Left leg",
    ],
    front_view: "Front",
    back_view: "Back",
    right: "Right",
    left: "Left",
    nowhere: "No place chosen",
    cannot_answer: "I cannot or do not want to answer",
    back: "Back",
    next: "Next",
    summary_title: "Check your answers",
    summary_explained: "Tap “Change” to change an answer. Tap “Done” when everything is right.",
    change: "Change",
    no_answer: "Cannot or do not want to answer",
    not_yet: "Not answered yet",
    no_other_problem: "None",
    finish: "Done",
    saving: "Saving …",
    not_saved: "Your answers are not saved yet. Tap “Done” again. Your answers are kept.",
    thanks_title: "Thank you for your answers!",
    give_back: "Please give the tablet back to the nurse.",
    idle_title: "Please give the tablet back to the nurse",
    go_on: "Continue answering",
    for_staff: "For staff",
    text_size: "Text size",
    text_sizes: ["Normal text", "Large text", "Largest text"],
    scale_label: |name| format!("{name}, from 0 to 10"),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_its_own_catalogue_and_code() {
        for language in Language::ALL {
            let words = language.patient_words();
            assert_eq!(words.language, language);
            assert_eq!(Language::from_code(language.code()), Some(language));
            for item in EsasItem::SYMPTOMS {
                let w = words.item(item).expect("items 1-9 have words");
                assert!(!w.name.is_empty() && !w.none.is_empty() && !w.worst.is_empty(), "{item:?}");
            }
            assert!(words.item(EsasItem::Other).is_none());
        }
        assert_eq!(Language::from_code("se"), None);
    }

    #[test]
    fn bokmal_items_are_the_staff_forms_wording() {
        for item in EsasItem::SYMPTOMS {
            let w = BOKMAL.item(item).expect("item");
            let clinical = Language::Nb.clinical();
            let label = (clinical.item_label)(item);
            assert!(label.starts_with(w.name), "{label} / {}", w.name);
            assert_eq!(w.none, (clinical.anchor_low)(item, ""), "{item:?}");
            assert_eq!(w.worst, (clinical.anchor_high)(item, ""), "{item:?}");
        }
    }

    #[test]
    fn answers_fill_in_a_patients_own_registration_with_cannot_answer_kept() {
        let mut answers = SelfReportAnswers { symptoms: [DraftValue::Score(3); 9], ..Default::default() };
        answers.symptoms[2] = DraftValue::NotAssessed;
        answers.pain_now = DraftValue::NotAssessed;
        answers.other = DraftValue::Score(5); // no name: no "annet problem"
        assert!(answers.complete());
        let now = chrono::DateTime::from_timestamp(1_790_000_000, 0).expect("time");
        let registration = answers.to_draft().validate(now, crate::Language::Nb.clinical()).expect("valid");
        assert_eq!(registration.completed_by, CompletedBy::Patient);
        assert_eq!(registration.esas.get(EsasItem::Drowsiness), Some(crate::ItemValue::NotAssessed));
        assert_eq!(registration.esas.other, None);
        assert_eq!(registration.pain.now, None);
        assert_eq!(registration.self_report, None, "the server marks it, not the answers");
        answers.symptoms[8] = DraftValue::Unanswered;
        assert!(!answers.complete());
        assert!(answers.to_draft().validate(now, crate::Language::Nb.clinical()).is_err());
    }

    #[test]
    fn the_simplified_body_map_covers_every_region_once_and_marks_at_the_pain_score() {
        let mut seen: Vec<u16> = PAIN_AREAS.iter().flat_map(|a| a.regions.iter().copied()).collect();
        seen.sort_unstable();
        let all: Vec<u16> = crate::body_map::REGIONS.iter().map(|r| r.id.0).collect();
        assert_eq!(seen, all, "every region in exactly one area");
        for area in &PAIN_AREAS {
            let sides: Vec<_> =
                area.regions.iter().filter_map(|r| crate::RegionId(*r).region()).map(|r| r.side).collect();
            let right = area.code.starts_with("right_");
            let left = area.code.starts_with("left_");
            assert!(!right || sides.iter().all(|s| *s == crate::BodySide::Right), "{}", area.code);
            assert!(!left || sides.iter().all(|s| *s == crate::BodySide::Left), "{}", area.code);
        }
        let mut answers = SelfReportAnswers {
            symptoms: [DraftValue::Score(1); 9],
            pain_now: DraftValue::Score(6),
            areas: vec![7, 2, 7],
            ..Default::default()
        };
        let marks = answers.body_marks();
        assert_eq!(marks.len(), PAIN_AREAS[2].regions.len() + PAIN_AREAS[7].regions.len(), "each area once");
        assert!(marks.iter().all(|(_, i)| *i == 6));
        let now = chrono::DateTime::from_timestamp(1_790_000_000, 0).expect("time");
        let registration = answers.to_draft().validate(now, crate::Language::Nb.clinical()).expect("valid");
        assert!(registration.body_marks.iter().any(|m| m.region.0 == 213), "the back of the right arm too");
        answers.pain_now = DraftValue::NotAssessed;
        assert!(answers.body_marks().is_empty(), "no score, no marks");
        answers.pain_now = DraftValue::Score(6);
        answers.areas = vec![40];
        assert!(
            answers.to_draft().validate(now, crate::Language::Nb.clinical()).is_err(),
            "an unknown area is refused"
        );
    }

    #[test]
    fn english_is_the_original_wording() {
        let w = ENGLISH.item(EsasItem::Wellbeing).expect("item");
        assert_eq!((w.none, w.worst), ("Best Wellbeing", "Worst Possible Wellbeing"));
        assert_eq!((ENGLISH.other_none)("Constipation"), "No Constipation");
        assert_eq!((ENGLISH.progress)(3, 10), "3 of 10");
    }
}
