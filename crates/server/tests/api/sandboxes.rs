//! Listing, creating (validation, idempotency, concurrency), reading,
//! refreshing and deleting sandboxes.

use futures::future::join_all;
use serde_json::json;
use tempfile::TempDir;

use crate::common::{id, Server};

const LIST: &str = "/api/v1/storage/sandboxes";

#[tokio::test]
async fn list_filters_by_owner_with_total_and_links() {
    let server = Server::demo();
    let page = server
        .get(&format!("{LIST}?owner_id=cust_4711&limit=5"), "demo-admin")
        .await;
    assert_eq!(page.status, 200);
    assert_eq!(page.header("x-total-count"), Some("14"));
    assert_eq!(page.json.as_array().unwrap().len(), 5);
    assert!(page
        .json
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["owner_id"] == "cust_4711" && s["user_id"] == "acct_demo_acme"));
    assert_eq!(
        page.header("link"),
        Some("</api/v1/storage/sandboxes?owner_id=cust_4711&limit=5&offset=5>; rel=\"next\"")
    );

    let last = server
        .get(
            &format!("{LIST}?owner_id=cust_4711&limit=5&offset=10"),
            "demo-admin",
        )
        .await;
    assert_eq!(last.json.as_array().unwrap().len(), 4);
    assert_eq!(
        last.header("link"),
        Some("</api/v1/storage/sandboxes?owner_id=cust_4711&limit=5&offset=5>; rel=\"prev\"")
    );

    // Pages never overlap: all 14 ids, each once.
    let mut ids = Vec::new();
    for offset in [0, 5, 10] {
        let page = server
            .get(
                &format!("{LIST}?owner_id=cust_4711&limit=5&offset={offset}"),
                "demo-admin",
            )
            .await;
        ids.extend(page.json.as_array().unwrap().iter().map(id));
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 14);
}

#[tokio::test]
async fn list_defaults_to_50_newest_first() {
    let server = Server::demo();
    let page = server.get(LIST, "demo-admin").await;
    assert_eq!(page.header("x-total-count"), Some("62"));
    let items = page.json.as_array().unwrap();
    assert_eq!(items.len(), 50);
    let created: Vec<&str> = items
        .iter()
        .map(|s| s["created_at"].as_str().unwrap())
        .collect();
    assert!(created.windows(2).all(|w| w[0] >= w[1]), "not newest first");
    assert!(page
        .header("link")
        .unwrap()
        .contains("offset=50>; rel=\"next\""));
    // access and owner_account are per caller / per request.
    assert!(items.iter().all(|s| s["access"] == "owner"
        && s["is_external"] == false
        && s["owner_account"].is_null()));
}

#[tokio::test]
async fn list_filters_status_tier_q_and_sorts() {
    let server = Server::demo();
    for status in ["active", "failed"] {
        let page = server
            .get(&format!("{LIST}?status={status}&limit=200"), "demo-admin")
            .await;
        assert!(page
            .json
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["status"] == status));
        assert!(!page.json.as_array().unwrap().is_empty());
    }
    let pro = server
        .get(&format!("{LIST}?tier=pro&limit=200"), "demo-admin")
        .await;
    assert!(pro
        .json
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["tier"] == "pro"));

    // q: case-insensitive substring of name or owner_id.
    let q = server
        .get(&format!("{LIST}?q=E2E-0&limit=200"), "demo-admin")
        .await;
    assert_eq!(q.header("x-total-count"), Some("9"));
    let by_owner = server
        .get(&format!("{LIST}?q=payments&limit=200"), "demo-admin")
        .await;
    assert!(by_owner
        .json
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["owner_id"] == "team_payments"));
    let wildcard = server.get(&format!("{LIST}?q=%25"), "demo-admin").await;
    assert_eq!(
        wildcard.header("x-total-count"),
        Some("0"),
        "% is matched literally"
    );

    let by_name = server
        .get(&format!("{LIST}?owner_id=cust_e2e&sort=name"), "demo-admin")
        .await;
    let names: Vec<&str> = by_name
        .json
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.first(), Some(&"e2e-01"));
    assert_eq!(names.last(), Some(&"e2e-10"));
    let desc = server
        .get(
            &format!("{LIST}?owner_id=cust_e2e&sort=-name&limit=1"),
            "demo-admin",
        )
        .await;
    assert_eq!(desc.json[0]["name"], "e2e-10");
    let by_status = server
        .get(&format!("{LIST}?sort=status&limit=200"), "demo-admin")
        .await;
    let statuses: Vec<&str> = by_status
        .json
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["status"].as_str().unwrap())
        .collect();
    assert!(statuses.windows(2).all(|w| w[0] <= w[1]));
    let oldest = server
        .get(&format!("{LIST}?sort=created_at&limit=200"), "demo-admin")
        .await;
    let created: Vec<&str> = oldest
        .json
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["created_at"].as_str().unwrap())
        .collect();
    assert!(created.windows(2).all(|w| w[0] <= w[1]));
}

