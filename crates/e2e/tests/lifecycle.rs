//! Create, refresh and delete in the built console, in headless Chromium,
//! against `sandboxd --demo`. Each test has its own server, so the demo
//! sandboxes of owner `cust_e2e` (`e2e-01`…`e2e-10`) are fresh in each;
//! every test uses other ones anyway, so none depends on another.

mod common;

use std::time::Duration;

use common::{demo_sandbox, demo_sandbox_id, SANDBOXES};
use sandbox_e2e::{eventually_within, tokens, Api, ApiResponse, E2e};
use serde_json::json;
use thirtyfour::prelude::*;

/// How long these tests wait for a condition: a create or refresh goes
/// through several timed server states.
const PATIENCE: Duration = Duration::from_secs(15);

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
async fn count_for_owner(api: &Api, owner_id: &str) -> u64 {
    get_through_failures(api, &format!("{SANDBOXES}?owner_id={owner_id}&limit=1"))
        .await
        .total_count()
}

/// A fresh console connected as `token`, and an admin's API client to
/// set up and check state behind its back.
async fn start_connected_as(token: &str) -> (E2e, Api) {
    let e2e = E2e::start().await;
    e2e.connect_as(token).await;
    let api = e2e.api(tokens::ADMIN);
    (e2e, api)
}

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

