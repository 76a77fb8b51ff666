//! A bulk run: bounded concurrency, Cancel, results and "Retry failed",
//! a 401 part-way and its resume, Retry-After.

use leptos::prelude::*;
use sandbox_console::session::Credentials;
use serde_json::json;
use wasm_bindgen_test::*;

use super::{
    refresh_rule, refreshes_succeed, result_of, rows_with, run_on_page, settled, summary,
    written_ids,
};
use crate::support::*;

#[wasm_bindgen_test]
async fn at_most_four_requests_are_in_flight_and_the_bar_counts_them() {
    let _page = PageLock::acquire().await;
    let _mounted = run_on_page(
        rows_with("c", 10, |_, _| {}),
        vec![refreshes_succeed(300)],
        "bulk-refresh",
    )
    .await;
    wait_until("four in flight", || in_flight() == 4).await;
    assert!(text_of("[data-testid=bulk-progress-text]").ends_with("of 10"));
    settled().await;
    assert_eq!(
        most_in_flight(),
        4,
        "never more than four, and four at once"
    );
    assert_eq!(written_ids().len(), 10);
    assert_eq!(text_of("[data-testid=bulk-progress-text]"), "10 of 10");
    assert_eq!(summary(), "Refresh finished: 10 succeeded, 0 failed.");
    assert!(texts("[data-testid=bulk-result] .bulk-result-text")
        .iter()
        .all(|text| text == "Refresh started"));
}

#[wasm_bindgen_test]
async fn cancel_starts_nothing_new_and_lets_the_requests_in_flight_finish() {
    let _page = PageLock::acquire().await;
    let _mounted = run_on_page(
        rows_with("x", 10, |_, _| {}),
        vec![refreshes_succeed(300)],
        "bulk-refresh",
    )
    .await;
    wait_until("four in flight", || in_flight() == 4).await;
    element("[data-testid=bulk-cancel]").click();
    wait_until("cancelling", || summary().starts_with("Cancelling")).await;
    settled().await;
    assert_eq!(written_ids().len(), 4, "no request after Cancel");
    assert_eq!(
        summary(),
        "Refresh cancelled: 4 succeeded, 0 failed, 6 not started."
    );
    assert_eq!(result_of("x-00"), "Refresh started");
    // Only what was sent has a line; the rest is counted in the summary.
    assert_eq!(count("[data-testid=bulk-result]"), 4);
    assert!(find("[data-testid=bulk-result][data-sandbox-id=sbx_x-09]").is_none());
}

#[wasm_bindgen_test]
async fn each_sandbox_gets_its_result_and_retry_sends_only_the_failed_again() {
    let _page = PageLock::acquire().await;
    let _mounted = run_on_page(
        rows_with("f", 4, |_, _| {}),
        vec![
            once(refresh_rule(
                "f-01",
                409,
                json!({"detail": "Sandbox is busy"}),
            )),
            once(refresh_rule(
                "f-03",
                404,
                json!({"detail": "Sandbox not found"}),
            )),
            refreshes_succeed(0),
        ],
        "bulk-refresh",
    )
    .await;
    settled().await;
    assert_eq!(summary(), "Refresh finished: 2 succeeded, 2 failed.");
    assert_eq!(result_of("f-00"), "Refresh started");
    assert_eq!(result_of("f-01"), "Failed: Sandbox is busy");
    assert_eq!(result_of("f-03"), "Failed: Sandbox not found");

    element("[data-testid=bulk-retry]").click();
    wait_until("the retry to finish", || {
        summary() == "Refresh finished: 4 succeeded, 0 failed."
    })
    .await;
    let ids = written_ids();
    assert_eq!(ids.len(), 6, "{ids:?}");
    let mut retried = ids[4..].to_vec();
    retried.sort();
    assert_eq!(retried, ["sbx_f-01", "sbx_f-03"]);
    assert!(find("[data-testid=bulk-retry]").is_none());
}

#[wasm_bindgen_test]
async fn a_401_part_way_stops_and_the_resume_after_reconnecting_sends_only_the_rest() {
    let _page = PageLock::acquire().await;
    let unauthorized = once(json!({"method": "POST", "contains": "/sbx_u-02/refresh",
        "status": 401, "body": {"detail": "Token expired"}, "delay_ms": 30}));
    let (_mounted, session) = run_on_page(
        rows_with("u", 7, |_, _| {}),
        vec![unauthorized, refreshes_succeed(80)],
        "bulk-refresh",
    )
    .await;
    settled().await;
    // u-00, u-01 and u-03 were in flight and finished; nothing started after the 401.
    let before = written_ids();
    assert_eq!(before.len(), 4, "{before:?}");
    assert_eq!(
        summary(),
        "Stopped after 3 of 7: you were signed out. Sign in again to resume; the 3 done will not be sent again."
    );
    for name in ["u-00", "u-01", "u-03"] {
        assert_eq!(result_of(name), "Refresh started");
    }
    assert_eq!(result_of("u-02"), "Waiting to start");
    // Signed out: nothing to resume with until the user is back.
    assert!(session.credentials.get_untracked().is_none());
    assert!(find("[data-testid=bulk-resume]").is_none());

    // Connected again, as the Connect page does.
    session.credentials.set(Some(Credentials {
        base_url: API_ORIGIN.into(),
        token: "new-token".into(),
    }));
    session.me.set(Some(admin()));
    wait_until("the resume", || find("[data-testid=bulk-resume]").is_some()).await;
    assert_eq!(text_of("[data-testid=bulk-resume]"), "Resume: 4 left");
    element("[data-testid=bulk-resume]").click();
    wait_until("the rest", || {
        summary() == "Refresh finished: 7 succeeded, 0 failed."
    })
    .await;
    let mut resumed = written_ids()[before.len()..].to_vec();
    resumed.sort();
    assert_eq!(resumed, ["sbx_u-02", "sbx_u-04", "sbx_u-05", "sbx_u-06"]);
}

#[wasm_bindgen_test]
async fn retry_after_waits_and_tries_again_at_most_three_times() {
    let _page = PageLock::acquire().await;
    let unavailable = once(json!({"method": "POST", "contains": "/sbx_w-00/refresh",
        "status": 503, "body": {"detail": "Injected failure"}, "headers": {"Retry-After": "1"}}));
    let limited = json!({"method": "POST", "contains": "/sbx_w-01/refresh",
        "status": 429, "body": {"detail": "Too many requests"}, "headers": {"Retry-After": "0"}});
    let started = js_sys::Date::now();
    let _mounted = run_on_page(
        rows_with("w", 3, |_, _| {}),
        vec![unavailable, limited, refreshes_succeed(0)],
        "bulk-refresh",
    )
    .await;
    wait_until("the wait", || {
        result_of("w-00").starts_with("The server asked")
    })
    .await;
    assert_eq!(
        result_of("w-00"),
        "The server asked to wait 1 s; try 2 of 4"
    );
    settled().await;
    assert!(
        js_sys::Date::now() - started >= 1000.0,
        "it waited the second asked for"
    );
    assert_eq!(result_of("w-00"), "Refresh started");
    assert_eq!(result_of("w-02"), "Refresh started");
    assert_eq!(
        result_of("w-01"),
        "Failed: Too many requests (try again in 0 s)"
    );
    let ids = written_ids();
    let count = |id: &str| ids.iter().filter(|written| *written == id).count();
    assert_eq!(count("sbx_w-00"), 2, "{ids:?}");
    assert_eq!(
        count("sbx_w-01"),
        4,
        "the first try and three more: {ids:?}"
    );
    assert_eq!(count("sbx_w-02"), 1);
}
