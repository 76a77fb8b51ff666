//! `X-Total-Count` of the events endpoints: summed from the tallies kept
//! with every event (migration 0005) when the filters are ones a tally
//! knows, counted match by match otherwise. Either way it is every event
//! the pages hold, for every way a caller sees events.

use serde_json::json;

use super::{all_events, EVENTS, LIST};
use crate::common::{id, Server};
use sandbox_api::demo::tokens;
use sandbox_api::ME_PATH;

/// `X-Total-Count` of `path` as `token`.
async fn total(server: &Server, token: &str, path: &str) -> usize {
    let page = server.get(path, token).await;
    assert_eq!(page.status, 200, "{path}: {}", page.text);
    page.header("x-total-count").unwrap().parse().unwrap()
}

#[tokio::test]
async fn every_total_is_the_events_listed() {
    let server = Server::demo();
    // Events by a member of another account, a deleted sandbox (which a
    // viewer no longer sees), and the server's own status changes.
    let acme = server.e2e(4).await;
    let doomed = server.e2e(5).await;
    let refreshed = server.e2e(6).await;
    let shared = id(&server.find(tokens::ADMIN, "cust_1024", "load-test").await);
    for sandbox_id in [&acme, &shared, &doomed] {
        let added = server
            .post(
                &format!("{LIST}/{sandbox_id}/users"),
                tokens::ADMIN,
                json!({"users": [{"email": "counted@example.test"}]}),
            )
            .await;
        assert_eq!(added.status, 200, "{}", added.text);
    }
    let refresh = server
        .post_empty(&format!("{LIST}/{refreshed}/refresh"), tokens::ADMIN)
        .await;
    assert_eq!(refresh.status, 200, "{}", refresh.text);
    server
        .delete(&format!("{LIST}/{doomed}"), tokens::ADMIN)
        .await;
    let scoped = server.get(ME_PATH, tokens::SANDBOX).await.json["acting_in_sandbox"]
        .as_str()
        .unwrap()
        .to_owned();

    let ada = "actor=ada%40acme.test";
    let cases = [
        (tokens::ADMIN, EVENTS.to_string()),
        (tokens::ADMIN, format!("{EVENTS}?{ada}")),
        (
            tokens::ADMIN,
            format!("{EVENTS}?action=members.added&action=sandbox.deleted"),
        ),
        (tokens::ADMIN, format!("{EVENTS}?sandbox_id={doomed}")),
        (
            tokens::ADMIN,
            format!("{LIST}/{acme}/events?{ada}&action=members.added"),
        ),
        (
            tokens::ADMIN,
            format!("{LIST}/{refreshed}/events?action=sandbox.status_changed"),
        ),
        (tokens::VIEWER, EVENTS.to_string()),
        (tokens::VIEWER, format!("{EVENTS}?{ada}")),
        (tokens::VIEWER, format!("{EVENTS}?action=sandbox.deleted")),
        (tokens::ADMIN_2, EVENTS.to_string()),
        (
            tokens::ADMIN_2,
            format!("{EVENTS}?sandbox_id={shared}&{ada}"),
        ),
        (tokens::SUPPORT, EVENTS.to_string()),
        (tokens::SUPPORT, format!("{EVENTS}?{ada}")),
        (
            tokens::SUPPORT,
            format!("{EVENTS}?user_id=acct_demo_globex&action=members.added"),
        ),
        (tokens::SUPPORT, format!("{LIST}/{doomed}/events")),
        (tokens::SANDBOX, EVENTS.to_string()),
        (tokens::SANDBOX, format!("{LIST}/{scoped}/events?{ada}")),
    ];
    for (token, path) in &cases {
        let listed = all_events(&server, token, path).await.len();
        let separator = if path.contains('?') { '&' } else { '?' };
        assert_eq!(
            total(&server, token, &format!("{path}{separator}limit=1")).await,
            listed,
            "{token} {path}"
        );
        // Past the last page, no row carries the total: it is counted apart.
        let past = server
            .get(&format!("{path}{separator}offset={listed}"), token)
            .await;
        assert_eq!(past.json, json!([]), "{token} {path}");
        assert_eq!(
            past.header("x-total-count"),
            Some(listed.to_string().as_str())
        );
        // A time filter, which no tally knows, counts the matches one by one.
        let since = format!("{path}{separator}since=2000-01-01T00:00:00Z&limit=1");
        assert_eq!(
            total(&server, token, &since).await,
            listed,
            "{token} {since}"
        );
    }
    // The viewer's account total leaves the deleted sandbox's events out, the admin's keeps them.
    let deleted = total(&server, tokens::ADMIN, &format!("{LIST}/{doomed}/events")).await;
    assert!(deleted >= 2, "{deleted}");
    let viewer_deleted = total(
        &server,
        tokens::VIEWER,
        &format!("{EVENTS}?action=sandbox.deleted"),
    )
    .await;
    assert_eq!(viewer_deleted, 0);
}
