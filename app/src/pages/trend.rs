//! One patient's course over a period: the digital forløpsskjema. Charts per ESAS-r item (drawn
//! on the server), the sums and pain NRS, the table clinicians know from paper, and where it
//! hurt in the period.

use crate::components::attention::AttentionFlags;
use crate::components::body_map::BodyHeat;
use crate::components::esas_table::ScoreCell;
use crate::components::summary_export::SummaryExport;
use crate::model::StoredRegistration;
use crate::pages::{id_param, keyed_page, ChartFigure};
use crate::text;
use crate::text::clinical;
use crate::text::format_date_time;
use crate::trends::{load_patient_trend, PatientTrend, TrendPeriod};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use lindra::course::RegionHeat;
use lindra::esas::SumKind;
use lindra::nrs::NrsQuestion;
use lindra::time::to_oslo;
use lindra::{EsasItem, ItemValue};

#[component]
pub fn TrendPage() -> impl IntoView {
    let id = id_param();
    let query = use_query_map();
    let key = Signal::derive(move || {
        let period = query.with(|q| q.get("periode")).unwrap_or_else(|| TrendPeriod::DEFAULT.code());
        id.get().map(|id| (id, period))
    });
    keyed_page(
        key,
        |(id, period)| load_patient_trend(id, period),
        |trend| view! { <Trend trend /> }.into_any(),
    )
}

#[component]
fn Trend(trend: PatientTrend) -> impl IntoView {
    let p = trend.patient.clone();
    let pid = p.id;
    let periods = TrendPeriod::CHOICES
        .into_iter()
        .map(|choice| {
            let current = (choice == trend.period).then_some("page");
            view! {
                <a class="tab" href=format!("/pasient/{pid}/forlop?periode={}", choice.code()) aria-current=current>
                    {choice.label()}
                </a>
            }
        })
        .collect_view();
    let range = (text::ui().trend_range)(
        &to_oslo(trend.from).format("%d.%m.%Y").to_string(),
        &to_oslo(trend.to).format("%d.%m.%Y").to_string(),
        trend.count,
    );
    let empty = trend.count == 0;
    view! {
        <nav class="crumbs"><a href=format!("/pasient/{pid}")>{format!("← {}", p.name)}</a></nav>
        <header class="patient-head">
            <div>
                <h1>{format!("{}: {}", text::ui().trend, p.name)}</h1>
                <p class="patient-meta">
                    {format!("{} {} · {} {} · {}", text::ui().born, p.birth_date.format("%d.%m.%Y"), text::ui().room, p.room, trend.unit.name)}
                </p>
            </div>
            <div class="actions">
                <a class="button" href=format!("/pasient/{pid}/oppsummering.pdf?mottaker=fastlege") download rel="external">
                    {text::ui().pdf_to_gp}
                </a>
                <a class="button primary" href=format!("/pasient/{pid}/ny")>{text::ui().new_registration}</a>
            </div>
        </header>
        <nav class="tabs" aria-label=text::ui().period>{periods}</nav>
        <p class="period-range" data-count=trend.count>{range}</p>
        <AttentionFlags attention=trend.attention.clone() interval_hours=trend.unit.assessment_interval_hours now=trend.now />
        {if empty {
            view! { <p class="panel">{text::ui().no_registrations_in_period}</p> }.into_any()
        } else {
            view! {
                <section class="panel charts" aria-labelledby="charts-title">
                    <h2 id="charts-title">{text::ui().trend_title}</h2>
                    <p class="hint">{text::ui().chart_legend}</p>
                    {trend.charts.into_iter().map(|chart| view! { <ChartFigure chart /> }).collect_view()}
                </section>
                <section class="panel" aria-labelledby="table-title">
                    <h2 id="table-title">{text::ui().table_view}</h2>
                    <TrendTable registrations=trend.table count=trend.count />
                </section>
                <section class="panel" aria-labelledby="heat-title">
                    <h2 id="heat-title">{text::ui().body_map_heat}</h2>
                    <BodyHeat heat=trend.heat.clone() />
                    <HeatList heat=trend.heat />
                </section>
            }.into_any()
        }}
        <crate::HydrateWhenSeen>
            <SummaryExport patient_id=pid now=trend.now />
        </crate::HydrateWhenSeen>
    }
}

