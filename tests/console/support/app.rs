//! The console mounted as `App` would have it, and what the API says about
//! the caller and its sandboxes.

use std::any::Any;
use std::cell::RefCell;

use leptos::prelude::*;
use sandbox_api::{Me, Permission, SANDBOXES_PATH};
use wasm_bindgen::JsCast;

use super::{document, set_path};

/// Where the mounted console's API is: never reached, `script_fetch` answers.
pub const API_ORIGIN: &str = "http://api.test";
/// The token the mounted console presents; distinct enough to find if it leaks.
pub const TOKEN: &str = "console-test-token";
/// A name that is markup and script: the console must show it as text.
pub const INJECTION: &str = r#"<img src=x onerror=alert(1)><script>alert("xss")</script>"#;

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

thread_local! {
    /// The reactive owner of the view mounted now, until its `Mounted` is dropped.
    static MOUNTED_OWNER: RefCell<Option<Owner>> = const { RefCell::new(None) };
}

/// A view mounted for one test; dropping it unmounts the view and runs
/// every cleanup of its reactive owner. Leptos' own handle runs them only
/// when the last clone of the owner goes, which a task still pending (a
/// poll's timer, a request) can keep past the test: the router's window
/// listeners then stay and take the clicks meant for the next test's links.
pub struct Mounted {
    handle: Option<Box<dyn Any>>,
}

impl Mounted {
    fn new(mount: impl FnOnce() -> Box<dyn Any>) -> Mounted {
        let owner = Owner::new();
        let handle = owner.with(mount);
        MOUNTED_OWNER.with(|mounted| mounted.replace(Some(owner)));
        Mounted {
            handle: Some(handle),
        }
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        drop(self.handle.take());
        clean_up_mounted_owner();
    }
}

/// A test that panicked never drops its `Mounted` (wasm does not unwind),
/// so the next mount cleans up after it.
fn clean_up_mounted_owner() {
    if let Some(owner) = MOUNTED_OWNER.with(RefCell::take) {
        owner.cleanup();
    }
}

/// A fresh element to mount into; removes what an earlier (maybe failed) test left.
pub fn mount_point() -> web_sys::HtmlElement {
    clean_up_mounted_owner();
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

/// Mounts a component that needs no app context.
pub fn mount_plain<N: IntoView + 'static>(view: impl FnOnce() -> N + 'static) -> Mounted {
    let parent = mount_point();
    Mounted::new(move || Box::new(leptos::mount::mount_to(parent, view)))
}

/// Mounts `view` inside a Router with what `App` provides: the session
/// (signed in as `me` against `API_ORIGIN`, or signed out), notices
/// and the list location. Keep the returned handle alive while testing.
pub fn mount_app(
    me: Option<Me>,
    view: impl Fn() -> AnyView + Send + Sync + 'static,
) -> (Mounted, sandbox_console::session::Session) {
    use sandbox_console::components::{NoticeRegion, Notices};
    use sandbox_console::navigation::ListLocation;
    use sandbox_console::session::{Credentials, Session};

    // As `main` does, before any router listens.
    sandbox_console::components::leave_guard::listen_before_the_router();
    let session_slot = StoredValue::new(None::<Session>);
    let parent = mount_point();
    let handle = Mounted::new(move || {
        Box::new(leptos::mount::mount_to(parent, move || {
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
            provide_context(sandbox_console::bulk::BulkRun::new());
            view! {
                <leptos_router::components::Router>
                    {view()}<NoticeRegion />
                </leptos_router::components::Router>
            }
            .into_any()
        }))
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

/// The `script_fetch` rule answering the detail page's GET of
/// `tab_sandbox(status, access)`: the last rule, as `tab_answer` says.
pub fn tab_sandbox_answer(status: &str, access: &str) -> serde_json::Value {
    tab_answer("GET", "", 200, tab_sandbox(status, access))
}

/// The real detail page of `tab_sandbox` at its `tab` ("members",
/// "sources/new"…), with the tabs' routes, signed in as `me`.
pub fn mount_tab(tab: &str, me: Me) -> impl Sized {
    use leptos_router::components::{ParentRoute, Route, Routes};
    use leptos_router::path;
    use sandbox_console::pages::{
        ActivityTab, AppsTab, MembersTab, RegisterSourcePage, SandboxDetail, SourcesTab,
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
                    <Route path=path!("activity") view=ActivityTab />
                </ParentRoute>
            </Routes>
        }
        .into_any()
    });
    mounted
}