/// Waits until the detail page's status badge says `active`, naming `what`.
async fn wait_for_active_badge(e2e: &E2e, what: &str) {
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

async fn active_element(e2e: &E2e) -> WebElement {
    e2e.browser().active_element().await.unwrap()
}

async fn active_element_id(e2e: &E2e) -> String {
    let active = active_element(e2e).await;
    active.attr("id").await.unwrap().unwrap_or_default()
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
    let limits = e2e
        .wait_for("#create-tier-pro-detail")
        .await
        .text()
        .await
        .unwrap();
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
    let stored = api.get_json(&format!("{SANDBOXES}/{sandbox_id}")).await;
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

    e2e.wait_for_text("#create-name-error", "at least 1 character")
        .await;
    e2e.wait_for_text(
        "[data-testid=metadata-row] .field-error",
        "already used in row 1",
    )
    .await;
    assert_eq!(
        active_element_id(&e2e).await,
        "create-name",
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
    e2e.browser()
        .execute(
            r#"sessionStorage.setItem("sandbox-console.token", "demo-admin")"#,
            vec![],
        )
        .await
        .unwrap();
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

#[tokio::test]
async fn refresh_is_followed_to_active_with_a_new_last_refreshed_at() {
    let (e2e, api) = start_connected_as(tokens::ADMIN).await;
    let sandbox = demo_sandbox(&api, "e2e-02").await;
    let sandbox_id = sandbox["sandbox_id"].as_str().unwrap().to_owned();
    let refreshed_before = sandbox["last_refreshed_at"].clone();

    e2e.goto(&format!("/sandboxes/{sandbox_id}")).await;
    let opener = e2e.wait_for("[data-testid=refresh-open]").await;
    opener.send_keys(Key::Enter).await.unwrap();
    let dialog = e2e.wait_for("[data-testid=refresh-dialog][open]").await;
    let text = dialog.text().await.unwrap();
    for expected in [
        "wipes this sandbox and restores it from production",
        "versions running in production",
        "members and data sources stay",
        "Last refreshed:",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from the dialog: {text}"
        );
    }
    e2e.click("[data-testid=refresh-confirm]").await;
    e2e.wait_for_text("[data-testid=notice]", "Refreshing sandbox e2e-02")
        .await;

    wait_for_active_badge(&e2e, "the page to show active again after refreshing").await;
    let after = api.get_json(&format!("{SANDBOXES}/{sandbox_id}")).await;
    assert_eq!(after.body["status"], "active");
    assert!(after.body["last_refreshed_at"].is_string());
    assert_ne!(
        after.body["last_refreshed_at"], refreshed_before,
        "last_refreshed_at is new"
    );
}

#[tokio::test]
async fn delete_is_refused_until_the_name_is_typed_then_gone_with_the_list_filters_kept() {
    let (e2e, api) = start_connected_as(tokens::ADMIN).await;
    let sandbox_id = demo_sandbox_id(&api, "e2e-03").await;

    // Come from a filtered, sorted list: that is where deleting returns to.
    e2e.goto("/sandboxes?owner_id=cust_e2e&sort=name").await;
    e2e.click(&format!(
        "[data-sandbox-id={sandbox_id}] [data-testid=sandbox-name]"
    ))
    .await;
    let opener = e2e.wait_for("[data-testid=delete-open]").await;

    // By keyboard: Enter opens, focus is in the name field, Esc cancels and focus returns.
    opener.send_keys(Key::Enter).await.unwrap();
    e2e.wait_for("[data-testid=delete-dialog][open]").await;
    e2e.wait_for_text("[data-testid=delete-dialog]", "This is permanent.")
        .await;
    assert_eq!(active_element_id(&e2e).await, "delete-confirm-name");
    assert!(
        !e2e.is_enabled("[data-testid=delete-confirm]").await,
        "refused before the name is typed"
    );
    active_element(&e2e).await.send_keys("e2e-0").await.unwrap();
    assert!(
        !e2e.is_enabled("[data-testid=delete-confirm]").await,
        "refused for a near miss"
    );
    active_element(&e2e)
        .await
        .send_keys(Key::Enter)
        .await
        .unwrap();
    active_element(&e2e)
        .await
        .send_keys(Key::Escape)
        .await
        .unwrap();
    e2e.wait_until_gone("[data-testid=delete-dialog][open]")
        .await;
    assert_eq!(
        active_element(&e2e)
            .await
            .attr("data-testid")
            .await
            .unwrap()
            .as_deref(),
        Some("delete-open")
    );
    assert_eq!(
        api.get_json(&format!("{SANDBOXES}/{sandbox_id}"))
            .await
            .status,
        200,
        "still there"
    );

    opener.send_keys(Key::Enter).await.unwrap();
    e2e.wait_for("[data-testid=delete-dialog][open]").await;
    let name_input = e2e.wait_for("#delete-confirm-name").await;
    name_input.send_keys("e2e-03").await.unwrap();
    assert!(e2e.is_enabled("[data-testid=delete-confirm]").await);
    name_input.send_keys(Key::Enter).await.unwrap();

    e2e.wait_for_text("[data-testid=notice]", "Deleted sandbox e2e-03")
        .await;
    let url = eventually_within(PATIENCE, "the list URL", || async {
        let url = e2e.current_url().await;
        (!url.contains("/sandboxes/sbx_")).then_some(url)
    })
    .await;
    assert!(
        url.contains("owner_id=cust_e2e") && url.contains("sort=name"),
        "back to the filtered list: {url}"
    );
    e2e.wait_for("[data-testid=sandbox-row]").await;
    assert!(
        e2e.browser()
            .find(By::Css(format!("[data-sandbox-id={sandbox_id}]")))
            .await
            .is_err(),
        "the row is gone"
    );
    assert_eq!(
        api.get_json(&format!("{SANDBOXES}/{sandbox_id}"))
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn refresh_and_delete_from_list_rows_update_the_list_in_place() {
    let (e2e, api) = start_connected_as(tokens::ADMIN).await;
    let refreshed_id = demo_sandbox_id(&api, "e2e-05").await;
    let deleted_id = demo_sandbox_id(&api, "e2e-06").await;
    let list = "/sandboxes?owner_id=cust_e2e&sort=name";
    e2e.goto(list).await;

    e2e.click(&format!(
        "[data-sandbox-id={refreshed_id}] [data-testid=refresh-open]"
    ))
    .await;
    e2e.click("[data-testid=refresh-dialog][open] [data-testid=refresh-confirm]")
        .await;
    e2e.wait_for_text("[data-testid=notice]", "Refreshing sandbox e2e-05")
        .await;
    let refreshed = eventually_within(PATIENCE, "the refresh to be recorded", || async {
        let sandbox = api
            .get_json(&format!("{SANDBOXES}/{refreshed_id}"))
            .await
            .body;
        sandbox["last_refreshed_at"].is_string().then_some(sandbox)
    })
    .await;
    assert_eq!(refreshed["name"], "e2e-05");

    e2e.click(&format!(
        "[data-sandbox-id={deleted_id}] [data-testid=delete-open]"
    ))
    .await;
    let name_input = e2e
        .wait_for("[data-testid=delete-dialog][open] #delete-confirm-name")
        .await;
    name_input.send_keys("e2e-06").await.unwrap();
    name_input.send_keys(Key::Enter).await.unwrap();
    e2e.wait_for_text("[data-testid=notice]", "Deleted sandbox e2e-06")
        .await;
    e2e.wait_until_gone(&format!("[data-sandbox-id={deleted_id}]"))
        .await;
    e2e.wait_for(&format!("[data-sandbox-id={refreshed_id}]"))
        .await;
    assert!(
        e2e.current_url().await.ends_with(list),
        "still on the same list"
    );
    assert_eq!(
        api.get_json(&format!("{SANDBOXES}/{deleted_id}"))
            .await
            .status,
        404
    );
    assert_eq!(count_for_owner(&api, "cust_e2e").await, 9);
}

#[tokio::test]
async fn a_viewer_can_neither_create_nor_refresh_nor_delete() {
    let (e2e, api) = start_connected_as(tokens::VIEWER).await;
    let sandbox_id = demo_sandbox_id(&api, "e2e-04").await;

    e2e.goto("/sandboxes/new?owner_id=cust_e2e").await;
    e2e.wait_for_text(
        "[data-testid=create-blocked]",
        "Your role (viewer) may not create sandboxes.",
    )
    .await;
    assert!(
        e2e.browser().find(By::Css("#create-submit")).await.is_err(),
        "no form to submit"
    );

    e2e.goto(&format!("/sandboxes/{sandbox_id}")).await;
    assert!(!e2e.is_enabled("[data-testid=refresh-open]").await);
    e2e.wait_for_text(
        "[data-testid=refresh-open-reason]",
        "Your role (viewer) may not refresh this sandbox.",
    )
    .await;
    assert!(!e2e.is_enabled("[data-testid=delete-open]").await);
    e2e.wait_for_text(
        "[data-testid=delete-open-reason]",
        "Your role (viewer) may not delete this sandbox.",
    )
    .await;

    let refused = e2e
        .api(tokens::VIEWER)
        .post_json(&format!("{SANDBOXES}/{sandbox_id}/refresh"), &json!({}))
        .await;
    assert_eq!(refused.status, 403, "the server agrees");
}
