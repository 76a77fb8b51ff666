//! The list page gives back what it allocates: mounted and left again and
//! again (as a user going list → detail → list does), and re-rendered page
//! after page, the wasm heap must not grow.
//!
//! A test binary of its own, not a module of `tests/console`: it installs a
//! counting global allocator, which must count this test's allocations only
//! and must not run under the other tests. It shares their support module.

#[path = "console/support/mod.rs"]
// This test uses a few of the helpers; the console's tests use them all.
#[allow(dead_code)]
mod support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use leptos::prelude::*;
use sandbox_api::SANDBOXES_PATH;
use sandbox_console::pages::SandboxList;
use serde_json::json;
use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The system allocator, counting the bytes in use.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let pointer = unsafe { System.alloc(layout) };
        if !pointer.is_null() {
            IN_USE.fetch_add(layout.size(), Ordering::Relaxed);
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        unsafe { System.dealloc(pointer, layout) };
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let moved = unsafe { System.realloc(pointer, layout, new_size) };
        if !moved.is_null() {
            IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
            IN_USE.fetch_add(new_size, Ordering::Relaxed);
        }
        moved
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Bytes in use once the JS garbage collector has run: wasm-bindgen frees
/// what a collected JS object kept (FinalizationRegistry), so without it
/// garbage the browser has not collected yet would count as kept.
async fn bytes_in_use() -> usize {
    js_sys::eval("gc()").expect("gc() (Chromium with --js-flags=--expose-gc, see webdriver.json)");
    sleep(50).await;
    IN_USE.load(Ordering::Relaxed)
}

const ROWS: usize = 50;

/// Answers every list request with `ROWS` sandboxes of 10,000.
fn script_list() {
    let rows: Vec<_> = (0..ROWS)
        .map(|n| sandbox_json(&format!("row-{n:02}"), "cust_mem", "active", "owner"))
        .collect();
    script_fetch(json!([
        {"contains": SANDBOXES_PATH, "status": 200, "body": rows, "headers": {"X-Total-Count": "10000"}},
    ]));
}

fn shown_rows() -> usize {
    count("[data-testid=sandbox-row]") as usize
}

/// Growth allowed over 20 repetitions: a little is kept each time (about
/// 1 KB: the few page-wide memos that subscribe to signals which outlive
/// them stay in those signals' subscriber lists), far below one leaked
/// row (rows subscribed to the session's `me` kept 37 KB a render).
const ALLOWED_GROWTH: usize = 40 * 1024;

/// One test, as the page is shared: paging within one mounted list first,
/// then visits that each mount the list and leave it.
#[wasm_bindgen_test]
async fn the_list_page_gives_back_its_memory() {
    let _page = PageLock::acquire().await;
    script_list();
    set_path("/sandboxes?owner_id=cust_mem");

    let (mounted, _) = mount_app(Some(admin()), || view! { <SandboxList /> }.into_any());
    wait_until("the rows", || shown_rows() == ROWS).await;
    let turn_page = |page: u32| async move {
        // What a user does: the pager's link, which the router follows.
        element("[data-testid=pager] a[rel=next]").click();
        let shown = format!("page {page} of 200");
        wait_until(&shown, || text_of("[data-testid=pager]").contains(&shown)).await;
        sleep(10).await;
    };
    for page in 2..5 {
        turn_page(page).await;
    }
    let before = bytes_in_use().await;
    for page in 5..25 {
        turn_page(page).await;
    }
    let growth = bytes_in_use().await.saturating_sub(before);
    assert!(
        growth <= ALLOWED_GROWTH,
        "20 more pages kept {growth} bytes"
    );
    drop(mounted);

    set_path("/sandboxes?owner_id=cust_mem");
    let visit = || async {
        let (mounted, _) = mount_app(Some(admin()), || view! { <SandboxList /> }.into_any());
        wait_until("the rows", || shown_rows() == ROWS).await;
        drop(mounted);
        // Let tasks and cleanups the unmount scheduled run.
        sleep(10).await;
    };
    // The first visits fill caches that last (interned strings and the like).
    for _ in 0..3 {
        visit().await;
    }
    let before = bytes_in_use().await;
    for _ in 0..20 {
        visit().await;
    }
    let growth = bytes_in_use().await.saturating_sub(before);
    assert!(
        growth <= ALLOWED_GROWTH,
        "20 visits of the list kept {growth} bytes"
    );
}
