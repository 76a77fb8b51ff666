//! The release console is split into chunks (`xtask/src/build/split.rs`):
//! a lazy route opened straight from its URL, reloaded, and walked through
//! with back and forward; and a chunk that cannot be fetched, which shows
//! an error with a retry in the page's place and leaves the app working.
//! These need the split build, which `cargo xtask test` runs them on.

use sandbox_e2e::{tokens, E2e};
use serde_json::{json, Value};

use crate::support::open_demo_sandbox_tab;

const MEMBERS_TAB: &str = "[data-testid=members-tab]";
const APPS_TAB: &str = "[data-testid=apps-tab]";
const RETRY: &str = "[data-testid=error] button";

async fn devtools(e2e: &E2e, method: &str, params: Value) {
    e2e.browser()
        .cdp()
        .send_raw(method, params)
        .await
        .unwrap_or_else(|error| panic!("DevTools {method}: {error}"));
}

/// From now on, Chromium fails every request whose URL contains
/// `pattern`, as if the server were gone; an empty pattern lifts it.
async fn block_urls(e2e: &E2e, pattern: &str) {
    let urls: Vec<String> = if pattern.is_empty() {
        Vec::new()
    } else {
        vec![format!("*{pattern}*")]
    };
    devtools(e2e, "Network.enable", json!({})).await;
    devtools(e2e, "Network.setBlockedURLs", json!({ "urls": urls })).await;
}

#[tokio::test]
async fn a_deep_link_to_members_loads_reloads_and_goes_back_and_forward() {
    let e2e = E2e::start().await;
    let id = open_demo_sandbox_tab(&e2e, tokens::ADMIN, "e2e-01", "members").await;
    e2e.wait_for_text(MEMBERS_TAB, "ada@acme.test").await;

    e2e.browser().refresh().await.expect("reloading the page");
    e2e.wait_for_text(MEMBERS_TAB, "ada@acme.test").await;

    e2e.click(&format!("a[href='/sandboxes/{id}/apps']")).await;
    e2e.wait_for(APPS_TAB).await;
    e2e.browser().back().await.expect("going back");
    e2e.wait_for_text(MEMBERS_TAB, "ada@acme.test").await;
    e2e.browser().forward().await.expect("going forward");
    e2e.wait_for(APPS_TAB).await;
}

#[tokio::test]
async fn a_chunk_that_fails_to_load_shows_a_retry_and_the_app_recovers() {
    let e2e = E2e::start().await;
    block_urls(&e2e, "split_load_members").await;
    let id = open_demo_sandbox_tab(&e2e, tokens::ADMIN, "e2e-01", "members").await;
    e2e.wait_for_text("[data-testid=error]", "could not be loaded")
        .await;
    // The rest of the app still works: the detail page around the tab.
    e2e.wait_for("[data-testid=sandbox-title]").await;

    block_urls(&e2e, "").await;
    e2e.click_text(RETRY, "Try again").await;
    e2e.wait_for_text(MEMBERS_TAB, "ada@acme.test").await;

    // A failed chunk is fetched again on the next visit of its route.
    block_urls(&e2e, "split_load_apps").await;
    let apps_link = format!("a[href='/sandboxes/{id}/apps']");
    e2e.click(&apps_link).await;
    e2e.wait_for_text("[data-testid=error]", "could not be loaded")
        .await;
    block_urls(&e2e, "").await;
    e2e.click(&format!("a[href='/sandboxes/{id}/members']"))
        .await;
    e2e.wait_for(MEMBERS_TAB).await;
    e2e.click(&apps_link).await;
    e2e.wait_for(APPS_TAB).await;
}
