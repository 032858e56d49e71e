//! The quality view (Kvalitet): do we assess our patients in time, who fills the form in, and
//! do we act when they are in pain? Per unit over the last weeks or months, and across the units
//! a user works in. Figures only (`lindra::quality`): no patient names, nothing that points at
//! one patient, and no figure where too few lie behind it.

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::model::{AuditAction, AuditOutcome, Unit};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use lindra::quality::{Figure, PeriodKind, Quality};
use serde::{Deserialize, Serialize};

/// How many weeks or months the unit's view shows.
pub const PERIODS: usize = 12;

/// One week's or month's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QualityRow {
    pub label: String,
    /// For the charts' axis.
    pub short_label: String,
    /// The period is still running: figures so far.
    pub running: bool,
    pub quality: Quality,
}

impl QualityRow {
    /// The period as the table and the CSV name it: "uke 49 2026 (hittil)" while it runs.
    pub fn table_label(&self) -> String {
        if self.running {
            format!("{} ({})", self.label, crate::text::quality().running)
        } else {
            self.label.clone()
        }
    }
}

/// A unit's figures over the last [`PERIODS`] weeks or months, oldest first, with the charts
/// drawn on the server (SVG): they travel once, as markup.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitQuality {
    pub unit_id: i64,
    pub unit_name: String,
    pub interval_hours: i32,
    pub kind: PeriodKind,
    pub rows: Vec<QualityRow>,
    pub charts: Vec<crate::trends::ChartSvg>,
    /// The reader's role opens the unit's patients (for the unit's tabs).
    pub sees_patients: bool,
}

/// The units a user works in, each with the figures of one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitsQuality {
    pub kind: PeriodKind,
    pub label: String,
    pub units: Vec<(i64, String, Quality)>,
}

/// A figure as the table shows it: "80 %" / "12,5" / "for få (3)".
pub fn cell(figure: Figure, format: impl Fn(f64) -> String) -> String {
    match figure {
        Figure::Value { value, .. } => format(value),
        Figure::TooFew { n } => (crate::text::quality().too_few)(n),
    }
}

pub fn percent(share: f64) -> String {
    format!("{:.0} %", share * 100.0)
}

/// One decimal with a decimal comma, as Norwegian writes it.
pub fn decimal(value: f64) -> String {
    format!("{value:.1}").replace('.', ",")
}

fn whole(value: f64) -> String {
    format!("{value:.0}")
}

/// What a column of the table holds: a count, or a figure with the count behind it.
pub enum Cell {
    Count(fn(&Quality) -> usize),
    Figure(fn(&Quality) -> Figure, fn(f64) -> String),
}

/// One column of the table.
pub struct Column {
    pub header: &'static str,
    pub cell: Cell,
}

impl Column {
    /// The cell's text: a count, a figure, or "for få (n)".
    pub fn text(&self, q: &Quality) -> String {
        match self.cell {
            Cell::Count(count) => count(q).to_string(),
            Cell::Figure(figure, format) => cell(figure(q), format),
        }
    }

    /// The count behind a figure that is shown (a "for få" cell says its count itself).
    pub fn behind(&self, q: &Quality) -> Option<usize> {
        match self.cell {
            Cell::Figure(figure, _) => match figure(q) {
                Figure::Value { n, .. } => Some(n),
                Figure::TooFew { .. } => None,
            },
            Cell::Count(_) => None,
        }
    }
}

/// The table's columns, in order. The page and the CSV file both read this list, so they never
/// disagree.
pub fn columns() -> Vec<Column> {
    use crate::text::quality as t;
    let column = |header, cell| Column { header, cell };
    vec![
        column(t().patients, Cell::Count(|q| q.patients)),
        column(t().registrations, Cell::Count(|q| q.registrations)),
        column(t().assessed_in_time, Cell::Figure(|q| q.assessed_in_time, percent)),
        column(t().median_hours_between, Cell::Figure(|q| q.median_hours_between, decimal)),
        column(t().by_patient, Cell::Figure(|q| q.by_patient, percent)),
        column(t().by_relative, Cell::Figure(|q| q.by_relative, percent)),
        column(t().by_staff, Cell::Figure(|q| q.by_staff, percent)),
        column(t().followups_opened, Cell::Count(|q| q.followups_opened)),
        column(t().minutes_to_acknowledge, Cell::Figure(|q| q.median_minutes_to_acknowledge, whole)),
        column(t().minutes_to_close, Cell::Figure(|q| q.median_minutes_to_close, whole)),
        column(t().closed_by_reassessment, Cell::Figure(|q| q.closed_by_reassessment, percent)),
        column(t().severe_pain_reassessed, Cell::Figure(|q| q.severe_pain_reassessed, percent)),
    ]
}

