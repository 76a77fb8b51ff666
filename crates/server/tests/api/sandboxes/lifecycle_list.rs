//! The list's lifecycle parameters (v1.1): `expires_before`, `protected`
//! and `sort=expires_at|-expires_at` (never-expiring last either way), with
//! totals, links and paging; and the demo's believable expiries.

use serde_json::Value;

use super::{in_ms, LIST};
use crate::common::{id, Server};
use sandbox_api::demo::tokens;
use sandbox_api::DAY_MS;

/// Every sandbox `token` sees with `query`, all pages of 200.
async fn everything(server: &Server, token: &str, query: &str) -> Vec<Value> {
    let page = server
        .get(&format!("{LIST}?{query}&limit=200"), token)
        .await;
    assert_eq!(page.status, 200, "{query}: {}", page.text);
    page.json.as_array().unwrap().clone()
}

fn expiries(sandboxes: &[Value]) -> Vec<Option<&str>> {
    sandboxes.iter().map(|s| s["expires_at"].as_str()).collect()
}

#[tokio::test]
async fn sorts_by_expiry_with_never_expiring_last_both_ways() {
    let server = Server::demo();
    for token in [tokens::SUPPORT, tokens::ADMIN, tokens::ADMIN_2] {
        let soonest = everything(&server, token, "sort=expires_at").await;
        let latest = everything(&server, token, "sort=-expires_at").await;
        let (dated, never): (Vec<_>, Vec<_>) =
            expiries(&soonest).into_iter().partition(Option::is_some);
        assert!(
            !dated.is_empty() && !never.is_empty(),
            "{token}: both kinds"
        );
        assert_eq!(
            expiries(&soonest),
            [dated.clone(), never.clone()].concat(),
            "{token}: never-expiring last"
        );
        assert!(dated.is_sorted(), "{token}: soonest first");
        let mut descending = dated.clone();
        descending.reverse();
        assert_eq!(
            expiries(&latest)[..dated.len()]
                .iter()
                .map(|at| at.map(str::to_owned))
                .collect::<Vec<_>>(),
            descending
                .iter()
                .map(|at| at.map(str::to_owned))
                .collect::<Vec<_>>(),
            "{token}: latest first"
        );
        assert!(expiries(&latest)[dated.len()..].iter().all(Option::is_none));
    }
    // Pages of an expiry sort neither overlap nor skip (ties broken by insertion).
    let all = everything(&server, tokens::ADMIN, "sort=expires_at").await;
    let mut paged = Vec::new();
    for offset in (0..all.len()).step_by(7) {
        let page = server
            .get(
                &format!("{LIST}?sort=expires_at&limit=7&offset={offset}"),
                tokens::ADMIN,
            )
            .await;
        paged.extend(page.json.as_array().unwrap().iter().map(id));
    }
    assert_eq!(paged, all.iter().map(id).collect::<Vec<_>>());
}

#[tokio::test]
async fn filters_by_expiry_and_protection_with_totals_and_links() {
    let server = Server::demo();
    let all = everything(&server, tokens::SUPPORT, "").await;
    let within_a_day = in_ms(DAY_MS);
    let soon: Vec<String> = all
        .iter()
        .filter(|s| {
            s["expires_at"]
                .as_str()
                .is_some_and(|at| at < within_a_day.as_str())
        })
        .map(id)
        .collect();
    assert!(
        !soon.is_empty(),
        "the demo has sandboxes expiring within a day"
    );
    let filtered = server
        .get(
            &format!("{LIST}?expires_before={within_a_day}&sort=expires_at&limit=200"),
            tokens::SUPPORT,
        )
        .await;
    let mut found = filtered
        .json
        .as_array()
        .unwrap()
        .iter()
        .map(id)
        .collect::<Vec<_>>();
    found.sort();
    let mut expected = soon.clone();
    expected.sort();
    assert_eq!(found, expected);
    assert_eq!(
        filtered.header("x-total-count"),
        Some(soon.len().to_string().as_str())
    );

    // Counted with the other filters too, where the counts table cannot help.
    let free_unprotected = everything(&server, tokens::ADMIN, "")
        .await
        .iter()
        .filter(|s| s["tier"] == "free" && s["protected"] == false)
        .count();
    let page = server
        .get(
            &format!("{LIST}?tier=free&protected=false&limit=2"),
            tokens::ADMIN,
        )
        .await;
    assert_eq!(
        page.header("x-total-count"),
        Some(free_unprotected.to_string().as_str())
    );
    assert_eq!(
        page.header("link"),
        Some(
            "</api/v1/storage/sandboxes?tier=free&protected=false&limit=2&offset=2>; rel=\"next\""
        )
    );
    let protected = server
        .get(&format!("{LIST}?protected=true"), tokens::ADMIN)
        .await;
    assert_eq!(protected.header("x-total-count"), Some("1"));
    let linked = server
        .get(
            &format!("{LIST}?expires_before=2030-01-01T00:00:00%2B01:00&limit=1"),
            tokens::ADMIN,
        )
        .await;
    assert!(
        linked
            .header("link")
            .is_some_and(|link| link.contains("expires_before=2029-12-31T23%3A00%3A00Z")),
        "{:?}",
        linked.header("link")
    );
    // Never-expiring sandboxes never match a time.
    assert!(linked
        .json
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["expires_at"].is_string()));
}

#[tokio::test]
async fn bad_lifecycle_parameters_are_422_at_their_names() {
    let server = Server::demo();
    let refused = server
        .get(
            &format!("{LIST}?expires_before=soon&protected=yes&sort=expiry"),
            tokens::ADMIN,
        )
        .await;
    assert_eq!(refused.status, 422, "{}", refused.text);
    assert_eq!(
        refused.locs(),
        ["query.expires_before", "query.protected", "query.sort"]
    );
}

#[tokio::test]
async fn the_demos_expiries_are_believable() {
    let server = Server::demo();
    let all = everything(&server, tokens::SUPPORT, "").await;
    assert_eq!(all.len(), 92);
    let (in_6_hours, in_24, in_72) = (in_ms(DAY_MS / 4), in_ms(DAY_MS), in_ms(3 * DAY_MS));
    let mut within_24 = 0;
    let mut within_72 = 0;
    for sandbox in &all {
        match (sandbox["tier"].as_str(), sandbox["expires_at"].as_str()) {
            (Some("enterprise"), at) => assert_eq!(at, None, "{sandbox}"),
            (Some(tier), Some(at)) => {
                let lifetime = if tier == "free" { 7 } else { 30 };
                assert!(
                    at > in_6_hours.as_str(),
                    "nothing expires in a test run: {sandbox}"
                );
                assert!(at <= in_ms(lifetime * DAY_MS).as_str(), "{sandbox}");
                within_24 += usize::from(at < in_24.as_str());
                within_72 += usize::from(at < in_72.as_str());
            }
            _ => panic!("no expiry: {sandbox}"),
        }
    }
    assert!(
        within_24 >= 3 && within_72 >= within_24 + 3,
        "{within_24} {within_72}"
    );
    // The predictable ones: e2e-NN were made 2 days ago with the default.
    let e2e = server.find(tokens::ADMIN, "cust_e2e", "e2e-01").await;
    let left = sandbox_api::parse_timestamp_ms(e2e["expires_at"].as_str().unwrap()).unwrap()
        - super::now_ms();
    assert!((4 * DAY_MS..=5 * DAY_MS + 120_000).contains(&left), "{e2e}");
}
