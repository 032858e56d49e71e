//! The follow-up on the patient page: the open one with its reasons, state and trail, "Jeg
//! følger opp", the action form (tiltak), closing by hand; the expected symptoms; the closed
//! follow-ups. Live: it loads again on every change of the unit, and what a nurse has typed into
//! a form is kept through it (the form's state lives outside what loads again).

use crate::error::AppError;
use crate::followups::{
    load_patient_followups, AcknowledgeFollowup, CloseFollowup, PatientFollowups, RecordFollowupAction,
    SetExpectedSymptom,
};
use crate::model::*;
use crate::pages::new_registration::new_request_id;
use crate::text;
use crate::text::format_date_time;
use leptos::prelude::*;
use lindra::followup::steps::{ActionDraft, CloseDraft};
use lindra::followup::ExpectedSymptomDraft;
use lindra::time::format_time;
use lindra::{EsasItem, ValidationErrors};

/// The state of one of the panel's forms: its request id (one per form, kept until it is
/// stored), the problems the server found, and a message for the form as a whole.
#[derive(Clone, Copy)]
struct FormState {
    request_id: RwSignal<Option<String>>,
    errors: RwSignal<ValidationErrors>,
    message: RwSignal<Option<String>>,
}

impl FormState {
    fn new() -> FormState {
        FormState {
            request_id: RwSignal::new(None),
            errors: RwSignal::new(ValidationErrors(Vec::new())),
            message: RwSignal::new(None),
        }
    }

    fn request_id(&self) -> String {
        match self.request_id.get_untracked() {
            Some(id) => id,
            None => {
                let id = new_request_id();
                self.request_id.set(Some(id.clone()));
                id
            }
        }
    }

    fn error(&self, field: &'static str) -> impl Fn() -> Option<String> {
        let errors = self.errors;
        move || errors.with(|e| e.for_field(field).map(str::to_string))
    }

    /// After an answer: stored (a new form next time, and the panel loads again) or why not.
    fn answered<T>(&self, result: Result<T, AppError>) -> bool {
        match result {
            Ok(_) => {
                self.request_id.set(None);
                self.errors.set(ValidationErrors(Vec::new()));
                self.message.set(None);
                crate::live::changed_here();
                true
            }
            Err(AppError::Invalid(errors)) | Err(AppError::Malformed(errors)) => {
                self.errors.set(errors);
                self.message.set(Some(text::form().fix_errors.into()));
                false
            }
            Err(error) => {
                self.message.set(Some(error.to_string()));
                crate::live::changed_here();
                false
            }
        }
    }
}

/// What a nurse types into the action form.
#[derive(Clone, Copy)]
struct ActionForm {
    kind: RwSignal<Option<ActionKind>>,
    medicine: RwSignal<String>,
    dose: RwSignal<String>,
    route: RwSignal<String>,
    text: RwSignal<String>,
    done_at: RwSignal<String>,
    minutes: RwSignal<String>,
    state: FormState,
}

impl ActionForm {
    fn draft(&self) -> ActionDraft {
        ActionDraft {
            kind: self.kind.get_untracked(),
            medicine: self.medicine.get_untracked(),
            dose: self.dose.get_untracked(),
            route: self.route.get_untracked(),
            text: self.text.get_untracked(),
            done_at: self.done_at.get_untracked(),
            reassess_after_minutes: self.minutes.get_untracked().trim().parse().ok(),
        }
    }

    fn clear(&self) {
        for field in [self.medicine, self.dose, self.route, self.text, self.done_at, self.minutes] {
            field.set(String::new());
        }
        self.kind.set(None);
    }
}

