//! Listing, creating (validation, idempotency, concurrency), reading,
//! refreshing and deleting sandboxes.

mod create;
mod list;
mod operations;
mod refresh_delete;

const LIST: &str = "/api/v1/storage/sandboxes";
