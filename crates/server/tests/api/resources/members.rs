//! Members: adding, updating and removing, the last owner, the tier's
//! member limit and request validation.

use serde_json::json;

use super::LIST;
use crate::common::Server;
use sandbox_api::demo::tokens;

#[tokio::test]
async fn members_are_added_updated_and_removed() {
    let server = Server::demo();
    let path = format!("{LIST}/{}/users", server.e2e(1).await);
    let before = server.get(&path, tokens::ADMIN).await.json;
    assert_eq!(before.as_array().unwrap().len(), 1);

    let added = server
        .post(&path, tokens::ADMIN, json!({"users": [{"email": "Bob@Acme.test", "role": "editor"}, {"email": "cy@acme.test"}, {"email": "ada@acme.test", "role": "owner"}]}))
        .await;
    assert_eq!(added.status, 200, "{}", added.text);
    let body = &added.json;
    assert_eq!(body["sandbox_id"], path.split('/').nth(5).unwrap());
    assert_eq!(body["added"].as_array().unwrap().len(), 2);
    assert_eq!(body["added"][0]["email"], "bob@acme.test");
    assert_eq!(body["added"][0]["role"], "editor");
    assert_eq!(body["added"][0]["origin"], "added");
    assert_eq!(
        body["added"][1]["role"], "viewer",
        "role defaults to viewer"
    );
    assert_eq!(body["unchanged"][0]["email"], "ada@acme.test");
    assert_eq!(body["updated"], json!([]));

    let updated = server
        .post(
            &path,
            tokens::ADMIN,
            json!({"users": [{"email": "cy@acme.test", "role": "owner"}]}),
        )
        .await;
    assert_eq!(updated.json["updated"][0]["role"], "owner");
    let list = server.get(&path, tokens::ADMIN).await.json;
    let emails: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["email"].as_str().unwrap())
        .collect();
    assert_eq!(emails, ["ada@acme.test", "bob@acme.test", "cy@acme.test"]);

    let removed = server.delete_json(&path, tokens::ADMIN, json!({"users": [{"email": "bob@acme.test", "role": "owner"}, {"email": "zed@acme.test"}]})).await;
    assert_eq!(
        removed.json,
        json!({"sandbox_id": body["sandbox_id"], "removed": ["bob@acme.test"], "not_found": ["zed@acme.test"]})
    );
}

#[tokio::test]
async fn the_last_owner_stays() {
    let server = Server::demo();
    let path = format!("{LIST}/{}/users", server.e2e(2).await);
    server
        .post(
            &path,
            tokens::ADMIN,
            json!({"users": [{"email": "bob@acme.test", "role": "editor"}]}),
        )
        .await;
    let remove = server
        .delete_json(
            &path,
            tokens::ADMIN,
            json!({"users": [{"email": "ada@acme.test"}, {"email": "bob@acme.test"}]}),
        )
        .await;
    remove.assert_error(409, "A sandbox must keep at least one owner");
    let demote = server
        .post(
            &path,
            tokens::ADMIN,
            json!({"users": [{"email": "ada@acme.test", "role": "viewer"}]}),
        )
        .await;
    assert_eq!(demote.status, 409);
    assert_eq!(
        server
            .get(&path, tokens::ADMIN)
            .await
            .json
            .as_array()
            .unwrap()
            .len(),
        2,
        "nothing removed"
    );
}

#[tokio::test]
async fn member_limit_of_the_tier() {
    let server = Server::demo();
    let path = format!("{LIST}/{}/users", server.e2e(3).await);
    let users: Vec<_> = (0..5)
        .map(|i| json!({"email": format!("u{i}@acme.test")}))
        .collect();
    let over = server
        .post(&path, tokens::ADMIN, json!({ "users": users }))
        .await;
    assert_eq!(over.status, 409);
    assert_eq!(
        over.detail(),
        "Member limit reached: this sandbox's tier allows 5 members (it has 1)"
    );
    let fits = server
        .post(&path, tokens::ADMIN, json!({ "users": users[..4] }))
        .await;
    assert_eq!(fits.status, 200);
    // Changing a role needs no room.
    let role = server
        .post(
            &path,
            tokens::ADMIN,
            json!({"users": [{"email": "u0@acme.test", "role": "editor"}]}),
        )
        .await;
    assert_eq!(role.status, 200);
}

#[tokio::test]
async fn member_requests_are_validated() {
    let server = Server::demo();
    let path = format!("{LIST}/{}/users", server.e2e(1).await);
    let empty = server
        .post(&path, tokens::ADMIN, json!({"users": []}))
        .await;
    assert_eq!(
        (empty.status, empty.locs()),
        (422, vec!["body.users".to_string()])
    );
    assert_eq!(empty.json["detail"][0]["type"], "too_short");
    let bad = server
        .post(
            &path,
            tokens::ADMIN,
            json!({"users": [{"email": "nope"}, {"email": "a@b.co"}, {"email": "A@b.co"}]}),
        )
        .await;
    assert_eq!(bad.locs(), ["body.users.0.email", "body.users.2.email"]);
    assert_eq!(bad.json["detail"][0]["type"], "value_error");
    let shape = server
        .post(
            &path,
            tokens::ADMIN,
            json!({"users": [{"role": "boss"}, 7]}),
        )
        .await;
    assert_eq!(
        shape.locs(),
        ["body.users.0.email", "body.users.0.role", "body.users.1"]
    );
    let many: Vec<_> = (0..101)
        .map(|i| json!({"email": format!("u{i}@acme.test")}))
        .collect();
    let too_many = server
        .delete_json(&path, tokens::ADMIN, json!({ "users": many }))
        .await;
    assert_eq!(too_many.json["detail"][0]["type"], "too_long");
    let unknown = server
        .post(
            &format!("{LIST}/sbx_nope/users"),
            tokens::ADMIN,
            json!({"users": [{"email": "a@b.co"}]}),
        )
        .await;
    assert_eq!(unknown.status, 404);
}
