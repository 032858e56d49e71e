//! How a patient's need for attention is shown: flags in words (never colour alone) and the
//! latest scores as small coloured cells.

use crate::text;
use crate::text::clinical;
use crate::text::format_since;
use leptos::prelude::*;
use lindra::course::Attention;
use lindra::{EsasItem, ItemValue, Registration};

/// The flags of one patient: severe items, worsening, overdue.
#[component]
pub fn AttentionFlags(
    attention: Attention,
    interval_hours: i32,
    now: chrono::DateTime<chrono::Utc>,
) -> impl IntoView {
    let severe = attention.is_severe().then(|| {
        let items: Vec<&str> = attention.severe.iter().map(|&i| (clinical().item_short_label)(i)).collect();
        view! { <li class="flag severe" data-flag="severe">{format!("{}: {}", text::ui().flag_severe, items.join(", "))}</li> }
    });
    let worse = attention.is_worsening().then(|| {
        let mut what: Vec<&str> = attention.worsened_sums.iter().map(|&k| (clinical().sum_short)(k)).collect();
        what.extend(attention.worsened_items.iter().map(|&i| (clinical().item_short_label)(i)));
        view! { <li class="flag worse" data-flag="worse">{format!("{}: {}", text::ui().flag_worse, what.join(", "))}</li> }
    });
    let overdue = attention.overdue.then(|| {
        let label = match attention.last_at {
            Some(at) => format!(
                "{} ({}, {})",
                text::ui().flag_overdue,
                format_since(at, now),
                (text::ui().every_hours)(interval_hours)
            ),
            None => text::ui().never_assessed.to_string(),
        };
        view! { <li class="flag overdue" data-flag="overdue">{label}</li> }
    });
    view! { <ul class="flags">{severe}{worse}{overdue}</ul> }
}

/// The latest ESAS-r as a row of small cells, each with its item's short name.
#[component]
pub fn MiniScores(registration: Registration) -> impl IntoView {
    let cells = EsasItem::SYMPTOMS
        .into_iter()
        .map(|item| {
            let value = registration.esas.get(item);
            let (class, shown, said) = match value {
                Some(ItemValue::Score(s)) => (
                    format!("mini band-{}", s.severity().code()),
                    s.value().to_string(),
                    format!(
                        "{} {} ({})",
                        (clinical().item_short_label)(item),
                        s.value(),
                        (clinical().severity)(s.severity())
                    ),
                ),
                Some(ItemValue::NotAssessed) => (
                    "mini not-assessed".to_string(),
                    clinical().not_assessed_short.to_string(),
                    format!("{}: {}", (clinical().item_short_label)(item), clinical().not_assessed),
                ),
                None => (
                    "mini missing".to_string(),
                    "–".to_string(),
                    format!("{}: –", (clinical().item_short_label)(item)),
                ),
            };
            view! {
                <li class=class data-item=item.code()>
                    <span class="mini-label" aria-hidden="true">{(clinical().item_short_label)(item)}</span>
                    <span class="mini-value" aria-hidden="true">{shown}</span>
                    <span class="visually-hidden">{said}</span>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="mini-scores">{cells}</ul> }
}
