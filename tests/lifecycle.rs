//! The lifecycle forms in a real browser: the create form's logic
//! (metadata rows, errors at their fields, the idempotency key) and the
//! mounted create page, and the delete and refresh actions of the list's
//! rows (one shared dialog each). The network is
//! replaced by a scripted `window.fetch`, which also records every request
//! the console sends, so the tests see exactly what would reach the API.

use std::sync::Arc;

use leptos::prelude::*;
use sandbox_api::{validate, CreateSandbox, LocPart, Sandbox, SandboxSort, ValidationError};
use sandbox_console::api::ApiError;
use sandbox_console::components::{RowDialogs, RowDialogsView, SandboxTable};
use sandbox_console::forms::{
    delete_confirmed, discard_all_drafts, metadata_object, FieldErrors, FormDraft, IdempotencyKey,
    MetadataEntry,
};
use sandbox_console::pages::{place_create_error, CreateSandboxPage};
use serde_json::json;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

mod support;
use support::*;

wasm_bindgen_test_configure!(run_in_browser);

// ---- form logic ----

fn entry(key: &str, value: &str) -> MetadataEntry {
    MetadataEntry {
        key: key.to_owned(),
        value: value.to_owned(),
    }
}

#[wasm_bindgen_test]
fn metadata_rows_become_an_object_of_strings() {
    let object = metadata_object(&[
        entry("team", "payments"),
        entry(" region ", "eu"),
        entry("", ""),
        entry("n", "01234"),
    ])
    .unwrap();
    assert_eq!(
        serde_json::Value::Object(object),
        json!({"team": "payments", "region": "eu", "n": "01234"})
    );
    assert!(metadata_object(&[]).unwrap().is_empty());
}

#[wasm_bindgen_test]
fn duplicate_and_empty_keys_are_refused_at_their_row() {
    let errors = metadata_object(&[
        entry("team", "a"),
        entry("", "orphan"),
        entry("team ", "b"),
        entry("x", ""),
    ])
    .unwrap_err();
    assert_eq!(errors.keys().copied().collect::<Vec<_>>(), [1, 2]);
    assert!(errors[&1].contains("Enter a key"), "{}", errors[&1]);
    assert!(
        errors[&2].contains("team") && errors[&2].contains("row 1"),
        "{}",
        errors[&2]
    );
}

#[wasm_bindgen_test]
fn local_validation_errors_land_at_their_fields() {
    let request = CreateSandbox {
        name: " ".into(),
        owner_id: "o".repeat(256),
        ..Default::default()
    };
    let fields = FieldErrors::from_validation(
        &validate::create_sandbox(&request),
        &["name", "owner_id", "metadata"],
    );
    assert_eq!(
        fields.get("name").as_deref(),
        Some("Value error, must not be blank")
    );
    assert_eq!(
        fields.get("owner_id").as_deref(),
        Some("String should have at most 255 characters")
    );
    assert_eq!(
        fields.first_of(&["metadata", "owner_id", "name"]),
        Some("owner_id")
    );
}

#[wasm_bindgen_test]
fn server_errors_land_where_their_loc_says() {
    let body_error = |loc: &[&str], msg: &str| {
        ValidationError::new(
            loc.iter().map(|part| LocPart::from(*part)).collect(),
            "value_error",
            msg,
        )
    };
    let (fields, whole) = place_create_error(&ApiError::Validation(vec![
        body_error(&["body", "name"], "too long"),
        body_error(&["body", "metadata", "team"], "bad value"),
        body_error(&["body", "colour"], "unknown field"),
    ]));
    assert_eq!(fields.get("name").as_deref(), Some("too long"));
    assert_eq!(fields.get("metadata").as_deref(), Some("bad value"));
    assert_eq!(
        whole.as_deref(),
        Some("colour: unknown field"),
        "an error for no known field is still shown"
    );

    let (fields, whole) = place_create_error(&ApiError::Conflict(
        "A sandbox named \"a\" already exists for owner_id \"o\"".into(),
    ));
    assert!(fields.get("name").unwrap().contains("already exists"));
    assert_eq!(whole, None);

    let (fields, whole) = place_create_error(&ApiError::Conflict(
        "Idempotency-Key was already used with a different request body".into(),
    ));
    assert!(fields.is_empty());
    assert!(whole.unwrap().contains("check the sandbox list"));

    let (fields, whole) = place_create_error(&ApiError::Forbidden(
        "Missing permission: sandboxes:create".into(),
    ));
    assert!(fields.is_empty());
    assert_eq!(
        whole.as_deref(),
        Some("Missing permission: sandboxes:create")
    );
}

