//! The loop of one follow-up: opened by a registration -> acknowledged ("Jeg følger opp") -> one
//! or more actions (tiltak), each setting when to re-assess -> closed, by a new registration
//! (the re-assessment) or by a nurse with a reason. Steps are appended, never changed: the
//! state is read from them, at a given moment.

use super::Reason;
use crate::registration::{FieldError, ValidationErrors};
use crate::text::ClinicalWords;
use crate::time::{from_oslo, to_oslo};
use chrono::{DateTime, Duration, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

/// Longest free text of an action or a closing, in characters.
pub const TEXT_MAX_CHARS: usize = 500;
/// Longest medicine, dose or route, in characters.
pub const FIELD_MAX_CHARS: usize = 100;
/// A re-assessment is set between these many minutes after the action.
pub const REASSESS_MINUTES: std::ops::RangeInclusive<i64> = 5..=1440;
/// An action may be written down this long after it was done, at most.
pub const ACTION_MAX_AGE_HOURS: i64 = 12;

/// What was done (tiltak). Medicine, dose and route are written as given, never as a
/// prescription (clinical.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    /// Behovsmedisin gitt.
    PrnMedicine,
    ContactedDoctor,
    ContactedOutOfHours,
    ContactedPalliativeTeam,
    /// Stell eller leieendring.
    CareOrPosition,
    /// Samtale eller tilstedeværelse.
    Presence,
    Other,
}

impl ActionKind {
    pub const ALL: [ActionKind; 7] = [
        ActionKind::PrnMedicine,
        ActionKind::ContactedDoctor,
        ActionKind::ContactedOutOfHours,
        ActionKind::ContactedPalliativeTeam,
        ActionKind::CareOrPosition,
        ActionKind::Presence,
        ActionKind::Other,
    ];

    /// Stable code for storage and the wire.
    pub fn code(self) -> &'static str {
        match self {
            ActionKind::PrnMedicine => "prn_medicine",
            ActionKind::ContactedDoctor => "contacted_doctor",
            ActionKind::ContactedOutOfHours => "contacted_out_of_hours",
            ActionKind::ContactedPalliativeTeam => "contacted_palliative_team",
            ActionKind::CareOrPosition => "care_or_position",
            ActionKind::Presence => "presence",
            ActionKind::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<ActionKind> {
        ActionKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// Why a follow-up was closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CloseReason {
    /// A new registration without reasons: the re-assessment closed it. Never chosen by hand.
    Reassessed,
    Sleeping,
    Transferred,
    Died,
    Other,
}

impl CloseReason {
    pub const ALL: [CloseReason; 5] = [
        CloseReason::Reassessed,
        CloseReason::Sleeping,
        CloseReason::Transferred,
        CloseReason::Died,
        CloseReason::Other,
    ];
    /// The reasons a nurse may choose.
    pub const BY_HAND: [CloseReason; 4] =
        [CloseReason::Sleeping, CloseReason::Transferred, CloseReason::Died, CloseReason::Other];

    pub fn code(self) -> &'static str {
        match self {
            CloseReason::Reassessed => "reassessed",
            CloseReason::Sleeping => "sleeping",
            CloseReason::Transferred => "transferred",
            CloseReason::Died => "died",
            CloseReason::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<CloseReason> {
        CloseReason::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// One action as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    pub kind: ActionKind,
    /// Behovsmedisin only: as given, free text.
    pub medicine: String,
    pub dose: String,
    pub route: String,
    /// "Annet": what was done; for the others an optional note.
    pub text: String,
    /// When it was done.
    pub done_at: DateTime<Utc>,
    /// When to look again.
    pub reassess_at: DateTime<Utc>,
}

impl Action {
    /// "Behovsmedisin gitt: Morfin 5 mg s.c.", "Kontaktet lege", "Annet: satt vindu på gløtt".
    pub fn words(&self, w: &ClinicalWords) -> String {
        let label = (w.language().followup().action)(self.kind);
        let detail = match self.kind {
            ActionKind::PrnMedicine => {
                [self.medicine.as_str(), self.dose.as_str(), self.route.as_str()].join(" ").trim().to_string()
            }
            _ => self.text.clone(),
        };
        if detail.is_empty() {
            label.to_string()
        } else {
            format!("{label}: {detail}")
        }
    }
}

/// What a step did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    /// A registration opened the follow-up.
    Opened {
        registration_id: i64,
        reasons: Vec<Reason>,
    },
    /// A later registration added its reasons. `reassessment`: it came after an action, so it
    /// is that action's re-assessment, and the patient still needs someone.
    Extended {
        registration_id: i64,
        reasons: Vec<Reason>,
        reassessment: bool,
    },
    /// "Jeg følger opp".
    Acknowledged,
    Action(Action),
    /// `registration_id`: the re-assessment that closed it; `note`: a nurse's words.
    Closed {
        reason: CloseReason,
        registration_id: Option<i64>,
        note: String,
    },
}

/// One appended step: who, when (as stored), what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub by: i64,
    pub by_name: String,
    pub kind: StepKind,
}

/// A follow-up with every step so far, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Followup {
    pub id: i64,
    pub patient_id: i64,
    pub opened_at: DateTime<Utc>,
    pub steps: Vec<Step>,
}

/// Where a follow-up stands at a moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum State {
    /// Nobody has taken it yet.
    Open,
    /// Taken, no action yet.
    Acknowledged {
        by_name: String,
        at: DateTime<Utc>,
    },
    /// An action is recorded; the re-assessment is due at `due_at`.
    Waiting {
        due_at: DateTime<Utc>,
    },
    /// The re-assessment is due and not done.
    Overdue {
        due_at: DateTime<Utc>,
    },
    Closed {
        at: DateTime<Utc>,
        reason: CloseReason,
    },
}

