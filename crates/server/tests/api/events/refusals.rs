//! What records nothing: a refused request, and that no secret or token
//! reaches an event.

use reqwest::Method;
use serde_json::json;

use super::{all_events, caused_by, event_count, send_as, EVENTS, LIST};
use crate::common::Server;
use sandbox_api::demo::tokens;

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
            tokens::ADMIN,
            Some(json!({"name": "e2e-02", "owner_id": "cust_e2e"})),
            409,
        ),
        (
            Method::DELETE,
            format!("{path}/users"),
            tokens::ADMIN,
            Some(json!({"users": [{"email": "ada@acme.test"}]})),
            409,
        ),
        // 422: bad bodies.
        (
            Method::POST,
            format!("{path}/users"),
            tokens::ADMIN,
            Some(json!({"users": [{"email": "not-an-email"}]})),
            422,
        ),
        (
            Method::POST,
            format!("{path}/sources"),
            tokens::ADMIN,
            Some(json!({"provider": "Bad Name", "name": "x"})),
            422,
        ),
        (
            Method::POST,
            format!("{path}/apps/crm/push?target="),
            tokens::ADMIN,
            None,
            422,
        ),
        // 403: roles and access.
        (
            Method::POST,
            format!("{path}/refresh"),
            tokens::VIEWER,
            None,
            403,
        ),
        (Method::DELETE, path.clone(), tokens::VIEWER, None, 403),
        (
            Method::POST,
            LIST.to_owned(),
            tokens::SANDBOX,
            Some(json!({"name": "n", "owner_id": "o"})),
            403,
        ),
        // 404: unknown app, another tenant's sandbox.
        (
            Method::POST,
            format!("{path}/apps/nope/push"),
            tokens::ADMIN,
            None,
            404,
        ),
        (
            Method::POST,
            format!("{path}/refresh"),
            tokens::ADMIN_3,
            None,
            404,
        ),
    ];
    for (method, target, token, body, status) in attempts {
        let answer = send_as(&server, method.clone(), &target, token, "it-refused", body).await;
        assert_eq!(answer.status, status, "{method} {target}: {}", answer.text);
    }
    let source = server.get(&format!("{path}/sources"), tokens::ADMIN).await;
    let manual = source.json[0]["data_source_id"].as_str().unwrap();
    let rotate = send_as(
        &server,
        Method::POST,
        &format!("{path}/sources/{manual}/rotate-webhook-secret"),
        tokens::ADMIN,
        "it-refused",
        None,
    )
    .await;
    assert_eq!(rotate.status, 409);
    // A refresh refused because one is already running.
    server
        .post_empty(&format!("{path}/refresh"), tokens::ADMIN)
        .await;
    let again = send_as(
        &server,
        Method::POST,
        &format!("{path}/refresh"),
        tokens::ADMIN,
        "it-refused",
        None,
    )
    .await;
    assert_eq!(again.status, 409);

    assert!(caused_by(&server, &sandbox_id, "it-refused")
        .await
        .is_empty());
    let refused_anywhere = all_events(&server, tokens::SUPPORT, EVENTS)
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
            tokens::ADMIN,
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
                tokens::ADMIN,
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
        .delete(&format!("{sources}/{source_id}"), tokens::ADMIN)
        .await;
    let everything =
        serde_json::to_string(&all_events(&server, tokens::SUPPORT, EVENTS).await).unwrap();
    for secret in &secrets {
        assert!(
            !everything.contains(secret.as_str()) && !everything.contains(&secret[6..]),
            "a secret reached an event"
        );
    }
    assert!(!everything.contains("whsec_"));
    for token in tokens::ALL {
        assert!(
            !everything.contains(&format!("\"{token}\""))
                && !everything.contains(&format!("Bearer {token}")),
            "{token}"
        );
    }
    assert!(!everything.contains("Bearer"));
}
