//! Bulk actions on the list's selection (issue 18): the confirmation
//! (what runs, what is skipped and why, Delete's typed count, the members
//! to add) and the run (at most 4 in flight, Cancel, a result per sandbox
//! and "Retry failed", a 401 part-way and the resume, Retry-After).

mod confirm;
mod lifecycle;
mod run;

use sandbox_console::session::Session;
use serde_json::{json, Value};

use crate::selection::{list_rule, mount_list, rows};
use crate::support::{element, find, open_dialog_from, text_of, wait_until, writes, Mounted};

const PAGE_BOX: &str = "[data-testid=page-select]";

/// Mounts the list showing `body` (all of its matches), selects the whole
/// page, and opens `action`'s confirmation (`bulk-refresh`, `bulk-delete`,
/// `bulk-add-members`). `rules` answer the bulk requests, before the list's.
async fn confirm_on_page(body: Value, rules: Vec<Value>, action: &str) -> (Mounted, Session) {
    let count = body.as_array().unwrap().len();
    let mut all = rules;
    all.push(list_rule(sandbox_api::SANDBOXES_PATH, body, count as u64));
    crate::support::script_fetch(Value::Array(all));
    let mounted = mount_list("/sandboxes?owner_id=cust_sel", count as u32).await;
    crate::support::choose(PAGE_BOX);
    open_dialog_from(
        &format!("[data-testid={action}]"),
        "[data-testid=bulk-acts-on]",
    )
    .await;
    mounted
}

/// As `confirm_on_page`, then confirms and waits for the run's panel.
async fn run_on_page(body: Value, rules: Vec<Value>, action: &str) -> (Mounted, Session) {
    let mounted = confirm_on_page(body, rules, action).await;
    element("[data-testid=bulk-confirm]").click();
    wait_until("the run", || find("[data-testid=bulk-run]").is_some()).await;
    mounted
}

/// A refresh of `sbx_<name>` answered with `status` and `body`.
fn refresh_rule(name: &str, status: u16, body: Value) -> Value {
    json!({"method": "POST", "contains": format!("/sbx_{name}/refresh"), "status": status, "body": body})
}

/// Every refresh answered with the sandbox, after `delay_ms`.
fn refreshes_succeed(delay_ms: u32) -> Value {
    json!({"method": "POST", "contains": "/refresh", "status": 200, "delay_ms": delay_ms,
           "body": crate::support::sandbox_json("x", "cust_sel", "refreshing", "owner")})
}

/// The sandbox ids the writes since `script_fetch` went to, in order.
fn written_ids() -> Vec<String> {
    writes()
        .iter()
        .filter_map(|request| {
            request
                .url
                .split('/')
                .find(|part| part.starts_with("sbx_"))
                .map(str::to_owned)
        })
        .collect()
}

/// The text of the result of `sbx_<name>`.
fn result_of(name: &str) -> String {
    text_of(&format!(
        "[data-testid=bulk-result][data-sandbox-id=sbx_{name}] .bulk-result-text"
    ))
}

fn summary() -> String {
    text_of("[data-testid=bulk-summary]")
}

/// Waits until the run has settled (its Dismiss shows).
async fn settled() {
    wait_until("the run to settle", || {
        find("[data-testid=bulk-dismiss]").is_some()
    })
    .await;
}

/// `rows(prefix, 0..n)` with some rows changed by `change(index, row)`.
fn rows_with(prefix: &str, n: usize, change: impl Fn(usize, &mut Value)) -> Value {
    let mut body = rows(prefix, 0..n);
    for (index, row) in body.as_array_mut().unwrap().iter_mut().enumerate() {
        change(index, row);
    }
    body
}
