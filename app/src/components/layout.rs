//! The frame around every page: who is signed in, logout, and the DEMO banner in demo mode.

use crate::api::current_session;
use crate::model::Role;
use crate::text;
use leptos::prelude::*;

#[component]
pub fn Header() -> impl IntoView {
    let session = Resource::new(|| (), |_| current_session());
    let connected = StoredValue::new(false);
    Effect::new(move |_| {
        let signed_in = session.get().and_then(|s| s.ok()).is_some_and(|s| s.signed_in.is_some());
        if signed_in && !connected.get_value() {
            connected.set_value(true);
            if let Some(live) = use_context::<crate::live::Live>() {
                crate::live::connect(live);
            }
        }
    });
    view! {
        <a class="skip-link" href="#innhold">"Hopp til innholdet"</a>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                session.await.ok().filter(|s| s.demo).map(|_| view! {
                    <div class="demo-banner" role="note">{text::DEMO_BANNER}</div>
                })
            })}
        </Suspense>
        <header class="top">
            <a class="brand" href="/">{text::APP_NAME}</a>
            <span class="tagline">{text::TAGLINE}</span>
            <OpenFollowups />
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    session.await.ok().and_then(|s| s.signed_in).map(|(name, role)| view! {
                        <div class="who">
                            {(role == Role::Administrator).then(|| view! { <a class="admin-link" href="/admin">{text::ADMIN}</a> })}
                            <span class="who-name">{format!("{name} ({})", role_label(role))}</span>
                            <form method="post" action="/utlogging">
                                <button type="submit" class="button small">{text::SIGN_OUT}</button>
                            </form>
                        </div>
                    })
                })}
            </Suspense>
        </header>
        <crate::live::LiveStatus />
    }
}

pub fn role_label(role: Role) -> &'static str {
    match role {
        Role::Helsefagarbeider => "Helsefagarbeider",
        Role::Sykepleier => "Sykepleier",
        Role::Ressurssykepleier => "Ressurssykepleier",
        Role::Administrator => "Administrator",
        Role::Avdelingsleder => "Avdelingsleder",
    }
}

/// The count of open follow-ups in the user's units, on every page: a link to the overview of
/// the first unit that has one. Loads again on every change the event stream reports.
#[component]
fn OpenFollowups() -> impl IntoView {
    let open = Resource::new(crate::live::version, |_| crate::followups::load_open_count());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                open.await.ok().filter(|c| c.total > 0).map(|c| {
                    if let Some(due) = c.next_due {
                        crate::live::wake_at(due, c.now);
                    }
                    let overdue = c.overdue > 0;
                    view! {
                        <a class="followup-badge" class:overdue=overdue href=c.link.clone()>
                            {text::open_followups(c.total)}
                            {(c.overdue > 0).then(|| format!(" · {}", text::overdue_reassessments(c.overdue)))}
                        </a>
                    }
                })
            })}
        </Transition>
    }
}
