//! One patient: who and where, and the latest ESAS-r; one tap to a new registration.

use crate::api::load_patient_overview;
use crate::components::esas_table::EsasTable;
use crate::components::summary_export::SummaryExport;
use crate::pages::by_id_page;
use crate::text;
use crate::text::format_since;
use leptos::prelude::*;

#[component]
pub fn PatientPage() -> impl IntoView {
    by_id_page(load_patient_overview, |o| {
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
                            {format!("{} {} · {} {} · {}", text::ui().born, p.birth_date.format("%d.%m.%Y"), text::ui().room, p.room, o.unit.name)}
                        </p>
                        {o.national_id_masked.clone().map(|masked| view! {
                            <NationalId patient_id=p.id masked may_reveal=o.may_reveal_national_id />
                        })}
                    </div>
                    <div class="actions">
                        {o.may_see_access_log.then(|| view! {
                            <a class="button" href=format!("/pasient/{}/tilgangslogg", p.id)>{text::ui().access_log}</a>
                        })}
                        <a class="button" href=format!("/pasient/{}/forlop", p.id)>{text::ui().trend}</a>
                        <a class="button" href=format!("/pasient/{}/oppsummering.pdf?mottaker=fastlege", p.id) download rel="external">
                            {text::ui().pdf_to_gp}
                        </a>
                        <a class="button primary big" href=format!("/pasient/{}/ny", p.id)>{text::ui().new_registration}</a>
                    </div>
                </header>
                <crate::components::followup::FollowupPanel patient_id=p.id />
                <section class="panel">
                    <h2>
                        {text::ui().latest_esas}
                        {since.map(|s| view! { <span class="since">{format!(" · {s}")}</span> })}
                    </h2>
                    {match o.latest {
                        Some(stored) => view! {
                            <EsasTable stored=stored.clone() />
                            <a class="button" href=format!("/registrering/{}", stored.id)>{text::ui().show_history}</a>
                        }.into_any(),
                        None => view! { <p>{text::ui().no_registrations}</p> }.into_any(),
                    }}
                </section>
                <HandOver patient_id=p.id />
                <SummaryExport patient_id=p.id now=o.now />
            }.into_any()
    })
}

/// "La pasienten svare selv": the tablet handed to the patient, in the language chosen here. A
/// plain form: it works before and without any wasm.
#[component]
fn HandOver(patient_id: i64) -> impl IntoView {
    use crate::pages::patient_mode::START_PATH;
    use crate::text::patient_mode as t;
    view! {
        <section class="panel hand-over">
            <h2>{t().hand_over_title}</h2>
            <p>{t().hand_over_explained}</p>
            <form method="post" action=START_PATH class="hand-over-form">
                <input type="hidden" name="pasient" value=patient_id />
                <label for="hand-over-language">{t().language}</label>
                <select id="hand-over-language" name="sprak" aria-describedby="hand-over-nynorsk">
                    {lindra::Language::ALL.into_iter().map(|l| view! {
                        <option value=l.code()>{l.own_name()}</option>
                    }).collect_view()}
                </select>
                <p class="hint" id="hand-over-nynorsk">{t().nynorsk_note}</p>
                <label class="check">
                    <input type="checkbox" name="smerte" value="1" />
                    {t().also_pain}
                </label>
                <label class="check">
                    <input type="checkbox" name="kroppskart" value="1" />
                    {t().also_body_map}
                </label>
                <button type="submit" class="button primary">{t().hand_over}</button>
            </form>
        </section>
    }
}

/// The national identity number, masked; the whole number on a tap for the roles that may see
/// it (each view logged). An island.
// Not in the registration page's bundle (`bundle-form`, crate::lib).
#[cfg_attr(not(feature = "bundle-form"), island)]
#[cfg_attr(feature = "bundle-form", component)]
fn NationalId(patient_id: i64, masked: String, may_reveal: bool) -> impl IntoView {
    let reveal = ServerAction::<crate::api::RevealNationalId>::new();
    let shown = move || match reveal.value().get() {
        Some(Ok(digits)) => format!("{digits} "),
        _ => format!("{masked} "),
    };
    let error = move || match reveal.value().get() {
        Some(Err(error)) => Some(error.to_string()),
        _ => None,
    };
    view! {
        <p class="patient-meta national-id">
            {format!("{}: ", text::ui().national_id)}<span data-national-id>{shown}</span>
            {may_reveal.then(|| view! {
                <button type="button" class="button small-dark"
                    on:click=move |_| { reveal.dispatch(crate::api::RevealNationalId { patient_id }); }
                    disabled=move || matches!(reveal.value().get(), Some(Ok(_)))>
                    {text::ui().show_national_id}
                </button>
            })}
            <span class="field-error" role="status">{error}</span>
        </p>
    }
}
