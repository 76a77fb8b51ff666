//! Helpers for browser tests that mount parts of the console: the DOM,
//! waiting, what a user does (typing, choosing, submitting), a scripted
//! `window.fetch`, the fixtures the API would send, and one-test-at-a-time
//! use of the page (tests share its DOM, URL and `fetch`).

use std::cell::Cell;
use std::future::Future;
use std::panic::Location;
use std::sync::Once;

use leptos::prelude::*;
use sandbox_api::{Me, Permission, SANDBOXES_PATH};
use wasm_bindgen::JsCast;

/// Where the mounted console's API is: never reached, `script_fetch` answers.
pub const API_ORIGIN: &str = "http://api.test";
/// The token the mounted console presents; distinct enough to find if it leaks.
pub const TOKEN: &str = "console-test-token";
/// A name that is markup and script: the console must show it as text.
pub const INJECTION: &str = r#"<img src=x onerror=alert(1)><script>alert("xss")</script>"#;

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
    panic!("waited in vain for {what}; the page says: {}", page_text());
}

pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// All the text on the page.
pub fn page_text() -> String {
    document()
        .body()
        .and_then(|body| body.text_content())
        .unwrap_or_default()
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

/// The value of an input, textarea or select.
pub fn input_value(css: &str) -> String {
    js_sys::Reflect::get(&element(css), &"value".into())
        .unwrap()
        .as_string()
        .unwrap()
}

pub fn is_disabled(css: &str) -> bool {
    element(css).has_attribute("disabled")
}

pub fn is_checked(css: &str) -> bool {
    element(css)
        .unchecked_into::<web_sys::HtmlInputElement>()
        .checked()
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

/// Sets a property of the control matching `css`, then fires `event_type`.
fn set_and_fire(css: &str, property: &str, value: wasm_bindgen::JsValue, event_type: &str) {
    let control = element(css);
    js_sys::Reflect::set(&control, &property.into(), &value).unwrap();
    fire(&control, event_type);
}

/// Types into an input or textarea the way a user does: value, then an `input` event.
pub fn type_into(css: &str, text: &str) {
    set_and_fire(css, "value", text.into(), "input");
}

/// Picks `value` in a select: value, then a `change` event.
pub fn select_option(css: &str, value: &str) {
    set_and_fire(css, "value", value.into(), "change");
}

/// Checks a radio button or checkbox: checked, then a `change` event.
pub fn choose(css: &str) {
    set_and_fire(css, "checked", true.into(), "change");
}

/// Submits a form as its submit button would (validation events included).
pub fn submit(form_css: &str) {
    element(form_css)
        .unchecked_into::<web_sys::HtmlFormElement>()
        .request_submit()
        .unwrap();
}

/// Whether the `<dialog>` matching `css` is open.
pub fn dialog_open(css: &str) -> bool {
    element(css)
        .unchecked_into::<web_sys::HtmlDialogElement>()
        .open()
}

/// Opens a dialog from its button (`opener`, once it shows), focused first
/// as a keyboard user would; waits for `content` (inside the dialog) and
/// gives the button, which gets the focus back when the dialog closes.
pub async fn open_dialog_from(opener: &str, content: &str) -> web_sys::HtmlElement {
    wait_until(opener, || find(opener).is_some()).await;
    let button = element(opener);
    button.focus().unwrap();
    button.click();
    wait_until(content, || find(content).is_some()).await;
    button
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

pub fn session_storage() -> web_sys::Storage {
    web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap()
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
/// `contains` is part of the request URL (and whose `method`, if it has
/// one, is the request's) answers with `status`, `body` and `headers`
/// after `delay_ms` (`status` 0 rejects like a dropped connection); a rule
/// with `times` answers that many requests, then gives way to the next.
/// Requests are recorded in `window.__requests` as {method, url, key (the
/// Idempotency-Key header), body}.
pub fn script_fetch(rules: serde_json::Value) {
    let script = format!(
        r#"
        window.__requests = [];
        const rules = {rules};
        window.fetch = async (request) => {{
            const body = request.method === 'GET' ? null : await request.clone().text();
            window.__requests.push({{method: request.method, url: request.url,
                key: request.headers.get('Idempotency-Key'), body}});
            const rule = rules.find((rule) => request.url.includes(rule.contains)
                && (rule.method === undefined || rule.method === request.method) && rule.times !== 0);
            if (!rule) throw new TypeError('no scripted answer for ' + request.method + ' ' + request.url);
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

/// `rule` for one request only; later ones go to the rules after it.
pub fn once(mut rule: serde_json::Value) -> serde_json::Value {
    rule["times"] = serde_json::json!(1);
    rule
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

impl RecordedRequest {
    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(self.body.as_deref().expect("a body")).unwrap()
    }
}

/// The requests since `script_fetch`, in order.
pub fn recorded_requests() -> Vec<RecordedRequest> {
    let value = js_sys::eval("JSON.stringify(window.__requests)").unwrap();
    serde_json::from_str(&value.as_string().unwrap()).unwrap()
}

/// The URLs requested since `script_fetch`.
pub fn requested_urls() -> Vec<String> {
    recorded_requests()
        .into_iter()
        .map(|request| request.url)
        .collect()
}

/// The requests since `script_fetch` that would change something (not GETs).
pub fn writes() -> Vec<RecordedRequest> {
    recorded_requests()
        .into_iter()
        .filter(|request| request.method != "GET")
        .collect()
}

/// How many GETs since `script_fetch` asked for `path` itself (whatever
/// the query; nothing below it).
pub fn loads_of(path: &str) -> usize {
    let url = format!("{API_ORIGIN}{path}");
    recorded_requests()
        .iter()
        .filter(|request| {
            request.method == "GET" && request.url.split('?').next() == Some(url.as_str())
        })
        .count()
}

thread_local! {
    /// Where the test holding the page took it.
    static PAGE_HOLDER: Cell<Option<&'static Location<'static>>> = const { Cell::new(None) };
}

/// How long `PageLock::acquire` waits: twice as long as any test holds
/// the page (a few seconds), well within the runner's time for all tests.
const PAGE_WAIT_MS: i32 = 10_000;

/// The page, for one mounted test at a time: tests share its DOM, URL and
/// `fetch`. wasm-bindgen-test 0.3.80 runs one test at a time (its
/// `CONCURRENCY` is 1); the lock keeps that true for the page should it
/// ever run tests side by side, and says so if a test kept the page.
pub struct PageLock;

impl PageLock {
    /// Takes the page, waiting for the test that holds it; fails the test
    /// if it does not get it within `PAGE_WAIT_MS`.
    #[track_caller]
    pub fn acquire() -> impl Future<Output = PageLock> {
        let caller = Location::caller();
        async move {
            release_the_page_on_panic();
            for _ in 0..PAGE_WAIT_MS / 20 {
                if PAGE_HOLDER.with(|holder| holder.get()).is_none() {
                    PAGE_HOLDER.with(|holder| holder.set(Some(caller)));
                    return PageLock;
                }
                sleep(20).await;
            }
            let holder = PAGE_HOLDER.with(|holder| holder.get()).unwrap();
            panic!(
                "the test at {caller} waited {PAGE_WAIT_MS} ms for the page, which the test \
                 at {holder} took and has not given back"
            );
        }
    }
}

impl Drop for PageLock {
    fn drop(&mut self) {
        PAGE_HOLDER.with(|holder| holder.set(None));
    }
}

/// A panic in wasm ends the test without running its drops, so a failed
/// test would keep the page and fail every later one: the panic hook
/// releases it (tests run one at a time, so the test that panicked holds
/// the page if any does), then reports the panic as before.
fn release_the_page_on_panic() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let report = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |panic| {
            PAGE_HOLDER.with(|holder| holder.set(None));
            report(panic);
        }));
    });
}

/// The `/me` of a principal in account "Acme Production" with `role` and
/// `permissions`; change its fields for other principals.
pub fn me(role: &str, permissions: &[Permission]) -> Me {
    serde_json::from_value(serde_json::json!({
        "principal_id": "prn_test", "email": "ada@acme.test", "role": role,
        "account": {"id": "acct_1", "name": "Acme Production"}, "acting_in_sandbox": null,
        "permissions": permissions,
    }))
    .unwrap()
}

/// An admin of "Acme Production": every permission, as the server grants.
pub fn admin() -> Me {
    me("admin", Permission::ALL)
}

/// A viewer of "Acme Production": read-only.
pub fn viewer() -> Me {
    me("viewer", &[Permission::SandboxesRead])
}

/// Support staff: read-only across every account, belonging to none.
pub fn support_agent() -> Me {
    Me {
        account: None,
        ..me("support", &[Permission::SandboxesRead])
    }
}

/// A sandbox as the API sends it: id `sbx_<name>`, in account `acct_1`, on the free tier.
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

/// Mounts a component that needs no app context.
pub fn mount_plain<N: IntoView + 'static>(view: impl FnOnce() -> N + 'static) -> impl Sized {
    leptos::mount::mount_to(mount_point(), view)
}

/// Mounts `view` inside a Router with what `App` provides: the session
/// (signed in as `me` against `API_ORIGIN`, or signed out), notices
/// and the list location. Keep the returned handle alive while testing.
pub fn mount_app(
    me: Option<Me>,
    view: impl Fn() -> AnyView + Send + Sync + 'static,
) -> (impl Sized, sandbox_console::session::Session) {
    use sandbox_console::components::{NoticeRegion, Notices};
    use sandbox_console::navigation::ListLocation;
    use sandbox_console::session::{Credentials, Session};

    let session_slot = StoredValue::new(None::<Session>);
    let handle = leptos::mount::mount_to(mount_point(), move || {
        let session = Session::new();
        session.credentials.set(me.as_ref().map(|_| Credentials {
            base_url: API_ORIGIN.into(),
            token: TOKEN.into(),
        }));
        session.me.set(me.clone());
        session_slot.set_value(Some(session));
        provide_context(session);
        provide_context(Notices::new());
        provide_context(ListLocation::new());
        view! {
            <leptos_router::components::Router>
                {view()}<NoticeRegion />
            </leptos_router::components::Router>
        }
        .into_any()
    });
    (handle, session_slot.get_value().unwrap())
}

/// The sandbox whose tabs the members, apps and sources tests show:
/// `sbx_test`, of owner `cust_e2e`.
pub fn tab_sandbox(status: &str, access: &str) -> serde_json::Value {
    sandbox_json("test", "cust_e2e", status, access)
}

/// The API path of `tab_sandbox`, or of something below it (`suffix` starts with `/` or is empty).
pub fn tab_api_path(suffix: &str) -> String {
    format!("{SANDBOXES_PATH}/sbx_test{suffix}")
}

/// A `script_fetch` rule: `method` requests of `tab_api_path(suffix)` get
/// `status` and `body`. The sandbox's own path (`suffix` "") is part of
/// every path below it: put its rule last.
pub fn tab_answer(
    method: &str,
    suffix: &str,
    status: u16,
    body: serde_json::Value,
) -> serde_json::Value {
    serde_json::json!({"method": method, "contains": tab_api_path(suffix), "status": status, "body": body})
}

/// The real detail page of `tab_sandbox` at its `tab` ("members",
/// "sources/new"…), with the tabs' routes, signed in as `me`.
pub fn mount_tab(tab: &str, me: Me) -> impl Sized {
    use leptos_router::components::{ParentRoute, Route, Routes};
    use leptos_router::path;
    use sandbox_console::pages::{
        AppsTab, MembersTab, RegisterSourcePage, SandboxDetail, SourcesTab,
    };

    set_path(&format!("/sandboxes/sbx_test/{tab}"));
    let (mounted, _) = mount_app(Some(me), || {
        view! {
            <Routes fallback=|| "no route">
                <ParentRoute path=path!("/sandboxes/:sandbox_id") view=SandboxDetail>
                    <Route path=path!("members") view=MembersTab />
                    <Route path=path!("apps") view=AppsTab />
                    <Route path=path!("sources") view=SourcesTab />
                    <Route path=path!("sources/new") view=RegisterSourcePage />
                </ParentRoute>
            </Routes>
        }
        .into_any()
    });
    mounted
}
