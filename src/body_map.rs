//! The body map (kroppskart): Lindra's own region set, in the spirit of the CHOIR body map —
//! front and back views, named regions, stable numeric ids — with sides always given as the
//! *patient's* right and left, the mistake body maps most often invite.
//!
//! Ids are stable forever: front regions are 101-136, back regions 201-238. A region is never
//! renumbered or reused; a new region gets a new id.

use crate::score::Score;
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyRegion {
    pub id: RegionId,
    pub view: BodyView,
    pub side: BodySide,
    /// Norwegian name without the side, e.g. "Skulder"; see [`BodyRegion::name_nb`].
    pub part_nb: &'static str,
}

/// A marked region with the pain intensity there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct BodyMark {
    pub region: RegionId,
    pub intensity: Score,
}

macro_rules! regions {
    ($($id:literal $view:ident $side:ident $name:literal;)*) => {
        /// Every region of both views, front first, each in a fixed order.
        pub const REGIONS: &[BodyRegion] = &[
            $(BodyRegion { id: RegionId($id), view: BodyView::$view, side: BodySide::$side, part_nb: $name },)*
        ];
    };
}

regions! {
    101 Front Right "Hode og ansikt";
    102 Front Left "Hode og ansikt";
    103 Front Right "Hals";
    104 Front Left "Hals";
    105 Front Right "Skulder, forside";
    106 Front Left "Skulder, forside";
    107 Front Right "Bryst";
    108 Front Left "Bryst";
    109 Front Midline "Brystbein";
    110 Front Right "Overarm, forside";
    111 Front Left "Overarm, forside";
    112 Front Right "Albuebøy";
    113 Front Left "Albuebøy";
    114 Front Right "Underarm, forside";
    115 Front Left "Underarm, forside";
    116 Front Right "Håndflate og fingre";
    117 Front Left "Håndflate og fingre";
    118 Front Right "Øvre del av magen";
    119 Front Left "Øvre del av magen";
    120 Front Right "Nedre del av magen";
    121 Front Left "Nedre del av magen";
    122 Front Right "Hofte, side";
    123 Front Left "Hofte, side";
    124 Front Right "Lyske";
    125 Front Left "Lyske";
    126 Front Midline "Underliv";
    127 Front Right "Lår, forside";
    128 Front Left "Lår, forside";
    129 Front Right "Kne";
    130 Front Left "Kne";
    131 Front Right "Legg, forside";
    132 Front Left "Legg, forside";
    133 Front Right "Ankel";
    134 Front Left "Ankel";
    135 Front Right "Fotrygg og tær";
    136 Front Left "Fotrygg og tær";
    201 Back Left "Bakhode";
    202 Back Right "Bakhode";
    203 Back Left "Nakke";
    204 Back Right "Nakke";
    205 Back Left "Skulder, bakside";
    206 Back Right "Skulder, bakside";
    207 Back Left "Skulderblad";
    208 Back Right "Skulderblad";
    209 Back Midline "Brystrygg (midt)";
    210 Back Left "Øvre rygg";
    211 Back Right "Øvre rygg";
    212 Back Left "Overarm, bakside";
    213 Back Right "Overarm, bakside";
    214 Back Left "Albue";
    215 Back Right "Albue";
    216 Back Left "Underarm, bakside";
    217 Back Right "Underarm, bakside";
    218 Back Left "Håndrygg og fingre";
    219 Back Right "Håndrygg og fingre";
    220 Back Left "Flanke";
    221 Back Right "Flanke";
    222 Back Left "Korsrygg";
    223 Back Right "Korsrygg";
    224 Back Midline "Korsbein og halebein";
    225 Back Left "Sete";
    226 Back Right "Sete";
    227 Back Left "Lår, bakside";
    228 Back Right "Lår, bakside";
    229 Back Left "Knehase";
    230 Back Right "Knehase";
    231 Back Left "Legg, bakside";
    232 Back Right "Legg, bakside";
    233 Back Left "Akillessene";
    234 Back Right "Akillessene";
    235 Back Left "Hæl";
    236 Back Right "Hæl";
    237 Back Left "Fotsåle";
    238 Back Right "Fotsåle";
}

impl RegionId {
    pub fn region(self) -> Option<&'static BodyRegion> {
        REGIONS.iter().find(|r| r.id == self)
    }
}

impl BodyRegion {
    /// Full Norwegian name with the patient's side, as a screen reader should say it.
    pub fn name_nb(&self) -> String {
        match self.side {
            BodySide::Right => format!("{}, pasientens høyre", self.part_nb),
            BodySide::Left => format!("{}, pasientens venstre", self.part_nb),
            BodySide::Midline => self.part_nb.to_string(),
        }
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
