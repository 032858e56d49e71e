//! Patient mode (issue 17): the tablet handed to the patient. `/pasientsvar` is the patient's
//! own form, one question per screen in the patient's language, with no staff header, no other
//! patient and no earlier scores; `/pasientsvar/tilbake` is the staff screen that takes the
//! tablet back with a PIN or password. The server keeps the session inside these
//! (`lindra-server`'s `auth::patient_mode`).

use crate::pages::new_registration::{new_request_id, read_saved, write_saved};
use crate::self_report::{load_patient_mode, RecordSelfReport};
use crate::text::patient_mode as t;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use lindra::body_map::BodyView;
use lindra::body_shape;
use lindra::patient_form::{area_of, PatientWords, SelfReportAnswers};
use lindra::registration::DraftValue;
use lindra::{EsasItem, Language, Score};
use serde::{Deserialize, Serialize};

/// The patient's form.
pub const ANSWERS_PATH: &str = "/pasientsvar";
/// The staff screen that takes the tablet back.
pub const GIVE_BACK_PATH: &str = "/pasientsvar/tilbake";
/// Where that screen posts the PIN or password.
pub const END_PATH: &str = "/pasientsvar/avslutt";
/// Where the patient page hands the tablet over.
pub const START_PATH: &str = "/pasientmodus";