impl Followup {
    pub fn closed(&self) -> Option<&Step> {
        self.steps.iter().find(|s| matches!(s.kind, StepKind::Closed { .. }))
    }

    pub fn is_open(&self) -> bool {
        self.closed().is_none()
    }

    pub fn acknowledged(&self) -> Option<&Step> {
        self.steps.iter().find(|s| matches!(s.kind, StepKind::Acknowledged))
    }

    /// Every reason, in the order the registrations gave them.
    pub fn reasons(&self) -> impl Iterator<Item = &Reason> {
        self.steps.iter().flat_map(|s| match &s.kind {
            StepKind::Opened { reasons, .. } | StepKind::Extended { reasons, .. } => reasons.as_slice(),
            _ => &[],
        })
    }

    pub fn actions(&self) -> impl Iterator<Item = (&Step, &Action)> {
        self.steps.iter().filter_map(|s| match &s.kind {
            StepKind::Action(action) => Some((s, action)),
            _ => None,
        })
    }

    /// When the re-assessment is due: the latest action's time, unless a registration has come
    /// since (a re-assessment that still found reasons waits for the next action).
    pub fn due_at(&self) -> Option<DateTime<Utc>> {
        let mut due = None;
        for step in &self.steps {
            match &step.kind {
                StepKind::Action(action) => due = Some(action.reassess_at),
                StepKind::Extended { reassessment: true, .. } => due = None,
                _ => {}
            }
        }
        due
    }

    pub fn state(&self, now: DateTime<Utc>) -> State {
        if let Some(Step { at, kind: StepKind::Closed { reason, .. }, .. }) = self.closed() {
            return State::Closed { at: *at, reason: *reason };
        }
        if let Some(due_at) = self.due_at() {
            return if now >= due_at { State::Overdue { due_at } } else { State::Waiting { due_at } };
        }
        match self.acknowledged() {
            Some(step) => State::Acknowledged { by_name: step.by_name.clone(), at: step.at },
            None => State::Open,
        }
    }

    /// What a saved registration needs to know of it (`on_save`), while it is open.
    pub fn open_state(&self) -> Option<OpenState> {
        self.is_open().then(|| OpenState { awaits_reassessment: self.due_at().is_some() })
    }

