//! Refresh and delete from a row of the list: one shared dialog each, what
//! it says, the exact name a delete needs, Esc, the result, and the
//! reason an action is disabled.

use std::sync::Arc;

use leptos::prelude::*;
use sandbox_api::{Sandbox, SandboxSort, SANDBOXES_PATH};
use sandbox_console::components::{RowDialogs, RowDialogsView, SandboxTable};
use sandbox_console::forms::delete_confirmed;
use serde_json::json;
use wasm_bindgen_test::*;

use crate::support::{
    admin, current_location, dialog_open, document, element, find, fire, is_disabled, mount_app,
    open_dialog_from, recorded_requests, sandbox_json, script_fetch, set_path, sleep, text_of,
    type_into, wait_for_focus_on, wait_until, PageLock,
};

/// A sandbox `sbx_<name>` of owner `cust_e2e`.
fn sandbox(name: &str, status: &str, access: &str) -> Sandbox {
    serde_json::from_value(sandbox_json(name, "cust_e2e", status, access)).unwrap()
}

/// Mounts the sandbox table with `rows` and their dialogs, counting in
/// `changed` the refreshes and deletes it reports.
fn mount_table(rows: Vec<Sandbox>, changed: RwSignal<u32>) -> impl Sized {
    mount_app(Some(admin()), move || {
        let (rows, dialogs) = (Arc::<[Sandbox]>::from(rows.clone()), RowDialogs::new());
        view! {
            <SandboxTable
                rows
                show_user_id=false
                sort=SandboxSort::default()
                on_sort=|_| {}
                filter_href=|_| String::new()
                dialogs
            />
            <RowDialogsView dialogs on_changed=move |()| changed.update(|n| *n += 1) />
        }
        .into_any()
    })
}

/// Opens the delete dialog of the row `name` (in a table of two rows);
/// gives the mounted page, the opener and the count of changes the table
/// reported.
async fn open_delete_dialog(name: &str) -> (impl Sized, web_sys::HtmlElement, RwSignal<u32>) {
    let changed = RwSignal::new(0);
    let page = mount_table(
        vec![
            sandbox("other-row", "active", "owner"),
            sandbox(name, "active", "owner"),
        ],
        changed,
    );
    let opener = open_dialog_from(
        &format!("[data-sandbox-id=sbx_{name}] [data-testid=delete-open]"),
        "#delete-confirm-name",
    )
    .await;
    (page, opener, changed)
}

#[wasm_bindgen_test]
fn delete_needs_the_exact_name() {
    assert!(delete_confirmed("e2e-01", "e2e-01"));
    for typed in ["", "e2e-0", "E2E-01", "e2e-01 ", " e2e-01"] {
        assert!(!delete_confirmed(typed, "e2e-01"), "{typed:?}");
    }
    assert!(!delete_confirmed("", ""));
}

#[wasm_bindgen_test]
async fn delete_from_a_row_enables_only_on_that_rows_exact_name_and_reloads_the_list() {
    let _lock = PageLock::acquire().await;
    set_path("/sandboxes");
    script_fetch(json!([{"contains": format!("{SANDBOXES_PATH}/"), "status": 200, "body": {}}]));
    let (_page, _opener, changed) = open_delete_dialog("e2e-01").await;
    assert!(dialog_open("[data-testid=delete-dialog]"));
    assert!(text_of("[data-testid=delete-dialog]").contains("permanent"));
    assert_eq!(text_of("[data-testid=delete-name]"), "e2e-01");
    assert!(is_disabled("[data-testid=delete-confirm]"));
    for wrong in ["e2e-0", "E2E-01", "e2e-01 ", "other-row"] {
        type_into("#delete-confirm-name", wrong);
        sleep(0).await;
        assert!(
            is_disabled("[data-testid=delete-confirm]"),
            "{wrong:?} must not enable delete"
        );
    }
    type_into("#delete-confirm-name", "e2e-01");
    sleep(0).await;
    assert!(!is_disabled("[data-testid=delete-confirm]"));
    element("[data-testid=delete-confirm]").click();
    wait_until("the table told to reload", || changed.get_untracked() == 1).await;
    assert_eq!(
        current_location(),
        "/sandboxes",
        "a delete from the list stays on the list"
    );
    let sent = recorded_requests();
    assert_eq!((sent.len(), sent[0].method.as_str()), (1, "DELETE"));
    assert!(sent[0]
        .url
        .ends_with(&format!("{SANDBOXES_PATH}/sbx_e2e-01")));
    wait_until("the notice", || {
        text_of("[data-testid=notice]").contains("Deleted sandbox e2e-01")
    })
    .await;
}

