//! The `operation` of a sandbox in transit: its steps until the status is final.

use serde_json::json;

use super::LIST;
use crate::common::{id, Server};
use sandbox_api::demo::tokens;

#[tokio::test]
async fn operations_show_their_steps_until_the_status_is_final() {
    let dir = tempfile::TempDir::new().unwrap();
    let args = ["--demo", "--provision-ms", "800", "--seed-ms", "800"];
    let server = Server::spawn(&dir.path().join("db"), &args, &[]);
    let created = server
        .post(
            LIST,
            tokens::ADMIN,
            json!({"name": "steps", "owner_id": "cust_steps", "mode": "seeded"}),
        )
        .await;
    let operation = &created.json["operation"];
    assert_eq!(operation["kind"], "provision", "{}", created.text);
    assert!(operation["steps"].as_array().unwrap().len() >= 2);
    assert_eq!(operation["steps"][0]["state"], "running");
    assert_eq!(operation["steps"][1]["state"], "pending");
    assert_eq!(operation["steps"][1]["started_at"], serde_json::Value::Null);
    assert!(
        operation["estimated_completion_at"].as_str().unwrap()
            >= operation["started_at"].as_str().unwrap()
    );
    assert_eq!(created.json["failure_reason"], serde_json::Value::Null);

    let sandbox_id = id(&created.json);
    let mut last = 0.0;
    let seeding = server.wait_for_status(&sandbox_id, "seeding").await;
    assert_eq!(seeding["operation"]["kind"], "seed");
    for _ in 0..10 {
        let sandbox = server
            .get(&format!("{LIST}/{sandbox_id}"), tokens::ADMIN)
            .await
            .json;
        if sandbox["status"] != "seeding" {
            break;
        }
        let progress = sandbox["operation"]["progress"].as_f64().unwrap();
        assert!((last..=1.0).contains(&progress), "{progress} after {last}");
        last = progress;
        tokio::time::sleep(std::time::Duration::from_millis(60)).await;
    }
    let active = server.wait_for_status(&sandbox_id, "active").await;
    assert_eq!(active["operation"], serde_json::Value::Null);
    // Demo sandboxes that failed say why.
    let failed = server
        .get(&format!("{LIST}?status=failed&limit=1"), tokens::ADMIN)
        .await;
    assert!(failed.json[0]["failure_reason"]
        .as_str()
        .unwrap()
        .ends_with('.'));
}
