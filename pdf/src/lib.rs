//! The PDF summary for the GP (fastlege) or the palliative team: A4, in the unit's written
//! language (`Report::language`, words from `lindra::text::ReportWords`), made on the
//! server from printpdf operations. Charts are drawn by the trend page's own chart code
//! (`lindra-charts`) through a plotters backend that emits PDF operations, so lines stay sharp
//! and text stays text. DejaVu Sans (assets/fonts, with its licence) is embedded and subset.
//!
//! [`render`] takes a [`Report`] (plain data; no database, no HTTP) and returns the file.

pub mod canvas;
pub mod figure;
pub mod fonts;
pub mod handover;
pub mod layout;
pub mod plot;
pub mod report;

pub use report::{Entry, Recipient, Report, ReportPatient, ReportUnit};

use printpdf::{FontId, Mm, Op, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, TextItem};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PdfError {
    /// The shipped fonts could not be read (a broken build, not bad input).
    Fonts,
    /// A chart could not be drawn.
    Chart(String),
    /// The file could not be written out.
    Write(String),
}

impl std::fmt::Display for PdfError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PdfError::Fonts => f.write_str("the PDF fonts could not be parsed"),
            PdfError::Chart(e) => write!(f, "a chart could not be drawn: {e}"),
            PdfError::Write(e) => write!(f, "the PDF could not be written: {e}"),
        }
    }
}

impl std::error::Error for PdfError {}

fn pdf_date(at: chrono::DateTime<chrono::Utc>) -> printpdf::DateTime {
    use chrono::{Datelike, Timelike};
    let n = |v: u32| u8::try_from(v).unwrap_or(0);
    printpdf::DateTime {
        date: printpdf::Date { year: at.year(), month: n(at.month()), day: n(at.day()) },
        time: printpdf::Time {
            hour: n(at.hour()),
            minute: n(at.minute()),
            second: n(at.second()),
            millisecond: 0,
        },
        offset: printpdf::Offset { hours: 0, minutes: 0, seconds: 0, milliseconds: 0 },
    }
}

/// Deflates every stream at a fast level. printpdf's own option compresses at the best level,
/// which took three quarters of the time of a 14-day summary for a file a few per cent smaller.
fn compress(pdf: &mut lopdf::Document) {
    use std::io::Write;
    for object in pdf.objects.values_mut() {
        let lopdf::Object::Stream(stream) = object else { continue };
        if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
            continue;
        }
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(LEVEL));
        let Ok(compressed) = encoder.write_all(&stream.content).and_then(|()| encoder.finish()) else {
            continue;
        };
        if compressed.len() + 19 < stream.content.len() {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(compressed);
        }
    }
}

/// zlib level of the streams.
const LEVEL: u32 = 2;

/// The characters each font shows on the pages.
fn used_chars<'o>(ops: impl Iterator<Item = &'o Op>) -> BTreeMap<FontId, BTreeSet<char>> {
    let mut used: BTreeMap<FontId, BTreeSet<char>> = BTreeMap::new();
    let mut current: Option<&FontId> = None;
    for op in ops {
        match op {
            Op::SetFont { font: PdfFontHandle::External(id), .. } => current = Some(id),
            Op::ShowText { items } => {
                if let Some(id) = current {
                    let set = used.entry(id.clone()).or_default();
                    for item in items {
                        if let TextItem::Text(t) = item {
                            set.extend(t.chars());
                        }
                    }
                }
            }
            _ => {}
        }
    }
    used
}

/// The summary as a PDF file, in the report's language.
pub fn render(report: &Report) -> Result<Vec<u8>, PdfError> {
    let title = format!("{} – {}", report.language.report().title, report.patient.name);
    document(&title, report.recipient.label_in(report.language), report.generated_at, |fonts, ids| {
        layout::pages(report, fonts, ids).map_err(PdfError::Chart)
    })
}

/// The handover report as a PDF file, for the handover meeting.
pub fn render_handover(sheet: &handover::HandoverSheet) -> Result<Vec<u8>, PdfError> {
    let subject = sheet.language.report().handover;
    let title = format!("{subject} – {} – {}", sheet.unit, sheet.title);
    document(&title, subject, sheet.generated_at, |fonts, ids| Ok(handover::pages(sheet, fonts, ids)))
}

/// An A4 document of the pages `pages` lays out, with its metadata and only the glyphs it uses.
fn document(
    title: &str,
    subject: &str,
    generated_at: chrono::DateTime<chrono::Utc>,
    pages: impl for<'a> FnOnce(
        &'a fonts::Fonts,
        &'a canvas::Resources,
    ) -> Result<Vec<canvas::Canvas<'a>>, PdfError>,
) -> Result<Vec<u8>, PdfError> {
    let fonts = fonts::fonts().ok_or(PdfError::Fonts)?;
    let mut doc = PdfDocument::new(title);
    doc.metadata.info.creator = "Lindra".into();
    doc.metadata.info.producer = "Lindra (printpdf)".into();
    doc.metadata.info.subject = subject.into();
    let at = pdf_date(generated_at);
    doc.metadata.info.creation_date = at;
    doc.metadata.info.modification_date = at;
    doc.metadata.info.metadata_date = at;
    let ids = canvas::Resources {
        regular: FontId::new(),
        bold: FontId::new(),
        figures: figure::Figures::add_to(&mut doc),
    };
    let pages = pages(fonts, &ids)?;

    // Embed only the glyphs the pages use.
    let used = used_chars(pages.iter().flat_map(|p| p.ops.iter()));
    for (id, ttf, full, name) in [
        (&ids.regular, fonts::REGULAR_TTF, &fonts.regular, "DejaVuSans"),
        (&ids.bold, fonts::BOLD_TTF, &fonts.bold, "DejaVuSans-Bold"),
    ] {
        let Some(chars) = used.get(id) else { continue };
        let font = fonts::subset(ttf, full, chars, name).unwrap_or_else(|| full.clone());
        doc.resources.fonts.map.insert(id.clone(), printpdf::font::PdfFont::new(font));
    }
    let pages: Vec<PdfPage> = pages.into_iter().map(|c| PdfPage::new(Mm(210.0), Mm(297.0), c.ops)).collect();
    let doc = doc.with_pages(pages);
    let mut warnings = Vec::new();
    let options = PdfSaveOptions { optimize: false, ..PdfSaveOptions::default() };
    let mut pdf = printpdf::serialize::to_lopdf_doc(doc, &options, &mut warnings);
    compress(&mut pdf);
    let mut out = Vec::with_capacity(256 * 1024);
    pdf.save_to(&mut out).map_err(|e| PdfError::Write(e.to_string()))?;
    Ok(out)
}
