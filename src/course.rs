//! The course of one patient (the "forløpsskjema") and the attention a patient needs now.
//!
//! Everything here works on registrations already chosen for a period, oldest first, and
//! reduces them to what the trend page, the unit overview and the PDF show. "Kan ikke vurdere"
//! stays its own value all the way through: it is a gap in a line, never a 0.

use crate::body_map::RegionId;
use crate::esas::{Change, EsasItem, SumKind};
use crate::nrs::NrsQuestion;
use crate::registration::Registration;
use crate::score::{ItemValue, Score};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// One point of a 0-10 line: a score, "kan ikke vurdere", or nothing recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Point {
    Score(Score),
    NotAssessed,
    Missing,
}

impl Point {
    fn of(value: Option<ItemValue>) -> Point {
        match value {
            Some(ItemValue::Score(s)) => Point::Score(s),
            Some(ItemValue::NotAssessed) => Point::NotAssessed,
            None => Point::Missing,
        }
    }

    pub fn score(self) -> Option<Score> {
        match self {
            Point::Score(s) => Some(s),
            _ => None,
        }
    }
}

/// An ESAS-r item over the registrations, one point per registration.
pub fn item_course(registrations: &[Registration], item: EsasItem) -> Vec<(DateTime<Utc>, Point)> {
    registrations.iter().map(|r| (r.observed_at, Point::of(r.esas.get(item)))).collect()
}

/// A pain NRS question over the registrations; a question not asked is `Missing`.
pub fn nrs_course(registrations: &[Registration], question: NrsQuestion) -> Vec<(DateTime<Utc>, Point)> {
    registrations
        .iter()
        .map(|r| (r.observed_at, r.pain.get(question).map(Point::Score).unwrap_or(Point::Missing)))
        .collect()
}

/// One value of a symptom sum over time, with the change since the previous registration whose
/// sum could be computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SumPoint {
    pub at: DateTime<Utc>,
    /// `None` when an item of the sum is missing or "kan ikke vurdere": undefined, not 0.
    pub value: Option<u8>,
    /// Meaningful change (Hui 2016) against the previous defined value; `None` for the first.
    pub change: Option<Change>,
}

pub fn sum_course(registrations: &[Registration], kind: SumKind) -> Vec<SumPoint> {
    let mut previous: Option<u8> = None;
    registrations
        .iter()
        .map(|r| {
            let value = r.esas.sum(kind);
            let change = match (previous, value) {
                (Some(before), Some(now)) => Some(kind.change(before, now)),
                _ => None,
            };
            if value.is_some() {
                previous = value;
            }
            SumPoint { at: r.observed_at, value, change }
        })
        .collect()
}

/// How one body-map region was marked over the period: the heat view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionHeat {
    pub region: RegionId,
    /// In how many registrations the region was marked.
    pub times: u32,
    pub highest: Score,
    pub last_at: DateTime<Utc>,
}

/// Every region marked in the registrations, most often marked first (then highest intensity).
pub fn body_heat(registrations: &[Registration]) -> Vec<RegionHeat> {
    let mut heat: Vec<RegionHeat> = Vec::new();
    for r in registrations {
        for mark in &r.body_marks {
            match heat.iter_mut().find(|h| h.region == mark.region) {
                Some(h) => {
                    h.times += 1;
                    h.highest = h.highest.max(mark.intensity);
                    h.last_at = h.last_at.max(r.observed_at);
                }
                None => heat.push(RegionHeat {
                    region: mark.region,
                    times: 1,
                    highest: mark.intensity,
                    last_at: r.observed_at,
                }),
            }
        }
    }
    heat.sort_by(|a, b| b.times.cmp(&a.times).then(b.highest.cmp(&a.highest)).then(a.region.cmp(&b.region)));
    heat
}

