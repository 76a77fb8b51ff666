//! Helpers for browser tests that mount parts of the console: the DOM,
//! waiting, typing, a scripted `window.fetch`, and one-test-at-a-time use
//! of the page (tests share its DOM, URL and `fetch`).

#![allow(dead_code)] // Each test file uses a different part of this.

use wasm_bindgen::JsCast;

pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Waits up to 3 s for `condition`, then fails naming `what` and the page's text.
pub async fn wait_until(what: &str, condition: impl Fn() -> bool) {
    for _ in 0..150 {
        if condition() {
            return;
        }
        sleep(20).await;
    }
    let text = document()
        .body()
        .and_then(|body| body.text_content())
        .unwrap_or_default();
    panic!("waited in vain for {what}; the page says: {text}");
}

pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

pub fn find(css: &str) -> Option<web_sys::HtmlElement> {
    document()
        .query_selector(css)
        .unwrap()
        .map(|element| element.unchecked_into())
}

pub fn element(css: &str) -> web_sys::HtmlElement {
    find(css).unwrap_or_else(|| panic!("no element matches {css}"))
}

pub fn count(css: &str) -> u32 {
    document().query_selector_all(css).unwrap().length()
}

pub fn text_of(css: &str) -> String {
    find(css)
        .map(|element| element.text_content().unwrap_or_default())
        .unwrap_or_default()
}

/// The text of every element matching `css`, in document order.
pub fn texts(css: &str) -> Vec<String> {
    let list = document().query_selector_all(css).unwrap();
    (0..list.length())
        .map(|index| list.get(index).unwrap().text_content().unwrap_or_default())
        .collect()
}

pub fn input_value(css: &str) -> String {
    element(css)
        .unchecked_into::<web_sys::HtmlInputElement>()
        .value()
}

/// Fires a DOM event the way the browser would (bubbling, so Leptos's
/// delegated handlers see it).
pub fn fire(element: &web_sys::HtmlElement, event_type: &str) {
    let fire = js_sys::Function::new_with_args(
        "element, type",
        "element.dispatchEvent(new Event(type, {bubbles: true, cancelable: true}))",
    );
    fire.call2(&wasm_bindgen::JsValue::NULL, element, &event_type.into())
        .unwrap();
}

/// Types into an input the way a user does: value, then an `input` event.
pub fn type_into(css: &str, text: &str) {
    let input = element(css);
    input
        .clone()
        .unchecked_into::<web_sys::HtmlInputElement>()
        .set_value(text);
    fire(&input, "input");
}

/// A fresh element to mount into; removes what an earlier (maybe failed) test left.
pub fn mount_point() -> web_sys::HtmlElement {
    let leftovers = document().query_selector_all(".test-mount").unwrap();
    for index in 0..leftovers.length() {
        leftovers
            .get(index)
            .unwrap()
            .unchecked_into::<web_sys::Element>()
            .remove();
    }
    let parent: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    parent.set_class_name("test-mount");
    document().body().unwrap().append_child(&parent).unwrap();
    parent
}

pub fn set_path(path: &str) {
    js_sys::eval(&format!("history.replaceState(null, '', {path:?})")).unwrap();
}

/// Path and query of the page.
pub fn current_location() -> String {
    let location = web_sys::window().unwrap().location();
    format!(
        "{}{}",
        location.pathname().unwrap(),
        location.search().unwrap()
    )
}

/// Replaces `window.fetch` with rules tried in order: the first whose
/// `contains` is part of the request URL answers with `status`, `body` and
/// `headers` after `delay_ms` (`status` 0 rejects like a dropped
/// connection); a rule with `times` answers that many requests, then gives
/// way to the next. Requests are recorded in `window.__requests` as
/// {method, url, key (the Idempotency-Key header), body}.
pub fn script_fetch(rules: serde_json::Value) {
    let script = format!(
        r#"
        window.__requests = [];
        const rules = {rules};
        window.fetch = async (request) => {{
            const body = request.method === 'GET' ? null : await request.clone().text();
            window.__requests.push({{method: request.method, url: request.url,
                key: request.headers.get('Idempotency-Key'), body}});
            const rule = rules.find((rule) => request.url.includes(rule.contains) && rule.times !== 0);
            if (!rule) throw new TypeError('no scripted answer for ' + request.url);
            if (rule.times !== undefined) rule.times -= 1;
            await new Promise((resolve) => setTimeout(resolve, rule.delay_ms || 0));
            if (rule.status === 0) throw new TypeError('Failed to fetch');
            const headers = Object.assign({{'Content-Type': 'application/json'}}, rule.headers || {{}});
            return new Response(JSON.stringify(rule.body), {{status: rule.status, headers}});
        }};
        "#
    );
    js_sys::eval(&script).expect("installing the scripted fetch");
}

