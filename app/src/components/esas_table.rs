//! A stored ESAS-r as a table: each item with its score coloured by severity band, the sums,
//! who filled it in, when, and who registered it.

use crate::model::StoredRegistration;
use crate::text;
use crate::text::clinical;
use crate::text::format_date_time;
use leptos::prelude::*;
use lindra::esas::SumKind;
use lindra::nrs::NrsQuestion;
use lindra::{EsasItem, ItemValue};

/// The cell for one value: the number on its band's colour, or "Kan ikke vurdere", never 0.
#[component]
pub fn ScoreCell(value: Option<ItemValue>) -> impl IntoView {
    match value {
        Some(ItemValue::Score(score)) => {
            let band = score.severity();
            view! {
                <span class=format!("score band-{}", band.code()) title=(clinical().severity)(band)>
                    {score.value()}
                    <span class="visually-hidden">{format!(" {} ({})", text::ui().score_of, (clinical().severity)(band))}</span>
                </span>
            }
            .into_any()
        }
        Some(ItemValue::NotAssessed) => {
            view! { <span class="score not-assessed">{clinical().not_assessed}</span> }.into_any()
        }
        None => view! { <span class="score missing">"–"</span> }.into_any(),
    }
}

#[component]
pub fn EsasTable(stored: StoredRegistration) -> impl IntoView {
    let r = stored.registration;
    let rows = EsasItem::SYMPTOMS
        .into_iter()
        .map(|item| {
            view! {
                <tr data-item=item.code()>
                    <th scope="row">{(clinical().item_label)(item)}</th>
                    <td><ScoreCell value=r.esas.get(item) /></td>
                </tr>
            }
        })
        .collect_view();
    let other = r.esas.other.clone().map(|other| {
        view! {
            <tr data-item="other">
                <th scope="row">{format!("{}: {}", (clinical().item_label)(EsasItem::Other), other.name)}</th>
                <td><ScoreCell value=Some(other.value) /></td>
            </tr>
        }
    });
    let sums = SumKind::ALL
        .into_iter()
        .map(|kind| {
            let value = r.esas.sum(kind);
            view! {
                <div class="sum" data-sum=kind.code()>
                    <dt>{(clinical().sum_label)(kind)}</dt>
                    <dd>
                        {match value {
                            Some(v) => (text::ui().out_of)(i64::from(v), i64::from(kind.max())),
                            None => text::ui().sum_undefined.to_string(),
                        }}
                    </dd>
                </div>
            }
        })
        .collect_view();
    let pain = (!r.pain.is_empty()).then(|| {
        let answers = NrsQuestion::ALL
            .into_iter()
            .map(|q| {
                view! {
                    <div class="sum" data-nrs=q.code()>
                        <dt>{(clinical().nrs_question)(q)}</dt>
                        <dd><ScoreCell value=r.pain.get(q).map(ItemValue::Score) /></dd>
                    </div>
                }
            })
            .collect_view();
        let breakthrough = r.pain.breakthrough.map(|b| {
            format!(
                "{}: {}",
                clinical().breakthrough_pain,
                if b { text::form().yes } else { text::form().no }
            )
        });
        view! {
            <h3>{text::ui().nrs}</h3>
            <dl class="sums">{answers}</dl>
            {breakthrough.map(|b| view! { <p class="breakthrough-answer">{b}</p> })}
        }
    });
    let marks = (!r.body_marks.is_empty()).then(|| {
        let items = r
            .body_marks
            .iter()
            .map(|m| {
                let name = m.region.region().map(crate::text::region_name).unwrap_or_default();
                view! {
                    <li data-mark=m.region.0>
                        {name}" "<ScoreCell value=Some(ItemValue::Score(m.intensity)) />
                    </li>
                }
            })
            .collect_view();
        view! {
            <h3>{clinical().body_map}</h3>
            <ul class="marks stored">{items}</ul>
        }
    });
    let corrected = (stored.version > 1).then(|| {
        view! {
            <p class="corrected">
                {(text::ui().corrected_note)(stored.version, &stored.correction_reason.clone().unwrap_or_default())}
            </p>
        }
    });
    view! {
        <div class="esas-latest" data-registration=stored.id>
            <p class="meta">
                <span>{format!("{}: {}", text::ui().observed_at, format_date_time(r.observed_at))}</span>
                <span>{format!("{}: {}", clinical().completed_by_label, (clinical().completed_by)(r.completed_by))}</span>
                <span>{format!("{}: {}", text::ui().registered_by, stored.recorded_by_name)}</span>
                {r.self_report.map(|s| view! {
                    <span class="self-report" data-self-report=s.language.code()>
                        {(text::patient_mode().self_reported_in)(s.language)}
                    </span>
                })}
            </p>
            {corrected}
            <table class="esas-table">
                <caption class="visually-hidden">{text::ui().latest_esas}</caption>
                <tbody>{rows}{other}</tbody>
            </table>
            <h3>{text::ui().sums}</h3>
            <dl class="sums">{sums}</dl>
            {pain}
            {marks}
            {(!r.note.is_empty()).then(|| view! { <p class="note"><strong>{clinical().note}": "</strong>{r.note.clone()}</p> })}
        </div>
    }
}
