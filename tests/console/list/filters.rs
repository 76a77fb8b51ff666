//! The list's one way to filter: every filter applies as the user types or
//! picks, a run of edits replaces its one history entry until the user
//! pauses or leaves the field, active filters are removable chips, and
//! there is no Apply button.

use leptos::prelude::*;
use sandbox_api::SANDBOXES_PATH;
use sandbox_console::pages::SandboxList;
use serde_json::json;
use wasm_bindgen_test::*;

use super::list_body;
use crate::support::{
    admin, current_location, document, element, find, fire, fresh_history_at, history_length,
    input_value, mount_app, requested_urls, script_fetch, select_option, set_path, sleep, texts,
    type_into, wait_until, PageLock,
};

async fn wait_for_location(location: &str) {
    wait_until(location, || current_location() == location).await;
}

fn focused_id() -> String {
    document()
        .active_element()
        .map(|element| element.id())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn filters_apply_as_typed_or_picked_and_make_one_entry_per_pause() {
    let _page = PageLock::acquire().await;
    let before = current_location();
    script_fetch(json!([
        {"contains": SANDBOXES_PATH, "status": 200, "body": list_body(&["one"], "cust_1"), "headers": {"X-Total-Count": "1"}},
    ]));
    let start = fresh_history_at("/sandboxes").await;
    let (_mounted, _) = mount_app(Some(admin()), || view! { <SandboxList /> }.into_any());
    wait_until("the rows", || find("[data-testid=sandbox-row]").is_some()).await;
    assert!(
        find("form.filters button[type=submit]").is_none(),
        "there is still an Apply button"
    );

    // Typing applies once it pauses, without Apply; the first edit pushes an entry.
    for typed in ["c", "cu", "cust_1"] {
        type_into("#filter-owner", typed);
        sleep(60).await;
    }
    wait_for_location("/sandboxes?owner_id=cust_1").await;
    assert_eq!(
        history_length(),
        start + 1,
        "the first edit of a run adds one entry"
    );
    let urls = requested_urls();
    assert!(
        !urls
            .iter()
            .any(|url| url.contains("owner_id=cu&") || url.ends_with("owner_id=cu")),
        "a keystroke went to the API before typing paused: {urls:?}"
    );
    // More typing within the run replaces that entry.
    type_into("#filter-owner", "cust_12");
    wait_for_location("/sandboxes?owner_id=cust_12").await;
    assert_eq!(
        history_length(),
        start + 1,
        "typing on pushed an entry per pause of 300 ms"
    );

    // After a pause of a second, the next edit is an entry of its own.
    sleep(1100).await;
    type_into("#filter-owner", "cust_123");
    wait_for_location("/sandboxes?owner_id=cust_123").await;
    assert_eq!(history_length(), start + 2);

    // Leaving the field ends the run too; stepping through a menu replaces one entry.
    fire(&element("#filter-owner"), "blur");
    for status in ["active", "failed", "seeding"] {
        select_option("#filter-status", status);
        sleep(30).await;
    }
    wait_for_location("/sandboxes?owner_id=cust_123&status=seeding").await;
    assert_eq!(
        history_length(),
        start + 3,
        "each step through the menu pushed an entry"
    );
    fire(&element("#filter-status"), "blur");
    select_option("#filter-tier", "pro");
    wait_for_location("/sandboxes?owner_id=cust_123&status=seeding&tier=pro").await;
    assert_eq!(history_length(), start + 4);

    // Enter applies what was typed at once.
    fire(&element("#filter-tier"), "blur");
    type_into("#filter-q", "eu");
    js_sys::eval(
        "document.querySelector('#filter-q').dispatchEvent(\
         new KeyboardEvent('keydown', {key: 'Enter', bubbles: true, cancelable: true}))",
    )
    .unwrap();
    // Well before typing would have paused.
    sleep(100).await;
    assert_eq!(
        current_location(),
        "/sandboxes?owner_id=cust_123&q=eu&status=seeding&tier=pro",
        "Enter did not apply the search at once"
    );

    // The active filters as chips; removing one is an entry of its own and
    // gives the focus to that filter's field.
    wait_until("the chips", || {
        texts("[data-testid=filter-chip] span")
            == [
                "Owner: cust_123",
                "Search: \u{201c}eu\u{201d}",
                "Status: Seeding",
                "Tier: pro",
            ]
    })
    .await;
    let length = history_length();
    element("[data-testid=filter-chip] button[aria-label='Remove filter Owner: cust_123']").click();
    wait_for_location("/sandboxes?q=eu&status=seeding&tier=pro").await;
    assert_eq!(history_length(), length + 1);
    wait_until("the focus on the owner field", || {
        focused_id() == "filter-owner"
    })
    .await;
    assert_eq!(input_value("#filter-owner"), "");
    assert_eq!(texts("[data-testid=filter-chip]").len(), 3);
    set_path(&before);
}
