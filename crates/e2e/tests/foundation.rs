//! The foundation end to end: the built console in headless Chromium
//! against `sandboxd --demo` — connect, the list's filters/sort/paging
//! living in the URL, a detail page, what viewer and support tokens see,
//! the injection-named sandbox, a refused token, and a 401 mid-session.

use std::time::Duration;

use sandbox_e2e::{eventually, tokens, E2e};
use serde_json::Value;
use thirtyfour::prelude::*;

const INJECTION: &str = r#"<img src=x onerror=alert(1)><script>alert("xss")</script>"#;

/// Waits up to 10 s until the list's name column shows exactly `names`,
/// in order; fails with the names last seen.
async fn wait_for_rows(e2e: &E2e, names: &[String]) {
    let mut last = Vec::new();
    for _ in 0..100 {
        last = e2e.texts("[data-testid=sandbox-name]").await;
        if last == names {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the list never showed {names:?}; last seen: {last:?}");
}

async fn wait_for_url(e2e: &E2e, part: &str) -> String {
    eventually(&format!("a URL containing {part:?}"), || async {
        let url = e2e.current_url().await;
        url.contains(part).then_some(url)
    })
    .await
}

/// The sandbox names the API itself lists for `query`, as the console should show them.
async fn api_names(e2e: &E2e, token: &str, query: &str) -> Vec<String> {
    let response = e2e
        .api(token)
        .get_json(&format!("/api/v1/storage/sandboxes?{query}"))
        .await;
    assert!(response.status.is_success(), "{query}: {}", response.body);
    response
        .body
        .as_array()
        .expect("a list")
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_owned())
        .collect()
}

async fn no_alert(e2e: &E2e) {
    if let Ok(text) = e2e.browser().get_alert_text().await {
        panic!("an alert opened: {text:?}");
    }
}

#[tokio::test]
async fn admin_filters_sorts_pages_and_opens_a_sandbox() {
    let e2e = E2e::start().await;
    let who = e2e.connect_as(tokens::ADMIN).await;
    let who = who.text().await.unwrap();
    assert!(
        who.contains("ada@acme.test") && who.contains("Acme Production"),
        "{who}"
    );

    // Filter by owner in the UI: only that owner's rows, the URL carries it.
    e2e.goto("/sandboxes").await;
    e2e.wait_for("[data-testid=sandbox-row]").await;
    let owner_input = e2e.wait_for("#filter-owner").await;
    owner_input
        .send_keys("cust_4711" + Key::Enter)
        .await
        .unwrap();
    wait_for_url(&e2e, "owner_id=cust_4711").await;
    let expected = api_names(&e2e, tokens::ADMIN, "owner_id=cust_4711").await;
    assert!(
        expected.len() >= 12,
        "the demo promises ≥ 12 sandboxes of cust_4711"
    );
    wait_for_rows(&e2e, &expected).await;
    let owners = e2e.texts("[data-testid=owner-id]").await;
    assert!(
        owners.iter().all(|owner| owner == "cust_4711"),
        "{owners:?}"
    );

    // A reload shows the same view.
    e2e.browser().refresh().await.unwrap();
    wait_for_rows(&e2e, &expected).await;
    let input = e2e.wait_for("#filter-owner").await;
    assert_eq!(
        input.prop("value").await.unwrap().as_deref(),
        Some("cust_4711")
    );
    assert!(e2e.current_url().await.contains("owner_id=cust_4711"));

    // Clicking an owner_id in a row filters by it.
    e2e.goto("/sandboxes").await;
    e2e.click_text("[data-testid=owner-id] a", "cust_e2e").await;
    wait_for_url(&e2e, "owner_id=cust_e2e").await;
    wait_for_rows(
        &e2e,
        &api_names(&e2e, tokens::ADMIN, "owner_id=cust_e2e").await,
    )
    .await;

    // Sort by name with the column header, then page 2.
    e2e.goto("/sandboxes").await;
    e2e.wait_for("[data-testid=sandbox-row]").await;
    e2e.click("button[data-sort=name]").await;
    wait_for_url(&e2e, "sort=name").await;
    let first_page = api_names(&e2e, tokens::ADMIN, "sort=name").await;
    let mut sorted = first_page.clone();
    sorted.sort();
    assert_eq!(first_page, sorted, "the API sorts by name");
    wait_for_rows(&e2e, &first_page).await;
    let header = e2e.wait_for("th[aria-sort=ascending]").await;
    assert!(header.text().await.unwrap().contains("Name"));

    e2e.click("a[rel=next]").await;
    let url = wait_for_url(&e2e, "page=2").await;
    assert!(url.contains("sort=name"), "{url}");
    let second_page = api_names(&e2e, tokens::ADMIN, "sort=name&offset=50").await;
    assert!(!second_page.is_empty());
    wait_for_rows(&e2e, &second_page).await;
    let range = e2e
        .wait_for("[data-testid=pager]")
        .await
        .text()
        .await
        .unwrap();
    assert!(range.contains("Showing 51–"), "{range}");

    // Back and forward restore the pages.
    e2e.browser().back().await.unwrap();
    wait_for_rows(&e2e, &first_page).await;
    e2e.browser().forward().await.unwrap();
    wait_for_rows(&e2e, &second_page).await;

    // Rows per page: 100 from the menu keeps row 51 in view (page 1 of 100 rows) and goes in the URL.
    e2e.click("#filter-limit option[value='100']").await;
    let url = wait_for_url(&e2e, "limit=100").await;
    assert!(url.contains("sort=name") && !url.contains("page="), "{url}");
    let hundred = api_names(&e2e, tokens::ADMIN, "sort=name&limit=100").await;
    assert!(
        hundred.len() > 50,
        "the demo has more than 50 sandboxes in the account"
    );
    wait_for_rows(&e2e, &hundred).await;
    e2e.browser().back().await.unwrap();
    wait_for_rows(&e2e, &second_page).await;

    // A detail page shows the sandbox's fields, and leads back to this page.
    let first_name = &second_page[0];
    e2e.click_text("[data-testid=sandbox-name]", first_name)
        .await;
    let fields = e2e
        .wait_for("[data-testid=sandbox-fields]")
        .await
        .text()
        .await
        .unwrap();
    let response = e2e
        .api(tokens::ADMIN)
        .get_json("/api/v1/storage/sandboxes?sort=name&offset=50&limit=1")
        .await;
    let sandbox: &Value = &response.body[0];
    for key in [
        "sandbox_id",
        "owner_id",
        "user_id",
        "tier",
        "mode",
        "storage_provider_type",
    ] {
        let value = sandbox[key].as_str().unwrap();
        assert!(
            fields.contains(value),
            "{key} {value:?} not shown in {fields}"
        );
    }
    assert_eq!(
        e2e.wait_for("[data-testid=sandbox-title]")
            .await
            .text()
            .await
            .unwrap(),
        *first_name
    );
    e2e.wait_for_text("[data-testid=sandbox-limits]", "GiB")
        .await;
    e2e.wait_for_text("[data-testid=sandbox-fields]", "Acme Production")
        .await;
    let current_tab = e2e.wait_for(".tabs a[aria-current=page]").await;
    assert_eq!(current_tab.text().await.unwrap(), "Overview");
    e2e.click_text(".back-link", "Back to sandboxes").await;
    let url = wait_for_url(&e2e, "page=2").await;
    assert!(url.contains("sort=name"), "{url}");

    // An unknown sandbox and an unknown page both say so and lead back.
    e2e.goto("/sandboxes/sbx_does_not_exist").await;
    e2e.wait_for_text("[data-testid=sandbox-not-found]", "Sandbox not found")
        .await;
    e2e.goto("/no/such/page").await;
    e2e.wait_for_text("[data-testid=not-found] a", "sandbox list")
        .await;
}

#[tokio::test]
async fn viewer_cannot_create_and_support_sees_every_tenant() {
    let e2e = E2e::start().await;
    e2e.connect_as(tokens::VIEWER).await;
    e2e.goto("/sandboxes").await;
    e2e.wait_for("[data-testid=sandbox-row]").await;
    let create = e2e.wait_for("[data-testid=new-sandbox]").await;
    assert_eq!(
        create.tag_name().await.unwrap(),
        "button",
        "a viewer gets no create link"
    );
    assert!(
        !create.is_enabled().await.unwrap(),
        "a viewer's create button is disabled"
    );
    e2e.wait_for_text("#new-sandbox-reason", "may not create sandboxes")
        .await;
    assert!(
        e2e.texts("[data-testid=user-id]").await.is_empty(),
        "only support sees the account column"
    );

    e2e.click("[data-testid=sign-out]").await;
    wait_for_url(&e2e, "/connect").await;
    let who = e2e.connect_as(tokens::SUPPORT).await.text().await.unwrap();
    assert!(who.contains("all tenants"), "{who}");
    e2e.goto("/sandboxes?sort=name").await;
    e2e.wait_for("[data-testid=user-id-header]").await;
    wait_for_rows(&e2e, &api_names(&e2e, tokens::SUPPORT, "sort=name").await).await;
    let mut accounts = e2e.texts("[data-testid=user-id]").await;
    accounts.sort();
    accounts.dedup();
    assert!(
        accounts.len() >= 2,
        "support sees rows of several accounts: {accounts:?}"
    );
    let create = e2e.wait_for("[data-testid=new-sandbox]").await;
    assert!(!create.is_enabled().await.unwrap(), "support is read-only");
}

#[tokio::test]
async fn the_injection_named_sandbox_is_only_text() {
    let e2e = E2e::start().await;
    e2e.connect_as(tokens::ADMIN).await;
    e2e.goto("/sandboxes?q=onerror").await;
    let name = e2e.wait_for("[data-testid=sandbox-name]").await;
    assert_eq!(name.text().await.unwrap(), INJECTION);
    no_alert(&e2e).await;
    let injected = e2e.all("main img, main script").await;
    assert!(
        injected.is_empty(),
        "the name became {} element(s)",
        injected.len()
    );

    name.click().await.unwrap();
    let title = e2e.wait_for("[data-testid=sandbox-title]").await;
    assert_eq!(title.text().await.unwrap(), INJECTION);
    e2e.wait_for("[data-testid=sandbox-fields]").await;
    no_alert(&e2e).await;
    assert!(e2e.all("main img, main script").await.is_empty());
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
    token.send_keys("not-a-real-token").await.unwrap();
    e2e.click("#connect-submit").await;
    e2e.wait_for_text(
        "[data-testid=connect-error]",
        "That token was not accepted by the API",
    )
    .await;
    let token = e2e.wait_for("#connect-token").await;
    assert_eq!(
        token.prop("value").await.unwrap().as_deref(),
        Some("not-a-real-token"),
        "the typing survives"
    );
    assert!(!e2e.current_url().await.contains("not-a-real-token"));
    assert!(e2e.all("[data-testid=whoami]").await.is_empty());

    // An empty token is caught before asking the API.
    // Deleted the way a user does (WebDriver's clear() sends no input event).
    let delete_all: String =
        std::iter::repeat_n(Key::Backspace.value(), "not-a-real-token".len()).collect();
    token.send_keys(delete_all).await.unwrap();
    e2e.click("#connect-submit").await;
    e2e.wait_for_text("#connect-token-error", "Enter an API token")
        .await;

    let log = e2e.console_log().await.join("\n");
    assert!(
        !log.contains("not-a-real-token"),
        "the token was logged: {log}"
    );
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
    e2e.browser()
        .execute(r#"sessionStorage.setItem("sandbox-console.token", "revoked-token"); localStorage.clear();"#, vec![])
        .await
        .unwrap();
    e2e.browser().refresh().await.unwrap();
    let url = wait_for_url(&e2e, "/connect?next=").await;
    assert!(url.contains("owner_id%3Dcust_4711"), "{url}");
    assert!(!url.contains("revoked-token"));

    // Connected again, the user is back where they were.
    let token = e2e.wait_for("#connect-token").await;
    token.send_keys(tokens::ADMIN).await.unwrap();
    e2e.click("#connect-submit").await;
    let url = wait_for_url(&e2e, "/sandboxes?").await;
    assert!(url.ends_with(page), "{url}");
    e2e.wait_for("[data-testid=whoami]").await;
    e2e.wait_for("[data-testid=sandbox-row]").await;

    // Storage cleared in another way (another tab signed out): Connect again on reload.
    e2e.browser()
        .execute("sessionStorage.clear(); localStorage.clear();", vec![])
        .await
        .unwrap();
    e2e.browser().refresh().await.unwrap();
    wait_for_url(&e2e, "/connect?next=").await;
    e2e.wait_for("#connect-token").await;
}
