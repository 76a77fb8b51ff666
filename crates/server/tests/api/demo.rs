//! `GET /api/v1/demo`, `POST /api/v1/demo/reset` and the demo's colleague.

use std::time::Duration;

use reqwest::Method;
use serde_json::{json, Value};
use tempfile::TempDir;

use crate::common::{id, Server, FAST};
use sandbox_api::demo::tokens;
use sandbox_api::{DEMO_PATH as DEMO, DEMO_RESET_PATH as RESET, ME_PATH, SANDBOXES_PATH as LIST};

/// Acme's sandboxes on a fresh demo (`src/demo/mod.rs`).
const ACME_SANDBOXES: &str = "62";

#[tokio::test]
async fn the_demo_lists_its_identities_without_a_token() {
    let server = Server::demo();
    let demo = server.send(server.request(Method::GET, DEMO, None)).await;
    assert_eq!(demo.status, 200, "{}", demo.text);
    assert_eq!(demo.json["resettable"], true);
    let identities = demo.json["identities"].as_array().unwrap();
    let tokens: Vec<&str> = identities
        .iter()
        .map(|i| i["token"].as_str().unwrap())
        .collect();
    assert_eq!(
        tokens,
        [
            tokens::ADMIN,
            tokens::VIEWER,
            tokens::SUPPORT,
            tokens::SANDBOX,
            tokens::ADMIN_2,
            tokens::ADMIN_3
        ]
    );
    assert_eq!(
        identities[0],
        json!({"token": tokens::ADMIN, "label": "Ada — admin of Acme Production",
               "email": "ada@acme.test", "role": "admin",
               "account": {"id": "acct_demo_acme", "name": "Acme Production"},
               "acting_in_sandbox": null})
    );
    assert_eq!(
        identities[2]["account"],
        Value::Null,
        "support has no account"
    );
    // Each identity is what its token says it is.
    for identity in identities {
        let me = server
            .get(ME_PATH, identity["token"].as_str().unwrap())
            .await;
        for field in ["email", "role", "account", "acting_in_sandbox"] {
            assert_eq!(me.json[field], identity[field], "{field} of {identity}");
        }
    }
}

