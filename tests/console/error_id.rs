//! An API error names the request it answered: the answer's `X-Request-Id`
//! under the message, with a copy button, so a user can quote it to
//! support (`components::ErrorPanel`, which every page's failed load
//! shows); nothing of it from a server that sends no id (v1.0).

use leptos::prelude::*;
use sandbox_api::EVENTS_PATH;
use sandbox_console::api::{ApiError, Detail};
use sandbox_console::components::ErrorPanel;
use sandbox_console::pages::ActivityPage;
use serde_json::json;
use wasm_bindgen_test::*;

use crate::support::{
    admin, element, find, mount_app, mount_plain, script_fetch, set_path, text_of, wait_until,
    PageLock,
};

const ID: &str = "req_5f0c2a9e";

/// The Activity page, whose events request fails with a 500 that has `headers`.
async fn activity_failing_with(headers: serde_json::Value) -> impl Sized {
    script_fetch(
        json!([{"method": "GET", "contains": EVENTS_PATH, "status": 500,
                         "body": {"detail": "Database is restarting"}, "headers": headers}]),
    );
    set_path("/activity");
    let (mounted, _) = mount_app(Some(admin()), || view! { <ActivityPage /> }.into_any());
    wait_until("the error", || find("[data-testid=error]").is_some()).await;
    mounted
}

#[wasm_bindgen_test]
async fn a_failed_load_shows_its_request_id_with_a_copy_button() {
    let _lock = PageLock::acquire().await;
    let _page = activity_failing_with(json!({"X-Request-Id": ID})).await;
    assert_eq!(
        text_of("[data-testid=error] p"),
        "The server failed (500): Database is restarting"
    );
    assert_eq!(text_of("[data-testid=request-id]"), ID);
    let copy = element("[data-testid=copy-request-id]");
    // A real button: in the tab order, pressed with Enter or Space.
    assert_eq!(copy.tag_name(), "BUTTON");
    assert_eq!(
        copy.get_attribute("aria-label").as_deref(),
        Some("Copy request ID")
    );
}

#[wasm_bindgen_test]
async fn an_answer_without_a_request_id_shows_no_id_and_no_button() {
    let _lock = PageLock::acquire().await;
    let _page = activity_failing_with(json!({})).await;
    assert!(find("[data-testid=request-id]").is_none());
    assert!(find("[data-testid=copy-request-id]").is_none());
    // A blank header is no id either.
    let blank = ApiError::from_response(500, "", None).with_request_id(Some(" "));
    assert_eq!(blank.request_id(), None);
}

/// An error panel for a 503 whose answer had the id [`ID`].
fn mount_error_with_id() -> impl Sized {
    let error = ApiError::Server {
        status: 503,
        detail: Detail {
            text: "Service unavailable".into(),
            request_id: Some(ID.into()),
        },
    };
    mount_plain(move || view! { <ErrorPanel error /> })
}

/// Sets `navigator.clipboard` to `value` (JavaScript) on the page, until [`restore_clipboard`].
fn stub_clipboard(value: &str) {
    js_sys::eval(&format!(
        "window.__copied = null;
         Object.defineProperty(navigator, 'clipboard', {{configurable: true, value: {value}}});"
    ))
    .unwrap();
}

/// The browser's own `navigator.clipboard` again.
fn restore_clipboard() {
    js_sys::eval("delete navigator.clipboard").unwrap();
}

#[wasm_bindgen_test]
async fn copy_writes_the_id_to_the_clipboard_and_says_copied() {
    let _lock = PageLock::acquire().await;
    stub_clipboard("{writeText: (text) => { window.__copied = text; return Promise.resolve(); }}");
    let _panel = mount_error_with_id();
    element("[data-testid=copy-request-id]").click();
    wait_until("Copied", || {
        text_of("[data-testid=copy-request-id-status]") == "Copied"
    })
    .await;
    let copied = js_sys::eval("window.__copied").unwrap().as_string();
    restore_clipboard();
    assert_eq!(copied.as_deref(), Some(ID));
    assert_eq!(
        element("[data-testid=copy-request-id-status]")
            .get_attribute("role")
            .as_deref(),
        Some("status"),
        "announced politely"
    );
}

#[wasm_bindgen_test]
async fn without_a_clipboard_the_id_is_selected_to_copy_by_hand() {
    let _lock = PageLock::acquire().await;
    stub_clipboard("undefined");
    let _panel = mount_error_with_id();
    element("[data-testid=copy-request-id]").click();
    wait_until("the fallback", || {
        find("[data-testid=copy-request-id-status]").is_some_and(|status| {
            status
                .text_content()
                .unwrap_or_default()
                .contains("selected")
        })
    })
    .await;
    restore_clipboard();
    let selected = js_sys::eval("window.getSelection().toString()")
        .unwrap()
        .as_string();
    assert_eq!(selected.as_deref(), Some(ID));
    assert_eq!(
        text_of("[data-testid=copy-request-id-status]"),
        "Could not copy: the text is selected, press Ctrl+C (⌘C)"
    );
}
