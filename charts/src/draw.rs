//! Draws a [`Chart`] on any plotters backend: SVG for the trend page, PDF operations for the
//! summary. One drawing routine, so the page and the PDF show the same chart.

use crate::model::{palette, Chart, Marker, Rgb, Scale, Value};
use lindra::esas::Change;
use lindra::{Score, Severity};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontStyle;
use std::sync::Once;

/// The font charts measure their text with (DejaVu Sans, shipped in assets/fonts).
pub const FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
pub const FONT_BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");
pub const FAMILY: &str = "sans-serif";

/// Registers the fonts once per process; plotters measures text with them.
pub fn register_fonts() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Both are valid fonts compiled into the binary; a failure would show as text without
        // measured width, never as a crash.
        let _ = plotters::style::register_font(FAMILY, FontStyle::Normal, FONT);
        let _ = plotters::style::register_font(FAMILY, FontStyle::Bold, FONT_BOLD);
    });
}

pub(crate) const INK: RGBColor = RGBColor(palette::INK.0, palette::INK.1, palette::INK.2);
pub(crate) const MUTED: RGBColor = RGBColor(palette::MUTED.0, palette::MUTED.1, palette::MUTED.2);

pub(crate) fn color(c: Rgb) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

/// Where "kan ikke vurdere" markers sit: a lane under 0 on 0-10 scales.
const NOT_ASSESSED_Y: f64 = -1.1;

/// Draws at most this many point markers per series; longer series are drawn as a line with
/// only the severe points marked, or the markers would hide the line.
pub const MAX_MARKERS: usize = 90;

pub type DrawResult = Result<(), String>;