/// The URLs requested since `script_fetch`.
pub fn requested_urls() -> Vec<String> {
    let value = js_sys::eval("JSON.stringify(window.__requests.map((r) => r.url))").unwrap();
    serde_json::from_str(&value.as_string().unwrap()).unwrap()
}

/// One request `script_fetch` answered.
#[derive(Debug, serde::Deserialize)]
pub struct RecordedRequest {
    pub method: String,
    pub url: String,
    /// The `Idempotency-Key` header.
    pub key: Option<String>,
    /// The body as sent (`None` for a GET).
    pub body: Option<String>,
}

/// The requests since `script_fetch`, in order.
pub fn recorded_requests() -> Vec<RecordedRequest> {
    let value = js_sys::eval("JSON.stringify(window.__requests)").unwrap();
    serde_json::from_str(&value.as_string().unwrap()).unwrap()
}

thread_local! {
    static PAGE_IN_USE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The page, for one mounted test at a time: wasm-bindgen-test interleaves async tests.
pub struct PageLock;

impl PageLock {
    pub async fn acquire() -> PageLock {
        // A test that panicked never releases it: wait a while, then go on.
        for _ in 0..250 {
            if !PAGE_IN_USE.with(|in_use| in_use.replace(true)) {
                return PageLock;
            }
            sleep(20).await;
        }
        PageLock
    }
}

impl Drop for PageLock {
    fn drop(&mut self) {
        PAGE_IN_USE.with(|in_use| in_use.set(false));
    }
}

pub fn is_disabled(css: &str) -> bool {
    element(css).has_attribute("disabled")
}

/// Every permission an admin of the account holds.
pub const ADMIN_PERMISSIONS: &[&str] = &[
    "sandboxes:read",
    "sandboxes:create",
    "sandboxes:refresh",
    "sandboxes:delete",
    "sandboxes:members",
    "apps:push",
    "sources:write",
];

/// Whether the `<dialog>` matching `css` is open.
pub fn dialog_open(css: &str) -> bool {
    element(css)
        .unchecked_into::<web_sys::HtmlDialogElement>()
        .open()
}

/// Waits until the keyboard focus is on `element` (a dialog gave it back).
pub async fn wait_for_focus_on(element: &web_sys::HtmlElement) {
    wait_until("focus back on the opener", || {
        document()
            .active_element()
            .is_some_and(|active| active == *element.as_ref())
    })
    .await;
}

/// The `/me` of a principal in account "Acme Production" with `role` and `permissions`.
pub fn me(role: &str, permissions: &[&str]) -> sandbox_api::Me {
    serde_json::from_value(serde_json::json!({
        "principal_id": "prn_test", "email": "ada@acme.test", "role": role,
        "account": {"id": "acct_1", "name": "Acme Production"}, "acting_in_sandbox": null,
        "permissions": permissions,
    }))
    .unwrap()
}

/// A sandbox as the API sends it: id `sbx_<name>`, in account `acct_1`.
pub fn sandbox_json(name: &str, owner_id: &str, status: &str, access: &str) -> serde_json::Value {
    serde_json::json!({
        "sandbox_id": format!("sbx_{name}"), "object": "sandbox", "user_id": "acct_1",
        "owner_id": owner_id, "name": name, "tier": "free", "mode": "blank", "status": status,
        "storage_provider_type": "platform_s3",
        "limits": {"storage_bytes": 1073741824u64, "max_sources": 3, "max_members": 5},
        "metadata": {}, "created_at": "2026-11-07T05:31:56Z", "updated_at": "2026-11-07T05:31:56Z",
        "last_refreshed_at": null, "access": access, "is_external": false,
    })
}

/// Mounts `view` inside a Router with what `App` provides: the session
/// (signed in as `me` against a fake API origin, or signed out), notices
/// and the list location. Keep the returned handle alive while testing.
pub fn mount_app(
    me: Option<sandbox_api::Me>,
    view: impl Fn() -> leptos::prelude::AnyView + Send + Sync + 'static,
) -> (impl Sized, sandbox_console::session::Session) {
    use leptos::prelude::*;
    use sandbox_console::components::{NoticeRegion, Notices};
    use sandbox_console::navigation::ListLocation;
    use sandbox_console::session::{Credentials, Session};

    let session_slot = StoredValue::new(None::<Session>);
    let handle = leptos::mount::mount_to(mount_point(), move || {
        let session = Session::new();
        session.credentials.set(me.as_ref().map(|_| Credentials {
            base_url: "http://api.test".into(),
            token: "t".into(),
        }));
        session.me.set(me.clone());
        session_slot.set_value(Some(session));
        provide_context(session);
        provide_context(Notices::new());
        provide_context(ListLocation::new());
        view! { <leptos_router::components::Router>{view()}<NoticeRegion/></leptos_router::components::Router> }.into_any()
    });
    (handle, session_slot.get_value().unwrap())
}
