//! The filters and paging of `GET /api/v1/events`, and their 422s.

use serde_json::json;

use super::{all_events, EVENTS, LIST};
use crate::common::{id, Server};
use sandbox_api::demo::tokens;

#[tokio::test]
async fn filters_paging_and_their_422s() {
    let server = Server::demo();
    // A sandbox of its own, without the demo's past.
    let created = server
        .post(
            LIST,
            tokens::ADMIN,
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
                tokens::ADMIN,
                json!({"users": [{"email": format!("p{n}@acme.test")}]}),
            )
            .await;
    }
    server
        .delete_json(
            &users,
            tokens::ADMIN,
            json!({"users": [{"email": "p0@acme.test"}]}),
        )
        .await;
    server
        .post_empty(&format!("{path}/apps/crm/push"), tokens::ADMIN)
        .await;
    let mine = format!("{path}/events");

    // action, repeatable.
    let added = server
        .get(&format!("{mine}?action=members.added"), tokens::ADMIN)
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
            tokens::ADMIN,
        )
        .await;
    let actions = either.strings("action");
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
            tokens::ADMIN,
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
            tokens::ADMIN,
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
            tokens::ADMIN,
        )
        .await;
    assert!(all.header("link").unwrap().starts_with(&format!(
        "<{EVENTS}?sandbox_id={sandbox_id}&limit=1&offset=1>"
    )));

    // actor (exact email), q (sandbox name or summary), since/until.
    let by_ada = all_events(
        &server,
        tokens::ADMIN,
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
        .get(&format!("{EVENTS}?actor=ADA%40acme.test"), tokens::ADMIN)
        .await;
    assert_eq!(by_nobody.header("x-total-count"), Some("0"), "exact");
    let q = all_events(&server, tokens::ADMIN, &format!("{EVENTS}?q=P3%40ACME")).await;
    assert!(
        !q.is_empty()
            && q.iter()
                .all(|e| e["summary"].as_str().unwrap().contains("p3@acme.test"))
    );
    let by_name = all_events(&server, tokens::ADMIN, &format!("{EVENTS}?q=filtered")).await;
    assert!(by_name.len() >= 6 && by_name.iter().all(|e| e["sandbox_name"] == "filtered"));
    let newest = &added.json[0];
    let at = newest["occurred_at"].as_str().unwrap();
    let since = all_events(&server, tokens::ADMIN, &format!("{mine}?since={at}")).await;
    assert!(
        since
            .iter()
            .all(|e| e["occurred_at"].as_str().unwrap() >= at)
            && !since.is_empty()
    );
    let until = all_events(
        &server,
        tokens::ADMIN,
        &format!("{mine}?until=2000-01-01T00:00:00%2B01:00"),
    )
    .await;
    assert!(until.is_empty());
    let window = all_events(
        &server,
        tokens::ADMIN,
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
        .get(&format!("{EVENTS}?sandbox_id={sandbox_id}"), tokens::ADMIN)
        .await;
    let via_path = server.get(&mine, tokens::ADMIN).await;
    assert_eq!(via_filter.json, via_path.json);
    assert_eq!(
        via_filter.header("x-total-count"),
        via_path.header("x-total-count")
    );

    // Every bad parameter is a 422 at its name, on both endpoints.
    for base in [EVENTS.to_owned(), mine.clone()] {
        let bad = server
            .get(&format!("{base}?action=sandbox.exploded&since=yesterday&until=2026-13-01T00:00:00Z&limit=0&offset=-1"), tokens::ADMIN)
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
                tokens::ADMIN,
            )
            .await;
        assert_eq!(
            (backwards.status, backwards.locs()),
            (422, vec!["query.until".to_owned()])
        );
        let too_many = server
            .get(&format!("{base}?limit=201"), tokens::ADMIN)
            .await;
        assert_eq!(
            (too_many.status, too_many.locs()),
            (422, vec!["query.limit".to_owned()])
        );
    }
}
