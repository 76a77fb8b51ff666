//! What only PostgreSQL makes possible: two sandboxd processes on one
//! database. The guarantees must hold across them (by the database's
//! constraints and locks, not a process's), background work must be done
//! once, and a process that dies leaves its work to the other. Skipped,
//! saying so, unless `SANDBOXD_TEST_DATABASE_URL` names a PostgreSQL server
//! (`cargo xtask test` always sets it for its second run of this suite).

use std::collections::HashSet;
use std::path::Path;

use futures::future::join_all;
use reqwest::Method;
use serde_json::{json, Value};
use tempfile::TempDir;

use crate::common::{id, Response, Server};
use sandbox_api::demo::tokens;
use sandbox_api::{EVENTS_PATH, SANDBOXES_PATH as LIST};

/// Concurrent creates, split between the two processes.
const CREATES: usize = 50;

/// Two processes on one fresh database, started at the same moment (so
/// both seed the demo at once: it must be seeded once), or `None` with the
/// reason printed without PostgreSQL. `args` go to both.
fn two_processes(dir: &TempDir, args: &[&str]) -> Option<[Server; 2]> {
    if sandbox_testkit::postgres_server_url().is_none() {
        eprintln!(
            "skipped: two processes on one database need PostgreSQL; set {} \
             (cargo xtask test does)",
            sandbox_testkit::DATABASE_URL_VAR
        );
        return None;
    }
    let db = dir.path().join("shared");
    // The database is made before either starts, so neither makes it.
    sandbox_testkit::database_arg(&db);
    let start = |db: &Path| Server::spawn(db, args, &[]);
    let (first, second) = std::thread::scope(|scope| {
        let first = scope.spawn(|| start(&db));
        let second = scope.spawn(|| start(&db));
        (first.join().unwrap(), second.join().unwrap())
    });
    Some([first, second])
}

/// `CREATES` POSTs of `body`, taking turns between the processes.
async fn create_on_both(servers: &[Server; 2], body: &Value, key: Option<&str>) -> Vec<Response> {
    join_all((0..CREATES).map(|n| {
        let server = &servers[n % 2];
        let mut request = server
            .request(Method::POST, LIST, Some(tokens::ADMIN))
            .json(body);
        if let Some(key) = key {
            request = request.header("Idempotency-Key", key);
        }
        server.send(request)
    }))
    .await
}

fn texts(responses: &[Response]) -> Vec<&str> {
    responses.iter().map(|r| r.text.as_str()).collect()
}

