//! One module per route.

pub mod access_log;
pub mod admin;
pub mod handover;
pub mod login;
pub mod new_registration;
pub mod overview;
pub mod patient;
pub mod patient_list;
pub mod quality;
pub mod registration;
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
            <h1>{text::NOT_FOUND}</h1>
            <a href="/">{text::UNITS}</a>
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
    keyed_page::<_, _, _, leptos::server::codee::string::JsonSerdeCodec>(id_param().into(), load, render)
}

/// [`by_id_page`] for a page that shows a unit's live state: it loads again on every change
/// the event stream reports (`crate::live`), keeping what it shows until the new data is in.
pub fn live_page<T, Fut>(load: fn(i64) -> Fut, render: fn(T) -> AnyView) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    Fut: std::future::Future<Output = Result<T, AppError>> + Send + 'static,
{
    let id = id_param();
    let key = Signal::derive(move || id.get().map(|id| (id, crate::live::version())));
    keyed_page::<_, _, _, leptos::server::codee::string::JsonSerdeCodec>(key, move |(id, _)| load(id), render)
}

/// What a page's data is as it travels from the server's render to the browser's hydration.
pub type PageData<T> = Option<Result<T, AppError>>;

/// A page loaded by a key made from the address (`None` when the address names nothing), whose
/// data travels to the browser's hydration encoded by `Ser` (JSON; the trend page leaves out
/// what its HTML already holds). A `Transition`: a page that loads again keeps showing what it
/// has until the new data is in.
pub fn keyed_page<K, T, Fut, Ser>(
    key: Signal<Option<K>>,
    load: impl Fn(K) -> Fut + Copy + Send + Sync + 'static,
    render: fn(T) -> AnyView,
) -> impl IntoView
where
    K: Clone + PartialEq + Send + Sync + 'static,
    T: Clone + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<T, AppError>> + Send + 'static,
    Ser: leptos::server::codee::Encoder<PageData<T>, Encoded = String>
        + leptos::server::codee::Decoder<PageData<T>, Encoded = str>
        + Send
        + Sync
        + 'static,
    <Ser as leptos::server::codee::Encoder<PageData<T>>>::Error: std::fmt::Debug,
    <Ser as leptos::server::codee::Decoder<PageData<T>>>::Error: std::fmt::Debug,
{
    let data: Resource<PageData<T>, Ser> = Resource::new_with_options(
        move || key.get(),
        move |key| async move {
            match key {
                Some(key) => Some(load(key).await),
                None => None,
            }
        },
        false,
    );
    view! {
        <Transition fallback=|| view! { <p>{text::LOADING}</p> }>
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
            <a href="/">{text::UNITS}</a>
        </section>
    }
}

/// Page data that holds charts drawn on the server.
pub trait WithCharts {
    fn charts_mut(&mut self) -> &mut [crate::trends::ChartSvg];
}

/// A page's data as it travels from the server's render to the browser's hydration: without the
/// charts' SVG, which the page's HTML already holds (hydration leaves an element's inner HTML as
/// the server rendered it). Over two years of a trend that is most of the page, and it used to
/// travel twice. A fetch from the browser (the server function's own answer) carries them.
pub struct WithoutChartSvg;

impl<T: WithCharts + Clone + serde::Serialize> leptos::server::codee::Encoder<PageData<T>>
    for WithoutChartSvg
{
    type Error = serde_json::Error;
    type Encoded = String;

    fn encode(data: &PageData<T>) -> Result<String, serde_json::Error> {
        let mut data = data.clone();
        if let Some(Ok(page)) = &mut data {
            for chart in page.charts_mut() {
                chart.svg.clear();
                chart.svg_narrow.clear();
            }
        }
        serde_json::to_string(&data)
    }
}

impl<T: serde::de::DeserializeOwned> leptos::server::codee::Decoder<PageData<T>> for WithoutChartSvg {
    type Error = serde_json::Error;
    type Encoded = str;

    fn decode(data: &str) -> Result<PageData<T>, serde_json::Error> {
        serde_json::from_str(data)
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