    /// The state in words for the overview and the header: "åpen i 42 min, ingen har tatt den",
    /// "Kari Nordmann følger opp", "revurdering om 20 min", "revurdering forfalt for 10 min siden".
    pub fn status_words(&self, now: DateTime<Utc>, w: &ClinicalWords) -> String {
        let words = w.language().followup();
        match self.state(now) {
            State::Open => (words.open_untaken)(minutes_between(self.opened_at, now)),
            State::Acknowledged { by_name, .. } => {
                (words.taken_by)(&by_name, minutes_between(self.opened_at, now))
            }
            State::Waiting { due_at } => (words.due_in)(minutes_between(now, due_at)),
            State::Overdue { due_at } => (words.overdue)(minutes_between(due_at, now)),
            State::Closed { reason, .. } => (words.closed)(reason).to_string(),
        }
    }

    /// Minutes from the first action to the registration that re-assessed it (one that closed
    /// the follow-up or still found reasons), if there was one.
    pub fn minutes_to_reassessment(&self) -> Option<i64> {
        let (_, first) = self.actions().next()?;
        let reassessed = self.steps.iter().find(|s| match &s.kind {
            StepKind::Extended { reassessment, .. } => *reassessment,
            StepKind::Closed { reason: CloseReason::Reassessed, .. } => s.at >= first.done_at,
            _ => false,
        })?;
        Some(minutes_between(first.done_at, reassessed.at))
    }

    /// Whether the follow-up was open at any moment between `from` and `to`.
    pub fn open_during(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> bool {
        self.opened_at <= to && self.closed().is_none_or(|c| c.at >= from)
    }

    /// Minutes from opening to closing (or to `now`, while open).
    pub fn minutes_open(&self, now: DateTime<Utc>) -> i64 {
        minutes_between(self.opened_at, self.closed().map_or(now, |s| s.at))
    }
}

fn minutes_between(from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    (to - from).num_minutes().max(0)
}

/// The open follow-up as a saved registration sees it: whether an action is waiting for its
/// re-assessment. Storage reads it with one small query instead of every step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenState {
    pub awaits_reassessment: bool,
}

/// A step with the time it was taken, for importing a follow-up's history (demo data). The
/// registration ids in `kind` are indexes into the registrations imported with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatedStep {
    pub at: DateTime<Utc>,
    pub kind: StepKind,
}

/// What saving a registration does to the patient's follow-ups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OnSave {
    Nothing,
    /// No follow-up is open: open one for these reasons.
    Open(Vec<Reason>),
    /// Add the reasons to the open follow-up.
    Extend {
        reasons: Vec<Reason>,
        reassessment: bool,
    },
    /// The registration is the re-assessment, and it gives no reason: the loop is closed.
    Close,
}

/// The rule for a registration with `reasons`, given the patient's open follow-up. `latest`:
/// no registration of the patient is observed after it. One written down late (observed before
/// another) adds its reasons but never closes the follow-up: it is not a re-assessment.
pub fn on_save(open: Option<OpenState>, reasons: Vec<Reason>, latest: bool) -> OnSave {
    match open {
        None if reasons.is_empty() => OnSave::Nothing,
        None => OnSave::Open(reasons),
        Some(_) if reasons.is_empty() => {
            if latest {
                OnSave::Close
            } else {
                OnSave::Nothing
            }
        }
        Some(open) => OnSave::Extend { reasons, reassessment: latest && open.awaits_reassessment },
    }
}

/// Why a step cannot be taken now: the words are `text::followup::refused`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    /// The follow-up is closed: nothing more may be added.
    Closed,
    /// Someone else took it first (two nurses at the same moment).
    AlreadyTaken { by_name: String, at: DateTime<Utc> },
}

/// A step a nurse asks for, checked against the follow-up as stored (inside the transaction
/// that appends it, so two nurses at once get one answer each).
pub fn check(followup: &Followup, step: &StepKind) -> Result<(), Refusal> {
    if !followup.is_open() {
        return Err(Refusal::Closed);
    }
    if let (StepKind::Acknowledged, Some(taken)) = (step, followup.acknowledged()) {
        return Err(Refusal::AlreadyTaken { by_name: taken.by_name.clone(), at: taken.at });
    }
    Ok(())
}

