//! The Activity page (`/activity`): filters in the URL, tenants for
//! support, deleted sandboxes, and a v1.0 server.

use sandbox_api::EVENTS_PATH;
use serde_json::json;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

use super::{account_event, asked, events_rule, mount_activity, says_activity_is_not_recorded};
use crate::support::{
    admin, count, current_location, document, element, find, fire, fresh_history_at,
    history_length, input_value, requested_urls, sandbox_json, script_fetch, select_option,
    set_path, sleep, support_agent, texts, type_into, wait_until, PageLock, INJECTION,
};

#[wasm_bindgen_test]
async fn the_page_reads_its_filters_from_the_url_and_makes_one_history_entry_per_run_of_edits() {
    let _lock = PageLock::acquire().await;
    let before = current_location();
    script_fetch(json!([events_rule(
        EVENTS_PATH,
        json!([account_event("sbx_1", "one", "acct_1", false)]),
        1
    )]));
    let path =
        "/activity?actor=ada%40acme.test&action=members.added&since=2026-11-01T00%3A00%3A00Z";
    let start = fresh_history_at(path).await;
    let _page = mount_activity(path, admin());
    wait_until("the event", || count("[data-testid=event-row]") == 1).await;
    assert!(
        asked("/api/v1/events?actor=ada%40acme.test&action=members.added&since=2026-11-01T00%3A00%3A00Z"),
        "{:?}",
        requested_urls()
    );
    assert_eq!(input_value("#activity-actor"), "ada@acme.test");
    assert_eq!(input_value("#activity-since"), "2026-11-01");
    assert_eq!(input_value("#activity-action"), "members.added");
    assert!(
        find("#activity-tenant").is_none(),
        "only support filters by tenant"
    );
    assert_eq!(
        texts("[data-testid=event-table] thead th"),
        ["When", "Who", "What", "Sandbox", "Changes"]
    );

    // Typing: the run's first edit adds an entry, the next ones replace it.
    type_into("#activity-q", "e");
    type_into("#activity-q", "eu");
    wait_until("the search in the URL", || {
        current_location().ends_with("&q=eu")
    })
    .await;
    assert_eq!(history_length(), start + 1, "one entry for the run");
    wait_until("the search asked for", || {
        asked("/api/v1/events?actor=ada%40acme.test&action=members.added&since=2026-11-01T00%3A00%3A00Z&q=eu")
    })
    .await;
    // After a pause of a second, the next edit is an entry of its own.
    sleep(1100).await;
    type_into("#activity-q", "eur");
    wait_until("the longer search", || {
        current_location().ends_with("&q=eur")
    })
    .await;
    assert_eq!(history_length(), start + 2);
    // Leaving the field ends the run too.
    fire(&element("#activity-q"), "focusout");
    select_option("#activity-action", "app.pushed");
    wait_until("the action in the URL", || {
        current_location().contains("action=app.pushed")
    })
    .await;
    assert_eq!(history_length(), start + 3);
    set_path(&before);
}

#[wasm_bindgen_test]
async fn support_sees_and_filters_by_tenant_and_a_deleted_sandbox_is_named_not_linked() {
    let _lock = PageLock::acquire().await;
    let before = current_location();
    // The tenants' names come from one sandbox of each (acct_1 has none left).
    let mut of_acct_2 = sandbox_json("there", "cust_2", "active", "viewer");
    of_acct_2["owner_account"] = json!({"id": "acct_2", "object": "account", "name": "Globex <i>Logistics</i>",
                                        "created_at": "2026-01-01T00:00:00Z",
                                        "updated_at": "2026-01-01T00:00:00Z"});
    script_fetch(json!([
        events_rule(
            EVENTS_PATH,
            json!([
                account_event("sbx_gone", INJECTION, "acct_2", true),
                account_event("sbx_here", "here", "acct_1", false),
            ]),
            2
        ),
        {"method": "GET", "contains": "/sandboxes?user_id=acct_2&", "status": 200,
         "body": [of_acct_2], "headers": {"X-Total-Count": "1"}},
        {"method": "GET", "contains": "/sandboxes?user_id=acct_1&", "status": 200,
         "body": [], "headers": {"X-Total-Count": "0"}},
    ]));
    let _page = mount_activity("/activity?user_id=acct_2", support_agent());
    wait_until("the events", || count("[data-testid=event-row]") == 2).await;
    assert!(
        asked("/api/v1/events?user_id=acct_2"),
        "{:?}",
        requested_urls()
    );
    assert_eq!(input_value("#activity-tenant"), "acct_2");
    assert_eq!(
        texts("[data-testid=event-table] thead th"),
        [
            "When",
            "Who",
            "What",
            "Sandbox",
            "Tenant account",
            "Changes"
        ]
    );
    // Named as the list names them, with the id the tenant filter takes.
    assert_eq!(
        texts("[data-testid=event-row] .event-tenant"),
        ["Globex <i>Logistics</i> acct_2", "acct_1"]
    );
    assert!(
        asked("/api/v1/storage/sandboxes?user_id=acct_2&limit=1&include[]=owner_account"),
        "{:?}",
        requested_urls()
    );
    let sandboxes = document()
        .query_selector_all("[data-testid=event-sandbox]")
        .unwrap();
    let gone: web_sys::HtmlElement = sandboxes.get(0).unwrap().unchecked_into();
    assert_eq!(gone.tag_name(), "SPAN", "a deleted sandbox is not a link");
    assert_eq!(
        gone.text_content().unwrap(),
        format!("{INJECTION} (deleted)")
    );
    let here: web_sys::HtmlElement = sandboxes.get(1).unwrap().unchecked_into();
    assert_eq!(
        here.get_attribute("href").as_deref(),
        Some("/sandboxes/sbx_here/activity")
    );
    assert_eq!(
        element("[data-testid=event-table]")
            .query_selector_all("img, script")
            .unwrap()
            .length(),
        0
    );
    set_path(&before);
}

#[wasm_bindgen_test]
async fn the_page_on_a_v1_0_server_says_it_records_no_activity() {
    let _lock = PageLock::acquire().await;
    let before = current_location();
    script_fetch(
        json!([{"contains": EVENTS_PATH, "status": 404, "body": {"detail": "Not Found"}}]),
    );
    let _page = mount_activity("/activity", admin());
    says_activity_is_not_recorded().await;
    set_path(&before);
}
