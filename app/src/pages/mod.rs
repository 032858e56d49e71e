//! One module per route.

pub mod access_log;
pub mod admin;
pub mod handover;
pub mod lock;
pub mod login;
pub mod new_registration;
pub mod overview;
pub mod patient;
pub mod patient_list;
pub mod patient_mode;
pub mod quality;
pub mod registration;
pub mod second_factor;
pub mod settings;
pub mod trend;
pub mod units;

use crate::error::AppError;
use crate::text;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
        options.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <section class="panel">
            <h1>{text::ui().not_found}</h1>
            <a href="/">{text::ui().units}</a>
        </section>
    }
}

/// The numeric `:id` of the current route; a non-number gives `None`, which pages show as
/// "not found" instead of an error.
pub fn id_param() -> Memo<Option<i64>> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse().ok())))
}

/// A page about one record named by the route's `:id`: loads it with `load`, and shows "not
/// found" for an id that is not a number, the error for a refusal, or `render` for the data.
pub fn by_id_page<T, Fut>(load: fn(i64) -> Fut, render: fn(T) -> AnyView) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    Fut: std::future::Future<Output = Result<T, AppError>> + Send + 'static,
{
    keyed_page(id_param().into(), load, render)
}

/// [`by_id_page`] for a page that shows a unit's live state: a live region (`crate::live`),
/// loaded again whole on every change the event stream reports.
pub fn live_page<T, Fut>(load: fn(i64) -> Fut, render: fn(T) -> AnyView) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    Fut: std::future::Future<Output = Result<T, AppError>> + Send + 'static,
{
    view! { <crate::live::LiveRegion name="page">{by_id_page(load, render)}</crate::live::LiveRegion> }
}

/// A page loaded by a key made from the address (`None` when the address names nothing). Pages
/// are server-rendered (islands mode): the data never travels again as hydration data. A
/// `Transition`, so that a page that loads again keeps showing what it has until the new data
/// is in.
pub fn keyed_page<K, T, Fut>(
    key: Signal<Option<K>>,
    load: impl Fn(K) -> Fut + Copy + Send + Sync + 'static,
    render: fn(T) -> AnyView,
) -> impl IntoView
where
    K: Clone + PartialEq + Send + Sync + 'static,
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    Fut: std::future::Future<Output = Result<T, AppError>> + Send + 'static,
{
    let data = Resource::new(
        move || key.get(),
        move |key| async move {
            match key {
                Some(key) => Some(load(key).await),
                None => None,
            }
        },
    );
    view! {
        <Transition fallback=|| view! { <p>{text::ui().loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    None => view! { <NotFound /> }.into_any(),
                    Some(Err(error)) => view! { <ErrorMessage error /> }.into_any(),
                    Some(Ok(data)) => render(data),
                }
            })}
        </Transition>
    }
}

/// An error as a nurse should see it.
#[component]
pub fn ErrorMessage(error: AppError) -> impl IntoView {
    view! {
        <section class="panel error" role="alert">
            <p>{error.to_string()}</p>
            <a href="/">{text::ui().units}</a>
        </section>
    }
}

/// A chart drawn on the server, twice: the page shows the drawing that fits (CSS).
#[component]
pub fn ChartFigure(chart: crate::trends::ChartSvg) -> impl IntoView {
    view! {
        <figure class="chart" data-chart=chart.title.clone()>
            <div class="chart-svg wide" role="img" aria-label=chart.title.clone() inner_html=chart.svg></div>
            <div class="chart-svg narrow" role="img" aria-label=chart.title.clone() inner_html=chart.svg_narrow></div>
        </figure>
    }
}
