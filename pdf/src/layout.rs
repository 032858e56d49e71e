//! The pages. Page 1 is what a GP reads between two consultations: who, where, whom to call, how
//! the patient is now (the latest ESAS-r with colours, the sums and their changes, pain NRS, where
//! it hurts). Then the course: a chart per item, the sums, pain, the body map over the period, and
//! the notes and measures. Every page ends with who made it, when, and "Side x av y".

use crate::canvas::{Align, Canvas, Paint, Resources, PAGE_HEIGHT, PAGE_WIDTH};
use crate::fonts::Weight::{self, Bold, Regular};
use crate::plot::PdfBackend;
use crate::report::{Cell, Report, Row};
use lindra::body_map::{BodyView, RegionId};
use lindra::body_shape::{self, FIGURE_HEIGHT, FIGURE_WIDTH};
use lindra::esas::Change;
use lindra::text::ReportWords;
use lindra::time::{format_date, format_date_time_in, to_oslo};
use lindra::{Language, Score, Severity};
use lindra_charts::model::{palette, Rgb, Span};
use lindra_charts::Chart;
use plotters::prelude::IntoDrawingArea;

pub const MARGIN: f32 = 42.0;
pub const TOP: f32 = 40.0;
/// Content ends here; the footer sits below.
pub const BOTTOM: f32 = PAGE_HEIGHT - 48.0;
pub const CONTENT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;

const INK: Rgb = palette::INK;
const MUTED: Rgb = palette::MUTED;
const RULE: Rgb = Rgb(0xc9, 0xd1, 0xda);
const SHADE: Rgb = Rgb(0xf1, 0xf4, 0xf7);
const WHITE: Rgb = Rgb(0xff, 0xff, 0xff);

/// One chart pixel in points: the chart code's 15 px labels print at 7 pt.
const CHART_SCALE: f32 = 0.47;

/// The text colour that reads on a band's fill.
fn on_band(severity: Severity) -> Rgb {
    match severity {
        Severity::None | Severity::Severe => WHITE,
        Severity::Mild | Severity::Moderate => INK,
    }
}

fn severity(value: u8) -> Option<Severity> {
    Score::new(i64::from(value)).ok().map(Severity::of)
}

/// "4,5" (or "4.5"), by the report's words.
fn decimal(v: f32, w: &ReportWords) -> String {
    format!("{v:.1}").replace('.', &w.decimal_separator.to_string())
}

/// Lays pages out from the top down, starting a new page when the next block does not fit.
pub struct Pages<'a> {
    fonts: &'a crate::fonts::Fonts,
    ids: &'a Resources,
    pub done: Vec<Canvas<'a>>,
    pub page: Canvas<'a>,
    pub y: f32,
}

impl<'a> Pages<'a> {
    pub fn new(fonts: &'a crate::fonts::Fonts, ids: &'a Resources) -> Pages<'a> {
        Pages { fonts, ids, done: Vec::new(), page: Canvas::new(fonts, ids), y: TOP }
    }

    pub fn new_page(&mut self) {
        let page = std::mem::replace(&mut self.page, Canvas::new(self.fonts, self.ids));
        self.done.push(page);
        self.y = TOP;
    }

    /// Makes room for `height` points, on a new page if needed.
    pub fn ensure(&mut self, height: f32) {
        if self.y + height > BOTTOM && self.y > TOP {
            self.new_page();
        }
    }

    /// A section heading with a rule under it.
    pub fn heading(&mut self, title: &str, keep_with: f32) {
        self.ensure(26.0 + keep_with);
        self.y += 14.0;
        self.page.text(title, MARGIN, self.y, 11.5, Bold, INK, Align::Left);
        self.y += 5.0;
        self.page.line([(MARGIN, self.y), (MARGIN + CONTENT_WIDTH, self.y)], RULE, 0.6);
        self.y += 7.0;
    }

    /// Wrapped text, line by line (a long text may run over pages).
    pub fn paragraph(&mut self, text: &str, x: f32, width: f32, size: f32, weight: Weight, color: Rgb) {
        let leading = size * 1.35;
        for line in self.page.wrap(text, width, size, weight) {
            self.ensure(leading);
            self.y += leading;
            self.page.text(&line, x, self.y - size * 0.3, size, weight, color, Align::Left);
        }
    }

    pub fn finish(mut self) -> Vec<Canvas<'a>> {
        self.new_page();
        self.done
    }
}

