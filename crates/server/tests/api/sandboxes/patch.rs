//! `PATCH /sandboxes/{id}` (v1.1): what it changes and records, each
//! validation rule at its `loc`, and who may change what.

use serde_json::{json, Value};
use tempfile::TempDir;

use super::{events_of, in_ms, LIST};
use crate::common::{id, Server, FAST};
use sandbox_api::demo::tokens;
use sandbox_api::{format_timestamp_ms, parse_timestamp_ms, DAY_MS, ME_PATH};

/// The first of Acme's sandboxes that `filters` (a query string) match, as
/// its admin sees it.
async fn acme_sandbox(server: &Server, filters: &str) -> Value {
    let page = server
        .get(&format!("{LIST}?{filters}&limit=1"), tokens::ADMIN)
        .await;
    assert_eq!(page.status, 200, "{}", page.text);
    page.json[0].clone()
}

#[tokio::test]
async fn patch_changes_what_it_names_and_records_each_change() {
    let server = Server::demo();
    let sandbox_id = server.e2e(1).await;
    let path = format!("{LIST}/{sandbox_id}");
    let before = server.get(&path, tokens::ADMIN).await.json;

    // Any RFC 3339 offset and fraction; kept as UTC whole seconds.
    let local = format_timestamp_ms(super::now_ms() + 10 * DAY_MS)
        .replace('Z', ".75+00:00")
        .replace("T", "t");
    let expected = format_timestamp_ms(parse_timestamp_ms(&local).unwrap());
    let patched = server
        .send(
            server
                .request(reqwest::Method::PATCH, &path, Some(tokens::ADMIN))
                .header("x-request-id", "it-patch")
                .json(&json!({"expires_at": local, "metadata": {"team": "growth"}})),
        )
        .await;
    assert_eq!(patched.status, 200, "{}", patched.text);
    assert_eq!(patched.json["expires_at"], expected.as_str());
    assert_eq!(
        patched.json["metadata"],
        json!({"team": "growth"}),
        "replaced whole"
    );
    assert_eq!(patched.json["protected"], false, "left out: unchanged");
    assert_eq!(patched.json["access"], "owner");
    assert_eq!(patched.json["name"], before["name"]);
    assert_eq!(server.get(&path, tokens::ADMIN).await.json, patched.json);

    let protected = server
        .patch(&path, tokens::ADMIN, json!({"protected": true}))
        .await;
    assert_eq!(protected.json["protected"], true, "{}", protected.text);
    assert_eq!(protected.json["expires_at"], expected.as_str());

    let events = events_of(&server, &sandbox_id, "sandbox.updated").await;
    assert_eq!(events.len(), 2, "{events:?}");
    assert_eq!(events[0]["changes"], json!({"protected": [false, true]}));
    assert_eq!(
        events[0]["summary"],
        "ada@acme.test updated e2e-01: protected it"
    );
    let first = &events[1];
    assert_eq!(
        first["changes"],
        json!({
            "expires_at": [before["expires_at"], expected],
            "metadata": [before["metadata"], {"team": "growth"}],
        })
    );
    assert_eq!(first["actor"]["email"], "ada@acme.test");
    assert_eq!(first["request_id"], "it-patch");
    assert_eq!(
        first["summary"],
        format!(
            "ada@acme.test updated e2e-01: set it to expire at {expected} and changed its metadata"
        )
    );
}

#[tokio::test]
async fn a_patch_that_changes_nothing_records_nothing() {
    let server = Server::demo();
    let sandbox_id = server.e2e(2).await;
    let path = format!("{LIST}/{sandbox_id}");
    let before = server.get(&path, tokens::ADMIN).await.json;
    let empty = server.patch(&path, tokens::ADMIN, json!({})).await;
    assert_eq!(
        (empty.status, &empty.json),
        (200, &before),
        "{}",
        empty.text
    );
    let same = server
        .patch(
            &path,
            tokens::ADMIN,
            json!({"expires_at": before["expires_at"], "protected": false,
                   "metadata": before["metadata"]}),
        )
        .await;
    assert_eq!(
        (same.status, &same.json),
        (200, &before),
        "updated_at stays"
    );
    assert!(events_of(&server, &sandbox_id, "sandbox.updated")
        .await
        .is_empty());
}