/// Dates across, items down, coloured cells: the paper forløpsskjema. Newest on the right, and the
/// scroll starts there.
#[component]
fn TrendTable(registrations: Vec<StoredRegistration>, count: usize) -> impl IntoView {
    let shown = registrations.len();
    let items = lindra::course::course_items(
        &registrations.iter().map(|s| s.registration.clone()).collect::<Vec<_>>(),
    );
    let head = registrations
        .iter()
        .map(|s| {
            let local = to_oslo(s.registration.observed_at);
            view! {
                <th scope="col">
                    <a href=format!("/registrering/{}", s.id) title=format_date_time(s.registration.observed_at)>
                        {local.format("%d.%m.").to_string()}<br />{local.format("%H:%M").to_string()}
                    </a>
                    {s.registration.self_report.map(|_| view! {
                        <br /><abbr class="self-mark" data-self-report="" title=text::patient_mode().self_reported>
                            {text::patient_mode().self_reported_short}
                        </abbr>
                    })}
                </th>
            }
        })
        .collect_view();
    let item_rows = items
        .into_iter()
        .map(|item| {
            let label = match item {
                EsasItem::Other => (clinical().item_short_label)(item).to_string(),
                _ => format!("{}. {}", item.number(), (clinical().item_short_label)(item)),
            };
            let cells = registrations
                .iter()
                .map(|s| view! { <td><ScoreCell value=s.registration.esas.get(item) /></td> })
                .collect_view();
            view! { <tr data-item=item.code()><th scope="row">{label}</th>{cells}</tr> }
        })
        .collect_view();
    let sum_rows = SumKind::ALL
        .into_iter()
        .map(|kind| {
            let cells = registrations
                .iter()
                .map(|s| {
                    let v =
                        s.registration.esas.sum(kind).map(|v| v.to_string()).unwrap_or_else(|| "–".into());
                    view! { <td class="num">{v}</td> }
                })
                .collect_view();
            view! { <tr data-sum=kind.code()><th scope="row">{(clinical().sum_short)(kind)}</th>{cells}</tr> }
        })
        .collect_view();
    let nrs_rows = NrsQuestion::ALL
        .into_iter()
        .map(|q| {
            let cells = registrations
                .iter()
                .map(|s| view! { <td><ScoreCell value=s.registration.pain.get(q).map(ItemValue::Score) /></td> })
                .collect_view();
            view! { <tr data-nrs=q.code()><th scope="row">{format!("NRS {}", (clinical().nrs_short)(q).to_lowercase())}</th>{cells}</tr> }
        })
        .collect_view();
    view! {
        {(shown < count).then(|| view! {
            <p class="hint">{(text::ui().table_shows_latest)(shown, count)}</p>
        })}
        <div class="table-scroll trend-table-wrap" tabindex="0" role="region" aria-label=text::ui().table_view>
            <table class="trend-table">
                <thead><tr><th scope="col">{text::ui().observed_at}</th>{head}</tr></thead>
                <tbody>{item_rows}{sum_rows}{nrs_rows}</tbody>
            </table>
        </div>
    }
}

#[component]
fn HeatList(heat: Vec<RegionHeat>) -> impl IntoView {
    if heat.is_empty() {
        return view! { <p>{text::ui().no_marks_in_period}</p> }.into_any();
    }
    let rows = heat
        .into_iter()
        .map(|h| {
            let name = h.region.region().map(crate::text::region_name).unwrap_or_default();
            view! {
                <tr data-region=h.region.0>
                    <th scope="row">{name}</th>
                    <td class="num">{h.times}</td>
                    <td><ScoreCell value=Some(ItemValue::Score(h.highest)) /></td>
                    <td>{to_oslo(h.last_at).format("%d.%m.").to_string()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="heat-table">
            <thead><tr>
                <th scope="col">{text::ui().region}</th>
                <th scope="col">{text::ui().times_marked}</th>
                <th scope="col">{text::ui().highest}</th>
                <th scope="col">{text::ui().last_marked}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}
