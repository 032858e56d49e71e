//! A patient's access log: who opened or changed the record, when, from where, and whether it
//! was allowed. What a patient may ask to see (helsenorge "tilgangslogg").

use crate::api::load_access_log;
use crate::pages::by_id_page;
use crate::text;
use leptos::prelude::*;
use lindra::time::format_date_time;

#[component]
pub fn AccessLogPage() -> impl IntoView {
    by_id_page(load_access_log, |log| {
        view! {
            <nav class="crumbs">
                <a href=format!("/pasient/{}", log.patient.id)>{format!("← {}", text::ui().back_to_patient)}</a>
            </nav>
            <h1>{format!("{}: {}", text::ui().access_log, log.patient.name)}</h1>
            <p>{text::ui().access_log_explained}</p>
            <div class="table-scroll">
                <table class="access-log">
                    <thead>
                        <tr>
                            <th>{text::ui().col_time}</th><th>{text::ui().col_who}</th><th>{text::ui().col_role}</th>
                            <th>{text::ui().col_what}</th><th>{text::ui().col_outcome}</th><th>{text::ui().col_from}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {log.events.into_iter().map(|e| view! {
                            <tr data-action=e.action.code() data-outcome=e.outcome.code()>
                                <td>{format_date_time(e.at)}</td>
                                <td>{e.username}</td>
                                <td>{(text::ui().audit_role)(&e.role)}</td>
                                <td>{(text::ui().audit_action)(e.action)}</td>
                                <td>{(text::ui().audit_outcome)(e.outcome)}</td>
                                <td>{e.client_addr}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    })
}
