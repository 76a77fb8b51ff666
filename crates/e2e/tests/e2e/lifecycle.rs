//! Lifecycle (contract v1.1) through the console: Extend a free sandbox by
//! 7 days and see the new date after a reload; Protect one and see Refresh
//! and Delete refused on its page and in the list; a sandbox made with a
//! one-minute expiry leaves the list on its own (the server deletes it, the
//! list asks again when its time comes).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sandbox_api::{format_timestamp_ms, parse_timestamp_ms, DAY_MS, SANDBOXES_PATH};
use sandbox_e2e::{eventually_within, tokens, E2e};
use serde_json::json;

use crate::support::{demo_sandbox, start_connected_as};

/// The `datetime` of the detail page's expiry, once it shows one.
async fn shown_expiry(e2e: &E2e) -> String {
    e2e.wait_for("[data-testid=expires] time")
        .await
        .attr("datetime")
        .await
        .unwrap()
        .expect("a datetime")
}

#[tokio::test]
async fn extending_a_free_sandbox_by_7_days_shows_the_new_date_after_a_reload() {
    let (e2e, api) = start_connected_as(tokens::ADMIN).await;
    let sandbox = demo_sandbox(&api, "e2e-06").await;
    assert_eq!(sandbox["tier"], "free");
    let id = sandbox["sandbox_id"].as_str().unwrap().to_owned();
    let before = sandbox["expires_at"]
        .as_str()
        .expect("a free sandbox expires")
        .to_owned();
    let expected = format_timestamp_ms(parse_timestamp_ms(&before).unwrap() + 7 * DAY_MS);

    e2e.goto(&format!("/sandboxes/{id}")).await;
    assert_eq!(shown_expiry(&e2e).await, before);
    e2e.click("[data-testid=extend-open]").await;
    e2e.wait_for("[data-testid=extend-dialog][open] #extend-7d")
        .await;
    e2e.click("#extend-7d").await;
    e2e.click("[data-testid=extend-dialog-confirm]").await;
    e2e.wait_for_text("[data-testid=notice]", "now expires")
        .await;

    let after = api.get_json(&format!("{SANDBOXES_PATH}/{id}")).await;
    assert_eq!(after.body["expires_at"], expected.as_str());
    e2e.goto(&format!("/sandboxes/{id}")).await;
    assert_eq!(
        shown_expiry(&e2e).await,
        expected,
        "the new date after a reload"
    );
    let exact = e2e.text_of("[data-testid=expires-exact]").await;
    assert!(
        exact.contains(&expected[..10]),
        "the new date in words: {exact}"
    );
}

#[tokio::test]
async fn a_protected_sandbox_has_refresh_and_delete_refused_on_its_page_and_in_the_list() {
    let (e2e, api) = start_connected_as(tokens::ADMIN).await;
    let id = demo_sandbox(&api, "e2e-07").await["sandbox_id"]
        .as_str()
        .unwrap()
        .to_owned();

    e2e.goto(&format!("/sandboxes/{id}")).await;
    e2e.wait_for_text("[data-testid=protect-toggle]", "Protect")
        .await;
    assert!(e2e.is_enabled("[data-testid=refresh-open]").await);
    e2e.click("[data-testid=protect-toggle]").await;
    e2e.wait_for_text("[data-testid=protect-toggle]", "Unprotect")
        .await;
    let after = api.get_json(&format!("{SANDBOXES_PATH}/{id}")).await;
    assert_eq!(after.body["protected"], true);

    for (action, verb) in [("refresh", "refresh"), ("delete", "delete")] {
        assert!(
            !e2e.is_enabled(&format!("[data-testid={action}-open]"))
                .await,
            "{action} on the page"
        );
        e2e.wait_for_text(
            &format!("[data-testid={action}-open-reason]"),
            &format!("Protected: unprotect it to {verb}."),
        )
        .await;
    }

    e2e.goto("/sandboxes?owner_id=cust_e2e").await;
    let row = format!("[data-sandbox-id={id}]");
    e2e.wait_for(&format!("{row} [data-testid=lock-mark]"))
        .await;
    for action in ["refresh", "delete"] {
        assert!(
            !e2e.is_enabled(&format!("{row} [data-testid={action}-open]"))
                .await,
            "{action} in the list"
        );
    }
    // The server refuses too, whatever a client shows.
    let refused = api
        .post_json(&format!("{SANDBOXES_PATH}/{id}/refresh"), &json!({}))
        .await;
    assert_eq!(refused.status, 409);
}

#[tokio::test]
async fn a_sandbox_with_a_one_minute_expiry_leaves_the_list_on_its_own() {
    let e2e = E2e::start_with_server_args(&["--expiry-check-ms", "500"]).await;
    e2e.connect_as(tokens::ADMIN).await;
    let api = e2e.api(tokens::ADMIN);
    let now_ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let created = api
        .post_json(
            SANDBOXES_PATH,
            &json!({"name": "short-lived", "owner_id": "cust_short",
                    "expires_at": format_timestamp_ms(now_ms + 60_000)}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let id = created.body["sandbox_id"].as_str().unwrap().to_owned();

    e2e.goto("/sandboxes?owner_id=cust_short").await;
    let row = format!("[data-sandbox-id={id}]");
    e2e.wait_for(&format!("{row} [data-testid=expiry][data-level=urgent]"))
        .await;
    eventually_within(
        Duration::from_secs(120),
        "the expired sandbox to leave the list without a reload",
        || async { e2e.count(&row).await.eq(&0).then_some(()) },
    )
    .await;
    let gone = api.get_json(&format!("{SANDBOXES_PATH}/{id}")).await;
    assert_eq!(gone.status, 404);
}
