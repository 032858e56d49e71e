//! The start page: the care units, one tap to a unit's patients.

use crate::api::list_units;
use crate::pages::ErrorMessage;
use crate::text;
use leptos::prelude::*;

#[component]
pub fn UnitsPage() -> impl IntoView {
    let units = Resource::new(|| (), |_| list_units());
    view! {
        <h1>{text::CHOOSE_UNIT}</h1>
        <Suspense fallback=|| view! { <p>{text::LOADING}</p> }>
            {move || Suspend::new(async move {
                match units.await {
                    Ok(units) => view! {
                        <ul class="cards">
                            {units.into_iter().map(|unit| view! {
                                <li class="unit-card">
                                    <a class="card" href=format!("/enhet/{}", unit.id)>
                                        <span class="card-title">{unit.name.clone()}</span>
                                    </a>
                                    <a class="button" href=format!("/enhet/{}/oversikt", unit.id)
                                        aria-label=format!("{} for {}", text::OVERVIEW, unit.name)>{text::OVERVIEW}</a>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
