//! Every refused request leaves a trace (docs/security.md, "What is logged").
//!
//! A refusal whose user is known (a signed-in user's request with the wrong type, a body that
//! cannot be read, a method the route does not answer, another site's origin) is a row of the
//! access log at once: action `request`, the method and path as its object. A refusal with no
//! known user (no session, a forged or ended one, a cross-site request before sign-in) is
//! counted in memory per address, kind, method and path, and written as one `security_events`
//! row per key and window: a flood costs at most [`MAX_KEYS`] + 1 rows a window, not a row a
//! request, and no request waits on the database for it.

use chrono::{DateTime, Utc};
use lindra_app::backend::SessionUser;
use lindra_app::model::{AuditAction, AuditEvent, AuditOutcome, SecurityEvent};
use lindra_app::storage::DynStorage;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How long anonymous refusals are counted before they are written.
pub const WINDOW: Duration = Duration::from_secs(10);
/// Distinct (address, kind, method, path) kept apart in one window; the rest are counted
/// together under the address `*`.
pub const MAX_KEYS: usize = 256;
/// Longest path kept; a longer one is cut (a probe's paths can be long).
const MAX_PATH_CHARS: usize = 200;

/// One refused request.
#[derive(Debug, Clone)]
pub struct Refusal<'a> {
    pub kind: AuditOutcome,
    pub method: &'a str,
    pub path: &'a str,
    pub client_addr: &'a str,
    pub user: Option<&'a SessionUser>,
}

#[derive(Clone)]
pub struct Refusals {
    storage: DynStorage,
    window: Arc<Mutex<Window>>,
}

#[derive(Default)]
struct Window {
    started: Option<DateTime<Utc>>,
    counts: HashMap<(String, AuditOutcome, String, String), Count>,
}

#[derive(Clone, Copy)]
struct Count {
    first_at: DateTime<Utc>,
    last_at: DateTime<Utc>,
    count: i64,
}

fn cut(path: &str) -> String {
    path.chars().take(MAX_PATH_CHARS).collect()
}

impl Refusals {
    pub fn new(storage: DynStorage) -> Refusals {
        Refusals { storage, window: Arc::default() }
    }

    /// Logs one refusal: the user's access log row now, or the anonymous count (written when
    /// its window ends, by the next refusal after it or by [`flush`](Self::flush)).
    pub async fn record(&self, refusal: Refusal<'_>) {
        let now = Utc::now();
        // Debug, not info: a flood must not flood the server's log either.
        tracing::debug!(
            kind = refusal.kind.code(),
            method = refusal.method,
            path = refusal.path,
            addr = refusal.client_addr,
            user = refusal.user.map(|u| u.user.username.as_str()),
            "request refused"
        );
        if let Some(session) = refusal.user {
            let event = AuditEvent {
                at: now,
                user_id: Some(session.user.id),
                username: session.user.username.clone(),
                role: session.user.role.code().to_string(),
                unit_id: None,
                patient_id: None,
                action: AuditAction::Request,
                object: cut(&format!("{} {}", refusal.method, refusal.path)),
                outcome: refusal.kind,
                client_addr: refusal.client_addr.to_string(),
            };
            if let Err(error) = self.storage.append_audit(event).await {
                tracing::error!(%error, "could not write the access-log row of a refused request");
            }
            return;
        }
        let ended = self.count(&refusal, now);
        if let Some(events) = ended {
            let storage = self.storage.clone();
            tokio::spawn(async move { write(&storage, &events).await });
        }
    }

    /// Counts an anonymous refusal; returns the previous window's rows if it has ended.
    fn count(&self, refusal: &Refusal<'_>, now: DateTime<Utc>) -> Option<Vec<SecurityEvent>> {
        let mut window = self.window.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let window_length = chrono::Duration::from_std(WINDOW).unwrap_or_default();
        let ended = match window.started {
            Some(started) if now - started >= window_length => Some(window.take()),
            _ => None,
        };
        window.started.get_or_insert(now);
        let mut key =
            (refusal.client_addr.to_string(), refusal.kind, refusal.method.to_string(), cut(refusal.path));
        if window.counts.len() >= MAX_KEYS && !window.counts.contains_key(&key) {
            key = ("*".into(), refusal.kind, "*".into(), "*".into());
        }
        let count = window.counts.entry(key).or_insert(Count { first_at: now, last_at: now, count: 0 });
        count.last_at = now;
        count.count += 1;
        ended
    }

    /// Writes what has been counted so far (at shutdown, every [`WINDOW`] from the server's
    /// ticker, and in tests).
    pub async fn flush(&self) {
        let events = {
            let mut window = self.window.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            window.take()
        };
        write(&self.storage, &events).await;
    }
}

impl Window {
    fn take(&mut self) -> Vec<SecurityEvent> {
        self.started = None;
        self.counts
            .drain()
            .map(|((client_addr, kind, method, path), c)| SecurityEvent {
                first_at: c.first_at,
                last_at: c.last_at,
                client_addr,
                kind,
                method,
                path,
                count: c.count,
            })
            .collect()
    }
}

async fn write(storage: &DynStorage, events: &[SecurityEvent]) {
    if events.is_empty() {
        return;
    }
    if let Err(error) = storage.append_security_events(events).await {
        let refusals: i64 = events.iter().map(|e| e.count).sum();
        tracing::error!(%error, refusals, "could not write the security log");
    }
}
