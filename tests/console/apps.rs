//! `/sandboxes/:id/apps`: each app with its version and last push, pushing
//! one to a target (checked before sending, then the result or the API's
//! refusal), the Push button disabled with its reason, and the tab's
//! loading and error states, inside the real detail page against a
//! scripted API.

use sandbox_api::DEFAULT_PUSH_TARGET;
use serde_json::json;
use wasm_bindgen_test::*;

use crate::support::{
    admin, count, dialog_open, element, find, input_value, is_disabled, loads_of, mount_tab, once,
    open_dialog_from, script_fetch, sleep, submit, tab_answer, tab_api_path, tab_sandbox_answer,
    text_of, texts, type_into, viewer, wait_for_focus_on, wait_until, writes, PageLock, API_ORIGIN,
    INJECTION,
};

/// A push of `app` as the API reports it.
fn push_json(app: &str, version: &str, target: &str, status: &str) -> serde_json::Value {
    json!({"push_id": format!("push_{app}_{target}"), "sandbox_id": "sbx_test", "app_name": app,
           "version": version, "target": target, "status": status, "pushed_at": "2026-11-07T06:00:00Z"})
}

/// An app of the tabs' sandbox as the API lists it.
fn app_json(name: &str, version: &str, last_push: Option<serde_json::Value>) -> serde_json::Value {
    json!({"app_name": name, "version": version, "updated_at": "2026-11-07T05:31:56Z",
           "last_push": last_push})
}

/// The rule answering the tab's GET of its apps with `apps`.
fn apps_answer(apps: serde_json::Value) -> serde_json::Value {
    tab_answer("GET", "/apps", 200, apps)
}

/// The rule answering pushes of `app` with `status` and `body`.
fn push_answer(app: &str, status: u16, body: serde_json::Value) -> serde_json::Value {
    tab_answer("POST", &format!("/apps/{app}/push"), status, body)
}

/// The row of the app "billing", and its Push button.
const BILLING: &str = "[data-testid=app-row][data-app=billing]";
const BILLING_PUSH: &str = "[data-testid=app-row][data-app=billing] [data-testid=push-open]";

/// Opens the push dialog of the app "billing"; gives its Push button.
async fn open_billing_push() -> web_sys::HtmlElement {
    open_dialog_from(BILLING_PUSH, "#push-target").await
}

/// Billing's Push button is disabled and described by `reason`, which the
/// section also says above the table.
fn assert_push_refused(reason: &str) {
    assert_eq!(text_of("[data-testid=apps-refusal]"), reason);
    assert!(is_disabled(BILLING_PUSH));
    let described_by = element(BILLING_PUSH)
        .get_attribute("aria-describedby")
        .expect("the button names its reason");
    assert_eq!(
        element(&format!("#{described_by}")).text_content().unwrap(),
        reason
    );
}

#[wasm_bindgen_test]
async fn the_apps_show_while_loading_then_each_with_its_version_and_last_push() {
    let _lock = PageLock::acquire().await;
    let mut apps = apps_answer(json!([
        app_json("billing", "2.7.1", None),
        app_json(
            "crm",
            "1.4.0",
            Some(push_json("crm", "1.4.0", DEFAULT_PUSH_TARGET, "succeeded"))
        ),
        app_json(
            "reports",
            "0.9.2",
            Some(push_json("reports", "0.9.2", "qa-db-7", "failed"))
        ),
        app_json(INJECTION, "1.0.0", None),
    ]));
    apps["delay_ms"] = json!(300);
    script_fetch(json!([apps, tab_sandbox_answer("active", "owner")]));
    let _page = mount_tab("apps", admin());

    wait_until("the loading line", || {
        text_of("[data-testid=apps-tab]").contains("Loading apps…")
    })
    .await;
    wait_until("the apps", || count("[data-testid=app-row]") == 4).await;
    assert!(!text_of("[data-testid=apps-tab]").contains("Loading apps…"));
    assert_eq!(
        texts("[data-testid=apps-table] thead th"),
        ["App", "Version", "Last change", "Last push", "Actions"]
    );
    assert_eq!(
        texts("[data-testid=app-row] .app-name"),
        ["billing", "crm", "reports", INJECTION]
    );
    assert_eq!(
        element("[data-testid=apps-table]")
            .query_selector_all("img, script")
            .unwrap()
            .length(),
        0,
        "markup from the API became elements"
    );
    assert_eq!(
        texts("[data-testid=app-row] .app-version"),
        ["2.7.1", "1.4.0", "0.9.2", "1.0.0"]
    );
    assert_eq!(
        text_of(&format!("{BILLING} [data-testid=last-push]")),
        "never pushed"
    );
    let crm = text_of("[data-app=crm] [data-testid=last-push]");
    assert!(
        crm.starts_with(DEFAULT_PUSH_TARGET) && crm.ends_with("succeeded"),
        "{crm}"
    );
    let reports = text_of("[data-app=reports] [data-testid=last-push]");
    assert!(
        reports.starts_with("qa-db-7") && reports.ends_with("failed"),
        "{reports}"
    );
    assert_eq!(
        element("[data-app=reports] [data-testid=push-status]").class_name(),
        "badge badge-failed"
    );
    assert_eq!(
        element("[data-app=reports] [data-testid=last-push] time")
            .get_attribute("datetime")
            .as_deref(),
        Some("2026-11-07T06:00:00Z")
    );
    assert!(find("[data-testid=apps-refusal]").is_none());
    let push = element(BILLING_PUSH);
    assert!(!push.has_attribute("disabled"));
    assert_eq!(
        push.get_attribute("aria-label").as_deref(),
        Some("Push billing")
    );
}

