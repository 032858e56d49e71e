//! The body map (kroppskart): Lindra's own front and back figure in SVG, one view at a time so
//! every region is big enough for a finger. Each region is a named button; tapping it selects
//! it, and the intensity row below marks it 0-10 or removes the mark. Sides are always the
//! patient's: on the front view the patient's right is on the viewer's left, on the back view on
//! the viewer's right, and both views say so.

use crate::components::score_scale::ScoreScale;
use leptos::prelude::*;
use lindra::body_map::{BodyView, RegionId};
use lindra::registration::DraftValue;
use lindra::{text as clinical, Score, Severity};

/// Where each region is drawn: (id, x, y, width, height) in a 200 x 460 view box.
#[rustfmt::skip]
const SHAPES: [(u16, u16, u16, u16, u16); 74] = [
    // Front: the patient's right is on the viewer's left.
    (101, 80, 10, 20, 50),
    (102, 100, 10, 20, 50),
    (103, 88, 60, 12, 20),
    (104, 100, 60, 12, 20),
    (105, 44, 80, 22, 28),
    (106, 134, 80, 22, 28),
    (107, 66, 80, 28, 55),
    (108, 106, 80, 28, 55),
    (109, 94, 80, 12, 55),
    (110, 40, 108, 22, 62),
    (111, 138, 108, 22, 62),
    (112, 36, 170, 24, 20),
    (113, 140, 170, 24, 20),
    (114, 32, 190, 24, 55),
    (115, 144, 190, 24, 55),
    (116, 26, 245, 28, 40),
    (117, 146, 245, 28, 40),
    (118, 66, 135, 34, 37),
    (119, 100, 135, 34, 37),
    (120, 70, 172, 30, 33),
    (121, 100, 172, 30, 33),
    (122, 56, 195, 14, 33),
    (123, 130, 195, 14, 33),
    (124, 70, 205, 26, 23),
    (125, 104, 205, 26, 23),
    (126, 96, 205, 8, 23),
    (127, 70, 228, 28, 82),
    (128, 102, 228, 28, 82),
    (129, 72, 310, 24, 25),
    (130, 104, 310, 24, 25),
    (131, 74, 335, 20, 70),
    (132, 106, 335, 20, 70),
    (133, 74, 405, 20, 15),
    (134, 106, 405, 20, 15),
    (135, 66, 420, 28, 25),
    (136, 106, 420, 28, 25),
    // Back: the patient's left is on the viewer's left.
    (201, 80, 10, 20, 50),
    (202, 100, 10, 20, 50),
    (203, 88, 60, 12, 20),
    (204, 100, 60, 12, 20),
    (205, 44, 80, 22, 28),
    (206, 134, 80, 22, 28),
    (207, 66, 80, 28, 45),
    (208, 106, 80, 28, 45),
    (209, 94, 80, 12, 80),
    (210, 66, 125, 28, 35),
    (211, 106, 125, 28, 35),
    (212, 40, 108, 22, 62),
    (213, 138, 108, 22, 62),
    (214, 36, 170, 24, 20),
    (215, 140, 170, 24, 20),
    (216, 32, 190, 24, 55),
    (217, 144, 190, 24, 55),
    (218, 26, 245, 28, 40),
    (219, 146, 245, 28, 40),
    (220, 62, 160, 14, 45),
    (221, 124, 160, 14, 45),
    (222, 76, 160, 24, 45),
    (223, 100, 160, 24, 45),
    (224, 92, 205, 16, 22),
    (225, 68, 205, 24, 40),
    (226, 108, 205, 24, 40),
    (227, 70, 245, 28, 75),
    (228, 102, 245, 28, 75),
    (229, 72, 320, 24, 22),
    (230, 104, 320, 24, 22),
    (231, 74, 342, 20, 58),
    (232, 106, 342, 20, 58),
    (233, 77, 400, 14, 18),
    (234, 109, 400, 14, 18),
    (235, 74, 418, 20, 14),
    (236, 106, 418, 20, 14),
    (237, 70, 432, 26, 20),
    (238, 104, 432, 26, 20),
];

fn view_of(id: u16) -> BodyView {
    if id < 200 {
        BodyView::Front
    } else {
        BodyView::Back
    }
}

/// The intensity of a region in the marks, if it is marked.
fn intensity(marks: &[(u16, i64)], id: u16) -> Option<i64> {
    marks.iter().find(|(r, _)| *r == id).map(|(_, i)| *i)
}

