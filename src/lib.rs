//! Sandbox Console: a Leptos single-page app for managing sandboxes
//! through the Sandbox API. `main.rs` only mounts `App`; the library form
//! lets the browser tests in `tests/` mount pieces of it.

pub mod api;
mod app;
pub mod bulk;
mod chunks;
pub mod components;
pub mod current_sandbox;
pub mod export;
pub mod format;
pub mod forms;
pub mod navigation;
pub mod pages;
pub mod permissions;
pub mod polling;
pub mod session;

pub use app::App;