/// All pages of the report, footers included.
pub fn pages<'a>(
    report: &Report,
    fonts: &'a crate::fonts::Fonts,
    ids: &'a Resources,
) -> Result<Vec<Canvas<'a>>, String> {
    let mut p = Pages::new(fonts, ids);
    head(&mut p, report);
    if report.entries.is_empty() {
        nothing_in_period(&mut p, report);
    } else {
        // Computed once, read by several blocks.
        let rows = report.rows();
        let registrations = report.registrations();
        status(&mut p, report, &rows);
        latest_table(&mut p, report, &rows);
        pain_and_body(&mut p, report);
        course(&mut p, report, &registrations)?;
        heat(&mut p, &registrations, report.language);
        followups(&mut p, report);
        notes(&mut p, report);
    }
    let mut pages = p.finish();
    let total = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        footer(page, report, i + 1, total);
    }
    Ok(pages)
}

fn head(p: &mut Pages, r: &Report) {
    let w = r.language.report();
    let x = MARGIN;
    p.y = TOP + 14.0;
    p.page.text(w.title, x, p.y, 17.0, Bold, INK, Align::Left);
    p.page.text(r.recipient.label_in(r.language), x + CONTENT_WIDTH, p.y, 11.0, Bold, INK, Align::Right);
    p.y += 13.0;
    let made = (w.made)(&format_date_time_in(r.generated_at, r.language), &r.generated_by);
    p.page.text(&made, x, p.y, 8.0, Regular, MUTED, Align::Left);
    p.y += 9.0;

    // Who and where, and whom to call.
    const BOX_H: f32 = 80.0;
    let box_top = p.y;
    let pad = 9.0;
    let mut y = box_top + pad + 11.0;
    p.page.rect(x, box_top, CONTENT_WIDTH, BOX_H, Paint::fill(SHADE));
    p.page.text(&r.patient.name, x + pad, y, 14.0, Bold, INK, Align::Left);
    let age = age(r.patient.birth_date, r.generated_at);
    let born = (w.born)(&r.patient.birth_date.format("%d.%m.%Y").to_string(), age, &r.patient.room);
    let name_w = p.page.width(&r.patient.name, 14.0, Bold);
    p.page.text(&born, x + pad + name_w + 10.0, y, 9.5, Regular, INK, Align::Left);
    y += 15.0;
    let place = (w.cared_for_at)(&r.unit.name, &r.unit.kind.to_lowercase());
    p.page.text(&place, x + pad, y, 9.5, Regular, INK, Align::Left);
    y += 14.0;
    let given = |number: &'_ str| -> String {
        let number = number.trim();
        if number.is_empty() { w.not_registered } else { number }.to_string()
    };
    let (day, evening) = (given(&r.unit.contact_phone), given(&r.unit.contact_after_hours));
    let width = CONTENT_WIDTH - 2.0 * pad;
    contact(&mut p.page, w.contact_day, &day, x + pad, y, width);
    contact(&mut p.page, w.contact_after_hours, &evening, x + pad, y + 13.0, width);
    p.y = box_top + BOX_H + 16.0;

    let period = (w.period)(&format_date(r.from), &format_date(r.to), r.days(), r.entries.len());
    p.page.text(&period, x, p.y, 10.5, Bold, INK, Align::Left);
    p.y += 6.0;
}

fn contact(c: &mut Canvas, label: &str, value: &str, x: f32, y: f32, width: f32) {
    c.text(label, x, y, 9.5, Regular, MUTED, Align::Left);
    let lw = c.width(label, 9.5, Regular);
    let value = c.fit(value, width - lw - 6.0, 9.5, Bold);
    c.text(&value, x + lw, y, 9.5, Bold, INK, Align::Left);
}

fn age(born: chrono::NaiveDate, at: chrono::DateTime<chrono::Utc>) -> i32 {
    use chrono::Datelike;
    let today = to_oslo(at).date();
    let mut years = today.year() - born.year();
    if (today.month(), today.day()) < (born.month(), born.day()) {
        years -= 1;
    }
    years
}

fn nothing_in_period(p: &mut Pages, r: &Report) {
    let w = r.language.report();
    p.y += 16.0;
    p.page.rect(MARGIN, p.y, CONTENT_WIDTH, 58.0, Paint::both(WHITE, RULE, 0.8));
    p.page.text(w.nothing_in_period, MARGIN + 12.0, p.y + 24.0, 13.0, Bold, INK, Align::Left);
    let hint = (w.nothing_hint)(&r.patient.name, &format_date(r.from), &format_date(r.to));
    let hint = p.page.fit(&hint, CONTENT_WIDTH - 24.0, 9.0, Regular);
    p.page.text(&hint, MARGIN + 12.0, p.y + 42.0, 9.0, Regular, INK, Align::Left);
    p.y += 58.0;
}

