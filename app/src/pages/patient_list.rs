//! A unit's patients, by room, with when each was last assessed; one tap to a new registration.

use crate::api::load_unit_patients;
use crate::pages::by_id_page;
use crate::pages::overview::UnitTabs;
use crate::text;
use crate::text::format_since;
use leptos::prelude::*;

#[component]
pub fn PatientListPage() -> impl IntoView {
    by_id_page(load_unit_patients, |list| {
        let now = list.now;
        view! {
                <h1>{list.unit.name}</h1>
                <UnitTabs unit_id=list.unit.id active=text::ui().patients />
                <div class="search">
                    <label for="patient-search">{text::ui().search_patient}</label>
                    // Filtered by the page's own script (search.js), from the first paint.
                    <input id="patient-search" type="search" autocomplete="off" data-filter="patients" />
                </div>
                {list.patients.is_empty().then(|| view! { <p>{text::ui().no_patients}</p> })}
                <ul class="patient-list" id="patients">
                    {list.patients.into_iter().map(|row| {
                        let p = row.patient;
                        let haystack = format!("{} {}", p.name, p.room).to_lowercase();
                        let since = row.last_observed_at
                            .map(|at| format_since(at, now))
                            .unwrap_or_else(|| text::ui().never_assessed.to_string());
                        view! {
                            <li class="patient-row" data-filter-text=haystack>
                                <a class="patient-link" href=format!("/pasient/{}", p.id)>
                                    <span class="patient-name">{p.name.clone()}</span>
                                    <span class="patient-meta">
                                        {format!("{} {} · {}: {}", text::ui().room, p.room, text::ui().last_assessed, since)}
                                    </span>
                                </a>
                                <a class="button primary" href=format!("/pasient/{}/ny", p.id)
                                    aria-label=format!("{} for {}", text::ui().new_registration, p.name)>
                                    {text::ui().new_registration}
                                </a>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
    })
}
