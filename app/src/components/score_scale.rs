//! A row of large buttons 0-10, one tap to choose, coloured by severity band, with the item's
//! 0 and 10 anchors under the ends, and "Kan ikke vurdere" beside it.

use crate::text::clinical;
use leptos::prelude::*;
use lindra::registration::DraftValue;
use lindra::{Score, Severity};

#[component]
pub fn ScoreScale(
    /// Field path, e.g. "esas.pain"; used for ids and test hooks.
    field: String,
    #[prop(into)] label: Signal<String>,
    low: String,
    high: String,
    value: RwSignal<DraftValue>,
    /// Show the "Kan ikke vurdere" button.
    #[prop(default = true)]
    allow_not_assessed: bool,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let label_id = format!("{field}-label");
    let error_id = format!("{field}-error");
    let buttons = Score::all()
        .map(|score| {
            let n = i64::from(score.value());
            let band = Severity::of(score).code();
            let pressed = move || value.get() == DraftValue::Score(n);
            view! {
                <button
                    type="button"
                    class=format!("scale-button band-{band}")
                    aria-pressed=move || pressed().to_string()
                    data-score=n
                    on:click=move |_| value.set(DraftValue::Score(n))
                >
                    {n}
                </button>
            }
        })
        .collect_view();
    let not_assessed = allow_not_assessed.then(|| {
        view! {
            <button
                type="button"
                class="not-assessed-button"
                aria-pressed=move || (value.get() == DraftValue::NotAssessed).to_string()
                data-score="not_assessed"
                on:click=move |_| value.set(DraftValue::NotAssessed)
            >
                {clinical().not_assessed}
            </button>
        }
    });
    let error_id_for_aria = error_id.clone();
    view! {
        <fieldset
            class="scale"
            class:has-error=move || error.get().is_some()
            data-field=field.clone()
            aria-describedby=move || error.get().map(|_| error_id_for_aria.clone())
        >
            <legend id=label_id>{move || label.get()}</legend>
            <div class="scale-row" role="group">{buttons}</div>
            <div class="anchors" aria-hidden="true">
                <span>{format!("0 = {low}")}</span>
                <span>{format!("10 = {high}")}</span>
            </div>
            {not_assessed}
            <p class="field-error" id=error_id role="alert">{move || error.get()}</p>
        </fieldset>
    }
}