#[tokio::test]
async fn patch_refuses_each_bad_field_at_its_loc_and_changes_nothing() {
    let server = Server::demo();
    let sandbox_id = server.e2e(3).await;
    let path = format!("{LIST}/{sandbox_id}");
    let before = server.get(&path, tokens::ADMIN).await.json;
    let many: serde_json::Map<String, Value> =
        (0..65).map(|i| (format!("k{i}"), json!(i))).collect();
    let cases = [
        (
            json!({"expires_at": in_ms(-60_000)}),
            "body.expires_at:datetime_future",
        ),
        (
            json!({"expires_at": in_ms(0)}),
            "body.expires_at:datetime_future",
        ),
        (
            json!({"expires_at": in_ms(90 * 86_400_000 + 60_000)}),
            "body.expires_at:less_than_equal",
        ),
        (
            json!({"expires_at": "next tuesday"}),
            "body.expires_at:datetime_parsing",
        ),
        (
            json!({"expires_at": "2026-12-08"}),
            "body.expires_at:datetime_parsing",
        ),
        (
            json!({"expires_at": 1_800_000_000}),
            "body.expires_at:datetime_type",
        ),
        (json!({"expires_at": null}), "body.expires_at:value_error"),
        (json!({"protected": "yes"}), "body.protected:bool_type"),
        (json!({"protected": null}), "body.protected:bool_type"),
        (json!({"metadata": []}), "body.metadata:dict_type"),
        (json!({"metadata": null}), "body.metadata:dict_type"),
        (json!({"metadata": many}), "body.metadata:too_long"),
        (
            json!({"metadata": {"line\nbreak": 1}}),
            "body.metadata.line\nbreak:value_error",
        ),
        (
            json!({"metadata": {"blob": "x".repeat(17 * 1024)}}),
            "body.metadata:too_long",
        ),
        (json!({"name": "renamed"}), "body.name:extra_forbidden"),
        (
            json!({"status": "active", "protected": true}),
            "body.status:extra_forbidden",
        ),
        (json!([]), "body:model_attributes_type"),
    ];
    for (body, expected) in cases {
        let refused = server.patch(&path, tokens::ADMIN, body.clone()).await;
        assert_eq!(refused.status, 422, "{body}: {}", refused.text);
        let found: Vec<String> = refused
            .locs()
            .iter()
            .zip(refused.json["detail"].as_array().unwrap())
            .map(|(loc, error)| format!("{loc}:{}", error["type"].as_str().unwrap()))
            .collect();
        assert_eq!(found, [expected], "{body}");
    }
    let never = server
        .patch(&path, tokens::ADMIN, json!({"expires_at": null}))
        .await;
    assert_eq!(
        never.detail()[0]["msg"],
        "Only enterprise sandboxes can never expire: choose a date within 90 days"
    );
    let unknown = server
        .patch(&path, tokens::ADMIN, json!({"name": "renamed"}))
        .await;
    assert_eq!(
        unknown.detail()[0]["msg"],
        "Remove this field: only expires_at, protected, metadata can be changed"
    );
    let no_body = server
        .send(server.request(reqwest::Method::PATCH, &path, Some(tokens::ADMIN)))
        .await;
    assert_eq!(
        (no_body.status, no_body.locs()),
        (422, vec!["body".to_owned()])
    );
    assert_eq!(server.get(&path, tokens::ADMIN).await.json, before);
    assert!(events_of(&server, &sandbox_id, "sandbox.updated")
        .await
        .is_empty());
}

#[tokio::test]
async fn only_enterprise_sandboxes_may_never_expire() {
    let server = Server::demo();
    let enterprise = acme_sandbox(&server, "tier=enterprise&status=active").await;
    assert!(enterprise["expires_at"].is_null(), "{enterprise}");
    let path = format!("{LIST}/{}", id(&enterprise));
    let at = in_ms(5 * DAY_MS);
    let dated = server
        .patch(&path, tokens::ADMIN, json!({"expires_at": at}))
        .await;
    assert_eq!(dated.json["expires_at"], at.as_str(), "{}", dated.text);
    let never = server
        .patch(&path, tokens::ADMIN, json!({"expires_at": null}))
        .await;
    assert_eq!(
        (never.status, &never.json["expires_at"]),
        (200, &Value::Null)
    );
    for tier in ["free", "pro"] {
        let sandbox = acme_sandbox(&server, &format!("tier={tier}&status=active")).await;
        let refused = server
            .patch(
                &format!("{LIST}/{}", id(&sandbox)),
                tokens::ADMIN,
                json!({"expires_at": null}),
            )
            .await;
        assert_eq!(refused.locs(), ["body.expires_at"], "{tier}");
    }
}

