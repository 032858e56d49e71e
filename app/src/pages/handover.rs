//! The handover report of a unit (vaktrapport): one page the evening nurse reads out at 22:55,
//! the patient who needs the night most on top. Live: it loads again on every change of the unit.

use crate::handover::{load_handover, Handover, HandoverRow};
use crate::pages::overview::UnitTabs;
use crate::pages::{id_param, keyed_page};
use crate::text;
use crate::text::format_since;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use lindra::time::format_time;

#[component]
pub fn HandoverPage() -> impl IntoView {
    let id = id_param();
    let query = use_query_map();
    let key = Signal::derive(move || {
        let back = query.with(|q| q.get("vakt")).and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
        id.get().map(|id| (id, back))
    });
    // Live: loaded again whole on every change of the unit (crate::live).
    view! {
        <crate::live::LiveRegion name="page">
            {keyed_page(
                key,
                |(id, back)| load_handover(id, back),
                |h| view! { <Report h /> }.into_any(),
            )}
        </crate::live::LiveRegion>
    }
}

#[component]
fn Report(h: Handover) -> impl IntoView {
    let unit_id = h.unit.id;
    let title = h.title();
    let (busy, quiet): (Vec<HandoverRow>, Vec<HandoverRow>) = h.rows.into_iter().partition(|r| !r.is_quiet());
    let now = h.now;
    view! {
        <nav class="crumbs"><a href="/">{format!("← {}", text::ui().units)}</a></nav>
        <h1>{h.unit.name.clone()}</h1>
        <UnitTabs unit_id active=text::ui().handover no_patients=!h.sees_patients />
        <h2 class="handover-title">{title}</h2>
        <nav class="shift-choice" aria-label=text::ui().handover_shifts>
            <a class="button primary" href=format!("/enhet/{unit_id}/vaktrapport.pdf?vakt={}", h.back) download rel="external">
                {text::ui().print_handover}
            </a>
            {(h.back < crate::handover::MAX_SHIFTS_BACK).then(|| view! {
                <a class="button" href=format!("/enhet/{unit_id}/vaktrapport?vakt={}", h.back + 1)>{text::ui().earlier_shift}</a>
            })}
            {(h.back > 0).then(|| view! {
                <a class="button" href=format!("/enhet/{unit_id}/vaktrapport?vakt={}", h.back - 1)>{text::ui().later_shift}</a>
            })}
        </nav>
        <ol class="handover">
            {busy.into_iter().map(|row| view! { <Row row now links=h.sees_patients /> }).collect_view()}
        </ol>
        {(!quiet.is_empty()).then(|| view! {
            <section class="panel handover-quiet">
                <h3>{text::ui().nothing_new}</h3>
                <ul class="plain">
                    {quiet.into_iter().map(|r| {
                        let since = r.last_assessed.map(|at| format_since(at, now)).unwrap_or_default();
                        view! {
                            <li data-patient=r.patient.id>
                                {format!("{} {} · {} · {}: {}", text::ui().room, r.patient.room, r.patient.name, text::ui().last_assessed, since)}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        })}
    }
}

#[component]
fn Row(row: HandoverRow, now: chrono::DateTime<chrono::Utc>, links: bool) -> impl IntoView {
    let p = row.patient;
    let clock = format_time;
    let since = row
        .last_assessed
        .map(|at| format_since(at, now))
        .unwrap_or_else(|| text::ui().never_assessed.to_string());
    view! {
        <li class="panel handover-row" class:overdue=row.reassessment_overdue data-patient=p.id>
            <h3>
                {if links {
                    view! { <a href=format!("/pasient/{}", p.id)>{format!("{} {} · {}", text::ui().room, p.room, p.name)}</a> }.into_any()
                } else {
                    format!("{} {} · {}", text::ui().room, p.room, p.name).into_any()
                }}
            </h3>
            {row.open_followup.map(|(reasons, state)| view! {
                <p class="followup-flag" class:overdue=row.reassessment_overdue>
                    <strong>{text::ui().followup}": "</strong>{reasons}<span class="followup-state">{format!(" · {state}")}</span>
                </p>
            })}
            {row.not_assessed.then(|| view! { <p class="flag overdue">{format!("{}: {since}", text::ui().not_assessed_in_interval)}</p> })}
            <ul class="plain handover-events">
                {row.registrations.into_iter().map(|r| {
                    let summary = r.summary();
                    view! {
                        <li>
                            <span class="step-when">{format!("{} ", clock(r.observed_at))}</span>
                            {if links {
                                view! { <a href=format!("/registrering/{}", r.id)>{(text::ui().esas_by)(&r.recorded_by, &r.completed_by)}</a> }.into_any()
                            } else {
                                (text::ui().esas_by)(&r.recorded_by, &r.completed_by).into_any()
                            }}
                            {format!(": {summary}")}
                            {(!r.note.is_empty()).then(|| view! { <p class="handover-note">{r.note.clone()}</p> })}
                        </li>
                    }
                }).collect_view()}
                {row.steps.into_iter().map(|s| view! {
                    <li><span class="step-when">{format!("{} ", clock(s.at))}</span>{format!("{}: {}", s.by, s.words)}</li>
                }).collect_view()}
            </ul>
        </li>
    }
}
