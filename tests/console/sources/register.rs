//! The register page and the sources tab inside the real detail page:
//! errors at their fields, typing kept over a 401, the tier's limit, a
//! viewer, and stable buttons while the page polls.

use sandbox_api::Me;
use sandbox_console::forms::FormDraft;
use serde_json::json;
use wasm_bindgen_test::*;

use super::source_json;
use crate::support::{
    admin, choose, document, element, find, input_value, is_checked, loads_of, mount_tab, once,
    page_text, script_fetch, select_option, session_storage, submit, tab_answer, tab_api_path,
    tab_sandbox_answer, text_of, type_into, viewer, wait_until, writes, PageLock,
};

/// The register page of the tabs' sandbox, signed in as `me`, once its form shows.
async fn open_register_page(me: Me) -> impl Sized {
    let page = mount_tab("sources/new", me);
    wait_until("the form", || find("#source-name").is_some()).await;
    page
}

/// Picks "Other" as the provider, which asks for the provider's name.
async fn choose_other_provider() {
    select_option("#source-provider", "other");
    wait_until("the provider name", || {
        find("#source-provider-other").is_some()
    })
    .await;
}

#[wasm_bindgen_test]
async fn the_register_form_refuses_bad_input_at_the_fields_and_keeps_it() {
    let _lock = PageLock::acquire().await;
    script_fetch(json!([
        tab_answer("GET", "/sources", 200, json!([])),
        tab_sandbox_answer("active", "owner"),
    ]));
    let _page = open_register_page(admin()).await;
    assert!(
        find("#source-poll-interval").is_none(),
        "no interval unless polling"
    );
    choose("#source-mode-polling");
    wait_until("the interval", || find("#source-poll-interval").is_some()).await;
    assert_eq!(
        input_value("#source-poll-interval"),
        "300",
        "the default is shown"
    );

    choose_other_provider().await;
    type_into("#source-provider-other", "My CRM");
    type_into("#source-name", "crm-poller");
    type_into("#source-poll-interval", "30");
    type_into("#source-adapter-config", "{\n  \"region\": eu\n}");
    submit("[data-testid=register-form]");

    wait_until("the interval error", || {
        find("#source-poll-interval-error").is_some()
    })
    .await;
    assert_eq!(
        text_of("#source-poll-interval-error"),
        "Use 60 seconds or more"
    );
    assert_eq!(
        element("#source-poll-interval")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
    assert!(text_of("#source-provider-other-error").contains("lower-case letters, digits, _ and -"));
    assert!(
        text_of("#source-adapter-config-error").starts_with("Line 2, column 13: expected value"),
        "{}",
        text_of("#source-adapter-config-error")
    );
    assert_eq!(
        document().active_element().map(|e| e.id()).as_deref(),
        Some("source-provider-other"),
        "the first bad field has focus"
    );
    assert!(
        writes().is_empty(),
        "nothing is sent while the form is invalid"
    );
    assert_eq!(input_value("#source-poll-interval"), "30");
    assert_eq!(input_value("#source-provider-other"), "My CRM");

    // An array is valid JSON but not an object; the fixed fields clear at once.
    type_into("#source-adapter-config", "[\"eu\"]");
    type_into("#source-poll-interval", "60");
    wait_until("the new message", || {
        text_of("#source-adapter-config-error").contains("not an array")
    })
    .await;
    assert!(find("#source-poll-interval-error").is_none());
}

#[wasm_bindgen_test]
async fn the_register_typing_survives_a_401_and_comes_back_once() {
    let _lock = PageLock::acquire().await;
    script_fetch(json!([
        tab_answer("GET", "/sources", 200, json!([])),
        tab_answer("POST", "/sources", 401, json!({"detail": "Token expired"})),
        tab_sandbox_answer("active", "owner"),
    ]));
    let page = open_register_page(admin()).await;
    choose_other_provider().await;
    type_into("#source-provider-other", "crm");
    type_into("#source-name", "crm-poller");
    choose("#source-mode-polling");
    wait_until("the interval", || find("#source-poll-interval").is_some()).await;
    type_into("#source-poll-interval", "600");
    choose("#source-kind-ephemeral");
    type_into("#source-account", "T024");
    type_into("#source-adapter-config", "{\"region\": \"eu\"}");
    submit("[data-testid=register-form]");

    let draft = FormDraft::at("/sandboxes/sbx_test/sources/new");
    let key = draft.key();
    wait_until("the draft", || {
        session_storage().get_item(key).unwrap().is_some()
    })
    .await;
    assert_eq!(writes().len(), 1);
    let stored: serde_json::Value =
        serde_json::from_str(&session_storage().get_item(key).unwrap().unwrap()).unwrap();
    assert_eq!(
        stored,
        json!({"provider_choice": "other", "other_provider": "crm", "name": "crm-poller", "ingestion_mode": "polling",
               "kind": "ephemeral", "external_account_id": "T024", "poll_interval": "600",
               "adapter_config": "{\"region\": \"eu\"}"}),
        "only the form's fields are kept"
    );
    drop(page);

    // Reconnected: the same form comes back with the typing, and the draft is gone.
    let _page = mount_tab("sources/new", admin());
    wait_until("the name back", || {
        find("#source-name").is_some_and(|_| input_value("#source-name") == "crm-poller")
    })
    .await;
    assert_eq!(input_value("#source-provider"), "other");
    assert_eq!(input_value("#source-provider-other"), "crm");
    assert_eq!(input_value("#source-name"), "crm-poller");
    assert!(is_checked("#source-mode-polling"));
    assert_eq!(input_value("#source-poll-interval"), "600");
    assert!(is_checked("#source-kind-ephemeral"));
    assert_eq!(input_value("#source-account"), "T024");
    assert_eq!(
        input_value("#source-adapter-config"),
        "{\"region\": \"eu\"}"
    );
    wait_until("the draft to go once restored", || {
        session_storage().get_item(key).unwrap().is_none()
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_full_tier_and_server_field_errors_are_shown_where_they_belong() {
    let _lock = PageLock::acquire().await;
    let existing = source_json();
    let full = json!({"detail": "Source limit reached: this sandbox's tier allows 3 sources"});
    script_fetch(json!([
        tab_answer(
            "GET",
            "/sources",
            200,
            json!([existing, existing, existing])
        ),
        // The first attempt meets the full tier, the next a field the server refuses.
        once(tab_answer("POST", "/sources", 409, full)),
        tab_answer(
            "POST",
            "/sources",
            422,
            json!({"detail": [{"loc": ["body", "external_account_id"], "msg": "Unknown account", "type": "value_error"}]})
        ),
        tab_sandbox_answer("active", "owner"),
    ]));
    let _page = mount_tab("sources/new", admin());
    wait_until("the usage", || {
        page_text().contains("3 of 3 data sources used")
    })
    .await;
    type_into("#source-name", "one-too-many");
    submit("[data-testid=register-form]");
    wait_until("the limit", || find("[data-testid=form-error]").is_some()).await;
    assert_eq!(
        text_of("[data-testid=form-error]"),
        "This free sandbox allows at most 3 data sources (3 now). Delete one or move to a bigger tier."
    );
    assert_eq!(input_value("#source-name"), "one-too-many");

    type_into("#source-account", "T999");
    submit("[data-testid=register-form]");
    wait_until("the server's field error", || {
        text_of("#source-account-error") == "Unknown account"
    })
    .await;
    assert!(find("[data-testid=form-error]").is_none());
    type_into("#source-account", "T998");
    wait_until("the error to go on edit", || {
        find("#source-account-error").is_none()
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_viewer_sees_why_sources_cannot_change() {
    let _lock = PageLock::acquire().await;
    script_fetch(json!([
        tab_answer("GET", "/sources", 200, json!([])),
        tab_sandbox_answer("active", "viewer"),
    ]));
    let _page = open_register_page(viewer()).await;
    assert_eq!(
        text_of("[data-testid=register-refusal]"),
        "Your role (viewer) may not change data sources."
    );
    assert!(element("[data-testid=register-form] fieldset").has_attribute("disabled"));
}

#[wasm_bindgen_test]
async fn action_buttons_stay_the_same_element_while_the_page_polls() {
    let _lock = PageLock::acquire().await;
    script_fetch(json!([
        tab_answer("GET", "/sources", 200, json!([source_json()])),
        tab_sandbox_answer("seeding", "owner"),
    ]));
    let _page = mount_tab("sources", admin());
    wait_until("the delete button", || {
        find("[data-testid=source-delete-open]").is_some()
    })
    .await;
    let button = element("[data-testid=source-delete-open]");
    let sandbox_loads = || loads_of(&tab_api_path(""));
    let before = sandbox_loads();
    // A seeding sandbox is polled (first after 1 s); every poll sets it anew.
    for poll in 1..=2 {
        wait_until(&format!("poll {poll}"), || sandbox_loads() >= before + poll).await;
    }
    // Rendered again, a focused button would lose focus under the user's hands.
    assert!(
        element("[data-testid=source-delete-open]") == button,
        "the button was rendered again at a poll"
    );
}
