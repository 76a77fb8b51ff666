//! Steps the browser tests share that are about the demo data rather than
//! the harness: finding a `cust_e2e` demo sandbox and opening its pages.
//! (Each test file compiles this module on its own; not every file uses
//! every step.)
#![allow(dead_code)]

use sandbox_e2e::{tokens, Api, E2e};
use serde_json::Value;

/// The API's sandbox collection.
pub const SANDBOXES: &str = "/api/v1/storage/sandboxes";

/// The demo sandbox of owner `cust_e2e` called `name` (`e2e-01`…`e2e-10`),
/// as the API returns it.
pub async fn demo_sandbox(api: &Api, name: &str) -> Value {
    let response = api
        .get_json(&format!("{SANDBOXES}?owner_id=cust_e2e&q={name}"))
        .await;
    let list = response
        .body
        .as_array()
        .unwrap_or_else(|| panic!("a list: {}", response.body));
    list.iter()
        .find(|sandbox| sandbox["name"] == name)
        .unwrap_or_else(|| panic!("no demo sandbox {name}"))
        .clone()
}

/// The id of the `cust_e2e` demo sandbox called `name`.
pub async fn demo_sandbox_id(api: &Api, name: &str) -> String {
    demo_sandbox(api, name).await["sandbox_id"]
        .as_str()
        .expect("a sandbox_id")
        .to_owned()
}

/// Connects as `token` and opens the tab `tab` (`members`, `apps`,
/// `sources`, `sources/new`) of the `cust_e2e` demo sandbox `name` (looked
/// up as the admin); returns the sandbox's id.
pub async fn open_demo_sandbox_tab(e2e: &E2e, token: &str, name: &str, tab: &str) -> String {
    let id = demo_sandbox_id(&e2e.api(tokens::ADMIN), name).await;
    e2e.connect_as(token).await;
    e2e.goto(&format!("/sandboxes/{id}/{tab}")).await;
    id
}
