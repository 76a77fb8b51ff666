//! Activity: `X-Request-Id`, the events every change records (in the same
//! transaction, with actor, changes and request id), who sees which, the
//! filters and paging of `GET /api/v1/events`, and that no secret or token
//! ever reaches an event.

use reqwest::Method;
use serde_json::{json, Value};
use tempfile::TempDir;

use crate::common::{id, Response, Server, FAST};

const LIST: &str = "/api/v1/storage/sandboxes";
const EVENTS: &str = "/api/v1/events";

/// `method path` as `token` with its own `X-Request-Id` (and a JSON body).
async fn send_as(
    server: &Server,
    method: Method,
    path: &str,
    token: &str,
    request_id: &str,
    body: Option<Value>,
) -> Response {
    let request = server
        .request(method, path, Some(token))
        .header("x-request-id", request_id);
    let request = match body {
        Some(body) => request.json(&body),
        None => request,
    };
    server.send(request).await
}

/// Every event `token` sees at `path` (all pages of 200), once no sandbox
/// is in transit: an event the worker adds between two pages would shift
/// the second.
async fn all_events(server: &Server, token: &str, path: &str) -> Vec<Value> {
    server.wait_until_settled().await;
    let separator = if path.contains('?') { '&' } else { '?' };
    let mut events = Vec::new();
    loop {
        let page = server
            .get(
                &format!("{path}{separator}limit=200&offset={}", events.len()),
                token,
            )
            .await;
        assert_eq!(page.status, 200, "{path}: {}", page.text);
        let items = page.json.as_array().unwrap().clone();
        let done = items.len() < 200;
        events.extend(items);
        if done {
            return events;
        }
    }
}

/// The events of sandbox `sandbox_id` that request `request_id` caused, oldest first.
async fn caused_by(server: &Server, sandbox_id: &str, request_id: &str) -> Vec<Value> {
    let mut events: Vec<Value> = all_events(
        server,
        "demo-support",
        &format!("{LIST}/{sandbox_id}/events"),
    )
    .await
    .into_iter()
    .filter(|event| event["request_id"] == request_id)
    .collect();
    events.reverse();
    events
}

/// How many events `sandbox_id` has (support sees every one).
async fn event_count(server: &Server, sandbox_id: &str) -> u64 {
    let page = server
        .get(
            &format!("{LIST}/{sandbox_id}/events?limit=1"),
            "demo-support",
        )
        .await;
    page.header("x-total-count").unwrap().parse().unwrap()
}

#[track_caller]
fn assert_event(event: &Value, action: &str, actor_email: Option<&str>, changes: Value) {
    assert_eq!(event["action"], action, "{event}");
    assert_eq!(event["object"], "event");
    assert!(event["event_id"].as_str().unwrap().starts_with("evt_"));
    match actor_email {
        Some(email) => {
            assert_eq!(event["actor"]["email"], email, "{event}");
            assert!(event["actor"]["principal_id"]
                .as_str()
                .unwrap()
                .starts_with("prn_"));
        }
        None => assert_eq!(event["actor"], Value::Null, "{event}"),
    }
    assert_eq!(event["changes"], changes, "{event}");
    assert!(!event["summary"].as_str().unwrap().is_empty());
}

