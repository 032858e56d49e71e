//! A new registration, or a correction of one: ESAS-r, pain NRS and body map, one tap per answer.
//! Validation runs in the browser with the domain's own rules before sending, and again on the
//! server; every problem is shown at its field at once. Nothing typed is lost: the form is kept
//! in the tab's session storage until it is stored, through a lost network, a reload or a new
//! login, and a resend never stores twice.

use crate::api::{
    load_patient_overview, load_registration, CorrectRegistration, RecordRegistration, Recorded,
};
use crate::components::body_map::BodyMap;
use crate::components::score_scale::ScoreScale;
use crate::error::AppError;
use crate::model::StoredRegistration;
use crate::pages::by_id_page;
use crate::text;
use crate::text::clinical;
use chrono::{DateTime, NaiveDateTime, Utc};
use leptos::prelude::*;
use lindra::nrs::NrsQuestion;
use lindra::registration::{item_field, nrs_field, DraftValue};
use lindra::time::{from_oslo, to_oslo};
use lindra::{CompletedBy, EsasItem, RegistrationDraft, ValidationErrors};
use serde::{Deserialize, Serialize};

/// What is kept in session storage while the form is being filled in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct SavedForm {
    draft: RegistrationDraft,
    backdated: bool,
    local_time: String,
    reason: String,
}

/// The form's state: one signal per answer, so a tap re-renders one row only. One for all the
/// form's islands ([`shared_form`]).
#[derive(Clone, Copy)]
struct FormState {
    patient_id: i64,
    /// The version being corrected, if this is a correction.
    correcting_id: Option<i64>,
    /// A kept draft was brought back (shown at the top of the form).
    restored: RwSignal<bool>,
    backdated: RwSignal<bool>,
    local_time: RwSignal<String>,
    symptoms: [RwSignal<DraftValue>; 9],
    other_name: RwSignal<String>,
    other: RwSignal<DraftValue>,
    completed_by: RwSignal<Option<CompletedBy>>,
    pain: [RwSignal<DraftValue>; 3],
    breakthrough: RwSignal<Option<bool>>,
    body_marks: RwSignal<Vec<(u16, i64)>>,
    note: RwSignal<String>,
    reason: RwSignal<String>,
    errors: RwSignal<ValidationErrors>,
    /// Made at the first save of this form and kept until it is stored, so resending never
    /// stores twice.
    request_id: RwSignal<Option<String>>,
}

/// A local time as `<input type="datetime-local">` holds it, `2026-12-06T21:05` (what chrono's
/// `%Y-%m-%dT%H:%M` writes, without its formatter in the browser's bundle).
fn format_local(t: NaiveDateTime) -> String {
    use chrono::{Datelike, Timelike};
    let mut s = String::with_capacity(16);
    let mut num = |n: u32, width: usize, sep: &str| {
        let digits = n.to_string();
        for _ in digits.len()..width {
            s.push('0');
        }
        s.push_str(&digits);
        s.push_str(sep);
    };
    num(u32::try_from(t.year()).unwrap_or_default(), 4, "-");
    num(t.month(), 2, "-");
    num(t.day(), 2, "T");
    num(t.hour(), 2, ":");
    num(t.minute(), 2, "");
    s
}

/// The local time a `datetime-local` input gives, `2026-12-06T21:05`; `None` for anything else.
fn parse_local(s: &str) -> Option<NaiveDateTime> {
    let b = s.as_bytes();
    if b.len() != 16 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' {
        return None;
    }
    // Digits alone: `u32::from_str` would take a sign too.
    let n = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, &d| d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0')))
    };
    let date = chrono::NaiveDate::from_ymd_opt(i32::try_from(n(0..4)?).ok()?, n(5..7)?, n(8..10)?)?;
    date.and_hms_opt(n(11..13)?, n(14..16)?, 0)
}

