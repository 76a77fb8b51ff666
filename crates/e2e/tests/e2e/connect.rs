//! `/connect` and the way in: the console loads, a refused token, and a
//! session that ends mid-way (a 401) and comes back where it was.

use sandbox_e2e::{eventually, tokens, E2e, HEALTH_PATH};
use thirtyfour::prelude::*;

use crate::support::{api_names, wait_for_rows};

/// A token the demo does not know.
const REFUSED_TOKEN: &str = "not-a-real-token";

/// Proves the harness: the built console loads from sandboxd, in Chromium.
#[tokio::test]
async fn console_loads_and_api_is_alive() {
    let e2e = E2e::start().await;

    e2e.goto("/").await;
    // Without a session the console sends the user to Connect, whose title says so.
    eventually("the Connect page's title", || async {
        let title = e2e.browser().title().await.unwrap();
        (title == "Connect \u{2014} Sandbox Console").then_some(())
    })
    .await;

    let health = e2e.api("no-token-needed").get_json(HEALTH_PATH).await;
    assert!(
        health.status.is_success(),
        "GET {HEALTH_PATH} answered {}: {}",
        health.status,
        health.body
    );
}

#[tokio::test]
async fn a_wrong_token_is_refused_clearly_and_never_leaks() {
    let e2e = E2e::start().await;
    e2e.goto("/connect").await;
    let token = e2e.wait_for("#connect-token").await;
    assert_eq!(
        token.attr("type").await.unwrap().as_deref(),
        Some("password")
    );
    token.send_keys(REFUSED_TOKEN).await.unwrap();
    e2e.click("#connect-submit").await;
    e2e.wait_for_text(
        "[data-testid=connect-error]",
        "That token was not accepted by the API",
    )
    .await;
    let token = e2e.wait_for("#connect-token").await;
    assert_eq!(
        token.prop("value").await.unwrap().as_deref(),
        Some(REFUSED_TOKEN),
        "the typing survives"
    );
    assert!(!e2e.current_url().await.contains(REFUSED_TOKEN));
    assert!(e2e.all("[data-testid=whoami]").await.is_empty());

    // An empty token is caught before asking the API.
    // Deleted the way a user does (WebDriver's clear() sends no input event).
    let delete_all: String =
        std::iter::repeat_n(Key::Backspace.value(), REFUSED_TOKEN.len()).collect();
    token.send_keys(delete_all).await.unwrap();
    e2e.click("#connect-submit").await;
    e2e.wait_for_text("#connect-token-error", "Enter an API token")
        .await;

    let log = e2e.console_log().await.join("\n");
    assert!(!log.contains(REFUSED_TOKEN), "the token was logged: {log}");
}

#[tokio::test]
async fn a_401_mid_session_returns_to_connect_and_then_back() {
    let e2e = E2e::start().await;
    e2e.connect_as(tokens::ADMIN).await;
    let page = "/sandboxes?owner_id=cust_4711&sort=name";
    e2e.goto(page).await;
    wait_for_rows(
        &e2e,
        &api_names(&e2e, tokens::ADMIN, "owner_id=cust_4711&sort=name").await,
    )
    .await;

    // The token stops being accepted (revoked, expired): the next load gets a 401.
    e2e.store_token("revoked-token").await;
    e2e.browser()
        .execute("localStorage.clear();", vec![])
        .await
        .unwrap();
    e2e.browser().refresh().await.unwrap();
    let url = e2e.wait_for_url("/connect?next=").await;
    assert!(url.contains("owner_id%3Dcust_4711"), "{url}");
    assert!(!url.contains("revoked-token"));

    // Connected again, the user is back where they were.
    let token = e2e.wait_for("#connect-token").await;
    token.send_keys(tokens::ADMIN).await.unwrap();
    e2e.click("#connect-submit").await;
    let url = e2e.wait_for_url("/sandboxes?").await;
    assert!(url.ends_with(page), "{url}");
    e2e.wait_for("[data-testid=whoami]").await;
    e2e.wait_for("[data-testid=sandbox-row]").await;

    // Storage cleared in another way (another tab signed out): Connect again on reload.
    e2e.browser()
        .execute("sessionStorage.clear(); localStorage.clear();", vec![])
        .await
        .unwrap();
    e2e.browser().refresh().await.unwrap();
    e2e.wait_for_url("/connect?next=").await;
    e2e.wait_for("#connect-token").await;
}