#[tokio::test]
async fn every_response_has_a_request_id_and_the_log_names_it() {
    let dir = TempDir::new().unwrap();
    let server = Server::spawn(
        &dir.path().join("db"),
        &[&["--demo", "--allow-origin", "http://console.test"], FAST].concat(),
        &[],
    );
    let mine = server
        .send(
            server
                .request(Method::GET, "/api/v1/me", Some("demo-admin"))
                .header("x-request-id", "my-trace:42/a.b~c"),
        )
        .await;
    assert_eq!(mine.header("x-request-id"), Some("my-trace:42/a.b~c"));

    for bad in ["", "has space", &"x".repeat(129)] {
        let replaced = server
            .send(
                server
                    .request(Method::GET, "/api/v1/me", Some("demo-admin"))
                    .header("x-request-id", bad),
            )
            .await;
        let id = replaced.header("x-request-id").unwrap();
        assert!(id.starts_with("req_") && id != bad, "{bad:?} → {id}");
    }
    // Errors, unknown paths and unauthenticated calls have one too, each its own.
    let a = server.get("/api/v1/nowhere", "demo-admin").await;
    let b = server
        .send(server.request(Method::GET, "/api/v1/me", None))
        .await;
    let health = server
        .send(server.request(Method::GET, "/healthz", None))
        .await;
    let ids: Vec<&str> = [&a, &b, &health]
        .iter()
        .map(|r| r.header("x-request-id").unwrap())
        .collect();
    assert!(ids.iter().all(|id| id.starts_with("req_")), "{ids:?}");
    assert!(ids[0] != ids[1] && ids[1] != ids[2]);

    // CORS: allowed on requests, readable on responses.
    let preflight = server
        .send(
            server
                .request(Method::OPTIONS, "/api/v1/me", None)
                .header("origin", "http://console.test")
                .header("access-control-request-method", "GET")
                .header(
                    "access-control-request-headers",
                    "authorization, x-request-id",
                ),
        )
        .await;
    let allowed = preflight
        .header("access-control-allow-headers")
        .unwrap()
        .to_ascii_lowercase();
    assert!(allowed.contains("x-request-id"), "{allowed}");
    let cross = server
        .send(
            server
                .request(Method::GET, "/api/v1/me", Some("demo-admin"))
                .header("origin", "http://console.test"),
        )
        .await;
    let exposed = cross
        .header("access-control-expose-headers")
        .unwrap()
        .to_ascii_lowercase();
    assert!(exposed.contains("x-request-id"), "{exposed}");

    let logs = without_colours(&server.logs());
    assert!(
        logs.lines().any(
            |line| line.contains("request_id=my-trace:42/a.b~c") && line.contains("/api/v1/me")
        ),
        "the request's log line names its id: {logs}"
    );
}

/// Log text without its ANSI colour sequences (`ESC [ … m`).
fn without_colours(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            chars.by_ref().find(|&c| c == 'm');
        } else {
            plain.push(c);
        }
    }
    plain
}

