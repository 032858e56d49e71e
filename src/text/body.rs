//! The body map's words (`crate::body_map`), in all three languages side by side: the 74
//! regions' parts, the patient's side, the two views and their side letters.
//!
//! Sides are always the *patient's* right and left (clinical.md): bokmål "pasientens høyre",
//! nynorsk "høgre side til pasienten" (the app's own nynorsk), English "patient's right".

use crate::body_map::{BodyPart, BodySide, BodyView};
use crate::Language;

/// The body map's words in one language.
#[derive(Debug)]
pub struct BodyWords {
    /// A part of the body without the side: "Skulder, forside".
    pub part: fn(BodyPart) -> &'static str,
    /// A part with the patient's side: "Skulder, forside, pasientens høyre".
    pub with_side: fn(&str, BodySide) -> String,
    /// A region id Lindra does not know (data older or newer than the code): "Område 140".
    pub unknown_region: fn(u16) -> String,
    /// The view's name over a printed figure: "Forside".
    pub view: fn(BodyView) -> &'static str,
    /// The letters under a figure for the patient's right and left: ("H", "V").
    pub side_letters: (&'static str, &'static str),
    /// What the letters mean: "H/V = pasientens høyre/venstre".
    pub side_legend: &'static str,
    /// A part of a view shown on its own, upper (`true`) or lower: "Overkropp".
    pub section: fn(bool) -> &'static str,
}

impl Language {
    /// The body map's words in this language.
    pub fn body(self) -> &'static BodyWords {
        match self {
            Language::Nb => &NB,
            Language::Nn => &NN,
            Language::En => &EN,
        }
    }
}

pub static NB: BodyWords = BodyWords {
    part: part_nb,
    with_side: |part, side| match side {
        BodySide::Right => format!("{part}, pasientens høyre"),
        BodySide::Left => format!("{part}, pasientens venstre"),
        BodySide::Midline => part.to_string(),
    },
    unknown_region: |id| format!("Område {id}"),
    view: |view| match view {
        BodyView::Front => "Forside",
        BodyView::Back => "Bakside",
    },
    side_letters: ("H", "V"),
    side_legend: "H/V = pasientens høyre/venstre",
    section: |upper| if upper { "Overkropp" } else { "Underkropp" },
};

pub static NN: BodyWords = BodyWords {
    part: part_nn,
    with_side: |part, side| match side {
        BodySide::Right => format!("{part}, høgre side til pasienten"),
        BodySide::Left => format!("{part}, venstre side til pasienten"),
        BodySide::Midline => part.to_string(),
    },
    unknown_region: |id| format!("Område {id}"),
    view: |view| match view {
        BodyView::Front => "Framside",
        BodyView::Back => "Bakside",
    },
    side_letters: ("H", "V"),
    side_legend: "H/V = høgre/venstre side til pasienten",
    section: |upper| if upper { "Overkropp" } else { "Underkropp" },
};

pub static EN: BodyWords = BodyWords {
    part: part_en,
    with_side: |part, side| match side {
        BodySide::Right => format!("{part}, patient's right"),
        BodySide::Left => format!("{part}, patient's left"),
        BodySide::Midline => part.to_string(),
    },
    unknown_region: |id| format!("Area {id}"),
    view: |view| match view {
        BodyView::Front => "Front",
        BodyView::Back => "Back",
    },
    side_letters: ("R", "L"),
    side_legend: "R/L = patient's right/left",
    section: |upper| if upper { "Upper body" } else { "Lower body" },
};

/// The bokmål name of a part. A `const fn`, so that `body_map::REGIONS` keeps its bokmål
/// `part_nb` for the code that reads it.
pub const fn part_nb(part: BodyPart) -> &'static str {
    use BodyPart as P;
    match part {
        P::HeadAndFace => "Hode og ansikt",
        P::NeckFront => "Hals",
        P::ShoulderFront => "Skulder, forside",
        P::Chest => "Bryst",
        P::Sternum => "Brystbein",
        P::UpperArmFront => "Overarm, forside",
        P::InnerElbow => "Albuebøy",
        P::ForearmFront => "Underarm, forside",
        P::PalmAndFingers => "Håndflate og fingre",
        P::UpperAbdomen => "Øvre del av magen",
        P::LowerAbdomen => "Nedre del av magen",
        P::HipSide => "Hofte, side",
        P::Groin => "Lyske",
        P::Pelvis => "Underliv",
        P::ThighFront => "Lår, forside",
        P::Knee => "Kne",
        P::LowerLegFront => "Legg, forside",
        P::Ankle => "Ankel",
        P::TopOfFootAndToes => "Fotrygg og tær",
        P::BackOfHead => "Bakhode",
        P::NeckBack => "Nakke",
        P::ShoulderBack => "Skulder, bakside",
        P::ShoulderBlade => "Skulderblad",
        P::ThoracicSpine => "Brystrygg (midt)",
        P::UpperBack => "Øvre rygg",
        P::UpperArmBack => "Overarm, bakside",
        P::Elbow => "Albue",
        P::ForearmBack => "Underarm, bakside",
        P::BackOfHandAndFingers => "Håndrygg og fingre",
        P::Flank => "Flanke",
        P::LowBack => "Korsrygg",
        P::SacrumAndCoccyx => "Korsbein og halebein",
        P::Buttock => "Sete",
        P::ThighBack => "Lår, bakside",
        P::BackOfKnee => "Knehase",
        P::LowerLegBack => "Legg, bakside",
        P::AchillesTendon => "Akillessene",
        P::Heel => "Hæl",
        P::Sole => "Fotsåle",
    }
}

