//! The list page against a scripted API: the URL as the source of truth,
//! stale answers dropped, polling while a row changes, empty, error and
//! loading states, and what support and viewers see.

use leptos::prelude::*;
use sandbox_api::SANDBOXES_PATH;
use sandbox_console::pages::SandboxList;
use serde_json::json;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

use super::{list_body, shown_names};
use crate::support::{
    admin, count, current_location, dialog_open, element, find, fire, input_value, mount_app,
    requested_urls, sandbox_json, script_fetch, select_option, set_path, sleep, support_agent,
    text_of, texts, type_into, viewer, wait_until, PageLock,
};

#[wasm_bindgen_test]
async fn the_list_follows_the_url_and_drops_stale_answers() {
    let _page = PageLock::acquire().await;
    let before = current_location();
    script_fetch(json!([
        {"contains": "owner_id=cust_slow", "delay_ms": 700, "status": 200, "body": list_body(&["slow-row"], "cust_slow"), "headers": {"X-Total-Count": "1"}},
        {"contains": "owner_id=cust_fast", "delay_ms": 0, "status": 200, "body": list_body(&["fast-1", "fast-2"], "cust_fast"), "headers": {"X-Total-Count": "2"}},
        {"contains": SANDBOXES_PATH, "status": 200, "body": [], "headers": {"X-Total-Count": "0"}},
    ]));
    set_path("/sandboxes?owner_id=cust_slow");
    let (_mounted, _) = mount_app(Some(admin()), || view! { <SandboxList /> }.into_any());
    sleep(50).await;
    assert_eq!(
        input_value("#filter-owner"),
        "cust_slow",
        "the input shows the URL's filter"
    );
    // A newer query while the first is still loading: its answer must win.
    type_into("#filter-owner", "cust_fast");
    wait_until("the fast rows", || shown_names() == ["fast-1", "fast-2"]).await;
    assert_eq!(current_location(), "/sandboxes?owner_id=cust_fast");
    sleep(900).await;
    assert_eq!(
        shown_names(),
        ["fast-1", "fast-2"],
        "the slow, older answer overwrote the newer one"
    );
    let urls = requested_urls();
    assert!(
        urls.iter()
            .any(|url| url.contains(&format!("{SANDBOXES_PATH}?owner_id=cust_slow"))),
        "{urls:?}"
    );
    assert!(text_of("[data-testid=pager]").contains("Showing 1–2 of 2"));
    assert!(find("a[data-testid=new-sandbox]")
        .unwrap()
        .get_attribute("href")
        .unwrap()
        .ends_with("/sandboxes/new?owner_id=cust_fast"));

    // Back in history: the URL rules again, and the input follows it.
    web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .back()
        .unwrap();
    wait_until("the first filter again", || {
        input_value("#filter-owner") == "cust_slow"
    })
    .await;
    wait_until("the slow rows", || shown_names() == ["slow-row"]).await;

    // Rows per page: offered as a menu, kept in the URL, sent as the API's limit.
    assert_eq!(texts("#filter-limit option"), ["25", "50", "100", "200"]);
    select_option("#filter-limit", "100");
    wait_until("the size in the URL", || {
        current_location() == "/sandboxes?owner_id=cust_slow&limit=100"
    })
    .await;
    wait_until("the size in the request", || {
        requested_urls()
            .iter()
            .any(|url| url.contains("owner_id=cust_slow&limit=100"))
    })
    .await;
    set_path(&before);
}

#[wasm_bindgen_test]
async fn the_list_asks_again_while_a_row_is_still_changing() {
    let _page = PageLock::acquire().await;
    let before = current_location();
    let row = |status: &str| json!([sandbox_json("busy-row", "cust_poll", status, "owner")]);
    script_fetch(json!([
        {"contains": "owner_id=cust_poll", "status": 200, "body": row("refreshing"), "headers": {"X-Total-Count": "1"}, "times": 1},
        {"contains": "owner_id=cust_poll", "delay_ms": 300, "status": 200, "body": row("active"), "headers": {"X-Total-Count": "1"}},
    ]));
    set_path("/sandboxes?owner_id=cust_poll");
    let (_mounted, _) = mount_app(Some(admin()), || view! { <SandboxList /> }.into_any());
    wait_until("the refreshing row", || {
        texts("[data-testid=status-badge]") == ["Refreshing"]
    })
    .await;
    // About 1 s later the list asks again, without dimming the rows as a user's change would.
    wait_until("a second request", || requested_urls().len() == 2).await;
    assert!(
        !element(".results").class_list().contains("is-pending"),
        "a poll dimmed the list"
    );
    wait_until("the row active", || {
        texts("[data-testid=status-badge]") == ["Active"]
    })
    .await;
    // Nothing is changing any more: no more requests (the next poll would have come after 2 s).
    sleep(2500).await;
    assert_eq!(
        requested_urls().len(),
        2,
        "polled after every row was active"
    );
    set_path(&before);
}

