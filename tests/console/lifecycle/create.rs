//! The create form's expiry and protection (v1.1): the tier's default
//! preselected and explained, following the tier until the user picks
//! one; what the request then says; "never" refused below enterprise at
//! the field; and no such fields for a v1.0 server's caller.

use leptos::prelude::*;
use sandbox_api::{format_timestamp_ms, parse_timestamp_ms, Me, Tier, DAY_MS, SANDBOXES_PATH};
use sandbox_console::pages::{
    create_expiry, default_expiry_choice, expiry_hint, CreateSandboxPage,
};
use serde_json::json;
use wasm_bindgen_test::*;

use super::{now, v1_0_admin};
use crate::support::{
    admin, choose, current_location, element, find, input_value, mount_app, sandbox_json,
    script_fetch, select_option, set_path, sleep, text_of, type_into, wait_until, writes, PageLock,
};

fn mount_create_page(me: Me) -> impl Sized {
    set_path("/sandboxes/new");
    script_fetch(json!([{"contains": SANDBOXES_PATH, "status": 201,
        "body": sandbox_json("made", "cust_e2e", "provisioning", "owner")}]));
    mount_app(Some(me), || view! { <CreateSandboxPage /> }.into_any())
}

/// Waits for the page the form goes to once created, and its notice.
async fn wait_for_the_created_sandbox() {
    wait_until("the new sandbox's page", || {
        current_location() == "/sandboxes/sbx_made"
    })
    .await;
    wait_until("the notice", || {
        text_of("[data-testid=notice]").contains("Created sandbox made")
    })
    .await;
    sleep(50).await;
}

#[wasm_bindgen_test]
fn the_default_follows_the_tier_and_is_sent_only_when_chosen() {
    assert_eq!(default_expiry_choice(Tier::Free), "7");
    assert_eq!(default_expiry_choice(Tier::Pro), "30");
    assert_eq!(default_expiry_choice(Tier::Enterprise), "never");
    assert_eq!(
        expiry_hint(Tier::Free),
        "Free sandboxes expire after 7 days unless you choose otherwise."
    );
    assert_eq!(
        expiry_hint(Tier::Enterprise),
        "Enterprise sandboxes never expire unless you choose a time."
    );
    let now = 1_800_000_000_000;
    assert_eq!(
        create_expiry("7", false, now),
        None,
        "the server applies the default"
    );
    assert_eq!(
        create_expiry("30", true, now),
        Some(Some(format_timestamp_ms(now + 30 * DAY_MS)))
    );
    assert_eq!(create_expiry("never", true, now), Some(None));
}

#[wasm_bindgen_test]
async fn the_expiry_follows_the_tier_until_chosen_and_protection_is_sent() {
    let _page = PageLock::acquire().await;
    let _mounted = mount_create_page(admin());
    wait_until("the expiry", || find("#create-expiry").is_some()).await;
    assert_eq!(input_value("#create-expiry"), "7");
    assert_eq!(
        text_of("[data-testid=create-expiry-hint]"),
        "Free sandboxes expire after 7 days unless you choose otherwise."
    );
    choose("#create-tier-pro");
    wait_until("the pro default", || input_value("#create-expiry") == "30").await;
    assert!(text_of("[data-testid=create-expiry-hint]")
        .starts_with("Pro sandboxes expire after 30 days"));
    choose("#create-tier-enterprise");
    wait_until("never for enterprise", || {
        input_value("#create-expiry") == "never"
    })
    .await;

    select_option("#create-expiry", "1");
    choose("#create-tier-free");
    wait_until("the free hint", || {
        text_of("[data-testid=create-expiry-hint]").starts_with("Free")
    })
    .await;
    assert_eq!(input_value("#create-expiry"), "1", "a chosen expiry stays");

    type_into("#create-name", "made");
    type_into("#create-owner-id", "cust_e2e");
    choose("#create-protected");
    let sent_at = now();
    element("#create-submit").click();
    wait_until("the request", || !writes().is_empty()).await;
    let body = writes()[0].json();
    wait_for_the_created_sandbox().await;
    assert_eq!(body["protected"], json!(true));
    let expires = parse_timestamp_ms(body["expires_at"].as_str().unwrap()).unwrap();
    assert!(
        (sent_at + DAY_MS - 5_000..=sent_at + DAY_MS + 5_000).contains(&expires),
        "{body}"
    );
}

#[wasm_bindgen_test]
async fn never_below_enterprise_is_refused_at_the_field() {
    let _page = PageLock::acquire().await;
    let _mounted = mount_create_page(admin());
    wait_until("the expiry", || find("#create-expiry").is_some()).await;
    choose("#create-tier-enterprise");
    select_option("#create-expiry", "never");
    choose("#create-tier-free");
    type_into("#create-name", "made");
    type_into("#create-owner-id", "cust_e2e");
    element("#create-submit").click();
    wait_until("the error at the expiry", || {
        find("#create-expiry-error").is_some()
    })
    .await;
    assert!(
        text_of("#create-expiry-error").starts_with("Only enterprise sandboxes can never expire")
    );
    assert!(writes().is_empty());
    assert_eq!(input_value("#create-name"), "made", "the typing stays");
}

#[wasm_bindgen_test]
async fn a_v1_0_server_gets_no_expiry_or_protection() {
    let _page = PageLock::acquire().await;
    let _mounted = mount_create_page(v1_0_admin());
    wait_until("the form", || find("#create-name").is_some()).await;
    assert!(find("#create-expiry").is_none() && find("#create-protected").is_none());
    type_into("#create-name", "made");
    type_into("#create-owner-id", "cust_e2e");
    element("#create-submit").click();
    wait_until("the request", || !writes().is_empty()).await;
    let body = writes()[0].json();
    wait_for_the_created_sandbox().await;
    assert!(
        body.get("expires_at").is_none() && body.get("protected").is_none(),
        "{body}"
    );
}

#[wasm_bindgen_test]
async fn the_servers_422_at_expires_at_shows_at_the_expiry() {
    let _page = PageLock::acquire().await;
    set_path("/sandboxes/new");
    script_fetch(
        json!([{"contains": SANDBOXES_PATH, "status": 422, "body": {"detail": [
        {"loc": ["body", "expires_at"], "msg": "Choose a time at most 90 days from now",
         "type": "less_than_equal"}]}}]),
    );
    let (_mounted, _) = mount_app(Some(admin()), || view! { <CreateSandboxPage /> }.into_any());
    wait_until("the expiry", || find("#create-expiry").is_some()).await;
    select_option("#create-expiry", "90");
    type_into("#create-name", "made");
    type_into("#create-owner-id", "cust_e2e");
    element("#create-submit").click();
    wait_until("the error at the expiry", || {
        find("#create-expiry-error").is_some()
    })
    .await;
    assert_eq!(
        text_of("#create-expiry-error"),
        "Choose a time at most 90 days from now"
    );
    assert_eq!(input_value("#create-expiry"), "90", "the choice stays");
    assert_eq!(input_value("#create-name"), "made");
}
