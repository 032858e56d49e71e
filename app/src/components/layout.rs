//! The frame around every page: who is signed in, logout, and the DEMO banner in demo mode.

use crate::api::current_session;
use crate::model::Role;
use crate::text;
use leptos::prelude::*;

#[component]
pub fn Header() -> impl IntoView {
    let session = Resource::new(|| (), |_| current_session());
    view! {
        <a class="skip-link" href="#innhold">{text::ui().skip_link}</a>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                session.await.ok().filter(|s| s.demo).map(|_| view! {
                    <div class="demo-banner" role="note">{text::ui().demo_banner}</div>
                })
            })}
        </Suspense>
        <header class="top">
            <a class="brand" href="/">{text::ui().app_name}</a>
            <span class="tagline">{text::ui().tagline}</span>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let info = session.await.ok()?;
                    let (lock_after_ms, pin_set, locked) = (info.lock_after_ms, info.pin_set, info.locked);
                    info.signed_in.map(|(name, role)| view! {
                        // Locked: no counts, and nothing kept live (live.js starts at the count).
                        {(!locked).then(|| view! { <OpenFollowups /> })}
                        // `lock.js` locks the page after `data-lock-after-ms` without a tap, for a
                        // user with a PIN.
                        <div class="who" data-lock-after-ms=lock_after_ms>
                            {(role == Role::Administrator).then(|| view! { <a class="admin-link" href="/admin">{text::ui().admin}</a> })}
                            <span class="who-name">{format!("{name} ({})", role_label(role))}</span>
                            <a class="button small" href=crate::pages::settings::PATH>{text::settings().link}</a>
                            // On the locked page itself «Lås» would do nothing new.
                            {match pin_set {
                                true if locked => ().into_any(),
                                true => view! {
                                    <form method="post" action="/laas">
                                        <button type="submit" class="button small" aria-label=text::lock().lock_now_label>{text::lock().lock_now}</button>
                                    </form>
                                }.into_any(),
                                // The PIN is set on the settings page («Innstillinger»).
                                false => ().into_any(),
                            }}
                            <form method="post" action="/utlogging">
                                <button type="submit" class="button small">{text::ui().sign_out}</button>
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
    (text::ui().role)(role)
}

/// The count of open follow-ups in the user's units, on every page of a signed-in user: a link
/// to the overview of the first unit that has one. `live.js` loads it again on every change the
/// event stream reports, and when the next re-assessment falls due.
#[component]
fn OpenFollowups() -> impl IntoView {
    let open = Resource::new(|| (), |_| crate::followups::load_open_count());
    view! {
        <Suspense fallback=|| view! { <span class="live-badge" data-live-badge=""></span> }>
            {move || Suspend::new(async move {
                let count = open.await.ok();
                let next_due = count.as_ref().and_then(|c| c.next_due).map(|d| d.to_rfc3339());
                let now = count.as_ref().map(|c| c.now.to_rfc3339());
                let link = count.filter(|c| c.total > 0).map(|c| {
                    let overdue = c.overdue > 0;
                    view! {
                        <a class="followup-badge" class:overdue=overdue href=c.link>{c.words}</a>
                    }
                });
                view! {
                    <span class="live-badge" data-live-badge="" data-next-due=next_due data-now=now>{link}</span>
                }
            })}
        </Suspense>
    }
}