#[tokio::test]
async fn without_demo_mode_both_endpoints_are_404_and_reveal_nothing() {
    let dir = TempDir::new().unwrap();
    let server = Server::spawn(&dir.path().join("db"), FAST, &[]);
    let token = String::from_utf8(
        std::process::Command::new(env!("CARGO_BIN_EXE_sandboxd"))
            .args(["token", "create", "--role", "admin", "--account", "acct_x"])
            .arg("--db")
            .arg(dir.path().join("db"))
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let token = token.trim();
    for (method, path, token) in [
        (Method::GET, DEMO, None),
        (Method::GET, DEMO, Some(token)),
        (Method::POST, RESET, None),
        (Method::POST, RESET, Some(token)),
        (Method::POST, RESET, Some(tokens::ADMIN)),
    ] {
        let answer = server
            .send(server.request(method.clone(), path, token))
            .await;
        assert_eq!(answer.status, 404, "{method} {path}: {}", answer.text);
        assert!(!answer.text.contains("demo-"), "{}", answer.text);
    }
    let unknown = server
        .send(server.request(Method::GET, "/api/v1/nothing", None))
        .await;
    assert_eq!(
        server
            .send(server.request(Method::GET, DEMO, None))
            .await
            .json,
        unknown.json,
        "the same 404 as a path no route serves"
    );
}

#[tokio::test]
async fn only_an_admin_demo_token_may_reset() {
    let server = Server::demo();
    let anonymous = server.send(server.request(Method::POST, RESET, None)).await;
    assert_eq!(anonymous.status, 401);
    for token in [tokens::VIEWER, tokens::SUPPORT, tokens::SANDBOX] {
        server
            .post_empty(RESET, token)
            .await
            .assert_error(403, "Only an admin demo token may reset the demo");
    }
    for token in [tokens::ADMIN_2, tokens::ADMIN] {
        let reset = server.post_empty(RESET, token).await;
        assert_eq!(reset.status, 200, "{token}: {}", reset.text);
        assert!(reset.json["reset_at"].as_str().unwrap().ends_with('Z'));
    }
}

#[tokio::test]
async fn reset_restores_the_first_state_and_tokens_keep_working() {
    let server = Server::demo();
    let deleted = server.e2e(10).await;
    assert_eq!(
        server
            .delete(&format!("{LIST}/{deleted}"), tokens::ADMIN)
            .await
            .status,
        200
    );
    let created = server
        .post(
            LIST,
            tokens::ADMIN,
            json!({"name": "made-in-the-demo", "owner_id": "cust_e2e"}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let scoped_before =
        server.get(ME_PATH, tokens::SANDBOX).await.json["acting_in_sandbox"].clone();

    let reset = server.post_empty(RESET, tokens::ADMIN).await;
    assert_eq!(reset.status, 200, "{}", reset.text);

    let e2e = server
        .get(
            &format!("{LIST}?owner_id=cust_e2e&limit=200"),
            tokens::ADMIN,
        )
        .await;
    let names = e2e.strings("name");
    assert!(names.contains(&"e2e-10"), "{names:?}");
    assert!(!names.contains(&"made-in-the-demo"), "{names:?}");
    assert_eq!(e2e.header("x-total-count"), Some("10"));
    let acme = server.get(&format!("{LIST}?limit=1"), tokens::ADMIN).await;
    assert_eq!(acme.header("x-total-count"), Some(ACME_SANDBOXES));
    let events = server
        .get("/api/v1/events?q=made-in-the-demo", tokens::ADMIN)
        .await;
    assert_eq!(
        events.header("x-total-count"),
        Some("0"),
        "history seeded again, nothing after it"
    );

    // Every token still works; the scoped one acts in the new scoped-demo.
    for &token in tokens::ALL
        .iter()
        .filter(|&&token| token != tokens::SANDBOX)
    {
        assert_eq!(server.get(ME_PATH, token).await.status, 200, "{token}");
    }
    let scoped = server.get(ME_PATH, tokens::SANDBOX).await.json["acting_in_sandbox"].clone();
    assert_ne!(scoped, scoped_before);
    let scoped_demo = server.find(tokens::ADMIN, "cust_4711", "scoped-demo").await;
    assert_eq!(scoped, json!(id(&scoped_demo)));
    let in_scope = server
        .get(
            &format!("{LIST}/{}", scoped.as_str().unwrap()),
            tokens::SANDBOX,
        )
        .await;
    assert_eq!(in_scope.status, 200, "{}", in_scope.text);
    let demo = server.send(server.request(Method::GET, DEMO, None)).await;
    assert_eq!(demo.json["identities"][3]["acting_in_sandbox"], scoped);
}

#[tokio::test]
async fn requests_during_a_reset_see_the_old_demo_or_the_new_one() {
    let server = Server::demo();
    let reader = async {
        let mut answers = Vec::new();
        for _ in 0..60 {
            let list = server.get(&format!("{LIST}?limit=50"), tokens::ADMIN).await;
            answers.push((
                list.status,
                list.header("x-total-count").map(String::from),
                list.json.as_array().map(Vec::len),
            ));
        }
        answers
    };
    let writer = async {
        let mut statuses = Vec::new();
        for n in 0..20 {
            let created = server
                .post(
                    LIST,
                    tokens::ADMIN,
                    json!({"name": format!("during-reset-{n}"), "owner_id": "cust_e2e"}),
                )
                .await;
            statuses.push(created.status);
        }
        statuses
    };
    let resets = async {
        let mut statuses = Vec::new();
        for _ in 0..3 {
            statuses.push(server.post_empty(RESET, tokens::ADMIN).await.status);
            tokio::time::sleep(Duration::from_millis(30)).await;
        }
        statuses
    };
    let (reads, writes, resets) = tokio::join!(reader, writer, resets);
    assert_eq!(resets, [200, 200, 200]);
    assert!(writes.iter().all(|status| *status == 201), "{writes:?}");
    for (status, total, rows) in reads {
        assert_eq!(status, 200);
        let total: usize = total.unwrap().parse().unwrap();
        // Whole demo (62 in Acme) plus creates since the last reset, never a part.
        assert!((62..=82).contains(&total), "total {total}");
        assert_eq!(rows, Some(50));
    }
    // The worker finishes the seeded operations and the new sandboxes' alike.
    let after = server.get(&format!("{LIST}?limit=1"), tokens::ADMIN).await;
    assert!(
        after
            .header("x-total-count")
            .unwrap()
            .parse::<usize>()
            .unwrap()
            >= 62
    );
}

/// How many events Grace, the colleague, has in Acme.
async fn colleague_events(server: &Server) -> u64 {
    let events = server
        .get(
            "/api/v1/events?actor=grace@acme.test&limit=1",
            tokens::ADMIN,
        )
        .await;
    assert_eq!(events.status, 200, "{}", events.text);
    events.header("x-total-count").unwrap().parse().unwrap()
}

#[tokio::test]
async fn the_colleague_works_on_team_payments_unless_quiet() {
    let dir = TempDir::new().unwrap();
    let args = [&["--demo", "--demo-colleague-ms", "100"], FAST].concat();
    let lively = Server::spawn(&dir.path().join("lively"), &args, &[]);
    let quiet_args = [
        &["--demo", "--demo-quiet", "--demo-colleague-ms", "100"],
        FAST,
    ]
    .concat();
    let quiet = Server::spawn(&dir.path().join("quiet"), &quiet_args, &[]);
    let (lively_before, quiet_before) = (
        colleague_events(&lively).await,
        colleague_events(&quiet).await,
    );
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(
        colleague_events(&quiet).await,
        quiet_before,
        "--demo-quiet: nobody acts"
    );
    assert!(colleague_events(&lively).await >= lively_before + 3);

    let newest = lively
        .get(
            "/api/v1/events?actor=grace@acme.test&limit=20",
            tokens::ADMIN,
        )
        .await;
    let newest = newest.json.as_array().unwrap();
    let actions: Vec<&str> = newest
        .iter()
        .take(3)
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for action in ["sandbox.refresh_requested", "app.pushed"] {
        assert!(
            newest.iter().any(|e| e["action"] == action),
            "{action} in {actions:?}"
        );
    }
    assert!(newest
        .iter()
        .any(|e| e["action"].as_str().unwrap().starts_with("members.")));
    for event in newest.iter().take(3) {
        assert_eq!(event["actor"]["email"], "grace@acme.test");
        assert_eq!(event["request_id"], Value::Null);
        let sandbox = lively
            .get(
                &format!("{LIST}/{}", event["sandbox_id"].as_str().unwrap()),
                tokens::ADMIN,
            )
            .await;
        assert_eq!(
            sandbox.json["owner_id"], "team_payments",
            "only her sandboxes"
        );
    }
}
