//! Saving comes first. At 08:00 a nurse at the bedside pressing "Lagre" must not wait behind a
//! resource nurse's trend charts or a PDF being drawn. Page renders, PDF summaries and sign-ins
//! (Argon2) are the CPU-heavy requests; they run on a runtime of their own whose threads have a
//! lower scheduling priority (nice 10), so the server functions a form saves through, and the
//! connections' own IO, get the cores first whenever both want them. When nothing is being saved
//! the renders have every core to themselves: a lower priority only decides who goes first.
//!
//! The SQLite pool keeps its connections for the process (`storage::sqlite`): a connection's
//! worker thread inherits the priority of the thread that opens it, and a save must never run its
//! queries on a thread opened by a render.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures::StreamExt;
use std::sync::OnceLock;
use tokio::runtime::Runtime;

/// The render threads' niceness (0 is the default, 19 the lowest priority). With 10 the kernel
/// weighs a default thread about ten times as heavily when both want a core.
pub const RENDER_NICENESS: i32 = 10;

/// Runs CPU-heavy requests on the render runtime and everything else where it is.
pub async fn by_kind(request: Request<Body>, next: Next) -> Response {
    if !is_heavy(request.method(), request.uri().path()) {
        return next.run(request).await;
    }
    let path = request.uri().path().to_string();
    let task = AbortOnDrop(render_runtime().spawn(next.run(request)));
    match task.wait().await {
        Ok(response) => render_body_there(response),
        Err(error) => {
            tracing::error!(%error, path, "page render failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Intern feil i Lindra. Prøv igjen; meld fra hvis det gjentar seg.",
            )
                .into_response()
        }
    }
}

/// A page's body is a stream the render keeps producing after the head is sent (Leptos renders
/// in chunks and resolves what it waited for on the way). Whoever polls the body does that work
/// and runs what it spawns: here, a task on the render runtime, which hands the chunks over.
fn render_body_there(response: Response) -> Response {
    let (parts, body) = response.into_parts();
    let (chunks, received) = tokio::sync::mpsc::channel(4);
    render_runtime().spawn(async move {
        let mut body = body.into_data_stream();
        while let Some(chunk) = body.next().await {
            // The client went away: stop rendering.
            if chunks.send(chunk).await.is_err() {
                break;
            }
        }
    });
    let stream = futures::stream::unfold(received, |mut received| async move {
        received.recv().await.map(|chunk| (chunk, received))
    });
    Response::from_parts(parts, Body::from_stream(stream))
}

/// Pages (GET, whole HTML answers), the PDF summary and sign-in. Server functions (`/api/`,
/// where forms save), the browser bundle and the health checks stay on the main runtime.
fn is_heavy(method: &Method, path: &str) -> bool {
    match *method {
        Method::GET => {
            !(path.starts_with("/api/")
                || path.starts_with("/pkg/")
                || path == "/healthz"
                || path == "/readyz")
        }
        Method::POST => path == "/innlogging",
        _ => false,
    }
}

/// The render runtime: one worker per core, every thread (workers and the blocking pool that
/// draws PDFs and checks passwords) at [`RENDER_NICENESS`]. Made once per process, never dropped.
fn render_runtime() -> &'static Runtime {
    static RUNTIME: OnceLock<Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .thread_name("lindra-render")
            .on_thread_start(lower_this_threads_priority)
            .enable_all()
            .build()
            .unwrap_or_else(|error| panic!("cannot start the render runtime: {error}"))
    })
}

fn lower_this_threads_priority() {
    // On Linux a niceness belongs to a thread (PRIO_PROCESS with the thread id); raising it needs
    // no privilege. If it fails, renders keep the default priority: slower saves under load, no
    // wrong answer, so a warning is enough.
    if let Err(error) = rustix::process::setpriority_process(Some(rustix::thread::gettid()), RENDER_NICENESS)
    {
        tracing::warn!(%error, "render thread keeps the default priority");
    }
}

/// This thread's niceness.
#[cfg(test)]
fn this_threads_niceness() -> i32 {
    rustix::process::getpriority_process(Some(rustix::thread::gettid())).unwrap_or(i32::MIN)
}

/// A render whose request was given up (the request timeout, a closed connection) stops too.
struct AbortOnDrop(tokio::task::JoinHandle<Response>);

impl AbortOnDrop {
    async fn wait(mut self) -> Result<Response, tokio::task::JoinError> {
        (&mut self.0).await
    }
}

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saving_is_never_sent_to_the_render_runtime() {
        assert!(!is_heavy(&Method::POST, "/api/record_registration"));
        assert!(!is_heavy(&Method::POST, "/api/correct_registration"));
        assert!(!is_heavy(&Method::GET, "/pkg/lindra.wasm"));
        assert!(!is_heavy(&Method::GET, "/readyz"));
        assert!(!is_heavy(&Method::POST, "/utlogging"));
        assert!(is_heavy(&Method::GET, "/enhet/1/oversikt"));
        assert!(is_heavy(&Method::GET, "/pasient/3/oppsummering.pdf"));
        assert!(is_heavy(&Method::POST, "/innlogging"));
    }

    #[test]
    fn render_threads_run_at_the_lower_priority() {
        // block_on runs its future on the calling thread: spawn, so a worker runs it.
        let runtime = render_runtime();
        let worker = runtime.block_on(runtime.spawn(async { this_threads_niceness() })).expect("worker task");
        assert_eq!(worker, RENDER_NICENESS, "a worker");
        let blocking =
            runtime.block_on(runtime.spawn_blocking(this_threads_niceness)).expect("blocking task");
        assert_eq!(blocking, RENDER_NICENESS, "the blocking pool (PDF, passwords) too");
        assert_eq!(this_threads_niceness(), 0, "the caller's own thread is untouched");
    }
}
