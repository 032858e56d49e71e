//! A patient's access log: who opened or changed the record, when, from where, and whether it
//! was allowed. What a patient may ask to see (helsenorge "tilgangslogg").

use crate::api::load_access_log;
use crate::pages::by_id_page;
use crate::text;
use leptos::prelude::*;

#[component]
pub fn AccessLogPage() -> impl IntoView {
    by_id_page(load_access_log, |log| {
        // The log is part of the record: in the unit's written language, whatever the reader's.
        let log_words = text::UiWords::of(log.language);
        view! {
            <nav class="crumbs">
                <a href=format!("/pasient/{}", log.patient.id)>{format!("← {}", text::ui().back_to_patient)}</a>
            </nav>
            <h1>{format!("{}: {}", text::ui().access_log, log.patient.name)}</h1>
            <p>{text::ui().access_log_explained}</p>
            <div class="table-scroll">
                <table class="access-log" lang=log.language.code()>
                    <thead>
                        <tr>
                            <th>{log_words.col_time}</th><th>{log_words.col_who}</th><th>{log_words.col_role}</th>
                            <th>{log_words.col_what}</th><th>{log_words.col_outcome}</th><th>{log_words.col_from}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {log.events.into_iter().map(|e| view! {
                            <tr data-action=e.action.code() data-outcome=e.outcome.code()>
                                <td>{lindra::time::format_date_time_in(e.at, log.language)}</td>
                                <td>{e.username}</td>
                                <td>{(log_words.audit_role)(&e.role)}</td>
                                <td>{(log_words.audit_action)(e.action)}</td>
                                <td>{(log_words.audit_outcome)(e.outcome)}</td>
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
