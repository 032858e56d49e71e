//! The unit overview: every patient of the unit, the one who needs someone first on top, with
//! the latest scores as small coloured cells and the flags in words; one tap to the course.

use crate::components::attention::{AttentionFlags, MiniScores};
use crate::model::FollowupState;
use crate::text;
use crate::text::format_since;
use crate::trends::load_unit_overview;
use leptos::prelude::*;

#[component]
pub fn UnitOverviewPage() -> impl IntoView {
    crate::pages::live_page(load_unit_overview, |o| {
        let now = o.now;
        let interval = o.unit.assessment_interval_hours;
        let unit_id = o.unit.id;
        view! {
            <nav class="crumbs"><a href="/">{format!("← {}", text::ui().units)}</a></nav>
            <h1>{o.unit.name.clone()}</h1>
            <UnitTabs unit_id active=text::ui().overview />
            <p class="hint">{text::ui().overview_explained}" "{(text::ui().this_unit)(&(text::ui().every_hours)(interval))}</p>
            {o.rows.is_empty().then(|| view! { <p>{text::ui().no_patients}</p> })}
            <ol class="overview">
                {o.rows.into_iter().map(|row| {
                    let p = row.patient;
                    let since = row.attention.last_at
                        .map(|at| format_since(at, now))
                        .unwrap_or_else(|| text::ui().never_assessed.to_string());
                    let rank = row.attention.rank();
                    let calm = rank == 4 && row.followup.is_none();
                    let own = row.latest.as_ref().is_some_and(|r| r.self_report.is_some());
                    let followup = row.followup.map(|f| {
                        let reasons: Vec<String> = f.reasons().map(|r| r.words(crate::text::clinical())).collect();
                        let overdue = matches!(f.state(now), FollowupState::Overdue { .. });
                        view! {
                            <a class="followup-flag" class:overdue=overdue href=format!("/pasient/{}#oppfolging", p.id) data-followup=f.id>
                                <strong>{text::ui().followup}": "</strong>{reasons.join(", ")}
                                <span class="followup-state">{format!(" · {}", f.status_words(now, crate::text::clinical()))}</span>
                            </a>
                        }
                    });
                    view! {
                        <li class="overview-row" data-patient=p.id data-rank=rank>
                            <div class="overview-head">
                                <a class="patient-link" href=format!("/pasient/{}/forlop", p.id)>
                                    <span class="patient-name">{p.name.clone()}</span>
                                    <span class="patient-meta">
                                        {format!("{} {} · {}: {}", text::ui().room, p.room, text::ui().last_assessed, since)}
                                        {own.then(|| view! {
                                            <span class="self-report" data-self-report="">
                                                {format!(" · {}", text::patient_mode().self_reported)}
                                            </span>
                                        })}
                                    </span>
                                </a>
                                <a class="button small-dark" href=format!("/pasient/{}/ny", p.id)
                                    aria-label=format!("{} for {}", text::ui().new_registration, p.name)>
                                    {text::ui().new_registration}
                                </a>
                            </div>
                            {followup}
                            {(!row.expected.is_empty()).then(|| view! {
                                <p class="expected-line">
                                    {row.expected.iter().map(crate::text::language().followup().expected).collect::<Vec<_>>().join(" ")}
                                </p>
                            })}
                            {row.latest.map(|r| view! { <MiniScores registration=r /> })}
                            {if calm {
                                view! { <p class="no-flags">{text::ui().no_flags}</p> }.into_any()
                            } else {
                                view! { <AttentionFlags attention=row.attention interval_hours=interval now /> }.into_any()
                            }}
                        </li>
                    }
                }).collect_view()}
            </ol>
        }
        .into_any()
    })
}

/// The two views of a unit: the patient list (to register) and the overview (to review).
#[component]
pub fn UnitTabs(
    unit_id: i64,
    active: &'static str,
    /// A role that sees no patients (the leader): no patient list or overview tab.
    #[prop(optional)]
    no_patients: bool,
) -> impl IntoView {
    let tab = move |label: &'static str, href: String| {
        let current = (label == active).then_some("page");
        view! { <a class="tab" href=href aria-current=current>{label}</a> }
    };
    view! {
        <nav class="tabs" aria-label="Visning">
            {(!no_patients).then(|| tab(text::ui().patients, format!("/enhet/{unit_id}")))}
            {(!no_patients).then(|| tab(text::ui().overview, format!("/enhet/{unit_id}/oversikt")))}
            {tab(text::ui().handover, format!("/enhet/{unit_id}/vaktrapport"))}
            {tab(text::ui().quality, format!("/enhet/{unit_id}/kvalitet"))}
        </nav>
    }
}
