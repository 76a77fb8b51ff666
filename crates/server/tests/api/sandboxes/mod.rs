//! Listing, creating (validation, idempotency, concurrency), reading,
//! refreshing and deleting sandboxes; their lifecycle (v1.1): `PATCH`,
//! protection, expiry, the lifecycle filters and sorts, and the migration
//! of a database made by the previous version.

mod create;
mod expiry;
mod lifecycle_list;
mod list;
mod migration;
mod operations;
mod patch;
mod protection;
mod refresh_delete;

use std::time::{SystemTime, UNIX_EPOCH};

use sandbox_api::demo::tokens;
use sandbox_api::{format_timestamp_ms, EVENTS_PATH, SANDBOXES_PATH as LIST};
use serde_json::Value;

use crate::common::Server;

/// Milliseconds since the Unix epoch, by this machine's clock (the server's).
fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

/// `ms` from now, as the contract writes timestamps.
fn in_ms(ms: i64) -> String {
    format_timestamp_ms(now_ms() + ms)
}

/// The `action` events of `sandbox_id`, newest first, as support sees them.
async fn events_of(server: &Server, sandbox_id: &str, action: &str) -> Vec<Value> {
    let events = server
        .get(
            &format!("{EVENTS_PATH}?sandbox_id={sandbox_id}&action={action}"),
            tokens::SUPPORT,
        )
        .await;
    assert_eq!(events.status, 200, "{}", events.text);
    events.json.as_array().unwrap().clone()
}
