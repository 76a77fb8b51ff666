//! Members, apps and data sources of a sandbox.

use serde_json::json;

use crate::common::Server;

const LIST: &str = "/api/v1/storage/sandboxes";

#[tokio::test]
async fn members_are_added_updated_and_removed() {
    let server = Server::demo();
    let path = format!("{LIST}/{}/users", server.e2e(1).await);
    let before = server.get(&path, "demo-admin").await.json;
    assert_eq!(before.as_array().unwrap().len(), 1);

    let added = server
        .post(&path, "demo-admin", json!({"users": [{"email": "Bob@Acme.test", "role": "editor"}, {"email": "cy@acme.test"}, {"email": "ada@acme.test", "role": "owner"}]}))
        .await;
    assert_eq!(added.status, 200, "{}", added.text);
    let body = &added.json;
    assert_eq!(body["sandbox_id"], path.split('/').nth(5).unwrap());
    assert_eq!(body["added"].as_array().unwrap().len(), 2);
    assert_eq!(body["added"][0]["email"], "bob@acme.test");
    assert_eq!(body["added"][0]["role"], "editor");
    assert_eq!(body["added"][0]["origin"], "added");
    assert_eq!(
        body["added"][1]["role"], "viewer",
        "role defaults to viewer"
    );
    assert_eq!(body["unchanged"][0]["email"], "ada@acme.test");
    assert_eq!(body["updated"], json!([]));

    let updated = server
        .post(
            &path,
            "demo-admin",
            json!({"users": [{"email": "cy@acme.test", "role": "owner"}]}),
        )
        .await;
    assert_eq!(updated.json["updated"][0]["role"], "owner");
    let list = server.get(&path, "demo-admin").await.json;
    let emails: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["email"].as_str().unwrap())
        .collect();
    assert_eq!(emails, ["ada@acme.test", "bob@acme.test", "cy@acme.test"]);

    let removed = server.delete_json(&path, "demo-admin", json!({"users": [{"email": "bob@acme.test", "role": "owner"}, {"email": "zed@acme.test"}]})).await;
    assert_eq!(
        removed.json,
        json!({"sandbox_id": body["sandbox_id"], "removed": ["bob@acme.test"], "not_found": ["zed@acme.test"]})
    );
}

#[tokio::test]
async fn the_last_owner_stays() {
    let server = Server::demo();
    let path = format!("{LIST}/{}/users", server.e2e(2).await);
    server
        .post(
            &path,
            "demo-admin",
            json!({"users": [{"email": "bob@acme.test", "role": "editor"}]}),
        )
        .await;
    let remove = server
        .delete_json(
            &path,
            "demo-admin",
            json!({"users": [{"email": "ada@acme.test"}, {"email": "bob@acme.test"}]}),
        )
        .await;
    remove.assert_error(409, "A sandbox must keep at least one owner");
    let demote = server
        .post(
            &path,
            "demo-admin",
            json!({"users": [{"email": "ada@acme.test", "role": "viewer"}]}),
        )
        .await;
    assert_eq!(demote.status, 409);
    assert_eq!(
        server
            .get(&path, "demo-admin")
            .await
            .json
            .as_array()
            .unwrap()
            .len(),
        2,
        "nothing removed"
    );
}

#[tokio::test]
async fn member_limit_of_the_tier() {
    let server = Server::demo();
    let path = format!("{LIST}/{}/users", server.e2e(3).await);
    let users: Vec<_> = (0..5)
        .map(|i| json!({"email": format!("u{i}@acme.test")}))
        .collect();
    let over = server
        .post(&path, "demo-admin", json!({ "users": users }))
        .await;
    assert_eq!(over.status, 409);
    assert_eq!(
        over.detail(),
        "Member limit reached: this sandbox's tier allows 5 members (it has 1)"
    );
    let fits = server
        .post(&path, "demo-admin", json!({ "users": users[..4] }))
        .await;
    assert_eq!(fits.status, 200);
    // Changing a role needs no room.
    let role = server
        .post(
            &path,
            "demo-admin",
            json!({"users": [{"email": "u0@acme.test", "role": "editor"}]}),
        )
        .await;
    assert_eq!(role.status, 200);
}

#[tokio::test]
async fn member_requests_are_validated() {
    let server = Server::demo();
    let path = format!("{LIST}/{}/users", server.e2e(1).await);
    let empty = server.post(&path, "demo-admin", json!({"users": []})).await;
    assert_eq!(
        (empty.status, empty.locs()),
        (422, vec!["body.users".to_string()])
    );
    assert_eq!(empty.json["detail"][0]["type"], "too_short");
    let bad = server
        .post(
            &path,
            "demo-admin",
            json!({"users": [{"email": "nope"}, {"email": "a@b.co"}, {"email": "A@b.co"}]}),
        )
        .await;
    assert_eq!(bad.locs(), ["body.users.0.email", "body.users.2.email"]);
    assert_eq!(bad.json["detail"][0]["type"], "value_error");
    let shape = server
        .post(&path, "demo-admin", json!({"users": [{"role": "boss"}, 7]}))
        .await;
    assert_eq!(
        shape.locs(),
        ["body.users.0.email", "body.users.0.role", "body.users.1"]
    );
    let many: Vec<_> = (0..101)
        .map(|i| json!({"email": format!("u{i}@acme.test")}))
        .collect();
    let too_many = server
        .delete_json(&path, "demo-admin", json!({ "users": many }))
        .await;
    assert_eq!(too_many.json["detail"][0]["type"], "too_long");
    let unknown = server
        .post(
            &format!("{LIST}/sbx_nope/users"),
            "demo-admin",
            json!({"users": [{"email": "a@b.co"}]}),
        )
        .await;
    assert_eq!(unknown.status, 404);
}

