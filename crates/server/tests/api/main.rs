//! Integration tests of `sandboxd` over real HTTP, one server process per test.

mod access;
mod common;
mod demo;
mod events;
mod hardening;
mod http;
mod lifecycle;
mod nul;
mod openapi;
mod postgres;
mod resources;
mod sandboxes;