#[wasm_bindgen_test]
async fn a_push_goes_to_the_target_named_and_shows_its_result() {
    let _lock = PageLock::acquire().await;
    let pushed = push_json("billing", "2.7.1", "qa-db-7", "succeeded");
    let before = once(apps_answer(json!([
        app_json("billing", "2.7.1", None),
        app_json("crm", "1.4.0", None)
    ])));
    let mut push = push_answer("billing", 200, pushed.clone());
    push["delay_ms"] = json!(200);
    script_fetch(json!([
        before,
        apps_answer(json!([
            app_json("billing", "2.7.1", Some(pushed)),
            app_json("crm", "1.4.0", None)
        ])),
        push,
        tab_sandbox_answer("active", "owner"),
    ]));
    let _page = mount_tab("apps", admin());
    let opener = open_billing_push().await;
    assert!(dialog_open("[data-testid=push-dialog]"));
    assert_eq!(
        input_value("#push-target"),
        DEFAULT_PUSH_TARGET,
        "the default target"
    );

    type_into("#push-target", "qa-db-7");
    wait_until("the sentence to name the target", || {
        text_of("[data-testid=push-sentence]").contains("qa-db-7")
    })
    .await;
    assert_eq!(
        text_of("[data-testid=push-sentence]"),
        "Push billing version 2.7.1 from the sandbox test to qa-db-7? \
         This deploys the app's configuration from the sandbox to that target."
    );
    element("[data-testid=push-confirm]").click();
    sleep(0).await;
    assert_eq!(text_of("[data-testid=push-confirm]"), "Pushing…");
    assert!(
        is_disabled("[data-testid=push-confirm]"),
        "disabled while in flight"
    );

    wait_until("the result", || find("[data-testid=push-result]").is_some()).await;
    let result = text_of("[data-testid=push-result]");
    assert!(
        result.starts_with("Pushed billing 2.7.1 to qa-db-7: succeeded (")
            && result.ends_with(", push id push_billing_qa-db-7)."),
        "{result}"
    );
    assert_eq!(
        element("[data-testid=push-result]")
            .get_attribute("role")
            .as_deref(),
        Some("status")
    );
    let sent = writes();
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].method, "POST");
    let (path, query) = sent[0].url.split_once('?').expect("a query");
    assert_eq!(
        path,
        format!("{API_ORIGIN}{}", tab_api_path("/apps/billing/push"))
    );
    assert!(
        query.split('&').any(|pair| pair == "target=qa-db-7"),
        "{query}"
    );
    assert_eq!(sent[0].json(), json!({}));

    // The list is loaded again: the row shows the push, behind the dialog still open.
    wait_until("billing's new last push", || {
        text_of(&format!("{BILLING} [data-testid=last-push]")).starts_with("qa-db-7")
    })
    .await;
    assert_eq!(
        text_of(&format!("{BILLING} [data-testid=push-status]")),
        "succeeded"
    );
    assert_eq!(loads_of(&tab_api_path("/apps")), 2);
    assert!(
        dialog_open("[data-testid=push-dialog]"),
        "the reload closed the dialog"
    );

    element("[data-testid=push-close]").click();
    wait_until("the dialog closed", || {
        !dialog_open("[data-testid=push-dialog]")
    })
    .await;
    wait_for_focus_on(&opener).await;
    // The browser's `close` event, which the dialog follows too, comes in a
    // task of its own; a user's next click comes later than that.
    sleep(50).await;

    // Opened again, it starts over.
    opener.click();
    wait_until("the dialog again", || find("#push-target").is_some()).await;
    assert_eq!(input_value("#push-target"), DEFAULT_PUSH_TARGET);
    assert!(find("[data-testid=push-result]").is_none());
}

