//! Reading one sandbox, refreshing and deleting it.

use serde_json::json;
use tempfile::TempDir;

use super::LIST;
use crate::common::{id, Server};
use sandbox_api::demo::tokens;

#[tokio::test]
async fn get_unknown_sandbox_is_404() {
    let server = Server::demo();
    let missing = server.get(&format!("{LIST}/sbx_nope"), tokens::ADMIN).await;
    assert_eq!(
        (missing.status, missing.json.clone()),
        (404, json!({"detail": "Sandbox not found"}))
    );
}

#[tokio::test]
async fn refresh_restores_production_apps_and_keeps_members_and_sources() {
    let server = Server::demo();
    let scoped = server.find(tokens::ADMIN, "cust_4711", "scoped-demo").await;
    let sandbox_id = id(&scoped);
    let path = format!("{LIST}/{sandbox_id}");
    let before_sources = server
        .get(&format!("{path}/sources"), tokens::ADMIN)
        .await
        .json;
    let apps = server
        .get(&format!("{path}/apps"), tokens::ADMIN)
        .await
        .json;
    assert_eq!(apps[1]["version"], "2.8.0-beta.1");

    let refreshed = server
        .post_empty(&format!("{path}/refresh"), tokens::ADMIN)
        .await;
    assert_eq!(
        (refreshed.status, refreshed.json["status"].as_str()),
        (200, Some("refreshing"))
    );
    // Not active: other writes wait; a second refresh too.
    let busy = server
        .post_empty(&format!("{path}/refresh"), tokens::ADMIN)
        .await;
    busy.assert_error(409, "Sandbox is refreshing; this needs an active sandbox");
    let push = server
        .post_empty(&format!("{path}/apps/crm/push"), tokens::ADMIN)
        .await;
    assert_eq!(push.status, 409);

    let active = server.wait_for_status(&sandbox_id, "active").await;
    assert!(active["last_refreshed_at"].is_string());
    let apps = server
        .get(&format!("{path}/apps"), tokens::ADMIN)
        .await
        .json;
    let versions: Vec<(&str, &str)> = apps
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["app_name"].as_str().unwrap(),
                a["version"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        versions,
        [
            ("analytics", "3.0.2"),
            ("billing", "2.7.1"),
            ("crm", "4.2.0"),
            ("support-desk", "1.9.0")
        ]
    );
    assert_eq!(
        server
            .get(&format!("{path}/sources"), tokens::ADMIN)
            .await
            .json,
        before_sources
    );
    assert_eq!(
        server
            .get(&format!("{path}/users"), tokens::ADMIN)
            .await
            .json
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[tokio::test]
async fn refresh_and_delete_work_on_failed_but_not_on_transient_sandboxes() {
    // The demo's provisioning sandboxes provision as long as --provision-ms says.
    let dir = TempDir::new().unwrap();
    let args = ["--demo", "--provision-ms", "60000", "--refresh-ms", "50"];
    let server = Server::spawn(&dir.path().join("db"), &args, &[]);
    let failed = server
        .get(&format!("{LIST}?status=failed&limit=1"), tokens::ADMIN)
        .await;
    let failed_id = id(&failed.json[0]);
    let refreshed = server
        .post_empty(&format!("{LIST}/{failed_id}/refresh"), tokens::ADMIN)
        .await;
    assert_eq!(refreshed.status, 200);
    server.wait_for_status(&failed_id, "active").await;

    let provisioning = server
        .get(
            &format!("{LIST}?status=provisioning&limit=1"),
            tokens::ADMIN,
        )
        .await;
    let provisioning_id = id(&provisioning.json[0]);
    let delete = server
        .delete(&format!("{LIST}/{provisioning_id}"), tokens::ADMIN)
        .await;
    delete.assert_error(409, "Sandbox is provisioning; this needs an active sandbox");
    let members = server
        .post(
            &format!("{LIST}/{provisioning_id}/users"),
            tokens::ADMIN,
            json!({"users": [{"email": "a@b.co"}]}),
        )
        .await;
    assert_eq!(members.status, 409);
}

#[tokio::test]
async fn delete_is_permanent() {
    let server = Server::demo();
    let sandbox_id = server.e2e(10).await;
    let deleted = server
        .delete(&format!("{LIST}/{sandbox_id}"), tokens::ADMIN)
        .await;
    assert_eq!((deleted.status, deleted.json.clone()), (200, json!({})));
    for path in ["", "/users", "/apps", "/sources"] {
        assert_eq!(
            server
                .get(&format!("{LIST}/{sandbox_id}{path}"), tokens::ADMIN)
                .await
                .status,
            404
        );
    }
    assert_eq!(
        server
            .delete(&format!("{LIST}/{sandbox_id}"), tokens::ADMIN)
            .await
            .status,
        404
    );
    let list = server
        .get(&format!("{LIST}?owner_id=cust_e2e"), tokens::ADMIN)
        .await;
    assert_eq!(list.header("x-total-count"), Some("9"));
}