/// An island: its forms need the app; it loads again on every change (`crate::live`).
// Not in the registration page's bundle (`bundle-form`, crate::lib).
#[cfg_attr(not(feature = "bundle-form"), island)]
#[cfg_attr(feature = "bundle-form", component)]
pub fn FollowupPanel(patient_id: i64) -> impl IntoView {
    let data =
        Resource::new(move || (patient_id, crate::live::version()), |(id, _)| load_patient_followups(id));
    let action = ActionForm {
        kind: RwSignal::new(None),
        medicine: RwSignal::new(String::new()),
        dose: RwSignal::new(String::new()),
        route: RwSignal::new(String::new()),
        text: RwSignal::new(String::new()),
        done_at: RwSignal::new(String::new()),
        minutes: RwSignal::new(String::new()),
        state: FormState::new(),
    };
    let close = (RwSignal::new(None::<CloseReason>), RwSignal::new(String::new()), FormState::new());
    let ack = FormState::new();
    let expected = ExpectedForm {
        item: RwSignal::new(None),
        reason: RwSignal::new(String::new()),
        days: RwSignal::new(String::new()),
        level: RwSignal::new(String::from("7")),
        state: FormState::new(),
    };
    let acknowledge = ServerAction::<AcknowledgeFollowup>::new();
    let record = ServerAction::<RecordFollowupAction>::new();
    let closing = ServerAction::<CloseFollowup>::new();
    let set_expected = ServerAction::<SetExpectedSymptom>::new();
    Effect::new(move |_| {
        if let Some(result) = acknowledge.value().get() {
            ack.answered(result);
        }
    });
    Effect::new(move |_| {
        if let Some(result) = record.value().get() {
            if action.state.answered(result) {
                action.clear();
            }
        }
    });
    Effect::new(move |_| {
        if let Some(result) = closing.value().get() {
            if close.2.answered(result) {
                close.0.set(None);
                close.1.set(String::new());
            }
        }
    });
    Effect::new(move |_| {
        if let Some(result) = set_expected.value().get() {
            if expected.state.answered(result) {
                expected.item.set(None);
                expected.reason.set(String::new());
            }
        }
    });
    let forms = Forms { action, close, ack, expected, acknowledge, record, closing, set_expected };
    view! {
        <section class="panel followup" id="oppfolging" aria-labelledby="oppfolging-tittel">
            <h2 id="oppfolging-tittel">{text::ui().followup}</h2>
            <Transition fallback=|| view! { <p>{text::ui().loading}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(d) => render(d, forms).into_any(),
                        Err(error) => view! { <p role="alert">{error.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// What a resource nurse types into the expected-symptom form.
#[derive(Clone, Copy)]
struct ExpectedForm {
    item: RwSignal<Option<EsasItem>>,
    reason: RwSignal<String>,
    days: RwSignal<String>,
    level: RwSignal<String>,
    state: FormState,
}

#[derive(Clone, Copy)]
struct Forms {
    action: ActionForm,
    close: (RwSignal<Option<CloseReason>>, RwSignal<String>, FormState),
    ack: FormState,
    expected: ExpectedForm,
    acknowledge: ServerAction<AcknowledgeFollowup>,
    record: ServerAction<RecordFollowupAction>,
    closing: ServerAction<CloseFollowup>,
    set_expected: ServerAction<SetExpectedSymptom>,
}

fn render(d: PatientFollowups, forms: Forms) -> impl IntoView {
    let now = d.now;
    let patient_id = d.patient_id;
    let open = d.open.map(|f| open_followup(f, patient_id, now, d.defaults, forms));
    let expected = expected_symptoms(&d.expected, d.may_set_expected, patient_id, now, forms);
    let closed = (!d.closed.is_empty()).then(|| {
        let n = d.closed.len();
        view! {
            <details class="followup-history">
                <summary>{(text::ui().earlier_followups)(n)}</summary>
                {d.closed.into_iter().map(|f| {
                    let (id, summary) = (f.id, format!(" · {}", (text::ui().opened_at)(f.opened_at, f.minutes_open(now))));
                    view! {
                        <div class="followup-closed" data-followup=id>
                            <p><strong>{reasons(&f)}</strong>{summary}</p>
                            <Trail followup=f />
                        </div>
                    }
                }).collect_view()}
            </details>
        }
    });
    view! {
        {match open {
            Some(open) => open.into_any(),
            None => view! { <p class="no-flags">{text::ui().no_open_followup}</p> }.into_any(),
        }}
        {expected}
        {closed}
    }
}

fn reasons(f: &Followup) -> String {
    f.reasons().map(|r| r.words(crate::text::clinical())).collect::<Vec<_>>().join(", ")
}

fn open_followup(
    f: Followup,
    patient_id: i64,
    now: chrono::DateTime<chrono::Utc>,
    defaults: lindra::followup::steps::ReassessDefaults,
    forms: Forms,
) -> impl IntoView {
    let followup_id = f.id;
    let taken = f.acknowledged().is_some();
    let overdue = matches!(f.state(now), FollowupState::Overdue { .. });
    let a = forms.action;
    let submit_action = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request_id = a.state.request_id();
        forms.record.dispatch(RecordFollowupAction { patient_id, followup_id, request_id, draft: a.draft() });
    };
    let (close_reason, close_note, close_state) = forms.close;
    let submit_close = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request_id = close_state.request_id();
        let draft = CloseDraft { reason: close_reason.get_untracked(), note: close_note.get_untracked() };
        forms.closing.dispatch(CloseFollowup { patient_id, followup_id, request_id, draft });
    };
    let acknowledge = move |_| {
        let request_id = forms.ack.request_id();
        forms.acknowledge.dispatch(AcknowledgeFollowup { patient_id, followup_id, request_id });
    };
    if a.done_at.get_untracked().is_empty() {
        a.done_at.set(format_time(now));
    }
    let input = |id: &'static str, value: RwSignal<String>| {
        view! { <input id=id type="text" prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) /> }
    };
    let prn = move || a.kind.get() == Some(ActionKind::PrnMedicine);
    let minutes_hint =
        move || a.kind.get().map(|k| (text::ui().reassess_default)(defaults.minutes(k))).unwrap_or_default();
    view! {
        <div class="followup-open" class:overdue=overdue data-followup=followup_id>
            <p class="followup-reasons"><strong>{reasons(&f)}</strong></p>
            <p class="followup-state" role="status">{f.status_words(now, crate::text::clinical())}</p>
            <Trail followup=f.clone() />
            {(!taken).then(|| view! {
                <button type="button" class="button primary" on:click=acknowledge
                    disabled=move || forms.acknowledge.pending().get()>{text::ui().i_follow_up}</button>
            })}
            <p class="form-message" role="alert">{move || forms.ack.message.get()}</p>
            <form class="followup-form" on:submit=submit_action novalidate>
                <h3>{text::ui().record_action}</h3>
                <fieldset>
                    <legend>{text::ui().action_kind}</legend>
                    {ActionKind::ALL.into_iter().map(|kind| view! {
                        <label class="choice">
                            <input type="radio" name="action-kind" value=kind.code()
                                prop:checked=move || a.kind.get() == Some(kind)
                                on:change=move |_| a.kind.set(Some(kind)) />
                            {(crate::text::language().followup().action)(kind)}
                        </label>
                    }).collect_view()}
                </fieldset>
                <p class="field-error" role="alert">{a.state.error("action.kind")}</p>
                <div class="prn-fields" hidden=move || !prn()>
                    <label for="action-medicine">{crate::text::language().followup().medicine}</label>
                    {input("action-medicine", a.medicine)}
                    <p class="field-error" role="alert">{a.state.error("action.medicine")}</p>
                    <label for="action-dose">{crate::text::language().followup().dose}</label>
                    {input("action-dose", a.dose)}
                    <p class="field-error" role="alert">{a.state.error("action.dose")}</p>
                    <label for="action-route">{crate::text::language().followup().route}</label>
                    {input("action-route", a.route)}
                    <p class="field-error" role="alert">{a.state.error("action.route")}</p>
                </div>
                <label for="action-text">{text::ui().action_text}</label>
                {input("action-text", a.text)}
                <p class="field-error" role="alert">{a.state.error("action.text")}</p>
                <label for="action-done-at">{text::ui().action_done_at}</label>
                <input id="action-done-at" type="text" inputmode="numeric" prop:value=move || a.done_at.get()
                    on:input=move |ev| a.done_at.set(event_target_value(&ev)) />
                <p class="field-error" role="alert">{a.state.error("action.done_at")}</p>
                <label for="action-minutes">{text::ui().action_reassess}</label>
                <input id="action-minutes" type="text" inputmode="numeric" prop:value=move || a.minutes.get()
                    placeholder=minutes_hint on:input=move |ev| a.minutes.set(event_target_value(&ev)) />
                <p class="hint">{minutes_hint}</p>
                <p class="field-error" role="alert">{a.state.error("action.reassess")}</p>
                <p class="form-message" role="alert">{move || a.state.message.get()}</p>
                <button type="submit" class="button primary" disabled=move || forms.record.pending().get()>
                    {text::ui().save_action}
                </button>
            </form>
            <details class="followup-close">
                <summary>{text::ui().close_followup}</summary>
                <form on:submit=submit_close novalidate>
                    <fieldset>
                        <legend>{text::ui().close_why}</legend>
                        {lindra::followup::steps::CloseReason::BY_HAND.into_iter().map(|reason| view! {
                            <label class="choice">
                                <input type="radio" name="close-reason" value=reason.code()
                                    prop:checked=move || close_reason.get() == Some(reason)
                                    on:change=move |_| close_reason.set(Some(reason)) />
                                {(crate::text::language().followup().close_reason)(reason)}
                            </label>
                        }).collect_view()}
                    </fieldset>
                    <p class="field-error" role="alert">{close_state.error("close.reason")}</p>
                    <label for="close-note">{crate::text::language().followup().close_note}</label>
                    {input("close-note", close_note)}
                    <p class="field-error" role="alert">{close_state.error("close.note")}</p>
                    <p class="form-message" role="alert">{move || close_state.message.get()}</p>
                    <button type="submit" class="button" disabled=move || forms.closing.pending().get()>
                        {text::ui().close_followup}
                    </button>
                </form>
            </details>
        </div>
    }
}

/// Every step with its time and who: the trail a resource nurse reads the next day.
#[component]
fn Trail(followup: Followup) -> impl IntoView {
    view! {
        <ol class="followup-trail">
            {followup.steps.into_iter().map(|step| {
                let words = (crate::text::language().followup().step)(&step.kind);
                view! {
                    <li>
                        <span class="step-when">{format_date_time(step.at)}</span>" "
                        <span class="step-who">{step.by_name}</span>": "
                        <span class="step-what">{words}</span>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

fn expected_symptoms(
    list: &[StoredExpectedSymptom],
    may_set: bool,
    patient_id: i64,
    now: chrono::DateTime<chrono::Utc>,
    forms: Forms,
) -> impl IntoView {
    let ExpectedForm { item, reason, days, level, state } = forms.expected;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let until = days.get_untracked().trim().parse::<i64>().ok().map(|d| now + chrono::Duration::days(d));
        let draft = ExpectedSymptomDraft {
            item: item.get_untracked(),
            level: level.get_untracked().trim().parse().ok(),
            reason: reason.get_untracked(),
            until,
        };
        let request_id = state.request_id();
        forms.set_expected.dispatch(SetExpectedSymptom { patient_id, request_id, draft });
    };
    let rows = list
        .iter()
        .map(|e| {
            view! { <li>{(text::ui().expected_set_by)(&e.symptom, &e.set_by_name)}</li> }
        })
        .collect_view();
    view! {
        <h3>{text::ui().expected_symptoms}</h3>
        {if list.is_empty() {
            view! { <p class="hint">{text::ui().no_expected_symptoms}</p> }.into_any()
        } else {
            view! { <ul class="plain expected-list">{rows}</ul> }.into_any()
        }}
        {may_set.then(|| view! {
            <details class="expected-form">
                <summary>{text::ui().set_expected}</summary>
                <form on:submit=submit novalidate>
                    <label for="expected-item">{text::ui().expected_item}</label>
                    <select id="expected-item" on:change=move |ev| item.set(EsasItem::from_code(&event_target_value(&ev)))>
                        <option value="">{text::ui().choose}</option>
                        {EsasItem::SYMPTOMS.into_iter().map(|i| view! {
                            <option value=i.code()>{(crate::text::clinical().item_label)(i)}</option>
                        }).collect_view()}
                    </select>
                    <p class="field-error" role="alert">{state.error("expected.item")}</p>
                    <label for="expected-level">{text::ui().expected_level}</label>
                    <input id="expected-level" type="text" inputmode="numeric" prop:value=move || level.get()
                        on:input=move |ev| level.set(event_target_value(&ev)) />
                    <p class="field-error" role="alert">{state.error("expected.level")}</p>
                    <label for="expected-reason">{text::ui().expected_reason}</label>
                    <input id="expected-reason" type="text" prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev)) />
                    <p class="field-error" role="alert">{state.error("expected.reason")}</p>
                    <label for="expected-days">{text::ui().expected_days}</label>
                    <input id="expected-days" type="text" inputmode="numeric" prop:value=move || days.get()
                        on:input=move |ev| days.set(event_target_value(&ev)) />
                    <p class="field-error" role="alert">{state.error("expected.until")}</p>
                    <p class="form-message" role="alert">{move || state.message.get()}</p>
                    <button type="submit" class="button">{text::ui().set_expected}</button>
                </form>
            </details>
        })}
    }
}

/// The patient's expected symptoms, where a nurse registers or reviews: nothing when none.
#[component]
pub fn ExpectedNote(expected: Vec<StoredExpectedSymptom>) -> impl IntoView {
    (!expected.is_empty()).then(|| {
        view! {
            <aside class="expected-note" aria-label=crate::text::language().followup().expected_now>
                <strong>{crate::text::language().followup().expected_now}":"</strong>
                <ul class="plain">
                    {expected.into_iter().map(|e| view! { <li>{(text::ui().expected_set_by)(&e.symptom, &e.set_by_name)}</li> }).collect_view()}
                </ul>
            </aside>
        }
    })
}
