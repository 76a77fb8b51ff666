//! `/sandboxes/:id/sources` and `/sandboxes/:id/sources/new`: a realtime
//! source's secret shown once (and again once rotated), and a polling
//! interval refused at its field.

use sandbox_e2e::{tokens, E2e};
use serde_json::Value;

use crate::support::{named, open_demo_sandbox_tab, section_list};

/// Everything the page keeps where a secret must never be: its source,
/// its URL and both storages.
async fn page_traces(e2e: &E2e) -> String {
    let source = e2e.browser().source().await.unwrap();
    let url = e2e.current_url().await;
    let storage = e2e
        .browser()
        .execute(
            "const dump = (s) => Object.keys(s).map((k) => k + '=' + s.getItem(k)).join('\\n');
             return dump(localStorage) + '\\n' + dump(sessionStorage);",
            Vec::new(),
        )
        .await
        .unwrap()
        .json()
        .as_str()
        .unwrap_or_default()
        .to_owned();
    format!("{source}\n{url}\n{storage}")
}

/// The secret the open secret panel shows (a source's webhook signing secret).
async fn shown_secret(e2e: &E2e) -> String {
    e2e.value_of("[data-testid=secret-value]").await
}

#[tokio::test]
async fn a_realtime_source_shows_its_secret_once_and_a_rotation_shows_a_new_one() {
    let e2e = E2e::start().await;
    let id = open_demo_sandbox_tab(&e2e, tokens::ADMIN, "e2e-04", "sources").await;
    e2e.click("[data-testid=source-register-link]").await;
    e2e.type_into("#source-name", "eng-alerts").await;
    e2e.click("#source-mode-realtime").await;
    e2e.type_into("#source-account", "T024BE7LD").await;
    e2e.type_into("#source-adapter-config", "{\"channel\": \"C024BE91L\"}")
        .await;
    e2e.click("[data-testid=register-submit]").await;

    e2e.wait_for_text("[data-testid=secret-panel]", "will not be shown again")
        .await;
    let secret = shown_secret(&e2e).await;
    assert!(secret.len() >= 16, "a secret is shown: {secret:?}");
    assert!(!e2e.current_url().await.contains(&secret));
    e2e.click("[data-testid=copy-secret]").await;
    e2e.wait_for_text("[data-testid=copy-secret-status]", "Cop")
        .await;
    e2e.click("[data-testid=secret-stored]").await;

    let eng_alerts = "[data-testid=source-row][data-source=eng-alerts]";
    e2e.wait_for_text(
        &format!("{eng_alerts} [data-testid=webhook-url]"),
        "/hooks/",
    )
    .await;
    assert!(e2e
        .current_url()
        .await
        .ends_with(&format!("/sandboxes/{id}/sources")));
    e2e.goto(&format!("/sandboxes/{id}")).await;
    e2e.wait_for("[data-testid=sandbox-title]").await;
    e2e.goto(&format!("/sandboxes/{id}/sources")).await;
    e2e.wait_for(eng_alerts).await;
    assert_eq!(e2e.count("[data-testid=secret-panel]").await, 0);
    assert!(
        !page_traces(&e2e).await.contains(&secret),
        "the secret is gone from page, URL and storage"
    );
    let sources = section_list(&e2e, &id, "sources").await;
    let source = named(&sources, "name", "eng-alerts");
    assert_eq!(source["webhook_signing_secret"], Value::Null);

    // Rotation: a warning first, then a new secret, shown the same way.
    e2e.click(&format!("{eng_alerts} [data-testid=rotate-open]"))
        .await;
    e2e.wait_for_text("[data-testid=rotate-dialog]", "stops working immediately")
        .await;
    e2e.click("[data-testid=rotate-dialog-confirm]").await;
    e2e.wait_for_text("[data-testid=secret-panel]", "eng-alerts")
        .await;
    let rotated = shown_secret(&e2e).await;
    assert!(
        rotated.len() >= 16 && rotated != secret,
        "a new secret: {rotated:?}"
    );
    e2e.click("[data-testid=secret-stored]").await;
    e2e.wait_until_gone("[data-testid=secret-panel]").await;
    let traces = page_traces(&e2e).await;
    assert!(!traces.contains(&rotated) && !traces.contains(&secret));
    let logged = e2e.console_log().await.join("\n");
    assert!(
        !logged.contains(&rotated) && !logged.contains(&secret),
        "no secret in the console log"
    );
}

#[tokio::test]
async fn a_polling_source_with_a_30_second_interval_is_refused_at_the_field() {
    let e2e = E2e::start().await;
    let id = open_demo_sandbox_tab(&e2e, tokens::ADMIN, "e2e-05", "sources/new").await;
    e2e.type_into("#source-name", "issues-poller").await;
    e2e.select_value("#source-provider", "linear").await;
    e2e.click("#source-mode-polling").await;
    assert_eq!(
        e2e.value_of("#source-poll-interval").await,
        "300",
        "the default is shown"
    );
    e2e.type_into("#source-poll-interval", "30").await;
    e2e.click("[data-testid=register-submit]").await;

    e2e.wait_for_text("#source-poll-interval-error", "60 seconds or more")
        .await;
    assert_eq!(
        e2e.wait_for("#source-poll-interval")
            .await
            .attr("aria-invalid")
            .await
            .unwrap()
            .as_deref(),
        Some("true")
    );
    assert_eq!(e2e.value_of("#source-poll-interval").await, "30");
    assert_eq!(e2e.value_of("#source-name").await, "issues-poller");
    assert_eq!(
        section_list(&e2e, &id, "sources").await.len(),
        1,
        "nothing registered"
    );

    // Fixed, it goes through and back to the list with a notice.
    e2e.type_into("#source-poll-interval", "90").await;
    e2e.click("[data-testid=register-submit]").await;
    e2e.wait_for_text(
        "[data-testid=source-row][data-source=issues-poller]",
        "every 90 s",
    )
    .await;
    e2e.wait_for_text(
        "[data-testid=notice]",
        "Registered the data source issues-poller",
    )
    .await;
}
