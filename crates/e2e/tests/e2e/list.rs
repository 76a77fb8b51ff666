//! `/sandboxes`: the list's filters, sort, paging and page size living in
//! the URL, what viewer and support tokens see there, the injection-named
//! sandbox as text, and refresh and delete from a row.

use sandbox_api::SANDBOXES_PATH;
use sandbox_e2e::{eventually_within, tokens, E2e, INJECTION_NAME};
use serde_json::Value;
use thirtyfour::prelude::*;

use crate::support::{
    api_names, count_for_owner, delete_from_its_row, demo_sandbox_id, start_connected_as,
    wait_for_rows, PATIENCE,
};

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
    e2e.wait_for_url("owner_id=cust_4711").await;
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
    e2e.wait_for_url("owner_id=cust_e2e").await;
    wait_for_rows(
        &e2e,
        &api_names(&e2e, tokens::ADMIN, "owner_id=cust_e2e").await,
    )
    .await;

    // Sort by name with the column header, then page 2.
    e2e.goto("/sandboxes").await;
    e2e.wait_for("[data-testid=sandbox-row]").await;
    e2e.click("button[data-sort=name]").await;
    e2e.wait_for_url("sort=name").await;
    let first_page = api_names(&e2e, tokens::ADMIN, "sort=name").await;
    let mut sorted = first_page.clone();
    sorted.sort();
    assert_eq!(first_page, sorted, "the API sorts by name");
    wait_for_rows(&e2e, &first_page).await;
    let header = e2e.wait_for("th[aria-sort=ascending]").await;
    assert!(header.text().await.unwrap().contains("Name"));

    e2e.click("a[rel=next]").await;
    let url = e2e.wait_for_url("page=2").await;
    assert!(url.contains("sort=name"), "{url}");
    let second_page = api_names(&e2e, tokens::ADMIN, "sort=name&offset=50").await;
    assert!(!second_page.is_empty());
    wait_for_rows(&e2e, &second_page).await;
    let range = e2e.text_of("[data-testid=pager]").await;
    assert!(range.contains("Showing 51–"), "{range}");

    // Back and forward restore the pages.
    e2e.browser().back().await.unwrap();
    wait_for_rows(&e2e, &first_page).await;
    e2e.browser().forward().await.unwrap();
    wait_for_rows(&e2e, &second_page).await;

    // Rows per page: 100 from the menu keeps row 51 in view (page 1 of 100 rows) and goes in the URL.
    e2e.click("#filter-limit option[value='100']").await;
    let url = e2e.wait_for_url("limit=100").await;
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
    let fields = e2e.text_of("[data-testid=sandbox-fields]").await;
    let response = e2e
        .api(tokens::ADMIN)
        .get_json(&format!("{SANDBOXES_PATH}?sort=name&offset=50&limit=1"))
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
        e2e.text_of("[data-testid=sandbox-title]").await,
        *first_name
    );
    e2e.wait_for_text("[data-testid=sandbox-limits]", "GiB")
        .await;
    e2e.wait_for_text("[data-testid=sandbox-fields]", "Acme Production")
        .await;
    let current_tab = e2e.wait_for(".tabs a[aria-current=page]").await;
    assert_eq!(current_tab.text().await.unwrap(), "Overview");
    e2e.click_text(".back-link", "Back to sandboxes").await;
    let url = e2e.wait_for_url("page=2").await;
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
    e2e.wait_for_url("/connect").await;
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
    // By name too, beside the id; and the account filter picks from those names.
    let names = e2e.texts("[data-testid=account-name]").await;
    assert!(
        names.iter().any(|name| name == "Acme Production"),
        "{names:?}"
    );
    let choices = e2e.texts("#filter-user option").await;
    assert!(
        choices
            .iter()
            .any(|choice| choice.starts_with("Acme Production (acct_")),
        "{choices:?}"
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
    assert_eq!(name.text().await.unwrap(), INJECTION_NAME);
    no_alert(&e2e).await;
    let injected = e2e.all("main img, main script").await;
    assert!(
        injected.is_empty(),
        "the name became {} element(s)",
        injected.len()
    );

    name.click().await.unwrap();
    let title = e2e.wait_for("[data-testid=sandbox-title]").await;
    assert_eq!(title.text().await.unwrap(), INJECTION_NAME);
    e2e.wait_for("[data-testid=sandbox-fields]").await;
    no_alert(&e2e).await;
    assert!(e2e.all("main img, main script").await.is_empty());
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
            .get_json(&format!("{SANDBOXES_PATH}/{refreshed_id}"))
            .await
            .body;
        sandbox["last_refreshed_at"].is_string().then_some(sandbox)
    })
    .await;
    assert_eq!(refreshed["name"], "e2e-05");

    delete_from_its_row(&e2e, &deleted_id, "e2e-06").await;
    e2e.wait_for(&format!("[data-sandbox-id={refreshed_id}]"))
        .await;
    assert!(
        e2e.current_url().await.ends_with(list),
        "still on the same list"
    );
    assert_eq!(
        api.get_json(&format!("{SANDBOXES_PATH}/{deleted_id}"))
            .await
            .status,
        404
    );
    assert_eq!(count_for_owner(&api, "cust_e2e").await, 9);
}
