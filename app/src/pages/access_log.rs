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
                <a href=format!("/pasient/{}", log.patient.id)>{format!("← {}", text::BACK_TO_PATIENT)}</a>
            </nav>
            <h1>{format!("{}: {}", text::ACCESS_LOG, log.patient.name)}</h1>
            <p>{text::ACCESS_LOG_EXPLAINED}</p>
            <div class="table-scroll">
                <table class="access-log">
                    <thead>
                        <tr>
                            <th>{text::COL_TIME}</th><th>{text::COL_WHO}</th><th>{text::COL_ROLE}</th>
                            <th>{text::COL_WHAT}</th><th>{text::COL_OUTCOME}</th><th>{text::COL_FROM}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {log.events.into_iter().map(|e| view! {
                            <tr data-action=e.action.code() data-outcome=e.outcome.code()>
                                <td>{format_date_time(e.at)}</td>
                                <td>{e.username}</td>
                                <td>{text::audit_role(&e.role)}</td>
                                <td>{text::audit_action(e.action)}</td>
                                <td>{text::audit_outcome(e.outcome)}</td>
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
