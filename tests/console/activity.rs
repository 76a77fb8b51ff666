//! Activity (v1.1) against a scripted API: a sandbox's Activity tab inside
//! the real detail page — every action kind and its changes as text
//! (markup from the API included), paging, the empty, error and loading
//! states, and the fallback of a v1.0 server without the endpoints — and
//! the Activity page: filters in the URL, tenants for support, deleted
//! sandboxes, and Export CSV (every page, quoting, no formulas, Cancel).

use leptos::prelude::*;
use sandbox_api::EVENTS_PATH;
use sandbox_console::pages::{csv_cell, export_file_name, ActivityPage};
use serde_json::json;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

use crate::support::{
    admin, count, current_location, document, element, find, input_value, loads_of, mount_app,
    mount_tab, once, requested_urls, script_fetch, set_path, sleep, support_agent, tab_answer,
    tab_api_path, tab_sandbox_answer, text_of, texts, type_into, wait_until, PageLock, API_ORIGIN,
    INJECTION,
};

/// An event of the tabs' sandbox; `actor` is an admin's email, or `None` for the server.
fn event_json(action: &str, actor: Option<&str>, changes: serde_json::Value) -> serde_json::Value {
    let actor =
        actor.map(|email| json!({"principal_id": "prn_1", "email": email, "role": "admin"}));
    json!({"event_id": format!("evt_{action}"), "object": "event", "occurred_at": "2026-11-07T05:31:56Z",
           "user_id": "acct_1", "sandbox_id": "sbx_test", "sandbox_name": "test", "actor": actor,
           "action": action, "summary": format!("<b>{action}</b>"), "changes": changes,
           "request_id": "req_1"})
}

/// The rule answering the tab's GETs of its events with `events` of `total`.
fn events_answer(status: u16, events: serde_json::Value, total: u64) -> serde_json::Value {
    let mut rule = tab_answer("GET", "/events", status, events);
    rule["headers"] = json!({"X-Total-Count": total.to_string()});
    rule
}

const ADA: Option<&str> = Some("ada@acme.test");

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

    wait_until("the fallback", || {
        find("[data-testid=activity-not-recorded]").is_some()
    })
    .await;
    assert_eq!(
        text_of("[data-testid=activity-not-recorded]"),
        "This API does not record activity."
    );
    assert_eq!(text_of("[data-testid=sandbox-title]"), "test");
    assert!(find("[data-testid=sandbox-not-found]").is_none());
    assert!(find("[data-testid=error]").is_none());
}

// ---- /activity: every visible event, filters in the URL, Export CSV ----

/// An event of sandbox `sandbox_id` named `name` in tenant `tenant`.
fn account_event(sandbox_id: &str, name: &str, tenant: &str, deleted: bool) -> serde_json::Value {
    let mut event = event_json("sandbox.deleted", ADA, json!({"status": ["active", null]}));
    event["sandbox_id"] = json!(sandbox_id);
    event["sandbox_name"] = json!(name);
    event["user_id"] = json!(tenant);
    event["sandbox_deleted"] = json!(deleted);
    event
}

/// Whether a request asked for exactly `path_and_query` (gloo ends a URL
/// that has a query with `&`, for parameters it would add).
fn asked(path_and_query: &str) -> bool {
    let url = format!("{API_ORIGIN}{path_and_query}");
    requested_urls()
        .iter()
        .any(|requested| requested.trim_end_matches('&') == url)
}

/// The Activity page at `path`, signed in as `me`.
fn mount_activity(path: &str, me: sandbox_api::Me) -> impl Sized {
    set_path(path);
    let (mounted, _) = mount_app(Some(me), || view! { <ActivityPage /> }.into_any());
    mounted
}

fn events_rule(contains: &str, body: serde_json::Value, total: usize) -> serde_json::Value {
    json!({"method": "GET", "contains": contains, "status": 200, "body": body,
           "headers": {"X-Total-Count": total.to_string()}})
}

#[wasm_bindgen_test]
async fn the_page_reads_its_filters_from_the_url_and_replaces_it_while_typing() {
    let _lock = PageLock::acquire().await;
    let before = current_location();
    script_fetch(json!([events_rule(
        EVENTS_PATH,
        json!([account_event("sbx_1", "one", "acct_1", false)]),
        1
    )]));
    let _page = mount_activity(
        "/activity?actor=ada%40acme.test&action=members.added&since=2026-11-01T00%3A00%3A00Z",
        admin(),
    );
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
    let history = web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .length()
        .unwrap();
    type_into("#activity-q", "eu");
    wait_until("the search in the URL", || {
        current_location().ends_with("&q=eu")
    })
    .await;
    assert_eq!(
        web_sys::window()
            .unwrap()
            .history()
            .unwrap()
            .length()
            .unwrap(),
        history,
        "typing added history entries"
    );
    wait_until("the search asked for", || {
        asked("/api/v1/events?actor=ada%40acme.test&action=members.added&since=2026-11-01T00%3A00%3A00Z&q=eu")
    })
    .await;
    set_path(&before);
}