#[wasm_bindgen_test]
fn idempotency_key_is_kept_until_a_definite_answer_and_a_change() {
    let mut key = IdempotencyKey::new();
    let first = key.key().to_owned();
    assert_eq!(first.len(), 32);
    assert!(
        validate::idempotency_key(&first).is_empty(),
        "a valid header value"
    );
    assert_ne!(
        IdempotencyKey::new().key(),
        first,
        "each filling gets its own key"
    );

    key.on_retryable_failure();
    assert_eq!(key.key(), first, "a retry reuses the key");
    key.on_form_changed();
    assert_eq!(
        key.key(),
        first,
        "still unknown whether the first try was created: the key stays"
    );

    key.on_definite_answer();
    assert_eq!(
        key.key(),
        first,
        "resending the unchanged form after a refusal keeps it"
    );
    key.on_form_changed();
    let second = key.key().to_owned();
    assert_ne!(
        second, first,
        "a changed form after a definite answer is a new request"
    );
    key.on_form_changed();
    assert_eq!(key.key(), second, "and keeps its key while being edited");

    key.on_success();
    assert_ne!(
        key.key(),
        second,
        "after a success the next send is a new sandbox"
    );
}

#[wasm_bindgen_test]
fn delete_needs_the_exact_name() {
    assert!(delete_confirmed("e2e-01", "e2e-01"));
    for typed in ["", "e2e-0", "E2E-01", "e2e-01 ", " e2e-01"] {
        assert!(!delete_confirmed(typed, "e2e-01"), "{typed:?}");
    }
    assert!(!delete_confirmed("", ""));
}

// ---- mounted components against a scripted network ----

/// A sandbox of owner `cust_e2e`.
fn sandbox_json(name: &str, status: &str, access: &str) -> serde_json::Value {
    support::sandbox_json(name, "cust_e2e", status, access)
}

/// Mounts the sandbox table with `rows`, counting in `changed` the
/// refreshes and deletes it reports.
fn mount_table(rows: Vec<Sandbox>, changed: RwSignal<u32>) -> impl Sized {
    mount_app(Some(me("admin", ADMIN_PERMISSIONS)), move || {
        let (rows, dialogs) = (Arc::<[Sandbox]>::from(rows.clone()), RowDialogs::new());
        view! {
            <SandboxTable rows show_user_id=false sort=SandboxSort::default() on_sort=|_| {}
                filter_href=|_| String::new() dialogs/>
            <RowDialogsView dialogs on_changed=move |()| changed.update(|n| *n += 1)/>
        }
        .into_any()
    })
}

fn sandbox(name: &str, status: &str, access: &str) -> Sandbox {
    serde_json::from_value(sandbox_json(name, status, access)).unwrap()
}

/// Opens the delete dialog of the row `name` (in a table of two rows)
/// from its focused button, as a keyboard user would; gives the mounted
/// page, the opener and the count of changes the table reported.
async fn open_delete_dialog(name: &str) -> (impl Sized, web_sys::HtmlElement, RwSignal<u32>) {
    let changed = RwSignal::new(0);
    let page = mount_table(
        vec![
            sandbox("other-row", "active", "owner"),
            sandbox(name, "active", "owner"),
        ],
        changed,
    );
    let selector = format!("[data-sandbox-id=sbx_{name}] [data-testid=delete-open]");
    wait_until("the delete button", || find(&selector).is_some()).await;
    let opener = element(&selector);
    opener.focus().unwrap();
    opener.click();
    wait_until("the dialog", || find("#delete-confirm-name").is_some()).await;
    (page, opener, changed)
}

