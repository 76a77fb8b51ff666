//! The mounted create page against a scripted API: errors at the fields,
//! one key over retries and double clicks, a viewer, typing kept over a 401.

use leptos::prelude::*;
use sandbox_api::{Me, SANDBOXES_PATH};
use sandbox_console::forms::FormDraft;
use sandbox_console::pages::CreateSandboxPage;
use serde_json::json;
use wasm_bindgen_test::*;

use crate::support::{
    admin, choose, count, current_location, element, find, input_value, is_checked, is_disabled,
    mount_app, recorded_requests, sandbox_json, script_fetch, session_storage, set_path, sleep,
    text_of, type_into, viewer, wait_until, PageLock,
};

/// The create page, signed in as `me`.
fn mount_create_page(me: Me) -> impl Sized {
    mount_app(Some(me), || view! { <CreateSandboxPage /> }.into_any())
}

#[wasm_bindgen_test]
async fn create_form_shows_errors_at_fields_and_keeps_the_typing() {
    let _lock = PageLock::acquire().await;
    set_path("/sandboxes/new?owner_id=cust_4711");
    script_fetch(json!([{"contains": SANDBOXES_PATH, "status": 409,
        "body": {"detail": "A sandbox named \"staging\" already exists for owner_id \"cust_4711\""}}]));
    let _page = mount_create_page(admin());
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
    assert!(text_of("#create-name-error") == "Enter a name");
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
    assert!(sent[0].url.ends_with(SANDBOXES_PATH), "{}", sent[0].url);
    assert_eq!(
        sent[0].json(),
        json!({"name": "staging", "owner_id": "cust_4711", "tier": "free", "mode": "blank",
               "metadata": {"team": "payments", "region": "payments"}})
    );
}

#[wasm_bindgen_test]
async fn create_retries_with_one_key_and_a_double_click_sends_once() {
    let _lock = PageLock::acquire().await;
    set_path("/sandboxes/new");
    let created = sandbox_json("retried", "cust_e2e", "provisioning", "owner");
    script_fetch(json!([
        {"contains": SANDBOXES_PATH, "status": 0, "times": 1, "delay_ms": 150},
        {"contains": SANDBOXES_PATH, "status": 503, "body": {"detail": "Injected failure"}, "times": 1, "delay_ms": 150},
        {"contains": SANDBOXES_PATH, "status": 201, "body": created, "delay_ms": 150},
    ]));
    let _page = mount_create_page(admin());
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
    let _page = mount_create_page(viewer());
    wait_until("the blocked notice", || {
        find("[data-testid=create-blocked]").is_some()
    })
    .await;
    assert!(text_of("[data-testid=create-blocked]")
        .contains("Your role (viewer) may not create sandboxes."));
    assert!(find("#create-submit").is_none());
}

#[wasm_bindgen_test]
async fn create_typing_survives_a_401_and_comes_back_once() {
    let _lock = PageLock::acquire().await;
    set_path("/sandboxes/new");
    script_fetch(
        json!([{"contains": SANDBOXES_PATH, "status": 401, "body": {"detail": "Token expired"}}]),
    );
    let page = mount_create_page(admin());
    wait_until("the form", || find("#create-name").is_some()).await;
    type_into("#create-name", "half-typed");
    type_into("#create-owner-id", "cust_e2e");
    choose("#create-tier-pro");
    element("#create-metadata-add").click();
    wait_until("a metadata row", || count(".metadata-key") == 1).await;
    type_into(".metadata-key", "team");
    type_into(".metadata-value", "payments");
    element("#create-submit").click();

    // The 401 signs out, which takes the form away.
    wait_until("the form to go", || find("#create-name").is_none()).await;
    assert_eq!(recorded_requests().len(), 1);
    let draft = FormDraft::at("/sandboxes/new");
    let key = draft.key();
    let stored: serde_json::Value =
        serde_json::from_str(&session_storage().get_item(key).unwrap().expect("a draft")).unwrap();
    assert_eq!(
        stored,
        json!({"name": "half-typed", "owner_id": "cust_e2e", "tier": "pro", "mode": "blank",
               "metadata": [{"key": "team", "value": "payments"}]}),
        "only the form's fields are kept"
    );
    drop(page);

    // Reconnected: the same form comes back with the typing, once.
    let page = mount_create_page(admin());
    wait_until("the form", || find("#create-name").is_some()).await;
    // Like any property, the restored values reach the inputs on the next tick.
    wait_until("the name back", || {
        input_value("#create-name") == "half-typed"
    })
    .await;
    assert_eq!(input_value("#create-owner-id"), "cust_e2e");
    assert!(is_checked("#create-tier-pro"));
    assert!(is_checked("#create-mode-blank"));
    assert_eq!(input_value(".metadata-key"), "team");
    assert_eq!(input_value(".metadata-value"), "payments");
    wait_until("the draft to go once restored", || {
        session_storage().get_item(key).unwrap().is_none()
    })
    .await;
    drop(page);

    let _page = mount_create_page(admin());
    wait_until("the form", || find("#create-name").is_some()).await;
    sleep(50).await;
    assert_eq!(input_value("#create-name"), "", "restored only once");
}