#[wasm_bindgen_test]
async fn refresh_dialog_says_what_happens_and_reports_the_result() {
    let _lock = PageLock::acquire().await;
    set_path("/sandboxes");
    script_fetch(json!([
        {"contains": "/refresh", "status": 409, "body": {"detail": "Sandbox is refreshing; wait until it is active"}, "times": 1},
        {"contains": "/refresh", "status": 200, "body": sandbox_json("e2e-02", "cust_e2e", "refreshing", "owner")},
    ]));
    let changed = RwSignal::new(0);
    let _page = mount_table(
        vec![
            sandbox("e2e-02", "active", "owner"),
            sandbox("other-row", "active", "owner"),
        ],
        changed,
    );
    let opener = open_dialog_from(
        "[data-sandbox-id=sbx_e2e-02] [data-testid=refresh-open]",
        "[data-testid=refresh-confirm]",
    )
    .await;
    let text = text_of("[data-testid=refresh-dialog]");
    assert!(
        text.contains("Refresh sandbox \u{201c}e2e-02\u{201d}?"),
        "the dialog names the row's sandbox: {text:?}"
    );
    for expected in [
        "wipes this sandbox and restores it from production",
        "versions running in production",
        "members and data sources stay",
        "Last refreshed: never",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from {text:?}"
        );
    }
    let active = document().active_element().unwrap();
    assert!(
        element("[data-testid=refresh-dialog]").contains(Some(&active)),
        "focus moved into the dialog"
    );

    // A 409 is shown in the dialog, which stays open.
    element("[data-testid=refresh-confirm]").click();
    wait_until("the conflict", || {
        text_of("[data-testid=dialog-error]").contains("Sandbox is refreshing")
    })
    .await;
    assert!(dialog_open("[data-testid=refresh-dialog]"));

    element("[data-testid=refresh-confirm]").click();
    wait_until("the table told to reload", || changed.get_untracked() == 1).await;
    assert!(!dialog_open("[data-testid=refresh-dialog]"));
    wait_for_focus_on(&opener).await;
    let sent = recorded_requests();
    assert_eq!(sent[1].method, "POST");
    assert!(
        sent[1]
            .url
            .ends_with(&format!("{SANDBOXES_PATH}/sbx_e2e-02/refresh")),
        "the chosen row's sandbox: {}",
        sent[1].url
    );
}

#[wasm_bindgen_test]
async fn esc_closes_a_dialog_and_returns_focus() {
    let _lock = PageLock::acquire().await;
    set_path("/sandboxes");
    let (_page, opener, _) = open_delete_dialog("e2e-03").await;
    wait_until("focus on the name input", || {
        document()
            .active_element()
            .is_some_and(|active| active.id() == "delete-confirm-name")
    })
    .await;
    // What the browser fires for Esc on a modal dialog.
    fire(&element("[data-testid=delete-dialog]"), "cancel");
    wait_until("the dialog closed", || {
        find("#delete-confirm-name").is_none()
    })
    .await;
    assert!(!dialog_open("[data-testid=delete-dialog]"));
    wait_for_focus_on(&opener).await;
}

#[wasm_bindgen_test]
async fn actions_are_disabled_with_the_reason() {
    let _lock = PageLock::acquire().await;
    set_path("/sandboxes");
    let _page = mount_table(
        vec![
            sandbox("e2e-04", "refreshing", "owner"),
            sandbox("e2e-05", "active", "viewer"),
        ],
        RwSignal::new(0),
    );
    wait_until("the buttons", || {
        find("[data-sandbox-id=sbx_e2e-05] [data-testid=delete-open]").is_some()
    })
    .await;
    assert!(is_disabled(
        "[data-sandbox-id=sbx_e2e-04] [data-testid=refresh-open]"
    ));
    assert_eq!(
        text_of("[data-sandbox-id=sbx_e2e-04] [data-testid=refresh-open-reason]"),
        "The sandbox is refreshing; wait until it is active to refresh this sandbox."
    );
    assert!(is_disabled(
        "[data-sandbox-id=sbx_e2e-05] [data-testid=delete-open]"
    ));
    let reason = text_of("[data-sandbox-id=sbx_e2e-05] [data-testid=delete-open-reason]");
    assert_eq!(
        reason,
        "You have viewer access to this sandbox; it takes owner access to delete this sandbox."
    );
    let described_by = element("[data-sandbox-id=sbx_e2e-05] [data-testid=delete-open]")
        .get_attribute("aria-describedby")
        .unwrap();
    assert_eq!(
        element(&format!("#{described_by}")).text_content().unwrap(),
        reason,
        "the reason describes the button"
    );
}
