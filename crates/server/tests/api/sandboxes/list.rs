//! `GET` of the list: owner, status, tier and search filters, sorting,
//! totals and links, the 422s of bad parameters, `include=owner_account`.

use serde_json::json;

use super::LIST;
use crate::common::{id, Server};
use sandbox_api::demo::tokens;

#[tokio::test]
async fn list_filters_by_owner_with_total_and_links() {
    let server = Server::demo();
    let page = server
        .get(&format!("{LIST}?owner_id=cust_4711&limit=5"), tokens::ADMIN)
        .await;
    assert_eq!(page.status, 200);
    assert_eq!(page.header("x-total-count"), Some("14"));
    assert_eq!(page.json.as_array().unwrap().len(), 5);
    assert!(page
        .json
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["owner_id"] == "cust_4711" && s["user_id"] == "acct_demo_acme"));
    assert_eq!(
        page.header("link"),
        Some("</api/v1/storage/sandboxes?owner_id=cust_4711&limit=5&offset=5>; rel=\"next\"")
    );

    let last = server
        .get(
            &format!("{LIST}?owner_id=cust_4711&limit=5&offset=10"),
            tokens::ADMIN,
        )
        .await;
    assert_eq!(last.json.as_array().unwrap().len(), 4);
    assert_eq!(
        last.header("link"),
        Some("</api/v1/storage/sandboxes?owner_id=cust_4711&limit=5&offset=5>; rel=\"prev\"")
    );

    // Pages never overlap: all 14 ids, each once.
    let mut ids = Vec::new();
    for offset in [0, 5, 10] {
        let page = server
            .get(
                &format!("{LIST}?owner_id=cust_4711&limit=5&offset={offset}"),
                tokens::ADMIN,
            )
            .await;
        ids.extend(page.json.as_array().unwrap().iter().map(id));
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 14);
}

#[tokio::test]
async fn list_defaults_to_50_newest_first() {
    let server = Server::demo();
    let page = server.get(LIST, tokens::ADMIN).await;
    assert_eq!(page.header("x-total-count"), Some("62"));
    let items = page.json.as_array().unwrap();
    assert_eq!(items.len(), 50);
    let created: Vec<&str> = items
        .iter()
        .map(|s| s["created_at"].as_str().unwrap())
        .collect();
    assert!(created.windows(2).all(|w| w[0] >= w[1]), "not newest first");
    assert!(page
        .header("link")
        .unwrap()
        .contains("offset=50>; rel=\"next\""));
    // access and owner_account are per caller / per request.
    assert!(items.iter().all(|s| s["access"] == "owner"
        && s["is_external"] == false
        && s["owner_account"].is_null()));
}

#[tokio::test]
async fn list_filters_status_tier_q_and_sorts() {
    let server = Server::demo();
    for status in ["active", "failed"] {
        let page = server
            .get(&format!("{LIST}?status={status}&limit=200"), tokens::ADMIN)
            .await;
        assert!(page
            .json
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["status"] == status));
        assert!(!page.json.as_array().unwrap().is_empty());
    }
    let pro = server
        .get(&format!("{LIST}?tier=pro&limit=200"), tokens::ADMIN)
        .await;
    assert!(pro
        .json
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["tier"] == "pro"));

    // q: case-insensitive substring of name or owner_id.
    let q = server
        .get(&format!("{LIST}?q=E2E-0&limit=200"), tokens::ADMIN)
        .await;
    assert_eq!(q.header("x-total-count"), Some("9"));
    let by_owner = server
        .get(&format!("{LIST}?q=payments&limit=200"), tokens::ADMIN)
        .await;
    assert!(by_owner
        .json
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["owner_id"] == "team_payments"));
    let wildcard = server.get(&format!("{LIST}?q=%25"), tokens::ADMIN).await;
    assert_eq!(
        wildcard.header("x-total-count"),
        Some("0"),
        "% is matched literally"
    );

    let by_name = server
        .get(
            &format!("{LIST}?owner_id=cust_e2e&sort=name"),
            tokens::ADMIN,
        )
        .await;
    let names = by_name.strings("name");
    assert_eq!(names.first(), Some(&"e2e-01"));
    assert_eq!(names.last(), Some(&"e2e-10"));
    let desc = server
        .get(
            &format!("{LIST}?owner_id=cust_e2e&sort=-name&limit=1"),
            tokens::ADMIN,
        )
        .await;
    assert_eq!(desc.json[0]["name"], "e2e-10");
    let by_status = server
        .get(&format!("{LIST}?sort=status&limit=200"), tokens::ADMIN)
        .await;
    let statuses = by_status.strings("status");
    assert!(statuses.windows(2).all(|w| w[0] <= w[1]));
    let oldest = server
        .get(&format!("{LIST}?sort=created_at&limit=200"), tokens::ADMIN)
        .await;
    let created = oldest.strings("created_at");
    assert!(created.windows(2).all(|w| w[0] <= w[1]));
}

#[tokio::test]
async fn list_rejects_bad_parameters_with_query_locs() {
    let server = Server::demo();
    let bad = server
        .get(
            &format!("{LIST}?limit=0&status=gone&sort=size&offset=-1&tier=gold&include[]=x"),
            tokens::ADMIN,
        )
        .await;
    assert_eq!(bad.status, 422);
    assert_eq!(
        bad.locs(),
        [
            "query.include[]",
            "query.limit",
            "query.status",
            "query.sort",
            "query.offset",
            "query.tier"
        ]
    );
    let too_big = server
        .get(&format!("{LIST}?limit=201"), tokens::ADMIN)
        .await;
    assert_eq!(
        (too_big.status, too_big.json["detail"][0]["type"].as_str()),
        (422, Some("less_than_equal"))
    );
}

#[tokio::test]
async fn include_owner_account_expands_in_list_get_and_create() {
    let server = Server::demo();
    for query in ["include[]=owner_account", "include%5B%5D=owner_account"] {
        let page = server
            .get(
                &format!("{LIST}?owner_id=cust_e2e&limit=2&{query}"),
                tokens::ADMIN,
            )
            .await;
        let account = &page.json[0]["owner_account"];
        assert_eq!(account["id"], "acct_demo_acme");
        assert_eq!(account["object"], "account");
        assert_eq!(account["name"], "Acme Production");
        assert!(account["created_at"].is_string() && account["updated_at"].is_string());
        assert!(page
            .header("link")
            .unwrap()
            .contains("include%5B%5D=owner_account"));
    }
    let sandbox_id = server.e2e(1).await;
    let one = server
        .get(
            &format!("{LIST}/{sandbox_id}?include[]=owner_account"),
            tokens::ADMIN,
        )
        .await;
    assert_eq!(one.json["owner_account"]["name"], "Acme Production");
    let created = server
        .post(
            &format!("{LIST}?include[]=owner_account"),
            tokens::ADMIN,
            json!({"name": "x", "owner_id": "o"}),
        )
        .await;
    assert_eq!(created.json["owner_account"]["id"], "acct_demo_acme");
}
