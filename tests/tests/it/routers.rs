//! Making a router while pages render. Making one finds the app's routes by rendering the app in
//! a special mode; a page rendered on another thread at that moment used to wait forever for its
//! data (each hang ended by the 10 s request timeout as a 503). A server makes its router once,
//! before it serves, but the tests make one per test (and two for the two-server tests) while
//! other tests render: found as intermittent 503s in tests/tests/it/access.rs. Lindra now finds the
//! routes once per process.

use lindra_tests::app::{app_router, sqlite_app};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[test]
fn pages_render_while_routers_are_made() {
    let runtime =
        tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    let app = Arc::new(runtime.block_on(sqlite_app()));
    let builder = {
        let app = app.clone();
        let handle = runtime.handle().clone();
        std::thread::spawn(move || {
            let _runtime = handle.enter();
            for _ in 0..100 {
                drop(app_router(&app.storage, false, &app.site));
                std::thread::sleep(Duration::from_millis(2));
            }
        })
    };
    let renders: Vec<_> = (0..8)
        .map(|t| {
            let handle = runtime.handle().clone();
            let app = app.clone();
            std::thread::spawn(move || {
                handle.block_on(async move {
                    let mut slow = Vec::new();
                    for i in 0..25 {
                        let started = Instant::now();
                        let page = app.get("/logg-inn", "").await;
                        let took = started.elapsed();
                        if page.status != 200 || took > Duration::from_secs(2) {
                            slow.push(format!("thread {t} page {i}: {} after {took:?}", page.status));
                        }
                    }
                    slow
                })
            })
        })
        .collect();
    let slow: Vec<String> = renders.into_iter().flat_map(|t| t.join().expect("render thread")).collect();
    builder.join().expect("router thread");
    assert!(slow.is_empty(), "renders that stalled: {slow:#?}");
}
