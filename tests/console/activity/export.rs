//! The Activity page's Export CSV: every page, quoting, no formulas, Cancel.

use sandbox_api::EVENTS_PATH;
use sandbox_console::pages::export_file_name;
use serde_json::json;
use wasm_bindgen_test::*;

use super::{account_event, events_rule, mount_activity};
use crate::support::downloads::{catch_downloads, downloaded_text, downloads, today};
use crate::support::{
    admin, count, current_location, element, find, script_fetch, set_path, sleep, wait_until,
    PageLock,
};

#[wasm_bindgen_test]
fn the_file_name_says_the_filters_and_the_date() {
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
    let _downloads = catch_downloads();
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
    assert_eq!(
        downloads(),
        [format!("activity-ada-acme.test-{}.csv", today())]
    );
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
    let _downloads = catch_downloads();
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