#[tokio::test]
async fn both_processes_seed_the_demo_once_and_see_each_others_writes() {
    let dir = TempDir::new().unwrap();
    let Some(servers) = two_processes(&dir, &["--demo"]) else {
        return;
    };
    let single = Server::demo();
    let everything = format!("{LIST}?limit=1");
    let expected = single.get(&everything, tokens::SUPPORT).await;
    for server in &servers {
        let listed = server.get(&everything, tokens::SUPPORT).await;
        assert_eq!(
            listed.header("x-total-count"),
            expected.header("x-total-count"),
            "the demo was seeded once"
        );
    }
    let created = servers[0]
        .post(
            LIST,
            tokens::ADMIN,
            json!({"name": "seen-by-both", "owner_id": "cust_both"}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let read = servers[1]
        .get(&format!("{LIST}/{}", id(&created.json)), tokens::ADMIN)
        .await;
    assert_eq!(read.status, 200, "{}", read.text);
}

#[tokio::test]
async fn one_idempotency_key_across_both_processes_makes_one_sandbox() {
    let dir = TempDir::new().unwrap();
    let Some(servers) = two_processes(&dir, &["--demo"]) else {
        return;
    };
    let body = json!({"name": "one-key", "owner_id": "cust_one_key"});
    let responses = create_on_both(&servers, &body, Some("the-one-key")).await;
    assert!(
        responses.iter().all(|r| r.status == 201),
        "{:?}",
        texts(&responses)
    );
    let ids: HashSet<String> = responses.iter().map(|r| id(&r.json)).collect();
    assert_eq!(ids.len(), 1, "{ids:?}");
    let first_answers = responses
        .iter()
        .filter(|r| r.header("idempotent-replayed").is_none())
        .count();
    assert_eq!(first_answers, 1, "one create, the others replays");
    for server in &servers {
        let listed = server
            .get(&format!("{LIST}?owner_id=cust_one_key"), tokens::ADMIN)
            .await;
        assert_eq!(listed.header("x-total-count"), Some("1"));
    }
}

#[tokio::test]
async fn one_name_across_both_processes_is_created_once() {
    let dir = TempDir::new().unwrap();
    let Some(servers) = two_processes(&dir, &["--demo"]) else {
        return;
    };
    let body = json!({"name": "one-name", "owner_id": "cust_one_name"});
    let responses = create_on_both(&servers, &body, None).await;
    let statuses: Vec<u16> = responses.iter().map(|r| r.status).collect();
    assert_eq!(
        statuses.iter().filter(|&&s| s == 201).count(),
        1,
        "{:?}",
        texts(&responses)
    );
    assert!(
        statuses.iter().all(|&s| s == 201 || s == 409),
        "{:?}",
        texts(&responses)
    );
    let listed = servers[1]
        .get(&format!("{LIST}?owner_id=cust_one_name"), tokens::ADMIN)
        .await;
    assert_eq!(listed.header("x-total-count"), Some("1"));
}

/// The `sandbox.status_changed` events of one sandbox, oldest first.
async fn status_changes(server: &Server, sandbox_id: &str) -> Vec<Value> {
    let events = server
        .get(
            &format!(
                "{EVENTS_PATH}?sandbox_id={sandbox_id}&action=sandbox.status_changed&limit=200"
            ),
            tokens::ADMIN,
        )
        .await;
    assert_eq!(events.status, 200, "{}", events.text);
    let mut changes: Vec<Value> = events.json.as_array().unwrap().clone();
    changes.reverse();
    changes
        .into_iter()
        .map(|e| e["changes"]["status"].clone())
        .collect()
}

#[tokio::test]
async fn a_refresh_started_through_one_is_finished_by_the_others_worker() {
    let dir = TempDir::new().unwrap();
    let slow = [
        "--demo",
        "--provision-ms",
        "50",
        "--seed-ms",
        "50",
        "--refresh-ms",
        "1500",
    ];
    let Some([first, second]) = two_processes(&dir, &slow) else {
        return;
    };
    let sandbox_id = first.e2e(3).await;
    let refresh = first
        .post_empty(&format!("{LIST}/{sandbox_id}/refresh"), tokens::ADMIN)
        .await;
    assert_eq!(refresh.json["status"], "refreshing", "{}", refresh.text);
    // Its worker goes with it: only the other's can finish the refresh.
    first.kill();
    let refreshed = second.wait_for_status(&sandbox_id, "active").await;
    assert!(refreshed["last_refreshed_at"].is_string(), "{refreshed}");
    assert_eq!(
        status_changes(&second, &sandbox_id).await.last(),
        Some(&json!(["refreshing", "active"]))
    );
}

#[tokio::test]
async fn a_process_killed_mid_operation_leaves_it_to_the_other_which_does_each_step_once() {
    let dir = TempDir::new().unwrap();
    let slow = [
        "--demo",
        "--provision-ms",
        "1200",
        "--seed-ms",
        "1200",
        "--refresh-ms",
        "50",
    ];
    let Some([first, second]) = two_processes(&dir, &slow) else {
        return;
    };
    let body = json!({"name": "left-behind", "owner_id": "cust_left", "mode": "seeded"});
    let created = first.post(LIST, tokens::ADMIN, body).await;
    assert_eq!(created.status, 201, "{}", created.text);
    let sandbox_id = id(&created.json);
    // Both workers are running now; one of them moves it on to seeding.
    second.wait_for_status(&sandbox_id, "seeding").await;
    first.kill();
    second.wait_for_status(&sandbox_id, "active").await;
    assert_eq!(
        status_changes(&second, &sandbox_id).await,
        [
            json!(["provisioning", "seeding"]),
            json!(["seeding", "active"])
        ],
        "each step applied once, by one of the two"
    );
}

/// How many turns the demo colleague of `server`'s process has taken.
fn colleague_turns(server: &Server) -> usize {
    server.logs().matches("demo colleague acted").count()
}

/// Waits up to 10 s for `done`; fails the test with `what` otherwise.
async fn wait_until(what: impl Fn() -> String, done: impl Fn() -> bool) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !done() {
        assert!(std::time::Instant::now() < deadline, "{}", what());
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
}

#[tokio::test]
async fn the_demo_colleague_works_in_one_process_and_moves_when_it_dies() {
    let dir = TempDir::new().unwrap();
    let Some(servers) = two_processes(&dir, &["--demo", "--demo-colleague-ms", "50"]) else {
        return;
    };
    wait_until(
        || "the colleague never worked".into(),
        || servers.iter().map(colleague_turns).sum::<usize>() >= 10,
    )
    .await;
    let [first, second] = servers;
    let (working, idle) = if colleague_turns(&first) > 0 {
        (first, second)
    } else {
        (second, first)
    };
    assert_eq!(colleague_turns(&idle), 0, "both colleagues worked");
    working.kill();
    wait_until(
        || format!("the colleague did not move:\n{}", idle.logs()),
        || colleague_turns(&idle) >= 3,
    )
    .await;
}
