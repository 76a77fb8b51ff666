//! Demo mode: "Try it as…" on Connect, the header's Demo badge and menu
//! (switching identity, resetting the demo), and none of it against an API
//! that runs no demo.

use leptos::prelude::*;
use sandbox_api::{Me, DEMO_PATH, DEMO_RESET_PATH, ME_PATH};
use sandbox_console::pages::{Connect, Header};
use serde_json::{json, Value};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

use crate::support::{
    admin, current_location, dialog_open, document, element, find, mount_app, page_text,
    recorded_requests, script_fetch, set_path, sleep, support_agent, text_of, texts, viewer,
    wait_until, PageLock, API_ORIGIN,
};

/// What a demo server answers at `GET /api/v1/demo`.
fn demo() -> Value {
    let acme = json!({"id": "acct_1", "name": "Acme Production"});
    json!({"resettable": true, "identities": [
        {"token": "demo-admin", "label": "Ada — admin of Acme Production", "email": "ada@acme.test",
         "role": "admin", "account": acme, "acting_in_sandbox": null},
        {"token": "demo-viewer", "label": "Vic — viewer in Acme Production", "email": "vic@acme.test",
         "role": "viewer", "account": acme, "acting_in_sandbox": null},
        {"token": "demo-support", "label": "Sam — support across every account",
         "email": "sam@support.test", "role": "support", "account": null, "acting_in_sandbox": null},
    ]})
}

fn demo_answer() -> Value {
    json!({"method": "GET", "contains": DEMO_PATH, "status": 200, "body": demo()})
}

/// A server that runs no demo: `GET /api/v1/demo` is a 404 like any unknown path.
fn no_demo_answer() -> Value {
    json!({"contains": DEMO_PATH, "status": 404, "body": {"detail": "Not Found"}})
}

/// The recorded requests to `path`.
fn requests_to(path: &str) -> usize {
    recorded_requests()
        .iter()
        .filter(|request| request.url.ends_with(path))
        .count()
}

/// The `index`-th element matching `css`.
fn nth(css: &str, index: u32) -> web_sys::HtmlElement {
    let found = document().query_selector_all(css).unwrap().get(index);
    found
        .unwrap_or_else(|| panic!("no element {index} of {css}"))
        .unchecked_into()
}

#[wasm_bindgen_test]
async fn connect_offers_one_button_per_identity_and_one_click_connects() {
    let _page = PageLock::acquire().await;
    let before = current_location();
    set_path("/connect");
    let viewer_me = Me {
        email: "vic@acme.test".into(),
        ..viewer()
    };
    script_fetch(json!([demo_answer(),
        {"contains": ME_PATH, "status": 200, "body": viewer_me}]));
    let (_mounted, session) = mount_app(None, || view! { <Connect /> }.into_any());
    wait_until("the identities", || {
        find("[data-testid=demo-identities]").is_some()
    })
    .await;
    assert!(text_of("[data-testid=demo-identities] h2").contains("Try it as…"));
    let buttons = texts("[data-testid=demo-identity]");
    assert_eq!(buttons.len(), 3, "{buttons:?}");
    assert!(
        buttons[1].contains("Vic — viewer in Acme Production")
            && buttons[1].contains("viewer · Acme Production")
            && buttons[1].contains("every change is disabled"),
        "who, role, account and what they may do: {}",
        buttons[1]
    );
    assert!(buttons[2].contains("every account"), "{}", buttons[2]);
    assert!(find("#connect-token").is_some(), "the manual form stays");

    nth("[data-testid=demo-identity]", 1).click();
    wait_until("connected", || session.me.get_untracked().is_some()).await;
    wait_until("the list", || current_location() == "/sandboxes").await;
    let credentials = session.credentials.get_untracked().unwrap();
    assert_eq!(
        (credentials.base_url.as_str(), credentials.token.as_str()),
        (API_ORIGIN, "demo-viewer")
    );
    assert!(
        recorded_requests()
            .iter()
            .all(|r| !r.url.contains("demo-viewer")),
        "the token is never in a URL"
    );
    set_path(&before);
}

#[wasm_bindgen_test]
async fn nothing_of_the_demo_shows_against_an_api_without_one() {
    let _page = PageLock::acquire().await;
    let before = current_location();
    set_path("/connect");
    script_fetch(json!([no_demo_answer()]));
    let (mounted, _) = mount_app(None, || view! { <Connect /> }.into_any());
    wait_until("the demo asked for", || requests_to(DEMO_PATH) > 0).await;
    sleep(20).await;
    assert!(find("[data-testid=demo-identities]").is_none());
    assert!(find("#connect-token").is_some(), "just the form");
    drop(mounted);

    set_path("/sandboxes");
    script_fetch(json!([no_demo_answer()]));
    let (_mounted, _) = mount_app(Some(admin()), || view! { <Header /> }.into_any());
    wait_until("the demo asked for", || requests_to(DEMO_PATH) > 0).await;
    sleep(20).await;
    assert!(find("[data-testid=whoami]").is_some());
    assert!(find("[data-testid=demo-badge]").is_none());
    assert!(find("[data-testid=demo-menu-open]").is_none());
    set_path(&before);
}