/// Why a patient needs someone, from the latest and the previous registration: what the unit
/// overview flags and sorts by.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Attention {
    /// Items (1-9 and "annet problem") scored 7 or more in the latest registration.
    pub severe: Vec<EsasItem>,
    /// Sums that worsened beyond the meaningful-change threshold since the previous registration.
    pub worsened_sums: Vec<SumKind>,
    /// Items worse by [`crate::esas::ITEM_MEANINGFUL_CHANGE`] or more, where the sum they belong to cannot be
    /// computed (an item is "kan ikke vurdere"), so that a worsening does not hide behind a gap.
    pub worsened_items: Vec<EsasItem>,
    /// No ESAS-r for longer than the unit's interval (or never).
    pub overdue: bool,
    /// The highest score of the latest registration.
    pub worst: Option<Score>,
    pub last_at: Option<DateTime<Utc>>,
}

/// No ESAS-r for longer than the unit's interval, or never: the rule the overview flags and the
/// handover report repeats.
pub fn is_overdue(last: Option<DateTime<Utc>>, now: DateTime<Utc>, interval: Duration) -> bool {
    last.is_none_or(|at| now - at > interval)
}

/// The severe band starts here (Selby 2010).
pub const SEVERE_FROM: u8 = 7;

impl Attention {
    pub fn assess(
        latest: Option<&Registration>,
        previous: Option<&Registration>,
        now: DateTime<Utc>,
        interval: Duration,
    ) -> Attention {
        let Some(latest) = latest else {
            return Attention { overdue: is_overdue(None, now, interval), ..Attention::default() };
        };
        let severe = EsasItem::SYMPTOMS
            .into_iter()
            .chain([EsasItem::Other])
            .filter(|&item| latest.esas.score(item).is_some_and(|s| s.value() >= SEVERE_FROM))
            .collect();
        let (worsened_sums, worsened_items) = match previous {
            None => (Vec::new(), Vec::new()),
            Some(previous) => {
                let sums = latest
                    .esas
                    .sum_changes_since(&previous.esas)
                    .into_iter()
                    .filter(|(_, change)| *change == Change::Worsened)
                    .map(|(kind, _)| kind)
                    .collect();
                let undefined_sum = |item: EsasItem| {
                    SumKind::ALL
                        .into_iter()
                        .filter(|k| k.items().contains(&item))
                        .any(|k| latest.esas.sum(k).is_none() || previous.esas.sum(k).is_none())
                };
                let items = latest
                    .esas
                    .items_worsened_since(&previous.esas)
                    .into_iter()
                    .filter(|&item| undefined_sum(item))
                    .collect();
                (sums, items)
            }
        };
        Attention {
            severe,
            worsened_sums,
            worsened_items,
            overdue: is_overdue(Some(latest.observed_at), now, interval),
            worst: latest.esas.worst(),
            last_at: Some(latest.observed_at),
        }
    }

    pub fn is_severe(&self) -> bool {
        !self.severe.is_empty()
    }

    pub fn is_worsening(&self) -> bool {
        !self.worsened_sums.is_empty() || !self.worsened_items.is_empty()
    }

    /// 0 = severe and worsening, 1 = severe, 2 = worsening, 3 = overdue, 4 = none of these.
    pub fn rank(&self) -> u8 {
        match (self.is_severe(), self.is_worsening(), self.overdue) {
            (true, true, _) => 0,
            (true, false, _) => 1,
            (false, true, _) => 2,
            (false, false, true) => 3,
            (false, false, false) => 4,
        }
    }

    /// Orders patients so that the one who needs someone first comes first: by rank; among the
    /// severe and worsening the highest score first; then the longest time since the last
    /// registration (never assessed is longest).
    pub fn priority(&self, other: &Attention) -> std::cmp::Ordering {
        let by_worst =
            if self.rank() <= 2 { other.worst.cmp(&self.worst) } else { std::cmp::Ordering::Equal };
        self.rank().cmp(&other.rank()).then(by_worst).then(self.last_at.cmp(&other.last_at))
    }
}

