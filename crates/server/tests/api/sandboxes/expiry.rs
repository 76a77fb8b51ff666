//! Expiry (v1.1): the tier defaults and a chosen `expires_at` on create,
//! and the job that deletes expired, unprotected sandboxes on time
//! (`--expiry-check-ms`), also those that expired while the server was down.

use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tempfile::TempDir;

use super::{events_of, in_ms, now_ms, LIST};
use crate::common::{id, Server, FAST};
use sandbox_api::demo::tokens;
use sandbox_api::{parse_timestamp_ms, DAY_MS};

/// A demo server on its own database whose expiry job checks every `check_ms`.
fn server_checking_every(dir: &TempDir, check_ms: &str) -> Server {
    let args = [&["--demo", "--expiry-check-ms", check_ms], FAST].concat();
    Server::spawn(&dir.path().join("db"), &args, &[])
}

/// Creates an active sandbox `name` in Acme with `body`'s extra fields.
async fn active_sandbox(server: &Server, name: &str, extra: Value) -> String {
    let mut body = json!({"name": name, "owner_id": "cust_expiry"});
    body.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    let created = server.post(LIST, tokens::ADMIN, body).await;
    assert_eq!(created.status, 201, "{}", created.text);
    let sandbox_id = id(&created.json);
    server.wait_for_status(&sandbox_id, "active").await;
    sandbox_id
}

