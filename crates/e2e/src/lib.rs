//! The end-to-end harness: the built console (dist/) served by
//! `sandboxd --demo`, driven in headless Chromium through chromedriver.
//!
//! Every [`E2e`] is a world of its own: a sandboxd with a fresh database on
//! a free port, its own chromedriver, its own Chromium profile. Tests can
//! therefore run concurrently; dropping the `E2e` stops all three.
//!
//! ```no_run
//! use sandbox_e2e::{tokens, E2e};
//!
//! #[tokio::test]
//! async fn admin_filters_by_owner() {
//!     let e2e = E2e::start().await;
//!     e2e.connect_as(tokens::ADMIN).await;
//!     e2e.goto("/sandboxes?owner_id=cust_4711").await;
//!     e2e.wait_for_text("table", "cust_4711").await;
//! }
//! ```
//!
//! # The console's side of the contract
//!
//! The harness relies on these, so the console keeps them stable:
//!
//! - the Connect page at `/connect` has the token input `#connect-token`,
//!   the API base URL input `#connect-base-url` (defaulting to the page's
//!   origin; the harness leaves it alone) and the button `#connect-submit`;
//! - once connected, the header shows who is calling in an element
//!   `[data-testid=whoami]`;
//! - the token is kept in sessionStorage under `sandbox-console.token`
//!   (see [`E2e::store_token`]).
//!
//! # Where the builds come from
//!
//! `cargo xtask test` builds both and sets:
//!
//! - `SANDBOXD_BIN`: the sandboxd binary (default `<workspace>/target/debug/sandboxd`);
//! - `SANDBOX_DIST`: the built console (default `<workspace>/dist`);
//! - `CHROMEDRIVER`: the driver (default `/usr/bin/chromedriver`, Debian's);
//! - `AXE_CORE_JS`: axe-core's `axe.min.js`, for the accessibility tests
//!   (no default: they fail saying how to install it).

mod api;
mod page;
mod processes;
mod scripts;
mod wait;
mod world;

use std::time::Duration;

pub use api::{Api, ApiResponse};
pub use wait::{eventually, eventually_within};
pub use world::E2e;

/// The fixed tokens `sandboxd --demo` accepts, and the demo sandbox name
/// that tries to inject HTML and script (the console must show it as text):
/// the contract's, as the server seeds them.
pub use sandbox_api::demo::{tokens, INJECTION_NAME};
/// sandboxd's health check, outside the API (no token needed).
pub use sandbox_api::HEALTH_PATH;

/// Where the console keeps the session's token (sessionStorage; `TOKEN_KEY`
/// in src/session.rs).
pub const TOKEN_STORAGE_KEY: &str = "sandbox-console.token";

/// How long `wait_for` and friends wait before failing the test.
pub(crate) const WAIT: Duration = Duration::from_secs(10);
/// How often they look again.
pub(crate) const POLL: Duration = Duration::from_millis(100);
/// How long chromedriver may take to start (sandboxd's patience is the
/// launcher's, `sandbox_testkit::STARTUP`).
pub(crate) const STARTUP: Duration = Duration::from_secs(20);
