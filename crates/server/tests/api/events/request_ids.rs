//! `X-Request-Id` on every answer and in the log, and that a replayed
//! idempotent create records no second event.

use reqwest::Method;
use serde_json::json;
use tempfile::TempDir;

use super::{caused_by, LIST};
use crate::common::{id, Server, FAST};
use sandbox_api::demo::tokens;
use sandbox_api::{HEALTH_PATH, ME_PATH};
use sandbox_testkit::without_colours;

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
                .request(Method::GET, ME_PATH, Some(tokens::ADMIN))
                .header("x-request-id", "my-trace:42/a.b~c"),
        )
        .await;
    assert_eq!(mine.header("x-request-id"), Some("my-trace:42/a.b~c"));

    for bad in ["", "has space", &"x".repeat(129)] {
        let replaced = server
            .send(
                server
                    .request(Method::GET, ME_PATH, Some(tokens::ADMIN))
                    .header("x-request-id", bad),
            )
            .await;
        let id = replaced.header("x-request-id").unwrap();
        assert!(id.starts_with("req_") && id != bad, "{bad:?} → {id}");
    }
    // Errors, unknown paths and unauthenticated calls have one too, each its own.
    let a = server.get("/api/v1/nowhere", tokens::ADMIN).await;
    let b = server
        .send(server.request(Method::GET, ME_PATH, None))
        .await;
    let health = server
        .send(server.request(Method::GET, HEALTH_PATH, None))
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
                .request(Method::OPTIONS, ME_PATH, None)
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
                .request(Method::GET, ME_PATH, Some(tokens::ADMIN))
                .header("origin", "http://console.test"),
        )
        .await;
    let exposed = cross
        .header("access-control-expose-headers")
        .unwrap()
        .to_ascii_lowercase();
    assert!(exposed.contains("x-request-id"), "{exposed}");

    server.wait_for_logs("the request's log line naming its id", |logs| {
        without_colours(logs)
            .lines()
            .any(|line| line.contains("request_id=my-trace:42/a.b~c") && line.contains(ME_PATH))
    });
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
                    .request(Method::POST, LIST, Some(tokens::ADMIN))
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
