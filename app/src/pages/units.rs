//! The start page: the care units, one tap to a unit's patients.

use crate::api::list_units;
use crate::pages::ErrorMessage;
use crate::text;
use leptos::prelude::*;

#[component]
pub fn UnitsPage() -> impl IntoView {
    let units = Resource::new(|| (), |_| list_units());
    view! {
        <h1>{text::ui().choose_unit}</h1>
        <Suspense fallback=|| view! { <p>{text::ui().loading}</p> }>
            {move || Suspend::new(async move {
                match units.await {
                    Ok(list) => {
                        let sees_patients = list.sees_patients;
                        view! {
                            <ul class="cards">
                                {list.units.into_iter().map(|unit| {
                                    // A leader goes to the handover report: no patient list.
                                    let (main, second, label) = if sees_patients {
                                        (format!("/enhet/{}", unit.id), format!("/enhet/{}/oversikt", unit.id), text::ui().overview)
                                    } else {
                                        (format!("/enhet/{}/vaktrapport", unit.id), format!("/enhet/{}/kvalitet", unit.id), text::ui().quality)
                                    };
                                    view! {
                                        <li class="unit-card">
                                            <a class="card" href=main>
                                                <span class="card-title">{unit.name.clone()}</span>
                                            </a>
                                            <a class="button" href=second
                                                aria-label=format!("{label} for {}", unit.name)>{label}</a>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                            <p><a class="button" href="/kvalitet">{format!("{} · {}", text::ui().quality, text::quality().all_units)}</a></p>
                        }
                    }.into_any(),
                    Err(error) => view! { <ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
