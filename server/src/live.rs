//! `GET /hendelser`: server-sent events that tell a signed-in user's pages which of the user's
//! units changed (a registration saved, a follow-up step taken), on this server or, on
//! PostgreSQL, on any server sharing the database. An event is a unit id and nothing else; the
//! page then loads through its normal access-checked, audited server function.
//!
//! The stream does not keep a session alive (it is one request, and the browser closes it when
//! nobody has touched the tablet for a while, see `lindra_app::live`); it ends when the session
//! ends, checked every [`SESSION_CHECK`].

use crate::auth::Auth;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures::stream::{self, Stream};
use lindra_app::backend::SessionUser;
use lindra_app::storage::Change;
use std::convert::Infallible;
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;

/// How often an open stream checks that its session still holds.
pub const SESSION_CHECK: Duration = Duration::from_secs(30);
/// How long the browser waits before it connects again after a lost stream.
const RETRY: Duration = Duration::from_secs(2);

pub async fn events(State(auth): State<Auth>, request: Request) -> Response {
    let Some(session) = request.extensions().get::<SessionUser>().cloned() else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let changes = auth.storage.changes();
    Sse::new(stream_for(auth, session, changes))
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}

struct Open {
    auth: Auth,
    session: SessionUser,
    changes: tokio::sync::broadcast::Receiver<Change>,
    check: tokio::time::Interval,
    first: bool,
}

fn stream_for(
    auth: Auth,
    session: SessionUser,
    changes: tokio::sync::broadcast::Receiver<Change>,
) -> impl Stream<Item = Result<Event, Infallible>> {
    let mut check = tokio::time::interval(SESSION_CHECK);
    check.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let open = Open { auth, session, changes, check, first: true };
    stream::unfold(Some(open), |state| async move {
        let mut open = state?;
        if open.first {
            open.first = false;
            open.check.tick().await;
            let hello = Event::default().event("ready").data("").retry(RETRY);
            return Some((Ok(hello), Some(open)));
        }
        loop {
            tokio::select! {
                change = open.changes.recv() => {
                    let unit = match change {
                        Ok(Change::Unit(unit)) if open.session.unit_ids.contains(&unit) => unit.to_string(),
                        Ok(Change::Unit(_)) => continue,
                        // Missed changes (a slow page, a lost database listener): load all.
                        Ok(Change::All) | Err(RecvError::Lagged(_)) => "*".to_string(),
                        Err(RecvError::Closed) => return None,
                    };
                    return Some((Ok(Event::default().event("change").data(unit)), Some(open)));
                }
                _ = open.check.tick() => {
                    if !open.auth.still_signed_in(&open.session).await {
                        return None;
                    }
                }
            }
        }
    })
}
