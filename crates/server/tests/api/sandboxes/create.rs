//! Creating: the provisioning and seeding transitions, each bad field,
//! conflicts, concurrent duplicates and idempotency keys.

use futures::future::join_all;
use serde_json::json;

use super::LIST;
use crate::common::{id, Server};
use sandbox_api::demo::tokens;

#[tokio::test]
async fn create_returns_a_provisioning_sandbox_that_becomes_active() {
    let server = Server::demo();
    let created = server
        .post(
            LIST,
            tokens::ADMIN,
            json!({"name": "staging-eu", "owner_id": "cust_new", "metadata": {"team": "payments"}}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let sandbox = &created.json;
    assert!(sandbox["sandbox_id"].as_str().unwrap().starts_with("sbx_"));
    assert_eq!(sandbox["object"], "sandbox");
    assert_eq!(sandbox["user_id"], "acct_demo_acme");
    assert_eq!(
        (sandbox["tier"].as_str(), sandbox["mode"].as_str()),
        (Some("free"), Some("blank"))
    );
    assert_eq!(sandbox["status"], "provisioning");
    assert_eq!(sandbox["storage_provider_type"], "platform_s3");
    assert_eq!(
        sandbox["limits"],
        json!({"storage_bytes": 1073741824u64, "max_sources": 3, "max_members": 5})
    );
    assert_eq!(sandbox["metadata"], json!({"team": "payments"}));
    assert_eq!(sandbox["access"], "owner");
    assert_eq!(sandbox["is_external"], false);
    assert!(sandbox["last_refreshed_at"].is_null() && sandbox["owner_account"].is_null());
    let created_at = sandbox["created_at"].as_str().unwrap();
    assert!(
        created_at.len() == 20 && created_at.ends_with('Z'),
        "RFC 3339 UTC seconds: {created_at}"
    );

    let sandbox_id = id(sandbox);
    server.wait_for_status(&sandbox_id, "active").await;
    // The creator is the first owner; the account's production apps are installed.
    let members = server
        .get(&format!("{LIST}/{sandbox_id}/users"), tokens::ADMIN)
        .await;
    assert_eq!(
        members.json,
        json!([{"email": "ada@acme.test", "role": "owner", "added_at": created_at, "origin": "production"}])
    );
    let apps = server
        .get(&format!("{LIST}/{sandbox_id}/apps"), tokens::ADMIN)
        .await;
    assert_eq!(apps.json.as_array().unwrap().len(), 4);
}

#[tokio::test]
async fn seeded_sandbox_goes_through_seeding() {
    let dir = tempfile::TempDir::new().unwrap();
    let args = [
        "--demo",
        "--provision-ms",
        "50",
        "--seed-ms",
        "400",
        "--refresh-ms",
        "50",
    ];
    let server = Server::spawn(&dir.path().join("db"), &args, &[]);
    let created = server
        .post(
            LIST,
            tokens::ADMIN,
            json!({"name": "s", "owner_id": "o", "mode": "seeded", "tier": "enterprise"}),
        )
        .await;
    assert_eq!(
        (
            created.json["status"].as_str(),
            created.json["mode"].as_str()
        ),
        (Some("provisioning"), Some("seeded"))
    );
    assert_eq!(
        created.json["limits"],
        json!({"storage_bytes": 1099511627776u64, "max_sources": null, "max_members": null})
    );
    let sandbox_id = id(&created.json);
    server.wait_for_status(&sandbox_id, "seeding").await;
    server.wait_for_status(&sandbox_id, "active").await;
}

#[tokio::test]
async fn create_reports_each_bad_field() {
    let server = Server::demo();
    let missing = server.post(LIST, tokens::ADMIN, json!({})).await;
    assert_eq!(missing.status, 422);
    assert_eq!(missing.locs(), ["body.name", "body.owner_id"]);
    assert_eq!(
        missing.json["detail"][0],
        json!({"loc": ["body", "name"], "msg": "Enter a name", "type": "missing"})
    );

    let types = server
        .post(
            LIST,
            tokens::ADMIN,
            json!({"name": 1, "owner_id": "o", "tier": "gold", "mode": "full", "metadata": []}),
        )
        .await;
    let kinds: Vec<&str> = types.json["detail"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        types.locs(),
        ["body.name", "body.tier", "body.mode", "body.metadata"]
    );
    assert_eq!(kinds, ["string_type", "enum", "enum", "dict_type"]);
    assert_eq!(
        types.json["detail"][1]["msg"],
        "Input should be 'free', 'pro' or 'enterprise'"
    );

    let lengths = server
        .post(
            LIST,
            tokens::ADMIN,
            json!({"name": "", "owner_id": "o".repeat(256)}),
        )
        .await;
    assert_eq!(lengths.locs(), ["body.name", "body.owner_id"]);
    assert_eq!(lengths.json["detail"][0]["type"], "string_too_short");
    // The words a person reads, the same the console shows before sending.
    assert_eq!(lengths.json["detail"][0]["msg"], "Enter a name");
    assert_eq!(
        lengths.json["detail"][1]["msg"],
        "Use at most 255 characters"
    );
    assert_eq!(lengths.json["detail"][1]["type"], "string_too_long");

    let metadata: serde_json::Map<String, serde_json::Value> =
        (0..65).map(|i| (format!("k{i}"), json!(i))).collect();
    let many = server
        .post(
            LIST,
            tokens::ADMIN,
            json!({"name": "n", "owner_id": "o", "metadata": metadata}),
        )
        .await;
    assert_eq!(many.locs(), ["body.metadata"]);

    let not_object = server.post(LIST, tokens::ADMIN, json!(["name"])).await;
    assert_eq!(
        (not_object.status, not_object.locs()),
        (422, vec!["body".to_string()])
    );
}

#[tokio::test]
async fn create_conflicts_on_owner_and_name() {
    let server = Server::demo();
    let body = json!({"name": "staging-eu", "owner_id": "cust_4711"});
    let taken = server.post(LIST, tokens::ADMIN, body.clone()).await;
    assert_eq!(taken.status, 409);
    assert_eq!(
        taken.detail(),
        "A sandbox named \"staging-eu\" already exists for owner_id \"cust_4711\""
    );
    // The same owner_id and name in another account is another sandbox.
    assert_eq!(server.post(LIST, tokens::ADMIN_3, body).await.status, 201);
}

#[tokio::test]
async fn concurrent_duplicate_creates_make_exactly_one() {
    let server = Server::demo();
    let body = json!({"name": "race", "owner_id": "cust_race"});
    let responses = join_all((0..12).map(|_| server.post(LIST, tokens::ADMIN, body.clone()))).await;
    let mut statuses: Vec<u16> = responses.iter().map(|r| r.status).collect();
    statuses.sort();
    assert_eq!(statuses, [[201].as_slice(), &[409; 11]].concat());
    let list = server
        .get(&format!("{LIST}?owner_id=cust_race"), tokens::ADMIN)
        .await;
    assert_eq!(list.header("x-total-count"), Some("1"));
}

#[tokio::test]
async fn idempotency_key_replays_and_refuses_another_body() {
    let server = Server::demo();
    let create = |body: serde_json::Value, key: &'static str| {
        server.send(
            server
                .request(reqwest::Method::POST, LIST, Some(tokens::ADMIN))
                .header("Idempotency-Key", key)
                .json(&body),
        )
    };
    let first = create(
        json!({"name": "idem", "owner_id": "cust_idem", "metadata": {"a": 1, "b": 2}}),
        "key-1",
    )
    .await;
    assert_eq!(first.status, 201);
    assert_eq!(first.header("idempotent-replayed"), None);
    // Same body (keys in another order): the first response again, nothing created.
    let again = create(
        json!({"metadata": {"b": 2, "a": 1}, "owner_id": "cust_idem", "name": "idem"}),
        "key-1",
    )
    .await;
    assert_eq!(again.status, 201);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(again.json, first.json);
    let other = create(json!({"name": "idem-2", "owner_id": "cust_idem"}), "key-1").await;
    assert_eq!(other.status, 409);
    assert_eq!(
        other.detail(),
        "Idempotency-Key was already used with a different request body"
    );
    // Keys belong to their caller: another principal's same key is a new request.
    let elsewhere = server
        .send(
            server
                .request(reqwest::Method::POST, LIST, Some(tokens::ADMIN_2))
                .header("Idempotency-Key", "key-1")
                .json(&json!({"name": "idem", "owner_id": "cust_idem"})),
        )
        .await;
    assert_eq!(
        (elsewhere.status, elsewhere.header("idempotent-replayed")),
        (201, None)
    );
    let list = server
        .get(&format!("{LIST}?owner_id=cust_idem"), tokens::ADMIN)
        .await;
    assert_eq!(list.header("x-total-count"), Some("1"));

    let bad_key = create(json!({"name": "x", "owner_id": "y"}), "has space").await;
    assert_eq!(
        (bad_key.status, bad_key.locs()),
        (422, vec!["header.Idempotency-Key".to_string()])
    );
}

#[tokio::test]
async fn concurrent_requests_with_one_key_create_one_sandbox() {
    let server = Server::demo();
    let body = json!({"name": "idem-race", "owner_id": "cust_idem_race"});
    let responses = join_all((0..12).map(|_| {
        server.send(
            server
                .request(reqwest::Method::POST, LIST, Some(tokens::ADMIN))
                .header("Idempotency-Key", "same")
                .json(&body),
        )
    }))
    .await;
    assert!(
        responses.iter().all(|r| r.status == 201),
        "{:?}",
        responses.iter().map(|r| &r.text).collect::<Vec<_>>()
    );
    let ids: std::collections::HashSet<String> = responses.iter().map(|r| id(&r.json)).collect();
    assert_eq!(ids.len(), 1);
    assert_eq!(
        responses
            .iter()
            .filter(|r| r.header("idempotent-replayed").is_none())
            .count(),
        1
    );
    let list = server
        .get(&format!("{LIST}?owner_id=cust_idem_race"), tokens::ADMIN)
        .await;
    assert_eq!(list.header("x-total-count"), Some("1"));
}
