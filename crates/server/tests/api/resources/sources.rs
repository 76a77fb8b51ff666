//! Data sources: registering with defaults and limits, validation, and
//! webhook secrets shown once and rotated.

use serde_json::json;

use super::LIST;
use crate::common::Server;
use sandbox_api::demo::tokens;

#[tokio::test]
async fn sources_register_with_defaults_and_limits() {
    let server = Server::demo();
    let sandbox_id = server.e2e(6).await;
    let path = format!("{LIST}/{sandbox_id}/sources");
    let manual = server
        .post(
            &path,
            tokens::ADMIN,
            json!({"provider": "linear", "name": "issues"}),
        )
        .await;
    assert_eq!(manual.status, 201, "{}", manual.text);
    let source = &manual.json;
    assert!(source["data_source_id"]
        .as_str()
        .unwrap()
        .starts_with("src_"));
    assert_eq!(
        (source["user_id"].as_str(), source["sandbox_id"].as_str()),
        (Some("acct_demo_acme"), Some(sandbox_id.as_str()))
    );
    assert_eq!(
        (source["ingestion_mode"].as_str(), source["kind"].as_str()),
        (Some("manual"), Some("durable"))
    );
    assert_eq!(source["status"], "active");
    assert!(source["webhook_url"].is_null() && source["webhook_signing_secret"].is_null());
    assert!(source["poll_interval_seconds"].is_null() && source["last_sync_at"].is_null());
    assert_eq!(source["adapter_config"], json!({}));

    let polling = server
        .post(&path, tokens::ADMIN, json!({"provider": "github", "name": "prs", "ingestion_mode": "polling", "kind": "ephemeral", "external_account_id": "org-1", "adapter_config": {"repo": "a/b"}}))
        .await;
    assert_eq!(polling.json["poll_interval_seconds"], 300);
    assert_eq!(
        (
            polling.json["kind"].as_str(),
            polling.json["external_account_id"].as_str()
        ),
        (Some("ephemeral"), Some("org-1"))
    );
    assert_eq!(polling.json["adapter_config"], json!({"repo": "a/b"}));

    // e2e sandboxes start with one source; free allows 3.
    let over = server
        .post(
            &path,
            tokens::ADMIN,
            json!({"provider": "slack", "name": "one-too-many"}),
        )
        .await;
    over.assert_error(
        409,
        "Source limit reached: this sandbox's tier allows 3 sources",
    );
    let list = server.get(&path, tokens::ADMIN).await.json;
    assert_eq!(list.as_array().unwrap().len(), 3);

    let deleted = server
        .delete(
            &format!("{path}/{}", source["data_source_id"].as_str().unwrap()),
            tokens::ADMIN,
        )
        .await;
    assert_eq!((deleted.status, deleted.json.clone()), (200, json!({})));
    let again = server
        .delete(
            &format!("{path}/{}", source["data_source_id"].as_str().unwrap()),
            tokens::ADMIN,
        )
        .await;
    assert_eq!(
        (again.status, again.json.clone()),
        (404, json!({"detail": "Source not found"}))
    );
}

#[tokio::test]
async fn source_requests_are_validated() {
    let server = Server::demo();
    let path = format!("{LIST}/{}/sources", server.e2e(7).await);
    let missing = server.post(&path, tokens::ADMIN, json!({})).await;
    assert_eq!(missing.locs(), ["body.provider", "body.name"]);
    let bad = server
        .post(&path, tokens::ADMIN, json!({"provider": "Slack!", "name": "", "ingestion_mode": "polling", "poll_interval_seconds": 30}))
        .await;
    assert_eq!(
        bad.locs(),
        ["body.provider", "body.name", "body.poll_interval_seconds"]
    );
    assert_eq!(
        bad.json["detail"][2],
        json!({"loc": ["body", "poll_interval_seconds"], "msg": "Use 60 seconds or more", "type": "greater_than_equal"})
    );
    let types = server
        .post(&path, tokens::ADMIN, json!({"provider": "x", "name": "y", "ingestion_mode": "push", "kind": 1, "adapter_config": "no", "poll_interval_seconds": "60"}))
        .await;
    assert_eq!(
        types.locs(),
        [
            "body.ingestion_mode",
            "body.kind",
            "body.adapter_config",
            "body.poll_interval_seconds"
        ]
    );
}

#[tokio::test]
async fn webhook_secrets_are_shown_once_and_rotate() {
    let server = Server::demo();
    let sandbox_id = server.e2e(8).await;
    let path = format!("{LIST}/{sandbox_id}/sources");
    let created = server.post(&path, tokens::ADMIN, json!({"provider": "slack", "name": "eng-alerts", "ingestion_mode": "realtime", "external_account_id": "T024BE7LD"})).await;
    assert_eq!(created.status, 201);
    let source_id = created.json["data_source_id"].as_str().unwrap().to_string();
    let secret = created.json["webhook_signing_secret"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        secret.starts_with("whsec_") && secret.len() == 6 + 64,
        "{secret}"
    );
    assert_eq!(
        created.json["webhook_url"],
        format!("{}/hooks/{source_id}", server.base)
    );

    let hook = |secret: String| {
        server.send(server.request(
            reqwest::Method::POST,
            &format!("/hooks/{source_id}"),
            Some(&secret),
        ))
    };
    assert_eq!(hook(secret.clone()).await.status, 202);
    assert_eq!(hook("whsec_wrong".into()).await.status, 401);
    let listed = server.get(&path, tokens::ADMIN).await.json;
    let stored = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["data_source_id"] == source_id.as_str())
        .unwrap();
    assert!(stored["webhook_signing_secret"].is_null());
    assert!(
        stored["last_sync_at"].is_string(),
        "a verified delivery stamps last_sync_at"
    );

    let rotated = server
        .post_empty(
            &format!("{path}/{source_id}/rotate-webhook-secret"),
            tokens::ADMIN,
        )
        .await;
    assert_eq!(rotated.status, 200);
    let new_secret = rotated.json["webhook_signing_secret"]
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(new_secret, secret);
    assert_eq!(
        hook(secret.clone()).await.status,
        401,
        "the old secret stops verifying"
    );
    assert_eq!(hook(new_secret.clone()).await.status, 202);

    // Neither secret appears in any GET, nor in the database file.
    for get in [
        path.clone(),
        format!("{LIST}/{sandbox_id}"),
        LIST.to_string(),
        format!("{LIST}/{sandbox_id}/apps"),
    ] {
        let text = server.get(&get, tokens::ADMIN).await.text;
        assert!(
            !text.contains(&secret) && !text.contains(&new_secret) && !text.contains("whsec_"),
            "{get}"
        );
    }
    let stored = server.stored_data();
    let text = String::from_utf8_lossy(&stored);
    assert!(
        text.contains(&sandbox_id),
        "the stored data is the sandbox's database"
    );
    assert!(
        !text.contains(&secret[6..]) && !text.contains(&new_secret[6..]),
        "secret stored in the database"
    );

    let manual_id = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["ingestion_mode"] == "manual")
        .unwrap()["data_source_id"]
        .clone();
    let not_realtime = server
        .post_empty(
            &format!(
                "{path}/{}/rotate-webhook-secret",
                manual_id.as_str().unwrap()
            ),
            tokens::ADMIN,
        )
        .await;
    not_realtime.assert_error(
        409,
        "Only realtime sources have a webhook secret; this one is manual",
    );
    let unknown = server
        .post_empty(
            &format!("{path}/src_nope/rotate-webhook-secret"),
            tokens::ADMIN,
        )
        .await;
    assert_eq!(unknown.status, 404);
}
