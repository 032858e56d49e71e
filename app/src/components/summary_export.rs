//! "Oppsummering som PDF" on the patient page: one tap on a recipient gives the summary of the
//! last 14 days; the period can be changed first. A plain GET form, so it works before the page
//! has hydrated; once it has, a reversed or unreadable period is shown at its field instead of
//! leaving the page.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use lindra::summary::{self, Recipient, SummaryPeriod, FIELD_FROM, FIELD_TO};

/// An island: the period is checked in the browser before the download.
// Not in the registration page's bundle (`bundle-form`, crate::lib).
#[cfg_attr(not(feature = "bundle-form"), island)]
#[cfg_attr(feature = "bundle-form", component)]
pub fn SummaryExport(patient_id: i64, now: DateTime<Utc>) -> impl IntoView {
    let today = summary::today(now);
    let default = SummaryPeriod::default_until(today);
    let from = RwSignal::new(default.first_day.format("%Y-%m-%d").to_string());
    let to = RwSignal::new(default.last_day.format("%Y-%m-%d").to_string());
    let errors = RwSignal::new(lindra::ValidationErrors::default());
    let error = move |field: &'static str| move || errors.with(|e| e.for_field(field).map(str::to_string));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        // The page's today; the server checks again against its own.
        match SummaryPeriod::parse(&from.get_untracked(), &to.get_untracked(), today) {
            Ok(_) => errors.set(Default::default()),
            Err(e) => {
                ev.prevent_default();
                errors.set(e);
            }
        }
    };
    let max = today.format("%Y-%m-%d").to_string();
    view! {
        <section class="panel summary-export" aria-labelledby="summary-title">
            <h2 id="summary-title">{crate::text::ui().summary_pdf_title}</h2>
            <p class="hint">{crate::text::ui().summary_pdf_explained}</p>
            <form method="get" action=format!("/pasient/{patient_id}/oppsummering.pdf") on:submit=submit novalidate>
                <div class="summary-period">
                    <div class="summary-day">
                        <label for="summary-from">{crate::text::ui().period_from}</label>
                        <input id="summary-from" type="date" name=FIELD_FROM max=max.clone()
                            prop:value=move || from.get() on:input=move |ev| from.set(event_target_value(&ev))
                            aria-invalid=move || error(FIELD_FROM)().is_some().to_string()
                            aria-describedby="summary-from-error" />
                        <p class="field-error" id="summary-from-error" role="alert">{error(FIELD_FROM)}</p>
                    </div>
                    <div class="summary-day">
                        <label for="summary-to">{crate::text::ui().period_to}</label>
                        <input id="summary-to" type="date" name=FIELD_TO max=max
                            prop:value=move || to.get() on:input=move |ev| to.set(event_target_value(&ev))
                            aria-invalid=move || error(FIELD_TO)().is_some().to_string()
                            aria-describedby="summary-to-error" />
                        <p class="field-error" id="summary-to-error" role="alert">{error(FIELD_TO)}</p>
                    </div>
                </div>
                <div class="actions">
                    {Recipient::ALL.into_iter().map(|r| {
                        let class = if r == Recipient::Fastlege { "button primary" } else { "button" };
                        view! {
                            <button type="submit" class=class name="mottaker" value=r.code()>
                                {format!("PDF {}", crate::text::first_lowercase(r.label_in(crate::text::language())))}
                            </button>
                        }
                    }).collect_view()}
                </div>
            </form>
        </section>
    }
}