#[tokio::test]
async fn list_rejects_bad_parameters_with_query_locs() {
    let server = Server::demo();
    let bad = server
        .get(
            &format!("{LIST}?limit=0&status=gone&sort=size&offset=-1&tier=gold&include[]=x"),
            "demo-admin",
        )
        .await;
    assert_eq!(bad.status, 422);
    assert_eq!(
        bad.locs(),
        [
            "query.include[]",
            "query.limit",
            "query.status",
            "query.sort",
            "query.offset",
            "query.tier"
        ]
    );
    let too_big = server.get(&format!("{LIST}?limit=201"), "demo-admin").await;
    assert_eq!(
        (too_big.status, too_big.json["detail"][0]["type"].as_str()),
        (422, Some("less_than_equal"))
    );
}

#[tokio::test]
async fn include_owner_account_expands_in_list_get_and_create() {
    let server = Server::demo();
    for query in ["include[]=owner_account", "include%5B%5D=owner_account"] {
        let page = server
            .get(
                &format!("{LIST}?owner_id=cust_e2e&limit=2&{query}"),
                "demo-admin",
            )
            .await;
        let account = &page.json[0]["owner_account"];
        assert_eq!(account["id"], "acct_demo_acme");
        assert_eq!(account["object"], "account");
        assert_eq!(account["name"], "Acme Production");
        assert!(account["created_at"].is_string() && account["updated_at"].is_string());
        assert!(page
            .header("link")
            .unwrap()
            .contains("include%5B%5D=owner_account"));
    }
    let sandbox_id = server.e2e(1).await;
    let one = server
        .get(
            &format!("{LIST}/{sandbox_id}?include[]=owner_account"),
            "demo-admin",
        )
        .await;
    assert_eq!(one.json["owner_account"]["name"], "Acme Production");
    let created = server
        .post(
            &format!("{LIST}?include[]=owner_account"),
            "demo-admin",
            json!({"name": "x", "owner_id": "o"}),
        )
        .await;
    assert_eq!(created.json["owner_account"]["id"], "acct_demo_acme");
}

