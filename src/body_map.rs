//! The body map (kroppskart): Lindra's own region set, in the spirit of the CHOIR body map —
//! front and back views, named regions, stable numeric ids — with sides always given as the
//! *patient's* right and left, the mistake body maps most often invite.
//!
//! Ids are stable forever: front regions are 101-136, back regions 201-238. A region is never
//! renumbered or reused; a new region gets a new id.

use crate::score::Score;
use crate::text::Language;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RegionId(pub u16);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyView {
    Front,
    Back,
}

/// The patient's side, never the viewer's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BodySide {
    Right,
    Left,
    Midline,
}

impl BodySide {
    /// SNOMED CT laterality concept, for data exchange.
    pub fn snomed(self) -> Option<&'static str> {
        match self {
            BodySide::Left => Some("7771000"),
            BodySide::Right => Some("24028007"),
            BodySide::Midline => None,
        }
    }
}

/// A part of the body, without the side: what a region is, before the patient's side is said.
/// Named in each language by [`crate::text::BodyWords::part`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum BodyPart {
    HeadAndFace,
    NeckFront,
    ShoulderFront,
    Chest,
    Sternum,
    UpperArmFront,
    InnerElbow,
    ForearmFront,
    PalmAndFingers,
    UpperAbdomen,
    LowerAbdomen,
    HipSide,
    Groin,
    Pelvis,
    ThighFront,
    Knee,
    LowerLegFront,
    Ankle,
    TopOfFootAndToes,
    BackOfHead,
    NeckBack,
    ShoulderBack,
    ShoulderBlade,
    ThoracicSpine,
    UpperBack,
    UpperArmBack,
    Elbow,
    ForearmBack,
    BackOfHandAndFingers,
    Flank,
    LowBack,
    SacrumAndCoccyx,
    Buttock,
    ThighBack,
    BackOfKnee,
    LowerLegBack,
    AchillesTendon,
    Heel,
    Sole,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyRegion {
    pub id: RegionId,
    pub view: BodyView,
    pub side: BodySide,
    /// The part without the side; its name in a language is [`BodyRegion::part_in`].
    pub part: BodyPart,
    /// The part's bokmål name (from the catalogue), e.g. "Skulder, forside"; see
    /// [`BodyRegion::name_in`] for the name in another language.
    pub part_nb: &'static str,
}

/// A marked region with the pain intensity there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct BodyMark {
    pub region: RegionId,
    pub intensity: Score,
}

macro_rules! regions {
    ($($id:literal $view:ident $side:ident $part:ident;)*) => {
        /// Every region of both views, front first, each in a fixed order.
        pub const REGIONS: &[BodyRegion] = &[
            $(BodyRegion {
                id: RegionId($id),
                view: BodyView::$view,
                side: BodySide::$side,
                part: BodyPart::$part,
                part_nb: crate::text::body::part_nb(BodyPart::$part),
            },)*
        ];
    };
}

