//! The Sandbox API contract (`shared/contract/sandbox-api.md`) written once.
//!
//! The console decodes responses and validates forms with these types and
//! rules, the reference server (`sandboxd`) encodes and enforces them, and the
//! tests use them to check both: a change to the contract is a change here,
//! and every side sees it at compile time.
//!
//! Kept to serde + serde_json so the console's wasm stays small; the OpenAPI
//! derive is behind the `openapi` feature, which only the server enables.

pub mod demo;
mod enums;
mod errors;
mod events;
mod lifecycle;
mod operation;
mod query;
#[cfg(feature = "openapi")]
pub mod schema;
mod string_enum;
mod types;
pub mod validate;

pub use enums::*;
pub use errors::*;
pub use events::*;
pub use lifecycle::*;
pub use operation::*;
pub use query::*;
pub use types::*;

/// Base path of every sandbox endpoint, relative to the API base URL.
pub const SANDBOXES_PATH: &str = "/api/v1/storage/sandboxes";
/// sandboxd's health check, outside the API (no token needed).
pub const HEALTH_PATH: &str = "/healthz";
/// Who is calling.
pub const ME_PATH: &str = "/api/v1/me";
/// The demo's identities; 404 unless the server runs a demo.
pub const DEMO_PATH: &str = "/api/v1/demo";
/// Seeds the demo again (admin demo tokens).
pub const DEMO_RESET_PATH: &str = "/api/v1/demo/reset";
/// The push target used when the caller names none.
pub const DEFAULT_PUSH_TARGET: &str = "production";
/// The poll interval a `polling` source gets when the caller names none.
pub const DEFAULT_POLL_INTERVAL_SECONDS: i64 = 300;
/// The smallest poll interval the contract allows.
pub const MIN_POLL_INTERVAL_SECONDS: i64 = 60;
