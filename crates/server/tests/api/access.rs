//! Who may see and do what: roles, per-sandbox access, external members,
//! the sandbox-scoped token.

use serde_json::json;

use crate::common::{id, Server};
use sandbox_api::demo::tokens;
use sandbox_api::{ME_PATH, SANDBOXES_PATH as LIST};

#[tokio::test]
async fn no_or_unknown_token_is_401() {
    let server = Server::demo();
    for token in [None, Some("nope")] {
        let response = server
            .send(server.request(reqwest::Method::GET, ME_PATH, token))
            .await;
        assert_eq!(
            (response.status, response.json.clone()),
            (401, json!({"detail": "Not authenticated"}))
        );
    }
    let basic = server
        .send(
            server
                .request(reqwest::Method::GET, LIST, None)
                .header("Authorization", "Basic ZGVtbzp4"),
        )
        .await;
    assert_eq!(basic.status, 401);
    // 401 comes before any validation of the body.
    let create = server
        .send(
            server
                .request(reqwest::Method::POST, LIST, None)
                .body("not json"),
        )
        .await;
    assert_eq!(create.status, 401);
}

#[tokio::test]
async fn me_describes_each_demo_principal() {
    let server = Server::demo();
    let all = [
        "sandboxes:read",
        "sandboxes:create",
        "sandboxes:refresh",
        "sandboxes:delete",
        "sandboxes:members",
        "apps:push",
        "sources:write",
        "sandboxes:update",
    ];
    let admin = server.get(ME_PATH, tokens::ADMIN).await.json;
    assert_eq!(admin["email"], "ada@acme.test");
    assert_eq!(admin["role"], "admin");
    assert_eq!(
        admin["account"],
        json!({"id": "acct_demo_acme", "name": "Acme Production"})
    );
    assert!(admin["acting_in_sandbox"].is_null());
    assert_eq!(admin["permissions"], json!(all));
    assert!(admin["principal_id"].as_str().unwrap().starts_with("prn_"));

    let support = server.get(ME_PATH, tokens::SUPPORT).await.json;
    assert_eq!(
        (support["role"].as_str(), support["account"].is_null()),
        (Some("support"), true)
    );
    assert_eq!(support["permissions"], json!(["sandboxes:read"]));
    let viewer = server.get(ME_PATH, tokens::VIEWER).await.json;
    assert_eq!(
        (viewer["role"].as_str(), viewer["permissions"].clone()),
        (Some("viewer"), json!(["sandboxes:read"]))
    );
    assert_eq!(
        server.get(ME_PATH, tokens::ADMIN_2).await.json["account"]["name"],
        "Globex Corporation"
    );
    assert_eq!(
        server.get(ME_PATH, tokens::ADMIN_3).await.json["account"]["name"],
        "Initech"
    );

    let scoped = server.get(ME_PATH, tokens::SANDBOX).await.json;
    let scoped_sandbox = server.find(tokens::ADMIN, "cust_4711", "scoped-demo").await;
    assert_eq!(scoped["acting_in_sandbox"], scoped_sandbox["sandbox_id"]);
    assert!(!scoped["permissions"]
        .as_array()
        .unwrap()
        .contains(&json!("sandboxes:create")));
}

