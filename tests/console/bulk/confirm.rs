//! The confirmation before a bulk action runs.

use serde_json::json;
use wasm_bindgen_test::*;

use super::{confirm_on_page, refreshes_succeed, rows_with, settled, written_ids};
use crate::support::*;

#[wasm_bindgen_test]
async fn the_confirmation_names_what_runs_and_what_is_skipped_and_why() {
    let _page = PageLock::acquire().await;
    // A viewer's sandbox and one that is refreshing are skipped, each for its reason.
    let body = rows_with("k", 5, |index, row| match index {
        1 | 3 => row["access"] = json!("viewer"),
        2 => row["status"] = json!("refreshing"),
        _ => {}
    });
    let _mounted = confirm_on_page(body, vec![refreshes_succeed(0)], "bulk-refresh").await;

    assert!(dialog_open("[data-testid=bulk-dialog]"));
    assert_eq!(
        text_of("[data-testid=bulk-acts-on]"),
        "2 sandboxes will be refreshed (wiped and restored from production)."
    );
    // Named with their owners: names repeat across owners.
    assert_eq!(
        texts("[data-testid=bulk-act-names] li"),
        ["k-00 \u{b7} cust_sel", "k-04 \u{b7} cust_sel"]
    );
    assert_eq!(
        text_of("[data-testid=bulk-skipped]"),
        "3 sandboxes will be skipped:"
    );
    assert_eq!(
        texts("[data-testid=bulk-skip-reason]"),
        [
            "You have viewer access to this sandbox; it takes editor or owner access to refresh this sandbox.",
            "The sandbox is refreshing; wait until it is active to refresh this sandbox.",
        ]
    );
    assert_eq!(
        texts("[data-testid=bulk-skip-names]"),
        [
            "k-01 \u{b7} cust_selk-03 \u{b7} cust_sel",
            "k-02 \u{b7} cust_sel"
        ],
        "each reason lists its sandboxes"
    );
    // Nothing was sent before the button.
    assert!(writes().is_empty());

    element("[data-testid=bulk-confirm]").click();
    settled().await;
    assert_eq!(written_ids(), ["sbx_k-00", "sbx_k-04"]);
}

#[wasm_bindgen_test]
async fn delete_runs_only_once_the_number_of_sandboxes_is_typed() {
    let _page = PageLock::acquire().await;
    let deleted = json!({"method": "DELETE", "contains": "/sbx_", "status": 200, "body": {}});
    let _mounted =
        confirm_on_page(rows_with("d", 3, |_, _| {}), vec![deleted], "bulk-delete").await;
    assert_eq!(
        text_of("[data-testid=bulk-acts-on]"),
        "3 sandboxes will be deleted for good."
    );
    const CONFIRM: &str = "[data-testid=bulk-confirm]";
    assert!(is_disabled(CONFIRM));
    assert_eq!(
        text_of("[data-testid=bulk-blocker]"),
        "Type 3 to confirm that 3 sandboxes will be deleted."
    );
    for wrong in ["2", "three", "33"] {
        type_into("[data-testid=bulk-delete-count]", wrong);
        sleep(10).await;
        assert!(is_disabled(CONFIRM), "{wrong} let the delete through");
    }
    type_into("[data-testid=bulk-delete-count]", " 3 ");
    wait_until("the button on", || !is_disabled(CONFIRM)).await;
    assert!(writes().is_empty());
    element(CONFIRM).click();
    settled().await;
    assert_eq!(
        text_of("[data-testid=bulk-summary]"),
        "Delete finished: 3 succeeded, 0 failed."
    );
    let mut ids = written_ids();
    ids.sort();
    assert_eq!(ids, ["sbx_d-00", "sbx_d-01", "sbx_d-02"]);
    assert!(writes().iter().all(|request| request.method == "DELETE"));
    // What is gone is no longer selected.
    wait_until("the selection emptied", || {
        text_of("[data-testid=selection-count]") == "None selected"
    })
    .await;
}

#[wasm_bindgen_test]
async fn add_members_checks_the_addresses_and_sends_them_with_their_role() {
    let _page = PageLock::acquire().await;
    let added = json!({"method": "POST", "contains": "/users", "status": 200,
                       "body": {"sandbox_id": "sbx_a-00", "added": [], "updated": [], "unchanged": []}});
    let body = rows_with("a", 3, |index, row| {
        if index == 1 {
            row["access"] = json!("viewer");
        }
    });
    let _mounted = confirm_on_page(body, vec![added], "bulk-add-members").await;
    assert_eq!(
        text_of("[data-testid=bulk-acts-on]"),
        "2 sandboxes will be given the members below."
    );
    assert!(text_of("[data-testid=bulk-skip-reason]").contains("to change members"));
    const CONFIRM: &str = "[data-testid=bulk-confirm]";
    assert!(is_disabled(CONFIRM));
    assert_eq!(
        text_of("[data-testid=bulk-blocker]"),
        "Paste at least one address."
    );

    type_into("[data-testid=bulk-emails]", "ada@acme.test, not-an-address");
    wait_until("the bad address", || {
        text_of("[data-testid=bulk-invalid-emails]").contains("not-an-address")
    })
    .await;
    assert!(is_disabled(CONFIRM));
    type_into(
        "[data-testid=bulk-emails]",
        "ada@acme.test; grace@acme.test\nADA@acme.test",
    );
    select_option("#bulk-role", "editor");
    wait_until("the button on", || !is_disabled(CONFIRM)).await;
    element(CONFIRM).click();
    settled().await;

    assert_eq!(written_ids(), ["sbx_a-00", "sbx_a-02"]);
    for request in writes() {
        assert_eq!(
            request.json(),
            json!({"users": [{"email": "ada@acme.test", "role": "editor"},
                             {"email": "grace@acme.test", "role": "editor"}]})
        );
    }
}
