//! The browser end-to-end tests: the built console in headless Chromium
//! against `sandboxd --demo`, with the API checked behind the console's
//! back. One module per route of the console; every test starts its own
//! server, chromedriver and browser (see `sandbox_e2e::E2e`), so none
//! depends on another. One test binary, so the tests link once.

mod accessibility;
mod activity;
mod apps;
mod bulk;
mod connect;
mod create;
mod demo;
mod detail;
mod export;
mod lifecycle;
mod list;
mod members;
mod security;
mod sources;
mod split;
mod support;
mod tour;
