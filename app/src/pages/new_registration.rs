//! A new registration: ESAS-r by one tap per item, "utfylt av", and save. Validation runs in the
//! browser with the domain's own rules before sending, and again on the server; every problem is
//! shown at its field at once, and nothing typed is lost when saving fails.

use crate::api::{load_patient_overview, RecordRegistration};
use crate::components::score_scale::ScoreScale;
use crate::error::AppError;
use crate::pages::by_id_page;
use crate::text;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use lindra::registration::{item_field, DraftValue};
use lindra::text as clinical;
use lindra::{CompletedBy, EsasItem, RegistrationDraft, ValidationErrors};

/// The form's state: one signal per answer, so a tap re-renders one row only.
#[derive(Clone, Copy)]
struct FormState {
    symptoms: [RwSignal<DraftValue>; 9],
    other_name: RwSignal<String>,
    other: RwSignal<DraftValue>,
    completed_by: RwSignal<Option<CompletedBy>>,
    note: RwSignal<String>,
    errors: RwSignal<ValidationErrors>,
    /// Made at the first save of this form and kept until it is stored, so resending never
    /// stores twice.
    request_id: RwSignal<Option<String>>,
}

impl FormState {
    fn new() -> FormState {
        FormState {
            symptoms: std::array::from_fn(|_| RwSignal::new(DraftValue::Unanswered)),
            other_name: RwSignal::new(String::new()),
            other: RwSignal::new(DraftValue::Unanswered),
            completed_by: RwSignal::new(None),
            note: RwSignal::new(String::new()),
            errors: RwSignal::new(ValidationErrors::default()),
            request_id: RwSignal::new(None),
        }
    }

    fn draft(&self) -> RegistrationDraft {
        RegistrationDraft {
            completed_by: self.completed_by.get_untracked(),
            symptoms: self.symptoms.map(|s| s.get_untracked()),
            other_name: self.other_name.get_untracked(),
            other: self.other.get_untracked(),
            note: self.note.get_untracked(),
            ..RegistrationDraft::default()
        }
    }

    fn error(&self, field: String) -> Signal<Option<String>> {
        let errors = self.errors;
        Signal::derive(move || errors.with(|e| e.for_field(&field).map(str::to_string)))
    }
}

fn new_request_id() -> String {
    #[cfg(feature = "hydrate")]
    {
        let part = || format!("{:013x}", (js_sys::Math::random() * 4_503_599_627_370_496.0) as u64);
        format!("{}{}", part(), part())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        String::from("server-rendered")
    }
}

fn browser_now() -> chrono::DateTime<chrono::Utc> {
    #[cfg(feature = "hydrate")]
    {
        chrono::DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        chrono::Utc::now()
    }
}

fn other_label(name: &str) -> String {
    let name = name.trim();
    format!("Skår for {}", if name.is_empty() { "annet problem" } else { name })
}

#[component]
pub fn NewRegistrationPage() -> impl IntoView {
    by_id_page(load_patient_overview, |o| {
        view! {
            <nav class="crumbs">
                <a href=format!("/pasient/{}", o.patient.id)>{format!("← {}", text::BACK_TO_PATIENT)}</a>
            </nav>
            <h1>{format!("{}: {}", text::NEW_REGISTRATION, o.patient.name)}</h1>
            <RegistrationForm patient_id=o.patient.id />
        }
        .into_any()
    })
}

#[component]
fn RegistrationForm(patient_id: i64) -> impl IntoView {
    let form = FormState::new();
    let save = ServerAction::<RecordRegistration>::new();
    let navigate = use_navigate();

    // React to the server's answer: on success go to the patient, else show what went wrong and
    // keep every answer in the form.
    let failure = RwSignal::new(None::<String>);
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => {
            form.request_id.set(None);
            navigate(&format!("/pasient/{patient_id}"), Default::default());
        }
        Some(Err(AppError::Invalid(errors))) => {
            form.errors.set(errors);
            failure.set(Some(text::FIX_ERRORS.to_string()));
        }
        Some(Err(error)) => failure.set(Some(format!("{} ({error})", text::SEND_FAILED))),
        None => {}
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if save.pending().get_untracked() {
            return;
        }
        let draft = form.draft();
        if let Err(errors) = draft.validate(browser_now()) {
            form.errors.set(errors);
            failure.set(Some(text::FIX_ERRORS.to_string()));
            return;
        }
        form.errors.set(ValidationErrors::default());
        failure.set(None);
        let request_id = form.request_id.get_untracked().unwrap_or_else(new_request_id);
        form.request_id.set(Some(request_id.clone()));
        save.dispatch(RecordRegistration { patient_id, request_id, draft });
    };

    let items = EsasItem::SYMPTOMS
        .into_iter()
        .map(|item| {
            view! {
                <ScoreScale
                    field=item_field(item)
                    label=format!("{}. {}", item.number(), clinical::item_label(item))
                    low=clinical::anchor_low(item, "")
                    high=clinical::anchor_high(item, "")
                    value=form.symptoms[item.index()]
                    error=form.error(item_field(item))
                />
            }
        })
        .collect_view();

    let other_name_error = form.error("esas.other.name".into());
    let completed_by_error = form.error("completed_by".into());
    let note_error = form.error("note".into());

    view! {
        <form class="registration" on:submit=submit novalidate>
            <p class="timeframe">{clinical::ESAS_TIMEFRAME}</p>
            {items}
            <div class="other-problem">
                <label for="other-name">{format!("10. {} – {}", clinical::item_label(EsasItem::Other), clinical::OTHER_PROBLEM_NAME)}</label>
                <input
                    id="other-name"
                    type="text"
                    maxlength="80"
                    placeholder=text::OTHER_PROBLEM_PLACEHOLDER
                    prop:value=move || form.other_name.get()
                    on:input=move |ev| form.other_name.set(event_target_value(&ev))
                />
                <p class="field-error" role="alert">{move || other_name_error.get()}</p>
                <ScoreScale
                    field="esas.other".to_string()
                    label=Signal::derive(move || other_label(&form.other_name.get()))
                    low=clinical::anchor_low(EsasItem::Other, "")
                    high=clinical::anchor_high(EsasItem::Other, "")
                    value=form.other
                    error=form.error("esas.other".into())
                />
            </div>
            <fieldset class="completed-by" class:has-error=move || completed_by_error.get().is_some() data-field="completed_by">
                <legend>{clinical::COMPLETED_BY}</legend>
                <div class="choice-row">
                    {CompletedBy::ALL.into_iter().map(|c| view! {
                        <button
                            type="button"
                            class="choice"
                            data-completed-by=c.code()
                            aria-pressed=move || (form.completed_by.get() == Some(c)).to_string()
                            on:click=move |_| form.completed_by.set(Some(c))
                        >
                            {clinical::completed_by(c)}
                        </button>
                    }).collect_view()}
                </div>
                <p class="field-error" role="alert">{move || completed_by_error.get()}</p>
            </fieldset>
            <div class="note-field">
                <label for="note">{clinical::NOTE}</label>
                <textarea
                    id="note"
                    rows="3"
                    prop:value=move || form.note.get()
                    on:input=move |ev| form.note.set(event_target_value(&ev))
                ></textarea>
                <p class="field-error" role="alert">{move || note_error.get()}</p>
            </div>
            <div class="form-status" role="status">{move || failure.get()}</div>
            <button type="submit" class="button primary big save" disabled=move || save.pending().get()>
                {move || if save.pending().get() { text::SAVING } else { text::SAVE }}
            </button>
        </form>
    }
}