fn part_nn(part: BodyPart) -> &'static str {
    use BodyPart as P;
    match part {
        P::HeadAndFace => "Hovud og andlet",
        P::NeckFront => "Hals",
        P::ShoulderFront => "Skulder, framside",
        P::Chest => "Bryst",
        P::Sternum => "Brystbein",
        P::UpperArmFront => "Overarm, framside",
        P::InnerElbow => "Olbogebøy",
        P::ForearmFront => "Underarm, framside",
        P::PalmAndFingers => "Handflate og fingrar",
        P::UpperAbdomen => "Øvre del av magen",
        P::LowerAbdomen => "Nedre del av magen",
        P::HipSide => "Hofte, side",
        P::Groin => "Lyske",
        P::Pelvis => "Underliv",
        P::ThighFront => "Lår, framside",
        P::Knee => "Kne",
        P::LowerLegFront => "Legg, framside",
        P::Ankle => "Ankel",
        P::TopOfFootAndToes => "Fotrygg og tær",
        P::BackOfHead => "Bakhovud",
        P::NeckBack => "Nakke",
        P::ShoulderBack => "Skulder, bakside",
        P::ShoulderBlade => "Skulderblad",
        P::ThoracicSpine => "Brystrygg (midt)",
        P::UpperBack => "Øvre del av ryggen",
        P::UpperArmBack => "Overarm, bakside",
        P::Elbow => "Olboge",
        P::ForearmBack => "Underarm, bakside",
        P::BackOfHandAndFingers => "Handrygg og fingrar",
        P::Flank => "Flanke",
        P::LowBack => "Korsrygg",
        P::SacrumAndCoccyx => "Krossbein og halebein",
        P::Buttock => "Sete",
        P::ThighBack => "Lår, bakside",
        P::BackOfKnee => "Knehase",
        P::LowerLegBack => "Legg, bakside",
        P::AchillesTendon => "Akillessene",
        P::Heel => "Hæl",
        P::Sole => "Fotsåle",
    }
}

fn part_en(part: BodyPart) -> &'static str {
    use BodyPart as P;
    match part {
        P::HeadAndFace => "Head and face",
        P::NeckFront => "Neck, front",
        P::ShoulderFront => "Shoulder, front",
        P::Chest => "Chest",
        P::Sternum => "Breastbone",
        P::UpperArmFront => "Upper arm, front",
        P::InnerElbow => "Inner elbow",
        P::ForearmFront => "Forearm, front",
        P::PalmAndFingers => "Palm and fingers",
        P::UpperAbdomen => "Upper abdomen",
        P::LowerAbdomen => "Lower abdomen",
        P::HipSide => "Hip, side",
        P::Groin => "Groin",
        P::Pelvis => "Pelvic area",
        P::ThighFront => "Thigh, front",
        P::Knee => "Knee",
        P::LowerLegFront => "Lower leg, front",
        P::Ankle => "Ankle",
        P::TopOfFootAndToes => "Top of foot and toes",
        P::BackOfHead => "Back of head",
        P::NeckBack => "Neck, back",
        P::ShoulderBack => "Shoulder, back",
        P::ShoulderBlade => "Shoulder blade",
        P::ThoracicSpine => "Mid back (spine)",
        P::UpperBack => "Upper back",
        P::UpperArmBack => "Upper arm, back",
        P::Elbow => "Elbow",
        P::ForearmBack => "Forearm, back",
        P::BackOfHandAndFingers => "Back of hand and fingers",
        P::Flank => "Flank",
        P::LowBack => "Lower back",
        P::SacrumAndCoccyx => "Sacrum and tailbone",
        P::Buttock => "Buttock",
        P::ThighBack => "Thigh, back",
        P::BackOfKnee => "Back of knee",
        P::LowerLegBack => "Calf",
        P::AchillesTendon => "Achilles tendon",
        P::Heel => "Heel",
        P::Sole => "Sole of foot",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::body_map::REGIONS;
    use crate::text::{catalogue_strings, shared_sentences};
    use std::collections::HashSet;

    #[test]
    fn every_part_has_a_distinct_name_in_every_language() {
        for language in Language::ALL {
            let w = language.body();
            let names: HashSet<_> = REGIONS.iter().map(|r| (w.part)(r.part)).collect();
            let parts: HashSet<_> = REGIONS.iter().map(|r| r.part).collect();
            assert_eq!(names.len(), parts.len(), "{language:?}: two parts share a name");
            assert!(names.iter().all(|n| !n.trim().is_empty()));
            assert!(catalogue_strings(w).iter().all(|s| !s.trim().is_empty()));
        }
        assert!(shared_sentences(&NB, &EN) < 0.02);
    }

    #[test]
    fn a_region_says_the_patients_side_in_each_language() {
        let r = crate::RegionId(105).region().expect("region 105");
        assert_eq!(r.name_in(Language::Nb), "Skulder, forside, pasientens høyre");
        assert_eq!(r.name_in(Language::Nn), "Skulder, framside, høgre side til pasienten");
        assert_eq!(r.name_in(Language::En), "Shoulder, front, patient's right");
        let back = crate::RegionId(224).region().expect("region 224");
        assert_eq!(back.name_in(Language::En), "Sacrum and tailbone");
    }
}
