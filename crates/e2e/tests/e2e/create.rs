//! `/sandboxes/new`: a create followed to its detail page and the list,
//! errors shown at their fields with everything kept, and exactly one
//! sandbox from a double click or from retries through failures.

use sandbox_api::SANDBOXES_PATH;
use sandbox_e2e::{eventually_within, tokens, E2e};
use serde_json::json;
use thirtyfour::prelude::*;

use crate::support::{count_for_owner, start_connected_as, wait_for_active_badge, PATIENCE};

/// Adds a metadata row and fills it.
async fn add_metadata(e2e: &E2e, key: &str, value: &str) {
    e2e.click("#create-metadata-add").await;
    let keys = e2e.all(".metadata-key").await;
    let values = e2e.all(".metadata-value").await;
    keys.last().unwrap().send_keys(key).await.unwrap();
    values.last().unwrap().send_keys(value).await.unwrap();
}

/// The id in a detail page's URL, once the browser is on one.
async fn wait_for_detail_url(e2e: &E2e) -> String {
    eventually_within(PATIENCE, "a sandbox detail URL", || async {
        let url = e2e.current_url().await;
        let (_, rest) = url.split_once("/sandboxes/sbx_")?;
        Some(format!(
            "sbx_{}",
            rest.split(['/', '?']).next().unwrap_or_default()
        ))
    })
    .await
}

#[tokio::test]
async fn create_with_metadata_then_see_it_on_the_detail_page_and_in_the_list() {
    let e2e = E2e::start().await;
    e2e.connect_as(tokens::ADMIN).await;
    e2e.goto("/sandboxes?owner_id=cust_lifecycle").await;
    e2e.click("[data-testid=new-sandbox]").await;
    e2e.wait_for("#create-name").await;
    assert!(e2e
        .current_url()
        .await
        .contains("/sandboxes/new?owner_id=cust_lifecycle"));
    assert_eq!(
        e2e.value_of("#create-owner-id").await,
        "cust_lifecycle",
        "owner prefilled from the list's filter"
    );
    let limits = e2e.text_of("#create-tier-pro-detail").await;
    assert_eq!(
        limits,
        "50 GiB storage \u{b7} 25 data sources \u{b7} 50 members"
    );

    e2e.type_into("#create-name", "lifecycle-made").await;
    e2e.click("#create-tier-pro").await;
    e2e.click("#create-mode-seeded").await;
    add_metadata(&e2e, "team", "payments").await;
    add_metadata(&e2e, "region", "eu-west").await;
    e2e.click("[data-testid=create-submit]").await;

    let sandbox_id = wait_for_detail_url(&e2e).await;
    e2e.wait_for_text("[data-testid=notice]", "Created sandbox lifecycle-made")
        .await;
    e2e.wait_for_text("main", "payments").await;
    e2e.wait_for_text("main", "eu-west").await;
    // The detail page follows provisioning and seeding to active.
    wait_for_active_badge(&e2e, "the status badge to show active").await;

    let api = e2e.api(tokens::ADMIN);
    let stored = api
        .get_json(&format!("{SANDBOXES_PATH}/{sandbox_id}"))
        .await;
    assert_eq!(stored.status, 200);
    assert_eq!(
        stored.body["metadata"],
        json!({"team": "payments", "region": "eu-west"})
    );
    assert_eq!(
        (stored.body["tier"].as_str(), stored.body["mode"].as_str()),
        (Some("pro"), Some("seeded"))
    );

    e2e.goto("/sandboxes?owner_id=cust_lifecycle").await;
    e2e.wait_for_text(&format!("[data-sandbox-id={sandbox_id}]"), "lifecycle-made")
        .await;
}

