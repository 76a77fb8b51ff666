//! Listing, creating (validation, idempotency, concurrency), reading,
//! refreshing and deleting sandboxes.

mod create;
mod list;
mod operations;
mod refresh_delete;

use sandbox_api::SANDBOXES_PATH as LIST;
