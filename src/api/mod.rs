//! The console's side of the Sandbox API: one client that knows the base
//! URL and token, one error enum, and a module per resource. Views call
//! these functions and never build URLs or parse bodies themselves.

pub mod apps;
mod client;
pub mod demo;
mod error;
pub mod events;
pub mod me;
pub mod members;
pub mod sandboxes;
pub mod sources;

pub use client::{check_status, read_response, ApiClient};
pub use error::{ApiError, Detail};