/// The table as CSV (RFC 4180: comma-separated, CRLF, fields with a comma, quote or line break in
/// quotes, quotes doubled), UTF-8 with a byte order mark so that Excel reads æøå right. Each
/// figure is followed by a column with the count behind it.
pub fn csv(header_first: &str, rows: &[(String, &Quality)]) -> String {
    fn field(text: &str) -> String {
        if text.contains([',', '"', '\r', '\n']) {
            format!("\"{}\"", text.replace('"', "\"\""))
        } else {
            text.to_string()
        }
    }
    let columns = columns();
    let mut out = String::from("\u{feff}");
    let mut header = vec![field(header_first)];
    for c in &columns {
        header.push(field(c.header));
        if let Cell::Figure(..) = c.cell {
            header.push(field(&(crate::text::quality().behind)(c.header)));
        }
    }
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for (label, q) in rows {
        let mut line = vec![field(label)];
        for c in &columns {
            line.push(field(&c.text(q)));
            if let Cell::Figure(figure, _) = c.cell {
                line.push(figure(q).n().to_string());
            }
        }
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(feature = "ssr")]
fn kind_of(code: &str) -> Result<PeriodKind, AppError> {
    if code.is_empty() {
        return Ok(PeriodKind::Week);
    }
    PeriodKind::from_code(code).ok_or_else(|| {
        AppError::Invalid(lindra::ValidationErrors(vec![lindra::FieldError {
            field: "periode".into(),
            message: crate::text::quality().bad_period.into(),
        }]))
    })
}

/// The figures of `unit` for each bucket.
#[cfg(feature = "ssr")]
async fn figures_of(
    ctx: &crate::backend::Ctx,
    unit: &Unit,
    buckets: &[lindra::quality::Bucket],
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<Quality>, AppError> {
    let (Some(first), Some(last)) = (buckets.first(), buckets.last()) else { return Ok(Vec::new()) };
    let data = ctx.storage.quality_data(unit.id, first.from, last.to.min(now)).await?;
    let interval = chrono::Duration::hours(i64::from(unit.assessment_interval_hours));
    Ok(buckets.iter().map(|b| lindra::quality::figures(&data, b.from, b.to.min(now), interval)).collect())
}

/// The unit's quality figures with their charts, after the access check, with a row in the
/// access log (of the unit: no patient's data is shown).
#[cfg(feature = "ssr")]
pub async fn unit_quality_for(
    ctx: &crate::backend::Ctx,
    unit_id: i64,
    kind: &str,
) -> Result<UnitQuality, AppError> {
    let mut q = unit_figures_for(ctx, unit_id, kind).await?;
    q.charts = charts(&q.rows)?;
    Ok(q)
}

/// The unit's quality figures without charts (the CSV), after the access check, logged.
#[cfg(feature = "ssr")]
pub async fn unit_figures_for(
    ctx: &crate::backend::Ctx,
    unit_id: i64,
    kind: &str,
) -> Result<UnitQuality, AppError> {
    const ACTION: AuditAction = AuditAction::QualityRead;
    let unit = ctx.unit(ACTION, unit_id).await?;
    let kind = kind_of(kind)?;
    let now = chrono::Utc::now();
    let buckets = lindra::quality::buckets(kind, PERIODS, now);
    let figures = figures_of(ctx, &unit, &buckets, now).await?;
    ctx.audit(ACTION, None, Some(unit.id), format!("unit/{}", unit.id), AuditOutcome::Ok).await?;
    let rows: Vec<QualityRow> = buckets
        .iter()
        .zip(figures)
        .map(|(b, quality)| QualityRow {
            label: b.label(crate::text::clinical()),
            short_label: b.short_label(crate::text::clinical()),
            running: b.is_running(now),
            quality,
        })
        .collect();
    Ok(UnitQuality {
        unit_id: unit.id,
        unit_name: unit.name,
        interval_hours: unit.assessment_interval_hours,
        kind,
        rows,
        charts: Vec::new(),
        sees_patients: ctx.user().role.sees_patients(),
    })
}

/// The two charts: assessment (in time, by the patient) and pain (re-assessed within 2 hours,
/// follow-ups closed by a re-assessment).
#[cfg(feature = "ssr")]
fn charts(rows: &[QualityRow]) -> Result<Vec<crate::trends::ChartSvg>, AppError> {
    use crate::text::quality as t;
    use lindra_charts::model::{palette, Marker};
    use lindra_charts::{shares_svg, ShareChart, ShareSeries};
    let labels: Vec<String> = rows.iter().map(|r| r.short_label.clone()).collect();
    let series = |name: &str, color, marker, value: fn(&Quality) -> Figure| ShareSeries {
        name: name.to_string(),
        color,
        marker,
        values: rows.iter().map(|r| value(&r.quality).value()).collect(),
    };
    let [one, two, _] = palette::SERIES;
    let assessed = ShareChart {
        title: t().chart_assessment.into(),
        labels: labels.clone(),
        series: vec![
            series(t().assessed_in_time, one, Marker::Circle, |q| q.assessed_in_time),
            series(t().by_patient, two, Marker::Triangle, |q| q.by_patient),
        ],
    };
    let pain = ShareChart {
        title: t().chart_pain.into(),
        labels,
        series: vec![
            series(t().severe_pain_reassessed, one, Marker::Circle, |q| q.severe_pain_reassessed),
            series(t().closed_by_reassessment, two, Marker::Triangle, |q| q.closed_by_reassessment),
        ],
    };
    let failed = |e: String| {
        tracing::error!(error = %e, "chart drawing failed");
        AppError::Unavailable(crate::text::ui().charts_failed.into())
    };
    [assessed, pain]
        .into_iter()
        .map(|c| {
            Ok(crate::trends::ChartSvg {
                svg: shares_svg(&c, crate::trends::CHART_WIDTH, 300).map_err(failed)?,
                svg_narrow: shares_svg(&c, crate::trends::CHART_WIDTH_NARROW, 340).map_err(failed)?,
                title: c.title,
            })
        })
        .collect()
}

/// The figures of the last complete week or month in every unit the user works in.
#[cfg(feature = "ssr")]
pub async fn units_quality_for(ctx: &crate::backend::Ctx, kind: &str) -> Result<UnitsQuality, AppError> {
    let kind = kind_of(kind)?;
    let now = chrono::Utc::now();
    // The last complete one: the first of the last two.
    let complete: Vec<_> = lindra::quality::buckets(kind, 2, now).into_iter().take(1).collect();
    let mut units = Vec::new();
    let mut read = Vec::new();
    for unit in ctx.storage.units().await? {
        if !ctx.session.unit_ids.contains(&unit.id) {
            continue;
        }
        let figures = figures_of(ctx, &unit, &complete, now).await?;
        let object = format!("unit/{}", unit.id);
        read.push(ctx.event(AuditAction::QualityRead, None, Some(unit.id), object, AuditOutcome::Ok));
        units.extend(figures.into_iter().map(|q| (unit.id, unit.name.clone(), q)));
    }
    // One write for all the units' rows, before anything is shown.
    ctx.storage.append_audits(&read).await?;
    let label = complete.first().map(|b| b.label(crate::text::clinical())).unwrap_or_default();
    Ok(UnitsQuality { kind, label, units })
}

#[server(endpoint = "quality", input = Json)]
pub async fn load_unit_quality(unit_id: i64, kind: String) -> Result<UnitQuality, AppError> {
    use crate::backend::{answer, ctx};
    answer(async move { unit_quality_for(&ctx()?, unit_id, &kind).await }).await
}

#[server(endpoint = "quality_units", input = Json)]
pub async fn load_units_quality(kind: String) -> Result<UnitsQuality, AppError> {
    use crate::backend::{answer, ctx};
    answer(async move { units_quality_for(&ctx()?, &kind).await }).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_is_rfc_4180_with_a_byte_order_mark() {
        let q = Quality {
            assessed_in_time: Figure::Value { value: 0.8, n: 10 },
            median_hours_between: Figure::Value { value: 12.5, n: 40 },
            by_patient: Figure::Value { value: 0.5, n: 40 },
            by_relative: Figure::Value { value: 0.25, n: 40 },
            by_staff: Figure::Value { value: 0.25, n: 40 },
            followups_opened: 3,
            median_minutes_to_acknowledge: Figure::TooFew { n: 3 },
            median_minutes_to_close: Figure::TooFew { n: 2 },
            closed_by_reassessment: Figure::TooFew { n: 2 },
            severe_pain_reassessed: Figure::Value { value: 1.0, n: 6 },
            patients: 10,
            registrations: 40,
        };
        let text = csv("Periode", &[("uke 48 2026".into(), &q), ("Sjø \"A\", 2. etg".into(), &q)]);
        assert!(text.starts_with('\u{feff}'));
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').split("\r\n").collect();
        assert_eq!(lines.len(), 4, "header, two rows and the final CRLF");
        assert_eq!(lines[3], "");
        assert!(
            lines[0]
                .starts_with("Periode,Pasienter,Registreringer,Vurdert i tide,Vurdert i tide (antall bak),"),
            "{}",
            lines[0]
        );
        // Each figure, then the count behind it; "for få" says its count itself, and the
        // count column repeats it.
        assert!(
            lines[1]
                .starts_with("uke 48 2026,10,40,80 %,10,\"12,5\",40,50 %,40,25 %,40,25 %,40,3,for få (3),3,"),
            "{}",
            lines[1]
        );
        assert!(lines[2].starts_with("\"Sjø \"\"A\"\", 2. etg\",10,"), "{}", lines[2]);
        assert_eq!(lines[1].matches(',').count(), lines[0].matches(',').count() + 1, "one quoted comma");
    }
}
