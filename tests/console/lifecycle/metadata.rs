//! Editing metadata on the detail page (v1.1): the create form's editor,
//! the contract's rules before sending, the server's 422 at the row whose
//! key it names with the typing kept, values that were not text kept as
//! they were, and Cancel putting the saved values back.

use sandbox_api::{JsonObject, ValidationError};
use sandbox_console::components::metadata_edit::{
    keep_unchanged_values, metadata_entries, place_metadata_errors,
};
use sandbox_console::forms::MetadataEntry;
use serde_json::json;
use wasm_bindgen_test::*;

use super::{detail_sandbox, in_hours, mount_overview};
use crate::support::{
    admin, count, element, find, input_value, once, script_fetch, submit, tab_answer, text_of,
    texts, type_into, wait_until, writes, PageLock,
};

fn object(value: serde_json::Value) -> JsonObject {
    serde_json::from_value(value).unwrap()
}

#[wasm_bindgen_test]
fn edited_metadata_keeps_untouched_values_and_places_errors_at_rows() {
    let saved = object(json!({"team": "payments", "count": 3, "flags": {"a": true}}));
    let entries = metadata_entries(&saved);
    assert_eq!(
        entries.iter().map(|e| e.value.as_str()).collect::<Vec<_>>(),
        ["3", "{\"a\":true}", "payments"]
    );
    let edited = object(json!({"team": "billing", "count": "3", "flags": "changed"}));
    assert_eq!(
        serde_json::Value::Object(keep_unchanged_values(edited, &saved)),
        json!({"team": "billing", "count": 3, "flags": "changed"}),
        "an untouched number stays a number; what was typed over is text"
    );

    let rows = [
        MetadataEntry {
            key: "team".into(),
            value: "x".into(),
        },
        MetadataEntry {
            key: " env ".into(),
            value: "y".into(),
        },
    ];
    let at = |loc: serde_json::Value, msg: &str| -> ValidationError {
        serde_json::from_value(json!({"loc": loc, "msg": msg, "type": "value_error"})).unwrap()
    };
    let (by_row, whole) = place_metadata_errors(
        &[
            at(json!(["body", "metadata", "env"]), "Not allowed here"),
            at(json!(["body", "metadata"]), "Use at most 64 metadata keys"),
            at(json!(["body", "metadata", "gone"]), "Unknown"),
        ],
        &rows,
    );
    assert_eq!(
        by_row.into_iter().collect::<Vec<_>>(),
        [(1, "Not allowed here".to_owned())]
    );
    let whole = whole.unwrap();
    assert!(
        whole.contains("Use at most 64 metadata keys") && whole.contains("Unknown"),
        "{whole}"
    );
}

/// A row's key and value inputs in the detail page's editor.
fn row_input(row: usize, part: &str) -> String {
    format!(
        "[data-testid=metadata-form] [data-testid=metadata-row]:nth-child({row}) .metadata-{part}"
    )
}

#[wasm_bindgen_test]
async fn a_422_lands_at_its_row_with_the_typing_kept_and_cancel_restores() {
    let _page = PageLock::acquire().await;
    let mut sandbox = detail_sandbox("owner", Some(&in_hours(100)), false);
    sandbox["metadata"] = json!({"count": 3, "team": "payments"});
    let refusal = json!({"detail": [{"loc": ["body", "metadata", "team"],
        "msg": "The key team is reserved", "type": "value_error"}]});
    script_fetch(json!([
        tab_answer("PATCH", "", 422, refusal),
        tab_answer("GET", "", 200, sandbox),
    ]));
    let _mounted = mount_overview(admin());
    wait_until("Edit metadata", || {
        find("[data-testid=metadata-edit]").is_some()
    })
    .await;
    assert_eq!(texts("[data-testid=metadata] td"), ["3", "payments"]);
    element("[data-testid=metadata-edit]").click();
    wait_until("the editor", || {
        count("[data-testid=metadata-form] .metadata-key") == 2
    })
    .await;
    assert_eq!(input_value(&row_input(2, "key")), "team");
    type_into(&row_input(2, "value"), "billing");

    // The contract's rules first: a value without a key is refused here.
    element("#edit-metadata-add").click();
    wait_until("a third row", || {
        count("[data-testid=metadata-form] .metadata-key") == 3
    })
    .await;
    type_into(&row_input(3, "value"), "orphan");
    submit("[data-testid=metadata-form]");
    wait_until("the row's error", || {
        text_of(&format!(
            "{} .field-error",
            "[data-testid=metadata-form] [data-testid=metadata-row]:nth-child(3)"
        ))
        .contains("Enter a key")
    })
    .await;
    assert!(writes().is_empty());
    element("[data-testid=metadata-form] [data-testid=metadata-row]:nth-child(3) .metadata-remove")
        .click();
    wait_until("two rows again", || {
        count("[data-testid=metadata-form] .metadata-key") == 2
    })
    .await;

    submit("[data-testid=metadata-form]");
    wait_until("the server's error at the row", || {
        text_of("[data-testid=metadata-form] [data-testid=metadata-row]:nth-child(2) .field-error")
            == "The key team is reserved"
    })
    .await;
    let sent = writes();
    assert_eq!(sent[0].method, "PATCH");
    assert_eq!(
        sent[0].json(),
        json!({"metadata": {"count": 3, "team": "billing"}}),
        "the untouched number is sent as a number"
    );
    assert_eq!(
        input_value(&row_input(2, "value")),
        "billing",
        "the typing is kept"
    );
    assert_eq!(input_value(&row_input(1, "value")), "3");

    element("[data-testid=metadata-cancel]").click();
    wait_until("the table again", || {
        find("[data-testid=metadata]").is_some()
    })
    .await;
    assert_eq!(texts("[data-testid=metadata] td"), ["3", "payments"]);
    element("[data-testid=metadata-edit]").click();
    wait_until("the editor", || {
        find("[data-testid=metadata-form]").is_some()
    })
    .await;
    assert_eq!(
        input_value(&row_input(2, "value")),
        "payments",
        "the saved values are back"
    );
}

#[wasm_bindgen_test]
async fn saved_metadata_shows_in_the_table() {
    let _page = PageLock::acquire().await;
    let mut sandbox = detail_sandbox("editor", Some(&in_hours(100)), false);
    sandbox["metadata"] = json!({"team": "payments"});
    let mut saved = sandbox.clone();
    saved["metadata"] = json!({"team": "billing"});
    script_fetch(json!([
        tab_answer("PATCH", "", 200, saved.clone()),
        once(tab_answer("GET", "", 200, sandbox)),
        tab_answer("GET", "", 200, saved),
    ]));
    let _mounted = mount_overview(admin());
    wait_until("Edit metadata", || {
        find("[data-testid=metadata-edit]").is_some()
    })
    .await;
    element("[data-testid=metadata-edit]").click();
    wait_until("the editor", || {
        find("[data-testid=metadata-form]").is_some()
    })
    .await;
    type_into(&row_input(1, "value"), "billing");
    submit("[data-testid=metadata-form]");
    wait_until("the saved table", || {
        texts("[data-testid=metadata] td") == ["billing"]
    })
    .await;
    assert_eq!(writes()[0].json(), json!({"metadata": {"team": "billing"}}));
    assert!(text_of("[data-testid=notice]").contains("Saved the metadata of sandbox test"));
}