regions! {
    101 Front Right HeadAndFace;
    102 Front Left HeadAndFace;
    103 Front Right NeckFront;
    104 Front Left NeckFront;
    105 Front Right ShoulderFront;
    106 Front Left ShoulderFront;
    107 Front Right Chest;
    108 Front Left Chest;
    109 Front Midline Sternum;
    110 Front Right UpperArmFront;
    111 Front Left UpperArmFront;
    112 Front Right InnerElbow;
    113 Front Left InnerElbow;
    114 Front Right ForearmFront;
    115 Front Left ForearmFront;
    116 Front Right PalmAndFingers;
    117 Front Left PalmAndFingers;
    118 Front Right UpperAbdomen;
    119 Front Left UpperAbdomen;
    120 Front Right LowerAbdomen;
    121 Front Left LowerAbdomen;
    122 Front Right HipSide;
    123 Front Left HipSide;
    124 Front Right Groin;
    125 Front Left Groin;
    126 Front Midline Pelvis;
    127 Front Right ThighFront;
    128 Front Left ThighFront;
    129 Front Right Knee;
    130 Front Left Knee;
    131 Front Right LowerLegFront;
    132 Front Left LowerLegFront;
    133 Front Right Ankle;
    134 Front Left Ankle;
    135 Front Right TopOfFootAndToes;
    136 Front Left TopOfFootAndToes;
    201 Back Left BackOfHead;
    202 Back Right BackOfHead;
    203 Back Left NeckBack;
    204 Back Right NeckBack;
    205 Back Left ShoulderBack;
    206 Back Right ShoulderBack;
    207 Back Left ShoulderBlade;
    208 Back Right ShoulderBlade;
    209 Back Midline ThoracicSpine;
    210 Back Left UpperBack;
    211 Back Right UpperBack;
    212 Back Left UpperArmBack;
    213 Back Right UpperArmBack;
    214 Back Left Elbow;
    215 Back Right Elbow;
    216 Back Left ForearmBack;
    217 Back Right ForearmBack;
    218 Back Left BackOfHandAndFingers;
    219 Back Right BackOfHandAndFingers;
    220 Back Left Flank;
    221 Back Right Flank;
    222 Back Left LowBack;
    223 Back Right LowBack;
    224 Back Midline SacrumAndCoccyx;
    225 Back Left Buttock;
    226 Back Right Buttock;
    227 Back Left ThighBack;
    228 Back Right ThighBack;
    229 Back Left BackOfKnee;
    230 Back Right BackOfKnee;
    231 Back Left LowerLegBack;
    232 Back Right LowerLegBack;
    233 Back Left AchillesTendon;
    234 Back Right AchillesTendon;
    235 Back Left Heel;
    236 Back Right Heel;
    237 Back Left Sole;
    238 Back Right Sole;
}

impl RegionId {
    pub fn region(self) -> Option<&'static BodyRegion> {
        REGIONS.iter().find(|r| r.id == self)
    }
}

impl BodyRegion {
    /// Full name in `language` with the patient's side, as a screen reader should say it:
    /// "Skulder, forside, pasientens høyre".
    pub fn name_in(&self, language: Language) -> String {
        let words = language.body();
        (words.with_side)((words.part)(self.part), self.side)
    }

    /// The part's name in `language`, without the side: "Skulder, forside".
    pub fn part_in(&self, language: Language) -> &'static str {
        (language.body().part)(self.part)
    }

    /// [`BodyRegion::name_in`] bokmål.
    pub fn name_nb(&self) -> String {
        self.name_in(Language::Nb)
    }
}

impl RegionId {
    /// The region's full name in `language`, or "Område 140" for an id Lindra does not know.
    pub fn name_in(self, language: Language) -> String {
        self.region().map_or_else(|| (language.body().unknown_region)(self.0), |r| r.name_in(language))
    }
}

/// All regions of one view.
pub fn regions_of(view: BodyView) -> impl Iterator<Item = &'static BodyRegion> {
    REGIONS.iter().filter(move |r| r.view == view)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_unique_and_in_their_view_range() {
        let ids: HashSet<_> = REGIONS.iter().map(|r| r.id).collect();
        assert_eq!(ids.len(), REGIONS.len());
        for r in REGIONS {
            match r.view {
                BodyView::Front => assert!((101..=199).contains(&r.id.0), "{r:?}"),
                BodyView::Back => assert!((201..=299).contains(&r.id.0), "{r:?}"),
            }
        }
        assert_eq!(regions_of(BodyView::Front).count(), 36);
        assert_eq!(regions_of(BodyView::Back).count(), 38);
    }

    #[test]
    fn paired_regions_have_both_sides_in_each_view() {
        for view in [BodyView::Front, BodyView::Back] {
            for r in regions_of(view).filter(|r| r.side != BodySide::Midline) {
                let other = if r.side == BodySide::Right { BodySide::Left } else { BodySide::Right };
                assert!(
                    regions_of(view).any(|o| o.part_nb == r.part_nb && o.side == other),
                    "{} has no mirror",
                    r.name_nb()
                );
            }
        }
    }

    #[test]
    fn names_say_the_patients_side() {
        let r = RegionId(105).region().expect("region 105");
        assert_eq!(r.name_nb(), "Skulder, forside, pasientens høyre");
        assert_eq!(RegionId(224).region().map(|r| r.name_nb()).as_deref(), Some("Korsbein og halebein"));
        assert_eq!(RegionId(137).region(), None);
        assert_eq!(BodySide::Left.snomed(), Some("7771000"));
    }
}