#[component]
pub fn BodyMap(
    /// (region id, intensity) pairs: what the form sends.
    marks: RwSignal<Vec<(u16, i64)>>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let view = RwSignal::new(BodyView::Front);
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

    let regions = move || {
        let current = view.get();
        SHAPES
            .iter()
            .filter(move |s| view_of(s.0) == current)
            .map(|&(id, x, y, w, h)| {
                let name = RegionId(id).region().map(|r| r.name_nb()).unwrap_or_default();
                let mark = move || marks.with(|m| intensity(m, id));
                let class = move || {
                    let band = mark()
                        .and_then(|i| Score::new(i).ok())
                        .map(|s| format!(" band-{}", Severity::of(s).code()))
                        .unwrap_or_default();
                    let chosen = if selected.get() == Some(id) { " selected" } else { "" };
                    format!("region{band}{chosen}")
                };
                let label = {
                    let name = name.clone();
                    move || match mark() {
                        Some(i) => format!("{name}: smerte {i}"),
                        None => name.clone(),
                    }
                };
                let choose = move || selected.set(Some(id));
                view! {
                    <g class=class data-region=id>
                        <rect
                            x=x y=y width=w height=h rx="5"
                            role="button"
                            tabindex="0"
                            aria-label=label
                            aria-pressed=move || (selected.get() == Some(id)).to_string()
                            on:click=move |_| choose()
                            on:keydown=move |ev| {
                                if ev.key() == "Enter" || ev.key() == " " {
                                    ev.prevent_default();
                                    choose();
                                }
                            }
                        />
                        {move || mark().map(|i| view! {
                            <text x=f32::from(x) + f32::from(w) / 2.0 y=f32::from(y) + f32::from(h) / 2.0 + 4.0
                                text-anchor="middle" aria-hidden="true">{i}</text>
                        })}
                    </g>
                }
            })
            .collect_view()
    };
    let sides = move || match view.get() {
        BodyView::Front => ("høyre", "venstre"),
        BodyView::Back => ("venstre", "høyre"),
    };
    let selected_name = move || selected.get().and_then(|id| RegionId(id).region()).map(|r| r.name_nb());
    view! {
        <fieldset class="body-map" class:has-error=move || error.get().is_some() data-field="body_map">
            <legend>{clinical::BODY_MAP}</legend>
            <p class="hint">"Trykk der det gjør vondt, og velg hvor sterk smerten er."</p>
            <div class="choice-row view-switch" role="group" aria-label="Side av kroppen">
                <button type="button" class="choice" data-view="front"
                    aria-pressed=move || (view.get() == BodyView::Front).to_string()
                    on:click=move |_| view.set(BodyView::Front)>"Forside"</button>
                <button type="button" class="choice" data-view="back"
                    aria-pressed=move || (view.get() == BodyView::Back).to_string()
                    on:click=move |_| view.set(BodyView::Back)>"Bakside"</button>
            </div>
            <svg class="figure" viewBox="0 0 200 460" role="group"
                aria-label=move || if view.get() == BodyView::Front { "Kroppen forfra" } else { "Kroppen bakfra" }>
                <text class="side" x="2" y="24">
                    <tspan x="2">"Pasientens"</tspan>
                    <tspan x="2" dy="11">{move || sides().0}</tspan>
                </text>
                <text class="side" x="198" y="24" text-anchor="end">
                    <tspan x="198">"Pasientens"</tspan>
                    <tspan x="198" dy="11">{move || sides().1}</tspan>
                </text>
                {regions}
            </svg>
            {move || selected_name().map(|name| view! {
                <div class="region-editor">
                    <ScoreScale
                        field=format!("body_map.{}", selected.get().unwrap_or_default())
                        label=format!("Smerte i {}", name.to_lowercase())
                        low=clinical::NRS_LOW.to_string()
                        high=clinical::NRS_HIGH.to_string()
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
                        "Fjern markering"
                    </button>
                </div>
            })}
            <ul class="marks">
                {move || marks.get().into_iter().map(|(id, i)| {
                    let name = RegionId(id).region().map(|r| r.name_nb()).unwrap_or_default();
                    view! { <li data-mark=id>{format!("{name}: {i}")}</li> }
                }).collect_view()}
            </ul>
            <p class="field-error" role="alert">{move || error.get()}</p>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_region_is_drawn_once_on_its_own_view() {
        let mut ids: Vec<u16> = SHAPES.iter().map(|s| s.0).collect();
        ids.sort_unstable();
        let mut known: Vec<u16> = lindra::body_map::REGIONS.iter().map(|r| r.id.0).collect();
        known.sort_unstable();
        assert_eq!(ids, known);
    }

    #[test]
    fn regions_of_a_view_do_not_overlap() {
        for a in SHAPES.iter() {
            for b in SHAPES.iter().filter(|b| b.0 > a.0 && view_of(b.0) == view_of(a.0)) {
                let apart = a.1 + a.3 <= b.1 || b.1 + b.3 <= a.1 || a.2 + a.4 <= b.2 || b.2 + b.4 <= a.2;
                assert!(apart, "{} and {} overlap", a.0, b.0);
            }
        }
    }

    #[test]
    fn the_patients_right_is_on_the_viewers_left_in_front_and_right_behind() {
        let x = |id: u16| SHAPES.iter().find(|s| s.0 == id).map(|s| s.1).unwrap_or_default();
        assert!(x(105) < x(106), "front: right shoulder (105) on the viewer's left");
        assert!(x(206) > x(205), "back: right shoulder (206) on the viewer's right");
    }
}
