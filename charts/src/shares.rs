//! Shares over periods (the quality view): one line per figure across weeks or months, 0-100 %,
//! with no point where too few patients or events lie behind a figure. The title, legend and
//! markers are the trend charts' own.

use crate::draw::{color, frame, marker, register_fonts, title_and_legend, DrawResult, FAMILY, MUTED};
use crate::model::{palette, Marker, Rgb};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

#[derive(Debug, Clone, PartialEq)]
pub struct ShareSeries {
    pub name: String,
    pub color: Rgb,
    pub marker: Marker,
    /// One per period, 0.0-1.0; `None`: too few to show.
    pub values: Vec<Option<f64>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ShareChart {
    pub title: String,
    /// One short label per period, oldest first ("uke 48", "nov.").
    pub labels: Vec<String>,
    pub series: Vec<ShareSeries>,
}

/// Draws the chart into `area`, which it fills.
pub fn draw_shares<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    chart: &ShareChart,
) -> DrawResult {
    register_fonts();
    let err = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    area.fill(&WHITE).map_err(err)?;
    let entries: Vec<(&str, Rgb, Marker)> =
        chart.series.iter().map(|s| (s.name.as_str(), s.color, s.marker)).collect();
    let top = title_and_legend(area, &chart.title, &entries)?;
    let n = chart.labels.len().max(1);
    let x_max = n as f64 - 0.5;
    let mut ctx = frame(area, top, 52, -0.5f64..x_max, 0f64..105f64)?;
    let grid = color(palette::GRID).stroke_width(1);
    let labels = TextStyle::from((FAMILY, 15).into_font()).color(&MUTED);
    let base = area.get_base_pixel();
    let local = |p: (i32, i32)| (p.0 - base.0, p.1 - base.1);
    for y in [0.0, 25.0, 50.0, 75.0, 100.0] {
        ctx.draw_series(std::iter::once(PathElement::new(vec![(-0.5, y), (x_max, y)], grid))).map_err(err)?;
        let (px, py) = local(ctx.backend_coord(&(-0.5, y)));
        area.draw_text(&format!("{y:.0} %"), &labels.pos(Pos::new(HPos::Right, VPos::Center)), (px - 6, py))
            .map_err(err)?;
    }
    // Period labels with room between them: on a narrow chart only every second (third, ...).
    let widest = chart
        .labels
        .iter()
        .map(|l| area.estimate_text_size(l, &labels).map(|(w, _)| w))
        .collect::<Result<Vec<u32>, _>>()
        .map_err(err)?
        .into_iter()
        .max()
        .unwrap_or(0);
    let spacing = (ctx.backend_coord(&(1.0, 0.0)).0 - ctx.backend_coord(&(0.0, 0.0)).0).max(1);
    let every = usize::try_from((i32::try_from(widest).unwrap_or(0) + 10) / spacing + 1).unwrap_or(1).max(1);
    // Counted from the newest period, so the latest always keeps its label.
    for (i, label) in chart.labels.iter().enumerate().filter(|(i, _)| (n - 1 - i).is_multiple_of(every)) {
        let (px, py) = local(ctx.backend_coord(&(i as f64, 0.0)));
        area.draw_text(label, &labels.pos(Pos::new(HPos::Center, VPos::Top)), (px, py + 5)).map_err(err)?;
    }
    for s in &chart.series {
        let c = color(s.color);
        // Lines through neighbouring periods that have a figure; a gap where one has none.
        let mut run: Vec<(f64, f64)> = Vec::new();
        for (i, v) in s.values.iter().enumerate() {
            match v {
                Some(v) => run.push((i as f64, v * 100.0)),
                None => {
                    if run.len() > 1 {
                        ctx.draw_series(LineSeries::new(run.clone(), c.stroke_width(2))).map_err(err)?;
                    }
                    run.clear();
                }
            }
        }
        if run.len() > 1 {
            ctx.draw_series(LineSeries::new(run, c.stroke_width(2))).map_err(err)?;
        }
        for (i, v) in s.values.iter().enumerate() {
            if let Some(v) = v {
                let at = local(ctx.backend_coord(&(i as f64, v * 100.0)));
                marker(area, s.marker, at, c).map_err(err)?;
            }
        }
    }
    Ok(())
}

/// The chart as an SVG document of `width` x `height` pixels.
pub fn shares_svg(chart: &ShareChart, width: u32, height: u32) -> Result<String, String> {
    crate::draw::svg_of(width, height, |root| draw_shares(root, chart))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_point_per_figure_and_a_gap_where_there_is_none() {
        let chart = ShareChart {
            title: "Vurdert i tide".into(),
            labels: (40..46).map(|w| format!("uke {w}")).collect(),
            series: vec![ShareSeries {
                name: "Andel".into(),
                color: palette::LINE,
                marker: Marker::Square,
                values: vec![Some(0.5), Some(0.75), None, Some(1.0), Some(0.9), Some(0.8)],
            }],
        };
        let svg = shares_svg(&chart, 700, 300).expect("svg");
        // A square marker is two rects (fill and edge): the background, the legend's, and one
        // per figure.
        let squares = svg.matches("<rect").count();
        assert_eq!(squares, 1 + 2 + 2 * 5, "{svg}");
        // Two runs: 40-41 and 43-45.
        let line = format!("stroke=\"{}\" stroke-width=\"2\"", palette::LINE.hex().to_uppercase());
        assert_eq!(svg.matches(&line).count(), 2 + 1, "two runs and the legend's line");
        assert!(svg.contains("uke 45") && svg.contains("100 %"));
    }
}
