//! Apps: pushing versions and the production version.

use serde_json::json;

use super::LIST;
use crate::common::Server;
use sandbox_api::demo::tokens;

#[tokio::test]
async fn apps_push_and_production_versions() {
    let server = Server::demo();
    let scoped = server.find(tokens::ADMIN, "cust_4711", "scoped-demo").await;
    let path = format!("{LIST}/{}", scoped["sandbox_id"].as_str().unwrap());
    let apps = server
        .get(&format!("{path}/apps"), tokens::ADMIN)
        .await
        .json;
    assert_eq!(apps[1]["app_name"], "billing");
    assert!(apps[1]["last_push"].is_null());

    let push = server
        .post_empty(
            &format!("{path}/apps/billing/push?target=qa-eu"),
            tokens::ADMIN,
        )
        .await;
    assert_eq!(push.status, 200, "{}", push.text);
    assert!(push.json["push_id"].as_str().unwrap().starts_with("push_"));
    assert_eq!(push.json["sandbox_id"], scoped["sandbox_id"]);
    assert_eq!(
        (push.json["version"].as_str(), push.json["target"].as_str()),
        (Some("2.8.0-beta.1"), Some("qa-eu"))
    );
    assert_eq!(push.json["status"], "succeeded");
    let apps = server
        .get(&format!("{path}/apps"), tokens::ADMIN)
        .await
        .json;
    assert_eq!(apps[1]["last_push"], push.json);

    // Default target: production, which then restores this version on refresh elsewhere.
    let production = server
        .post_empty(&format!("{path}/apps/billing/push"), tokens::ADMIN)
        .await;
    assert_eq!(production.json["target"], "production");
    let other = server.e2e(5).await;
    server
        .post_empty(&format!("{LIST}/{other}/refresh"), tokens::ADMIN)
        .await;
    server.wait_for_status(&other, "active").await;
    let apps = server
        .get(&format!("{LIST}/{other}/apps"), tokens::ADMIN)
        .await
        .json;
    let billing = apps
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["app_name"] == "billing")
        .unwrap();
    assert_eq!(billing["version"], "2.8.0-beta.1");

    let unknown = server
        .post_empty(&format!("{path}/apps/nope/push"), tokens::ADMIN)
        .await;
    assert_eq!(
        (unknown.status, unknown.json.clone()),
        (404, json!({"detail": "App not found"}))
    );
    let bad_target = server
        .post_empty(
            &format!("{path}/apps/billing/push?target=two%20words"),
            tokens::ADMIN,
        )
        .await;
    assert_eq!(
        (bad_target.status, bad_target.locs()),
        (422, vec!["query.target".to_string()])
    );
}