#[wasm_bindgen_test]
async fn the_header_switches_identity_in_one_click_and_stays_on_the_page() {
    let _page = PageLock::acquire().await;
    let before = current_location();
    set_path("/sandboxes?owner_id=cust_4711");
    let support_me = Me {
        email: "sam@support.test".into(),
        account: None,
        ..support_agent()
    };
    script_fetch(json!([demo_answer(),
        {"contains": ME_PATH, "status": 200, "body": support_me}]));
    let (_mounted, session) = mount_app(Some(admin()), || view! { <Header /> }.into_any());
    session
        .credentials
        .update(|c| c.as_mut().unwrap().token = "demo-admin".into());
    wait_until("the badge", || find("[data-testid=demo-badge]").is_some()).await;
    assert_eq!(text_of("[data-testid=demo-badge]"), "Demo");
    let open = element("[data-testid=demo-menu-open]");
    assert_eq!(
        open.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    open.click();
    sleep(0).await;
    assert_eq!(open.get_attribute("aria-expanded").as_deref(), Some("true"));
    assert_eq!(texts("[data-testid=demo-switch]").len(), 3);
    let current: web_sys::HtmlButtonElement = nth("[data-testid=demo-switch]", 0).unchecked_into();
    assert!(
        current.disabled(),
        "the identity in use is marked, not offered"
    );
    assert_eq!(
        current.get_attribute("aria-current").as_deref(),
        Some("true")
    );

    let reloads = session.reloads.get_untracked();
    nth("[data-testid=demo-switch]", 2).click();
    wait_until("switched", || {
        session
            .credentials
            .with_untracked(|c| c.as_ref().map(|c| c.token.clone()))
            .as_deref()
            == Some("demo-support")
    })
    .await;
    wait_until("the pages reloaded", || {
        session.reloads.get_untracked() > reloads
    })
    .await;
    assert_eq!(
        session.me.get_untracked().unwrap().email,
        "sam@support.test"
    );
    assert_eq!(
        current_location(),
        "/sandboxes?owner_id=cust_4711",
        "the same page"
    );
    wait_until("said so", || page_text().contains("Now acting as Sam")).await;
    assert!(
        find("[data-testid=demo-reset-open]").is_none(),
        "support may not reset"
    );
    set_path(&before);
}

#[wasm_bindgen_test]
async fn reset_asks_first_then_reloads_and_says_so() {
    let _page = PageLock::acquire().await;
    let before = current_location();
    set_path("/sandboxes");
    script_fetch(json!([
        {"method": "POST", "contains": DEMO_RESET_PATH, "status": 200, "body": {"reset_at": "2026-12-01T14:00:00Z"}},
        demo_answer(),
    ]));
    let (_mounted, session) = mount_app(Some(admin()), || view! { <Header /> }.into_any());
    session
        .credentials
        .update(|c| c.as_mut().unwrap().token = "demo-admin".into());
    wait_until("the badge", || find("[data-testid=demo-badge]").is_some()).await;
    element("[data-testid=demo-menu-open]").click();
    sleep(0).await;
    element("[data-testid=demo-reset-open]").click();
    sleep(0).await;
    assert!(dialog_open("[data-testid=demo-reset]"));
    let text = text_of("[data-testid=demo-reset]");
    assert!(
        text.contains("Everything returns to its first state"),
        "{text}"
    );
    assert!(
        recorded_requests().iter().all(|r| r.method != "POST"),
        "nothing reset before the confirmation"
    );
    let reloads = session.reloads.get_untracked();
    element("[data-testid=demo-reset-confirm]").click();
    wait_until("reset", || session.reloads.get_untracked() > reloads).await;
    let posts: Vec<String> = recorded_requests()
        .into_iter()
        .filter(|r| r.method == "POST")
        .map(|r| r.url)
        .collect();
    assert_eq!(posts, [format!("{API_ORIGIN}{DEMO_RESET_PATH}")]);
    assert!(!dialog_open("[data-testid=demo-reset]"));
    wait_until("said so", || {
        page_text().contains("Demo data reset: everything is back to its first state.")
    })
    .await;
    set_path(&before);
}