#[tokio::test]
async fn roles_and_access_decide_who_may_patch_what() {
    let server = Server::demo();
    let e2e = format!("{LIST}/{}", server.e2e(4).await);
    let later = json!({"expires_at": in_ms(3 * DAY_MS)});
    // The role first: support and viewers lack sandboxes:update, even with
    // a bad body, and a viewer even where it is an editor member.
    let sso = server
        .find(tokens::VIEWER, "cust_3141", "sso-migration")
        .await;
    assert_eq!(sso["access"], "editor");
    for (token, path) in [
        (tokens::SUPPORT, e2e.clone()),
        (tokens::VIEWER, e2e.clone()),
        (tokens::VIEWER, format!("{LIST}/{}", id(&sso))),
    ] {
        server
            .patch(&path, token, json!({"expires_at": "soon"}))
            .await
            .assert_error(403, "Missing permission: sandboxes:update");
    }
    // Then visibility: another tenant's admin, a scoped token elsewhere, an unknown id.
    for (token, path) in [
        (tokens::ADMIN_3, e2e.clone()),
        (tokens::SANDBOX, e2e.clone()),
        (tokens::ADMIN, format!("{LIST}/sbx_nope")),
    ] {
        server
            .patch(&path, token, later.clone())
            .await
            .assert_error(404, "Sandbox not found");
    }
    let anonymous = server
        .send(
            server
                .request(reqwest::Method::PATCH, &e2e, None)
                .json(&later),
        )
        .await;
    anonymous.assert_error(401, "Not authenticated");

    // Access: an external editor changes expiry and metadata, not protection.
    let load_test = server.find(tokens::ADMIN_2, "cust_1024", "load-test").await;
    assert_eq!(load_test["access"], "editor");
    let load_test = format!("{LIST}/{}", id(&load_test));
    let extended = server
        .patch(&load_test, tokens::ADMIN_2, later.clone())
        .await;
    assert_eq!(extended.status, 200, "{}", extended.text);
    let edited = server
        .patch(
            &load_test,
            tokens::ADMIN_2,
            json!({"metadata": {"by": "hedy"}}),
        )
        .await;
    assert_eq!(edited.json["metadata"], json!({"by": "hedy"}));
    for protected in [true, false] {
        server
            .patch(&load_test, tokens::ADMIN_2, json!({"protected": protected}))
            .await
            .assert_error(403, "Only an owner can protect or unprotect a sandbox");
    }
    // An external viewer may not patch at all.
    let perf = server
        .find(tokens::ADMIN_2, "cust_2048", "perf-baseline")
        .await;
    assert_eq!(perf["access"], "viewer");
    server
        .patch(
            &format!("{LIST}/{}", id(&perf)),
            tokens::ADMIN_2,
            later.clone(),
        )
        .await
        .assert_error(403, "Missing permission: sandboxes:update");
    // Owners: the account's admin, and its token acting in its sandbox.
    let scoped = server.find(tokens::ADMIN, "cust_4711", "scoped-demo").await;
    let scoped = server
        .patch(
            &format!("{LIST}/{}", id(&scoped)),
            tokens::SANDBOX,
            json!({"protected": true}),
        )
        .await;
    assert_eq!(scoped.json["protected"], true, "{}", scoped.text);
    let owner = server
        .patch(&load_test, tokens::ADMIN, json!({"protected": true}))
        .await;
    assert_eq!(owner.json["protected"], true, "{}", owner.text);
}

#[tokio::test]
async fn me_lists_sandboxes_update_for_admins_only() {
    let server = Server::demo();
    for (token, listed) in [
        (tokens::ADMIN, true),
        (tokens::ADMIN_2, true),
        (tokens::SANDBOX, true),
        (tokens::VIEWER, false),
        (tokens::SUPPORT, false),
    ] {
        let me = server.get(ME_PATH, token).await.json;
        let permissions = me["permissions"].as_array().unwrap();
        assert_eq!(
            permissions.contains(&json!("sandboxes:update")),
            listed,
            "{token}: {me}"
        );
    }
}

#[tokio::test]
async fn patch_works_in_every_status() {
    let dir = TempDir::new().unwrap();
    let args = [&["--demo", "--provision-ms", "60000"], &FAST[2..]].concat();
    let server = Server::spawn(&dir.path().join("db"), &args, &[]);
    for status in ["provisioning", "failed"] {
        let sandbox = acme_sandbox(&server, &format!("status={status}")).await;
        let at = in_ms(2 * DAY_MS);
        let patched = server
            .patch(
                &format!("{LIST}/{}", id(&sandbox)),
                tokens::ADMIN,
                json!({"expires_at": at, "protected": true}),
            )
            .await;
        assert_eq!(patched.status, 200, "{status}: {}", patched.text);
        assert_eq!(
            (
                patched.json["status"].as_str(),
                patched.json["expires_at"].as_str()
            ),
            (Some(status), Some(at.as_str()))
        );
    }
}
