//! What the summary says, before it is laid out: the patient, where they are cared for and whom
//! to call, the period and its registrations, and who made the summary. The figures the pages
//! print (latest, previous, highest and mean in the period, meaningful changes) are computed
//! here from the domain's rules, and tested without a PDF.

use chrono::{DateTime, NaiveDate, Utc};
use lindra::esas::Change;
use lindra::nrs::NrsQuestion;
use lindra::{EsasItem, Registration, Score, SumKind};

pub use lindra::summary::Recipient;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportPatient {
    pub name: String,
    pub birth_date: NaiveDate,
    pub room: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportUnit {
    pub name: String,
    /// "Sykehjem", "Hjemmetjeneste", ...
    pub kind: String,
    pub contact_phone: String,
    pub contact_after_hours: String,
    pub assessment_interval_hours: i32,
}

/// One registration of the period (its current version) and who recorded it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub registration: Registration,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
    /// Why it was corrected, when the version shown is a correction.
    pub correction_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub recipient: Recipient,
    pub patient: ReportPatient,
    pub unit: ReportUnit,
    /// The period, both ends inclusive.
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    /// The registrations observed in the period, oldest first.
    pub entries: Vec<Entry>,
    /// Who made the summary ("Kari Nordmann, sykepleier") and when.
    pub generated_by: String,
    pub generated_at: DateTime<Utc>,
}

/// One row of the latest-ESAS-r table: the latest value, the one before, the change, and the
/// highest and mean score over the period.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// As the table prints it: "5. Matlyst", "Total symptombelastning (1–9, maks 90)".
    pub label: String,
    /// As a sentence says it: "Matlyst", "Total symptombelastning".
    pub name: String,
    pub latest: Cell,
    pub previous: Cell,
    /// latest - previous, when both are numbers.
    pub difference: Option<i32>,
    /// Meaningful by the rules of the row (Hui 2016 for sums, 2 points for items).
    pub change: Option<Change>,
    pub highest: Option<u8>,
    pub mean: Option<f32>,
    /// For colouring: a 0-10 item (band colours) or a sum (no band).
    pub is_score: bool,
}

/// One pain NRS question over the period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PainRow {
    pub question: NrsQuestion,
    pub latest: Option<u8>,
    pub highest: Option<u8>,
    pub mean: Option<f32>,
}

/// A value as the table prints it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    Number(u8),
    /// "Kan ikke vurdere" (or a sum that cannot be computed because of it).
    NotAssessed,
    /// Not recorded.
    Empty,
}

impl Report {
    pub fn registrations(&self) -> Vec<Registration> {
        self.entries.iter().map(|e| e.registration.clone()).collect()
    }

    pub fn latest(&self) -> Option<&Entry> {
        self.entries.last()
    }

    pub fn previous(&self) -> Option<&Entry> {
        self.entries.len().checked_sub(2).and_then(|i| self.entries.get(i))
    }

    /// Whole days the period covers (at least 1).
    pub fn days(&self) -> i64 {
        let from = lindra::time::to_oslo(self.from).date();
        let to = lindra::time::to_oslo(self.to).date();
        (to - from).num_days() + 1
    }

    /// The item rows (1-9, and "annet problem" when the latest registration has one) and the three
    /// sums.
    pub fn rows(&self) -> Vec<Row> {
        let Some(latest) = self.latest() else { return Vec::new() };
        let latest = &latest.registration;
        let previous = self.previous().map(|e| &e.registration);
        let all = self.registrations();
        let mut rows: Vec<Row> = EsasItem::SYMPTOMS
            .into_iter()
            .chain(latest.esas.other.is_some().then_some(EsasItem::Other))
            .map(|item| {
                let cell = |r: &Registration| match r.esas.get(item) {
                    Some(v) => v.score().map_or(Cell::NotAssessed, |s| Cell::Number(s.value())),
                    None => Cell::Empty,
                };
                let scores: Vec<u8> =
                    all.iter().filter_map(|r| r.esas.score(item)).map(Score::value).collect();
                let (l, p) = (cell(latest), previous.map_or(Cell::Empty, cell));
                let (label, name) = match (item, &latest.esas.other) {
                    (EsasItem::Other, Some(o)) => (format!("Annet: {}", o.name), o.name.clone()),
                    _ => {
                        let name = lindra::text::item_short_label(item);
                        (format!("{}. {name}", item.number()), name.to_string())
                    }
                };
                row(label, name, l, p, &scores, true, |a, b| {
                    let score = |v: u8| Score::new(i64::from(v)).ok();
                    Some(lindra::esas::item_change(score(a)?, score(b)?))
                })
            })
            .collect();
        for kind in SumKind::ALL {
            let cell = |r: &Registration| r.esas.sum(kind).map_or(Cell::NotAssessed, Cell::Number);
            let sums: Vec<u8> = all.iter().filter_map(|r| r.esas.sum(kind)).collect();
            let name = lindra::text::sum_label(kind).split(" (").next().unwrap_or_default().to_string();
            let items = kind.items();
            let (first, last) = (items[0].number(), items[items.len() - 1].number());
            let label = format!("{name} ({first}–{last}, maks {})", kind.max());
            rows.push(row(
                label,
                name,
                cell(latest),
                previous.map_or(Cell::Empty, cell),
                &sums,
                false,
                |a, b| Some(kind.change(a, b)),
            ));
        }
        rows
    }

    /// Pain NRS per question: latest, highest and mean over the period.
    pub fn pain(&self) -> Vec<PainRow> {
        let latest = self.latest().map(|e| e.registration.pain).unwrap_or_default();
        NrsQuestion::ALL
            .into_iter()
            .map(|q| {
                let values: Vec<u8> = self
                    .entries
                    .iter()
                    .filter_map(|e| e.registration.pain.get(q))
                    .map(Score::value)
                    .collect();
                PainRow {
                    question: q,
                    latest: latest.get(q).map(Score::value),
                    highest: values.iter().copied().max(),
                    mean: mean(&values),
                }
            })
            .collect()
    }

    /// Registrations of the period that answered the breakthrough question, and how many said yes.
    pub fn breakthrough(&self) -> (usize, usize) {
        let answers: Vec<bool> =
            self.entries.iter().filter_map(|e| e.registration.pain.breakthrough).collect();
        (answers.len(), answers.iter().filter(|b| **b).count())
    }

    /// The notes of the period, oldest first.
    pub fn notes(&self) -> Vec<&Entry> {
        self.entries.iter().filter(|e| !e.registration.note.trim().is_empty()).collect()
    }
}

fn mean(values: &[u8]) -> Option<f32> {
    (!values.is_empty()).then(|| values.iter().map(|v| f32::from(*v)).sum::<f32>() / values.len() as f32)
}

#[allow(clippy::too_many_arguments)]
fn row(
    label: String,
    name: String,
    latest: Cell,
    previous: Cell,
    values: &[u8],
    is_score: bool,
    classify: impl Fn(u8, u8) -> Option<Change>,
) -> Row {
    let (difference, change) = match (latest, previous) {
        (Cell::Number(l), Cell::Number(p)) => (Some(i32::from(l) - i32::from(p)), classify(p, l)),
        _ => (None, None),
    };
    Row {
        label,
        name,
        latest,
        previous,
        difference,
        change,
        highest: values.iter().copied().max(),
        mean: mean(values),
        is_score,
    }
}
