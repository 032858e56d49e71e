//! The body map (kroppskart): Lindra's own front and back figure in SVG (lindra::body_shape),
//! shown one section at a time (front or back, upper or lower body) so every region holds a
//! 44 px square for a finger on a phone and a tablet. Each region is a named button; tapping it selects
//! it, and the intensity row below marks it 0-10 or removes the mark. Sides are always the
//! patient's: on the front view the patient's right is on the viewer's left, on the back view on
//! the viewer's right, and both views say so.

use crate::components::score_scale::ScoreScale;
use crate::text::{self, clinical};
use leptos::prelude::*;
use lindra::body_map::{BodyView, RegionId};
use lindra::body_shape::{
    outline_of, path_data, section_of, shapes_of, FIGURE_HEIGHT, FIGURE_WIDTH, SECTIONS,
};
use lindra::registration::DraftValue;
use lindra::{Score, Severity};

/// The intensity of a region in the marks, if it is marked.
fn intensity(marks: &[(u16, i64)], id: u16) -> Option<i64> {
    marks.iter().find(|(r, _)| *r == id).map(|(_, i)| *i)
}

fn band_class(intensity: Option<i64>) -> String {
    intensity
        .and_then(|i| Score::new(i).ok())
        .map(|s| format!(" band-{}", Severity::of(s).code()))
        .unwrap_or_default()
}

/// "Pasientens høyre" / "Pasientens venstre" in the corners of what is shown (top beside the
/// head, or bottom beside the feet): the patient's right is on the viewer's left on the front,
/// on the viewer's right on the back.
fn side_labels(view: BodyView, (x, y, w, h): (f32, f32, f32, f32), size: f32, bottom: bool) -> impl IntoView {
    // The patient's right is on the viewer's left on the front.
    let side = text::form().body_side;
    let (left, right) = match view {
        BodyView::Front => (side(true), side(false)),
        BodyView::Back => (side(false), side(true)),
    };
    let ty = if bottom { y + h - size * 1.4 } else { y + size * 1.2 };
    let (lx, rx) = (x + size * 0.3, x + w - size * 0.3);
    let n = lindra::body_shape::number;
    let (lx, rx, ty, dy, size) = (n(lx), n(rx), n(ty), n(size * 1.1), n(size));
    view! {
        <text class="side" x=lx.clone() y=ty.clone() font-size=size.clone()>
            <tspan x=lx.clone()>{left[0]}</tspan>
            <tspan x=lx.clone() dy=dy.clone()>{left[1]}</tspan>
        </text>
        <text class="side" x=rx.clone() y=ty.clone() font-size=size.clone() text-anchor="end">
            <tspan x=rx.clone()>{right[0]}</tspan>
            <tspan x=rx.clone() dy=dy.clone()>{right[1]}</tspan>
        </text>
    }
}

