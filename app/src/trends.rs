//! What the resource nurse looks at: the unit overview (who needs someone now) and one
//! patient's course over a period (the forløpsskjema), with their server functions. Charts are
//! drawn on the server by `lindra-charts` and travel as SVG.

use crate::error::AppError;
use crate::model::*;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use lindra::course::{Attention, RegionHeat};
use lindra::{FieldError, Registration, ValidationErrors};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::backend::{answer, ctx};

/// One line of the unit overview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverviewRow {
    pub patient: Patient,
    pub latest: Option<Registration>,
    pub attention: Attention,
    /// The patient's open follow-up, if any: such rows come first.
    pub followup: Option<Followup>,
    /// Expected symptoms in force now.
    pub expected: Vec<lindra::followup::ExpectedSymptom>,
}

/// How urgent an open follow-up is, most urgent first: a re-assessment overdue, nobody has
/// it, taken without an action, waiting for its re-assessment; then no follow-up.
pub fn followup_rank(followup: Option<&Followup>, now: DateTime<Utc>) -> u8 {
    match followup.map(|f| f.state(now)) {
        Some(FollowupState::Overdue { .. }) => 0,
        Some(FollowupState::Open) => 1,
        Some(FollowupState::Acknowledged { .. }) => 2,
        Some(FollowupState::Waiting { .. }) => 3,
        Some(FollowupState::Closed { .. }) | None => 4,
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitOverview {
    pub unit: Unit,
    /// The patient who needs someone first comes first.
    pub rows: Vec<OverviewRow>,
    pub now: DateTime<Utc>,
}

/// The period choices of the trend page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TrendPeriod {
    Days(u16),
    All,
}

impl TrendPeriod {
    pub const CHOICES: [TrendPeriod; 4] =
        [TrendPeriod::Days(7), TrendPeriod::Days(30), TrendPeriod::Days(90), TrendPeriod::All];
    pub const DEFAULT: TrendPeriod = TrendPeriod::Days(30);

    /// As it appears in the address: "7", "30", "90", "alle".
    pub fn code(self) -> String {
        match self {
            TrendPeriod::Days(n) => n.to_string(),
            TrendPeriod::All => "alle".into(),
        }
    }

    pub fn from_code(code: &str) -> Option<TrendPeriod> {
        TrendPeriod::CHOICES.into_iter().find(|p| p.code() == code.trim())
    }

    pub fn label(self) -> String {
        match self {
            TrendPeriod::Days(n) => (crate::text::ui().trend_days)(i64::from(n)),
            TrendPeriod::All => crate::text::ui().trend_all.into(),
        }
    }
}

/// A chart as the page shows it: drawn twice, for a tablet's width and for a phone's, whose
/// text would be too small to read (6 px) if the wide drawing were only scaled down. The page
/// shows the one that fits (CSS).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChartSvg {
    pub title: String,
    pub svg: String,
    pub svg_narrow: String,
}

/// Pixel widths of the two drawings: the wide one fills a tablet's column, the narrow one a
/// phone's. On a 390 px phone the chart's column is about 334 px: drawn 400 wide, its labels
/// showed at 11.0 px, right at the phone test's floor (and below it in one CI run); drawn 360
/// wide they show at about 12 px.
pub const CHART_WIDTH: u32 = 720;
pub const CHART_WIDTH_NARROW: u32 = 360;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatientTrend {
    pub patient: Patient,
    pub unit: Unit,
    pub period: TrendPeriod,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    /// Registrations in the period.
    pub count: usize,
    pub charts: Vec<ChartSvg>,
    /// The table view: the latest [`TABLE_COLUMNS`] registrations of the period, oldest first.
    pub table: Vec<StoredRegistration>,
    pub heat: Vec<RegionHeat>,
    pub attention: Attention,
    pub now: DateTime<Utc>,
}

/// The table view shows at most this many registrations (the latest of the period); the charts
/// show them all.
pub const TABLE_COLUMNS: usize = 60;

pub fn period_error() -> AppError {
    AppError::Invalid(ValidationErrors(vec![FieldError {
        field: "periode".into(),
        message: crate::text::ui().trend_period_invalid.into(),
    }]))
}

