//! The quality view (Kvalitet): a unit's figures over the last twelve weeks or months, as charts
//! and a table, and the last complete week or month across every unit the user works in. No
//! patient names anywhere.

use crate::pages::overview::UnitTabs;
use crate::pages::{id_param, keyed_page, ChartFigure};
use crate::quality::{columns, load_unit_quality, load_units_quality, UnitQuality, UnitsQuality};
use crate::text;
use crate::text::quality as t;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use lindra::quality::{PeriodKind, Quality};

fn period_query() -> Signal<String> {
    let query = use_query_map();
    Signal::derive(move || query.with(|q| q.get("periode")).unwrap_or_default())
}

/// Weeks or months, as two tabs.
#[component]
fn PeriodTabs(base: String, kind: PeriodKind) -> impl IntoView {
    let tab = move |label: &'static str, k: PeriodKind| {
        let current = (k == kind).then_some("page");
        view! { <a class="tab" href=format!("{base}?periode={}", k.code()) aria-current=current>{label}</a> }
    };
    view! {
        <nav class="tabs" aria-label=t().period>
            {tab(t().weeks, PeriodKind::Week)}
            {tab(t().months, PeriodKind::Month)}
        </nav>
    }
}

#[component]
pub fn UnitQualityPage() -> impl IntoView {
    let id = id_param();
    let period = period_query();
    let key = Signal::derive(move || id.get().map(|id| (id, period.get())));
    keyed_page(key, |(id, period)| load_unit_quality(id, period), |q| view! { <UnitFigures q /> }.into_any())
}

#[component]
fn UnitFigures(q: UnitQuality) -> impl IntoView {
    let unit_id = q.unit_id;
    view! {
        <nav class="crumbs"><a href="/kvalitet">{format!("← {}", t().all_units)}</a></nav>
        <h1>{q.unit_name.clone()}</h1>
        <UnitTabs unit_id active=text::ui().quality no_patients=!q.sees_patients />
        <PeriodTabs base=format!("/enhet/{unit_id}/kvalitet") kind=q.kind />
        <p class="hint">{t().no_names}</p>
        <section class="panel charts" aria-label=text::ui().quality>
            {q.charts.into_iter().map(|chart| view! { <ChartFigure chart /> }).collect_view()}
            <p class="hint">{(t().in_time_explained)(q.interval_hours)}</p>
        </section>
        <section class="panel" aria-labelledby="quality-table">
            <h2 id="quality-table">{t().table}</h2>
            <p>
                <a class="button" href=format!("/enhet/{unit_id}/kvalitet.csv?periode={}", q.kind.code()) download rel="external">
                    {t().download_csv}
                </a>
            </p>
            <FiguresTable first=t().period rows=q.rows.iter().rev().map(|r| (r.table_label().into_any(), r.quality.clone())).collect() />
        </section>
    }
}

/// The figures, one row each (a period or a unit, named in the first column), in a table that
/// scrolls sideways, with the keyboard too.
#[component]
fn FiguresTable(first: &'static str, rows: Vec<(AnyView, Quality)>) -> impl IntoView {
    let columns = columns();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=t().table>
            <table class="quality-table">
                <thead>
                    <tr>
                        <th scope="col">{first}</th>
                        {columns.iter().map(|c| view! { <th scope="col">{c.header}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|(name, quality)| view! {
                        <tr>
                            <th scope="row">{name}</th>
                            {columns.iter().map(|c| figure_cell(c, &quality)).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// A cell: the figure, and under it the count it rests on.
fn figure_cell(column: &crate::quality::Column, q: &Quality) -> impl IntoView {
    let behind = column.behind(q).map(|n| view! { <span class="n">{(t().n)(n)}</span> });
    view! { <td>{column.text(q)}{behind}</td> }
}

#[component]
pub fn UnitsQualityPage() -> impl IntoView {
    let period = period_query();
    let key = Signal::derive(move || Some(period.get()));
    keyed_page(key, load_units_quality, |q| view! { <AllUnits q /> }.into_any())
}

#[component]
fn AllUnits(q: UnitsQuality) -> impl IntoView {
    view! {
        <nav class="crumbs"><a href="/">{format!("← {}", text::ui().units)}</a></nav>
        <h1>{format!("{} · {}", text::ui().quality, t().all_units)}</h1>
        <PeriodTabs base="/kvalitet".to_string() kind=q.kind />
        <p>{(t().last_complete)(&q.label)}</p>
        <p class="hint">{t().no_names}</p>
        <FiguresTable first=t().unit rows=q.units.into_iter().map(|(id, name, quality)| {
            let link = view! { <a href=format!("/enhet/{id}/kvalitet?periode={}", q.kind.code())>{name}</a> };
            (link.into_any(), quality)
        }).collect() />
    }
}
