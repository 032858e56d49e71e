//! Demo data: a deterministic, seeded generator of care units, patients and clinically plausible
//! registrations. The run command seeds a nursing-home ward of 8 patients over 3 weeks with it;
//! tests and benchmarks use the same generator at any size (e.g. 500 patients x 2 years).
//!
//! Each patient follows a course: improving after treatment, deteriorating towards the end of
//! life, stable, fluctuating, or living with dementia (scored by staff, some items "kan ikke
//! vurdere"). Scores drift along the course with day-to-day noise, items move together as
//! symptoms do (tiredness with drowsiness, anxiety with shortness of breath), and who filled in
//! the form changes as the patient weakens.

use crate::body_map::{BodyMark, RegionId};
use crate::esas::{CompletedBy, EsasScores, OtherProblem};
use crate::followup::steps::{
    on_save, Action, ActionKind, CloseReason, DatedStep, OnSave, OpenState, StepKind,
};
use crate::followup::{reasons, Reason};
use crate::nrs::PainNrs;
use crate::registration::Registration;
use crate::score::{ItemValue, Score};
use crate::EsasItem;
use chrono::{DateTime, Duration, NaiveDate, Utc};

/// A small, fast, well-mixed PRNG (SplitMix64). Deterministic for a seed on every platform.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Roughly normal noise with standard deviation `sd` (sum of uniforms).
    pub fn noise(&mut self, sd: f64) -> f64 {
        let sum: f64 = (0..4).map(|_| self.unit()).sum();
        (sum - 2.0) * sd * 1.732
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The course a demo patient follows over the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Course {
    /// Symptoms ease after treatment is adjusted.
    Improving,
    /// Symptoms rise, fastest in the last week.
    Deteriorating,
    /// Mild, steady.
    Stable,
    /// Moderate with good and bad days.
    Fluctuating,
    /// Scored by staff; depression and anxiety often cannot be assessed.
    Dementia,
    /// Fine, but nobody has assessed the patient for the last days.
    Overdue,
}

const COURSES: [Course; 8] = [
    Course::Deteriorating,
    Course::Improving,
    Course::Stable,
    Course::Fluctuating,
    Course::Dementia,
    Course::Overdue,
    Course::Stable,
    Course::Deteriorating,
];

/// What to generate.
#[derive(Debug, Clone)]
pub struct DemoSpec {
    pub seed: u64,
    pub units: usize,
    pub patients_per_unit: usize,
    pub days: u32,
    /// The end of the period: the last registrations are from shortly before.
    pub end: DateTime<Utc>,
}

impl DemoSpec {
    /// Two nursing-home wards of 8 patients each, 8 weeks (enough for the quality view's
    /// weekly figures): what the run command seeds. The
    /// second ward is there to show that a nurse of one ward cannot see the other's patients.
    pub fn ward(end: DateTime<Utc>) -> DemoSpec {
        DemoSpec { seed: 2026, units: 2, patients_per_unit: 8, days: 56, end }
    }
}

#[derive(Debug, Clone)]
pub struct DemoUnit {
    pub name: String,
    pub kind: &'static str,
    pub contact_phone: String,
    pub contact_after_hours: String,
    pub patients: Vec<DemoPatient>,
}

#[derive(Debug, Clone)]
pub struct DemoPatient {
    pub name: String,
    pub birth_date: NaiveDate,
    pub room: String,
    pub course: Course,
    /// Oldest first.
    pub registrations: Vec<Registration>,
    /// The follow-ups those registrations opened, each step dated (registration ids in them are
    /// indexes into `registrations`), all closed by `end`.
    pub followups: Vec<Vec<DatedStep>>,
}

const FIRST_NAMES: [&str; 24] = [
    "Kari", "Ola", "Ingrid", "Per", "Solveig", "Arne", "Bjørg", "Knut", "Randi", "Svein", "Liv", "Odd",
    "Åse", "Terje", "Gunhild", "Øystein", "Marit", "Jørgen", "Astrid", "Håkon", "Ragnhild", "Tor", "Sigrid",
    "Leif",
];
const LAST_NAMES: [&str; 20] = [
    "Hansen",
    "Johansen",
    "Olsen",
    "Larsen",
    "Andersen",
    "Pedersen",
    "Nilsen",
    "Kristiansen",
    "Jensen",
    "Karlsen",
    "Johnsen",
    "Pettersen",
    "Eriksen",
    "Berg",
    "Haugen",
    "Hagen",
    "Johannessen",
    "Andreassen",
    "Jacobsen",
    "Dahl",
];
const UNIT_NAMES: [&str; 6] = [
    "Solsiden sykehjem, avdeling 2",
    "Solsiden sykehjem, avdeling 3",
    "Hjemmetjenesten sone Nord",
    "Lindrende enhet, Fjordbyen",
    "Medisinsk sengepost 4",
    "Hjemmetjenesten sone Sør",
];
const OTHER_PROBLEMS: [&str; 4] = ["Forstoppelse", "Munntørrhet", "Kløe", "Søvnvansker"];
const NOTES: [&str; 8] = [
    "Ga Morfin 5 mg s.c. etter avtale med lege.",
    "Snudd og leiret i sengen, puter under knærne.",
    "Munnstell utført. Pasienten drakk litt saft.",
    "Pårørende til stede. Pasienten roligere etter samtale.",
    "Ga Paracet 1 g. Vurderes igjen om en time.",
    "Vifte satt på, hodeenden hevet. Mindre tung pust etterpå.",
    "Ringte lege om økende smerter, dosen økes.",
    "Sov det meste av vakten.",
];
/// Regions where palliative patients commonly hurt, with a weight each.
const PAIN_SITES: [u16; 10] = [222, 223, 224, 107, 118, 120, 105, 206, 129, 127];

fn score(v: f64) -> Score {
    Score::new(v.round().clamp(0.0, 10.0) as i64).unwrap_or(Score::MIN)
}

/// Generates the units, patients and registrations of a spec. The same spec gives the same data.
pub fn generate(spec: &DemoSpec) -> Vec<DemoUnit> {
    let mut rng = Rng::new(spec.seed);
    (0..spec.units)
        .map(|u| {
            let name = match UNIT_NAMES.get(u) {
                Some(name) => name.to_string(),
                None => format!("Demoenhet {}", u + 1),
            };
            let kind = if name.contains("Hjemmetjenesten") {
                "hjemmetjeneste"
            } else if name.contains("sengepost") {
                "sykehus"
            } else {
                "sykehjem"
            };
            let patients = (0..spec.patients_per_unit)
                .map(|p| patient(&mut rng, spec, COURSES[(u + p) % COURSES.len()], p))
                .collect();
            DemoUnit {
                name,
                kind,
                contact_phone: format!("22 33 {:02} {:02}", 10 + u % 90, 40 + u % 60),
                contact_after_hours: "Legevakt 116 117, vakthavende sykepleier 22 33 44 00".into(),
                patients,
            }
        })
        .collect()
}

fn patient(rng: &mut Rng, spec: &DemoSpec, course: Course, index: usize) -> DemoPatient {
    let name = format!("{} {}", rng.pick(&FIRST_NAMES), rng.pick(&LAST_NAMES));
    let age_days = 365 * (68 + rng.below(30) as i64) + rng.below(365) as i64;
    let birth_date = (spec.end - Duration::days(age_days)).date_naive();
    let room = format!("{}", 101 + index);
    // A baseline for each of items 1-9, then the course moves it.
    let base: [f64; 9] = std::array::from_fn(|i| {
        let typical = [3.0, 5.0, 3.0, 1.0, 4.0, 2.0, 2.0, 2.0, 4.0][i];
        typical + rng.noise(1.0)
    });
    let pain_sites: Vec<u16> = (0..1 + rng.below(3)).map(|_| *rng.pick(&PAIN_SITES)).collect();
    let other_problem = rng.chance(0.4).then(|| *rng.pick(&OTHER_PROBLEMS));

    let mut registrations = Vec::new();
    // Days start at Oslo midnight, so rounds fall in the morning and the evening on the ward's
    // clock, whatever the time of seeding.
    let first_day = crate::time::to_oslo(spec.end - Duration::days(i64::from(spec.days))).date();
    let start = crate::time::from_oslo(first_day.and_time(chrono::NaiveTime::MIN))
        .unwrap_or(spec.end - Duration::days(i64::from(spec.days)));
    for day in 0..spec.days {
        let t = f64::from(day) / f64::from(spec.days.max(1));
        if course == Course::Overdue && spec.days - day <= 3 {
            continue;
        }
        // Most days one registration in the morning; some days a second one in the evening.
        let times = if rng.chance(0.25) { 2 } else { 1 };
        for k in 0..times {
            if rng.chance(0.08) {
                continue; // a missed round
            }
            let hour = if k == 0 { 8 + rng.below(3) } else { 18 + rng.below(3) };
            let at = start
                + Duration::days(i64::from(day))
                + Duration::hours(hour as i64)
                + Duration::minutes(rng.below(60) as i64);
            if at > spec.end {
                continue;
            }
            registrations.push(registration(rng, course, &base, t, at, &pain_sites, other_problem));
        }
    }
    // The nurses' side on a separate stream of numbers: the scores stay what they were.
    let mut nurse = Rng::new(spec.seed ^ 0x5EED_F011 ^ (index as u64).wrapping_mul(0x9E37_79B9));
    let (registrations, followups) = follow_up(&mut nurse, registrations, spec.end);
    DemoPatient { name, birth_date, room, course, registrations, followups }
}

/// What the nurses did about the registrations, by the same rule the server applies when one is
/// saved (`followup::reasons`, `steps::on_save`): a registration with a reason opens a follow-up
/// (or adds to the open one); a nurse takes it within half an hour and acts (behovsmedisin for
/// pain, else care, presence or a call to the doctor); most of the time she re-assesses around the
/// time the action set, with the severe items eased to 5 or 6 (a registration of its own), and
/// that closes the loop. A follow-up still open at `end` is closed by hand («sover»).
fn follow_up(
    rng: &mut Rng,
    regular: Vec<Registration>,
    end: DateTime<Utc>,
) -> (Vec<Registration>, Vec<Vec<DatedStep>>) {
    let mut queue: std::collections::VecDeque<Registration> = regular.into();
    let mut out: Vec<Registration> = Vec::new();
    let mut followups: Vec<Vec<DatedStep>> = Vec::new();
    let mut open: Option<OpenState> = None;
    let mut pending: Option<Registration> = None;
    loop {
        let take_pending = match (&pending, queue.front()) {
            (Some(p), Some(q)) => p.observed_at <= q.observed_at,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        let Some(r) = (if take_pending { pending.take() } else { queue.pop_front() }) else { break };
        let index = out.len() as i64;
        let found = reasons(&r, out.last(), &[]);
        let pain = found.iter().any(|reason| {
            matches!(
                reason,
                Reason::Severe { item: EsasItem::Pain, .. } | Reason::PainNow { .. } | Reason::Breakthrough
            )
        });
        let mut act = false;
        match on_save(open, found, true) {
            OnSave::Nothing => {}
            OnSave::Open(reasons) => {
                followups.push(vec![DatedStep {
                    at: r.observed_at,
                    kind: StepKind::Opened { registration_id: index, reasons },
                }]);
                open = Some(OpenState { awaits_reassessment: false });
                act = true;
            }
            OnSave::Extend { reasons, reassessment } => {
                if let Some(steps) = followups.last_mut() {
                    steps.push(DatedStep {
                        at: r.observed_at,
                        kind: StepKind::Extended { registration_id: index, reasons, reassessment },
                    });
                }
                // Still severe at the re-assessment, or severe again while nothing is pending:
                // the nurse acts again, most of the time.
                let waiting = open.is_some_and(|o| o.awaits_reassessment) && !reassessment;
                if reassessment {
                    open = Some(OpenState { awaits_reassessment: false });
                }
                act = !waiting && rng.chance(0.8);
            }
            OnSave::Close => {
                if let Some(steps) = followups.last_mut() {
                    steps.push(DatedStep {
                        at: r.observed_at,
                        kind: StepKind::Closed {
                            reason: CloseReason::Reassessed,
                            registration_id: Some(index),
                            note: String::new(),
                        },
                    });
                }
                open = None;
            }
        }
        if act {
            if let Some(steps) = followups.last_mut() {
                let taken = steps.iter().any(|s| matches!(s.kind, StepKind::Acknowledged));
                let ack_at = r.observed_at + Duration::minutes(3 + rng.below(25) as i64);
                if !taken && ack_at < end {
                    steps.push(DatedStep { at: ack_at, kind: StepKind::Acknowledged });
                }
                let done_at = ack_at + Duration::minutes(5 + rng.below(25) as i64);
                let (action, minutes) = if pain {
                    let (medicine, route) =
                        *rng.pick(&[("Morfin", "s.c."), ("Oksykodon", "p.o."), ("Morfin", "p.o.")]);
                    let action = Action {
                        kind: ActionKind::PrnMedicine,
                        medicine: medicine.into(),
                        dose: "5 mg".into(),
                        route: route.into(),
                        text: String::new(),
                        done_at,
                        reassess_at: done_at,
                    };
                    (action, 60)
                } else {
                    let kind = *rng.pick(&[
                        ActionKind::CareOrPosition,
                        ActionKind::Presence,
                        ActionKind::ContactedDoctor,
                    ]);
                    let action = Action {
                        kind,
                        medicine: String::new(),
                        dose: String::new(),
                        route: String::new(),
                        text: String::new(),
                        done_at,
                        reassess_at: done_at,
                    };
                    (action, 120)
                };
                let action = Action { reassess_at: done_at + Duration::minutes(minutes), ..action };
                {
                    if done_at < end {
                        let reassess_at = action.reassess_at;
                        steps.push(DatedStep {
                            at: done_at + Duration::minutes(2),
                            kind: StepKind::Action(action),
                        });
                        open = Some(OpenState { awaits_reassessment: true });
                        let at = reassess_at + Duration::minutes(rng.below(35) as i64 - 10);
                        if pending.is_none() && at < end && rng.chance(0.85) {
                            pending = Some(eased(rng, &r, at));
                        }
                    }
                }
            }
        }
        out.push(r);
    }
    for steps in &mut followups {
        steps.sort_by_key(|s| s.at);
        let closed = steps.iter().any(|s| matches!(s.kind, StepKind::Closed { .. }));
        if !closed {
            let last = steps.last().map_or(end, |s| s.at);
            let at = (last + Duration::minutes(45)).min(end - Duration::seconds(1)).max(last);
            let kind = StepKind::Closed {
                reason: CloseReason::Sleeping,
                registration_id: None,
                note: String::new(),
            };
            steps.push(DatedStep { at, kind });
        }
    }
    (out, followups)
}

/// A re-assessment of `r` at `at`: the severe items eased to 5 or 6, pain now asked again.
fn eased(rng: &mut Rng, r: &Registration, at: DateTime<Utc>) -> Registration {
    let mut ease = |value: ItemValue| match value {
        ItemValue::Score(s) if s.value() >= 7 => ItemValue::Score(score(5.0 + rng.below(2) as f64)),
        other => other,
    };
    let mut symptoms = r.esas.symptoms;
    for slot in symptoms.iter_mut() {
        *slot = slot.map(&mut ease);
    }
    let other = r.esas.other.clone().map(|o| OtherProblem { value: ease(o.value), ..o });
    let now = symptoms[0].and_then(ItemValue::score);
    Registration {
        observed_at: at,
        completed_by: r.completed_by,
        esas: EsasScores { symptoms, other },
        pain: PainNrs { now: r.pain.now.and(now), ..PainNrs::default() },
        body_marks: Vec::new(),
        note: String::new(),
        self_report: None,
    }
}

fn registration(
    rng: &mut Rng,
    course: Course,
    base: &[f64; 9],
    t: f64,
    at: DateTime<Utc>,
    pain_sites: &[u16],
    other_problem: Option<&str>,
) -> Registration {
    let shift = match course {
        Course::Improving => 3.0 - 5.0 * t,
        Course::Deteriorating => 5.0 * t * t,
        Course::Stable | Course::Overdue => -1.0,
        Course::Fluctuating => 1.5 * (t * 12.0).sin(),
        Course::Dementia => 0.5,
    };
    let day_noise = rng.noise(0.8);
    let mut symptoms = [None; 9];
    for (i, slot) in symptoms.iter_mut().enumerate() {
        let linked = match i {
            1 | 2 | 8 => day_noise, // tiredness, drowsiness and wellbeing move together
            _ => 0.0,
        };
        let value = base[i] + shift + linked + rng.noise(0.7);
        let not_assessed = match (course, i) {
            (Course::Dementia, 6 | 7) => rng.chance(0.7),
            (Course::Dementia, _) => rng.chance(0.1),
            _ => rng.chance(0.01),
        };
        *slot = Some(if not_assessed { ItemValue::NotAssessed } else { ItemValue::Score(score(value)) });
    }
    let completed_by = match course {
        Course::Dementia => CompletedBy::HealthPersonnel,
        Course::Deteriorating if t > 0.7 => {
            *rng.pick(&[CompletedBy::PatientWithHelp, CompletedBy::Relative, CompletedBy::HealthPersonnel])
        }
        _ => *rng.pick(&[CompletedBy::Patient, CompletedBy::Patient, CompletedBy::PatientWithHelp]),
    };
    let pain_now = symptoms[0].and_then(ItemValue::score);
    let pain = match pain_now {
        Some(now) if rng.chance(0.7) => PainNrs {
            now: Some(now),
            worst_24h: Some(score(f64::from(now.value()) + 1.0 + rng.unit() * 2.0)),
            average_24h: Some(score(f64::from(now.value()) + rng.noise(0.5))),
            breakthrough: Some(now.value() >= 5 && rng.chance(0.5)),
        },
        _ => PainNrs::default(),
    };
    let body_marks = match pain_now {
        Some(now) if now.value() >= 2 => {
            let mut marks: Vec<BodyMark> = Vec::new();
            for &site in pain_sites {
                if marks.iter().all(|m| m.region.0 != site) {
                    let intensity = score(f64::from(now.value()) + rng.noise(1.0));
                    marks.push(BodyMark { region: RegionId(site), intensity });
                }
            }
            marks.sort_by_key(|m| m.region);
            marks
        }
        _ => Vec::new(),
    };
    let other = other_problem.map(|name| OtherProblem {
        name: name.to_string(),
        value: ItemValue::Score(score(3.0 + shift / 2.0 + rng.noise(1.0))),
    });
    let note = if rng.chance(0.3) { rng.pick(&NOTES).to_string() } else { String::new() };
    Registration {
        observed_at: at,
        completed_by,
        esas: EsasScores { symptoms, other },
        pain,
        body_marks,
        note,
        self_report: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::esas::{EsasItem, SumKind};
    use chrono::TimeZone;

    fn end() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).single().expect("test time")
    }

    #[test]
    fn the_same_seed_gives_the_same_ward() {
        let a = generate(&DemoSpec::ward(end()));
        let b = generate(&DemoSpec::ward(end()));
        assert_eq!(a[0].patients[3].registrations, b[0].patients[3].registrations);
        assert_eq!(a[0].patients.len(), 8);
    }

    #[test]
    fn the_ward_tells_the_stories_it_should() {
        let ward = &generate(&DemoSpec::ward(end()))[0];
        let total = |r: &Registration| r.esas.sum(SumKind::Total);
        let mean = |rs: &[Registration]| {
            let sums: Vec<f64> = rs.iter().filter_map(total).map(f64::from).collect();
            sums.iter().sum::<f64>() / sums.len().max(1) as f64
        };
        for p in &ward.patients {
            assert!(p.registrations.len() >= 15, "{} has {} registrations", p.name, p.registrations.len());
            let week = p.registrations.len() / 3;
            let (first, last) = (&p.registrations[..week], &p.registrations[p.registrations.len() - week..]);
            match p.course {
                Course::Deteriorating => assert!(mean(last) > mean(first) + 10.0, "{}", p.name),
                Course::Improving => assert!(mean(last) + 10.0 < mean(first), "{}", p.name),
                Course::Overdue => {
                    let last_at = p.registrations.last().map(|r| r.observed_at).expect("some");
                    assert!(end() - last_at > Duration::hours(48));
                }
                _ => {}
            }
            for r in &p.registrations {
                assert!(r.observed_at <= end());
                assert!(
                    r.to_draft().validate(end(), crate::Language::Nb.clinical()).is_ok()
                        || r.observed_at < end() - Duration::days(30)
                );
            }
        }
        let all: Vec<&Registration> = ward.patients.iter().flat_map(|p| &p.registrations).collect();
        let not_assessed = all
            .iter()
            .filter(|r| EsasItem::SYMPTOMS.iter().any(|&i| r.esas.get(i) == Some(ItemValue::NotAssessed)))
            .count();
        assert!(not_assessed >= 3, "a few 'kan ikke vurdere', got {not_assessed}");
        for who in CompletedBy::ALL {
            assert!(all.iter().any(|r| r.completed_by == who), "{who:?} never filled in");
        }
        assert!(all.iter().any(|r| r.esas.worst().is_some_and(|s| s.value() >= 7)), "someone is severe");
    }

    #[test]
    fn scales_to_a_municipality() {
        let spec = DemoSpec { seed: 1, units: 9, patients_per_unit: 60, days: 60, end: end() };
        let units = generate(&spec);
        assert_eq!(units.len(), 9);
        assert_eq!(units.iter().map(|u| u.patients.len()).sum::<usize>(), 540);
        assert_eq!(units[8].name, "Demoenhet 9");
    }

    #[test]
    fn the_ward_has_follow_ups_that_mostly_close_by_a_reassessment() {
        let end = Utc.with_ymd_and_hms(2026, 12, 5, 21, 55, 0).single().expect("time");
        let units = generate(&DemoSpec::ward(end));
        let (mut opened, mut reassessed, mut acted, mut regs) = (0, 0, 0, 0);
        for p in units.iter().flat_map(|u| &u.patients) {
            regs += p.registrations.len();
            assert!(
                p.registrations.windows(2).all(|w| w[0].observed_at <= w[1].observed_at),
                "in time order"
            );
            for steps in &p.followups {
                opened += 1;
                assert!(matches!(steps[0].kind, StepKind::Opened { .. }), "{steps:?}");
                assert!(steps.windows(2).all(|w| w[0].at <= w[1].at));
                assert!(steps.iter().all(|s| s.at <= end), "nothing after the end");
                assert_eq!(
                    steps.iter().filter(|s| matches!(s.kind, StepKind::Closed { .. })).count(),
                    1,
                    "closed once, last: {steps:?}"
                );
                assert!(matches!(steps.last().map(|s| &s.kind), Some(StepKind::Closed { .. })));
                for s in steps {
                    if let StepKind::Opened { registration_id, .. }
                    | StepKind::Extended { registration_id, .. } = s.kind
                    {
                        assert_eq!(p.registrations[registration_id as usize].observed_at, s.at);
                    }
                }
                acted += usize::from(steps.iter().any(|s| matches!(s.kind, StepKind::Action(_))));
                reassessed += usize::from(
                    steps
                        .iter()
                        .any(|s| matches!(s.kind, StepKind::Closed { reason: CloseReason::Reassessed, .. })),
                );
            }
        }
        eprintln!("{regs} registrations, {opened} follow-ups, {acted} acted on, {reassessed} closed by a re-assessment");
        assert!(opened >= 20, "{opened}");
        assert!(reassessed * 2 > opened, "{reassessed} of {opened}");
        assert!(acted * 10 > opened * 8, "{acted} of {opened}");
    }
}
