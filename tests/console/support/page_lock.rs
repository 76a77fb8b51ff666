//! One test at a time on the page.

use std::cell::Cell;
use std::future::Future;
use std::panic::Location;
use std::sync::Once;

use super::sleep;

thread_local! {
    /// Where the test holding the page took it.
    static PAGE_HOLDER: Cell<Option<&'static Location<'static>>> = const { Cell::new(None) };
}

/// How long `PageLock::acquire` waits: twice as long as any test holds
/// the page (a few seconds), well within the runner's time for all tests.
const PAGE_WAIT_MS: i32 = 10_000;

/// The page, for one mounted test at a time: tests share its DOM, URL and
/// `fetch`. wasm-bindgen-test 0.3.80 runs one test at a time (its
/// `CONCURRENCY` is 1); the lock keeps that true for the page should it
/// ever run tests side by side, and says so if a test kept the page.
pub struct PageLock;

impl PageLock {
    /// Takes the page, waiting for the test that holds it; fails the test
    /// if it does not get it within `PAGE_WAIT_MS`.
    #[track_caller]
    pub fn acquire() -> impl Future<Output = PageLock> {
        let caller = Location::caller();
        async move {
            release_the_page_on_panic();
            for _ in 0..PAGE_WAIT_MS / 20 {
                if PAGE_HOLDER.with(|holder| holder.get()).is_none() {
                    PAGE_HOLDER.with(|holder| holder.set(Some(caller)));
                    return PageLock;
                }
                sleep(20).await;
            }
            let holder = PAGE_HOLDER.with(|holder| holder.get()).unwrap();
            panic!(
                "the test at {caller} waited {PAGE_WAIT_MS} ms for the page, which the test \
                 at {holder} took and has not given back"
            );
        }
    }
}

impl Drop for PageLock {
    fn drop(&mut self) {
        PAGE_HOLDER.with(|holder| holder.set(None));
    }
}

/// A panic in wasm ends the test without running its drops, so a failed
/// test would keep the page and fail every later one: the panic hook
/// releases it (tests run one at a time, so the test that panicked holds
/// the page if any does), then reports the panic as before.
fn release_the_page_on_panic() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let report = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |panic| {
            PAGE_HOLDER.with(|holder| holder.set(None));
            report(panic);
        }));
    });
}
