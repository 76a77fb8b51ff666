//! The list's selection (issue 18): a row's checkbox, Shift+click ranges,
//! the page's checkbox, "Select all N matching" (page by page at the
//! largest page size, with progress and Cancel, at most 1,000), kept across
//! pages and polls, cleared by a filter change.

use leptos::prelude::*;
use sandbox_api::SANDBOXES_PATH;
use sandbox_console::pages::SandboxList;
use sandbox_console::session::Session;
use serde_json::{json, Value};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

use crate::support::document;
use crate::support::*;

/// Sandboxes `sbx_<prefix>-NN` of owner `cust_sel`, active, owned by the caller.
pub fn rows(prefix: &str, range: std::ops::Range<usize>) -> Value {
    Value::Array(
        range
            .map(|n| sandbox_json(&format!("{prefix}-{n:02}"), "cust_sel", "active", "owner"))
            .collect(),
    )
}

/// A list answer of `body` out of `total`, for requests containing `contains`.
pub fn list_rule(contains: &str, body: Value, total: u64) -> Value {
    json!({"method": "GET", "contains": contains, "status": 200, "body": body,
           "headers": {"X-Total-Count": total.to_string()}})
}

/// Mounts the list at `path` signed in as an admin; waits for `count` rows.
pub async fn mount_list(path: &str, count: u32) -> (Mounted, Session) {
    set_path(path);
    let (mounted, session) = mount_app(Some(admin()), || view! { <SandboxList /> }.into_any());
    wait_until("the rows", || {
        document()
            .query_selector_all("[data-testid=sandbox-row]")
            .unwrap()
            .length()
            == count
    })
    .await;
    (mounted, session)
}

/// The checkbox of the row of `sbx_<name>`.
pub fn checkbox_of(name: &str) -> String {
    format!("[data-sandbox-id=sbx_{name}] [data-testid=row-select]")
}

/// Clicks the checkbox matching `css` as a mouse does, Shift held if `shift`.
pub fn click_checkbox(css: &str, shift: bool) {
    let click = js_sys::Function::new_with_args(
        "element, shift",
        "element.dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true, shiftKey: shift}))",
    );
    click
        .call2(&wasm_bindgen::JsValue::NULL, &element(css), &shift.into())
        .unwrap();
}

pub fn selection_count() -> String {
    text_of("[data-testid=selection-count]")
}

fn is_indeterminate(css: &str) -> bool {
    element(css)
        .unchecked_into::<web_sys::HtmlInputElement>()
        .indeterminate()
}

const PAGE_BOX: &str = "[data-testid=page-select]";

#[wasm_bindgen_test]
async fn shift_click_selects_a_range_and_the_page_box_shows_some_then_all() {
    let _page = PageLock::acquire().await;
    script_fetch(json!([list_rule(SANDBOXES_PATH, rows("r", 0..6), 6)]));
    let _mounted = mount_list("/sandboxes?owner_id=cust_sel", 6).await;
    assert_eq!(selection_count(), "None selected");

    click_checkbox(&checkbox_of("r-01"), false);
    click_checkbox(&checkbox_of("r-04"), true);
    wait_until("four selected", || selection_count() == "4 selected").await;
    let checked: Vec<bool> = (0..6)
        .map(|n| is_checked(&checkbox_of(&format!("r-{n:02}"))))
        .collect();
    assert_eq!(checked, [false, true, true, true, true, false]);
    assert!(is_indeterminate(PAGE_BOX) && !is_checked(PAGE_BOX));

    // Shift+click from the last one clicked: unchecking takes the range off.
    click_checkbox(&checkbox_of("r-03"), true);
    wait_until("two off", || selection_count() == "2 selected").await;
    assert!(is_checked(&checkbox_of("r-01")) && !is_checked(&checkbox_of("r-04")));

    choose(PAGE_BOX);
    wait_until("the whole page", || selection_count() == "6 selected").await;
    assert!(is_checked(PAGE_BOX) && !is_indeterminate(PAGE_BOX));
    assert!(is_checked(&checkbox_of("r-05")));
    // Every sandbox of the page is selected: nothing more matches.
    assert!(find("[data-testid=select-all-matching]").is_none());
}

#[wasm_bindgen_test]
async fn the_selection_is_kept_across_pages_and_polls() {
    let _page = PageLock::acquire().await;
    // Page 2 has a provisioning row, so the list polls it.
    let mut second = rows("p", 2..4);
    second[1]["status"] = json!("provisioning");
    script_fetch(json!([
        list_rule("offset=2", second, 4),
        list_rule(SANDBOXES_PATH, rows("p", 0..2), 4),
    ]));
    let _mounted = mount_list("/sandboxes?owner_id=cust_sel&limit=2", 2).await;
    click_checkbox(&checkbox_of("p-00"), false);
    wait_until("one selected", || selection_count() == "1 selected").await;

    element("[data-testid=pager] a[rel=next]").click();
    wait_until("page 2", || find(&checkbox_of("p-02")).is_some()).await;
    assert!(!is_checked(&checkbox_of("p-02")));
    click_checkbox(&checkbox_of("p-03"), false);
    wait_until("two selected", || selection_count() == "2 selected").await;

    let loads = loads_of(SANDBOXES_PATH);
    wait_until("a poll", || loads_of(SANDBOXES_PATH) > loads).await;
    sleep(50).await;
    assert_eq!(selection_count(), "2 selected");
    assert!(is_checked(&checkbox_of("p-03")));

    element("[data-testid=pager] a[rel=prev]").click();
    wait_until("page 1", || find(&checkbox_of("p-00")).is_some()).await;
    assert!(is_checked(&checkbox_of("p-00")) && !is_checked(&checkbox_of("p-01")));
    assert_eq!(selection_count(), "2 selected");
}