/// The state at a glance, in words: severe items, meaningful changes, how long since the last
/// registration.
fn status(p: &mut Pages, r: &Report, rows: &[Row]) {
    let Some(latest) = r.latest() else { return };
    let w = r.language.report();
    let reg = &latest.registration;
    let mut lines: Vec<(&str, String, Rgb)> = Vec::new();
    let severe: Vec<String> = rows
        .iter()
        .filter(|row| row.is_score)
        .filter_map(|row| match row.latest {
            Cell::Number(v) if v >= lindra::course::SEVERE_FROM => Some(format!("{} {v}", row.name)),
            _ => None,
        })
        .collect();
    if severe.is_empty() {
        lines.push((w.severe_now, w.no_severe.into(), INK));
    } else {
        lines.push((w.severe_now, severe.join(", "), palette::WORSENED));
    }
    let changed = |want: Change| -> String {
        let parts: Vec<String> = rows
            .iter()
            .filter(|row| row.change == Some(want))
            .filter_map(|row| match (row.previous, row.latest) {
                (Cell::Number(before), Cell::Number(now)) => Some(format!("{} {before} → {now}", row.name)),
                _ => None,
            })
            .collect();
        parts.join(", ")
    };
    match r.previous() {
        None => lines.push((w.change, w.only_one.into(), MUTED)),
        Some(previous) => {
            let since =
                (w.compared_with)(&format_date_time_in(previous.registration.observed_at, r.language));
            let (worse, better) = (changed(Change::Worsened), changed(Change::Improved));
            if worse.is_empty() && better.is_empty() {
                lines.push((w.change, (w.no_meaningful_change)(&since), INK));
            }
            if !worse.is_empty() {
                lines.push((w.worsened, format!("{worse} ({since})"), palette::WORSENED));
            }
            if !better.is_empty() {
                lines.push((w.improved, format!("{better} ({since})"), palette::IMPROVED));
            }
        }
    }
    let interval = i64::from(r.unit.assessment_interval_hours);
    let since = lindra::time::format_since_in(reg.observed_at, r.generated_at, r.language);
    let last = format!("{} ({since})", format_date_time_in(reg.observed_at, r.language));
    // The unit overview's rule, so the PDF and the overview agree on who is overdue.
    let previous = r.previous().map(|e| &e.registration);
    let attention = lindra::course::Attention::assess(
        Some(reg),
        previous,
        r.generated_at,
        chrono::Duration::hours(interval),
    );
    if attention.overdue {
        lines.push((w.last_registration, (w.overdue)(&last, interval), palette::WORSENED));
    } else {
        lines.push((w.last_registration, last, INK));
    }

    p.heading(w.now_heading, 14.0 * lines.len() as f32);
    let label_w = 112.0;
    for (label, value, color) in lines {
        let size = 9.5;
        let wrapped = p.page.wrap(&value, CONTENT_WIDTH - label_w, size, Regular);
        p.ensure(size * 1.4 * wrapped.len() as f32);
        let label_color = if color == INK { MUTED } else { color };
        p.page.text(label, MARGIN, p.y + size, size, Bold, label_color, Align::Left);
        let weight = if color == palette::WORSENED { Bold } else { Regular };
        for line in wrapped {
            p.page.text(
                &line,
                MARGIN + label_w,
                p.y + size,
                size,
                weight,
                if color == MUTED { MUTED } else { INK },
                Align::Left,
            );
            p.y += size * 1.4;
        }
    }
    p.y += 4.0;
}

/// Column x positions of the latest-ESAS-r table: label, latest, previous, change, highest, mean.
const COLS: [f32; 6] = [0.0, 226.0, 268.0, 330.0, 404.0, 462.0];
const ROW_H: f32 = 15.0;

