//! A patient's access log: who opened or changed the record, when, from where, and whether it
//! was allowed. What a patient may ask to see (helsenorge "tilgangslogg").

use crate::api::load_access_log;
use crate::pages::by_id_page;
use crate::text;
use leptos::prelude::*;
use lindra::time::format_date_time;

fn action_label(action: &str) -> &'static str {
    match action {
        "patient.read" => "Åpnet pasientsiden",
        "patient_list.read" => "Åpnet pasientlisten",
        "registration.create" => "Registrerte",
        "registration.correct" => "Rettet en registrering",
        "trend.read" => "Så forløpet",
        "unit_overview.read" => "Så enhetsoversikten",
        "pdf.export" => "Lagde PDF-oppsummering",
        "access_log.read" => "Så tilgangsloggen",
        _ => "Annen handling",
    }
}

fn outcome_label(outcome: &str) -> &'static str {
    match outcome {
        "ok" => "Tillatt",
        "denied" => "Avvist",
        "invalid" => "Ugyldig skjema",
        "duplicate" => "Sendt på nytt",
        "not_found" => "Fant ikke",
        _ => "Annet",
    }
}

#[component]
pub fn AccessLogPage() -> impl IntoView {
    by_id_page(load_access_log, |log| {
        view! {
            <nav class="crumbs">
                <a href=format!("/pasient/{}", log.patient.id)>{format!("← {}", text::BACK_TO_PATIENT)}</a>
            </nav>
            <h1>{format!("{}: {}", text::ACCESS_LOG, log.patient.name)}</h1>
            <p>{text::ACCESS_LOG_EXPLAINED}</p>
            <div class="table-scroll">
                <table class="access-log">
                    <thead>
                        <tr><th>"Tid"</th><th>"Hvem"</th><th>"Rolle"</th><th>"Hva"</th><th>"Utfall"</th><th>"Fra"</th></tr>
                    </thead>
                    <tbody>
                        {log.events.into_iter().map(|e| view! {
                            <tr data-action=e.action.clone() data-outcome=e.outcome.clone()>
                                <td>{format_date_time(e.at)}</td>
                                <td>{e.username}</td>
                                <td>{e.role}</td>
                                <td>{action_label(&e.action)}</td>
                                <td>{outcome_label(&e.outcome)}</td>
                                <td>{e.client_addr}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        }.into_any()
    })
}