#[wasm_bindgen_test]
async fn a_poll_of_the_list_keeps_an_open_dialog_its_typing_and_the_focus() {
    let _page = PageLock::acquire().await;
    let before = current_location();
    let rows = |status: &str| {
        json!([
            sandbox_json("busy-row", "cust_keep", status, "owner"),
            sandbox_json("calm-row", "cust_keep", "active", "owner"),
        ])
    };
    script_fetch(json!([
        {"contains": "owner_id=cust_keep", "status": 200, "body": rows("refreshing"), "headers": {"X-Total-Count": "2"}, "times": 1},
        {"contains": "owner_id=cust_keep", "status": 200, "body": rows("active"), "headers": {"X-Total-Count": "2"}},
    ]));
    set_path("/sandboxes?owner_id=cust_keep");
    let (_mounted, _) = mount_app(Some(admin()), || view! { <SandboxList /> }.into_any());
    let refresh = "[data-sandbox-id=sbx_calm-row] [data-testid=refresh-open]";
    wait_until("the rows", || find(refresh).is_some()).await;
    // A keyboard user on a row's button: the poll must not take the focus away.
    let button = element(refresh);
    button.focus().unwrap();
    element("[data-sandbox-id=sbx_calm-row] [data-testid=delete-open]").click();
    wait_until("the delete dialog", || {
        find("#delete-confirm-name").is_some()
    })
    .await;
    type_into("#delete-confirm-name", "calm");
    // Every attribute the poll writes into the rows, to check below that
    // only what changed is written.
    let watch = js_sys::Function::new_with_args(
        "target",
        "const o = new MutationObserver((records) => { o.seen += records.length; }); \
         o.seen = 0; o.observe(target, {attributes: true, subtree: true}); return o;",
    );
    let observer = watch.call1(&JsValue::NULL, &element("tbody")).unwrap();
    wait_until("the poll's answer", || {
        requested_urls().len() == 2 && texts("[data-testid=status-badge]") == ["Active", "Active"]
    })
    .await;
    sleep(50).await;
    let take = js_sys::Function::new_with_args(
        "o",
        "const seen = o.seen + o.takeRecords().length; o.disconnect(); return seen;",
    );
    let written = take
        .call1(&JsValue::NULL, &observer)
        .unwrap()
        .as_f64()
        .unwrap();
    // One row's status: its badge and its Refresh button (no longer
    // refused) are rendered again, ~40 writes. Both rows built again wrote
    // each of a row's ~37 attributes twice (off, then on again): ~150.
    assert!(
        written < 80.0,
        "the poll wrote {written} attributes into two rows of which one changed"
    );
    assert!(
        dialog_open("[data-testid=delete-dialog]"),
        "the poll closed the dialog"
    );
    assert_eq!(
        input_value("#delete-confirm-name"),
        "calm",
        "the poll lost the typing"
    );
    assert!(
        find(refresh).is_some_and(|now| now == button),
        "the poll replaced the row's button (and its focus) instead of updating it"
    );
    set_path(&before);
}

