//! The console's browser tests, in headless Chromium: one module per route
//! of the console (see `src/app.rs`), plus the API client on its own. One
//! binary, so the tests link once; they share one page, which a test that
//! mounts takes with `support::PageLock`. `fetch` is scripted
//! (`support::script_fetch`): no server is involved.

mod activity;
mod api_client;
mod apps;
mod bulk;
mod connect;
mod create;
mod demo;
mod detail;
mod error_id;
mod export;
mod lifecycle;
mod list;
mod members;
mod navigation;
mod selection;
mod sources;
mod support;
mod views;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