#[tokio::test]
async fn each_action_records_one_event_with_actor_changes_and_request_id() {
    let server = Server::demo();
    let admin = "demo-admin";
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
    let shared = server.find("demo-admin", "cust_1024", "load-test").await;
    let shared_id = id(&shared);
    send_as(
        &server,
        Method::POST,
        &format!("{LIST}/{shared_id}/refresh"),
        "demo-admin-2",
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
        "demo-admin-2",
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

#[tokio::test]
async fn refused_requests_record_nothing() {
    let server = Server::demo();
    let sandbox_id = server.e2e(1).await;
    let path = format!("{LIST}/{sandbox_id}");
    let before = event_count(&server, &sandbox_id).await;
    let attempts = [
        // 409: name taken; last owner; not a realtime source.
        (
            Method::POST,
            LIST.to_owned(),
            "demo-admin",
            Some(json!({"name": "e2e-02", "owner_id": "cust_e2e"})),
            409,
        ),
        (
            Method::DELETE,
            format!("{path}/users"),
            "demo-admin",
            Some(json!({"users": [{"email": "ada@acme.test"}]})),
            409,
        ),
        // 422: bad bodies.
        (
            Method::POST,
            format!("{path}/users"),
            "demo-admin",
            Some(json!({"users": [{"email": "not-an-email"}]})),
            422,
        ),
        (
            Method::POST,
            format!("{path}/sources"),
            "demo-admin",
            Some(json!({"provider": "Bad Name", "name": "x"})),
            422,
        ),
        (
            Method::POST,
            format!("{path}/apps/crm/push?target="),
            "demo-admin",
            None,
            422,
        ),
        // 403: roles and access.
        (
            Method::POST,
            format!("{path}/refresh"),
            "demo-viewer",
            None,
            403,
        ),
        (Method::DELETE, path.clone(), "demo-viewer", None, 403),
        (
            Method::POST,
            LIST.to_owned(),
            "demo-sandbox",
            Some(json!({"name": "n", "owner_id": "o"})),
            403,
        ),
        // 404: unknown app, another tenant's sandbox.
        (
            Method::POST,
            format!("{path}/apps/nope/push"),
            "demo-admin",
            None,
            404,
        ),
        (
            Method::POST,
            format!("{path}/refresh"),
            "demo-admin-3",
            None,
            404,
        ),
    ];
    for (method, target, token, body, status) in attempts {
        let answer = send_as(&server, method.clone(), &target, token, "it-refused", body).await;
        assert_eq!(answer.status, status, "{method} {target}: {}", answer.text);
    }
    let source = server.get(&format!("{path}/sources"), "demo-admin").await;
    let manual = source.json[0]["data_source_id"].as_str().unwrap();
    let rotate = send_as(
        &server,
        Method::POST,
        &format!("{path}/sources/{manual}/rotate-webhook-secret"),
        "demo-admin",
        "it-refused",
        None,
    )
    .await;
    assert_eq!(rotate.status, 409);
    // A refresh refused because one is already running.
    server
        .post_empty(&format!("{path}/refresh"), "demo-admin")
        .await;
    let again = send_as(
        &server,
        Method::POST,
        &format!("{path}/refresh"),
        "demo-admin",
        "it-refused",
        None,
    )
    .await;
    assert_eq!(again.status, 409);

    assert!(caused_by(&server, &sandbox_id, "it-refused")
        .await
        .is_empty());
    let refused_anywhere = all_events(&server, "demo-support", EVENTS)
        .await
        .into_iter()
        .filter(|event| event["request_id"] == "it-refused")
        .count();
    assert_eq!(refused_anywhere, 0);
    server.wait_for_status(&sandbox_id, "active").await;
    assert_eq!(
        event_count(&server, &sandbox_id).await,
        before + 2,
        "only the one refresh that ran, and its end"
    );
}

#[tokio::test]
async fn no_secret_or_token_reaches_an_event() {
    let server = Server::demo();
    let sandbox_id = server.e2e(2).await;
    let sources = format!("{LIST}/{sandbox_id}/sources");
    let created = server
        .post(
            &sources,
            "demo-admin",
            json!({"provider": "slack", "name": "rt", "ingestion_mode": "realtime"}),
        )
        .await;
    let source_id = created.json["data_source_id"].as_str().unwrap().to_owned();
    let mut secrets = vec![created.json["webhook_signing_secret"]
        .as_str()
        .unwrap()
        .to_owned()];
    for _ in 0..2 {
        let rotated = server
            .post_empty(
                &format!("{sources}/{source_id}/rotate-webhook-secret"),
                "demo-admin",
            )
            .await;
        secrets.push(
            rotated.json["webhook_signing_secret"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    server
        .delete(&format!("{sources}/{source_id}"), "demo-admin")
        .await;
    let everything =
        serde_json::to_string(&all_events(&server, "demo-support", EVENTS).await).unwrap();
    for secret in &secrets {
        assert!(
            !everything.contains(secret.as_str()) && !everything.contains(&secret[6..]),
            "a secret reached an event"
        );
    }
    assert!(!everything.contains("whsec_"));
    for token in [
        "demo-admin",
        "demo-admin-2",
        "demo-admin-3",
        "demo-support",
        "demo-viewer",
        "demo-sandbox",
    ] {
        assert!(
            !everything.contains(&format!("\"{token}\""))
                && !everything.contains(&format!("Bearer {token}")),
            "{token}"
        );
    }
    assert!(!everything.contains("Bearer"));
}

/// The distinct sandbox ids of `events`.
fn sandboxes_of(events: &[Value]) -> Vec<String> {
    let mut ids: Vec<String> = events
        .iter()
        .map(|event| event["sandbox_id"].as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

#[tokio::test]
async fn who_sees_which_events() {
    let server = Server::demo();
    // Fresh history everyone can be checked against: one sandbox per tenant
    // touched, an Acme one shared with Globex's admin, one Acme one deleted.
    let acme = server.e2e(4).await;
    let doomed = server.e2e(5).await;
    let shared = id(&server.find("demo-admin", "cust_1024", "load-test").await);
    let globex = id(&server.find("demo-admin-2", "cust_g100", "staging-eu").await);
    for (sandbox_id, token) in [
        (&acme, "demo-admin"),
        (&shared, "demo-admin"),
        (&globex, "demo-admin-2"),
    ] {
        let added = server
            .post(
                &format!("{LIST}/{sandbox_id}/users"),
                token,
                json!({"users": [{"email": "new@example.test"}]}),
            )
            .await;
        assert_eq!(added.status, 200, "{}", added.text);
    }
    server
        .delete(&format!("{LIST}/{doomed}"), "demo-admin")
        .await;

    let acme_events = all_events(&server, "demo-admin", EVENTS).await;
    let acme_sees = sandboxes_of(&acme_events);
    assert!(
        acme_sees.contains(&acme) && acme_sees.contains(&shared) && acme_sees.contains(&doomed)
    );
    assert!(!acme_sees.contains(&globex));
    assert!(acme_events.iter().all(|e| e["user_id"] == "acct_demo_acme"));
    let newest_first: Vec<&str> = acme_events
        .iter()
        .map(|e| e["occurred_at"].as_str().unwrap())
        .collect();
    assert!(
        newest_first.windows(2).all(|pair| pair[0] >= pair[1]),
        "newest first"
    );

    // Globex's admin: its own account and the Acme sandboxes it is a member of.
    let hedy = all_events(&server, "demo-admin-2", EVENTS).await;
    let hedy_sees = sandboxes_of(&hedy);
    assert!(hedy_sees.contains(&globex) && hedy_sees.contains(&shared));
    assert!(!hedy_sees.contains(&acme) && !hedy_sees.contains(&doomed));
    assert!(hedy
        .iter()
        .filter(|e| e["user_id"] == "acct_demo_acme")
        .all(|e| e["sandbox_id"] != acme.as_str()));
    // Initech's admin sees none of them.
    let alan = sandboxes_of(&all_events(&server, "demo-admin-3", EVENTS).await);
    assert!(![&acme, &shared, &doomed, &globex]
        .iter()
        .any(|id| alan.contains(id)));

    // The viewer reads Acme's live sandboxes' events, not a deleted one's.
    let vic = sandboxes_of(&all_events(&server, "demo-viewer", EVENTS).await);
    assert!(vic.contains(&acme) && !vic.contains(&doomed) && !vic.contains(&globex));
    let deleted_path = format!("{LIST}/{doomed}/events");
    server
        .get(&deleted_path, "demo-viewer")
        .await
        .assert_error(404, "Sandbox not found");
    let empty = server
        .get(&format!("{EVENTS}?sandbox_id={doomed}"), "demo-viewer")
        .await;
    assert_eq!(
        (empty.json.clone(), empty.header("x-total-count")),
        (json!([]), Some("0"))
    );
    // Admins of the account and support keep the history of a deleted sandbox.
    for token in ["demo-admin", "demo-support"] {
        let history = server.get(&deleted_path, token).await;
        assert_eq!(history.status, 200, "{token}");
        assert_eq!(history.json[0]["action"], "sandbox.deleted");
        assert!(history
            .json
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["sandbox_deleted"] == true));
    }
    for token in ["demo-admin-2", "demo-admin-3"] {
        server
            .get(&deleted_path, token)
            .await
            .assert_error(404, "Sandbox not found");
    }

    // Support: every tenant, and may narrow to one.
    let support = sandboxes_of(&all_events(&server, "demo-support", EVENTS).await);
    assert!([&acme, &shared, &doomed, &globex]
        .iter()
        .all(|id| support.contains(id)));
    let globex_only = all_events(
        &server,
        "demo-support",
        &format!("{EVENTS}?user_id=acct_demo_globex"),
    )
    .await;
    assert!(
        !globex_only.is_empty()
            && globex_only
                .iter()
                .all(|e| e["user_id"] == "acct_demo_globex")
    );
    server
        .get(&format!("{EVENTS}?user_id=acct_demo_globex"), "demo-admin")
        .await
        .assert_error(403, "The user_id filter is available to support only");

    // A sandbox-scoped token: its sandbox only.
    let scoped = server.get("/api/v1/me", "demo-sandbox").await.json["acting_in_sandbox"]
        .as_str()
        .unwrap()
        .to_owned();
    server
        .post(
            &format!("{LIST}/{scoped}/users"),
            "demo-sandbox",
            json!({"users": [{"email": "scoped@acme.test"}]}),
        )
        .await;
    let only = sandboxes_of(&all_events(&server, "demo-sandbox", EVENTS).await);
    assert_eq!(only, std::slice::from_ref(&scoped));
    let other = server
        .get(&format!("{EVENTS}?sandbox_id={acme}"), "demo-sandbox")
        .await;
    assert_eq!(other.header("x-total-count"), Some("0"));
    server
        .get(&format!("{LIST}/{acme}/events"), "demo-sandbox")
        .await
        .assert_error(404, "Sandbox not found");
    server
        .get(&format!("{LIST}/{doomed}/events"), "demo-sandbox")
        .await
        .assert_error(404, "Sandbox not found");

    // An external member loses the events with the membership.
    let hedy_before = server
        .get(&format!("{LIST}/{shared}/events"), "demo-admin-2")
        .await;
    assert_eq!(hedy_before.status, 200);
    server
        .delete_json(
            &format!("{LIST}/{shared}/users"),
            "demo-admin",
            json!({"users": [{"email": "hedy@globex.test"}]}),
        )
        .await;
    server
        .get(&format!("{LIST}/{shared}/events"), "demo-admin-2")
        .await
        .assert_error(404, "Sandbox not found");
    // Unknown sandboxes are 404 too, and no token is 401.
    server
        .get(&format!("{LIST}/sbx_nope/events"), "demo-support")
        .await
        .assert_error(404, "Sandbox not found");
    let anonymous = server.send(server.request(Method::GET, EVENTS, None)).await;
    assert_eq!(anonymous.status, 401);
}

#[tokio::test]
async fn filters_paging_and_their_422s() {
    let server = Server::demo();
    // A sandbox of its own, without the demo's past.
    let created = server
        .post(
            LIST,
            "demo-admin",
            json!({"name": "filtered", "owner_id": "cust_filters"}),
        )
        .await;
    let sandbox_id = id(&created.json);
    server.wait_for_status(&sandbox_id, "active").await;
    let path = format!("{LIST}/{sandbox_id}");
    let users = format!("{path}/users");
    for n in 0..4 {
        server
            .post(
                &users,
                "demo-admin",
                json!({"users": [{"email": format!("p{n}@acme.test")}]}),
            )
            .await;
    }
    server
        .delete_json(
            &users,
            "demo-admin",
            json!({"users": [{"email": "p0@acme.test"}]}),
        )
        .await;
    server
        .post_empty(&format!("{path}/apps/crm/push"), "demo-admin")
        .await;
    let mine = format!("{path}/events");

    // action, repeatable.
    let added = server
        .get(&format!("{mine}?action=members.added"), "demo-admin")
        .await;
    let total_added: u64 = added.header("x-total-count").unwrap().parse().unwrap();
    assert_eq!(total_added, 4);
    assert!(added
        .json
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["action"] == "members.added"));
    let either = server
        .get(
            &format!("{mine}?action=members.removed&action=app.pushed"),
            "demo-admin",
        )
        .await;
    let actions: Vec<&str> = either
        .json
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(
        actions.starts_with(&["app.pushed", "members.removed"]),
        "{actions:?}"
    );
    assert!(actions
        .iter()
        .all(|a| ["app.pushed", "members.removed"].contains(a)));

    // Paging: X-Total-Count and Link like the list, pages that never overlap.
    let first = server
        .get(
            &format!("{mine}?action=members.added&limit=2"),
            "demo-admin",
        )
        .await;
    assert_eq!(first.json.as_array().unwrap().len(), 2);
    assert_eq!(
        first.header("link"),
        Some(format!("<{mine}?action=members.added&limit=2&offset=2>; rel=\"next\"").as_str())
    );
    let second = server
        .get(
            &format!("{mine}?action=members.added&limit=2&offset=2"),
            "demo-admin",
        )
        .await;
    let link = second.header("link").unwrap();
    assert_eq!(
        link,
        format!("<{mine}?action=members.added&limit=2>; rel=\"prev\"")
    );
    assert_ne!(first.json[1]["event_id"], second.json[0]["event_id"]);
    let all = server
        .get(
            &format!("{EVENTS}?sandbox_id={sandbox_id}&limit=1"),
            "demo-admin",
        )
        .await;
    assert!(all.header("link").unwrap().starts_with(&format!(
        "<{EVENTS}?sandbox_id={sandbox_id}&limit=1&offset=1>"
    )));

    // actor (exact email), q (sandbox name or summary), since/until.
    let by_ada = all_events(
        &server,
        "demo-admin",
        &format!("{EVENTS}?actor=ada%40acme.test"),
    )
    .await;
    assert!(
        by_ada.len() >= 6
            && by_ada
                .iter()
                .all(|e| e["actor"]["email"] == "ada@acme.test")
    );
    let by_nobody = server
        .get(&format!("{EVENTS}?actor=ADA%40acme.test"), "demo-admin")
        .await;
    assert_eq!(by_nobody.header("x-total-count"), Some("0"), "exact");
    let q = all_events(&server, "demo-admin", &format!("{EVENTS}?q=P3%40ACME")).await;
    assert!(
        !q.is_empty()
            && q.iter()
                .all(|e| e["summary"].as_str().unwrap().contains("p3@acme.test"))
    );
    let by_name = all_events(&server, "demo-admin", &format!("{EVENTS}?q=filtered")).await;
    assert!(by_name.len() >= 6 && by_name.iter().all(|e| e["sandbox_name"] == "filtered"));
    let newest = &added.json[0];
    let at = newest["occurred_at"].as_str().unwrap();
    let since = all_events(&server, "demo-admin", &format!("{mine}?since={at}")).await;
    assert!(
        since
            .iter()
            .all(|e| e["occurred_at"].as_str().unwrap() >= at)
            && !since.is_empty()
    );
    let until = all_events(
        &server,
        "demo-admin",
        &format!("{mine}?until=2000-01-01T00:00:00%2B01:00"),
    )
    .await;
    assert!(until.is_empty());
    let window = all_events(
        &server,
        "demo-admin",
        &format!("{mine}?since=2000-01-01T00:00:00.5Z&until={at}"),
    )
    .await;
    assert!(
        window
            .iter()
            .all(|e| e["occurred_at"].as_str().unwrap() <= at)
            && !window.is_empty()
    );
    let via_filter = server
        .get(&format!("{EVENTS}?sandbox_id={sandbox_id}"), "demo-admin")
        .await;
    let via_path = server.get(&mine, "demo-admin").await;
    assert_eq!(via_filter.json, via_path.json);
    assert_eq!(
        via_filter.header("x-total-count"),
        via_path.header("x-total-count")
    );

    // Every bad parameter is a 422 at its name, on both endpoints.
    for base in [EVENTS.to_owned(), mine.clone()] {
        let bad = server
            .get(&format!("{base}?action=sandbox.exploded&since=yesterday&until=2026-13-01T00:00:00Z&limit=0&offset=-1"), "demo-admin")
            .await;
        assert_eq!(bad.status, 422, "{}", bad.text);
        assert_eq!(
            bad.locs(),
            [
                "query.action",
                "query.since",
                "query.until",
                "query.limit",
                "query.offset"
            ]
        );
        let backwards = server
            .get(
                &format!("{base}?since=2026-11-07T00:00:00Z&until=2026-11-06T23:59:59Z"),
                "demo-admin",
            )
            .await;
        assert_eq!(
            (backwards.status, backwards.locs()),
            (422, vec!["query.until".to_owned()])
        );
        let too_many = server.get(&format!("{base}?limit=201"), "demo-admin").await;
        assert_eq!(
            (too_many.status, too_many.locs()),
            (422, vec!["query.limit".to_owned()])
        );
    }
}

#[tokio::test]
async fn the_demo_has_a_believable_past() {
    let server = Server::demo();
    let past = all_events(&server, "demo-support", EVENTS).await;
    for account in ["acct_demo_acme", "acct_demo_globex", "acct_demo_initech"] {
        assert!(past.iter().any(|e| e["user_id"] == account), "{account}");
    }
    for action in [
        "sandbox.created",
        "sandbox.status_changed",
        "sandbox.refresh_requested",
        "sandbox.deleted",
        "members.added",
        "members.updated",
        "members.removed",
        "app.pushed",
    ] {
        assert!(past.iter().any(|e| e["action"] == action), "{action}");
    }
    let oldest = past.last().unwrap()["occurred_at"]
        .as_str()
        .unwrap()
        .to_owned();
    let newest = past[0]["occurred_at"].as_str().unwrap().to_owned();
    let days = |at: &str| sandbox_api::timestamp_ms(at).unwrap() / 86_400_000;
    let span = days(&newest) - days(&oldest);
    assert!((25..=30).contains(&span), "{oldest} … {newest}");

    // A failed refresh, with the reason its sandbox still shows.
    let failure = past
        .iter()
        .find(|e| e["changes"]["status"] == json!(["refreshing", "failed"]))
        .expect("a failed refresh");
    assert_eq!(failure["actor"], Value::Null);
    let failed = server
        .get(
            &format!("{LIST}/{}", failure["sandbox_id"].as_str().unwrap()),
            "demo-support",
        )
        .await;
    assert_eq!(failed.json["status"], "failed");
    assert_eq!(
        failure["changes"]["failure_reason"][1],
        failed.json["failure_reason"]
    );

    // A deleted sandbox's history, for its admins and support only.
    let deleted = past
        .iter()
        .find(|e| e["action"] == "sandbox.deleted" && e["user_id"] == "acct_demo_acme")
        .expect("a deleted Acme sandbox");
    assert_eq!(deleted["sandbox_deleted"], true);
    let path = format!("{LIST}/{}/events", deleted["sandbox_id"].as_str().unwrap());
    let history = server.get(&path, "demo-admin").await;
    let actions: Vec<&str> = history
        .json
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions.first(), Some(&"sandbox.deleted"));
    assert_eq!(actions.last(), Some(&"sandbox.created"));
    server
        .get(&path, "demo-viewer")
        .await
        .assert_error(404, "Sandbox not found");
    // Every actor of the past is a person with an email; the worker has none.
    assert!(past
        .iter()
        .all(|e| e["actor"].is_null() || e["actor"]["email"].as_str().unwrap().contains('@')));
    assert!(past.iter().all(|e| e["request_id"].is_null()));
}

#[tokio::test]
async fn an_idempotent_replay_records_nothing_more() {
    let server = Server::demo();
    let body = json!({"name": "once", "owner_id": "cust_once"});
    let mut ids = Vec::new();
    for request_id in ["it-first", "it-replay"] {
        let answer = server
            .send(
                server
                    .request(Method::POST, LIST, Some("demo-admin"))
                    .header("idempotency-key", "key-1")
                    .header("x-request-id", request_id)
                    .json(&body),
            )
            .await;
        assert_eq!(answer.status, 201);
        ids.push(id(&answer.json));
    }
    assert_eq!(ids[0], ids[1]);
    assert_eq!(caused_by(&server, &ids[0], "it-first").await.len(), 1);
    assert!(caused_by(&server, &ids[0], "it-replay").await.is_empty());
}
