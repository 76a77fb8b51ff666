//! Extend expiry and Protect / Unprotect on the selection (contract
//! v1.1's `PATCH`), and a v1.0 server, whose list offers neither.

use sandbox_api::{format_timestamp_ms, parse_timestamp_ms, DAY_MS};
use serde_json::{json, Value};
use wasm_bindgen_test::*;

use super::{confirm_on_page, rows_with, settled, written_ids};
use crate::selection::{list_rule, mount_list, rows};
use crate::support::*;

fn in_days(days: i64) -> String {
    format_timestamp_ms(js_sys::Date::now() as i64 + days * DAY_MS)
}

/// Every `PATCH` answered with a v1.1 sandbox.
fn patches_succeed() -> Value {
    let mut body = sandbox_json("x", "cust_sel", "active", "owner");
    body["expires_at"] = json!(in_days(30));
    body["protected"] = json!(false);
    json!({"method": "PATCH", "contains": "/sbx_", "status": 200, "body": body})
}

/// v1.1 rows: `expires[i]` days from now (`None` = never), protected where `protected[i]`.
fn lifecycle_rows(prefix: &str, expires: &[Option<i64>], protected: &[bool]) -> Value {
    rows_with(prefix, expires.len(), |index, row| {
        row["expires_at"] = json!(expires[index].map(in_days));
        row["protected"] = json!(protected[index]);
    })
}

#[wasm_bindgen_test]
async fn extend_moves_each_expiry_by_the_chosen_days_within_the_90_day_rule() {
    let _page = PageLock::acquire().await;
    // Past 90 days after 30 more: e-01; never expires: e-02.
    let body = lifecycle_rows("e", &[Some(5), Some(80), None, Some(1)], &[false; 4]);
    let _mounted = confirm_on_page(body, vec![patches_succeed()], "bulk-extend").await;
    assert_eq!(
        text_of("[data-testid=bulk-acts-on]"),
        "3 sandboxes will be kept 7 days longer."
    );
    assert_eq!(
        texts("[data-testid=bulk-skip-reason]"),
        ["It never expires."]
    );

    element("[data-testid=bulk-extend-30]").click();
    wait_until("the plan for 30 days", || {
        text_of("[data-testid=bulk-acts-on]") == "2 sandboxes will be kept 30 days longer."
    })
    .await;
    let reasons = texts("[data-testid=bulk-skip-reason]");
    assert_eq!(reasons.len(), 2, "{reasons:?}");
    assert!(reasons[0].contains("the latest allowed is"), "{reasons:?}");
    assert_eq!(
        texts("[data-testid=bulk-skip-names]"),
        ["e-01 \u{b7} cust_sel", "e-02 \u{b7} cust_sel"]
    );

    element("[data-testid=bulk-confirm]").click();
    settled().await;
    assert_eq!(written_ids(), ["sbx_e-00", "sbx_e-03"]);
    let sent: Vec<i64> = writes()
        .iter()
        .map(|request| {
            assert_eq!(request.method, "PATCH");
            let body = request.json();
            assert_eq!(
                body.as_object().unwrap().len(),
                1,
                "only the expiry: {body}"
            );
            parse_timestamp_ms(body["expires_at"].as_str().unwrap()).unwrap()
        })
        .collect();
    // 30 days after each one's own expiry (5 and 1 days from now).
    let now = js_sys::Date::now() as i64;
    for (sent, from_now) in sent.iter().zip([35, 31]) {
        let off = (sent - (now + from_now * DAY_MS)).abs();
        assert!(off < 60_000, "{sent} is not {from_now} days from now");
    }
}

#[wasm_bindgen_test]
async fn protect_and_unprotect_skip_what_is_already_so_and_need_owner_access() {
    let _page = PageLock::acquire().await;
    let body = rows_with("p", 4, |index, row| {
        row["expires_at"] = json!(if index == 3 { in_days(-1) } else { in_days(3) });
        row["protected"] = json!(index >= 2);
        if index == 1 {
            row["access"] = json!("editor");
        }
    });
    let _mounted = confirm_on_page(body, vec![patches_succeed()], "bulk-unprotect").await;
    assert_eq!(
        text_of("[data-testid=bulk-acts-on]"),
        "2 sandboxes will be unprotected."
    );
    assert_eq!(
        texts("[data-testid=bulk-act-names] li"),
        ["p-02 \u{b7} cust_sel", "p-03 \u{b7} cust_sel"]
    );
    let reasons = texts("[data-testid=bulk-skip-reason]");
    assert_eq!(reasons.len(), 2, "{reasons:?}");
    assert_eq!(reasons[0], "Not protected.");
    assert!(reasons[1].contains("it takes owner access"), "{reasons:?}");
    // p-03 is past its expiry: unprotected, expiry deletes it.
    assert_eq!(
        text_of("[data-testid=bulk-warning]"),
        "1 sandbox past its expiry: unprotected, expiry deletes it within a minute."
    );
    element("[data-testid=bulk-confirm]").click();
    settled().await;
    assert_eq!(written_ids(), ["sbx_p-02", "sbx_p-03"]);
    assert!(writes()
        .iter()
        .all(|request| request.json() == json!({"protected": false})));
}

#[wasm_bindgen_test]
async fn a_v1_0_server_gets_no_extend_or_protect_and_is_told_why() {
    let _page = PageLock::acquire().await;
    script_fetch(json!([list_rule(
        sandbox_api::SANDBOXES_PATH,
        rows("o", 0..2),
        2
    )]));
    let _mounted = mount_list("/sandboxes?owner_id=cust_sel", 2).await;
    choose("[data-testid=page-select]");
    wait_until("the actions", || {
        find("[data-testid=bulk-refresh]").is_some()
    })
    .await;
    assert!(find("[data-testid=bulk-extend]").is_none());
    assert!(find("[data-testid=bulk-protect]").is_none());
    assert_eq!(
        text_of("[data-testid=bulk-lifecycle-absent]"),
        "Extend and Protect need a server that records expiry (API v1.1)."
    );
}
