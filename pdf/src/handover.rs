//! The handover report (vaktrapport) on A4, for the handover meeting: the unit and the shift on
//! top, then each patient with something to hand over (most need first, as the page shows it),
//! then the quiet ones on a line each. Every page ends with who made it, when, and "Side x av y".

use crate::canvas::{Align, Canvas, Resources, PAGE_HEIGHT};
use crate::fonts::Weight::{Bold, Regular};
use crate::layout::{Pages, CONTENT_WIDTH, MARGIN};
use lindra::time::format_date_time_in;
use lindra::Language;
use lindra_charts::model::{palette, Rgb};

const INK: Rgb = palette::INK;
const MUTED: Rgb = palette::MUTED;
const URGENT: Rgb = Rgb(0xb7, 0x1c, 0x1c);
const RULE: Rgb = Rgb(0xc9, 0xd1, 0xda);

/// One patient with something to hand over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetRow {
    /// "Rom 102 · Ragnhild Pettersen"
    pub heading: String,
    /// Each line as the page says it: the follow-up, registrations, steps, notes.
    pub lines: Vec<String>,
    /// A re-assessment overdue: the heading in red.
    pub urgent: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandoverSheet {
    /// The language of the sheet's own words (the footer, "Side x av y"): the unit's written
    /// language. The texts below come worded, in the same language.
    pub language: Language,
    pub unit: String,
    /// "Vakt: Kveld, 05.12.2026 kl. 15:00–23:00"
    pub title: String,
    pub rows: Vec<SheetRow>,
    /// The heading over the quiet ones, and their lines.
    pub quiet_heading: String,
    pub quiet: Vec<String>,
    pub generated_by: String,
    pub generated_at: chrono::DateTime<chrono::Utc>,
}

pub fn pages<'a>(
    sheet: &HandoverSheet,
    fonts: &'a crate::fonts::Fonts,
    ids: &'a Resources,
) -> Vec<Canvas<'a>> {
    let mut p = Pages::new(fonts, ids);
    p.paragraph(&sheet.unit, MARGIN, CONTENT_WIDTH, 16.0, Bold, INK);
    p.paragraph(&sheet.title, MARGIN, CONTENT_WIDTH, 12.0, Regular, INK);
    p.y += 6.0;
    for row in &sheet.rows {
        p.ensure(40.0);
        p.y += 6.0;
        p.page.line([(MARGIN, p.y), (MARGIN + CONTENT_WIDTH, p.y)], RULE, 0.5);
        p.y += 2.0;
        p.paragraph(&row.heading, MARGIN, CONTENT_WIDTH, 10.5, Bold, if row.urgent { URGENT } else { INK });
        for line in &row.lines {
            p.paragraph(line, MARGIN + 10.0, CONTENT_WIDTH - 10.0, 9.0, Regular, INK);
        }
    }
    if !sheet.quiet.is_empty() {
        p.y += 8.0;
        p.heading(&sheet.quiet_heading, 20.0);
        for line in &sheet.quiet {
            p.paragraph(line, MARGIN, CONTENT_WIDTH, 9.0, Regular, INK);
        }
    }
    let mut pages = p.finish();
    let total = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        footer(page, sheet, i + 1, total);
    }
    pages
}

fn footer(c: &mut Canvas, sheet: &HandoverSheet, page: usize, total: usize) {
    let y = PAGE_HEIGHT - 26.0;
    c.line([(MARGIN, y - 10.0), (MARGIN + CONTENT_WIDTH, y - 10.0)], RULE, 0.5);
    let w = sheet.language.report();
    let left = (w.handover_footer)(
        &sheet.title,
        &format_date_time_in(sheet.generated_at, sheet.language),
        &sheet.generated_by,
    );
    let left = c.fit(&left, CONTENT_WIDTH - 70.0, 7.5, Regular);
    c.text(&left, MARGIN, y, 7.5, Regular, MUTED, Align::Left);
    c.text(&(w.page)(page, total), MARGIN + CONTENT_WIDTH, y, 8.0, Bold, INK, Align::Right);
}