/// Draws the chart into `area`, which it fills.
pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, plotters::coord::Shift>, chart: &Chart) -> DrawResult {
    register_fonts();
    let err = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    area.fill(&WHITE).map_err(err)?;
    let span = chart.span;
    let y_max = chart.y_max();
    let (y_min, y_ticks): (f64, Vec<f64>) = match chart.scale {
        Scale::Score => (-1.8, vec![NOT_ASSESSED_Y, 0.0, 2.0, 4.0, 6.0, 8.0, 10.0]),
        Scale::Sum { max } => (-f64::from(max) * 0.18, {
            let step = if max > 40 { 20 } else { 5 };
            let mut t = vec![NOT_ASSESSED_Y * f64::from(max) / 10.0];
            t.extend((0..=max).step_by(step).map(f64::from));
            t
        }),
    };
    let lane_y = y_ticks[0];

    let entries: Vec<(&str, Rgb, Marker)> = if chart.series.len() > 1 {
        chart.series.iter().map(|s| (s.name.as_str(), s.color, s.marker)).collect()
    } else {
        Vec::new()
    };
    let top = title_and_legend(area, &chart.title, &entries)?;

    let mut ctx = frame(area, top, 40, 0f64..span.days, y_min..y_max + y_max * 0.05)?;

    // The severe band behind 7-10 (red), on 0-10 scales.
    if chart.scale == Scale::Score {
        ctx.draw_series(std::iter::once(Rectangle::new(
            [(0.0, 6.5), (span.days, y_max + y_max * 0.05)],
            color(palette::SEVERE_BAND).filled(),
        )))
        .map_err(err)?;
    }

    // Grid and labels at the chosen ticks: local midnights along x, 0-10 (or the sum's steps)
    // and the "kan ikke vurdere" lane along y.
    let grid = color(palette::GRID).stroke_width(1);
    let labels = TextStyle::from((FAMILY, 15).into_font()).color(&MUTED);
    let base = area.get_base_pixel();
    let local = |p: (i32, i32)| (p.0 - base.0, p.1 - base.1);
    for &y in &y_ticks {
        if y >= 0.0 {
            ctx.draw_series(std::iter::once(PathElement::new(vec![(0.0, y), (span.days, y)], grid)))
                .map_err(err)?;
        }
        let text = if y < 0.0 { chart.not_assessed_label.clone() } else { format!("{y:.0}") };
        let (px, py) = local(ctx.backend_coord(&(0.0, y)));
        area.draw_text(&text, &labels.pos(Pos::new(HPos::Right, VPos::Center)), (px - 6, py)).map_err(err)?;
    }
    // Date labels with room between them: on a narrow chart only every second (third, ...)
    // tick keeps its label and line.
    let ticks = span.ticks();
    let widest = ticks
        .iter()
        .map(|&x| area.estimate_text_size(&span.label(x), &labels).map(|(w, _)| w))
        .collect::<Result<Vec<u32>, _>>()
        .map_err(err)?
        .into_iter()
        .max()
        .unwrap_or(0);
    let spacing = match ticks.as_slice() {
        [a, b, ..] => (ctx.backend_coord(&(*b, 0.0)).0 - ctx.backend_coord(&(*a, 0.0)).0).max(1),
        _ => i32::MAX,
    };
    let every = usize::try_from((i32::try_from(widest).unwrap_or(0) + 14) / spacing + 1).unwrap_or(1).max(1);
    for x in ticks.into_iter().step_by(every) {
        ctx.draw_series(std::iter::once(PathElement::new(vec![(x, 0.0), (x, y_max)], grid))).map_err(err)?;
        let (px, py) = local(ctx.backend_coord(&(x, y_min)));
        area.draw_text(&span.label(x), &labels.pos(Pos::new(HPos::Center, VPos::Top)), (px, py + 5))
            .map_err(err)?;
    }

    for s in &chart.series {
        let c = color(s.color);
        for run in s.segments() {
            ctx.draw_series(LineSeries::new(run, c.stroke_width(2))).map_err(err)?;
        }
        let scored = s.points.iter().filter(|p| matches!(p.value, Value::Number(_))).count();
        for p in &s.points {
            let Value::Number(n) = p.value else { continue };
            // One line: points in their severity colour. Several lines: each in its own colour.
            let fill = match chart.scale {
                Scale::Score if chart.series.len() == 1 => {
                    Score::new(i64::from(n)).ok().map(|s| palette::band(Severity::of(s)))
                }
                _ => Some(s.color),
            };
            let severe = chart.scale == Scale::Score && n >= 7;
            if scored <= MAX_MARKERS || severe {
                let at = local(ctx.backend_coord(&(p.x, f64::from(n))));
                marker(area, s.marker, at, color(fill.unwrap_or(s.color))).map_err(err)?;
            }
            if let Some(change) = p.change.filter(|c| *c != Change::Stable) {
                let at = local(ctx.backend_coord(&(p.x, f64::from(n))));
                change_mark(area, change, at).map_err(err)?;
            }
        }
        let grey = color(palette::NOT_ASSESSED);
        ctx.draw_series(s.not_assessed().map(|x| Cross::new((x, lane_y), 4, grey.stroke_width(2))))
            .map_err(err)?;
    }
    Ok(())
}

/// The plot below `top`, with its two axes drawn and room for labels (`y_labels` pixels wide);
/// the grid and the labels are each chart's own.
pub(crate) fn frame<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, plotters::coord::Shift>,
    top: i32,
    y_labels: u32,
    x: std::ops::Range<f64>,
    y: std::ops::Range<f64>,
) -> Result<
    ChartContext<
        'a,
        DB,
        Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
    >,
    String,
> {
    let err = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    let mut ctx = ChartBuilder::on(area)
        .margin_top(top)
        .margin_right(12)
        .margin_left(4)
        .margin_bottom(4)
        .x_label_area_size(26)
        .y_label_area_size(y_labels)
        .build_cartesian_2d(x, y)
        .map_err(err)?;
    ctx.configure_mesh()
        .disable_mesh()
        .x_labels(0)
        .y_labels(0)
        .axis_style(color(palette::MUTED).stroke_width(1))
        .draw()
        .map_err(err)?;
    Ok(ctx)
}

