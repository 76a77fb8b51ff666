//! `/sandboxes/:id`: refresh followed to `active`, delete refused until
//! the name is typed, and a viewer who may do neither (nor create).

use sandbox_api::SANDBOXES_PATH;
use sandbox_e2e::{eventually_within, tokens};
use serde_json::json;
use thirtyfour::prelude::*;

use crate::support::{
    demo_sandbox, demo_sandbox_id, start_connected_as, wait_for_active_badge, PATIENCE,
};

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
    let after = api
        .get_json(&format!("{SANDBOXES_PATH}/{sandbox_id}"))
        .await;
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
    assert_eq!(
        e2e.focused().await.id().await.unwrap().as_deref(),
        Some("delete-confirm-name")
    );
    assert!(
        !e2e.is_enabled("[data-testid=delete-confirm]").await,
        "refused before the name is typed"
    );
    e2e.focused().await.send_keys("e2e-0").await.unwrap();
    assert!(
        !e2e.is_enabled("[data-testid=delete-confirm]").await,
        "refused for a near miss"
    );
    e2e.focused().await.send_keys(Key::Enter).await.unwrap();
    e2e.focused().await.send_keys(Key::Escape).await.unwrap();
    e2e.wait_until_gone("[data-testid=delete-dialog][open]")
        .await;
    assert_eq!(
        e2e.focused()
            .await
            .attr("data-testid")
            .await
            .unwrap()
            .as_deref(),
        Some("delete-open")
    );
    assert_eq!(
        api.get_json(&format!("{SANDBOXES_PATH}/{sandbox_id}"))
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
        api.get_json(&format!("{SANDBOXES_PATH}/{sandbox_id}"))
            .await
            .status,
        404
    );
}

/// Starts on `/sandboxes/new`: the one thing a viewer is refused before
/// reaching a sandbox's page.
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
        .post_json(
            &format!("{SANDBOXES_PATH}/{sandbox_id}/refresh"),
            &json!({}),
        )
        .await;
    assert_eq!(refused.status, 403, "the server agrees");
}
