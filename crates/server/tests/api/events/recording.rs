//! Each action records one event with its actor, changes and request id.

use reqwest::Method;
use serde_json::{json, Value};

use super::{all_events, assert_event, caused_by, send_as, LIST};
use crate::common::{id, Server};
use sandbox_api::demo::tokens;

#[tokio::test]
async fn each_action_records_one_event_with_actor_changes_and_request_id() {
    let server = Server::demo();
    let admin = tokens::ADMIN;
    let created = send_as(
        &server,
        Method::POST,
        LIST,
        admin,
        "it-create",
        Some(json!({"name": "audited", "owner_id": "cust_audit", "tier": "pro"})),
    )
    .await;
    assert_eq!(created.status, 201, "{}", created.text);
    assert_eq!(created.header("x-request-id"), Some("it-create"));
    let sandbox_id = id(&created.json);
    let path = format!("{LIST}/{sandbox_id}");
    let events = caused_by(&server, &sandbox_id, "it-create").await;
    assert_eq!(events.len(), 1, "{events:?}");
    assert_event(
        &events[0],
        "sandbox.created",
        Some("ada@acme.test"),
        json!({"name": [null, "audited"], "owner_id": [null, "cust_audit"], "tier": [null, "pro"],
               "mode": [null, "blank"], "status": [null, "provisioning"]}),
    );
    assert_eq!(events[0]["actor"]["role"], "admin");
    assert_eq!(events[0]["actor"]["principal_id"], "prn_demo_admin");
    assert_eq!(events[0]["sandbox_name"], "audited");
    assert_eq!(events[0]["user_id"], "acct_demo_acme");
    assert_eq!(events[0]["sandbox_deleted"], false);
    assert_eq!(events[0]["summary"], "ada@acme.test created audited");

    // The worker's own change: no actor, no request.
    server.wait_for_status(&sandbox_id, "active").await;
    let history = all_events(&server, admin, &format!("{path}/events")).await;
    assert_event(
        &history[0],
        "sandbox.status_changed",
        None,
        json!({"status": ["provisioning", "active"]}),
    );
    assert_eq!(history[0]["request_id"], Value::Null);

    let users = format!("{path}/users");
    send_as(
        &server,
        Method::POST,
        &users,
        admin,
        "it-add",
        Some(json!({"users": [{"email": "Kim@Acme.test", "role": "editor"}]})),
    )
    .await;
    let added = caused_by(&server, &sandbox_id, "it-add").await;
    assert_eq!(added.len(), 1);
    assert_event(
        &added[0],
        "members.added",
        Some("ada@acme.test"),
        json!({"kim@acme.test": [null, "editor"]}),
    );
    assert_eq!(
        added[0]["summary"],
        "ada@acme.test added kim@acme.test as editor to audited"
    );

    // One request that adds and re-roles: one event of each; unchanged ones none.
    send_as(
        &server,
        Method::POST,
        &users,
        admin,
        "it-mixed",
        Some(json!({"users": [
        {"email": "kim@acme.test", "role": "viewer"},
        {"email": "lee@acme.test", "role": "viewer"},
        {"email": "ada@acme.test", "role": "owner"}]})),
    )
    .await;
    let mixed = caused_by(&server, &sandbox_id, "it-mixed").await;
    assert_eq!(mixed.len(), 2, "{mixed:?}");
    assert_event(
        &mixed[0],
        "members.added",
        Some("ada@acme.test"),
        json!({"lee@acme.test": [null, "viewer"]}),
    );
    assert_event(
        &mixed[1],
        "members.updated",
        Some("ada@acme.test"),
        json!({"kim@acme.test": ["editor", "viewer"]}),
    );
    let unchanged = send_as(
        &server,
        Method::POST,
        &users,
        admin,
        "it-same",
        Some(json!({"users": [{"email": "kim@acme.test", "role": "viewer"}]})),
    )
    .await;
    assert_eq!(unchanged.status, 200);
    assert!(caused_by(&server, &sandbox_id, "it-same").await.is_empty());

    send_as(
        &server,
        Method::DELETE,
        &users,
        admin,
        "it-remove",
        Some(json!({"users": [{"email": "lee@acme.test"}, {"email": "nobody@acme.test"}]})),
    )
    .await;
    let removed = caused_by(&server, &sandbox_id, "it-remove").await;
    assert_eq!(removed.len(), 1);
    assert_event(
        &removed[0],
        "members.removed",
        Some("ada@acme.test"),
        json!({"lee@acme.test": ["viewer", null]}),
    );

    let apps = server.get(&format!("{path}/apps"), admin).await;
    let app = apps.json[0]["app_name"].as_str().unwrap().to_owned();
    let version = apps.json[0]["version"].as_str().unwrap().to_owned();
    send_as(
        &server,
        Method::POST,
        &format!("{path}/apps/{app}/push?target=staging-db"),
        admin,
        "it-push",
        None,
    )
    .await;
    let pushed = caused_by(&server, &sandbox_id, "it-push").await;
    assert_eq!(pushed.len(), 1);
    assert_event(
        &pushed[0],
        "app.pushed",
        Some("ada@acme.test"),
        json!({"app_name": [null, app], "version": [null, version], "target": [null, "staging-db"]}),
    );

    let source = send_as(
        &server,
        Method::POST,
        &format!("{path}/sources"),
        admin,
        "it-source",
        Some(json!({"provider": "slack", "name": "alerts", "ingestion_mode": "realtime"})),
    )
    .await;
    let source_id = source.json["data_source_id"].as_str().unwrap().to_owned();
    let registered = caused_by(&server, &sandbox_id, "it-source").await;
    assert_eq!(registered.len(), 1);
    assert_event(
        &registered[0],
        "source.registered",
        Some("ada@acme.test"),
        json!({
        "data_source_id": [null, source_id], "name": [null, "alerts"], "provider": [null, "slack"],
        "ingestion_mode": [null, "realtime"]}),
    );
    let source_path = format!("{path}/sources/{source_id}");
    send_as(
        &server,
        Method::POST,
        &format!("{source_path}/rotate-webhook-secret"),
        admin,
        "it-rotate",
        None,
    )
    .await;
    let rotated = caused_by(&server, &sandbox_id, "it-rotate").await;
    assert_eq!(rotated.len(), 1);
    assert_event(
        &rotated[0],
        "source.secret_rotated",
        Some("ada@acme.test"),
        json!({"data_source_id": [source_id, source_id]}),
    );
    send_as(
        &server,
        Method::DELETE,
        &source_path,
        admin,
        "it-unsource",
        None,
    )
    .await;
    let unsourced = caused_by(&server, &sandbox_id, "it-unsource").await;
    assert_eq!(unsourced.len(), 1);
    assert_event(
        &unsourced[0],
        "source.deleted",
        Some("ada@acme.test"),
        json!({"data_source_id": [source_id, null], "name": ["alerts", null]}),
    );

    // An external editor's refresh is recorded with its own identity.
    let shared = server.find(tokens::ADMIN, "cust_1024", "load-test").await;
    let shared_id = id(&shared);
    send_as(
        &server,
        Method::POST,
        &format!("{LIST}/{shared_id}/refresh"),
        tokens::ADMIN_2,
        "it-refresh",
        None,
    )
    .await;
    let refreshed = caused_by(&server, &shared_id, "it-refresh").await;
    assert_eq!(refreshed.len(), 1);
    assert_event(
        &refreshed[0],
        "sandbox.refresh_requested",
        Some("hedy@globex.test"),
        json!({"status": ["active", "refreshing"]}),
    );
    assert_eq!(
        refreshed[0]["summary"],
        "hedy@globex.test requested a refresh of load-test"
    );
    server.wait_for_status(&shared_id, "active").await;
    let latest = &all_events(
        &server,
        tokens::ADMIN_2,
        &format!("{LIST}/{shared_id}/events"),
    )
    .await[0];
    assert_event(
        latest,
        "sandbox.status_changed",
        None,
        json!({"status": ["refreshing", "active"]}),
    );

    send_as(&server, Method::DELETE, &path, admin, "it-delete", None).await;
    let deleted = caused_by(&server, &sandbox_id, "it-delete").await;
    assert_eq!(deleted.len(), 1);
    assert_event(
        &deleted[0],
        "sandbox.deleted",
        Some("ada@acme.test"),
        json!({"status": ["active", null]}),
    );
    let history = all_events(&server, admin, &format!("{path}/events")).await;
    assert!(
        history.iter().all(|event| event["sandbox_deleted"] == true),
        "events outlive their sandbox"
    );
    assert_eq!(history.len(), 11, "{history:#?}");
}
