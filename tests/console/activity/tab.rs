//! A sandbox's Activity tab inside the real detail page: every action kind
//! and its changes as text, paging, the empty, error and loading states,
//! and a v1.0 server without the endpoints.

use serde_json::json;
use wasm_bindgen_test::*;

use super::{event_json, says_activity_is_not_recorded, ADA};
use crate::support::{
    admin, count, element, find, loads_of, mount_tab, once, requested_urls, script_fetch,
    tab_answer, tab_api_path, tab_sandbox_answer, text_of, texts, wait_until, PageLock, INJECTION,
};

/// The rule answering the tab's GETs of its events with `events` of `total`.
fn events_answer(status: u16, events: serde_json::Value, total: u64) -> serde_json::Value {
    let mut rule = tab_answer("GET", "/events", status, events);
    rule["headers"] = json!({"X-Total-Count": total.to_string()});
    rule
}

#[wasm_bindgen_test]
async fn each_action_kind_reads_as_a_sentence_with_its_changes_as_text() {
    let _lock = PageLock::acquire().await;
    let events = json!([
        event_json(
            "sandbox.created",
            ADA,
            json!({"name": [null, "test"], "status": [null, "provisioning"]})
        ),
        event_json(
            "sandbox.updated",
            ADA,
            json!({"name": ["test", INJECTION], "metadata.team": [null, "billing"]})
        ),
        event_json(
            "sandbox.refresh_requested",
            ADA,
            json!({"status": ["active", "refreshing"]})
        ),
        event_json(
            "sandbox.status_changed",
            None,
            json!({"status": ["refreshing", "failed"], "failure_reason": [null, INJECTION]})
        ),
        event_json("sandbox.deleted", ADA, json!({"status": ["active", null]})),
        event_json("sandbox.expired", None, json!({"status": ["active", null]})),
        event_json(
            "members.added",
            ADA,
            json!({"bob@acme.test": [null, "viewer"]})
        ),
        event_json(
            "members.updated",
            ADA,
            json!({"bob@acme.test": ["viewer", "editor"]})
        ),
        event_json(
            "members.removed",
            ADA,
            json!({"bob@acme.test": ["editor", null]})
        ),
        event_json(
            "app.pushed",
            ADA,
            json!({"app_name": [null, "billing"], "version": [null, "2.7.1"], "target": [null, "production"]})
        ),
        event_json(
            "source.registered",
            ADA,
            json!({"name": [null, "crm"], "provider": [null, "salesforce"]})
        ),
        event_json(
            "source.secret_rotated",
            ADA,
            json!({"data_source_id": ["src_1", "src_1"]})
        ),
        event_json("source.deleted", ADA, json!({})),
    ]);
    script_fetch(json!([
        events_answer(200, events, 13),
        tab_sandbox_answer("active", "owner")
    ]));
    let _page = mount_tab("activity", admin());

    wait_until("the events", || count("[data-testid=event-row]") == 13).await;
    assert_eq!(
        texts("[data-testid=event-table] thead th"),
        ["When", "Who", "What", "Changes"]
    );
    assert_eq!(
        texts("[data-testid=event-row] .event-what"),
        [
            "Created the sandbox",
            "Changed the sandbox's settings",
            "Asked for a refresh from production",
            "The sandbox's status changed",
            "Deleted the sandbox",
            "The sandbox expired and was deleted",
            "Added members",
            "Changed members' roles",
            "Removed members",
            "Pushed an app",
            "Registered a data source",
            "Rotated a source's signing secret",
            "Deleted a data source",
        ]
    );
    let actors = texts("[data-testid=event-row] .event-actor");
    assert_eq!(actors[0], "ada@acme.test (admin)");
    assert_eq!(actors[3], "system");
    assert_eq!(actors[5], "system");
    let change = |action: &str, name: &str| {
        text_of(&format!(
            "[data-testid=event-row][data-action='{action}'] li[data-change='{name}']"
        ))
    };
    assert_eq!(
        change("sandbox.updated", "name"),
        format!("name: test → {INJECTION}")
    );
    assert_eq!(
        change("sandbox.updated", "metadata.team"),
        "metadata.team: none → billing"
    );
    assert_eq!(
        change("sandbox.refresh_requested", "status"),
        "status: active → refreshing"
    );
    assert_eq!(
        change("sandbox.status_changed", "failure_reason"),
        format!("failure_reason: none → {INJECTION}")
    );
    assert_eq!(
        change("members.added", "bob@acme.test"),
        "bob@acme.test: none → viewer"
    );
    assert_eq!(
        change("members.updated", "bob@acme.test"),
        "bob@acme.test: viewer → editor"
    );
    assert_eq!(
        change("members.removed", "bob@acme.test"),
        "bob@acme.test: editor → none"
    );
    assert_eq!(change("app.pushed", "target"), "target: none → production");
    let table = element("[data-testid=event-table]");
    assert_eq!(
        table.query_selector_all("img, script, b").unwrap().length(),
        0,
        "markup from the API became elements"
    );
    let shown = table.text_content().unwrap();
    assert!(
        !shown.contains("members.added"),
        "the raw action string shows: {shown}"
    );
    assert_eq!(
        element("[data-testid=event-row] time")
            .get_attribute("datetime")
            .as_deref(),
        Some("2026-11-07T05:31:56Z")
    );
    assert!(element("[data-testid=event-row] time").has_attribute("title"));
}

