//! Contract v1.1's lifecycle in the console: the list's Expires column,
//! lock marks, quick filter and sort (`list`); the detail page's Extend,
//! Protect / Unprotect and the refusals they cause (`detail`); editing
//! metadata (`metadata`); the create form's expiry and protection
//! (`create`); and a v1.0 server, which has none of it, in each.

mod create;
mod detail;
mod list;
mod metadata;

use leptos::prelude::*;
use sandbox_api::{format_timestamp_ms, Me, Permission, Sandbox};
use serde_json::json;

use crate::support::{me, mount_app, sandbox_json, set_path, tab_sandbox};

const HOUR_MS: i64 = 60 * 60 * 1000;

/// Now by the browser's clock, in milliseconds.
fn now() -> i64 {
    js_sys::Date::now() as i64
}

/// The time `hours` from now, as the API writes it.
fn in_hours(hours: i64) -> String {
    format_timestamp_ms(now() + hours * HOUR_MS)
}

/// `sandbox` (API JSON) as a v1.1 server sends it: expiring at `expires_at`
/// (`None` = never), protected or not.
fn with_lifecycle(
    mut sandbox: serde_json::Value,
    expires_at: Option<&str>,
    protected: bool,
) -> serde_json::Value {
    sandbox["expires_at"] = json!(expires_at);
    sandbox["protected"] = json!(protected);
    sandbox
}

/// A v1.1 sandbox `sbx_<name>` of the list, owned by the caller.
fn listed(name: &str, expires_at: Option<&str>, protected: bool) -> Sandbox {
    serde_json::from_value(with_lifecycle(
        sandbox_json(name, "cust_e2e", "active", "owner"),
        expires_at,
        protected,
    ))
    .unwrap()
}

/// `tab_sandbox` (`sbx_test`) with `access`, v1.1: expiring at
/// `expires_at`, protected or not.
fn detail_sandbox(access: &str, expires_at: Option<&str>, protected: bool) -> serde_json::Value {
    with_lifecycle(tab_sandbox("active", access), expires_at, protected)
}

/// An admin as a v1.0 server describes one: its `/me` lacks
/// `sandboxes:update`, which a v1.1 console's `Permission::ALL` has.
fn v1_0_admin() -> Me {
    let v1_0: Vec<Permission> = Permission::ALL
        .iter()
        .copied()
        .filter(|permission| *permission != Permission::SandboxesUpdate)
        .collect();
    me("admin", &v1_0)
}

/// The real detail page of `sbx_test` at its overview, signed in as `me`.
fn mount_overview(me: Me) -> impl Sized {
    use leptos_router::components::{ParentRoute, Route, Routes};
    use leptos_router::path;
    use sandbox_console::pages::{SandboxDetail, SandboxOverview};

    set_path("/sandboxes/sbx_test");
    let (mounted, _) = mount_app(Some(me), || {
        view! {
            <Routes fallback=|| "no route">
                <ParentRoute path=path!("/sandboxes/:sandbox_id") view=SandboxDetail>
                    <Route path=path!("") view=SandboxOverview />
                </ParentRoute>
            </Routes>
        }
        .into_any()
    });
    mounted
}