#[wasm_bindgen_test]
async fn a_refused_push_shows_the_apis_detail_and_keeps_the_dialog() {
    let _lock = PageLock::acquire().await;
    let conflict = "Sandbox is refreshing; this needs an active sandbox";
    let forbidden = "Missing permission: apps:push";
    script_fetch(json!([
        apps_answer(json!([app_json("billing", "2.7.1", None)])),
        once(push_answer("billing", 409, json!({ "detail": conflict }))),
        push_answer("billing", 403, json!({ "detail": forbidden })),
        tab_sandbox_answer("active", "owner"),
    ]));
    let _page = mount_tab("apps", admin());
    open_billing_push().await;
    type_into("#push-target", "staging-eu-db");

    for detail in [conflict, forbidden] {
        element("[data-testid=push-confirm]").click();
        wait_until(detail, || text_of("[data-testid=dialog-error]") == detail).await;
        assert!(dialog_open("[data-testid=push-dialog]"));
        assert!(find("[data-testid=push-result]").is_none());
        assert_eq!(
            input_value("#push-target"),
            "staging-eu-db",
            "the target typed stays"
        );
        assert!(
            !is_disabled("[data-testid=push-confirm]"),
            "the push may be tried again"
        );
    }
    assert_eq!(writes().len(), 2);
    assert_eq!(
        loads_of(&tab_api_path("/apps")),
        1,
        "a refused push reloads nothing"
    );
    assert_eq!(
        text_of(&format!("{BILLING} [data-testid=last-push]")),
        "never pushed"
    );
}

#[wasm_bindgen_test]
async fn a_target_the_api_would_refuse_is_never_sent() {
    let _lock = PageLock::acquire().await;
    script_fetch(json!([
        apps_answer(json!([app_json("billing", "2.7.1", None)])),
        tab_sandbox_answer("active", "owner"),
    ]));
    let _page = mount_tab("apps", admin());
    open_billing_push().await;

    for (typed, problem) in [("", "Enter a target"), ("staging db", "without spaces")] {
        type_into("#push-target", typed);
        wait_until(problem, || text_of("#push-target-error").contains(problem)).await;
        assert_eq!(
            element("#push-target")
                .get_attribute("aria-invalid")
                .as_deref(),
            Some("true")
        );
        assert!(is_disabled("[data-testid=push-confirm]"));
        // Enter in the field submits the form all the same.
        submit("[data-testid=push-dialog] form");
    }
    sleep(50).await;
    assert!(writes().is_empty(), "a refused target was sent");

    type_into("#push-target", "staging-db");
    wait_until("the error to go", || find("#push-target-error").is_none()).await;
    assert!(!is_disabled("[data-testid=push-confirm]"));
    assert!(text_of("[data-testid=push-sentence]").contains("to staging-db?"));
}

#[wasm_bindgen_test]
async fn push_is_disabled_with_the_reason_for_whoever_may_not_push() {
    let _lock = PageLock::acquire().await;
    script_fetch(json!([
        apps_answer(json!([app_json("billing", "2.7.1", None)])),
        tab_sandbox_answer("active", "viewer")
    ]));
    let page = mount_tab("apps", viewer());
    wait_until("the apps", || count("[data-testid=app-row]") == 1).await;
    assert_push_refused("Your role (viewer) may not push apps.");
    drop(page);

    // An admin whose access to this sandbox is only that of a viewer (an external member's).
    let _page = mount_tab("apps", admin());
    wait_until("the apps", || count("[data-testid=app-row]") == 1).await;
    assert_push_refused(
        "You have viewer access to this sandbox; it takes editor or owner access to push apps.",
    );
    assert!(writes().is_empty());
}

#[wasm_bindgen_test]
async fn push_waits_for_the_sandbox_to_be_active() {
    let _lock = PageLock::acquire().await;
    script_fetch(json!([
        apps_answer(json!([app_json("billing", "2.7.1", None)])),
        once(tab_sandbox_answer("refreshing", "owner")),
        tab_sandbox_answer("active", "owner"),
    ]));
    let _page = mount_tab("apps", admin());
    wait_until("the apps", || count("[data-testid=app-row]") == 1).await;
    assert_push_refused("The sandbox is refreshing; wait until it is active to push apps.");

    // The detail page polls a refreshing sandbox (first after 1 s): once active, Push is allowed.
    wait_until("push allowed", || !is_disabled(BILLING_PUSH)).await;
    assert!(find("[data-testid=apps-refusal]").is_none());
    assert!(find(&format!("{BILLING} [data-testid=push-open-reason]")).is_none());
}

#[wasm_bindgen_test]
async fn apps_that_fail_to_load_say_why_and_load_again() {
    let _lock = PageLock::acquire().await;
    let failure = tab_answer(
        "GET",
        "/apps",
        500,
        json!({"detail": "Database is restarting"}),
    );
    script_fetch(json!([
        once(failure),
        apps_answer(json!([])),
        tab_sandbox_answer("active", "owner")
    ]));
    let _page = mount_tab("apps", admin());
    let error = "[data-testid=apps-tab] [data-testid=error]";
    wait_until("the error", || find(error).is_some()).await;
    assert_eq!(
        text_of(&format!("{error} p")),
        "The server failed (500): Database is restarting"
    );
    assert!(find("[data-testid=apps-table]").is_none());

    element(&format!("{error} button")).click();
    wait_until("the empty list", || {
        text_of("[data-testid=apps-tab]").contains("No apps in this sandbox.")
    })
    .await;
    assert!(find(error).is_none());
    assert!(find("[data-testid=apps-table]").is_none());
    assert_eq!(loads_of(&tab_api_path("/apps")), 2);
}