fn latest_table(p: &mut Pages, r: &Report, rows: &[Row]) {
    let Some(latest) = r.latest() else { return };
    let (w, clinical) = (r.language.report(), r.language.clinical());
    let reg = &latest.registration;
    p.heading(w.latest_heading, 3.0 * ROW_H + ROW_H * rows.len() as f32);
    let mut who = format!(
        "{} · {}: {} · {}",
        format_date_time_in(reg.observed_at, r.language),
        clinical.completed_by_label,
        clinical.completed_by_of(reg).to_lowercase(),
        (w.registered_by)(&latest.recorded_by)
    );
    if let Some(reason) = &latest.correction_reason {
        who.push_str(&format!(" · {}", (w.corrected)(reason)));
    }
    p.paragraph(&who, MARGIN, CONTENT_WIDTH, 9.0, Regular, INK);
    p.y += 4.0;

    let x = MARGIN;
    let previous_label = r.previous().map_or(w.previous.to_string(), |e| {
        (w.previous_on)(&lindra::time::format_day_month(e.registration.observed_at))
    });
    let head_y = p.y + 10.0;
    for (i, title) in [w.col_symptom, w.col_now, &previous_label, w.col_change, w.col_highest, w.col_mean]
        .iter()
        .enumerate()
    {
        let align = if i == 0 { Align::Left } else { Align::Center };
        let cx = if i == 0 { x } else { x + COLS[i] + col_width(i) / 2.0 };
        p.page.text(title, cx, head_y, 8.0, Bold, MUTED, align);
    }
    p.page.text(
        w.in_period,
        x + COLS[4] + (COLS[5] + 46.0 - COLS[4]) / 2.0,
        head_y - 9.0,
        7.0,
        Regular,
        MUTED,
        Align::Center,
    );
    p.y = head_y + 4.0;
    for (i, row) in rows.iter().enumerate() {
        if !row.is_score && rows.get(i.wrapping_sub(1)).is_some_and(|r| r.is_score) {
            p.y += 5.0;
        }
        table_row(&mut p.page, row, p.y, i % 2 == 1, r.language);
        p.y += ROW_H;
    }
    p.y += 3.0;
    p.paragraph(w.legend, MARGIN, CONTENT_WIDTH, 7.0, Regular, MUTED);
}

fn col_width(i: usize) -> f32 {
    match i {
        1 => 40.0,
        2 => 56.0,
        3 => 66.0,
        4 => 46.0,
        _ => 46.0,
    }
}

fn table_row(c: &mut Canvas, row: &Row, y: f32, shaded: bool, language: Language) {
    let x = MARGIN;
    if shaded {
        c.rect(x - 3.0, y, CONTENT_WIDTH + 6.0, ROW_H, Paint::fill(SHADE));
    }
    let base = y + ROW_H - 4.2;
    let weight = if row.is_score { Regular } else { Bold };
    let label = c.fit(&row.label, COLS[1] - 8.0, 9.0, weight);
    c.text(&label, x, base, 9.0, weight, INK, Align::Left);
    value_cell(c, row.latest, row.is_score, x + COLS[1], y, col_width(1), true, language);
    value_cell(c, row.previous, row.is_score, x + COLS[2], y, col_width(2), false, language);
    let center = |i: usize| x + COLS[i] + col_width(i) / 2.0;
    if let Some(d) = row.difference {
        let (text, color, weight) = match row.change {
            Some(Change::Worsened) => (format!("▲ {d:+}"), palette::WORSENED, Bold),
            Some(Change::Improved) => {
                (format!("▼ {}", d.to_string().replace('-', "−")), palette::IMPROVED, Bold)
            }
            _ if d == 0 => ("0".to_string(), MUTED, Regular),
            _ => (format!("{d:+}").replace('-', "−"), INK, Regular),
        };
        c.text(&text, center(3), base, 9.0, weight, color, Align::Center);
    } else {
        c.text("–", center(3), base, 9.0, Regular, MUTED, Align::Center);
    }
    let highest = row.highest.map_or("–".into(), |h| h.to_string());
    let highest_color = match row.highest {
        Some(h) if row.is_score && h >= lindra::course::SEVERE_FROM => palette::WORSENED,
        _ => INK,
    };
    c.text(&highest, center(4), base, 9.0, Regular, highest_color, Align::Center);
    let mean = row.mean.map_or("–".into(), |m| decimal(m, language.report()));
    c.text(&mean, center(5), base, 9.0, Regular, INK, Align::Center);
}

