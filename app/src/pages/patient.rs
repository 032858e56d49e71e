//! One patient: who and where, and the latest ESAS-r; one tap to a new registration.

use crate::api::load_patient_overview;
use crate::components::esas_table::EsasTable;
use crate::pages::{id_param, ErrorMessage, NotFound};
use crate::text;
use leptos::prelude::*;
use lindra::time::format_since;

#[component]
pub fn PatientPage() -> impl IntoView {
    let id = id_param();
    let data = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => Some(load_patient_overview(id).await),
                None => None,
            }
        },
    );
    view! {
        <Suspense fallback=|| view! { <p>{text::LOADING}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    None => view! { <NotFound /> }.into_any(),
                    Some(Err(error)) => view! { <ErrorMessage error /> }.into_any(),
                    Some(Ok(o)) => {
                        let p = o.patient;
                        let since = o.latest.as_ref().map(|l| format_since(l.registration.observed_at, o.now));
                        view! {
                            <nav class="crumbs">
                                <a href=format!("/enhet/{}", o.unit.id)>{format!("← {}", o.unit.name)}</a>
                            </nav>
                            <header class="patient-head">
                                <div>
                                    <h1>{p.name.clone()}</h1>
                                    <p class="patient-meta">
                                        {format!("{} {} · {} {} · {}", text::BORN, p.birth_date.format("%d.%m.%Y"), text::ROOM, p.room, o.unit.name)}
                                    </p>
                                </div>
                                <a class="button primary big" href=format!("/pasient/{}/ny", p.id)>{text::NEW_REGISTRATION}</a>
                            </header>
                            <section class="panel">
                                <h2>
                                    {text::LATEST_ESAS}
                                    {since.map(|s| view! { <span class="since">{format!(" · {s}")}</span> })}
                                </h2>
                                {match o.latest {
                                    Some(stored) => view! { <EsasTable stored /> }.into_any(),
                                    None => view! { <p>{text::NO_REGISTRATIONS}</p> }.into_any(),
                                }}
                            </section>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
