//! `/sandboxes`: the list's URL state, its filters, its table and pager,
//! the page against a scripted API, and refresh and delete from a row.

mod encoding;
mod filters;
mod page;
mod row_actions;
mod state;
mod table;

use sandbox_api::Sandbox;
use serde_json::json;

use crate::support::{sandbox_json, texts};

/// A sandbox of the list, with access "owner" and a short id whatever
/// the name (some names here are markup).
fn row(name: &str, owner_id: &str, status: &str) -> Sandbox {
    let mut json = sandbox_json(name, owner_id, status, "owner");
    json["sandbox_id"] = json!(format!("sbx_{}", name.len()));
    serde_json::from_value(json).unwrap()
}

/// The API's answer to a list request: active sandboxes named `names`.
fn list_body(names: &[&str], owner_id: &str) -> serde_json::Value {
    serde_json::to_value(
        names
            .iter()
            .map(|name| row(name, owner_id, "active"))
            .collect::<Vec<_>>(),
    )
    .unwrap()
}

/// Every element's `data-testid=sandbox-name` text, in order.
fn shown_names() -> Vec<String> {
    texts("[data-testid=sandbox-name]")
}