/// A score in its band colour (items), or plain (sums and the previous value).
#[allow(clippy::too_many_arguments)]
fn value_cell(
    c: &mut Canvas,
    cell: Cell,
    is_score: bool,
    x: f32,
    y: f32,
    w: f32,
    coloured: bool,
    language: Language,
) {
    let base = y + ROW_H - 4.2;
    let cx = x + w / 2.0;
    match cell {
        Cell::Number(v) => match severity(v).filter(|_| is_score && coloured) {
            Some(sev) => {
                c.rect(x + 4.0, y + 1.5, w - 8.0, ROW_H - 3.0, Paint::fill(palette::band(sev)));
                c.text(&v.to_string(), cx, base, 9.5, Bold, on_band(sev), Align::Center);
            }
            None => {
                let weight = if coloured { Bold } else { Regular };
                c.text(&v.to_string(), cx, base, 9.5, weight, INK, Align::Center);
            }
        },
        Cell::NotAssessed => {
            c.text(language.clinical().not_assessed_short, cx, base, 8.5, Regular, MUTED, Align::Center)
        }
        Cell::Empty => c.text("–", cx, base, 9.0, Regular, MUTED, Align::Center),
    }
}

/// Pain NRS (left) and the body map of the latest registration (right).
fn pain_and_body(p: &mut Pages, r: &Report) {
    let Some(latest) = r.latest() else { return };
    let (w, clinical, body) = (r.language.report(), r.language.clinical(), r.language.body());
    let marks = &latest.registration.body_marks;
    let figure_scale = 0.25;
    let fig_h = FIGURE_HEIGHT * figure_scale;
    let block = 30.0 + fig_h.max(110.0) + 12.0 * marks.len().min(8) as f32;
    p.ensure(block);
    let top = p.y;
    let left_w = 250.0;

    // Pain NRS.
    let mut y = top + 14.0;
    p.page.text(w.pain_heading, MARGIN, y, 11.5, Bold, INK, Align::Left);
    y += 5.0;
    p.page.line([(MARGIN, y), (MARGIN + left_w, y)], RULE, 0.6);
    y += 14.0;
    let cols = [0.0, 118.0, 162.0, 210.0];
    for (i, title) in ["", w.col_latest, w.col_highest, w.col_mean].iter().enumerate() {
        p.page.text(title, MARGIN + cols[i] + 20.0, y, 8.0, Bold, MUTED, Align::Center);
    }
    y += 3.0;
    for (i, row) in r.pain().into_iter().enumerate() {
        let (q, last, highest, mean) = (row.question, row.latest, row.highest, row.mean);
        if i % 2 == 1 {
            p.page.rect(MARGIN - 3.0, y, left_w + 6.0, ROW_H, Paint::fill(SHADE));
        }
        let base = y + ROW_H - 4.2;
        p.page.text((clinical.nrs_short)(q), MARGIN, base, 9.0, Regular, INK, Align::Left);
        let cell = last.map_or(Cell::Empty, Cell::Number);
        value_cell(&mut p.page, cell, true, MARGIN + cols[1], y, 40.0, true, r.language);
        let h = highest.map_or("–".into(), |h| h.to_string());
        p.page.text(&h, MARGIN + cols[2] + 20.0, base, 9.0, Regular, INK, Align::Center);
        let m = mean.map_or("–".into(), |m| decimal(m, w));
        p.page.text(&m, MARGIN + cols[3] + 20.0, base, 9.0, Regular, INK, Align::Center);
        y += ROW_H;
    }
    y += 12.0;
    let (answered, yes) = r.breakthrough();
    let last_bt = latest.registration.pain.breakthrough;
    let bt = match last_bt {
        Some(true) => w.yes,
        Some(false) => w.no,
        None => w.not_registered,
    };
    p.page.text(
        &(w.breakthrough_latest)(clinical.breakthrough_pain, bt),
        MARGIN,
        y,
        8.5,
        Regular,
        INK,
        Align::Left,
    );
    y += 11.0;
    if answered > 0 {
        let line = (w.breakthrough_in_period)(yes, answered);
        p.page.text(&line, MARGIN, y, 8.5, Regular, MUTED, Align::Left);
        y += 11.0;
    }
    let left_bottom = y;

    // Body map of the latest registration.
    let bx = MARGIN + left_w + 22.0;
    let bw = CONTENT_WIDTH - left_w - 22.0;
    let mut y = top + 14.0;
    p.page.text(w.body_latest_heading, bx, y, 11.5, Bold, INK, Align::Left);
    y += 5.0;
    p.page.line([(bx, y), (bx + bw, y)], RULE, 0.6);
    y += 8.0;
    let intensity = |id: RegionId| marks.iter().find(|m| m.region == id).map(|m| m.intensity);
    let fig_w = FIGURE_WIDTH * figure_scale;
    for (i, view) in [BodyView::Front, BodyView::Back].into_iter().enumerate() {
        let fx = bx + i as f32 * (fig_w + 10.0);
        figure(
            &mut p.page,
            view,
            (fx, y + 10.0, figure_scale),
            &|id| intensity(id).map(|s| palette::band(Severity::of(s))),
            &|id| intensity(id).map(|s| s.value().to_string()),
            r.language,
        );
        p.page.text((body.view)(view), fx + fig_w / 2.0, y + 6.0, 7.5, Bold, MUTED, Align::Center);
    }
    let lx = bx + 2.0 * (fig_w + 10.0);
    let lw = bx + bw - lx;
    let mut ly = y + 14.0;
    if marks.is_empty() {
        for line in p.page.wrap(w.no_marks_latest, lw, 8.5, Regular) {
            p.page.text(&line, lx, ly, 8.5, Regular, MUTED, Align::Left);
            ly += 11.0;
        }
    } else {
        let mut sorted = marks.clone();
        sorted.sort_by(|a, b| b.intensity.cmp(&a.intensity).then(a.region.cmp(&b.region)));
        for m in sorted {
            let name = m.region.name_in(r.language);
            let sev = Severity::of(m.intensity);
            p.page.rect(lx, ly - 8.0, 16.0, 10.5, Paint::fill(palette::band(sev)));
            p.page.text(
                &m.intensity.value().to_string(),
                lx + 8.0,
                ly,
                8.0,
                Bold,
                on_band(sev),
                Align::Center,
            );
            for (k, line) in p.page.wrap(&name, lw - 20.0, 8.0, Regular).into_iter().enumerate() {
                p.page.text(&line, lx + 20.0, ly + k as f32 * 9.5, 8.0, Regular, INK, Align::Left);
                if k > 0 {
                    ly += 9.5;
                }
            }
            ly += 13.0;
        }
    }
    let sides_y = y + 10.0 + fig_h + 20.0;
    p.page.text(body.side_legend, bx, sides_y, 7.0, Regular, MUTED, Align::Left);
    let right_bottom = sides_y.max(ly);
    p.y = left_bottom.max(right_bottom) + 4.0;
}

