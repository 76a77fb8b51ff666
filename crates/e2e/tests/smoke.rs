//! Proves the harness: the built console loads from sandboxd, in Chromium.

use sandbox_e2e::E2e;

#[tokio::test]
async fn console_loads_and_api_is_alive() {
    let e2e = E2e::start().await;

    e2e.goto("/").await;
    assert_eq!(e2e.browser().title().await.unwrap(), "Sandbox Console");

    let health = e2e.api("no-token-needed").get_json("/healthz").await;
    assert!(
        health.status.is_success(),
        "GET /healthz answered {}: {}",
        health.status,
        health.body
    );
}