/// Every patient of the unit, the one who needs someone first on top. Each patient whose scores
/// the list shows gets a row in their access log.
#[server(endpoint = "unit_overview", input = Json)]
pub async fn load_unit_overview(unit_id: i64) -> Result<UnitOverview, AppError> {
    answer(async move {
        let ctx = ctx()?;
        let unit = ctx.unit_with_patients(AuditAction::UnitOverviewRead, unit_id).await?;
        let now = Utc::now();
        let interval = chrono::Duration::hours(i64::from(unit.assessment_interval_hours));
        let mut open: std::collections::HashMap<i64, Followup> = ctx
            .storage
            .open_followups_in_unit(unit_id)
            .await?
            .into_iter()
            .map(|f| (f.patient_id, f))
            .collect();
        let mut expected: std::collections::HashMap<i64, Vec<lindra::followup::ExpectedSymptom>> =
            std::collections::HashMap::new();
        for e in ctx.storage.expected_symptoms_in_unit(unit_id, now).await? {
            expected.entry(e.patient_id).or_default().push(e.symptom);
        }
        let mut rows: Vec<OverviewRow> = ctx
            .storage
            .unit_overview(unit_id)
            .await?
            .into_iter()
            .map(|p| {
                let latest = p.latest.map(|s| s.registration);
                let previous = p.previous.map(|s| s.registration);
                let attention = Attention::assess(latest.as_ref(), previous.as_ref(), now, interval);
                let followup = open.remove(&p.patient.id);
                let expected = expected.remove(&p.patient.id).unwrap_or_default();
                OverviewRow { patient: p.patient, latest, attention, followup, expected }
            })
            .collect();
        rows.sort_by(|a, b| {
            followup_rank(a.followup.as_ref(), now)
                .cmp(&followup_rank(b.followup.as_ref(), now))
                .then_with(|| {
                    let opened = |r: &OverviewRow| r.followup.as_ref().map(|f| f.opened_at);
                    opened(a).cmp(&opened(b))
                })
                .then_with(|| a.attention.priority(&b.attention))
                .then_with(|| a.patient.room.cmp(&b.patient.room))
        });
        let shown: Vec<&Patient> = rows.iter().map(|r| &r.patient).collect();
        ctx.audit_patients(AuditAction::UnitOverviewRead, &shown).await?;
        Ok(UnitOverview { unit, rows, now })
    })
    .await
}

/// One patient's course over the period: charts, table and body-map heat.
#[server(endpoint = "patient_trend", input = Json)]
pub async fn load_patient_trend(patient_id: i64, period: String) -> Result<PatientTrend, AppError> {
    answer(async move {
        let ctx = ctx()?;
        let patient = ctx.patient(AuditAction::TrendRead, patient_id).await?;
        let period = TrendPeriod::from_code(&period).ok_or_else(period_error)?;
        let unit = ctx
            .storage
            .unit(patient.unit_id)
            .await?
            .ok_or_else(|| AppError::NotFound(crate::text::ui().unit_not_found.into()))?;
        let now = Utc::now();
        let from = match period {
            TrendPeriod::Days(n) => Some(now - chrono::Duration::days(i64::from(n))),
            TrendPeriod::All => None,
        };
        let stored =
            ctx.storage.registrations(patient_id, crate::storage::Period { from, to: Some(now) }).await?;
        ctx.audit(
            AuditAction::TrendRead,
            Some(&patient),
            None,
            format!("patient/{patient_id}"),
            AuditOutcome::Ok,
        )
        .await?;
        build_trend(patient, unit, period, from, now, stored)
    })
    .await
}

#[cfg(feature = "ssr")]
fn build_trend(
    patient: Patient,
    unit: Unit,
    period: TrendPeriod,
    from: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    stored: Vec<StoredRegistration>,
) -> Result<PatientTrend, AppError> {
    use lindra_charts::{model::Span, svg, Chart};
    let registrations: Vec<Registration> = stored.iter().map(|s| s.registration.clone()).collect();
    let from = from.or_else(|| registrations.first().map(|r| r.observed_at)).unwrap_or(now);
    let span = Span::new(from, now);
    let failed = |e: String| {
        tracing::error!(error = %e, "chart drawing failed");
        AppError::Unavailable(crate::text::ui().charts_failed.into())
    };
    let drawn = |chart: Chart, height: u32| -> Result<ChartSvg, AppError> {
        Ok(ChartSvg {
            svg: svg(&chart, CHART_WIDTH, height).map_err(failed)?,
            svg_narrow: svg(&chart, CHART_WIDTH_NARROW, height + 20).map_err(failed)?,
            title: chart.title,
        })
    };
    let mut charts = Vec::new();
    if !registrations.is_empty() {
        for item in lindra::course::course_items(&registrations) {
            charts.push(drawn(Chart::item(item, &registrations, span, crate::text::clinical()), 200)?);
        }
        charts.push(drawn(Chart::sums(&registrations, span, crate::text::clinical()), 260)?);
        if registrations.iter().any(|r| !r.pain.is_empty()) {
            charts.push(drawn(Chart::pain(&registrations, span, crate::text::clinical()), 220)?);
        }
    }
    let heat = lindra::course::body_heat(&registrations);
    let interval = chrono::Duration::hours(i64::from(unit.assessment_interval_hours));
    let n = registrations.len();
    let attention = Attention::assess(
        registrations.last(),
        n.checked_sub(2).and_then(|i| registrations.get(i)),
        now,
        interval,
    );
    let table = stored[stored.len().saturating_sub(TABLE_COLUMNS)..].to_vec();
    Ok(PatientTrend { patient, unit, period, from, to: now, count: n, charts, table, heat, attention, now })
}