/// A body figure at (`x`, `y`, `scale`): the silhouette, every region outlined, marked ones
/// filled, numbers inside, the patient's sides under it in `language`.
fn figure(
    c: &mut Canvas,
    view: BodyView,
    (x, y, scale): (f32, f32, f32),
    fill: &dyn Fn(RegionId) -> Option<Rgb>,
    label: &dyn Fn(RegionId) -> Option<String>,
    language: Language,
) {
    let at = |(px, py): (f32, f32)| (x + px * scale, y + py * scale);
    crate::figure::place(c, view, x, y, scale);
    for shape in body_shape::shapes_of(view) {
        if let Some(color) = fill(shape.id) {
            c.polygon(shape.outline.iter().copied().map(at), Paint::both(color, INK, 0.5));
        }
    }
    for shape in body_shape::shapes_of(view) {
        if let (Some(text), Some(color)) = (label(shape.id), fill(shape.id)) {
            let (lx, ly) = at(shape.label_point());
            let ink =
                if matches!(color, Rgb(0xe0, 0xb0, 0x00) | Rgb(0xe6, 0x7e, 0x00)) { INK } else { WHITE };
            c.text(&text, lx, ly + 2.5, 6.5, Bold, ink, Align::Center);
        }
    }
    // The patient's sides, as on the screen.
    let (right, left) = language.body().side_letters;
    let (left_label, right_label) = match view {
        BodyView::Front => (right, left),
        BodyView::Back => (left, right),
    };
    let bottom = y + FIGURE_HEIGHT * scale + 8.0;
    c.text(left_label, x + 2.0, bottom, 6.5, Bold, MUTED, Align::Left);
    c.text(right_label, x + FIGURE_WIDTH * scale - 2.0, bottom, 6.5, Bold, MUTED, Align::Right);
}

