//! The console under sandboxd's Content-Security-Policy (#14): every view
//! of every route, as an admin and as support, without a single violation,
//! and no request for `/favicon.ico`.

use sandbox_e2e::{eventually, tokens, E2e};
use sandbox_testkit::without_colours;
use serde_json::Value;

use crate::tour::{visit_every_view, Access};

/// Installed before the console's own scripts in every document; injected
/// through DevTools, it runs whatever the policy says, and records each
/// violation the page reports.
const VIOLATION_RECORDER: &str = "window.__csp = []; \
    document.addEventListener('securitypolicyviolation', e => window.__csp.push({\
    directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample, \
    source: e.sourceFile + ':' + e.lineNumber}), true);";

/// The violations recorded since the last call, which forgets them.
async fn take_violations(e2e: &E2e) -> Vec<Value> {
    let recorded = e2e
        .run_script("return (window.__csp || []).splice(0);", Vec::new())
        .await;
    recorded.as_array().cloned().unwrap_or_default()
}

/// The page was served with the policy of sandboxd's `console.rs`.
async fn assert_served_with_the_policy(e2e: &E2e) {
    let policy = e2e
        .run_script(
            "return fetch(location.href).then(r => r.headers.get('content-security-policy'));",
            Vec::new(),
        )
        .await;
    let policy = policy.as_str().unwrap_or_default();
    assert!(
        policy.contains("script-src 'self' 'wasm-unsafe-eval'"),
        "the console's page has no script-src policy: {policy:?}"
    );
    assert!(
        !policy.contains("unsafe-inline"),
        "the policy allows inline code: {policy:?}"
    );
}

/// A violation is recorded when there is one: an inline style attribute,
/// which `style-src 'self'` refuses.
async fn assert_the_recorder_sees_a_violation(e2e: &E2e) {
    e2e.run_script(
        "document.body.setAttribute('style', 'color:red');",
        Vec::new(),
    )
    .await;
    let recorded = eventually("the style attribute's violation to be recorded", || async {
        let recorded = take_violations(e2e).await;
        (!recorded.is_empty()).then_some(recorded)
    })
    .await;
    e2e.run_script("document.body.removeAttribute('style');", Vec::new())
        .await;
    assert_eq!(
        recorded
            .iter()
            .map(|violation| violation["directive"].as_str().unwrap_or_default())
            .collect::<Vec<_>>(),
        ["style-src-attr"],
        "one violation of style-src-attr expected: {recorded:?}"
    );
}

async fn every_view_runs_under_the_policy(token: &str, access: Access) {
    let e2e = E2e::start().await;
    e2e.on_every_document(VIOLATION_RECORDER).await;
    let mut violations = Vec::new();
    let mut checked_the_policy = false;
    visit_every_view(&e2e, token, access, async |stop: &str| {
        for violation in take_violations(&e2e).await {
            violations.push(format!("{stop}: {violation}"));
        }
        if !checked_the_policy {
            assert_served_with_the_policy(&e2e).await;
            assert_the_recorder_sees_a_violation(&e2e).await;
            checked_the_policy = true;
        }
    })
    .await;
    assert!(
        violations.is_empty(),
        "Content-Security-Policy violations as {token}:\n{}",
        violations.join("\n")
    );

    // The page names an empty data: icon; sandboxd logs each request's URI.
    let log = without_colours(&e2e.server_log());
    assert!(
        log.contains("uri=/connect"),
        "sandboxd's log names no request URIs, so it cannot show a request for /favicon.ico"
    );
    let favicon_requests: Vec<&str> = log
        .lines()
        .filter(|line| line.contains("uri=/favicon.ico"))
        .collect();
    assert!(
        favicon_requests.is_empty(),
        "the browser asked for /favicon.ico:\n{}",
        favicon_requests.join("\n")
    );
}

#[tokio::test]
async fn every_view_runs_under_the_content_security_policy_as_an_admin() {
    every_view_runs_under_the_policy(tokens::ADMIN, Access::Admin).await;
}

#[tokio::test]
async fn every_view_runs_under_the_content_security_policy_as_support() {
    every_view_runs_under_the_policy(tokens::SUPPORT, Access::ReadOnly).await;
}