/// Items 1-9 and "annet problem" in form order: the rows of the forløpsskjema.
pub fn course_items(registrations: &[Registration]) -> Vec<EsasItem> {
    let other = registrations.iter().any(|r| r.esas.other.is_some());
    EsasItem::SYMPTOMS.into_iter().chain(other.then_some(EsasItem::Other)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::body_map::BodyMark;
    use crate::esas::{CompletedBy, EsasScores, OtherProblem};
    use crate::nrs::PainNrs;

    fn at(hours: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_790_000_000 + hours * 3600, 0).expect("test time")
    }

    fn reg(hours: i64, values: [i64; 9]) -> Registration {
        Registration {
            observed_at: at(hours),
            completed_by: CompletedBy::Patient,
            esas: EsasScores {
                symptoms: values.map(|v| {
                    Some(if v < 0 {
                        ItemValue::NotAssessed
                    } else {
                        ItemValue::Score(Score::new(v).expect("s"))
                    })
                }),
                other: None,
            },
            pain: PainNrs::default(),
            body_marks: Vec::new(),
            note: String::new(),
            self_report: None,
        }
    }

    fn s(v: i64) -> Score {
        Score::new(v).expect("score")
    }

    const CALM: [i64; 9] = [1, 1, 1, 1, 1, 1, 1, 1, 1];

    #[test]
    fn not_assessed_is_a_gap_not_zero() {
        let regs =
            [reg(0, CALM), reg(24, [-1, 1, 1, 1, 1, 1, 1, 1, 1]), reg(48, [5, 1, 1, 1, 1, 1, 1, 1, 1])];
        let course = item_course(&regs, EsasItem::Pain);
        assert_eq!(
            course.iter().map(|p| p.1).collect::<Vec<_>>(),
            [Point::Score(s(1)), Point::NotAssessed, Point::Score(s(5))]
        );
        let total = sum_course(&regs, SumKind::Total);
        assert_eq!(total[1].value, None, "a sum with a KIV item is undefined");
        assert_eq!(total[2].value, Some(13));
        assert_eq!(total[2].change, Some(Change::Worsened), "compared with the last defined sum (9 -> 13)");
    }

    #[test]
    fn nrs_course_marks_questions_not_asked() {
        let mut r = reg(0, CALM);
        r.pain = PainNrs { now: Some(s(4)), ..PainNrs::default() };
        let course = nrs_course(&[r], NrsQuestion::Worst24h);
        assert_eq!(course[0].1, Point::Missing);
    }

    #[test]
    fn heat_counts_regions_and_keeps_the_highest() {
        let mut a = reg(0, CALM);
        a.body_marks = vec![BodyMark { region: RegionId(222), intensity: s(4) }];
        let mut b = reg(24, CALM);
        b.body_marks = vec![
            BodyMark { region: RegionId(222), intensity: s(7) },
            BodyMark { region: RegionId(105), intensity: s(2) },
        ];
        let heat = body_heat(&[a, b]);
        assert_eq!(heat.len(), 2);
        assert_eq!((heat[0].region, heat[0].times, heat[0].highest), (RegionId(222), 2, s(7)));
        assert_eq!((heat[1].region, heat[1].times), (RegionId(105), 1));
        assert_eq!(heat[0].last_at, at(24));
    }

    fn assess(latest: &Registration, previous: Option<&Registration>, hours_later: i64) -> Attention {
        Attention::assess(
            Some(latest),
            previous,
            latest.observed_at + Duration::hours(hours_later),
            Duration::hours(24),
        )
    }

    #[test]
    fn severe_from_seven_not_six() {
        assert!(assess(&reg(0, [7, 0, 0, 0, 0, 0, 0, 0, 0]), None, 1).is_severe());
        assert!(!assess(&reg(0, [6, 6, 6, 6, 6, 6, 6, 6, 6]), None, 1).is_severe());
        let mut other = reg(0, CALM);
        other.esas.other = Some(OtherProblem { name: "Kløe".into(), value: ItemValue::Score(s(7)) });
        assert_eq!(assess(&other, None, 1).severe, vec![EsasItem::Other]);
    }

    #[test]
    fn worsening_at_the_thresholds_of_each_sum() {
        let before = reg(0, CALM); // total 9, physical 6, emotional 2
                                   // Total +4 through items outside physical and emotional (wellbeing): raised; +3: not.
        let w = assess(&reg(24, [1, 1, 1, 1, 1, 1, 1, 1, 5]), Some(&before), 1);
        assert_eq!(w.worsened_sums, vec![SumKind::Total]);
        let w = assess(&reg(24, [1, 1, 1, 1, 1, 1, 1, 1, 4]), Some(&before), 1);
        assert!(!w.is_worsening());
        // Physical +4 raises physical and total.
        let w = assess(&reg(24, [3, 3, 1, 1, 1, 1, 1, 1, 1]), Some(&before), 1);
        assert_eq!(w.worsened_sums, vec![SumKind::Total, SumKind::Physical]);
        // Emotional: +1 is already meaningful (Hui 2016).
        let w = assess(&reg(24, [1, 1, 1, 1, 1, 1, 2, 1, 1]), Some(&before), 1);
        assert_eq!(w.worsened_sums, vec![SumKind::Emotional]);
        let w = assess(&reg(24, [1, 1, 1, 1, 1, 1, 1, 0, 1]), Some(&before), 1);
        assert!(!w.is_worsening(), "better is not worse");
        assert!(!assess(&before, None, 1).is_worsening(), "nothing to compare with");
    }

    #[test]
    fn an_item_worsening_behind_a_kiv_gap_is_still_flagged() {
        let before = reg(0, [1, 1, -1, 1, 1, 1, 1, 1, 1]);
        let w = assess(&reg(24, [3, 1, -1, 1, 1, 1, 1, 1, 1]), Some(&before), 1);
        assert_eq!(w.worsened_items, vec![EsasItem::Pain], "+2 on pain, physical sum undefined");
        let w = assess(&reg(24, [2, 1, -1, 1, 1, 1, 1, 1, 1]), Some(&before), 1);
        assert!(!w.is_worsening(), "+1 is below the item threshold");
        // Where the sums are defined, items alone do not raise the flag.
        let w = assess(&reg(24, [3, 1, 1, 1, 1, 1, 1, 1, 1]), Some(&reg(0, CALM)), 1);
        assert!(!w.is_worsening());
    }

    #[test]
    fn overdue_after_the_interval_not_at_it() {
        let r = reg(0, CALM);
        assert!(!assess(&r, None, 24).overdue, "exactly the interval");
        let later = Attention::assess(Some(&r), None, at(24) + Duration::seconds(1), Duration::hours(24));
        assert!(later.overdue);
        let never = Attention::assess(None, None, at(0), Duration::hours(24));
        assert!(never.overdue && never.last_at.is_none());
    }

    #[test]
    fn who_needs_someone_first_comes_first() {
        let before = reg(0, CALM);
        let severe_worse = assess(&reg(24, [8, 1, 1, 1, 1, 1, 1, 1, 1]), Some(&before), 1);
        let severe = assess(&reg(24, [9, 1, 1, 1, 1, 1, 1, 1, 1]), None, 1);
        let worse = assess(&reg(24, [1, 1, 1, 1, 1, 1, 3, 1, 1]), Some(&before), 1);
        let overdue = assess(&reg(24, CALM), None, 30);
        let never = Attention::assess(None, None, at(0), Duration::hours(24));
        let fine = assess(&reg(24, CALM), None, 1);
        let mut all = vec![
            fine.clone(),
            never.clone(),
            overdue.clone(),
            worse.clone(),
            severe.clone(),
            severe_worse.clone(),
        ];
        all.sort_by(|a, b| a.priority(b));
        assert_eq!(all, vec![severe_worse, severe, worse, never, overdue, fine]);
    }
}