/// The charts of the period: a chart per item, two to a row, then the sums and pain NRS.
fn course(p: &mut Pages, r: &Report, registrations: &[lindra::Registration]) -> Result<(), String> {
    let span = Span::new(r.from, r.to);
    let items = lindra::course::course_items(registrations);
    let gap = 12.0;
    let w = (CONTENT_WIDTH - gap) / 2.0;
    let h = 96.0;
    let (words, clinical) = (r.language.report(), r.language.clinical());
    p.new_page();
    p.heading(words.course_heading, h);
    p.paragraph(words.course_note, MARGIN, CONTENT_WIDTH, 7.5, Regular, MUTED);
    p.y += 4.0;
    for pair in items.chunks(2) {
        p.ensure(h + 6.0);
        for (i, item) in pair.iter().enumerate() {
            let chart = Chart::item(*item, registrations, span, clinical);
            chart_box(&mut p.page, &chart, MARGIN + i as f32 * (w + gap), p.y, w, h)?;
        }
        p.y += h + 6.0;
    }
    let sums = Chart::sums(registrations, span, clinical);
    p.ensure(150.0);
    chart_box(&mut p.page, &sums, MARGIN, p.y, CONTENT_WIDTH, 144.0)?;
    p.y += 150.0;
    if registrations.iter().any(|reg| !reg.pain.is_empty()) {
        let pain = Chart::pain(registrations, span, clinical);
        p.ensure(120.0);
        chart_box(&mut p.page, &pain, MARGIN, p.y, CONTENT_WIDTH, 114.0)?;
        p.y += 120.0;
    }
    Ok(())
}

/// Draws `chart` with the trend page's drawing code into a box of `w` x `h` points.
fn chart_box(c: &mut Canvas, chart: &Chart, x: f32, y: f32, w: f32, h: f32) -> Result<(), String> {
    let size = ((w / CHART_SCALE).round() as u32, (h / CHART_SCALE).round() as u32);
    let root = PdfBackend::new(c, (x, y), CHART_SCALE, size).into_drawing_area();
    lindra_charts::draw(&root, chart)?;
    root.present().map_err(|e| e.to_string())?;
    Ok(())
}

/// Where it hurt over the period: regions coloured by the highest intensity, with how often.
fn heat(p: &mut Pages, registrations: &[lindra::Registration], language: Language) {
    let (w, body) = (language.report(), language.body());
    let heat = lindra::course::body_heat(registrations);
    let scale = 0.33;
    let fig_h = FIGURE_HEIGHT * scale;
    p.heading(w.heat_heading, fig_h + 20.0);
    if heat.is_empty() {
        p.paragraph(w.no_marks_period, MARGIN, CONTENT_WIDTH, 9.0, Regular, MUTED);
        return;
    }
    p.paragraph(w.heat_explained, MARGIN, CONTENT_WIDTH, 7.5, Regular, MUTED);
    let top = p.y + 6.0;
    let find = |id: RegionId| heat.iter().find(|h| h.region == id);
    let fig_w = FIGURE_WIDTH * scale;
    for (i, view) in [BodyView::Front, BodyView::Back].into_iter().enumerate() {
        let fx = MARGIN + i as f32 * (fig_w + 14.0);
        p.page.text((body.view)(view), fx + fig_w / 2.0, top + 6.0, 8.0, Bold, MUTED, Align::Center);
        figure(
            &mut p.page,
            view,
            (fx, top + 12.0, scale),
            &|id| find(id).map(|h| palette::band(Severity::of(h.highest))),
            &|id| find(id).map(|h| h.times.to_string()),
            language,
        );
    }
    // The list beside the figures.
    let lx = MARGIN + 2.0 * (fig_w + 14.0) + 8.0;
    let lw = MARGIN + CONTENT_WIDTH - lx;
    let mut y = top + 8.0;
    let cols = [0.0, lw - 118.0, lw - 70.0, lw - 30.0];
    for (i, t) in [w.col_region, w.col_times, w.col_highest, w.col_last].iter().enumerate() {
        let align = if i == 0 { Align::Left } else { Align::Center };
        let cx = if i == 0 { lx } else { lx + cols[i] + 12.0 };
        p.page.text(t, cx, y, 7.5, Bold, MUTED, align);
    }
    y += 4.0;
    let max_rows = ((top + 12.0 + fig_h - y) / 12.0).floor().max(1.0) as usize;
    for (k, h) in heat.iter().enumerate() {
        if k + 1 == max_rows && heat.len() > max_rows {
            let more = (w.more_regions)(heat.len() - k);
            p.page.text(&more, lx, y + 9.0, 8.0, Regular, MUTED, Align::Left);
            y += 12.0;
            break;
        }
        let base = y + 9.0;
        let name = p.page.fit(&h.region.name_in(language), cols[1] - 6.0, 8.0, Regular);
        p.page.text(&name, lx, base, 8.0, Regular, INK, Align::Left);
        p.page.text(&h.times.to_string(), lx + cols[1] + 12.0, base, 8.0, Regular, INK, Align::Center);
        let sev = Severity::of(h.highest);
        p.page.rect(lx + cols[2] + 4.0, y + 1.0, 16.0, 10.5, Paint::fill(palette::band(sev)));
        p.page.text(
            &h.highest.value().to_string(),
            lx + cols[2] + 12.0,
            base,
            8.0,
            Bold,
            on_band(sev),
            Align::Center,
        );
        p.page.text(
            &lindra::time::format_day_month(h.last_at),
            lx + cols[3] + 12.0,
            base,
            8.0,
            Regular,
            INK,
            Align::Center,
        );
        y += 12.0;
    }
    let sides_y = top + 12.0 + fig_h + 20.0;
    p.page.text(body.side_legend, MARGIN, sides_y, 7.0, Regular, MUTED, Align::Left);
    p.y = (sides_y + 6.0).max(y);
}