/// The unit's defaults for when to re-assess, in minutes after the action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReassessDefaults {
    /// After behovsmedisin (clinical.md: about 30 min s.c., 60 min oral; a unit setting).
    pub prn_minutes: i64,
    /// After any other action.
    pub other_minutes: i64,
}

impl ReassessDefaults {
    pub fn minutes(self, kind: ActionKind) -> i64 {
        match kind {
            ActionKind::PrnMedicine => self.prn_minutes,
            _ => self.other_minutes,
        }
    }
}

impl Default for ReassessDefaults {
    fn default() -> Self {
        ReassessDefaults { prn_minutes: 60, other_minutes: 120 }
    }
}

/// An action as a nurse types it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ActionDraft {
    pub kind: Option<ActionKind>,
    pub medicine: String,
    pub dose: String,
    pub route: String,
    pub text: String,
    /// Clock time in Oslo, "14:05": the latest such moment that is not in the future.
    pub done_at: String,
    /// Minutes after `done_at`; `None`: the unit's default for the kind.
    pub reassess_after_minutes: Option<i64>,
}

impl ActionDraft {
    /// Checks every field; every problem at once, each at its field.
    pub fn validate(
        &self,
        now: DateTime<Utc>,
        defaults: ReassessDefaults,
        w: &ClinicalWords,
    ) -> Result<Action, ValidationErrors> {
        let words = w.language().followup();
        let mut errors = Vec::new();
        let mut problem =
            |field: &str, message: String| errors.push(FieldError { field: field.into(), message });
        let field =
            |value: &str, name: &str, label: &str, required: bool, problem: &mut dyn FnMut(&str, String)| {
                let value = value.trim().to_string();
                if required && value.is_empty() {
                    problem(name, (words.missing)(label));
                } else if value.chars().count() > FIELD_MAX_CHARS {
                    problem(name, (w.invalid.text_too_long)(label, FIELD_MAX_CHARS));
                }
                value
            };
        let prn = self.kind == Some(ActionKind::PrnMedicine);
        let medicine = field(&self.medicine, "action.medicine", words.medicine, prn, &mut problem);
        let dose = field(&self.dose, "action.dose", words.dose, prn, &mut problem);
        let route = field(&self.route, "action.route", words.route, prn, &mut problem);
        let text = self.text.trim().to_string();
        if self.kind.is_none() {
            problem("action.kind", words.kind_missing.into());
        }
        if self.kind == Some(ActionKind::Other) && text.is_empty() {
            problem("action.text", words.other_text_missing.into());
        } else if text.chars().count() > TEXT_MAX_CHARS {
            problem("action.text", (w.invalid.text_too_long)(words.text, TEXT_MAX_CHARS));
        }
        let done_at = match clock_time(&self.done_at) {
            None => {
                problem("action.done_at", words.done_at.into());
                None
            }
            Some(time) => match latest_at(time, now) {
                Some(at) if now - at <= Duration::hours(ACTION_MAX_AGE_HOURS) => Some(at),
                Some(_) => {
                    problem("action.done_at", (words.done_at_too_old)(ACTION_MAX_AGE_HOURS));
                    None
                }
                None => {
                    problem("action.done_at", words.done_at.into());
                    None
                }
            },
        };
        let minutes = self.reassess_after_minutes.or(self.kind.map(|k| defaults.minutes(k)));
        let reassess_at = match (minutes, done_at) {
            (Some(m), _) if !REASSESS_MINUTES.contains(&m) => {
                problem("action.reassess", (words.reassess_range)(&REASSESS_MINUTES));
                None
            }
            (Some(m), Some(done_at)) => {
                let at = done_at + Duration::minutes(m);
                if at <= now {
                    problem("action.reassess", (words.reassess_passed)(at));
                    None
                } else {
                    Some(at)
                }
            }
            _ => None,
        };
        match (self.kind, done_at, reassess_at) {
            (Some(kind), Some(done_at), Some(reassess_at)) if errors.is_empty() => {
                let prn = kind == ActionKind::PrnMedicine;
                let keep = |s: String| if prn { s } else { String::new() };
                Ok(Action {
                    kind,
                    medicine: keep(medicine),
                    dose: keep(dose),
                    route: keep(route),
                    text,
                    done_at,
                    reassess_at,
                })
            }
            _ => Err(ValidationErrors(errors)),
        }
    }
}