/// `/pasientsvar`: the patient's form, or the way back to Lindra if the tablet is not with a
/// patient.
#[component]
pub fn PatientAnswersPage() -> impl IntoView {
    let mode = Resource::new(|| (), |_| load_patient_mode());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match mode.await.ok().flatten() {
                    Some(mode) => view! {
                        <PatientForm language=mode.language pain_step=mode.steps.pain_now
                            body_map_step=mode.steps.body_map saved=mode.saved started_ms=mode.started_ms />
                    }.into_any(),
                    None => view! {
                        <section class="panel">
                            <h1>{t().no_patient_mode}</h1>
                            <a href="/">{crate::text::ui().units}</a>
                        </section>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/pasientsvar/tilbake`: for the staff member, in the staff's language: are the answers
/// saved, and the PIN or password that ends patient mode.
#[component]
pub fn GiveBackPage() -> impl IntoView {
    let query = use_query_map();
    let wrong = move || query.with(|q| q.get("feil").is_some());
    let mode = Resource::new(|| (), |_| load_patient_mode());
    view! {
        <section class="panel login give-back">
            <h1>{t().give_back_title}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let Some(mode) = mode.await.ok().flatten() else {
                        return view! { <p><a href="/">{crate::text::ui().units}</a></p> }.into_any();
                    };
                    view! {
                        <p>{t().give_back_explained}</p>
                        <p class="locked-who">{format!("{}: {}", crate::text::lock().signed_in_as, mode.staff_name)}</p>
                        {if mode.saved {
                            view! { <p class="form-status saved" role="status">{t().saved}</p> }.into_any()
                        } else {
                            view! { <p class="form-status" role="status">{t().not_saved}</p> }.into_any()
                        }}
                        {move || wrong().then(|| view! { <p class="form-status" role="alert" id="give-back-error">{t().wrong}</p> })}
                        <form method="post" action=END_PATH class="login-form">
                            {mode.pin_set.then(|| view! {
                                <label for="pin">{t().pin}</label>
                                <input id="pin" name="pin" type="password" inputmode="numeric" autocomplete="off"
                                    maxlength="6" autofocus aria-describedby=move || wrong().then_some("give-back-error") />
                                <p class="or">{t().or_password}</p>
                            })}
                            <label for="passord">{t().password}</label>
                            <input id="passord" name="passord" type="password" autocomplete="current-password"
                                aria-describedby=move || wrong().then_some("give-back-error") />
                            <button type="submit" class="button primary big">{t().take_back}</button>
                        </form>
                        <p><a class="button" href=ANSWERS_PATH>{t().back_to_patient}</a></p>
                    }.into_any()
                })}
            </Suspense>
        </section>
    }
}

/// Where the patient is in the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
enum Step {
    Intro,
    /// Items 1-9 (index 0-8).
    Item(usize),
    /// "Annet problem": is there one, and its name.
    OtherName,
    OtherScore,
    Pain,
    /// Where it hurts: the simplified body map.
    Where,
    Summary,
    Done,
}

/// What the tab keeps while the patient answers: a reload or a lost network loses nothing.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Kept {
    answers: SelfReportAnswers,
    step: Option<Step>,
    size: u8,
    request_id: Option<String>,
}

/// The patient's own form. Every word comes from the language's catalogue
/// (`lindra::patient_form`); the patient's id never reaches the browser (the session knows it).
// Not in the registration page's bundle (`bundle-form`, crate::lib): it would grow it by a
// third, past the 200 KiB goal of issue 16; nor in the patient page's (`bundle-patient`). The
// patient's form loads the whole bundle.
#[cfg_attr(not(any(feature = "bundle-form", feature = "bundle-patient")), island)]
#[cfg_attr(any(feature = "bundle-form", feature = "bundle-patient"), component)]
pub fn PatientForm(
    language: Language,
    pain_step: bool,
    body_map_step: bool,
    saved: bool,
    started_ms: i64,
) -> impl IntoView {
    let words: &'static PatientWords = language.patient_words();
    let key = format!("lindra-pasientsvar-{started_ms}");
    let step = RwSignal::new(if saved { Step::Done } else { Step::Intro });
    let answers = RwSignal::new(SelfReportAnswers::default());
    let size = RwSignal::new(0u8);
    let request_id = RwSignal::new(None::<String>);
    // "Endre" on the summary: the answer goes back to the summary.
    let from_summary = RwSignal::new(false);
    let idle = RwSignal::new(false);
    let total = 10 + usize::from(pain_step) + usize::from(body_map_step);
    // The body map only after a pain score above 0: its areas take that score.
    let asks_where = move || {
        body_map_step && answers.with_untracked(|a| matches!(a.pain_now, DraftValue::Score(n) if n > 0))
    };

    // Bring back what this tab kept (a reload), then keep it as it changes.
    let restored = RwSignal::new(false);
    Effect::new({
        let key = key.clone();
        move |_| {
            if !saved {
                if let Some(kept) = read_saved::<Kept>(&key) {
                    answers.set(kept.answers);
                    size.set(kept.size.min(2));
                    request_id.set(kept.request_id);
                    // What the tab kept may have been changed by hand: only a step of this form.
                    let known = |s: &Step| match s {
                        Step::Item(i) => *i < EsasItem::SYMPTOMS.len(),
                        Step::Pain => pain_step,
                        Step::Where => body_map_step,
                        Step::Done => false,
                        _ => true,
                    };
                    if let Some(s) = kept.step.filter(known) {
                        step.set(s);
                    }
                }
            }
            restored.set(true);
        }
    });
    Effect::new({
        let key = key.clone();
        move |_| {
            let kept = Kept {
                answers: answers.get(),
                step: Some(step.get()),
                size: size.get(),
                request_id: request_id.get(),
            };
            if restored.get() && step.get() != Step::Done {
                write_saved(&key, Some(&kept));
            }
        }
    });
    // A new screen: its heading takes the focus, so a screen reader reads it.
    Effect::new(move |first: Option<()>| {
        step.track();
        idle.track();
        if first.is_some() {
            focus_heading();
        }
    });
    watch_idle(idle);

    let save = ServerAction::<RecordSelfReport>::new();
    let saving = save.pending();
    let failed = RwSignal::new(false);
    Effect::new({
        let key = key.clone();
        move |_| match save.value().get() {
            Some(Ok(())) => {
                write_saved::<Kept>(&key, None);
                failed.set(false);
                step.set(Step::Done);
            }
            Some(Err(_)) => failed.set(true),
            None => {}
        }
    });
    let finish = move |_| {
        if saving.get_untracked() || !answers.with_untracked(SelfReportAnswers::complete) {
            return;
        }
        let id = request_id.get_untracked().unwrap_or_else(new_request_id);
        request_id.set(Some(id.clone()));
        save.dispatch(RecordSelfReport { request_id: id, answers: answers.get_untracked() });
    };

    let go = move |to: Step| {
        from_summary.set(false);
        step.set(to);
    };
    // The screen after `from`, once it is answered.
    let after = move |from: Step| -> Step {
        if from_summary.get_untracked() && from != Step::OtherName {
            return Step::Summary;
        }
        match from {
            Step::Intro => Step::Item(0),
            Step::Item(i) if i < 8 => Step::Item(i + 1),
            Step::Item(_) => Step::OtherName,
            Step::OtherName => Step::OtherScore,
            Step::OtherScore if pain_step => Step::Pain,
            Step::Pain if asks_where() => Step::Where,
            Step::OtherScore | Step::Pain | Step::Where => Step::Summary,
            Step::Summary | Step::Done => from,
        }
    };
    let after_other = move || {
        if from_summary.get_untracked() || !pain_step {
            Step::Summary
        } else {
            Step::Pain
        }
    };
    let before = move |from: Step| -> Step {
        let has_other = answers.with_untracked(|a| !a.other_name.trim().is_empty());
        match from {
            Step::Intro | Step::Item(0) => Step::Intro,
            Step::Item(i) => Step::Item(i - 1),
            Step::OtherName => Step::Item(8),
            Step::OtherScore => Step::OtherName,
            Step::Pain if has_other => Step::OtherScore,
            Step::Pain => Step::OtherName,
            Step::Where => Step::Pain,
            Step::Summary if asks_where() => Step::Where,
            Step::Summary if pain_step => Step::Pain,
            Step::Summary if has_other => Step::OtherScore,
            Step::Summary => Step::OtherName,
            Step::Done => Step::Done,
        }
    };
    // An answer chosen: shown pressed for a moment, then the next screen (unless the patient
    // has moved on meanwhile).
    let answer = move |from: Step, value: DraftValue| {
        answers.update(|a| match from {
            Step::Item(i) => a.symptoms[i] = value,
            Step::OtherScore => a.other = value,
            Step::Pain => a.pain_now = value,
            _ => {}
        });
        let next = after(from);
        from_summary.set(false);
        later(move || {
            if step.get_untracked() == from {
                step.set(next);
            }
        });
    };

    let screen = move || {
        if idle.get() {
            return view! {
                <div class="patient-step patient-idle">
                    <h1 tabindex="-1">{words.idle_title}</h1>
                    <button type="button" class="button primary patient-big" on:click=move |_| idle.set(false)>
                        {words.go_on}
                    </button>
                    <p><a class="staff-link" href=GIVE_BACK_PATH>{words.for_staff}</a></p>
                </div>
            }
            .into_any();
        }
        let current = step.get();
        let progress = match current {
            Step::Item(i) => Some(i + 1),
            Step::OtherName | Step::OtherScore => Some(10),
            Step::Pain => Some(11),
            Step::Where => Some(total),
            _ => None,
        };
        let progress = progress.map(|n| {
            view! {
                <p class="patient-progress">
                    <span>{(words.progress)(n, total)}</span>
                    <progress max=total value=n aria-hidden="true"></progress>
                </p>
            }
        });
        let nav = move |forward: Option<Step>| {
            view! {
                <div class="patient-nav">
                    <button type="button" class="button patient-back" on:click=move |_| go(before(current))>
                        {words.back}
                    </button>
                    {forward.map(|to| view! {
                        <button type="button" class="button patient-next" on:click=move |_| go(to)>{words.next}</button>
                    })}
                </div>
            }
        };
        let body = match current {
            Step::Intro => view! {
                <h1 tabindex="-1">{words.title}</h1>
                <p class="patient-intro">{words.intro}</p>
                <button type="button" class="button primary patient-big" data-patient-start=""
                    on:click=move |_| go(Step::Item(0))>{words.start}</button>
            }
            .into_any(),
            Step::Item(i) => {
                let w = &words.items[i];
                let value = Signal::derive(move || answers.with(|a| a.symptoms[i]));
                let answered = value.get_untracked() != DraftValue::Unanswered;
                view! {
                    {progress}
                    <p class="patient-now">{words.now_question}</p>
                    <h1 tabindex="-1" id="patient-question">{w.name}</h1>
                    {(!w.explained.is_empty()).then(|| view! { <p class="patient-explained">{w.explained}</p> })}
                    <PatientScale words name=w.name none=w.none.to_string() worst=w.worst.to_string() value
                        on_choose=Callback::new(move |v| answer(current, v)) />
                    {nav(answered.then(|| after(current)))}
                }
                .into_any()
            }
            Step::OtherName => {
                let has_name = move || answers.with(|a| !a.other_name.trim().is_empty());
                view! {
                    {progress}
                    <h1 tabindex="-1" id="patient-question">{words.other_name}</h1>
                    <p class="patient-explained">{words.other_question}</p>
                    <label for="patient-other-name" class="patient-label">{words.other_label}</label>
                    <input id="patient-other-name" type="text" maxlength="80" class="patient-text"
                        autocomplete="off"
                        prop:value=move || answers.with(|a| a.other_name.clone())
                        on:input=move |ev| answers.update(|a| a.other_name = event_target_value(&ev)) />
                    <div class="patient-choices">
                        <button type="button" class="button primary patient-big" data-other="rate"
                            disabled=move || !has_name()
                            on:click=move |_| go(Step::OtherScore)>{words.other_go_on}</button>
                        <button type="button" class="button patient-big" data-other="none"
                            on:click=move |_| {
                                answers.update(|a| {
                                    a.other_name.clear();
                                    a.other = DraftValue::Unanswered;
                                });
                                go(after_other());
                            }>{words.other_none_button}</button>
                    </div>
                    {nav(None)}
                }
                .into_any()
            }
            Step::OtherScore => {
                let name = answers.with_untracked(|a| a.other_name.trim().to_string());
                let value = Signal::derive(move || answers.with(|a| a.other));
                let answered = value.get_untracked() != DraftValue::Unanswered;
                view! {
                    {progress}
                    <p class="patient-now">{words.now_question}</p>
                    <h1 tabindex="-1" id="patient-question">{format!("{}: {name}", words.other_name)}</h1>
                    <PatientScale words name=words.other_name none=(words.other_none)(&name)
                        worst=(words.other_worst)(&name) value
                        on_choose=Callback::new(move |v| {
                            answers.update(|a| a.other = v);
                            let next = after_other();
                            later(move || if step.get_untracked() == Step::OtherScore { go(next) });
                        }) />
                    {nav(answered.then(after_other))}
                }
                .into_any()
            }
            Step::Pain => {
                let value = Signal::derive(move || answers.with(|a| a.pain_now));
                let answered = value.get_untracked() != DraftValue::Unanswered;
                view! {
                    {progress}
                    <h1 tabindex="-1" id="patient-question">{words.pain_name}</h1>
                    <p class="patient-explained">{words.pain_question}</p>
                    <PatientScale words name=words.pain_name none=words.pain_none.to_string()
                        worst=words.pain_worst.to_string() value
                        on_choose=Callback::new(move |v| answer(current, v)) />
                    {nav(answered.then_some(Step::Summary))}
                }
                .into_any()
            }
            Step::Where => {
                let chosen = move |area: usize| answers.with(|a| a.areas.contains(&(area as u8)));
                let toggle = move |area: usize| {
                    answers.update(|a| match a.areas.iter().position(|x| usize::from(*x) == area) {
                        Some(i) => {
                            a.areas.remove(i);
                        }
                        None => a.areas.push(area as u8),
                    })
                };
                view! {
                    {progress}
                    <h1 tabindex="-1" id="patient-question">{words.where_title}</h1>
                    <p class="patient-explained">{words.where_question}</p>
                    <div class="pain-figures" aria-hidden="true">
                        {[BodyView::Front, BodyView::Back].map(|view| {
                            let (caption, viewer_left, viewer_right) = match view {
                                BodyView::Front => (words.front_view, words.right, words.left),
                                BodyView::Back => (words.back_view, words.left, words.right),
                            };
                            view! {
                                <figure class="pain-figure">
                                    <figcaption>{caption}</figcaption>
                                    <svg viewBox=format!("-30 -10 {} {}", body_shape::FIGURE_WIDTH + 60.0, body_shape::FIGURE_HEIGHT + 20.0)>
                                        <text class="side" x="-25" y="20">{viewer_left}</text>
                                        <text class="side" x=body_shape::FIGURE_WIDTH + 25.0 y="20" text-anchor="end">{viewer_right}</text>
                                        <path class="outline" d=body_shape::path_data(body_shape::outline_of(view)) />
                                        {body_shape::shapes_of(view).map(|shape| {
                                            let area = area_of(shape.id.0);
                                            view! {
                                                <path d=shape.svg_path() data-area=area
                                                    class:chosen=move || area.is_some_and(chosen)
                                                    on:click=move |_| if let Some(area) = area { toggle(area) } />
                                            }
                                        }).collect_view()}
                                    </svg>
                                </figure>
                            }
                        }).collect_view()}
                    </div>
                    <div class="pain-areas" role="group" aria-labelledby="patient-question">
                        {words.areas.iter().enumerate().map(|(area, name)| view! {
                            <button type="button" class="button pain-area" data-area=area
                                aria-pressed=move || chosen(area).to_string()
                                on:click=move |_| toggle(area)>{*name}</button>
                        }).collect_view()}
                    </div>
                    {nav(Some(Step::Summary))}
                }
                .into_any()
            }
            Step::Summary => {
                let shown = |value: DraftValue| match value {
                    DraftValue::Score(n) => n.to_string(),
                    DraftValue::NotAssessed => words.no_answer.to_string(),
                    DraftValue::Unanswered => words.not_yet.to_string(),
                };
                let a = answers.get();
                let mut rows: Vec<(String, String, Step)> = EsasItem::SYMPTOMS
                    .iter()
                    .enumerate()
                    .map(|(i, item)| {
                        let name = words.item(*item).map_or("", |w| w.name).to_string();
                        (name, shown(a.symptoms[i]), Step::Item(i))
                    })
                    .collect();
                let other = if a.other_name.trim().is_empty() {
                    words.no_other_problem.to_string()
                } else {
                    format!("{}: {}", a.other_name.trim(), shown(a.other))
                };
                rows.push((words.other_name.to_string(), other, Step::OtherName));
                if pain_step {
                    rows.push((words.pain_name.to_string(), shown(a.pain_now), Step::Pain));
                }
                if body_map_step && matches!(a.pain_now, DraftValue::Score(n) if n > 0) {
                    let mut areas = a.areas.clone();
                    areas.sort_unstable();
                    let names: Vec<&str> =
                        areas.iter().filter_map(|i| words.areas.get(usize::from(*i)).copied()).collect();
                    let places = if names.is_empty() { words.nowhere.to_string() } else { names.join(", ") };
                    rows.push((words.where_title.to_string(), places, Step::Where));
                }
                let complete = a.complete();
                view! {
                    <h1 tabindex="-1">{words.summary_title}</h1>
                    <p class="patient-explained">{words.summary_explained}</p>
                    <ul class="patient-summary">
                        {rows.into_iter().map(|(name, value, to)| {
                            let label = format!("{} {name}", words.change);
                            view! {
                                <li>
                                    <span class="patient-summary-answer">
                                        <span class="patient-summary-name">{name}</span>
                                        <strong class="patient-summary-value">{value}</strong>
                                    </span>
                                    <button type="button" class="button" aria-label=label
                                        on:click=move |_| { step.set(to); from_summary.set(true); }>
                                        {words.change}
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    {move || failed.get().then(|| view! { <p class="form-status" role="alert">{words.not_saved}</p> })}
                    <div class="patient-nav">
                        <button type="button" class="button patient-back" on:click=move |_| go(before(Step::Summary))>
                            {words.back}
                        </button>
                        <button type="button" class="button primary patient-big" data-patient-finish=""
                            disabled=move || !complete || saving.get() on:click=finish>
                            {move || if saving.get() { words.saving } else { words.finish }}
                        </button>
                    </div>
                }
                .into_any()
            }
            Step::Done => view! {
                <h1 tabindex="-1">{words.thanks_title}</h1>
                <p class="patient-intro">{words.give_back}</p>
                <p><a class="staff-link" href=GIVE_BACK_PATH>{words.for_staff}</a></p>
            }
            .into_any(),
        };
        view! { <div class="patient-step">{body}</div> }.into_any()
    };

    view! {
        <div class="patient-form" class:size-1=move || size.get() == 1 class:size-2=move || size.get() == 2
            lang=language.code() data-step=move || format!("{:?}", step.get())>
            <div class="patient-size" role="group" aria-label=words.text_size>
                {["A", "A+", "A++"].into_iter().enumerate().map(|(n, mark)| {
                    let label = format!("{mark}: {}", words.text_sizes[n]);
                    let n = n as u8;
                    view! {
                        <button type="button" class="button small" aria-label=label
                            aria-pressed=move || (size.get() == n).to_string()
                            on:click=move |_| size.set(n)>{mark}</button>
                    }
                }).collect_view()}
            </div>
            {screen}
        </div>
    }
}

/// A 0-10 scale for the patient: large buttons with the two anchors in words at its ends, and
/// "vil ikke / kan ikke svare" below.
#[component]
fn PatientScale(
    words: &'static PatientWords,
    name: &'static str,
    none: String,
    worst: String,
    value: Signal<DraftValue>,
    on_choose: Callback<DraftValue>,
) -> impl IntoView {
    view! {
        <fieldset class="patient-scale">
            <legend class="visually-hidden">{(words.scale_label)(name)}</legend>
            <div class="patient-anchors" aria-hidden="true">
                <span>{format!("0 = {none}")}</span>
                <span>{format!("10 = {worst}")}</span>
            </div>
            <div class="patient-numbers">
                {Score::all().map(|score| {
                    let n = i64::from(score.value());
                    let label = match n {
                        0 => format!("0, {none}"),
                        10 => format!("10, {worst}"),
                        n => n.to_string(),
                    };
                    view! {
                        <button type="button" class="patient-number"
                            data-score=n aria-label=label
                            aria-pressed=move || (value.get() == DraftValue::Score(n)).to_string()
                            on:click=move |_| on_choose.run(DraftValue::Score(n))>{n}</button>
                    }
                }).collect_view()}
            </div>
            <button type="button" class="button patient-cannot" data-score="kiv"
                aria-pressed=move || (value.get() == DraftValue::NotAssessed).to_string()
                on:click=move |_| on_choose.run(DraftValue::NotAssessed)>{words.cannot_answer}</button>
        </fieldset>
    }
}

/// Runs `then` a moment later (a chosen answer shows pressed before the next screen).
fn later(then: impl FnOnce() + 'static) {
    #[cfg(feature = "hydrate")]
    set_timeout(then, std::time::Duration::from_millis(250));
    #[cfg(not(feature = "hydrate"))]
    let _ = then;
}

fn focus_heading() {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let heading = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector(".patient-step h1").ok().flatten())
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(heading) = heading {
            let _ = heading.focus();
        }
    }
}

/// After [`lindra::patient_form::IDLE_MINUTES`] without a tap or a key, `idle` turns on: the
/// form asks for the tablet to go back to the nurse, and keeps the answers.
fn watch_idle(idle: RwSignal<bool>) {
    #[cfg(feature = "hydrate")]
    {
        let last = StoredValue::new(js_sys::Date::now());
        let handle_down =
            window_event_listener(leptos::ev::pointerdown, move |_| last.set_value(js_sys::Date::now()));
        let handle_key =
            window_event_listener(leptos::ev::keydown, move |_| last.set_value(js_sys::Date::now()));
        let limit = f64::from(lindra::patient_form::IDLE_MINUTES) * 60_000.0;
        let check = set_interval_with_handle(
            move || {
                if js_sys::Date::now() - last.get_value() >= limit && !idle.get_untracked() {
                    idle.set(true);
                }
            },
            std::time::Duration::from_secs(5),
        );
        on_cleanup(move || {
            handle_down.remove();
            handle_key.remove();
            if let Ok(check) = check {
                check.clear();
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = idle;
}