fn pain_value(value: Option<i64>) -> DraftValue {
    value.map(DraftValue::Score).unwrap_or(DraftValue::Unanswered)
}

fn pain_number(value: DraftValue) -> Option<i64> {
    match value {
        DraftValue::Score(n) => Some(n),
        _ => None,
    }
}

impl FormState {
    /// A new form, or one holding the version it corrects.
    fn new(patient_id: i64, correcting_id: Option<i64>, initial: Option<SavedForm>) -> FormState {
        let form = FormState::blank(patient_id, correcting_id);
        if let Some(saved) = initial {
            form.load(saved);
        }
        form
    }

    fn blank(patient_id: i64, correcting_id: Option<i64>) -> FormState {
        FormState {
            patient_id,
            correcting_id,
            restored: RwSignal::new(false),
            backdated: RwSignal::new(false),
            local_time: RwSignal::new(String::new()),
            symptoms: std::array::from_fn(|_| RwSignal::new(DraftValue::Unanswered)),
            other_name: RwSignal::new(String::new()),
            other: RwSignal::new(DraftValue::Unanswered),
            completed_by: RwSignal::new(None),
            pain: std::array::from_fn(|_| RwSignal::new(DraftValue::Unanswered)),
            breakthrough: RwSignal::new(None),
            body_marks: RwSignal::new(Vec::new()),
            note: RwSignal::new(String::new()),
            reason: RwSignal::new(String::new()),
            errors: RwSignal::new(ValidationErrors::default()),
            request_id: RwSignal::new(None),
        }
    }

    fn load(&self, saved: SavedForm) {
        let d = saved.draft;
        self.backdated.set(saved.backdated);
        self.local_time.set(saved.local_time);
        for (signal, value) in self.symptoms.iter().zip(d.symptoms) {
            signal.set(value);
        }
        self.other_name.set(d.other_name);
        self.other.set(d.other);
        self.completed_by.set(d.completed_by);
        self.pain[0].set(pain_value(d.pain_now));
        self.pain[1].set(pain_value(d.pain_worst_24h));
        self.pain[2].set(pain_value(d.pain_average_24h));
        self.breakthrough.set(d.breakthrough);
        self.body_marks.set(d.body_marks);
        self.note.set(d.note);
        self.reason.set(saved.reason);
    }

    /// The form as typed; tracked, so an effect can keep it saved.
    fn saved(&self) -> SavedForm {
        let pain = self.pain.map(|p| pain_number(p.get()));
        SavedForm {
            draft: RegistrationDraft {
                observed_at: None,
                completed_by: self.completed_by.get(),
                symptoms: self.symptoms.map(|s| s.get()),
                other_name: self.other_name.get(),
                other: self.other.get(),
                pain_now: pain[0],
                pain_worst_24h: pain[1],
                pain_average_24h: pain[2],
                breakthrough: self.breakthrough.get(),
                body_marks: self.body_marks.get(),
                note: self.note.get(),
            },
            backdated: self.backdated.get(),
            local_time: self.local_time.get(),
            reason: self.reason.get(),
        }
    }

    /// The draft to send, with the chosen time; an unreadable time is a field error.
    fn draft(&self) -> Result<RegistrationDraft, ValidationErrors> {
        let saved = self.saved();
        let observed_at = if saved.backdated {
            let parsed = parse_local(saved.local_time.trim()).and_then(from_oslo);
            match parsed {
                Some(at) => Some(at),
                None => {
                    return Err(ValidationErrors(vec![lindra::FieldError {
                        field: "observed_at".into(),
                        message: text::form().when_missing.into(),
                    }]))
                }
            }
        } else {
            None
        };
        Ok(RegistrationDraft { observed_at, ..saved.draft })
    }

    /// Where the tab keeps what is typed until it is stored.
    fn storage_key(&self) -> String {
        match self.correcting_id {
            Some(id) => format!("lindra-retting-{id}"),
            None => format!("lindra-utkast-{}", self.patient_id),
        }
    }

