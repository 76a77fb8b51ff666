//! Activity: `X-Request-Id`, the events every change records (in the same
//! transaction, with actor, changes and request id), who sees which, the
//! filters and paging of `GET /api/v1/events`, and that no secret or token
//! ever reaches an event. The helpers below are shared by every module.

mod counts;
mod filters;
mod recording;
mod refusals;
mod request_ids;
mod visibility;

use reqwest::Method;
use serde_json::Value;

use crate::common::{Response, Server};
use sandbox_api::demo::tokens;
use sandbox_api::{EVENTS_PATH as EVENTS, SANDBOXES_PATH as LIST};

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
        tokens::SUPPORT,
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
            tokens::SUPPORT,
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