#[wasm_bindgen_test]
async fn the_tab_pages_through_the_events_with_links() {
    let _lock = PageLock::acquire().await;
    let page: Vec<_> = (0..50)
        .map(|_| {
            event_json(
                "members.added",
                ADA,
                json!({"bob@acme.test": [null, "viewer"]}),
            )
        })
        .collect();
    script_fetch(json!([
        events_answer(200, json!(page), 120),
        tab_sandbox_answer("active", "owner")
    ]));
    let _page = mount_tab("activity", admin());

    wait_until("the first page", || count("[data-testid=event-row]") == 50).await;
    assert_eq!(
        text_of("[data-testid=pager] .pager-range"),
        "Showing 1–50 of 120 \u{b7} page 1 of 3"
    );
    assert!(
        find("[data-testid=pager] [aria-disabled=true]").is_some(),
        "Previous on page 1"
    );
    assert_eq!(
        element("[data-testid=pager] a[rel=next]")
            .get_attribute("href")
            .as_deref(),
        Some("/sandboxes/sbx_test/activity?page=2")
    );
    assert!(requested_urls().iter().all(|url| !url.contains("offset=")));
    drop(_page);

    let _page = mount_tab("activity?page=2", admin());
    wait_until("the second page", || {
        find("[data-testid=pager] .pager-range").is_some_and(|range| {
            range
                .text_content()
                .unwrap()
                .starts_with("Showing 51–100 of 120")
        })
    })
    .await;
    assert!(requested_urls()
        .iter()
        .any(|url| url.contains("/events?offset=50")));
    assert_eq!(
        element("[data-testid=pager] a[rel=prev]")
            .get_attribute("href")
            .as_deref(),
        Some("/sandboxes/sbx_test/activity")
    );
}

#[wasm_bindgen_test]
async fn no_events_say_so_and_a_failed_load_offers_to_try_again() {
    let _lock = PageLock::acquire().await;
    script_fetch(json!([
        once(events_answer(
            500,
            json!({"detail": "database is locked"}),
            0
        )),
        events_answer(200, json!([]), 0),
        tab_sandbox_answer("active", "owner"),
    ]));
    let _page = mount_tab("activity", admin());

    wait_until("the error", || {
        find("[data-testid=activity-tab] [data-testid=error]").is_some()
    })
    .await;
    assert!(text_of("[data-testid=error]").contains("database is locked"));
    element("[data-testid=error] button").click();
    wait_until("the empty state", || {
        find("[data-testid=activity-tab] [data-testid=empty]").is_some()
    })
    .await;
    assert_eq!(
        text_of("[data-testid=activity-tab] [data-testid=empty]"),
        "Nothing has happened in this sandbox yet."
    );
    assert_eq!(loads_of(&tab_api_path("/events")), 2);
}

#[wasm_bindgen_test]
async fn the_tab_shows_loading_until_the_events_arrive() {
    let _lock = PageLock::acquire().await;
    let mut events = events_answer(
        200,
        json!([event_json("sandbox.created", ADA, json!({}))]),
        1,
    );
    events["delay_ms"] = json!(300);
    script_fetch(json!([events, tab_sandbox_answer("active", "owner")]));
    let _page = mount_tab("activity", admin());

    wait_until("the loading line", || {
        text_of("[data-testid=activity-tab]").contains("Loading activity…")
    })
    .await;
    wait_until("the event", || count("[data-testid=event-row]") == 1).await;
}

#[wasm_bindgen_test]
async fn a_v1_0_server_without_events_says_it_records_no_activity() {
    let _lock = PageLock::acquire().await;
    script_fetch(json!([
        events_answer(404, json!({"detail": "Not Found"}), 0),
        tab_sandbox_answer("active", "owner"),
    ]));
    let _page = mount_tab("activity", admin());

    says_activity_is_not_recorded().await;
    assert_eq!(text_of("[data-testid=sandbox-title]"), "test");
    assert!(find("[data-testid=sandbox-not-found]").is_none());
    assert!(find("[data-testid=error]").is_none());
}
