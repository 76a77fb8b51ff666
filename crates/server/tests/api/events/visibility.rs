//! Who sees which events, and the demo's seeded past.

use reqwest::Method;
use serde_json::{json, Value};

use super::{all_events, sandboxes_of, EVENTS, LIST};
use crate::common::{id, Server};
use sandbox_api::demo::tokens;
use sandbox_api::ME_PATH;

#[tokio::test]
async fn who_sees_which_events() {
    let server = Server::demo();
    // Fresh history everyone can be checked against: one sandbox per tenant
    // touched, an Acme one shared with Globex's admin, one Acme one deleted.
    let acme = server.e2e(4).await;
    let doomed = server.e2e(5).await;
    let shared = id(&server.find(tokens::ADMIN, "cust_1024", "load-test").await);
    let globex = id(&server
        .find(tokens::ADMIN_2, "cust_g100", "staging-eu")
        .await);
    for (sandbox_id, token) in [
        (&acme, tokens::ADMIN),
        (&shared, tokens::ADMIN),
        (&globex, tokens::ADMIN_2),
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
        .delete(&format!("{LIST}/{doomed}"), tokens::ADMIN)
        .await;

    let acme_events = all_events(&server, tokens::ADMIN, EVENTS).await;
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
    let hedy = all_events(&server, tokens::ADMIN_2, EVENTS).await;
    let hedy_sees = sandboxes_of(&hedy);
    assert!(hedy_sees.contains(&globex) && hedy_sees.contains(&shared));
    assert!(!hedy_sees.contains(&acme) && !hedy_sees.contains(&doomed));
    assert!(hedy
        .iter()
        .filter(|e| e["user_id"] == "acct_demo_acme")
        .all(|e| e["sandbox_id"] != acme.as_str()));
    // Initech's admin sees none of them.
    let alan = sandboxes_of(&all_events(&server, tokens::ADMIN_3, EVENTS).await);
    assert!(![&acme, &shared, &doomed, &globex]
        .iter()
        .any(|id| alan.contains(id)));

    // The viewer reads Acme's live sandboxes' events, not a deleted one's.
    let vic = sandboxes_of(&all_events(&server, tokens::VIEWER, EVENTS).await);
    assert!(vic.contains(&acme) && !vic.contains(&doomed) && !vic.contains(&globex));
    let deleted_path = format!("{LIST}/{doomed}/events");
    server
        .get(&deleted_path, tokens::VIEWER)
        .await
        .assert_error(404, "Sandbox not found");
    let empty = server
        .get(&format!("{EVENTS}?sandbox_id={doomed}"), tokens::VIEWER)
        .await;
    assert_eq!(
        (empty.json.clone(), empty.header("x-total-count")),
        (json!([]), Some("0"))
    );
    // Admins of the account and support keep the history of a deleted sandbox.
    for token in [tokens::ADMIN, tokens::SUPPORT] {
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
    for token in [tokens::ADMIN_2, tokens::ADMIN_3] {
        server
            .get(&deleted_path, token)
            .await
            .assert_error(404, "Sandbox not found");
    }

    // Support: every tenant, and may narrow to one.
    let support = sandboxes_of(&all_events(&server, tokens::SUPPORT, EVENTS).await);
    assert!([&acme, &shared, &doomed, &globex]
        .iter()
        .all(|id| support.contains(id)));
    let globex_only = all_events(
        &server,
        tokens::SUPPORT,
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
        .get(&format!("{EVENTS}?user_id=acct_demo_globex"), tokens::ADMIN)
        .await
        .assert_error(403, "The user_id filter is available to support only");

    // A sandbox-scoped token: its sandbox only.
    let scoped = server.get(ME_PATH, tokens::SANDBOX).await.json["acting_in_sandbox"]
        .as_str()
        .unwrap()
        .to_owned();
    server
        .post(
            &format!("{LIST}/{scoped}/users"),
            tokens::SANDBOX,
            json!({"users": [{"email": "scoped@acme.test"}]}),
        )
        .await;
    let only = sandboxes_of(&all_events(&server, tokens::SANDBOX, EVENTS).await);
    assert_eq!(only, std::slice::from_ref(&scoped));
    let other = server
        .get(&format!("{EVENTS}?sandbox_id={acme}"), tokens::SANDBOX)
        .await;
    assert_eq!(other.header("x-total-count"), Some("0"));
    server
        .get(&format!("{LIST}/{acme}/events"), tokens::SANDBOX)
        .await
        .assert_error(404, "Sandbox not found");
    server
        .get(&format!("{LIST}/{doomed}/events"), tokens::SANDBOX)
        .await
        .assert_error(404, "Sandbox not found");

    // An external member loses the events with the membership.
    let hedy_before = server
        .get(&format!("{LIST}/{shared}/events"), tokens::ADMIN_2)
        .await;
    assert_eq!(hedy_before.status, 200);
    server
        .delete_json(
            &format!("{LIST}/{shared}/users"),
            tokens::ADMIN,
            json!({"users": [{"email": "hedy@globex.test"}]}),
        )
        .await;
    server
        .get(&format!("{LIST}/{shared}/events"), tokens::ADMIN_2)
        .await
        .assert_error(404, "Sandbox not found");
    // Unknown sandboxes are 404 too, and no token is 401.
    server
        .get(&format!("{LIST}/sbx_nope/events"), tokens::SUPPORT)
        .await
        .assert_error(404, "Sandbox not found");
    let anonymous = server.send(server.request(Method::GET, EVENTS, None)).await;
    assert_eq!(anonymous.status, 401);
}

#[tokio::test]
async fn the_demo_has_a_believable_past() {
    let server = Server::demo();
    let past = all_events(&server, tokens::SUPPORT, EVENTS).await;
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
            tokens::SUPPORT,
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
    let history = server.get(&path, tokens::ADMIN).await;
    let actions = history.strings("action");
    assert_eq!(actions.first(), Some(&"sandbox.deleted"));
    assert_eq!(actions.last(), Some(&"sandbox.created"));
    server
        .get(&path, tokens::VIEWER)
        .await
        .assert_error(404, "Sandbox not found");
    // Every actor of the past is a person with an email; the worker has none.
    assert!(past
        .iter()
        .all(|e| e["actor"].is_null() || e["actor"]["email"].as_str().unwrap().contains('@')));
    assert!(past.iter().all(|e| e["request_id"].is_null()));
}