/// The title and, for several lines, the legend above the plot, on one line; where both do not
/// fit (a chart drawn for a phone's width) the legend flows under the title, on as many lines as
/// it needs. Answers where the plot may start.
pub(crate) fn title_and_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    title: &str,
    legend_entries: &[(&str, Rgb, Marker)],
) -> Result<i32, String> {
    let err = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    let (width, _) = area.dim_in_pixel();
    let title_style = TextStyle::from((FAMILY, 19).into_font().style(FontStyle::Bold)).color(&INK);
    area.draw_text(title, &title_style, (8, 6)).map_err(err)?;
    let mut top = 32;
    if !legend_entries.is_empty() {
        let label = TextStyle::from((FAMILY, 15).into_font()).color(&INK);
        let mut entries = Vec::with_capacity(legend_entries.len());
        for s in legend_entries {
            let (w, _) = area.estimate_text_size(s.0, &label).map_err(err)?;
            entries.push((s, i32::try_from(w).unwrap_or(0) + 40));
        }
        let width = i32::try_from(width).unwrap_or(i32::MAX);
        let legend: i32 = entries.iter().map(|(_, w)| w).sum();
        let (title_width, _) = area.estimate_text_size(title, &title_style).map_err(err)?;
        // (x, y) of each entry's left edge.
        let mut at = Vec::with_capacity(entries.len());
        if i32::try_from(title_width).unwrap_or(i32::MAX) + legend + 24 <= width {
            let mut x = width - 8 - legend;
            for (_, w) in &entries {
                at.push((x, 8));
                x += w;
            }
        } else {
            let (mut x, mut y) = (8, 32);
            for (_, w) in &entries {
                if x > 8 && x + w > width - 8 {
                    (x, y) = (8, y + 22);
                }
                at.push((x, y));
                x += w;
            }
            top = y + 26;
        }
        for ((&(name, rgb, shape), _), (x, y)) in entries.iter().zip(at) {
            let c = color(rgb);
            area.draw(&PathElement::new(vec![(x, y + 6), (x + 20, y + 6)], c.stroke_width(2)))
                .map_err(err)?;
            marker(area, shape, (x + 10, y + 6), c).map_err(err)?;
            area.draw_text(name, &label, (x + 26, y)).map_err(err)?;
        }
    }
    Ok(top)
}

/// A point marker in backend pixels, filled, with a thin dark edge so light fills stay visible.
pub(crate) fn marker<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    shape: Marker,
    at: (i32, i32),
    fill: RGBColor,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let (x, y) = at;
    let edge = color(palette::INK).stroke_width(1);
    match shape {
        Marker::Circle => {
            area.draw(&Circle::new((x, y), 4, fill.filled()))?;
            area.draw(&Circle::new((x, y), 4, edge))
        }
        Marker::Triangle => {
            let pts = vec![(x, y - 5), (x - 5, y + 4), (x + 5, y + 4)];
            area.draw(&Polygon::new(pts.clone(), fill.filled()))?;
            area.draw(&PathElement::new([pts.clone(), vec![pts[0]]].concat(), edge))
        }
        Marker::Square => {
            area.draw(&Rectangle::new([(x - 4, y - 4), (x + 4, y + 4)], fill.filled()))?;
            area.draw(&Rectangle::new([(x - 4, y - 4), (x + 4, y + 4)], edge))
        }
    }
}

/// A meaningful change: a red triangle pointing up above the point (worse), a green one pointing
/// down below it (better).
fn change_mark<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    change: Change,
    at: (i32, i32),
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let (x, y) = at;
    let (pts, c) = match change {
        Change::Worsened => (vec![(x, y - 16), (x - 6, y - 8), (x + 6, y - 8)], palette::WORSENED),
        _ => (vec![(x, y + 16), (x - 6, y + 8), (x + 6, y + 8)], palette::IMPROVED),
    };
    area.draw(&Polygon::new(pts, color(c).filled()))
}

/// The chart as an SVG document of `width` x `height` pixels.
pub fn svg(chart: &Chart, width: u32, height: u32) -> Result<String, String> {
    svg_of(width, height, |root| draw(root, chart))
}

/// An SVG document of `width` x `height` pixels, drawn by `draw`.
pub(crate) fn svg_of(
    width: u32,
    height: u32,
    draw: impl FnOnce(&DrawingArea<SVGBackend, plotters::coord::Shift>) -> DrawResult,
) -> Result<String, String> {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (width, height)).into_drawing_area();
        draw(&root)?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(out)
}
