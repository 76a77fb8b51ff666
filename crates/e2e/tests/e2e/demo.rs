//! Demo mode: a presenter picks an identity on Connect, switches identity
//! and resets the demo from the header; a sandboxd without `--demo` shows
//! the plain Connect form.

use sandbox_api::DEMO_PATH;
use sandbox_e2e::{tokens, E2e};

use crate::support::{
    api_names, count_for_owner, delete_from_its_row, demo_sandbox_id, wait_for_rows,
};

/// The `cust_e2e` list, sorted by name, where every test sandbox shows.
const E2E_LIST: &str = "/sandboxes?owner_id=cust_e2e&sort=name";

#[tokio::test]
async fn pick_the_viewer_switch_to_the_admin_delete_and_reset() {
    let e2e = E2e::start().await;
    e2e.goto("/connect").await;
    e2e.click_text("[data-testid=demo-identity]", "Vic — viewer")
        .await;
    e2e.wait_for_url("/sandboxes").await;
    e2e.wait_for_text("[data-testid=whoami]", "vic@acme.test")
        .await;
    e2e.wait_for_text("[data-testid=demo-badge]", "Demo").await;
    e2e.goto(E2E_LIST).await;
    let names = api_names(&e2e, tokens::ADMIN, "owner_id=cust_e2e&sort=name").await;
    wait_for_rows(&e2e, &names).await;
    let create = e2e.wait_for("[data-testid=new-sandbox]").await;
    assert!(
        !create.is_enabled().await.unwrap(),
        "the viewer may not create"
    );
    assert_eq!(
        e2e.count("[data-testid=delete-open]").await,
        0,
        "nor refresh or delete: the rows are read-only"
    );

    e2e.click("[data-testid=demo-menu-open]").await;
    e2e.click_text(
        "[data-testid=demo-switch]",
        "Ada — admin of Acme Production",
    )
    .await;
    e2e.wait_for_text("[data-testid=whoami]", "ada@acme.test")
        .await;
    assert!(
        e2e.current_url().await.ends_with(E2E_LIST),
        "the same page, which the admin may see"
    );
    let deleted_id = demo_sandbox_id(&e2e.api(tokens::ADMIN), "e2e-06").await;
    delete_from_its_row(&e2e, &deleted_id, "e2e-06").await;
    assert_eq!(
        count_for_owner(&e2e.api(tokens::ADMIN), "cust_e2e").await,
        9
    );

    e2e.click("[data-testid=demo-menu-open]").await;
    e2e.click("[data-testid=demo-reset-open]").await;
    e2e.wait_for_text("[data-testid=demo-reset][open]", "first state")
        .await;
    e2e.click("[data-testid=demo-reset-confirm]").await;
    e2e.wait_for_text("[data-testid=notice]", "Demo data reset")
        .await;
    // The list loaded again: e2e-06 is back (under a new id).
    wait_for_rows(&e2e, &names).await;
    assert_eq!(
        count_for_owner(&e2e.api(tokens::ADMIN), "cust_e2e").await,
        10
    );
    e2e.wait_for_text("[data-testid=whoami]", "ada@acme.test")
        .await;
}

#[tokio::test]
async fn a_server_without_a_demo_shows_the_plain_connect_form() {
    let e2e = E2e::start_without_demo().await;
    let demo = e2e.api(tokens::ADMIN).get_json(DEMO_PATH).await;
    assert_eq!(demo.status, 404);
    e2e.goto("/connect").await;
    e2e.wait_for("#connect-token").await;
    e2e.wait_for("#connect-submit").await;
    // The console asked and heard 404; give it the time to have drawn anything.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(e2e.count("[data-testid=demo-identities]").await, 0);
    assert_eq!(e2e.count("[data-testid=demo-identity]").await, 0);
    assert_eq!(e2e.count("[data-testid=demo-badge]").await, 0);
}
