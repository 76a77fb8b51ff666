//! Query values are encoded exactly once going out and decoded exactly once
//! coming in (issue 14): `%`, `+`, `&`, `#`, spaces and non-ASCII in every
//! text filter survive the URL → `ListState` → the API request → the
//! console's URL again, and an owner link with such an id finds its rows.

use leptos::prelude::*;
use sandbox_api::{decode_query_string, encode_query_component, SANDBOXES_PATH};
use sandbox_console::pages::SandboxList;
use serde_json::json;
use wasm_bindgen_test::*;

use super::{list_body, shown_names};
use crate::support::{
    current_location, element, input_value, mount_app, requested_urls, script_fetch, select_option,
    set_path, support_agent, wait_until, PageLock,
};

/// Looks encoded already: decoded once more it would be `<script> 50% a b&c=d#e ü`.
const OWNER: &str = "%3Cscript%3E 50% a+b&c=d#e ü";
const ACCOUNT: &str = "acct %41+&#ß";
const SEARCH: &str = "eu+west & 100% #1 ünï";
/// The owner of the row the list shows, whose link is clicked.
const ROW_OWNER: &str = "%25 x+y&z=1#ä";

/// The value of `name` in the query of `url`, decoded once.
fn query_value(url: &str, name: &str) -> Option<String> {
    let query = url.split_once('?')?.1;
    decode_query_string(query)
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, value)| value)
}

/// Whether a list request asked for exactly these filters.
fn asked_for(owner: &str, account: Option<&str>, search: Option<&str>) -> bool {
    requested_urls().iter().any(|url| {
        url.contains(SANDBOXES_PATH)
            && query_value(url, "owner_id").as_deref() == Some(owner)
            && query_value(url, "user_id").as_deref() == account
            && query_value(url, "q").as_deref() == search
    })
}

#[wasm_bindgen_test]
async fn awkward_filter_values_round_trip_once_encoded() {
    let _page = PageLock::acquire().await;
    script_fetch(json!([
        {"contains": SANDBOXES_PATH, "status": 200, "body": list_body(&["awkward-row"], ROW_OWNER), "headers": {"X-Total-Count": "1"}},
    ]));
    set_path(&format!(
        "/sandboxes?owner_id={}&user_id={}&q={}",
        encode_query_component(OWNER),
        encode_query_component(ACCOUNT),
        encode_query_component(SEARCH)
    ));
    let (_mounted, _) = mount_app(Some(support_agent()), || {
        view! { <SandboxList /> }.into_any()
    });

    // URL → ListState: the inputs show the values as they are.
    wait_until("the rows", || shown_names() == ["awkward-row"]).await;
    assert_eq!(input_value("#filter-owner"), OWNER);
    assert_eq!(input_value("#filter-q"), SEARCH);
    // ListState → the API: the scripted server reads the same values.
    assert!(
        asked_for(OWNER, Some(ACCOUNT), Some(SEARCH)),
        "{:?}",
        requested_urls()
    );

    // ListState → the console's URL again: a change keeps the others as they were.
    select_option("#filter-status", "active");
    wait_until("the status in the URL", || {
        query_value(&current_location(), "status").as_deref() == Some("active")
    })
    .await;
    let url = current_location();
    assert_eq!(
        query_value(&url, "owner_id").as_deref(),
        Some(OWNER),
        "{url}"
    );
    assert_eq!(
        query_value(&url, "user_id").as_deref(),
        Some(ACCOUNT),
        "{url}"
    );
    assert_eq!(query_value(&url, "q").as_deref(), Some(SEARCH), "{url}");

    // The row's owner link: the list of that owner, asked for by its real id.
    wait_until("the filtered rows", || {
        asked_for(OWNER, Some(ACCOUNT), Some(SEARCH))
            && requested_urls()
                .iter()
                .any(|url| url.contains("status=active"))
            && shown_names() == ["awkward-row"]
    })
    .await;
    let link = element("[data-testid=owner-id] a");
    let href = link.get_attribute("href").unwrap();
    assert_eq!(
        query_value(&href, "owner_id").as_deref(),
        Some(ROW_OWNER),
        "{href}"
    );
    link.click();
    wait_until(&format!("the owner's URL {href}"), || {
        current_location().starts_with("/sandboxes?owner_id=%2525")
    })
    .await;
    assert_eq!(
        query_value(&current_location(), "owner_id").as_deref(),
        Some(ROW_OWNER)
    );
    wait_until("the owner asked for", || {
        asked_for(ROW_OWNER, Some(ACCOUNT), Some(SEARCH))
    })
    .await;
    assert_eq!(input_value("#filter-owner"), ROW_OWNER);
    wait_until("the owner's rows", || shown_names() == ["awkward-row"]).await;
}
