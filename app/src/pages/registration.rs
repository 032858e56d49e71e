//! One registration with its whole history: every version, newest first, with who registered
//! it, when, and why it was corrected; and the way to correct it.

use crate::api::load_registration;
use crate::components::esas_table::EsasTable;
use crate::pages::by_id_page;
use crate::text;
use crate::text::format_date_time;
use leptos::prelude::*;

#[component]
pub fn RegistrationPage() -> impl IntoView {
    by_id_page(load_registration, |detail| {
        let current = detail.versions.last().map(|v| v.id).unwrap_or_default();
        let versions = detail
            .versions
            .into_iter()
            .rev()
            .map(|v| {
                let heading = if v.version == 1 {
                    (text::ui().version_first)(&format_date_time(v.recorded_at), &v.recorded_by_name)
                } else {
                    (text::ui().version_corrected)(
                        v.version,
                        &format_date_time(v.recorded_at),
                        &v.recorded_by_name,
                    )
                };
                let is_current = v.id == current;
                let number = v.version;
                view! {
                    <section class="panel version" data-version=number class:current=is_current>
                        <h2>{heading}{is_current.then_some(" · gjeldende")}</h2>
                        <EsasTable stored=v />
                    </section>
                }
            })
            .collect_view();
        view! {
            <nav class="crumbs">
                <a href=format!("/pasient/{}", detail.patient.id)>{format!("← {}", detail.patient.name)}</a>
            </nav>
            <header class="patient-head">
                <h1>{text::ui().registration_history}</h1>
                <a class="button primary big" href=format!("/registrering/{current}/rett")>{text::ui().correct}</a>
            </header>
            <p>{text::ui().history_explained}</p>
            {versions}
        }
        .into_any()
    })
}