/// Waits until `sandbox_id` answers 404 (or fails after `patience`); when it did.
async fn gone_at(server: &Server, sandbox_id: &str, patience: Duration) -> i64 {
    let deadline = Instant::now() + patience;
    while server
        .get(&format!("{LIST}/{sandbox_id}"), tokens::ADMIN)
        .await
        .status
        != 404
    {
        assert!(Instant::now() < deadline, "{sandbox_id} was not deleted");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    now_ms()
}

#[tokio::test]
async fn create_defaults_to_the_tiers_lifetime_or_takes_a_chosen_expiry() {
    let server = Server::demo();
    for (tier, days) in [("free", Some(7)), ("pro", Some(30)), ("enterprise", None)] {
        let created = server
            .post(
                LIST,
                tokens::ADMIN,
                json!({"name": tier, "owner_id": "cust_tiers", "tier": tier}),
            )
            .await;
        let sandbox = &created.json;
        let expires = sandbox["expires_at"]
            .as_str()
            .map(|at| parse_timestamp_ms(at).unwrap());
        let created_at = parse_timestamp_ms(sandbox["created_at"].as_str().unwrap()).unwrap();
        assert_eq!(
            expires.map(|at| (at - created_at) / DAY_MS),
            days,
            "{sandbox}"
        );
        assert_eq!(sandbox["protected"], false);
    }
    let at = in_ms(DAY_MS);
    let chosen = server
        .post(
            LIST,
            tokens::ADMIN,
            json!({"name": "chosen", "owner_id": "cust_tiers", "expires_at": at}),
        )
        .await;
    assert_eq!(chosen.json["expires_at"], at.as_str(), "{}", chosen.text);
    let never = server
        .post(
            LIST,
            tokens::ADMIN,
            json!({"name": "never", "owner_id": "cust_tiers", "tier": "enterprise", "expires_at": null}),
        )
        .await;
    assert_eq!(
        (never.status, &never.json["expires_at"]),
        (201, &Value::Null)
    );

    for (body, kind) in [
        (json!({"expires_at": in_ms(-1000)}), "datetime_future"),
        (json!({"expires_at": in_ms(91 * DAY_MS)}), "less_than_equal"),
        (json!({"expires_at": null}), "value_error"),
        (json!({"expires_at": null, "tier": "pro"}), "value_error"),
        (json!({"expires_at": "tomorrow"}), "datetime_parsing"),
        (json!({"expires_at": true}), "datetime_type"),
    ] {
        let mut request = json!({"name": "refused", "owner_id": "cust_tiers"});
        request
            .as_object_mut()
            .unwrap()
            .extend(body.as_object().unwrap().clone());
        let refused = server.post(LIST, tokens::ADMIN, request).await;
        assert_eq!(
            refused.locs(),
            ["body.expires_at"],
            "{body}: {}",
            refused.text
        );
        assert_eq!(refused.detail()[0]["type"], kind, "{body}");
    }
}

#[tokio::test]
async fn the_job_deletes_expired_unprotected_sandboxes_on_time() {
    let dir = TempDir::new().unwrap();
    let server = server_checking_every(&dir, "200");
    let at = in_ms(4000);
    let expires = json!({"expires_at": at});
    let expiring = active_sandbox(&server, "expiring", expires.clone()).await;
    let path = format!("{LIST}/{expiring}");
    server
        .post(
            &format!("{path}/sources"),
            tokens::ADMIN,
            json!({"provider": "github", "name": "goes-too"}),
        )
        .await;
    let mut guarded = expires.clone();
    guarded["protected"] = json!(true);
    let guarded = active_sandbox(&server, "guarded", guarded).await;
    let extended = active_sandbox(&server, "extended", expires).await;
    let later = server
        .patch(
            &format!("{LIST}/{extended}"),
            tokens::ADMIN,
            json!({"expires_at": in_ms(DAY_MS)}),
        )
        .await;
    assert_eq!(later.status, 200, "{}", later.text);

    let expires_ms = parse_timestamp_ms(&at).unwrap();
    assert!(
        now_ms() < expires_ms - 300,
        "the set-up took too long to test the timing"
    );
    assert_eq!(
        server.get(&path, tokens::ADMIN).await.status,
        200,
        "not before its time"
    );
    let gone = gone_at(&server, &expiring, Duration::from_secs(10)).await;
    assert!(gone >= expires_ms, "deleted {} ms early", expires_ms - gone);
    assert!(
        gone - expires_ms < 1500,
        "deleted {} ms late",
        gone - expires_ms
    );
    for part in ["users", "apps", "sources"] {
        let status = server
            .get(&format!("{path}/{part}"), tokens::ADMIN)
            .await
            .status;
        assert_eq!(status, 404, "{part}");
    }

    let events = events_of(&server, &expiring, "sandbox.expired").await;
    assert_eq!(events.len(), 1, "{events:?}");
    let event = &events[0];
    assert_eq!(
        (&event["actor"], &event["request_id"]),
        (&Value::Null, &Value::Null)
    );
    assert_eq!(event["changes"], json!({"status": ["active", null]}));
    assert_eq!(
        event["summary"],
        format!("The server deleted expiring: it expired at {at}")
    );
    assert_eq!(event["sandbox_name"], "expiring");

    // Protected or extended, the others stay; unprotected, the expired one goes.
    tokio::time::sleep(Duration::from_millis(500)).await;
    for kept in [&guarded, &extended] {
        let sandbox = server.get(&format!("{LIST}/{kept}"), tokens::ADMIN).await;
        assert_eq!(sandbox.status, 200, "{kept}");
    }
    server
        .patch(
            &format!("{LIST}/{guarded}"),
            tokens::ADMIN,
            json!({"protected": false}),
        )
        .await;
    gone_at(&server, &guarded, Duration::from_secs(2)).await;
    assert_eq!(
        events_of(&server, &guarded, "sandbox.expired").await.len(),
        1
    );
}

#[tokio::test]
async fn a_sandbox_that_expired_while_the_server_was_down_goes_at_start_up() {
    let dir = TempDir::new().unwrap();
    // Checks far apart: only start-up can delete it in this test.
    let first = server_checking_every(&dir, "600000");
    let at = in_ms(2000);
    let expired = active_sandbox(&first, "expires-offline", json!({"expires_at": at})).await;
    let kept = active_sandbox(
        &first,
        "kept-offline",
        json!({"expires_at": at, "protected": true}),
    )
    .await;
    first.kill();
    let wait = parse_timestamp_ms(&at).unwrap() - now_ms() + 100;
    tokio::time::sleep(Duration::from_millis(wait.max(0) as u64)).await;

    let second = server_checking_every(&dir, "600000");
    let path = format!("{LIST}/{expired}");
    assert_eq!(
        second.get(&path, tokens::ADMIN).await.status,
        404,
        "gone before the first request"
    );
    assert_eq!(
        events_of(&second, &expired, "sandbox.expired").await.len(),
        1
    );
    let protected = second.get(&format!("{LIST}/{kept}"), tokens::ADMIN).await;
    assert_eq!(protected.json["protected"], true, "{}", protected.text);
}

#[tokio::test]
async fn a_transient_sandbox_expires_once_its_operation_ends_and_a_failed_one_on_time() {
    let dir = TempDir::new().unwrap();
    let args = [
        &[
            "--demo",
            "--expiry-check-ms",
            "100",
            "--provision-ms",
            "4000",
        ],
        &FAST[2..],
    ]
    .concat();
    let server = Server::spawn(&dir.path().join("db"), &args, &[]);
    let at = in_ms(2000);
    let expires_ms = parse_timestamp_ms(&at).unwrap();
    let created = server
        .post(
            LIST,
            tokens::ADMIN,
            json!({"name": "slow", "owner_id": "cust_expiry", "expires_at": at}),
        )
        .await;
    let provisioning = id(&created.json);
    let failed = server
        .get(&format!("{LIST}?status=failed&limit=1"), tokens::ADMIN)
        .await;
    let failed = id(&failed.json[0]);
    let expire = server
        .patch(
            &format!("{LIST}/{failed}"),
            tokens::ADMIN,
            json!({"expires_at": at}),
        )
        .await;
    assert_eq!(expire.status, 200, "{}", expire.text);

    let gone = gone_at(&server, &failed, Duration::from_secs(5)).await;
    assert!(
        gone >= expires_ms && gone - expires_ms < 1500,
        "{}",
        gone - expires_ms
    );
    let waiting = server
        .get(&format!("{LIST}/{provisioning}"), tokens::ADMIN)
        .await;
    assert_eq!(waiting.json["status"], "provisioning", "{}", waiting.text);
    gone_at(&server, &provisioning, Duration::from_secs(8)).await;
    let expired = events_of(&server, &provisioning, "sandbox.expired").await;
    assert_eq!(expired[0]["changes"], json!({"status": ["active", null]}));
}
