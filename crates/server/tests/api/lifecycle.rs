//! The process: start-up line, restarts, crash recovery of transitions,
//! token creation, demo idempotency, and what reaches the logs.

use std::process::Command;

use serde_json::json;
use tempfile::TempDir;

use crate::common::{id, Server, FAST};
use sandbox_api::demo::tokens;
use sandbox_api::{ME_PATH, SANDBOXES_PATH as LIST};

#[tokio::test]
async fn restart_keeps_everything_and_demo_seeds_once() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("db");
    let args = [&["--demo"], FAST].concat();
    let first = Server::spawn(&db, &args, &[]);
    let base = first.base.clone();
    assert!(
        base.starts_with("http://127.0.0.1:") && !base.ends_with(":0"),
        "{base}"
    );
    // The demo tokens are printed.
    first.wait_for_stdout(tokens::SANDBOX);
    let created = first
        .post(
            LIST,
            tokens::ADMIN,
            json!({"name": "keep-me", "owner_id": "cust_keep", "metadata": {"k": "v"}}),
        )
        .await;
    let sandbox_id = id(&created.json);
    first.wait_for_status(&sandbox_id, "active").await;
    let path = format!("{LIST}/{sandbox_id}");
    first
        .post(
            &format!("{path}/users"),
            tokens::ADMIN,
            json!({"users": [{"email": "kim@acme.test", "role": "editor"}]}),
        )
        .await;
    first
        .post(
            &format!("{path}/sources"),
            tokens::ADMIN,
            json!({"provider": "github", "name": "kept"}),
        )
        .await;
    let before = first.get(&path, tokens::ADMIN).await.json;
    first.kill();

    let second = Server::spawn(&db, &args, &[]);
    assert_eq!(second.get(&path, tokens::ADMIN).await.json, before);
    assert_eq!(
        second
            .get(&format!("{path}/users"), tokens::ADMIN)
            .await
            .json
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        second
            .get(&format!("{path}/sources"), tokens::ADMIN)
            .await
            .json[0]["name"],
        "kept"
    );
    let all = second
        .get(&format!("{LIST}?limit=1"), tokens::SUPPORT)
        .await;
    assert_eq!(
        all.header("x-total-count"),
        Some("93"),
        "the demo was not seeded twice"
    );
}

#[tokio::test]
async fn a_restart_mid_transition_finishes_it() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("db");
    let slow = [
        "--demo",
        "--provision-ms",
        "600",
        "--seed-ms",
        "600",
        "--refresh-ms",
        "600",
    ];
    let first = Server::spawn(&db, &slow, &[]);
    let created = first
        .post(
            LIST,
            tokens::ADMIN,
            json!({"name": "crash", "owner_id": "cust_crash", "mode": "seeded"}),
        )
        .await;
    let creating = id(&created.json);
    let refreshing = first.e2e(1).await;
    let refresh = first
        .post_empty(&format!("{LIST}/{refreshing}/refresh"), tokens::ADMIN)
        .await;
    assert_eq!(refresh.json["status"], "refreshing");
    first.kill(); // like a crash: nothing gets to finish

    let second = Server::spawn(&db, &slow, &[]);
    assert_eq!(
        second
            .get(&format!("{LIST}/{creating}"), tokens::ADMIN)
            .await
            .json["status"],
        "provisioning"
    );
    second.wait_for_status(&creating, "active").await;
    let refreshed = second.wait_for_status(&refreshing, "active").await;
    assert!(refreshed["last_refreshed_at"].is_string());
}

#[tokio::test]
async fn token_create_prints_a_token_stored_hashed() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("db");
    let output = Command::new(env!("CARGO_BIN_EXE_sandboxd"))
        .args([
            "token",
            "create",
            "--role",
            "admin",
            "--account",
            "acct_new",
            "--email",
            "Zoe@New.test",
            "--db",
            &sandbox_testkit::database_arg(&db),
        ])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let token = String::from_utf8(output.stdout).unwrap().trim().to_string();
    assert!(token.starts_with("sbxt_") && token.len() > 40, "{token}");
    let stored = String::from_utf8_lossy(&sandbox_testkit::stored_data(&db)).into_owned();
    assert!(stored.contains("zoe@new.test"), "the token's row is stored");
    assert!(!stored.contains(&token[5..]), "token stored in clear");

    let server = Server::spawn(&db, FAST, &[]);
    let me = server.get(ME_PATH, &token).await;
    assert_eq!(me.status, 200);
    assert_eq!(
        (me.json["role"].as_str(), me.json["email"].as_str()),
        (Some("admin"), Some("zoe@new.test"))
    );
    assert_eq!(
        me.json["account"],
        json!({"id": "acct_new", "name": "acct_new"})
    );
    assert_eq!(
        server.get(ME_PATH, tokens::ADMIN).await.status,
        401,
        "no demo tokens without --demo"
    );
    let created = server
        .post(LIST, &token, json!({"name": "first", "owner_id": "o"}))
        .await;
    assert_eq!(
        (created.status, created.json["user_id"].as_str()),
        (201, Some("acct_new"))
    );

    let missing_account = Command::new(env!("CARGO_BIN_EXE_sandboxd"))
        .args(["token", "create", "--role", "viewer"])
        .output()
        .unwrap();
    assert!(!missing_account.status.success());
}