#[tokio::test]
async fn apps_push_and_production_versions() {
    let server = Server::demo();
    let scoped = server.find("demo-admin", "cust_4711", "scoped-demo").await;
    let path = format!("{LIST}/{}", scoped["sandbox_id"].as_str().unwrap());
    let apps = server.get(&format!("{path}/apps"), "demo-admin").await.json;
    assert_eq!(apps[1]["app_name"], "billing");
    assert!(apps[1]["last_push"].is_null());

    let push = server
        .post_empty(
            &format!("{path}/apps/billing/push?target=qa-eu"),
            "demo-admin",
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
    let apps = server.get(&format!("{path}/apps"), "demo-admin").await.json;
    assert_eq!(apps[1]["last_push"], push.json);

    // Default target: production, which then restores this version on refresh elsewhere.
    let production = server
        .post_empty(&format!("{path}/apps/billing/push"), "demo-admin")
        .await;
    assert_eq!(production.json["target"], "production");
    let other = server.e2e(5).await;
    server
        .post_empty(&format!("{LIST}/{other}/refresh"), "demo-admin")
        .await;
    server.wait_for_status(&other, "active").await;
    let apps = server
        .get(&format!("{LIST}/{other}/apps"), "demo-admin")
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
        .post_empty(&format!("{path}/apps/nope/push"), "demo-admin")
        .await;
    assert_eq!(
        (unknown.status, unknown.json.clone()),
        (404, json!({"detail": "App not found"}))
    );
    let bad_target = server
        .post_empty(
            &format!("{path}/apps/billing/push?target=two%20words"),
            "demo-admin",
        )
        .await;
    assert_eq!(
        (bad_target.status, bad_target.locs()),
        (422, vec!["query.target".to_string()])
    );
}

#[tokio::test]
async fn sources_register_with_defaults_and_limits() {
    let server = Server::demo();
    let sandbox_id = server.e2e(6).await;
    let path = format!("{LIST}/{sandbox_id}/sources");
    let manual = server
        .post(
            &path,
            "demo-admin",
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
        .post(&path, "demo-admin", json!({"provider": "github", "name": "prs", "ingestion_mode": "polling", "kind": "ephemeral", "external_account_id": "org-1", "adapter_config": {"repo": "a/b"}}))
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
            "demo-admin",
            json!({"provider": "slack", "name": "one-too-many"}),
        )
        .await;
    over.assert_error(
        409,
        "Source limit reached: this sandbox's tier allows 3 sources",
    );
    let list = server.get(&path, "demo-admin").await.json;
    assert_eq!(list.as_array().unwrap().len(), 3);

    let deleted = server
        .delete(
            &format!("{path}/{}", source["data_source_id"].as_str().unwrap()),
            "demo-admin",
        )
        .await;
    assert_eq!((deleted.status, deleted.json.clone()), (200, json!({})));
    let again = server
        .delete(
            &format!("{path}/{}", source["data_source_id"].as_str().unwrap()),
            "demo-admin",
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
    let missing = server.post(&path, "demo-admin", json!({})).await;
    assert_eq!(missing.locs(), ["body.provider", "body.name"]);
    let bad = server
        .post(&path, "demo-admin", json!({"provider": "Slack!", "name": "", "ingestion_mode": "polling", "poll_interval_seconds": 30}))
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
        .post(&path, "demo-admin", json!({"provider": "x", "name": "y", "ingestion_mode": "push", "kind": 1, "adapter_config": "no", "poll_interval_seconds": "60"}))
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
    let created = server.post(&path, "demo-admin", json!({"provider": "slack", "name": "eng-alerts", "ingestion_mode": "realtime", "external_account_id": "T024BE7LD"})).await;
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
    let listed = server.get(&path, "demo-admin").await.json;
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
            "demo-admin",
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
        let text = server.get(&get, "demo-admin").await.text;
        assert!(
            !text.contains(&secret) && !text.contains(&new_secret) && !text.contains("whsec_"),
            "{get}"
        );
    }
    for file in ["", "-wal"] {
        let bytes = std::fs::read(format!("{}{file}", server.db.display())).unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains(&secret[6..]) && !text.contains(&new_secret[6..]),
            "secret stored in db{file}"
        );
    }

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
            "demo-admin",
        )
        .await;
    not_realtime.assert_error(
        409,
        "Only realtime sources have a webhook secret; this one is manual",
    );
    let unknown = server
        .post_empty(
            &format!("{path}/src_nope/rotate-webhook-secret"),
            "demo-admin",
        )
        .await;
    assert_eq!(unknown.status, 404);
}