    fn error(&self, field: String) -> Signal<Option<String>> {
        let errors = self.errors;
        Signal::derive(move || errors.with(|e| e.for_field(&field).map(str::to_string)))
    }
}

pub(crate) fn new_request_id() -> String {
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

fn browser_now() -> DateTime<Utc> {
    #[cfg(feature = "hydrate")]
    {
        DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        Utc::now()
    }
}

/// The tab's session storage: kept across reloads and logins in this tab, gone when it closes.
#[cfg(feature = "hydrate")]
fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// What this tab keeps under `key` (a form's answers), if anything.
pub(crate) fn read_saved<T: serde::de::DeserializeOwned>(key: &str) -> Option<T> {
    #[cfg(feature = "hydrate")]
    {
        let json = session_storage()?.get_item(key).ok()??;
        serde_json::from_str(&json).ok()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = key;
        None
    }
}

/// Keeps `saved` under `key` in this tab (`None`: forgets it).
pub(crate) fn write_saved<T: serde::Serialize>(key: &str, saved: Option<&T>) {
    #[cfg(feature = "hydrate")]
    if let Some(storage) = session_storage() {
        let _ = match saved.and_then(|s| serde_json::to_string(s).ok()) {
            Some(json) => storage.set_item(key, &json),
            None => storage.remove_item(key),
        };
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (key, saved);
}

/// Leaves the page for `to` (the browser's own navigation: islands have no router).
pub(crate) fn go_to(to: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(window) = web_sys::window() {
        let _ = window.location().assign(to);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = to;
}

fn other_label(name: &str) -> String {
    let name = name.trim();
    let other = text::lowercase((clinical().item_label)(EsasItem::Other));
    (text::form().score_for)(if name.is_empty() { &other } else { name })
}

#[component]
pub fn NewRegistrationPage() -> impl IntoView {
    by_id_page(load_patient_overview, |o| {
        view! {
            <nav class="crumbs">
                <a href=format!("/pasient/{}", o.patient.id)>{format!("← {}", text::ui().back_to_patient)}</a>
            </nav>
            <h1>{format!("{}: {}", text::ui().new_registration, o.patient.name)}</h1>
            <crate::components::followup::ExpectedNote expected=o.expected.clone() />
            <RegistrationForm patient_id=o.patient.id correcting=None />
        }
        .into_any()
    })
}

#[component]
pub fn CorrectionPage() -> impl IntoView {
    by_id_page(load_registration, |detail| {
        let Some(current) = detail.versions.last().cloned() else {
            return view! { <p>{text::ui().not_found}</p> }.into_any();
        };
        view! {
            <nav class="crumbs">
                <a href=format!("/registrering/{}", current.id)>{format!("← {}", text::ui().registration_history)}</a>
            </nav>
            <h1>{format!("{}: {}", text::form().correction_of, detail.patient.name)}</h1>
            <RegistrationForm patient_id=detail.patient.id correcting=Some(current) />
        }
        .into_any()
    })
}

#[cfg(feature = "hydrate")]
thread_local! {
    /// The form's state in the browser, made by its first island ([`FormStart`]).
    static SHARED_FORM: std::cell::Cell<Option<FormState>> = const { std::cell::Cell::new(None) };
}

/// The form's state, one for all its islands: on the server the page's context; in the browser
/// the one its first island made, the others hydrate after it.
fn shared_form() -> FormState {
    #[cfg(feature = "hydrate")]
    {
        SHARED_FORM.with(|f| f.get()).expect("the form's first island (FormStart) is hydrated first")
    }
    #[cfg(not(feature = "hydrate"))]
    {
        expect_context::<FormState>()
    }
}

/// The form: server-rendered, each question its own island, so that hydrating it on a slow
/// tablet is many short tasks between which the page answers, not one long one. Their names
/// begin with "Form": the registration page's bundle holds these alone (`crate::AppScripts`);
/// the patient page's (`bundle-patient`) holds none of them.
#[component]
fn RegistrationForm(patient_id: i64, correcting: Option<StoredRegistration>) -> impl IntoView {
    let correcting_id = correcting.as_ref().map(|c| c.id);
    let initial = correcting.as_ref().map(|stored| SavedForm {
        draft: stored.registration.to_draft(),
        backdated: true,
        local_time: format_local(to_oslo(stored.registration.observed_at)),
        reason: String::new(),
    });
    provide_context(FormState::new(patient_id, correcting_id, initial.clone()));
    // The patient's own answers stay theirs: say so before the nurse tries to change them.
    let own = correcting.as_ref().and_then(|c| c.registration.self_report).map(|own| {
        view! {
            <p class="form-status self-report-note" role="note">
                {format!("{}. {}", (text::patient_mode().self_reported_in)(own.language), text::patient_mode().correction_keeps)}
            </p>
        }
    });
    view! {
        <form class="registration" novalidate>
            {own}
            <FormStart patient_id correcting_id initial />
            <h2>"ESAS-r"</h2>
            <p class="timeframe">{clinical().esas_timeframe}</p>
            {EsasItem::SYMPTOMS.into_iter().map(|item| view! { <FormSymptom item /> }).collect_view()}
            <FormOtherProblem />
            <FormCompletedBy />
            <h2>{text::ui().nrs}</h2>
            {NrsQuestion::ALL.into_iter().map(|question| view! { <FormPain question /> }).collect_view()}
            <FormBreakthrough />
            <FormBodyMap />
            <FormNoteAndSave />
        </form>
    }
}

/// The top of the form: a kept draft brought back, the correction's reason, and when.
#[cfg_attr(not(feature = "bundle-patient"), island)]
#[cfg_attr(feature = "bundle-patient", component)]
fn FormStart(patient_id: i64, correcting_id: Option<i64>, initial: Option<SavedForm>) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    let form = {
        let form = FormState::new(patient_id, correcting_id, initial);
        SHARED_FORM.with(|f| f.set(Some(form)));
        form
    };
    #[cfg(not(feature = "hydrate"))]
    let form = {
        let _ = (patient_id, correcting_id, initial);
        shared_form()
    };
    let time_error = form.error("observed_at".into());
    let reason_error = form.error("reason".into());
    view! {
        {move || form.restored.get().then(|| view! { <p class="restored" role="status">{text::form().draft_restored}</p> })}
        {form.correcting_id.map(|_| view! {
            <div class="reason-field" class:has-error=move || reason_error.get().is_some()>
                <label for="reason">{text::form().correction_reason}</label>
                <input id="reason" type="text" maxlength="1000"
                    prop:value=move || form.reason.get()
                    on:input=move |ev| form.reason.set(event_target_value(&ev)) />
                <p class="field-error" role="alert">{move || reason_error.get()}</p>
            </div>
        })}
        <fieldset class="when" class:has-error=move || time_error.get().is_some() data-field="observed_at">
            <legend>{text::form().when}</legend>
            <div class="choice-row">
                <button type="button" class="choice" data-when="now"
                    aria-pressed=move || (!form.backdated.get()).to_string()
                    on:click=move |_| form.backdated.set(false)>{text::form().now}</button>
                <button type="button" class="choice" data-when="earlier"
                    aria-pressed=move || form.backdated.get().to_string()
                    on:click=move |_| {
                        if form.local_time.get_untracked().is_empty() {
                            form.local_time.set(format_local(to_oslo(browser_now())));
                        }
                        form.backdated.set(true);
                    }>{text::form().earlier}</button>
            </div>
            {move || form.backdated.get().then(|| view! {
                <label class="visually-hidden" for="observed-at">{text::form().when}</label>
                <input id="observed-at" type="datetime-local"
                    max=format_local(to_oslo(browser_now()))
                    prop:value=move || form.local_time.get()
                    on:input=move |ev| form.local_time.set(event_target_value(&ev)) />
            })}
            <p class="field-error" role="alert">{move || time_error.get()}</p>
        </fieldset>
    }
}

/// One of the nine ESAS-r symptoms.
#[cfg_attr(not(feature = "bundle-patient"), island)]
#[cfg_attr(feature = "bundle-patient", component)]
fn FormSymptom(item: EsasItem) -> impl IntoView {
    let form = shared_form();
    view! {
        <ScoreScale
            field=item_field(item)
            label=format!("{}. {}", item.number(), (clinical().item_label)(item))
            low=(clinical().anchor_low)(item, "")
            high=(clinical().anchor_high)(item, "")
            value=form.symptoms[item.index()]
            error=form.error(item_field(item))
        />
    }
}

/// 10: "annet problem", its name and its score.
#[cfg_attr(not(feature = "bundle-patient"), island)]
#[cfg_attr(feature = "bundle-patient", component)]
fn FormOtherProblem() -> impl IntoView {
    let form = shared_form();
    let name_error = form.error("esas.other.name".into());
    view! {
        <div class="other-problem">
            <label for="other-name">{format!("10. {} – {}", (clinical().item_label)(EsasItem::Other), clinical().other_problem_name)}</label>
            <input
                id="other-name"
                type="text"
                maxlength="80"
                placeholder=text::form().other_problem_placeholder
                prop:value=move || form.other_name.get()
                on:input=move |ev| form.other_name.set(event_target_value(&ev))
            />
            <p class="field-error" role="alert">{move || name_error.get()}</p>
            <ScoreScale
                field="esas.other".to_string()
                label=Signal::derive(move || other_label(&form.other_name.get()))
                low=(clinical().anchor_low)(EsasItem::Other, "")
                high=(clinical().anchor_high)(EsasItem::Other, "")
                value=form.other
                error=form.error("esas.other".into())
            />
        </div>
    }
}

/// Who filled the form in.
#[cfg_attr(not(feature = "bundle-patient"), island)]
#[cfg_attr(feature = "bundle-patient", component)]
fn FormCompletedBy() -> impl IntoView {
    let form = shared_form();
    let error = form.error("completed_by".into());
    view! {
        <fieldset class="completed-by" class:has-error=move || error.get().is_some() data-field="completed_by">
            <legend>{clinical().completed_by_label}</legend>
            <div class="choice-row">
                {CompletedBy::ALL.into_iter().map(|c| view! {
                    <button
                        type="button"
                        class="choice"
                        data-completed-by=c.code()
                        aria-pressed=move || (form.completed_by.get() == Some(c)).to_string()
                        on:click=move |_| form.completed_by.set(Some(c))
                    >
                        {(clinical().completed_by)(c)}
                    </button>
                }).collect_view()}
            </div>
            <p class="field-error" role="alert">{move || error.get()}</p>
        </fieldset>
    }
}

/// One of the three pain NRS questions.
#[cfg_attr(not(feature = "bundle-patient"), island)]
#[cfg_attr(feature = "bundle-patient", component)]
fn FormPain(question: NrsQuestion) -> impl IntoView {
    let form = shared_form();
    let index = NrsQuestion::ALL.iter().position(|q| *q == question).unwrap_or_default();
    view! {
        <ScoreScale
            field=nrs_field(question)
            label=(clinical().nrs_question)(question).to_string()
            low=clinical().nrs_low.to_string()
            high=clinical().nrs_high.to_string()
            value=form.pain[index]
            allow_not_assessed=false
            error=form.error(nrs_field(question))
        />
    }
}

/// Breakthrough pain, yes or no (a second tap takes the answer back).
#[cfg_attr(not(feature = "bundle-patient"), island)]
#[cfg_attr(feature = "bundle-patient", component)]
fn FormBreakthrough() -> impl IntoView {
    let form = shared_form();
    let yes_no = move |value: bool, label: &'static str| {
        view! {
            <button type="button" class="choice" data-breakthrough=value.to_string()
                aria-pressed=move || (form.breakthrough.get() == Some(value)).to_string()
                on:click=move |_| form.breakthrough.update(|b| *b = if *b == Some(value) { None } else { Some(value) })>
                {label}
            </button>
        }
    };
    view! {
        <fieldset class="breakthrough" data-field="pain.breakthrough">
            <legend>{clinical().breakthrough_pain}</legend>
            <div class="choice-row">{yes_no(true, text::form().yes)}{yes_no(false, text::form().no)}</div>
        </fieldset>
    }
}

/// Where it hurts.
#[cfg_attr(not(feature = "bundle-patient"), island)]
#[cfg_attr(feature = "bundle-patient", component)]
fn FormBodyMap() -> impl IntoView {
    let form = shared_form();
    view! {
        <BodyMap marks=form.body_marks error=Signal::derive(move || {
            form.errors.with(|e| e.0.iter().find(|f| f.field.starts_with("body_map")).map(|f| f.message.clone()))
        }) />
    }
}

/// What the save button sends: a new registration, or a correction.
#[cfg_attr(not(feature = "hydrate"), expect(dead_code, reason = "only the browser sends the form"))]
enum SaveRequest {
    Record(RecordRegistration),
    Correct(CorrectRegistration),
}

/// The note, and the save button with its message. The last island: once it is hydrated the
/// whole form is, and only then does a kept draft come back into it (`data-hydrated` follows).
#[cfg_attr(not(feature = "bundle-patient"), island)]
#[cfg_attr(feature = "bundle-patient", component)]
fn FormNoteAndSave() -> impl IntoView {
    let form = shared_form();
    let key = form.storage_key();
    let (patient_id, correcting_id) = (form.patient_id, form.correcting_id);

    // Bring back what this tab had typed and not stored; then keep saving as it changes.
    let restored = RwSignal::new(false);
    Effect::new({
        let key = key.clone();
        move |_| {
            if let Some(saved) = read_saved(&key) {
                form.load(saved);
                form.restored.set(true);
            }
            restored.set(true);
        }
    });
    Effect::new({
        let key = key.clone();
        move |_| {
            let saved = form.saved();
            if restored.get() {
                write_saved(&key, Some(&saved));
            }
        }
    });

    let pending = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let on_result = {
        let key = key.clone();
        move |result: Result<Recorded, AppError>| match result {
            Ok(stored) => {
                form.request_id.set(None);
                write_saved::<SavedForm>(&key, None);
                let to = match correcting_id {
                    Some(_) => format!("/registrering/{}", stored.id),
                    None => format!("/pasient/{patient_id}"),
                };
                go_to(&to);
            }
            Err(AppError::Invalid(errors)) => {
                form.errors.set(errors);
                failure.set(Some(text::form().fix_errors.to_string()));
            }
            // A value the server could not read, at its field when it names one.
            Err(AppError::Malformed(errors)) if errors.0.iter().all(|e| !e.field.is_empty()) => {
                form.errors.set(errors);
                failure.set(Some(text::form().fix_errors.to_string()));
            }
            Err(AppError::Malformed(errors)) => failure.set(Some(errors.to_string())),
            Err(AppError::TimedOut(_)) => failure.set(Some(text::form().send_unconfirmed.to_string())),
            // Someone else's version came first: trying again cannot help, so no "prøv igjen".
            Err(AppError::Conflict(message)) => {
                failure.set(Some(format!("{} {message}", text::form().not_saved)))
            }
            Err(error) => failure.set(Some(format!("{} ({error})", text::form().send_failed))),
        }
    };
    // Sends the form (a plain `fetch`: `crate::api::send`) and shows what came back.
    let save = move |request: SaveRequest| {
        pending.set(true);
        #[cfg(feature = "hydrate")]
        {
            let on_result = on_result.clone();
            leptos::task::spawn_local(async move {
                let result = match request {
                    SaveRequest::Record(args) => crate::api::send(&args).await,
                    SaveRequest::Correct(args) => crate::api::send(&args).await,
                };
                pending.set(false);
                on_result(result);
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (request, &on_result);
    };

    // The form element is the page's; its submit button is here. A click on it, and Enter in a
    // field (the browser clicks the form's submit button then), sends the form from here.
    let submit = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let draft = form.draft().and_then(|draft| {
            let mut errors =
                draft.validate(browser_now(), crate::text::clinical()).err().map(|e| e.0).unwrap_or_default();
            if correcting_id.is_some() {
                if let Err(reason) = lindra::registration::validate_correction_reason(
                    &form.reason.get_untracked(),
                    crate::text::clinical(),
                ) {
                    errors.extend(reason.0);
                }
            }
            if errors.is_empty() {
                Ok(draft)
            } else {
                Err(ValidationErrors(errors))
            }
        });
        let draft = match draft {
            Ok(draft) => draft,
            Err(errors) => {
                form.errors.set(errors);
                failure.set(Some(text::form().fix_errors.to_string()));
                return;
            }
        };
        form.errors.set(ValidationErrors::default());
        failure.set(None);
        let request_id = form.request_id.get_untracked().unwrap_or_else(new_request_id);
        form.request_id.set(Some(request_id.clone()));
        save(match correcting_id {
            Some(registration_id) => SaveRequest::Correct(CorrectRegistration {
                registration_id,
                request_id,
                reason: form.reason.get_untracked(),
                draft,
            }),
            None => SaveRequest::Record(RecordRegistration { patient_id, request_id, draft }),
        });
    };

    let note_error = form.error("note".into());
    view! {
        <div class="note-field">
            <label for="note">{clinical().note}</label>
            <textarea
                id="note"
                rows="3"
                prop:value=move || form.note.get()
                on:input=move |ev| form.note.set(event_target_value(&ev))
            ></textarea>
            <p class="field-error" role="alert">{move || note_error.get()}</p>
        </div>
        // The message stays with the button, in view wherever on the form she tapped it.
        <div class="save-bar">
            <div class="form-status" role="status">{move || failure.get()}</div>
            <button type="submit" class="button primary big save" disabled=move || pending.get() on:click=submit>
                {move || match (pending.get(), correcting_id.is_some()) {
                    (true, _) => text::form().saving,
                    (false, true) => text::form().save_correction,
                    (false, false) => text::form().save,
                }}
            </button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::{format_local, parse_local};
    use chrono::{NaiveDate, NaiveDateTime};

    #[test]
    fn local_times_are_written_and_read_as_chrono_does() {
        let start =
            NaiveDate::from_ymd_opt(1999, 12, 31).and_then(|d| d.and_hms_opt(23, 59, 0)).expect("time");
        for step in 0..5000 {
            let t = start + chrono::Duration::minutes(step * 7919);
            let chrono_text = t.format("%Y-%m-%dT%H:%M").to_string();
            assert_eq!(format_local(t), chrono_text);
            assert_eq!(
                parse_local(&chrono_text),
                NaiveDateTime::parse_from_str(&chrono_text, "%Y-%m-%dT%H:%M").ok()
            );
        }
        for wrong in [
            "",
            "2026-12-06",
            "2026-12-06T21:5",
            "2026-13-06T21:05",
            "2026-02-30T21:05",
            "2026-12-06 21:05",
            "2026-12-06T24:00",
            "+026-12-06T21:05",
            "2026-12-06T21:05:00",
            "２０２６-12-06T21:05",
        ] {
            assert_eq!(parse_local(wrong), None, "{wrong}");
        }
    }
}