#[tokio::test]
async fn tenants_see_only_their_own_and_shared_sandboxes() {
    let server = Server::demo();
    let globex = server
        .get(&format!("{LIST}?limit=200"), tokens::ADMIN_2)
        .await;
    assert_eq!(globex.header("x-total-count"), Some("23"));
    let external: Vec<(String, String)> = globex
        .json
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["is_external"] == true)
        .map(|s| {
            (
                s["name"].as_str().unwrap().into(),
                s["access"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(external.len(), 3);
    assert!(external.contains(&("perf-baseline".into(), "viewer".into())));
    assert!(
        external
            .iter()
            .filter(|(_, access)| access == "editor")
            .count()
            == 2
    );
    // The owner filter is per account: Globex's cust_4711 is not Acme's.
    let globex_4711 = server
        .get(&format!("{LIST}?owner_id=cust_4711"), tokens::ADMIN_2)
        .await;
    assert_eq!(globex_4711.header("x-total-count"), Some("2"));

    let acme_sandbox = server.e2e(1).await;
    let hidden = server
        .get(&format!("{LIST}/{acme_sandbox}"), tokens::ADMIN_3)
        .await;
    hidden.assert_error(404, "Sandbox not found");
    for path in ["/users", "/apps", "/sources"] {
        assert_eq!(
            server
                .get(&format!("{LIST}/{acme_sandbox}{path}"), tokens::ADMIN_3)
                .await
                .status,
            404
        );
    }
    assert_eq!(
        server
            .delete(&format!("{LIST}/{acme_sandbox}"), tokens::ADMIN_3)
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn external_editor_may_edit_but_not_delete_or_manage_members() {
    let server = Server::demo();
    let shared = server.find(tokens::ADMIN_2, "cust_1024", "load-test").await;
    assert_eq!(
        (shared["access"].as_str(), shared["is_external"].as_bool()),
        (Some("editor"), Some(true))
    );
    let path = format!("{LIST}/{}", id(&shared));
    assert_eq!(
        server.get(&path, tokens::ADMIN_2).await.json["access"],
        "editor"
    );

    let source = server
        .post(
            &format!("{path}/sources"),
            tokens::ADMIN_2,
            json!({"provider": "github", "name": "from-globex"}),
        )
        .await;
    assert_eq!(source.status, 201, "{}", source.text);
    let apps = server
        .get(&format!("{path}/apps"), tokens::ADMIN_2)
        .await
        .json;
    let app = apps[0]["app_name"].as_str().unwrap();
    assert_eq!(
        server
            .post_empty(
                &format!("{path}/apps/{app}/push?target=qa"),
                tokens::ADMIN_2
            )
            .await
            .status,
        200
    );

    let members = server
        .post(
            &format!("{path}/users"),
            tokens::ADMIN_2,
            json!({"users": [{"email": "a@b.co"}]}),
        )
        .await;
    members.assert_error(403, "Missing permission: sandboxes:members");
    let delete = server.delete(&path, tokens::ADMIN_2).await;
    delete.assert_error(403, "Missing permission: sandboxes:delete");
    let refresh = server
        .post_empty(&format!("{path}/refresh"), tokens::ADMIN_2)
        .await;
    assert_eq!(refresh.status, 200);
}

#[tokio::test]
async fn external_viewer_may_only_read() {
    let server = Server::demo();
    let shared = server
        .find(tokens::ADMIN_2, "cust_2048", "perf-baseline")
        .await;
    let path = format!("{LIST}/{}", id(&shared));
    assert_eq!(
        server
            .get(&format!("{path}/users"), tokens::ADMIN_2)
            .await
            .status,
        200
    );
    let refresh = server
        .post_empty(&format!("{path}/refresh"), tokens::ADMIN_2)
        .await;
    refresh.assert_error(403, "Missing permission: sandboxes:refresh");
    let source = server
        .post(
            &format!("{path}/sources"),
            tokens::ADMIN_2,
            json!({"provider": "github", "name": "x"}),
        )
        .await;
    source.assert_error(403, "Missing permission: sources:write");
    let push = server
        .post_empty(&format!("{path}/apps/crm/push"), tokens::ADMIN_2)
        .await;
    push.assert_error(403, "Missing permission: apps:push");
}

#[tokio::test]
async fn viewer_and_support_read_but_never_write() {
    let server = Server::demo();
    let sandbox_id = server.e2e(2).await;
    let path = format!("{LIST}/{sandbox_id}");
    for token in [tokens::VIEWER, tokens::SUPPORT] {
        let sandbox = server.get(&path, token).await;
        assert_eq!(
            (sandbox.status, sandbox.json["access"].as_str()),
            (200, Some("viewer"))
        );
        assert_eq!(sandbox.json["is_external"], false);
        for read in ["/users", "/apps", "/sources"] {
            assert_eq!(
                server.get(&format!("{path}{read}"), token).await.status,
                200
            );
        }
        let writes = [
            (
                server
                    .post(LIST, token, json!({"name": "n", "owner_id": "o"}))
                    .await,
                "sandboxes:create",
            ),
            (
                server.post_empty(&format!("{path}/refresh"), token).await,
                "sandboxes:refresh",
            ),
            (server.delete(&path, token).await, "sandboxes:delete"),
            (
                server
                    .post(
                        &format!("{path}/users"),
                        token,
                        json!({"users": [{"email": "a@b.co"}]}),
                    )
                    .await,
                "sandboxes:members",
            ),
            (
                server
                    .delete_json(
                        &format!("{path}/users"),
                        token,
                        json!({"users": [{"email": "a@b.co"}]}),
                    )
                    .await,
                "sandboxes:members",
            ),
            (
                server
                    .post_empty(&format!("{path}/apps/crm/push"), token)
                    .await,
                "apps:push",
            ),
            (
                server
                    .post(
                        &format!("{path}/sources"),
                        token,
                        json!({"provider": "x", "name": "y"}),
                    )
                    .await,
                "sources:write",
            ),
        ];
        for (response, permission) in writes {
            assert_eq!(
                response.status, 403,
                "{token} {permission}: {}",
                response.text
            );
            assert_eq!(
                response.json,
                json!({"detail": format!("Missing permission: {permission}")})
            );
        }
    }
    // The viewer's role caps its access even where it is an editor member.
    let member = server
        .find(tokens::VIEWER, "cust_3141", "sso-migration")
        .await;
    assert_eq!(member["access"], "editor");
    let refresh = server
        .post_empty(&format!("{LIST}/{}/refresh", id(&member)), tokens::VIEWER)
        .await;
    assert_eq!(refresh.status, 403);
}

#[tokio::test]
async fn support_sees_every_tenant_and_filters_by_user_id() {
    let server = Server::demo();
    let all = server
        .get(&format!("{LIST}?limit=1"), tokens::SUPPORT)
        .await;
    assert_eq!(all.header("x-total-count"), Some("92"));
    let initech = server
        .get(
            &format!("{LIST}?user_id=acct_demo_initech&limit=200"),
            tokens::SUPPORT,
        )
        .await;
    assert_eq!(initech.header("x-total-count"), Some("10"));
    assert!(initech
        .json
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["user_id"] == "acct_demo_initech" && s["access"] == "viewer"));
    let forbidden = server
        .get(&format!("{LIST}?user_id=acct_demo_initech"), tokens::ADMIN)
        .await;
    forbidden.assert_error(403, "The user_id filter is available to support only");
}

#[tokio::test]
async fn scoped_token_sees_one_sandbox_and_cannot_create() {
    let server = Server::demo();
    let scoped = server.get(ME_PATH, tokens::SANDBOX).await.json;
    let sandbox_id = scoped["acting_in_sandbox"].as_str().unwrap().to_string();
    let list = server.get(LIST, tokens::SANDBOX).await;
    assert_eq!(list.header("x-total-count"), Some("1"));
    assert_eq!(list.json[0]["sandbox_id"], sandbox_id.as_str());
    assert_eq!(list.json[0]["access"], "owner");
    let other = server.e2e(3).await;
    assert_eq!(
        server
            .get(&format!("{LIST}/{other}"), tokens::SANDBOX)
            .await
            .status,
        404
    );

    let create = server
        .post(LIST, tokens::SANDBOX, json!({"name": "n", "owner_id": "o"}))
        .await;
    assert_eq!(create.status, 403);
    assert_eq!(
        create.json,
        json!({"detail": "Sandboxes cannot be created while acting in a sandbox"})
    );
    // Inside its sandbox it acts with its role.
    let path = format!("{LIST}/{sandbox_id}");
    let members = server
        .post(
            &format!("{path}/users"),
            tokens::SANDBOX,
            json!({"users": [{"email": "new@acme.test"}]}),
        )
        .await;
    assert_eq!(members.status, 200);
}

#[tokio::test]
async fn member_owner_from_the_own_account_has_owner_access() {
    let server = Server::demo();
    let sandbox_id = server.e2e(4).await;
    let path = format!("{LIST}/{sandbox_id}");
    // Hedy (Globex admin) becomes an owner member of an Acme sandbox: full access there.
    let added = server
        .post(
            &format!("{path}/users"),
            tokens::ADMIN,
            json!({"users": [{"email": "hedy@globex.test", "role": "owner"}]}),
        )
        .await;
    assert_eq!(added.status, 200);
    assert_eq!(
        server.get(&path, tokens::ADMIN_2).await.json["access"],
        "owner"
    );
    let remove = server
        .delete_json(
            &format!("{path}/users"),
            tokens::ADMIN_2,
            json!({"users": [{"email": "ada@acme.test"}]}),
        )
        .await;
    assert_eq!(remove.status, 200);
    assert_eq!(server.delete(&path, tokens::ADMIN_2).await.status, 200);
}
