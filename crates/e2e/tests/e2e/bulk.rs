//! `/sandboxes` bulk actions (issue 18) against a server that fails a
//! fifth of its requests: five sandboxes of one owner selected from the
//! keyboard and with Shift+click, deleted through the confirmation, the
//! failures retried until none is left, and exactly those five gone.

use std::collections::BTreeSet;

use sandbox_api::SANDBOXES_PATH;
use sandbox_e2e::{eventually_within, tokens, Api, E2e};
use serde_json::Value;
use thirtyfour::prelude::*;

use crate::support::PATIENCE;

/// Every sandbox id the admin sees, asked again past injected 503s.
async fn all_ids(api: &Api) -> BTreeSet<String> {
    eventually_within(PATIENCE, "the whole list through failures", || async {
        let response = api.get_json(&format!("{SANDBOXES_PATH}?limit=200")).await;
        if response.status != 200 {
            return None;
        }
        let items: Vec<Value> = response.json();
        assert!(
            (items.len() as u64) == response.total_count(),
            "the demo fits one page"
        );
        Some(
            items
                .iter()
                .map(|item| item["sandbox_id"].as_str().unwrap().to_owned())
                .collect(),
        )
    })
    .await
}

/// Waits until `css` shows (with `text`, if given), pressing `retry`
/// whenever it is there meanwhile (an injected failure put it up).
async fn press_until(e2e: &E2e, css: &str, text: Option<&str>, retry: By) {
    eventually_within(PATIENCE, css, || async {
        if let Ok(found) = e2e.browser().find(By::Css(css)).await {
            let shown = found.text().await.unwrap_or_default();
            if text.is_none_or(|text| shown == text) {
                return Some(());
            }
        }
        if let Ok(button) = e2e.browser().find(retry.clone()).await {
            let _ = button.click().await;
        }
        None
    })
    .await
}

/// `press_until` with the error panel's "Try again".
async fn wait_through_failures(e2e: &E2e, css: &str) {
    let try_again = By::XPath("//button[normalize-space()='Try again']");
    press_until(e2e, css, None, try_again).await
}

#[tokio::test]
async fn bulk_delete_through_failures_deletes_exactly_the_selected_five() {
    let e2e = E2e::start_with_server_args(&["--fail-rate", "0.2"]).await;
    let api = e2e.api(tokens::ADMIN);
    let before = all_ids(&api).await;
    // Connecting calls /me, which fails now and then too: preset the token.
    e2e.goto("/connect").await;
    e2e.store_token(tokens::ADMIN).await;
    e2e.goto("/sandboxes?owner_id=cust_e2e&sort=name").await;
    // Who is calling (/me) decides what may be deleted, then the rows.
    wait_through_failures(&e2e, "[data-testid=whoami]").await;
    wait_through_failures(&e2e, "[data-testid=row-select]").await;

    // The first from the keyboard (Space), then Shift+click on the fifth.
    let boxes = e2e.all("[data-testid=row-select]").await;
    assert!(boxes.len() >= 6, "cust_e2e has ten sandboxes");
    boxes[0].focus().await.unwrap();
    boxes[0].send_keys(" ").await.unwrap();
    e2e.wait_for_text("[data-testid=selection-count]", "1 selected")
        .await;
    e2e.browser()
        .action_chain()
        .key_down(Key::Shift)
        .click_element(&boxes[4])
        .key_up(Key::Shift)
        .perform()
        .await
        .unwrap();
    e2e.wait_for_text("[data-testid=selection-count]", "5 selected")
        .await;
    let rows = e2e.all("[data-testid=sandbox-row]").await;
    let mut chosen = BTreeSet::new();
    for row in &rows[..5] {
        chosen.insert(row.attr("data-sandbox-id").await.unwrap().unwrap());
    }
    assert_eq!(chosen.len(), 5);

    e2e.click("[data-testid=bulk-delete]").await;
    let dialog = "[data-testid=bulk-dialog][open]";
    e2e.wait_for_text(
        &format!("{dialog} [data-testid=bulk-acts-on]"),
        "5 sandboxes will be deleted for good.",
    )
    .await;
    assert!(!e2e.is_enabled("[data-testid=bulk-confirm]").await);
    e2e.type_into("[data-testid=bulk-delete-count]", "5").await;
    e2e.click("[data-testid=bulk-confirm]").await;

    // Failures left after the automatic retries are retried by hand.
    press_until(
        &e2e,
        "[data-testid=bulk-summary]",
        Some("Delete finished: 5 succeeded, 0 failed."),
        By::Css("[data-testid=bulk-retry]"),
    )
    .await;

    let after = all_ids(&api).await;
    let gone: BTreeSet<String> = before.difference(&after).cloned().collect();
    assert_eq!(gone, chosen, "exactly the five selected are gone");
    assert!(after.is_subset(&before), "nothing appeared");
}
