//! Activity (v1.1) against a scripted API: a sandbox's Activity tab inside
//! the real detail page — every action kind and its changes as text
//! (markup from the API included), paging, the empty, error and loading
//! states, and the fallback of a v1.0 server without the endpoints — and
//! the Activity page: filters in the URL, tenants for support, deleted
//! sandboxes, and Export CSV (every page, quoting, no formulas, Cancel).

mod export;
mod page;
mod tab;

use leptos::prelude::*;
use sandbox_console::pages::ActivityPage;
use serde_json::json;

use crate::support::{find, mount_app, requested_urls, set_path, text_of, wait_until, API_ORIGIN};

/// An event of the tabs' sandbox; `actor` is an admin's email, or `None` for the server.
fn event_json(action: &str, actor: Option<&str>, changes: serde_json::Value) -> serde_json::Value {
    let actor =
        actor.map(|email| json!({"principal_id": "prn_1", "email": email, "role": "admin"}));
    json!({"event_id": format!("evt_{action}"), "object": "event", "occurred_at": "2026-11-07T05:31:56Z",
           "user_id": "acct_1", "sandbox_id": "sbx_test", "sandbox_name": "test", "actor": actor,
           "action": action, "summary": format!("<b>{action}</b>"), "changes": changes,
           "request_id": "req_1"})
}

const ADA: Option<&str> = Some("ada@acme.test");

// ---- /activity: helpers of `page` and `export` ----

/// An event of sandbox `sandbox_id` named `name` in tenant `tenant`.
fn account_event(sandbox_id: &str, name: &str, tenant: &str, deleted: bool) -> serde_json::Value {
    let mut event = event_json("sandbox.deleted", ADA, json!({"status": ["active", null]}));
    event["sandbox_id"] = json!(sandbox_id);
    event["sandbox_name"] = json!(name);
    event["user_id"] = json!(tenant);
    event["sandbox_deleted"] = json!(deleted);
    event
}

/// Whether a request asked for exactly `path_and_query` (gloo ends a URL
/// that has a query with `&`, for parameters it would add).
fn asked(path_and_query: &str) -> bool {
    let url = format!("{API_ORIGIN}{path_and_query}");
    requested_urls()
        .iter()
        .any(|requested| requested.trim_end_matches('&') == url)
}

/// The Activity page at `path`, signed in as `me`.
fn mount_activity(path: &str, me: sandbox_api::Me) -> impl Sized {
    set_path(path);
    let (mounted, _) = mount_app(Some(me), || view! { <ActivityPage /> }.into_any());
    mounted
}

fn events_rule(contains: &str, body: serde_json::Value, total: usize) -> serde_json::Value {
    json!({"method": "GET", "contains": contains, "status": 200, "body": body,
           "headers": {"X-Total-Count": total.to_string()}})
}

/// Waits for the fallback of a v1.0 server, which records no activity.
async fn says_activity_is_not_recorded() {
    wait_until("the fallback", || {
        find("[data-testid=activity-not-recorded]").is_some()
    })
    .await;
    assert_eq!(
        text_of("[data-testid=activity-not-recorded]"),
        "This API does not record activity."
    );
}