#[tokio::test]
async fn create_returns_a_provisioning_sandbox_that_becomes_active() {
    let server = Server::demo();
    let created = server
        .post(
            LIST,
            "demo-admin",
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
        .get(&format!("{LIST}/{sandbox_id}/users"), "demo-admin")
        .await;
    assert_eq!(
        members.json,
        json!([{"email": "ada@acme.test", "role": "owner", "added_at": created_at, "origin": "production"}])
    );
    let apps = server
        .get(&format!("{LIST}/{sandbox_id}/apps"), "demo-admin")
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
            "demo-admin",
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
    let missing = server.post(LIST, "demo-admin", json!({})).await;
    assert_eq!(missing.status, 422);
    assert_eq!(missing.locs(), ["body.name", "body.owner_id"]);
    assert_eq!(
        missing.json["detail"][0],
        json!({"loc": ["body", "name"], "msg": "Enter a name", "type": "missing"})
    );

    let types = server
        .post(
            LIST,
            "demo-admin",
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
            "demo-admin",
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
            "demo-admin",
            json!({"name": "n", "owner_id": "o", "metadata": metadata}),
        )
        .await;
    assert_eq!(many.locs(), ["body.metadata"]);

    let not_object = server.post(LIST, "demo-admin", json!(["name"])).await;
    assert_eq!(
        (not_object.status, not_object.locs()),
        (422, vec!["body".to_string()])
    );
}

#[tokio::test]
async fn create_conflicts_on_owner_and_name() {
    let server = Server::demo();
    let body = json!({"name": "staging-eu", "owner_id": "cust_4711"});
    let taken = server.post(LIST, "demo-admin", body.clone()).await;
    assert_eq!(taken.status, 409);
    assert_eq!(
        taken.detail(),
        "A sandbox named \"staging-eu\" already exists for owner_id \"cust_4711\""
    );
    // The same owner_id and name in another account is another sandbox.
    assert_eq!(server.post(LIST, "demo-admin-3", body).await.status, 201);
}

#[tokio::test]
async fn concurrent_duplicate_creates_make_exactly_one() {
    let server = Server::demo();
    let body = json!({"name": "race", "owner_id": "cust_race"});
    let responses = join_all((0..12).map(|_| server.post(LIST, "demo-admin", body.clone()))).await;
    let mut statuses: Vec<u16> = responses.iter().map(|r| r.status).collect();
    statuses.sort();
    assert_eq!(statuses, [[201].as_slice(), &[409; 11]].concat());
    let list = server
        .get(&format!("{LIST}?owner_id=cust_race"), "demo-admin")
        .await;
    assert_eq!(list.header("x-total-count"), Some("1"));
}

#[tokio::test]
async fn idempotency_key_replays_and_refuses_another_body() {
    let server = Server::demo();
    let create = |body: serde_json::Value, key: &'static str| {
        server.send(
            server
                .request(reqwest::Method::POST, LIST, Some("demo-admin"))
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
                .request(reqwest::Method::POST, LIST, Some("demo-admin-2"))
                .header("Idempotency-Key", "key-1")
                .json(&json!({"name": "idem", "owner_id": "cust_idem"})),
        )
        .await;
    assert_eq!(
        (elsewhere.status, elsewhere.header("idempotent-replayed")),
        (201, None)
    );
    let list = server
        .get(&format!("{LIST}?owner_id=cust_idem"), "demo-admin")
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
                .request(reqwest::Method::POST, LIST, Some("demo-admin"))
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
        .get(&format!("{LIST}?owner_id=cust_idem_race"), "demo-admin")
        .await;
    assert_eq!(list.header("x-total-count"), Some("1"));
}

#[tokio::test]
async fn get_unknown_sandbox_is_404() {
    let server = Server::demo();
    let missing = server.get(&format!("{LIST}/sbx_nope"), "demo-admin").await;
    assert_eq!(
        (missing.status, missing.json.clone()),
        (404, json!({"detail": "Sandbox not found"}))
    );
}

#[tokio::test]
async fn refresh_restores_production_apps_and_keeps_members_and_sources() {
    let server = Server::demo();
    let scoped = server.find("demo-admin", "cust_4711", "scoped-demo").await;
    let sandbox_id = id(&scoped);
    let path = format!("{LIST}/{sandbox_id}");
    let before_sources = server
        .get(&format!("{path}/sources"), "demo-admin")
        .await
        .json;
    let apps = server.get(&format!("{path}/apps"), "demo-admin").await.json;
    assert_eq!(apps[1]["version"], "2.8.0-beta.1");

    let refreshed = server
        .post_empty(&format!("{path}/refresh"), "demo-admin")
        .await;
    assert_eq!(
        (refreshed.status, refreshed.json["status"].as_str()),
        (200, Some("refreshing"))
    );
    // Not active: other writes wait; a second refresh too.
    let busy = server
        .post_empty(&format!("{path}/refresh"), "demo-admin")
        .await;
    busy.assert_error(409, "Sandbox is refreshing; this needs an active sandbox");
    let push = server
        .post_empty(&format!("{path}/apps/crm/push"), "demo-admin")
        .await;
    assert_eq!(push.status, 409);

    let active = server.wait_for_status(&sandbox_id, "active").await;
    assert!(active["last_refreshed_at"].is_string());
    let apps = server.get(&format!("{path}/apps"), "demo-admin").await.json;
    let versions: Vec<(&str, &str)> = apps
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["app_name"].as_str().unwrap(),
                a["version"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        versions,
        [
            ("analytics", "3.0.2"),
            ("billing", "2.7.1"),
            ("crm", "4.2.0"),
            ("support-desk", "1.9.0")
        ]
    );
    assert_eq!(
        server
            .get(&format!("{path}/sources"), "demo-admin")
            .await
            .json,
        before_sources
    );
    assert_eq!(
        server
            .get(&format!("{path}/users"), "demo-admin")
            .await
            .json
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[tokio::test]
async fn refresh_and_delete_work_on_failed_but_not_on_transient_sandboxes() {
    // The demo's provisioning sandboxes provision as long as --provision-ms says.
    let dir = TempDir::new().unwrap();
    let args = ["--demo", "--provision-ms", "60000", "--refresh-ms", "50"];
    let server = Server::spawn(&dir.path().join("db"), &args, &[]);
    let failed = server
        .get(&format!("{LIST}?status=failed&limit=1"), "demo-admin")
        .await;
    let failed_id = id(&failed.json[0]);
    let refreshed = server
        .post_empty(&format!("{LIST}/{failed_id}/refresh"), "demo-admin")
        .await;
    assert_eq!(refreshed.status, 200);
    server.wait_for_status(&failed_id, "active").await;

    let provisioning = server
        .get(&format!("{LIST}?status=provisioning&limit=1"), "demo-admin")
        .await;
    let provisioning_id = id(&provisioning.json[0]);
    let delete = server
        .delete(&format!("{LIST}/{provisioning_id}"), "demo-admin")
        .await;
    delete.assert_error(409, "Sandbox is provisioning; this needs an active sandbox");
    let members = server
        .post(
            &format!("{LIST}/{provisioning_id}/users"),
            "demo-admin",
            json!({"users": [{"email": "a@b.co"}]}),
        )
        .await;
    assert_eq!(members.status, 409);
}

#[tokio::test]
async fn delete_is_permanent() {
    let server = Server::demo();
    let sandbox_id = server.e2e(10).await;
    let deleted = server
        .delete(&format!("{LIST}/{sandbox_id}"), "demo-admin")
        .await;
    assert_eq!((deleted.status, deleted.json.clone()), (200, json!({})));
    for path in ["", "/users", "/apps", "/sources"] {
        assert_eq!(
            server
                .get(&format!("{LIST}/{sandbox_id}{path}"), "demo-admin")
                .await
                .status,
            404
        );
    }
    assert_eq!(
        server
            .delete(&format!("{LIST}/{sandbox_id}"), "demo-admin")
            .await
            .status,
        404
    );
    let list = server
        .get(&format!("{LIST}?owner_id=cust_e2e"), "demo-admin")
        .await;
    assert_eq!(list.header("x-total-count"), Some("9"));
}

#[tokio::test]
async fn operations_show_their_steps_until_the_status_is_final() {
    let dir = tempfile::TempDir::new().unwrap();
    let args = ["--demo", "--provision-ms", "800", "--seed-ms", "800"];
    let server = Server::spawn(&dir.path().join("db"), &args, &[]);
    let created = server
        .post(
            LIST,
            "demo-admin",
            json!({"name": "steps", "owner_id": "cust_steps", "mode": "seeded"}),
        )
        .await;
    let operation = &created.json["operation"];
    assert_eq!(operation["kind"], "provision", "{}", created.text);
    assert!(operation["steps"].as_array().unwrap().len() >= 2);
    assert_eq!(operation["steps"][0]["state"], "running");
    assert_eq!(operation["steps"][1]["state"], "pending");
    assert_eq!(operation["steps"][1]["started_at"], serde_json::Value::Null);
    assert!(
        operation["estimated_completion_at"].as_str().unwrap()
            >= operation["started_at"].as_str().unwrap()
    );
    assert_eq!(created.json["failure_reason"], serde_json::Value::Null);

    let sandbox_id = id(&created.json);
    let mut last = 0.0;
    let seeding = server.wait_for_status(&sandbox_id, "seeding").await;
    assert_eq!(seeding["operation"]["kind"], "seed");
    for _ in 0..10 {
        let sandbox = server
            .get(&format!("{LIST}/{sandbox_id}"), "demo-admin")
            .await
            .json;
        if sandbox["status"] != "seeding" {
            break;
        }
        let progress = sandbox["operation"]["progress"].as_f64().unwrap();
        assert!((last..=1.0).contains(&progress), "{progress} after {last}");
        last = progress;
        tokio::time::sleep(std::time::Duration::from_millis(60)).await;
    }
    let active = server.wait_for_status(&sandbox_id, "active").await;
    assert_eq!(active["operation"], serde_json::Value::Null);
    // Demo sandboxes that failed say why.
    let failed = server
        .get(&format!("{LIST}?status=failed&limit=1"), "demo-admin")
        .await;
    assert!(failed.json[0]["failure_reason"]
        .as_str()
        .unwrap()
        .ends_with('.'));
}
