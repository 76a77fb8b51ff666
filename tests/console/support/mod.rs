//! Helpers for browser tests that mount parts of the console: the page as
//! a user meets it, a scripted `window.fetch`, the console mounted with
//! what the API would say, and one-test-at-a-time use of the page (tests
//! share its DOM, URL and `fetch`).

mod app;
mod dom;
pub mod downloads;
mod fetch;
mod page_lock;

pub use app::*;
pub use dom::*;
pub use fetch::*;
pub use page_lock::*;