/// The period's follow-ups, oldest first: why each opened, every step with who and when, how
/// long to the re-assessment and how it ended.
fn followups(p: &mut Pages, r: &Report) {
    let clinical = r.language.clinical();
    let words = clinical.language().followup();
    p.heading(words.pdf_heading, 30.0);
    if !r.expected.is_empty() {
        p.paragraph(words.expected_now, MARGIN, CONTENT_WIDTH, 9.0, Bold, INK);
        for symptom in &r.expected {
            p.paragraph(&(words.expected)(symptom), MARGIN + 10.0, CONTENT_WIDTH - 10.0, 8.5, Regular, INK);
        }
        p.y += 4.0;
    }
    if r.followups.is_empty() {
        p.paragraph(words.pdf_none, MARGIN, CONTENT_WIDTH, 9.0, Regular, MUTED);
        return;
    }
    for f in &r.followups {
        p.ensure(40.0);
        p.y += 4.0;
        let reasons: Vec<String> = f.reasons().map(|r| r.words(clinical)).collect();
        let head = format!("{} · {}", (words.pdf_opened)(f.opened_at), reasons.join(", "));
        p.paragraph(&head, MARGIN, CONTENT_WIDTH, 9.0, Bold, INK);
        for step in &f.steps {
            let line = format!(
                "{} · {}: {}",
                format_date_time_in(step.at, r.language),
                step.by_name,
                (words.step)(&step.kind)
            );
            p.paragraph(&line, MARGIN + 10.0, CONTENT_WIDTH - 10.0, 8.5, Regular, INK);
        }
        let summary =
            (words.pdf_summary)(f.minutes_to_reassessment(), f.closed().map(|_| f.minutes_open(r.to)));
        p.paragraph(&summary, MARGIN + 10.0, CONTENT_WIDTH - 10.0, 8.5, Regular, MUTED);
    }
}

/// The notes and measures of the period, newest first, with who wrote them and when.
fn notes(p: &mut Pages, r: &Report) {
    let w = r.language.report();
    let notes = r.notes();
    p.heading(&(w.notes_heading)(r.language.clinical().note), 30.0);
    if notes.is_empty() {
        p.paragraph(w.no_notes, MARGIN, CONTENT_WIDTH, 9.0, Regular, MUTED);
        return;
    }
    for entry in notes.into_iter().rev() {
        p.ensure(26.0);
        p.y += 4.0;
        let head = format!(
            "{} · {}",
            format_date_time_in(entry.registration.observed_at, r.language),
            entry.recorded_by
        );
        p.paragraph(&head, MARGIN, CONTENT_WIDTH, 8.5, Bold, INK);
        p.paragraph(entry.registration.note.trim(), MARGIN + 10.0, CONTENT_WIDTH - 10.0, 9.0, Regular, INK);
    }
}

fn footer(c: &mut Canvas, r: &Report, page: usize, total: usize) {
    let y = PAGE_HEIGHT - 26.0;
    c.line([(MARGIN, y - 10.0), (MARGIN + CONTENT_WIDTH, y - 10.0)], RULE, 0.5);
    let w = r.language.report();
    let left = (w.footer)(
        &r.patient.name,
        &r.patient.birth_date.format("%d.%m.%Y").to_string(),
        r.recipient.label_in(r.language),
        &format_date_time_in(r.generated_at, r.language),
        &r.generated_by,
    );
    let pages = (w.page)(page, total);
    let left = c.fit(&left, CONTENT_WIDTH - 70.0, 7.5, Regular);
    c.text(&left, MARGIN, y, 7.5, Regular, MUTED, Align::Left);
    c.text(&pages, MARGIN + CONTENT_WIDTH, y, 8.0, Bold, INK, Align::Right);
}
