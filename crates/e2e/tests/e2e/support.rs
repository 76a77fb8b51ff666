//! Steps the tests share that are about the demo data rather than the
//! harness: the `cust_e2e` demo sandboxes (`e2e-01`…`e2e-10`: active, free,
//! one owner member ada@acme.test, apps billing 2.7.1 and crm 4.2.0, one
//! manual source), the list's rows, and counts through the API.

use std::time::Duration;

use sandbox_api::SANDBOXES_PATH;
use sandbox_e2e::{eventually_within, tokens, Api, ApiResponse, E2e};
use serde_json::Value;
use thirtyfour::prelude::*;

/// How long a test waits for a condition that goes through several timed
/// server states (a create, a refresh).
pub const PATIENCE: Duration = Duration::from_secs(15);

/// A fresh console connected as `token`, and an admin's API client to
/// set up and check state behind its back.
pub async fn start_connected_as(token: &str) -> (E2e, Api) {
    let e2e = E2e::start().await;
    e2e.connect_as(token).await;
    let api = e2e.api(tokens::ADMIN);
    (e2e, api)
}

/// The demo sandbox of owner `cust_e2e` called `name` (`e2e-01`…`e2e-10`),
/// as the API returns it.
pub async fn demo_sandbox(api: &Api, name: &str) -> Value {
    api.get_list(&format!("{SANDBOXES_PATH}?owner_id=cust_e2e&q={name}"))
        .await
        .into_iter()
        .find(|sandbox| sandbox["name"] == name)
        .unwrap_or_else(|| panic!("no demo sandbox {name}"))
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

/// `GET {SANDBOXES_PATH}/{id}/{section}` as the admin: the section's list.
pub async fn section_list(e2e: &E2e, id: &str, section: &str) -> Vec<Value> {
    e2e.api(tokens::ADMIN)
        .get_list(&format!("{SANDBOXES_PATH}/{id}/{section}"))
        .await
}

/// The item of `list` whose `key` is `name`.
pub fn named<'a>(list: &'a [Value], key: &str, name: &str) -> &'a Value {
    list.iter()
        .find(|item| item[key] == name)
        .unwrap_or_else(|| panic!("no {key} {name:?} in {list:?}"))
}

/// The sandbox names the API itself lists for `query`, as the console should show them.
pub async fn api_names(e2e: &E2e, token: &str, query: &str) -> Vec<String> {
    e2e.api(token)
        .get_list(&format!("{SANDBOXES_PATH}?{query}"))
        .await
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_owned())
        .collect()
}

/// Waits until the list's name column shows exactly `names`, in order.
pub async fn wait_for_rows(e2e: &E2e, names: &[String]) {
    e2e.wait_for_texts("[data-testid=sandbox-name]", names)
        .await;
}

/// `GET path` until it is not a 503 (the `--fail-rate` test injects them).
async fn get_through_failures(api: &Api, path: &str) -> ApiResponse {
    eventually_within(
        PATIENCE,
        &format!("GET {path} without an injected failure"),
        || async {
            let response = api.get_json(path).await;
            (response.status != 503).then_some(response)
        },
    )
    .await
}

/// How many sandboxes `owner_id` has, counted by the API (`X-Total-Count`).
pub async fn count_for_owner(api: &Api, owner_id: &str) -> u64 {
    get_through_failures(
        api,
        &format!("{SANDBOXES_PATH}?owner_id={owner_id}&limit=1"),
    )
    .await
    .total_count()
}

/// Waits until the detail page's status badge says `active`, naming `what`.
pub async fn wait_for_active_badge(e2e: &E2e, what: &str) {
    eventually_within(PATIENCE, what, || async {
        let badge = e2e
            .browser()
            .find(By::Css("[data-testid=status-badge]"))
            .await
            .ok()?;
        (badge.attr("data-status").await.ok()?? == "active").then_some(())
    })
    .await
}

/// Deletes the list row of sandbox `id` through its confirmation (typing
/// `name`, then Enter) and waits for the notice and for the row to go.
pub async fn delete_from_its_row(e2e: &E2e, id: &str, name: &str) {
    e2e.click(&format!("[data-sandbox-id={id}] [data-testid=delete-open]"))
        .await;
    let name_input = e2e
        .wait_for("[data-testid=delete-dialog][open] #delete-confirm-name")
        .await;
    name_input.send_keys(name).await.unwrap();
    name_input.send_keys(Key::Enter).await.unwrap();
    e2e.wait_for_text("[data-testid=notice]", &format!("Deleted sandbox {name}"))
        .await;
    e2e.wait_until_gone(&format!("[data-sandbox-id={id}]"))
        .await;
}

/// Replaces the page's downloads with a catch: an export's Blob and file
/// name stay in the page for [`caught_download`] to read.
pub async fn catch_downloads(e2e: &E2e) {
    e2e.run_script(
        "URL.createObjectURL = (blob) => { window.__blob = blob; return 'blob:caught'; };\
         HTMLAnchorElement.prototype.click = function () { window.__download = this.download; };",
        vec![],
    )
    .await;
}

/// The caught file's name and text, once an export has handed it over.
pub async fn caught_download(e2e: &E2e) -> (String, String) {
    eventually_within(PATIENCE, "the export's download", || async {
        let caught = e2e
            .run_script(
                "return window.__download ? [window.__download, await window.__blob.text()] : null;",
                vec![],
            )
            .await;
        caught.as_array().map(|pair| {
            (
                pair[0].as_str().unwrap().to_owned(),
                pair[1].as_str().unwrap().to_owned(),
            )
        })
    })
    .await
}

/// The records of an RFC 4180 document (quoted cells with `""` for `"`,
/// CRLF line ends); the console's writer is the other direction.
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let (mut record, mut cell) = (Vec::new(), String::new());
    let (mut quoted, mut chars) = (false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut cell)),
            (false, '\r') if chars.peek() == Some(&'\n') => {
                chars.next();
                record.push(std::mem::take(&mut cell));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => cell.push(c),
        }
    }
    records
}
