//! What the summary says, before it is laid out: the patient, where they are cared for and whom
//! to call, the period and its registrations, and who made the summary. The figures the pages
//! print (latest, previous, highest and mean in the period, meaningful changes) are computed
//! here from the domain's rules, and tested without a PDF.

use chrono::{DateTime, NaiveDate, Utc};
use lindra::esas::Change;
use lindra::nrs::NrsQuestion;
use lindra::{EsasItem, Language, Registration, Score, SumKind};

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
    /// The unit's kind in the report's language ("Sykehjem", "Sjukeheim"; see
    /// `lindra::text::ReportWords::unit_kind`).
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
    /// The language the summary is written in: its unit's written language (bokmål or
    /// nynorsk), whoever prints it.
    pub language: Language,
    pub recipient: Recipient,
    pub patient: ReportPatient,
    pub unit: ReportUnit,
    /// The period, both ends inclusive.
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    /// The registrations observed in the period, oldest first.
    pub entries: Vec<Entry>,
    /// The follow-ups open at any time in the period, oldest first.
    pub followups: Vec<lindra::followup::steps::Followup>,
    /// The patient's expected symptoms in force when the summary was made.
    pub expected: Vec<lindra::followup::ExpectedSymptom>,
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
        let (clinical, words) = (self.language.clinical(), self.language.report());
        let latest = &latest.registration;
        let previous = self.previous().map(|e| &e.registration);
        let all: Vec<&Registration> = self.entries.iter().map(|e| &e.registration).collect();
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
                    (EsasItem::Other, Some(o)) => ((words.other_row)(&o.name), o.name.clone()),
                    _ => {
                        let name = (clinical.item_short_label)(item);
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
            let name = (clinical.sum_label)(kind).split(" (").next().unwrap_or_default().to_string();
            let items = kind.items();
            let (first, last) = (items[0].number(), items[items.len() - 1].number());
            let label = (words.sum_row)(&name, first, last, kind.max());
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

#[cfg(test)]
mod tests {
    use super::*;
    use lindra::esas::{CompletedBy, EsasScores};
    use lindra::{ItemValue, PainNrs};

    fn at(hours: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_794_000_000 + hours * 3600, 0).expect("time")
    }

    /// A registration with items 1-9 (-1 = "kan ikke vurdere") and pain now.
    fn entry(hours: i64, items: [i64; 9], pain_now: Option<i64>) -> Entry {
        let value = |v: i64| {
            Some(if v < 0 { ItemValue::NotAssessed } else { ItemValue::Score(Score::new(v).expect("s")) })
        };
        Entry {
            registration: Registration {
                observed_at: at(hours),
                completed_by: CompletedBy::Patient,
                esas: EsasScores { symptoms: items.map(value), other: None },
                pain: PainNrs { now: pain_now.map(|v| Score::new(v).expect("s")), ..PainNrs::default() },
                body_marks: Vec::new(),
                note: String::new(),
                self_report: None,
            },
            recorded_by: "Kari".into(),
            recorded_at: at(hours),
            correction_reason: None,
        }
    }

    fn report(entries: Vec<Entry>) -> Report {
        Report {
            language: Language::Nb,
            recipient: Recipient::Fastlege,
            patient: ReportPatient {
                name: "Åse Ødegård".into(),
                birth_date: NaiveDate::from_ymd_opt(1940, 1, 1).expect("d"),
                room: "1".into(),
            },
            unit: ReportUnit {
                name: "Avd".into(),
                kind: "Sykehjem".into(),
                contact_phone: String::new(),
                contact_after_hours: String::new(),
                assessment_interval_hours: 24,
            },
            from: at(-48),
            to: at(48),
            entries,
            followups: Vec::new(),
            expected: Vec::new(),
            generated_by: "Ola".into(),
            generated_at: at(48),
        }
    }

    #[test]
    fn rows_compare_the_latest_with_the_one_before_by_the_meaningful_change_rules() {
        let r = report(vec![
            entry(0, [2, 2, 2, 2, 2, 2, 2, 2, 2], Some(3)),
            entry(10, [4, 3, 2, 2, 2, 2, 2, 2, 2], Some(8)),
            entry(20, [6, 3, 1, 2, 2, 2, 2, 3, 2], None),
        ]);
        let rows = r.rows();
        assert_eq!(rows.len(), 12, "nine items and three sums (no annet problem)");
        let pain = &rows[0];
        assert_eq!(
            (pain.latest, pain.previous, pain.difference),
            (Cell::Number(6), Cell::Number(4), Some(2))
        );
        assert_eq!(pain.change, Some(Change::Worsened), "2 points on an item");
        assert_eq!(pain.highest, Some(6));
        assert_eq!(pain.mean, Some(4.0));
        assert_eq!(rows[1].change, Some(Change::Stable), "same score");
        assert_eq!(rows[2].change, Some(Change::Stable), "1 point better is not meaningful");
        let total = &rows[9];
        assert_eq!(total.name, "Total symptombelastning");
        assert_eq!(total.label, "Total symptombelastning (1–9, maks 90)");
        assert_eq!((total.latest, total.previous), (Cell::Number(23), Cell::Number(21)));
        assert_eq!(total.change, Some(Change::Stable), "+2 is below Hui's 4");
        let emotional = &rows[11];
        assert_eq!((emotional.latest, emotional.previous), (Cell::Number(5), Cell::Number(4)));
        assert_eq!(emotional.change, Some(Change::Worsened), "emotional worsens at +1 (Hui 2016)");
        let nrs = r.pain();
        assert_eq!((nrs[0].latest, nrs[0].highest, nrs[0].mean), (None, Some(8), Some(5.5)));
    }

    #[test]
    fn kan_ikke_vurdere_is_neither_a_value_nor_part_of_a_mean_and_leaves_the_sum_undefined() {
        let r = report(vec![
            entry(0, [4, 2, 2, 2, 2, 2, 2, 2, 2], None),
            entry(10, [-1, 2, 2, 2, 2, 2, 2, 2, 2], None),
        ]);
        let rows = r.rows();
        assert_eq!(rows[0].latest, Cell::NotAssessed);
        assert_eq!((rows[0].difference, rows[0].change), (None, None));
        assert_eq!((rows[0].highest, rows[0].mean), (Some(4), Some(4.0)));
        let total = &rows[9];
        assert_eq!(total.latest, Cell::NotAssessed, "undefined, never 0");
        assert_eq!(total.change, None);
        assert_eq!(total.mean, Some(20.0), "only the defined sum counts");
    }

    #[test]
    fn one_registration_has_no_previous_and_none_has_no_rows() {
        let r = report(vec![entry(0, [1; 9], None)]);
        assert!(r.rows().iter().all(|row| row.previous == Cell::Empty && row.change.is_none()));
        assert!(report(Vec::new()).rows().is_empty());
    }

    #[test]
    fn a_report_renders_to_a_pdf_with_its_text_and_a_subset_font() {
        let r = report(vec![entry(0, [1; 9], Some(2)), entry(10, [8, 2, 2, 2, 2, 2, 2, 2, 2], Some(7))]);
        let pdf = crate::render(&r).expect("pdf");
        assert!(pdf.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("+DejaVuSans"), "a subset-tagged font");
        assert!(text.contains("/FontFile2"), "the font program is embedded");
        assert!(pdf.len() < 200_000, "subset, not the whole 750 KB font: {} bytes", pdf.len());
    }

    /// Every text the laid-out pages show, in order.
    fn texts(r: &Report) -> Vec<String> {
        let fonts = crate::fonts::fonts().expect("fonts");
        let mut doc = printpdf::PdfDocument::new("test");
        let ids = crate::canvas::Resources {
            regular: printpdf::FontId::new(),
            bold: printpdf::FontId::new(),
            figures: crate::figure::Figures::add_to(&mut doc),
        };
        let pages = crate::layout::pages(r, fonts, &ids).expect("pages");
        pages
            .iter()
            .flat_map(|p| p.ops.iter())
            .filter_map(|op| match op {
                printpdf::Op::ShowText { items } => Some(items.iter().filter_map(|i| match i {
                    printpdf::TextItem::Text(t) => Some(t.clone()),
                    _ => None,
                })),
                _ => None,
            })
            .flatten()
            .collect()
    }

    /// A report with a body mark (105: the front of the right shoulder), breakthrough pain, an
    /// item not assessed and a note.
    fn marked_report(language: Language) -> Report {
        let mut latest = entry(10, [-1, 2, 2, 2, 2, 2, 2, 2, 2], Some(7));
        latest.registration.body_marks =
            vec![lindra::BodyMark { region: lindra::RegionId(105), intensity: Score::new(6).expect("s") }];
        latest.registration.pain.breakthrough = Some(true);
        latest.registration.note = "Notat".into();
        let mut r = report(vec![entry(0, [1; 9], Some(2)), latest]);
        r.language = language;
        r
    }

    #[test]
    fn a_report_is_written_in_its_language_on_every_page() {
        let has = |texts: &[String], wanted: &str| texts.iter().any(|t| t.contains(wanted));
        let bokmal = texts(&marked_report(Language::Nb));
        for wanted in [
            "Symptomoppsummering (ESAS-r)",
            "Til fastlege",
            "Født 01.01.1940",
            "Kontakt dagtid: ",
            "Laget i Lindra",
            "Side 1 av ",
            "Skulder, forside, pasientens høyre",
            "Forløp i perioden",
            "KIV",
        ] {
            assert!(has(&bokmal, wanted), "{wanted:?} in bokmål: {bokmal:?}");
        }

        let nynorsk = texts(&marked_report(Language::Nn));
        let pages = nynorsk.iter().filter(|t| t.starts_with("Side ")).count();
        assert!(pages >= 2, "a footer on every page: {nynorsk:?}");
        for page in 1..=pages {
            assert!(has(&nynorsk, &format!("Side {page} av {pages}")), "page {page}");
        }
        for wanted in [
            "Symptomsamandrag (ESAS-r)",
            "Fødd 01.01.1940",
            "Kontakt på dagtid: ",
            "Laga i Lindra",
            "Skulder, framside, høgre side til pasienten",
            "Gjennombrotssmerte siste 24 timar (siste): ja",
            "Notat og tiltak (nyaste først)",
            "Høgaste",
            "Framside",
        ] {
            assert!(has(&nynorsk, wanted), "{wanted:?} in nynorsk: {nynorsk:?}");
        }
        for bokmal_only in ["Laget", "Født", "pasientens", "ikke", "Høyeste", "Forside", "Alvorlig"] {
            assert!(!has(&nynorsk, bokmal_only), "{bokmal_only:?} in nynorsk: {nynorsk:?}");
        }

        let english = texts(&marked_report(Language::En));
        for wanted in [
            "Symptom summary (ESAS-r)",
            "For the GP",
            "Born 01.01.1940",
            "Page 1 of ",
            "Created in Lindra",
            "Shoulder, front, patient's right",
            "CA",
            "Pain (NRS)",
        ] {
            assert!(has(&english, wanted), "{wanted:?} in English: {english:?}");
        }
        assert!(!has(&english, "Side ") && !has(&english, "KIV"), "{english:?}");
    }

    #[test]
    fn odd_input_still_gives_a_pdf_long_notes_run_over_pages_and_unknown_glyphs_do_not_panic() {
        let mut first = entry(0, [1; 9], None);
        first.registration.note = format!(
            "{} Ordetsomaldrivilslutteogsomerlengreennenlinjepåsiden{}",
            "Lang tekst. ".repeat(900),
            "x".repeat(300)
        );
        let mut second = entry(10, [2; 9], None);
        second.registration.note = "Sámi ŋ đ ŧ, emoji 🙂, CJK 痛み".into();
        let mut r = report(vec![first, second]);
        r.patient.name = "Ánde Ŋ 🙂 ".repeat(20);
        r.unit.contact_after_hours = "9".repeat(400);
        let pdf = crate::render(&r).expect("pdf");
        assert!(pdf.starts_with(b"%PDF-"));
        let fonts = crate::fonts::fonts().expect("fonts");
        let mut doc = printpdf::PdfDocument::new("test");
        let ids = crate::canvas::Resources {
            regular: printpdf::FontId::new(),
            bold: printpdf::FontId::new(),
            figures: crate::figure::Figures::add_to(&mut doc),
        };
        let pages = crate::layout::pages(&r, fonts, &ids).expect("pages").len();
        assert!(pages >= 4, "the long note runs over pages: {pages}");
    }
}