#[component]
pub fn BodyMap(
    /// (region id, intensity) pairs: what the form sends.
    marks: RwSignal<Vec<(u16, i64)>>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let section = RwSignal::new(&SECTIONS[0]);
    let selected = RwSignal::new(None::<u16>);
    // The intensity row edits the selected region's mark.
    let intensity_value = RwSignal::new(DraftValue::Unanswered);
    Effect::new(move |_| {
        if let Some(id) = selected.get() {
            let current = marks.with_untracked(|m| intensity(m, id));
            intensity_value.set(current.map(DraftValue::Score).unwrap_or(DraftValue::Unanswered));
        }
    });
    Effect::new(move |_| {
        if let (Some(id), DraftValue::Score(n)) = (selected.get_untracked(), intensity_value.get()) {
            marks.update(|m| {
                m.retain(|(r, _)| *r != id);
                m.push((id, n));
                m.sort_unstable();
            });
        }
    });

    // Every region of the view is drawn, so the body stays whole; a region is a button in the
    // section it belongs to, and a tap on its visible edge from the other section opens it there.
    let regions = move || {
        let current = section.get();
        shapes_of(current.view)
            .map(|shape| {
                let id = shape.id.0;
                let home = section_of(shape.id);
                let here = home.key == current.key;
                let name = RegionId(id).region().map(crate::text::region_name).unwrap_or_default();
                let mark = move || marks.with(|m| intensity(m, id));
                let class = move || {
                    let chosen = if selected.get() == Some(id) { " selected" } else { "" };
                    let away = if here { "" } else { " elsewhere" };
                    format!("region{}{chosen}{away}", band_class(mark()))
                };
                let label = {
                    let name = name.clone();
                    move || match mark() {
                        Some(i) => (text::form().body_region_pain)(&name, i),
                        None => name.clone(),
                    }
                };
                let choose = move || {
                    section.set(home);
                    selected.set(Some(id));
                };
                let (lx, ly) = shape.label_point();
                view! {
                    <g class=class data-region=id>
                        <path
                            d=shape.svg_path()
                            role=here.then_some("button")
                            tabindex=here.then_some("0")
                            aria-label=move || here.then(label.clone())
                            aria-hidden=(!here).then_some("true")
                            aria-pressed=move || here.then(|| (selected.get() == Some(id)).to_string())
                            on:click=move |_| choose()
                            on:keydown=move |ev| {
                                if ev.key() == "Enter" || ev.key() == " " {
                                    ev.prevent_default();
                                    choose();
                                }
                            }
                        />
                        {move || mark().map(|i| view! {
                            <text x=lindra::body_shape::number(lx) y=lindra::body_shape::number(ly + 5.0) text-anchor="middle" aria-hidden="true">{i}</text>
                        })}
                    </g>
                }
            })
            .collect_view()
    };
    let section_buttons = SECTIONS
        .iter()
        .map(|s| {
            let body = text::language().body();
            let side = (body.view)(s.view);
            let view_code = match s.view {
                BodyView::Front => "front",
                BodyView::Back => "back",
            };
            view! {
                <button type="button" class="choice" data-section=s.key data-view=view_code
                    aria-pressed=move || (section.get().key == s.key).to_string()
                    on:click=move |_| section.set(s)>
                    {format!("{side}, {}", text::lowercase((body.section)(s.upper)))}
                </button>
            }
        })
        .collect_view();
    let selected_name =
        move || selected.get().and_then(|id| RegionId(id).region()).map(crate::text::region_name);
    view! {
        <fieldset class="body-map" class:has-error=move || error.get().is_some() data-field="body_map">
            <legend>{clinical().body_map}</legend>
            <p class="hint">{text::form().body_map_hint}</p>
            <div class="choice-row view-switch" role="group" aria-label=text::form().body_part>{section_buttons}</div>
            {move || {
                let s = section.get();
                let (x, y, w, h) = s.view_box;
                view! {
                    <svg class="figure" viewBox=s.view_box_attr() data-section=s.key
                        role="group"
                        aria-label=(text::form().body_figure)((text::form().body_seen)(s.view == BodyView::Front), &text::lowercase((text::language().body().section)(s.upper)))>
                        <path class="silhouette" d=path_data(outline_of(s.view)) aria-hidden="true" />
                        {regions}
                        {side_labels(s.view, (x, y, w, h), 10.0, s.key.ends_with("lower"))}
                    </svg>
                }
            }}
            {move || selected_name().map(|name| view! {
                <div class="region-editor">
                    <ScoreScale
                        field=format!("body_map.{}", selected.get().unwrap_or_default())
                        label=(text::form().pain_in)(&text::lowercase(&name))
                        low=clinical().nrs_low.to_string()
                        high=clinical().nrs_high.to_string()
                        value=intensity_value
                        allow_not_assessed=false
                        error=Signal::derive(|| None::<String>)
                    />
                    <button type="button" class="choice remove-mark"
                        on:click=move |_| {
                            if let Some(id) = selected.get_untracked() {
                                marks.update(|m| m.retain(|(r, _)| *r != id));
                            }
                            selected.set(None);
                        }>
                        {text::form().remove_mark}
                    </button>
                </div>
            })}
            <ul class="marks">
                {move || marks.get().into_iter().map(|(id, i)| {
                    let name = RegionId(id).region().map(crate::text::region_name).unwrap_or_default();
                    view! { <li data-mark=id>{format!("{name}: {i}")}</li> }
                }).collect_view()}
            </ul>
            <p class="field-error" role="alert">{move || error.get()}</p>
        </fieldset>
    }
}

/// Where it hurt over a period, on the whole figure, front and back side by side: each marked
/// region in the colour of its highest intensity, with how many times it was marked.
#[component]
pub fn BodyHeat(heat: Vec<lindra::course::RegionHeat>) -> impl IntoView {
    let figure = |view: BodyView| {
        let regions = shapes_of(view)
            .map(|shape| {
                let h = heat.iter().find(|h| h.region == shape.id);
                let class = format!("region{}", band_class(h.map(|h| i64::from(h.highest.value()))));
                let (lx, ly) = shape.label_point();
                view! {
                    <g class=class data-region=shape.id.0>
                        <path d=shape.svg_path() />
                        {h.map(|h| view! { <text x=lx y=ly + 5.0 text-anchor="middle">{format!("{}×", h.times)}</text> })}
                    </g>
                }
            })
            .collect_view();
        let seen = (text::form().body_seen)(view == BodyView::Front);
        view! {
            <figure class="heat-figure">
                <svg class="figure" viewBox=format!("0 0 {FIGURE_WIDTH} {FIGURE_HEIGHT}") role="img"
                    aria-label=(text::ui().body_heat)(seen)>
                    <path class="silhouette" d=path_data(outline_of(view)) />
                    {regions}
                    {side_labels(view, (0.0, 0.0, FIGURE_WIDTH, FIGURE_HEIGHT), 10.0, false)}
                </svg>
                <figcaption>{text::capitalized(seen)}</figcaption>
            </figure>
        }
    };
    view! { <div class="heat-figures">{figure(BodyView::Front)}{figure(BodyView::Back)}</div> }
}