#[tokio::test]
async fn secrets_and_tokens_never_reach_the_logs() {
    let dir = TempDir::new().unwrap();
    let server = Server::spawn(
        &dir.path().join("db"),
        &[&["--demo"], FAST].concat(),
        &[("RUST_LOG", "debug")],
    );
    let sandbox_id = server.e2e(1).await;
    let path = format!("{LIST}/{sandbox_id}/sources");
    let created = server
        .post(
            &path,
            tokens::ADMIN,
            json!({"provider": "slack", "name": "rt", "ingestion_mode": "realtime"}),
        )
        .await;
    let source_id = created.json["data_source_id"].as_str().unwrap();
    let first = created.json["webhook_signing_secret"]
        .as_str()
        .unwrap()
        .to_string();
    let rotated = server
        .post_empty(
            &format!("{path}/{source_id}/rotate-webhook-secret"),
            tokens::ADMIN,
        )
        .await;
    let second = rotated.json["webhook_signing_secret"]
        .as_str()
        .unwrap()
        .to_string();
    server
        .send(server.request(
            reqwest::Method::POST,
            &format!("/hooks/{source_id}"),
            Some(&second),
        ))
        .await;
    server.get(&path, tokens::ADMIN).await;

    // The last request's line too: the check below covers every request.
    let logs = server.wait_for_logs("the last request's log line", |logs| {
        logs.contains(&format!("/hooks/{source_id}")) && logs.matches(path.as_str()).count() >= 3
    });
    for secret in [&first, &second] {
        assert!(
            !logs.contains(secret.as_str()) && !logs.contains(&secret[6..]),
            "a secret was logged"
        );
    }
    assert!(!logs.contains("whsec_"));
    assert!(
        !logs.contains("Bearer"),
        "an Authorization header was logged"
    );
}

#[test]
fn help_explains_the_flags() {
    let output = Command::new(env!("CARGO_BIN_EXE_sandboxd"))
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8(output.stdout).unwrap();
    for flag in [
        "--bind",
        "--db",
        "--demo",
        "--static",
        "--allow-origin",
        "--provision-ms",
        "--seed-ms",
        "--refresh-ms",
        "--latency-ms",
        "--fail-rate",
        "--public-url",
        "token",
    ] {
        assert!(help.contains(flag), "{flag} missing from --help");
    }
}

/// The steps of an operation's JSON by state (`done`, `running`, `pending`).
fn step_states(operation: &serde_json::Value) -> Vec<String> {
    operation["steps"]
        .as_array()
        .unwrap_or_else(|| panic!("no steps in {operation}"))
        .iter()
        .map(|step| step["state"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_restart_mid_operation_resumes_its_steps() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("db");
    let slow = ["--demo", "--refresh-ms", "3000"];
    let first = Server::spawn(&db, &slow, &[]);
    let sandbox_id = first.e2e(3).await;
    let path = format!("{LIST}/{sandbox_id}");
    let refreshing = first
        .post_empty(&format!("{path}/refresh"), tokens::ADMIN)
        .await;
    let started = refreshing.json["operation"].clone();
    assert_eq!(started["kind"], "refresh", "{started}");
    assert_eq!(started["steps"].as_array().unwrap().len(), 3);
    assert_eq!(step_states(&started)[0], "running");
    tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
    let before = first.get(&path, tokens::ADMIN).await.json["operation"].clone();
    assert_eq!(step_states(&before)[0], "done", "{before}");
    first.kill();

    let second = Server::spawn(&db, &slow, &[]);
    let resumed = second.get(&path, tokens::ADMIN).await.json;
    assert_eq!(resumed["status"], "refreshing");
    let operation = &resumed["operation"];
    assert_eq!(operation["started_at"], started["started_at"]);
    assert_eq!(
        operation["estimated_completion_at"],
        started["estimated_completion_at"]
    );
    assert!(operation["progress"].as_f64() >= before["progress"].as_f64());
    assert_ne!(step_states(operation)[0], "pending");
    let done = second.wait_for_status(&sandbox_id, "active").await;
    assert_eq!(done["operation"], serde_json::Value::Null);
    let events = second
        .get(
            &format!("{path}/events?action=sandbox.status_changed&limit=1"),
            tokens::ADMIN,
        )
        .await;
    assert_eq!(
        events.json[0]["changes"]["status"],
        json!(["refreshing", "active"])
    );
}

#[tokio::test]
async fn fail_operations_fails_them_with_a_reason_and_an_event() {
    let dir = TempDir::new().unwrap();
    let server = Server::spawn(
        &dir.path().join("db"),
        &[&["--demo", "--fail-operations", "1"], FAST].concat(),
        &[],
    );
    let created = server
        .post(
            LIST,
            tokens::ADMIN,
            json!({"name": "doomed", "owner_id": "cust_doom"}),
        )
        .await;
    let sandbox_id = id(&created.json);
    let failed = server.wait_for_status(&sandbox_id, "failed").await;
    let reason = failed["failure_reason"].as_str().unwrap();
    assert!(
        reason.starts_with("Provisioning failed at the step \""),
        "{reason}"
    );
    assert_eq!(failed["operation"], serde_json::Value::Null);
    let events = server
        .get(&format!("{LIST}/{sandbox_id}/events"), tokens::ADMIN)
        .await;
    let event = &events.json[0];
    assert_eq!(event["action"], "sandbox.status_changed");
    assert_eq!(event["actor"], serde_json::Value::Null);
    assert_eq!(
        event["changes"],
        json!({"status": ["provisioning", "failed"], "failure_reason": [null, reason]})
    );
    assert!(event["summary"].as_str().unwrap().contains(reason));

    // A refresh may retry it (and fails again here); the old reason goes meanwhile.
    let retry = server
        .post_empty(&format!("{LIST}/{sandbox_id}/refresh"), tokens::ADMIN)
        .await;
    assert_eq!(retry.json["status"], "refreshing");
    assert_eq!(retry.json["failure_reason"], serde_json::Value::Null);
    let again = server.wait_for_status(&sandbox_id, "failed").await;
    assert!(again["failure_reason"]
        .as_str()
        .unwrap()
        .starts_with("The refresh failed at the step"));
}