#[wasm_bindgen_test]
async fn the_list_explains_bad_urls_empty_results_and_errors() {
    let _page = PageLock::acquire().await;
    let before = current_location();
    script_fetch(json!([
        {"contains": "owner_id=cust_none", "status": 200, "body": [], "headers": {"X-Total-Count": "0"}},
        {"contains": "owner_id=cust_broken", "status": 500, "body": {"detail": "Database is restarting"}},
        {"contains": SANDBOXES_PATH, "delay_ms": 300, "status": 200, "body": list_body(&["one"], "cust_1"), "headers": {"X-Total-Count": "1"}},
    ]));
    set_path("/sandboxes?owner_id=cust_none&status=bogus&page=-3");
    let (_mounted, _) = mount_app(Some(admin()), || view! { <SandboxList /> }.into_any());
    wait_until("the empty state", || find("[data-testid=empty]").is_some()).await;
    assert_eq!(
        text_of("[data-testid=empty] p"),
        "No sandboxes for owner cust_none."
    );
    let problems = text_of("[data-testid=url-problems]");
    assert!(
        problems.contains("status=\"bogus\"") && problems.contains("page=\"-3\""),
        "{problems}"
    );
    assert!(
        requested_urls().iter().all(|url| !url.contains("bogus")),
        "a bad value reached the API"
    );

    element("[data-testid=clear-filters]").click();
    wait_until("the unfiltered list", || shown_names() == ["one"]).await;
    assert_eq!(current_location(), "/sandboxes");
    assert!(find("[data-testid=url-problems]").is_none());

    type_into("#filter-owner", "cust_broken");
    fire(&element("#filter-owner"), "blur");
    wait_until("the error panel", || find("[data-testid=error]").is_some()).await;
    assert!(text_of("[data-testid=error]").contains("Database is restarting"));
    let asked = requested_urls().len();
    element("[data-testid=error] button").click();
    wait_until("a retry", || requested_urls().len() > asked).await;

    // While the next page loads, the old rows stay, dimmed.
    type_into("#filter-owner", "");
    fire(&element("#filter-owner"), "blur");
    wait_until("the rows", || shown_names() == ["one"]).await;
    select_option("#filter-status", "failed");
    wait_until("the pending look", || find(".results.is-pending").is_some()).await;
    assert_eq!(
        shown_names(),
        ["one"],
        "old rows stay visible while loading"
    );
    assert_eq!(
        text_of("[data-testid=results-status]"),
        "Loading sandboxes…",
        "loading is said in words, not only by dimming"
    );
    assert_eq!(
        element(".results").get_attribute("aria-busy").as_deref(),
        Some("true")
    );
    wait_until("loading to end", || find(".results.is-pending").is_none()).await;
    assert_eq!(current_location(), "/sandboxes?status=failed");
    assert_eq!(text_of("[data-testid=results-status]"), "");
    set_path(&before);
}

#[wasm_bindgen_test]
async fn support_sees_the_account_column_and_viewers_cannot_create() {
    let _page = PageLock::acquire().await;
    let before = current_location();
    let mut rows = list_body(&["one"], "cust_1");
    rows[0]["owner_account"] = json!({"id": "acct_1", "object": "account", "name": "Acme Production",
        "created_at": "2026-11-07T05:31:56Z", "updated_at": "2026-11-07T05:31:56Z"});
    script_fetch(
        json!([{"contains": SANDBOXES_PATH, "status": 200, "body": rows.clone(), "headers": {"X-Total-Count": "1"}}]),
    );
    set_path("/sandboxes");
    // `/me` may answer after the list: the account column appears when it does.
    let (mounted, session) = mount_app(None, || view! { <SandboxList /> }.into_any());
    wait_until("the rows", || shown_names() == ["one"]).await;
    assert_eq!(count("[data-testid=user-id]"), 0);
    session.me.set(Some(support_agent()));
    wait_until("the account column", || {
        texts("[data-testid=user-id]") == ["acct_1"]
    })
    .await;
    assert!(find("[data-testid=user-id-header]").is_some());
    // By name beside the id: support asks for the accounts with the list.
    wait_until("the account's name", || {
        texts("[data-testid=account-name]") == ["Acme Production"]
    })
    .await;
    assert!(
        requested_urls()
            .iter()
            .any(|url| url.contains("include[]=owner_account")),
        "{:?}",
        requested_urls()
    );
    // Support's filter by account is a picker of the names the list has shown.
    assert_eq!(
        texts("#filter-user option"),
        ["Any account", "Acme Production (acct_1)"]
    );
    select_option("#filter-user", "acct_1");
    wait_until("the account filter", || {
        current_location() == "/sandboxes?user_id=acct_1"
    })
    .await;
    wait_until("the account's chip", || {
        texts("[data-testid=filter-chip] span") == ["Account: Acme Production"]
    })
    .await;
    // Read-only: no column of disabled buttons, and why, said once.
    assert_eq!(count("td.row-actions"), 0);
    assert_eq!(count("[data-testid=read-only-note]"), 1);
    drop(mounted);

    script_fetch(
        json!([{"contains": SANDBOXES_PATH, "status": 200, "body": rows, "headers": {"X-Total-Count": "1"}}]),
    );
    set_path("/sandboxes");
    let (_mounted, _) = mount_app(Some(viewer()), || view! { <SandboxList /> }.into_any());
    wait_until("the rows", || shown_names() == ["one"]).await;
    assert_eq!(count("[data-testid=user-id]"), 0);
    assert_eq!(
        count("[data-testid=refresh-open], [data-testid=delete-open]"),
        0,
        "a viewer sees buttons it may not use"
    );
    assert!(text_of("[data-testid=read-only-note]").contains("You have read-only access"));
    assert!(
        requested_urls().iter().all(|url| !url.contains("include")),
        "only support's list asks for the accounts"
    );
    assert!(element("button[data-testid=new-sandbox]").has_attribute("disabled"));
    assert_eq!(
        text_of("#new-sandbox-reason"),
        "Your role (viewer) may not create sandboxes."
    );
    set_path(&before);
}