/// "14:05", "14.05", "1405" or "9:30" as a clock time.
fn clock_time(input: &str) -> Option<NaiveTime> {
    let digits: String = input.trim().chars().filter(|c| c.is_ascii_digit()).collect();
    let separated = input.trim().contains([':', '.']);
    let (hours, minutes) = match (digits.len(), separated) {
        (3, _) => (&digits[..1], &digits[1..]),
        (4, _) => (&digits[..2], &digits[2..]),
        _ => return None,
    };
    NaiveTime::from_hms_opt(hours.parse().ok()?, minutes.parse().ok()?, 0)
}

/// The latest moment at that Oslo clock time that is not in the future (a few minutes of a
/// tablet's clock ahead allowed): "23:50" typed at 00:10 is yesterday's.
fn latest_at(time: NaiveTime, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let slack = Duration::minutes(5);
    let today = to_oslo(now).date();
    [today, today - Duration::days(1)]
        .into_iter()
        .filter_map(|day| from_oslo(day.and_time(time)))
        .find(|at| *at <= now + slack)
}

/// A closing as a nurse types it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CloseDraft {
    pub reason: Option<CloseReason>,
    pub note: String,
}

impl CloseDraft {
    pub fn validate(&self, w: &ClinicalWords) -> Result<StepKind, ValidationErrors> {
        let words = w.language().followup();
        let mut errors = Vec::new();
        let note = self.note.trim().to_string();
        match self.reason {
            Some(reason) if CloseReason::BY_HAND.contains(&reason) => {
                if reason == CloseReason::Other && note.is_empty() {
                    errors.push(FieldError {
                        field: "close.note".into(),
                        message: words.close_note_missing.into(),
                    });
                }
            }
            _ => errors.push(FieldError {
                field: "close.reason".into(),
                message: words.close_reason_missing.into(),
            }),
        }
        if note.chars().count() > TEXT_MAX_CHARS {
            errors.push(FieldError {
                field: "close.note".into(),
                message: (w.invalid.text_too_long)(words.close_note, TEXT_MAX_CHARS),
            });
        }
        match self.reason {
            Some(reason) if errors.is_empty() => Ok(StepKind::Closed { reason, registration_id: None, note }),
            _ => Err(ValidationErrors(errors)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::Score;
    use crate::EsasItem;
    use chrono::TimeZone;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        // 5 December: Oslo is UTC+1.
        Utc.with_ymd_and_hms(2026, 12, 5, h, m, 0).single().expect("time")
    }

    fn pain(n: i64) -> Reason {
        Reason::Severe { item: EsasItem::Pain, score: Score::new(n).expect("score"), name: None }
    }

    fn step(id: i64, at: DateTime<Utc>, kind: StepKind) -> Step {
        Step { id, at, by: 1, by_name: "Kari Nordmann".into(), kind }
    }

    fn opened() -> Followup {
        Followup {
            id: 1,
            patient_id: 1,
            opened_at: at(18, 0),
            steps: vec![step(1, at(18, 0), StepKind::Opened { registration_id: 10, reasons: vec![pain(8)] })],
        }
    }

    fn prn(done_at: DateTime<Utc>, reassess_at: DateTime<Utc>) -> StepKind {
        StepKind::Action(Action {
            kind: ActionKind::PrnMedicine,
            medicine: "Morfin".into(),
            dose: "5 mg".into(),
            route: "s.c.".into(),
            text: String::new(),
            done_at,
            reassess_at,
        })
    }

    #[test]
    fn the_state_follows_the_steps() {
        let mut f = opened();
        assert_eq!(f.state(at(18, 42)), State::Open);
        assert_eq!(
            f.status_words(at(18, 42), crate::Language::Nb.clinical()),
            "åpen i 42 min, ingen har tatt den"
        );
        f.steps.push(step(2, at(18, 45), StepKind::Acknowledged));
        assert!(matches!(f.state(at(18, 50)), State::Acknowledged { .. }));
        f.steps.push(step(3, at(18, 55), prn(at(18, 50), at(19, 50))));
        assert_eq!(f.state(at(19, 30)), State::Waiting { due_at: at(19, 50) });
        assert_eq!(f.status_words(at(19, 30), crate::Language::Nb.clinical()), "revurdering om 20 min");
        assert_eq!(f.state(at(20, 0)), State::Overdue { due_at: at(19, 50) });
        assert_eq!(
            f.status_words(at(20, 0), crate::Language::Nb.clinical()),
            "revurdering forfalt for 10 min siden"
        );
        // A re-assessment that still finds pain: open, waiting for the next action.
        f.steps.push(step(
            4,
            at(20, 5),
            StepKind::Extended { registration_id: 11, reasons: vec![pain(7)], reassessment: true },
        ));
        assert!(matches!(f.state(at(20, 10)), State::Acknowledged { .. }));
        assert_eq!(f.reasons().count(), 2);
        f.steps.push(step(
            5,
            at(21, 0),
            StepKind::Closed {
                reason: CloseReason::Reassessed,
                registration_id: Some(12),
                note: String::new(),
            },
        ));
        assert_eq!(f.state(at(22, 0)), State::Closed { at: at(21, 0), reason: CloseReason::Reassessed });
        assert_eq!(f.minutes_open(at(23, 0)), 180);
        // The first action at 18:50, its re-assessment (still pain) stored at 20:05.
        assert_eq!(f.minutes_to_reassessment(), Some(75));
        assert!(f.open_during(at(20, 30), at(23, 0)));
        assert!(!f.open_during(at(21, 30), at(23, 0)));
        assert!(!f.open_during(at(10, 0), at(17, 0)));
    }

    #[test]
    fn a_registration_opens_extends_or_closes() {
        assert_eq!(on_save(None, vec![], true), OnSave::Nothing);
        assert_eq!(on_save(None, vec![pain(8)], true), OnSave::Open(vec![pain(8)]));
        let mut f = opened();
        assert_eq!(on_save(f.open_state(), vec![], true), OnSave::Close);
        // Written down late, observed before another registration: not a re-assessment.
        assert_eq!(on_save(f.open_state(), vec![], false), OnSave::Nothing);
        assert_eq!(
            on_save(f.open_state(), vec![pain(9)], true),
            OnSave::Extend { reasons: vec![pain(9)], reassessment: false }
        );
        f.steps.push(step(2, at(18, 40), prn(at(18, 40), at(19, 40))));
        assert_eq!(
            on_save(f.open_state(), vec![pain(9)], true),
            OnSave::Extend { reasons: vec![pain(9)], reassessment: true }
        );
        assert_eq!(
            on_save(f.open_state(), vec![pain(9)], false),
            OnSave::Extend { reasons: vec![pain(9)], reassessment: false }
        );
    }

    #[test]
    fn a_closed_follow_up_takes_no_step_and_only_one_nurse_takes_it() {
        let mut f = opened();
        assert_eq!(check(&f, &StepKind::Acknowledged), Ok(()));
        f.steps.push(step(2, at(18, 5), StepKind::Acknowledged));
        assert_eq!(
            check(&f, &StepKind::Acknowledged),
            Err(Refusal::AlreadyTaken { by_name: "Kari Nordmann".into(), at: at(18, 5) })
        );
        assert_eq!(check(&f, &prn(at(18, 5), at(19, 5))), Ok(()));
        f.steps.push(step(
            3,
            at(18, 10),
            StepKind::Closed { reason: CloseReason::Sleeping, registration_id: None, note: String::new() },
        ));
        assert_eq!(check(&f, &prn(at(18, 5), at(19, 5))), Err(Refusal::Closed));
    }

    fn draft(kind: ActionKind, done_at: &str, minutes: Option<i64>) -> ActionDraft {
        ActionDraft {
            kind: Some(kind),
            medicine: "Morfin".into(),
            dose: "5 mg".into(),
            route: "s.c.".into(),
            text: String::new(),
            done_at: done_at.into(),
            reassess_after_minutes: minutes,
        }
    }

    #[test]
    fn an_action_takes_the_units_default_or_the_nurses_time() {
        let now = at(19, 0); // 20:00 in Oslo
        let defaults = ReassessDefaults { prn_minutes: 30, other_minutes: 120 };
        let action = draft(ActionKind::PrnMedicine, "19:50", None)
            .validate(now, defaults, crate::Language::Nb.clinical())
            .expect("valid");
        assert_eq!((action.done_at, action.reassess_at), (at(18, 50), at(19, 20)));
        assert_eq!(action.words(crate::Language::Nb.clinical()), "Behovsmedisin gitt: Morfin 5 mg s.c.");
        let talk = draft(ActionKind::Presence, "1955", None)
            .validate(now, defaults, crate::Language::Nb.clinical())
            .expect("valid");
        assert_eq!(talk.reassess_at, at(20, 55));
        assert_eq!(
            (talk.medicine.as_str(), talk.words(crate::Language::Nb.clinical()).as_str()),
            ("", "Samtale eller tilstedeværelse")
        );
        let own = draft(ActionKind::PrnMedicine, "20.00", Some(5))
            .validate(now, defaults, crate::Language::Nb.clinical())
            .expect("valid");
        assert_eq!(own.reassess_at, at(19, 5));
    }

    #[test]
    fn an_action_refuses_a_passed_reassessment_and_names_every_field() {
        let now = at(19, 0);
        let defaults = ReassessDefaults::default();
        // 23:50 typed at 20:00 is yesterday's: far too old, and its re-assessment has passed.
        let errors = draft(ActionKind::PrnMedicine, "23:50", None)
            .validate(now, defaults, crate::Language::Nb.clinical())
            .expect_err("old");
        assert_eq!(errors.0[0].field, "action.done_at");
        let passed = draft(ActionKind::PrnMedicine, "18:00", Some(60))
            .validate(now, defaults, crate::Language::Nb.clinical())
            .expect_err("passed");
        assert_eq!(passed.0.len(), 1);
        assert_eq!(passed.0[0].field, "action.reassess");
        assert!(passed.0[0].message.contains("19:00"), "{}", passed.0[0].message);
        let empty = ActionDraft { kind: Some(ActionKind::PrnMedicine), ..ActionDraft::default() };
        let fields: Vec<String> = empty
            .validate(now, defaults, crate::Language::Nb.clinical())
            .expect_err("empty")
            .0
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["action.medicine", "action.dose", "action.route", "action.done_at"]);
        let nothing = ActionDraft::default()
            .validate(now, defaults, crate::Language::Nb.clinical())
            .expect_err("nothing");
        assert_eq!(nothing.0[0].field, "action.kind");
        let other =
            ActionDraft { kind: Some(ActionKind::Other), done_at: "19:59".into(), ..ActionDraft::default() };
        assert_eq!(
            other.validate(now, defaults, crate::Language::Nb.clinical()).expect_err("text").0[0].field,
            "action.text"
        );
        for minutes in [4, 1441] {
            let e = draft(ActionKind::Presence, "19:59", Some(minutes))
                .validate(now, defaults, crate::Language::Nb.clinical())
                .expect_err("range");
            assert_eq!(e.0[0].field, "action.reassess");
        }
        for bad in ["", "25:00", "7", "19:60", "kl"] {
            let e = draft(ActionKind::Presence, bad, None)
                .validate(now, defaults, crate::Language::Nb.clinical())
                .expect_err(bad);
            assert_eq!(e.0[0].field, "action.done_at", "{bad}");
        }
    }

    #[test]
    fn closing_by_hand_needs_a_reason_and_words_for_other() {
        assert!(CloseDraft { reason: Some(CloseReason::Died), note: String::new() }
            .validate(crate::Language::Nb.clinical())
            .is_ok());
        let by_hand = CloseDraft { reason: Some(CloseReason::Reassessed), note: String::new() };
        assert_eq!(
            by_hand.validate(crate::Language::Nb.clinical()).expect_err("by hand").0[0].field,
            "close.reason"
        );
        let other = CloseDraft { reason: Some(CloseReason::Other), note: " ".into() };
        assert_eq!(
            other.validate(crate::Language::Nb.clinical()).expect_err("other").0[0].field,
            "close.note"
        );
    }
}