#[wasm_bindgen_test]
async fn select_all_matching_fetches_every_page_at_the_largest_page_size() {
    let _page = PageLock::acquire().await;
    script_fetch(json!([
        list_rule("limit=200&offset=400", rows("m", 400..450), 450),
        list_rule("limit=200&offset=200", rows("m", 200..400), 450),
        list_rule("limit=200", rows("m", 0..200), 450),
        list_rule(SANDBOXES_PATH, rows("m", 0..50), 450),
    ]));
    let _mounted = mount_list("/sandboxes?owner_id=cust_sel", 50).await;
    choose(PAGE_BOX);
    wait_until("the offer", || {
        find("[data-testid=select-all-matching]").is_some()
    })
    .await;
    assert_eq!(
        text_of("[data-testid=select-all-matching]"),
        "Select all 450 matching"
    );
    element("[data-testid=select-all-matching]").click();
    wait_until("all 450", || selection_count() == "450 selected").await;

    let fetched: Vec<String> = requested_urls()
        .into_iter()
        .filter(|url| url.contains("limit=200"))
        .collect();
    assert_eq!(fetched.len(), 3, "{fetched:?}");
    let offsets: Vec<&str> = fetched
        .iter()
        .map(|url| {
            url.split(['?', '&'])
                .find_map(|pair| pair.strip_prefix("offset="))
                .unwrap_or("0")
        })
        .collect();
    assert_eq!(offsets, ["0", "200", "400"], "{fetched:?}");
    assert!(fetched.iter().all(|url| url.contains("owner_id=cust_sel")));
    assert!(find("[data-testid=select-all-matching]").is_none());
}

#[wasm_bindgen_test]
async fn select_all_matching_shows_its_progress_and_can_be_cancelled() {
    let _page = PageLock::acquire().await;
    script_fetch(json!([
        {"method": "GET", "contains": "limit=200", "status": 200, "body": rows("c", 0..200),
         "headers": {"X-Total-Count": "600"}, "delay_ms": 300},
        list_rule(SANDBOXES_PATH, rows("c", 0..50), 600),
    ]));
    let _mounted = mount_list("/sandboxes?owner_id=cust_sel", 50).await;
    choose(PAGE_BOX);
    wait_until("the offer", || {
        find("[data-testid=select-all-matching]").is_some()
    })
    .await;
    element("[data-testid=select-all-matching]").click();
    wait_until("the progress", || {
        text_of("[data-testid=select-all-progress]").contains("200 of 600")
    })
    .await;
    element("[data-testid=select-all-cancel]").click();
    sleep(700).await;
    assert!(find("[data-testid=select-all-progress]").is_none());
    // The page's own selection stays; nothing more was taken.
    assert_eq!(selection_count(), "50 selected");
    let pages = requested_urls()
        .iter()
        .filter(|url| url.contains("limit=200"))
        .count();
    assert!(pages <= 2, "{pages} pages fetched after Cancel");
}

#[wasm_bindgen_test]
async fn more_than_a_thousand_matches_are_not_offered_but_a_narrower_filter_is() {
    let _page = PageLock::acquire().await;
    script_fetch(json!([list_rule(SANDBOXES_PATH, rows("t", 0..50), 1500)]));
    let _mounted = mount_list("/sandboxes?owner_id=cust_sel", 50).await;
    // The bar's own "Select this page", for narrow screens without the header.
    element("[data-testid=select-page-narrow]").click();
    wait_until("the page", || selection_count() == "50 selected").await;
    wait_until("the limit", || {
        find("[data-testid=select-all-too-many]").is_some()
    })
    .await;
    assert!(
        text_of("[data-testid=select-all-too-many]")
            .contains("1500 sandboxes match: \u{201c}Select all\u{201d} takes at most 1000"),
        "{}",
        text_of("[data-testid=select-all-too-many]")
    );
    assert!(find("[data-testid=select-all-matching]").is_none());
    element("[data-testid=narrow-filter]").click();
    wait_until("the search box focused", || {
        document()
            .active_element()
            .is_some_and(|active| active.id() == "filter-q")
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_filter_change_clears_the_selection_and_says_so() {
    let _page = PageLock::acquire().await;
    script_fetch(json!([list_rule(SANDBOXES_PATH, rows("f", 0..3), 3)]));
    let _mounted = mount_list("/sandboxes?owner_id=cust_sel", 3).await;
    click_checkbox(&checkbox_of("f-01"), false);
    wait_until("one selected", || selection_count() == "1 selected").await;

    // Another sort keeps the same sandboxes: the selection stays.
    element("th button.sort-button[data-sort='name']").click();
    wait_until("sorted", || current_location().contains("sort=name")).await;
    sleep(50).await;
    assert_eq!(selection_count(), "1 selected");

    select_option("select#filter-status", "active");
    wait_until("the filter", || {
        current_location().contains("status=active")
    })
    .await;
    wait_until("cleared", || selection_count() == "None selected").await;
    assert!(!is_checked(&checkbox_of("f-01")));
    let notices = texts("[data-testid=notice]");
    assert!(
        notices
            .iter()
            .any(|notice| notice.contains("Selection cleared: the filter changed.")),
        "{notices:?}"
    );
}
