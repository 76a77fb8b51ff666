//! Protection (v1.1): a protected sandbox is neither refreshed nor deleted
//! (409 `Sandbox is protected`) until an owner sets `protected` back to
//! false. Its expiry: `expiry.rs`; who may change it: `patch.rs`.

use serde_json::json;

use super::{events_of, LIST};
use crate::common::{id, Server};
use sandbox_api::demo::tokens;

const PROTECTED: &str = "Sandbox is protected";

#[tokio::test]
async fn a_protected_sandbox_is_neither_refreshed_nor_deleted_until_unprotected() {
    let server = Server::demo();
    let sandbox_id = server.e2e(5).await;
    let path = format!("{LIST}/{sandbox_id}");
    let refreshes = events_of(&server, &sandbox_id, "sandbox.refresh_requested").await;
    let protect = server
        .patch(&path, tokens::ADMIN, json!({"protected": true}))
        .await;
    assert_eq!(protect.json["protected"], true, "{}", protect.text);

    server
        .post_empty(&format!("{path}/refresh"), tokens::ADMIN)
        .await
        .assert_error(409, PROTECTED);
    server
        .delete(&path, tokens::ADMIN)
        .await
        .assert_error(409, PROTECTED);
    let kept = server.get(&path, tokens::ADMIN).await.json;
    assert_eq!(
        (kept["status"].as_str(), kept["protected"].as_bool()),
        (Some("active"), Some(true))
    );
    assert_eq!(
        events_of(&server, &sandbox_id, "sandbox.refresh_requested").await,
        refreshes,
        "a refused refresh records nothing"
    );
    assert!(events_of(&server, &sandbox_id, "sandbox.deleted")
        .await
        .is_empty());

    let unprotect = server
        .patch(&path, tokens::ADMIN, json!({"protected": false}))
        .await;
    assert_eq!(unprotect.json["protected"], false);
    let refresh = server
        .post_empty(&format!("{path}/refresh"), tokens::ADMIN)
        .await;
    assert_eq!(refresh.json["status"], "refreshing", "{}", refresh.text);
    assert_eq!(refresh.json["protected"], false);
    server.wait_for_status(&sandbox_id, "active").await;
    assert_eq!(server.delete(&path, tokens::ADMIN).await.status, 200);
    assert_eq!(server.get(&path, tokens::ADMIN).await.status, 404);
}

#[tokio::test]
async fn protection_is_chosen_on_create_and_holds_in_every_status() {
    let server = Server::demo();
    let created = server
        .post(
            LIST,
            tokens::ADMIN,
            json!({"name": "customer-demo", "owner_id": "cust_protect", "protected": true}),
        )
        .await;
    assert_eq!(
        (created.status, created.json["protected"].as_bool()),
        (201, Some(true)),
        "{}",
        created.text
    );
    let sandbox_id = id(&created.json);
    server.wait_for_status(&sandbox_id, "active").await;
    server
        .delete(&format!("{LIST}/{sandbox_id}"), tokens::ADMIN)
        .await
        .assert_error(409, PROTECTED);

    let plain = server
        .post(
            LIST,
            tokens::ADMIN,
            json!({"name": "plain", "owner_id": "cust_protect"}),
        )
        .await;
    assert_eq!(plain.json["protected"], false, "the default");

    // A failed sandbox may be refreshed or deleted to recover, unless protected.
    let failed = server
        .get(&format!("{LIST}?status=failed&limit=1"), tokens::ADMIN)
        .await;
    let failed = format!("{LIST}/{}", id(&failed.json[0]));
    server
        .patch(&failed, tokens::ADMIN, json!({"protected": true}))
        .await;
    server
        .post_empty(&format!("{failed}/refresh"), tokens::ADMIN)
        .await
        .assert_error(409, PROTECTED);
    server
        .delete(&failed, tokens::ADMIN)
        .await
        .assert_error(409, PROTECTED);
    let refused = server
        .post(
            LIST,
            tokens::ADMIN,
            json!({"name": "n", "owner_id": "o", "protected": "yes"}),
        )
        .await;
    assert_eq!(refused.locs(), ["body.protected"]);
}

#[tokio::test]
async fn the_demos_customer_demo_is_protected() {
    let server = Server::demo();
    let protected = server
        .get(&format!("{LIST}?protected=true"), tokens::SUPPORT)
        .await;
    assert_eq!(
        protected.strings("name"),
        ["sales-demo"],
        "{}",
        protected.text
    );
    let demo = &protected.json[0];
    assert_eq!(demo["owner_id"], "6f1c2a9e-4b7d-4e21-9a3f-2c8d5e7b9a10");
    assert_eq!(demo["user_id"], "acct_demo_acme");
    server
        .delete(&format!("{LIST}/{}", id(demo)), tokens::ADMIN)
        .await
        .assert_error(409, PROTECTED);
    // Its history says who protected it, after its last refresh.
    let protected = events_of(&server, &id(demo), "sandbox.updated").await;
    assert_eq!(protected.len(), 1, "{protected:?}");
    assert_eq!(protected[0]["changes"], json!({"protected": [false, true]}));
    assert_eq!(protected[0]["actor"]["email"], "ada@acme.test");
    let refreshes = events_of(&server, &id(demo), "sandbox.refresh_requested").await;
    if let Some(last) = refreshes.first() {
        assert!(last["occurred_at"].as_str() < protected[0]["occurred_at"].as_str());
    }
}
