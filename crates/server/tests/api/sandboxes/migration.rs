//! A database made by the previous version (`tests/fixtures/v1_0.db`,
//! migrations 0001–0004) opened by this one: every sandbox keeps its data
//! and gains the lifecycle defaults, counted from the upgrade, so none
//! expires because of it.

use std::path::Path;
use std::time::Duration;

use serde_json::Value;
use tempfile::TempDir;

use super::{now_ms, LIST};
use crate::common::{skipped_on_postgres, Server, FAST};
use sandbox_api::demo::tokens;
use sandbox_api::{parse_timestamp_ms, DAY_MS, EVENTS_PATH};

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

#[tokio::test]
async fn a_previous_versions_database_keeps_its_data_and_gains_the_defaults() {
    if skipped_on_postgres("the previous version's database is a SQLite file") {
        return;
    }
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("v1_0.db");
    std::fs::copy(fixture("v1_0.db"), &db).unwrap();
    // The migration's "now", to the second.
    let upgraded_from = now_ms() / 1000 * 1000;
    let args = [&["--expiry-check-ms", "50"], FAST].concat();
    let server = Server::spawn(&db, &args, &[]);
    let upgraded_by = now_ms();
    // Several checks of the expiry job later, nothing went.
    tokio::time::sleep(Duration::from_millis(300)).await;

    let answered_by_v1_0: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(fixture("v1_0_sandboxes.json")).unwrap())
            .unwrap();
    let page = server
        .get(
            &format!("{LIST}?limit=200&sort=created_at"),
            tokens::SUPPORT,
        )
        .await;
    assert_eq!(page.header("x-total-count"), Some("93"), "{}", page.text);
    let now: Vec<Value> = page.json.as_array().unwrap().clone();
    assert_eq!(now.len(), answered_by_v1_0.len());
    for (mut sandbox, before) in now.into_iter().zip(answered_by_v1_0) {
        let fields = sandbox.as_object_mut().unwrap();
        let expires_at = fields
            .remove("expires_at")
            .expect("expires_at on every sandbox");
        let protected = fields
            .remove("protected")
            .expect("protected on every sandbox");
        assert_eq!(sandbox, before, "everything else as v1.0 answered");
        assert_eq!(protected, false);
        let lifetime = match before["tier"].as_str().unwrap() {
            "free" => 7,
            "pro" => 30,
            _ => {
                assert_eq!(expires_at, Value::Null, "enterprise never expires");
                continue;
            }
        };
        let at = parse_timestamp_ms(expires_at.as_str().unwrap()).unwrap();
        assert!(
            (upgraded_from + lifetime * DAY_MS..=upgraded_by + lifetime * DAY_MS).contains(&at),
            "{lifetime} days from the upgrade: {expires_at} of {before}"
        );
    }

    // The history is kept, the demo tokens still work, and the lifecycle
    // works on the old rows: sorted by expiry (its indexes), patched.
    let events = server
        .get(&format!("{EVENTS_PATH}?limit=1"), tokens::SUPPORT)
        .await;
    let events: u64 = events.header("x-total-count").unwrap().parse().unwrap();
    assert!(events >= 299, "{events} events");
    let soonest = server
        .get(&format!("{LIST}?sort=expires_at&limit=1"), tokens::ADMIN)
        .await;
    assert_eq!(soonest.json[0]["tier"], "free", "{}", soonest.text);
    let made_by_v1_0 = format!("{LIST}/sbx_01M8S62DPF0F6ZR98K0PR5W7QV");
    let protected = server
        .patch(
            &made_by_v1_0,
            tokens::ADMIN,
            serde_json::json!({"protected": true}),
        )
        .await;
    assert_eq!(protected.json["protected"], true, "{}", protected.text);
    assert_eq!(protected.json["metadata"]["made_by"], "sandboxd v1.0");
}
