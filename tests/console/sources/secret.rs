//! A realtime source's signing secret, shown once: leaving before it is
//! stored asks first, and a stored secret lets the user go.

use serde_json::json;
use wasm_bindgen_test::*;

use super::source_json;
use crate::support::{
    admin, current_location, document, element, find, input_value, mount_tab, script_fetch,
    set_path, sleep, tab_answer, tab_sandbox_answer, wait_until, PageLock,
};

/// The realtime source `eng-alerts` as the API lists it, or (with a secret)
/// as a rotation answers.
fn realtime_source_json(secret: Option<&str>) -> serde_json::Value {
    let mut source = source_json();
    source["data_source_id"] = json!("src_rt");
    source["name"] = json!("eng-alerts");
    source["ingestion_mode"] = json!("realtime");
    source["webhook_url"] = json!("http://api.test/hooks/src_rt");
    source["webhook_signing_secret"] = json!(secret);
    source
}

/// Makes `window.confirm` answer `answer` and record its questions in `window.__confirms`.
fn answer_confirms(answer: bool) {
    js_sys::eval(&format!(
        "window.__confirms = window.__confirms || []; \
         window.confirm = (question) => {{ window.__confirms.push(question); return {answer}; }};"
    ))
    .unwrap();
}

fn confirms_asked() -> Vec<String> {
    let asked = js_sys::eval("JSON.stringify(window.__confirms || [])").unwrap();
    serde_json::from_str(&asked.as_string().unwrap()).unwrap()
}

/// Whether a `beforeunload` now would make the browser ask before closing the tab.
fn closing_the_tab_asks() -> bool {
    js_sys::eval(
        "(() => { const event = new Event('beforeunload', {cancelable: true}); \
         window.dispatchEvent(event); return event.defaultPrevented; })()",
    )
    .unwrap()
    .as_bool()
    .unwrap()
}

/// A history where Back from the sources tab leads to the members tab.
fn open_sources_after_members() {
    set_path("/sandboxes/sbx_test/members");
    js_sys::eval("history.pushState(null, '', '/sandboxes/sbx_test/sources')").unwrap();
}

/// The sources tab (after the members tab in the history) with one realtime
/// source whose rotation answers a new secret, once its rotate button shows.
async fn open_sources_with_a_realtime_source() -> impl Sized {
    script_fetch(json!([
        tab_answer(
            "POST",
            "/sources/src_rt/rotate-webhook-secret",
            200,
            realtime_source_json(Some("whsec_only_once"))
        ),
        tab_answer("GET", "/sources", 200, json!([realtime_source_json(None)])),
        tab_answer("GET", "/users", 200, json!([])),
        tab_sandbox_answer("active", "owner"),
    ]));
    js_sys::eval("window.__confirms = []").unwrap();
    open_sources_after_members();
    let page = mount_tab("sources", admin());
    wait_until("the rotate button", || {
        find("[data-testid=rotate-open]").is_some()
    })
    .await;
    page
}

/// Confirms the rotate dialog that the rotate button opened.
async fn confirm_the_rotation() {
    wait_until("the rotate dialog", || {
        find("[data-testid=rotate-dialog-confirm]").is_some()
    })
    .await;
    element("[data-testid=rotate-dialog-confirm]").click();
}

#[wasm_bindgen_test]
async fn leaving_while_a_new_secret_is_shown_asks_first() {
    let _lock = PageLock::acquire().await;
    let _page = open_sources_with_a_realtime_source().await;
    let rotate = element("[data-testid=rotate-open]");
    let name = rotate.get_attribute("aria-label").unwrap();
    assert!(
        name.contains(&rotate.text_content().unwrap()),
        "the accessible name {name:?} contains the visible text"
    );
    assert!(!closing_the_tab_asks(), "nothing to lose yet");
    rotate.click();
    confirm_the_rotation().await;
    wait_until("the secret", || {
        find("[data-testid=secret-value]").is_some()
    })
    .await;

    // A link (the members tab), declined: the page and the secret stay.
    answer_confirms(false);
    let members_tab = "a[href='/sandboxes/sbx_test/members']";
    element(members_tab).click();
    assert_eq!(
        confirms_asked(),
        ["The secret will not be shown again. Leave this page without it?"]
    );
    sleep(50).await;
    assert_eq!(current_location(), "/sandboxes/sbx_test/sources");
    assert_eq!(input_value("[data-testid=secret-value]"), "whsec_only_once");

    // Back, declined: the URL is put back and the secret stays.
    js_sys::eval("history.back()").unwrap();
    wait_until("Back to ask", || confirms_asked().len() == 2).await;
    sleep(50).await;
    assert_eq!(current_location(), "/sandboxes/sbx_test/sources");
    assert!(find("[data-testid=secret-panel]").is_some());

    // Closing the tab: the browser's own prompt.
    assert!(closing_the_tab_asks());

    // Agreed: Back goes on, and the guard goes with the secret.
    answer_confirms(true);
    js_sys::eval("history.back()").unwrap();
    wait_until("the members tab", || {
        find("[data-testid=members-tab]").is_some()
    })
    .await;
    assert_eq!(current_location(), "/sandboxes/sbx_test/members");
    assert_eq!(confirms_asked().len(), 3);
    assert!(!closing_the_tab_asks(), "no secret, no prompt");
}

#[wasm_bindgen_test]
async fn a_stored_secret_lets_the_user_leave_without_asking() {
    let _lock = PageLock::acquire().await;
    let _page = open_sources_with_a_realtime_source().await;
    element("[data-testid=rotate-open]").click();
    confirm_the_rotation().await;
    wait_until("the secret", || {
        find("[data-testid=secret-stored]").is_some()
    })
    .await;
    element("[data-testid=secret-stored]").click();
    wait_until("the panel to go", || {
        find("[data-testid=secret-panel]").is_none()
    })
    .await;
    // The focus goes to the tab's heading, not the body the panel left it on.
    wait_until("the focus on the sources heading", || {
        document()
            .active_element()
            .is_some_and(|active| active.id() == "sources-heading")
    })
    .await;
    assert!(!closing_the_tab_asks());
    answer_confirms(false);
    js_sys::eval("history.back()").unwrap();
    wait_until("the members tab", || {
        find("[data-testid=members-tab]").is_some()
    })
    .await;
    assert!(confirms_asked().is_empty(), "nothing to ask once stored");
}