#[tokio::test]
async fn validation_error_and_taken_name_are_shown_at_the_name_with_everything_kept() {
    let (e2e, api) = start_connected_as(tokens::ADMIN).await;
    let before = count_for_owner(&api, "cust_e2e").await;

    e2e.goto("/sandboxes/new?owner_id=cust_e2e").await;
    e2e.wait_for("#create-name").await;
    e2e.click("#create-tier-enterprise").await;
    add_metadata(&e2e, "team", "payments").await;
    add_metadata(&e2e, "team", "billing").await;
    e2e.click("[data-testid=create-submit]").await;

    e2e.wait_for_text("#create-name-error", "Enter a name")
        .await;
    e2e.wait_for_text(
        "[data-testid=metadata-row] .field-error",
        "already used in row 1",
    )
    .await;
    assert_eq!(
        e2e.focused().await.id().await.unwrap().as_deref(),
        Some("create-name"),
        "focus moves to the first field with an error"
    );

    // A demo sandbox's name for the same owner: the server's 409, at the name.
    e2e.type_into("#create-name", "e2e-01").await;
    let keys = e2e.all(".metadata-key").await;
    keys[1].clear().await.unwrap();
    keys[1].send_keys("cost-centre").await.unwrap();
    e2e.click("[data-testid=create-submit]").await;
    e2e.wait_for_text("#create-name-error", "already exists")
        .await;

    assert_eq!(e2e.value_of("#create-name").await, "e2e-01");
    assert_eq!(e2e.value_of("#create-owner-id").await, "cust_e2e");
    assert!(e2e
        .wait_for("#create-tier-enterprise")
        .await
        .is_selected()
        .await
        .unwrap());
    let kept_keys = e2e.all(".metadata-key").await;
    let kept_values = e2e.all(".metadata-value").await;
    assert_eq!(
        kept_keys[1].prop("value").await.unwrap().as_deref(),
        Some("cost-centre")
    );
    assert_eq!(
        kept_values[1].prop("value").await.unwrap().as_deref(),
        Some("billing")
    );
    assert_eq!(
        count_for_owner(&api, "cust_e2e").await,
        before,
        "nothing was created"
    );
}

#[tokio::test]
async fn a_double_clicked_submit_creates_exactly_one_sandbox() {
    // Slow answers, so the second click lands while the first is in flight.
    let e2e = E2e::start_with_server_args(&["--latency-ms", "400"]).await;
    e2e.connect_as(tokens::ADMIN).await;
    e2e.goto("/sandboxes/new?owner_id=cust_double").await;
    e2e.type_into("#create-name", "clicked-twice").await;
    let submit = e2e.wait_for("[data-testid=create-submit]").await;
    e2e.browser()
        .action_chain()
        .double_click_element(&submit)
        .perform()
        .await
        .unwrap();
    wait_for_detail_url(&e2e).await;
    assert_eq!(
        count_for_owner(&e2e.api(tokens::ADMIN), "cust_double").await,
        1
    );
}

#[tokio::test]
async fn a_create_retried_through_failures_creates_exactly_one_sandbox() {
    let e2e = E2e::start_with_server_args(&["--fail-rate", "0.5"]).await;
    // Connecting calls /me, which fails half the time too: preset the token.
    e2e.goto("/connect").await;
    e2e.store_token(tokens::ADMIN).await;
    e2e.goto("/sandboxes/new?owner_id=cust_flaky").await;
    eventually_within(PATIENCE, "the form, retrying /me as needed", || async {
        if e2e.browser().find(By::Css("#create-name")).await.is_ok() {
            return Some(());
        }
        if let Ok(retry) = e2e
            .browser()
            .find(By::XPath("//button[normalize-space()='Try again']"))
            .await
        {
            let _ = retry.click().await;
        }
        None
    })
    .await;
    e2e.type_into("#create-name", "made-through-failures").await;

    // The first attempt surely fails: the browser is offline.
    let cdp = e2e.browser().cdp();
    let conditions = |offline: bool| json!({"offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1});
    cdp.send_raw("Network.enable", json!({})).await.unwrap();
    cdp.send_raw("Network.emulateNetworkConditions", conditions(true))
        .await
        .unwrap();
    e2e.click("[data-testid=create-submit]").await;
    e2e.wait_for_text("[data-testid=create-error]", "Could not reach the API")
        .await;
    cdp.send_raw("Network.emulateNetworkConditions", conditions(false))
        .await
        .unwrap();

    // Then "Try again" through the server's injected 503s until it is created.
    let retries = std::cell::Cell::new(0);
    eventually_within(PATIENCE, "the created sandbox's detail page", || async {
        if e2e.current_url().await.contains("/sandboxes/sbx_") {
            return Some(());
        }
        if let Ok(retry) = e2e
            .browser()
            .find(By::Css("[data-testid=create-retry]"))
            .await
        {
            if retry.is_enabled().await.unwrap_or(false) && retry.click().await.is_ok() {
                retries.set(retries.get() + 1);
            }
        }
        None
    })
    .await;
    let retries = retries.get();
    assert!(retries >= 1);
    assert_eq!(
        count_for_owner(&e2e.api(tokens::ADMIN), "cust_flaky").await,
        1,
        "after {retries} retries"
    );
}