#[wasm_bindgen_test]
async fn support_sees_and_filters_by_tenant_and_a_deleted_sandbox_is_named_not_linked() {
    let _lock = PageLock::acquire().await;
    let before = current_location();
    script_fetch(json!([events_rule(
        EVENTS_PATH,
        json!([
            account_event("sbx_gone", INJECTION, "acct_2", true),
            account_event("sbx_here", "here", "acct_1", false),
        ]),
        2
    )]));
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
    assert_eq!(
        texts("[data-testid=event-row] .event-tenant"),
        ["acct_2", "acct_1"]
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
    wait_until("the fallback", || {
        find("[data-testid=activity-not-recorded]").is_some()
    })
    .await;
    assert_eq!(
        text_of("[data-testid=activity-not-recorded]"),
        "This API does not record activity."
    );
    set_path(&before);
}

#[wasm_bindgen_test]
fn csv_cells_are_quoted_and_never_formulas() {
    assert_eq!(csv_cell("plain"), "plain");
    assert_eq!(csv_cell("a,b"), "\"a,b\"");
    assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
    assert_eq!(csv_cell("two\nlines"), "\"two\nlines\"");
    assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
    for start in ["+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
        assert!(
            csv_cell(start).trim_start_matches('"').starts_with('\''),
            "{start:?}"
        );
    }
    assert_eq!(csv_cell("a-b"), "a-b", "only a leading sign is defused");
    let query = sandbox_api::EventListQuery {
        actor: Some("ada@acme.test".into()),
        actions: vec![sandbox_api::EventAction::MembersAdded],
        ..Default::default()
    };
    assert_eq!(
        export_file_name(&query, "2026-11-07"),
        "activity-ada-acme.test-members.added-2026-11-07.csv"
    );
    assert_eq!(
        export_file_name(&Default::default(), "2026-11-07"),
        "activity-2026-11-07.csv"
    );
}

/// Catches the export's download: the Blob given to `URL.createObjectURL`
/// and the name of the link clicked.
fn catch_downloads() {
    js_sys::eval(
        "window.__downloads = []; URL.createObjectURL = (blob) => { window.__blob = blob; return 'blob:test'; };\
         HTMLAnchorElement.prototype.click = function () { window.__downloads.push(this.download); };",
    )
    .unwrap();
}

async fn downloaded_text() -> String {
    let text = js_sys::eval("window.__blob.text()").unwrap();
    wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(text))
        .await
        .unwrap()
        .as_string()
        .unwrap()
}

fn downloads() -> Vec<String> {
    let names = js_sys::eval("JSON.stringify(window.__downloads)").unwrap();
    serde_json::from_str(&names.as_string().unwrap()).unwrap()
}

#[wasm_bindgen_test]
async fn export_fetches_every_filtered_page_at_200_then_downloads_one_csv() {
    let _lock = PageLock::acquire().await;
    let before = current_location();
    let first: Vec<_> = (0..200)
        .map(|i| account_event(&format!("sbx_{i}"), "=cmd", "acct_1", false))
        .collect();
    let mut second = events_rule(
        "/api/v1/events?actor=ada%40acme.test&limit=200&offset=200",
        json!([account_event("sbx_last", "last, \"one\"", "acct_1", true)]),
        201,
    );
    second["delay_ms"] = json!(300);
    script_fetch(json!([
        second,
        events_rule(
            "/api/v1/events?actor=ada%40acme.test&limit=200",
            json!(first),
            201
        ),
        events_rule(
            EVENTS_PATH,
            json!([account_event("sbx_1", "one", "acct_1", false)]),
            201
        ),
    ]));
    let _page = mount_activity("/activity?actor=ada%40acme.test", admin());
    wait_until("the page", || count("[data-testid=event-row]") == 1).await;
    catch_downloads();
    element("[data-testid=export-start]").click();
    wait_until("the progress", || {
        find("[data-testid=export-progress]")
            .is_some_and(|p| p.text_content().unwrap().contains("200 of 201"))
    })
    .await;
    assert_eq!(
        element("[data-testid=export-progress] progress")
            .get_attribute("aria-valuenow")
            .as_deref(),
        Some("99")
    );
    wait_until("the download", || downloads().len() == 1).await;
    let today: String = String::from(js_sys::Date::new_0().to_iso_string())
        .chars()
        .take(10)
        .collect();
    assert_eq!(downloads(), [format!("activity-ada-acme.test-{today}.csv")]);
    let csv = downloaded_text().await;
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        lines.len(),
        1 + 201 + 1,
        "a header, every event, the last line end"
    );
    assert!(lines[0].starts_with("occurred_at,tenant_account,sandbox_id,sandbox_name"));
    assert!(
        lines[1]
            .contains(",sbx_0,'=cmd,no,ada@acme.test,admin,sandbox.deleted,Deleted the sandbox,"),
        "{}",
        lines[1]
    );
    assert!(
        lines[201].contains(",sbx_last,\"last, \"\"one\"\"\",yes,"),
        "{}",
        lines[201]
    );
    assert!(find("[data-testid=export-progress]").is_none());
    set_path(&before);
}

#[wasm_bindgen_test]
async fn a_cancelled_export_downloads_nothing() {
    let _lock = PageLock::acquire().await;
    let before = current_location();
    let first: Vec<_> = (0..200)
        .map(|i| account_event(&format!("sbx_{i}"), "x", "acct_1", false))
        .collect();
    let mut second = events_rule("/api/v1/events?limit=200&offset=200", json!([]), 400);
    second["delay_ms"] = json!(500);
    script_fetch(json!([
        second,
        events_rule("/api/v1/events?limit=200", json!(first), 400),
        events_rule(EVENTS_PATH, json!([]), 0),
    ]));
    let _page = mount_activity("/activity", admin());
    wait_until("the page", || find("[data-testid=empty]").is_some()).await;
    catch_downloads();
    element("[data-testid=export-start]").click();
    wait_until("the progress", || {
        find("[data-testid=export-cancel]").is_some()
    })
    .await;
    element("[data-testid=export-cancel]").click();
    wait_until("the button back", || {
        find("[data-testid=export-start]").is_some()
    })
    .await;
    sleep(700).await;
    assert!(downloads().is_empty(), "a cancelled export downloaded");
    assert!(find("[data-testid=export-progress]").is_none());
    set_path(&before);
}