#[wasm_bindgen_test]
async fn create_form_shows_errors_at_fields_and_keeps_the_typing() {
    let _lock = PageLock::acquire().await;
    set_path("/sandboxes/new?owner_id=cust_4711");
    script_fetch(json!([{"contains": "/sandboxes", "status": 409,
        "body": {"detail": "A sandbox named \"staging\" already exists for owner_id \"cust_4711\""}}]));
    let _page = mount_app(Some(me("admin", ADMIN_PERMISSIONS)), || {
        view! { <CreateSandboxPage/> }.into_any()
    });
    wait_until("the form", || find("#create-name").is_some()).await;
    wait_until("the owner prefilled from ?owner_id=", || {
        input_value("#create-owner-id") == "cust_4711"
    })
    .await;

    // A duplicate metadata key and no name: refused before sending.
    element("#create-metadata-add").click();
    element("#create-metadata-add").click();
    wait_until("two metadata rows", || count(".metadata-key") == 2).await;
    let key_of = |row: usize| format!("[data-testid=metadata-row]:nth-child({row}) .metadata-key");
    let value_of =
        |row: usize| format!("[data-testid=metadata-row]:nth-child({row}) .metadata-value");
    for row in [1, 2] {
        type_into(&key_of(row), "team");
        type_into(&value_of(row), "payments");
    }
    element("#create-submit").click();
    wait_until("the name error", || find("#create-name-error").is_some()).await;
    assert!(text_of("#create-name-error").contains("at least 1 character"));
    assert_eq!(
        element("#create-name")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
    assert!(
        text_of("[data-testid=metadata-row]:nth-child(2) .field-error")
            .contains("already used in row 1")
    );
    assert!(
        recorded_requests().is_empty(),
        "nothing is sent while the form is invalid"
    );

    // Fixed; the server says the name is taken: shown at the name, nothing lost.
    type_into("#create-name", "staging");
    type_into(&key_of(2), "region");
    element("#create-submit").click();
    wait_until("the conflict at the name", || {
        text_of("#create-name-error").contains("already exists")
    })
    .await;
    assert_eq!(input_value("#create-name"), "staging");
    assert_eq!(input_value("#create-owner-id"), "cust_4711");
    assert_eq!(input_value(&key_of(2)), "region");
    let sent = recorded_requests();
    assert_eq!(sent.len(), 1);
    assert!(
        sent[0].url.ends_with("/api/v1/storage/sandboxes"),
        "{}",
        sent[0].url
    );
    let body: serde_json::Value = serde_json::from_str(sent[0].body.as_deref().unwrap()).unwrap();
    assert_eq!(
        body,
        json!({"name": "staging", "owner_id": "cust_4711", "tier": "free", "mode": "blank",
               "metadata": {"team": "payments", "region": "payments"}})
    );
}

#[wasm_bindgen_test]
async fn create_retries_with_one_key_and_a_double_click_sends_once() {
    let _lock = PageLock::acquire().await;
    set_path("/sandboxes/new");
    let created = sandbox_json("retried", "provisioning", "owner");
    script_fetch(json!([
        {"contains": "/sandboxes", "status": 0, "times": 1, "delay_ms": 150},
        {"contains": "/sandboxes", "status": 503, "body": {"detail": "Injected failure"}, "times": 1, "delay_ms": 150},
        {"contains": "/sandboxes", "status": 201, "body": created, "delay_ms": 150},
    ]));
    let _page = mount_app(Some(me("admin", ADMIN_PERMISSIONS)), || {
        view! { <CreateSandboxPage/> }.into_any()
    });
    wait_until("the form", || find("#create-name").is_some()).await;
    type_into("#create-name", "retried");
    type_into("#create-owner-id", "cust_e2e");

    // Two clicks before the first answer: one request, the button disabled meanwhile.
    element("#create-submit").click();
    element("#create-submit").click();
    sleep(0).await;
    assert!(is_disabled("#create-submit"), "disabled while in flight");
    wait_until("the network failure", || {
        find("[data-testid=create-retry]").is_some()
    })
    .await;
    assert_eq!(recorded_requests().len(), 1, "a double click sends once");
    assert!(text_of("[data-testid=create-error]").contains("Could not reach the API"));
    assert_eq!(input_value("#create-name"), "retried");

    element("[data-testid=create-retry]").click();
    wait_until("the 503", || {
        text_of("[data-testid=create-error]").contains("server failed")
    })
    .await;
    element("[data-testid=create-retry]").click();
    wait_until("the detail page URL", || {
        current_location() == "/sandboxes/sbx_retried"
    })
    .await;

    let keys: Vec<Option<String>> = recorded_requests()
        .into_iter()
        .map(|request| request.key)
        .collect();
    assert_eq!(keys.len(), 3);
    assert!(keys[0].is_some());
    assert!(
        keys.iter().all(|key| *key == keys[0]),
        "every retry reused the key: {keys:?}"
    );
    wait_until("the notice", || {
        text_of("[data-testid=notice]").contains("Created sandbox retried")
    })
    .await;
}

#[wasm_bindgen_test]
async fn create_is_blocked_for_a_viewer() {
    let _lock = PageLock::acquire().await;
    set_path("/sandboxes/new");
    let _page = mount_app(Some(me("viewer", &["sandboxes:read"])), || {
        view! { <CreateSandboxPage/> }.into_any()
    });
    wait_until("the blocked notice", || {
        find("[data-testid=create-blocked]").is_some()
    })
    .await;
    assert!(text_of("[data-testid=create-blocked]")
        .contains("Your role (viewer) may not create sandboxes."));
    assert!(find("#create-submit").is_none());
}

fn draft_storage() -> web_sys::Storage {
    web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap()
}

#[wasm_bindgen_test]
fn drafts_are_kept_by_route_taken_once_and_the_users_sign_out_discards_them() {
    let draft = FormDraft::at("/sandboxes/new");
    assert_eq!(draft.key(), "sandbox-console.draft./sandboxes/new");
    draft.save(&vec!["typed".to_owned()]);
    assert_eq!(draft.load::<Vec<String>>(), Some(vec!["typed".to_owned()]));
    assert_eq!(
        draft.load::<i32>(),
        None,
        "a draft of another shape is none"
    );
    assert_eq!(draft.take::<Vec<String>>(), Some(vec!["typed".to_owned()]));
    assert_eq!(draft.load::<Vec<String>>(), None, "taken once");

    let other = FormDraft::at("/sandboxes/sbx_1/sources/new");
    draft.save(&1);
    other.save(&2);
    draft_storage()
        .set_item("sandbox-console.base-url", "http://kept.test")
        .unwrap();
    discard_all_drafts();
    assert_eq!((draft.load::<i32>(), other.load::<i32>()), (None, None));
    assert_eq!(
        draft_storage()
            .get_item("sandbox-console.base-url")
            .unwrap()
            .as_deref(),
        Some("http://kept.test")
    );
    draft_storage()
        .remove_item("sandbox-console.base-url")
        .unwrap();
}

#[wasm_bindgen_test]
async fn create_typing_survives_a_401_and_comes_back_once() {
    let _lock = PageLock::acquire().await;
    set_path("/sandboxes/new");
    script_fetch(
        json!([{"contains": "/sandboxes", "status": 401, "body": {"detail": "Token expired"}}]),
    );
    let page = mount_app(Some(me("admin", ADMIN_PERMISSIONS)), || {
        view! { <CreateSandboxPage/> }.into_any()
    });
    wait_until("the form", || find("#create-name").is_some()).await;
    type_into("#create-name", "half-typed");
    type_into("#create-owner-id", "cust_e2e");
    let pro = element("#create-tier-pro");
    js_sys::Reflect::set(&pro, &"checked".into(), &true.into()).unwrap();
    fire(&pro, "change");
    element("#create-metadata-add").click();
    wait_until("a metadata row", || count(".metadata-key") == 1).await;
    type_into(".metadata-key", "team");
    type_into(".metadata-value", "payments");
    element("#create-submit").click();

    // The 401 signs out, which takes the form away.
    wait_until("the form to go", || find("#create-name").is_none()).await;
    assert_eq!(recorded_requests().len(), 1);
    let key = "sandbox-console.draft./sandboxes/new";
    let stored: serde_json::Value =
        serde_json::from_str(&draft_storage().get_item(key).unwrap().expect("a draft")).unwrap();
    assert_eq!(
        stored,
        json!({"name": "half-typed", "owner_id": "cust_e2e", "tier": "pro", "mode": "blank",
               "metadata": [{"key": "team", "value": "payments"}]}),
        "only the form's fields are kept"
    );
    drop(page);

    // Reconnected: the same form comes back with the typing, once.
    let page = mount_app(Some(me("admin", ADMIN_PERMISSIONS)), || {
        view! { <CreateSandboxPage/> }.into_any()
    });
    wait_until("the form", || find("#create-name").is_some()).await;
    // Like any property, the restored values reach the inputs on the next tick.
    wait_until("the name back", || {
        input_value("#create-name") == "half-typed"
    })
    .await;
    assert_eq!(input_value("#create-owner-id"), "cust_e2e");
    assert!(element("#create-tier-pro")
        .unchecked_into::<web_sys::HtmlInputElement>()
        .checked());
    assert!(element("#create-mode-blank")
        .unchecked_into::<web_sys::HtmlInputElement>()
        .checked());
    assert_eq!(input_value(".metadata-key"), "team");
    assert_eq!(input_value(".metadata-value"), "payments");
    wait_until("the draft to go once restored", || {
        draft_storage().get_item(key).unwrap().is_none()
    })
    .await;
    drop(page);

    let _page = mount_app(Some(me("admin", ADMIN_PERMISSIONS)), || {
        view! { <CreateSandboxPage/> }.into_any()
    });
    wait_until("the form", || find("#create-name").is_some()).await;
    sleep(50).await;
    assert_eq!(input_value("#create-name"), "", "restored only once");
}

#[wasm_bindgen_test]
async fn delete_from_a_row_enables_only_on_that_rows_exact_name_and_reloads_the_list() {
    let _lock = PageLock::acquire().await;
    set_path("/sandboxes");
    script_fetch(json!([{"contains": "/sandboxes/", "status": 200, "body": {}}]));
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
        .ends_with("/api/v1/storage/sandboxes/sbx_e2e-01"));
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
        {"contains": "/refresh", "status": 200, "body": sandbox_json("e2e-02", "refreshing", "owner")},
    ]));
    let changed = RwSignal::new(0);
    let _page = mount_table(
        vec![
            sandbox("e2e-02", "active", "owner"),
            sandbox("other-row", "active", "owner"),
        ],
        changed,
    );
    wait_until("the refresh button", || {
        find("[data-sandbox-id=sbx_e2e-02] [data-testid=refresh-open]").is_some()
    })
    .await;
    let opener = element("[data-sandbox-id=sbx_e2e-02] [data-testid=refresh-open]");
    opener.focus().unwrap();
    opener.click();
    wait_until("the dialog", || {
        find("[data-testid=refresh-confirm]").is_some()
    })
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
    let active = support::document().active_element().unwrap();
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
            .ends_with("/api/v1/storage/sandboxes/sbx_e2e-02/refresh"),
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
        support::document()
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
