//! The members, apps and data-source sections of a sandbox, driven in
//! headless Chromium against `sandboxd --demo`, with the API checked behind
//! the console's back. Each test has its own server and uses one of the
//! `cust_e2e` demo sandboxes (`e2e-01`…: active, free, one owner member
//! ada@acme.test, apps billing 2.7.1 and crm 4.2.0, one manual source).

use std::time::{Duration, Instant};

use sandbox_e2e::{tokens, E2e};
use serde_json::{json, Value};
use thirtyfour::components::SelectElement;
use thirtyfour::prelude::*;

const SANDBOXES: &str = "/api/v1/storage/sandboxes";

/// The id of the `cust_e2e` demo sandbox called `name`.
async fn sandbox_id(e2e: &E2e, name: &str) -> String {
    let response = e2e
        .api(tokens::ADMIN)
        .get_json(&format!("{SANDBOXES}?owner_id=cust_e2e&q={name}"))
        .await;
    let list = response
        .body
        .as_array()
        .unwrap_or_else(|| panic!("a list: {}", response.body));
    let sandbox = list
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("no demo sandbox {name}"));
    sandbox["sandbox_id"].as_str().unwrap().to_owned()
}

async fn api_get(e2e: &E2e, path: &str) -> Value {
    let response = e2e.api(tokens::ADMIN).get_json(path).await;
    assert!(
        response.status.is_success(),
        "GET {path}: {} {}",
        response.status,
        response.body
    );
    response.body
}

/// Every member as (email, role), sorted.
async fn api_members(e2e: &E2e, id: &str) -> Vec<(String, String)> {
    let body = api_get(e2e, &format!("{SANDBOXES}/{id}/users")).await;
    let mut members: Vec<(String, String)> = body
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["email"].as_str().unwrap().to_owned(),
                m["role"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    members.sort();
    members
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

/// Waits up to 10 s for `condition` to hold.
async fn eventually<F, Fut>(what: &str, condition: F)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if condition().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("waited 10 s in vain for {what}");
}

async fn type_text(e2e: &E2e, css: &str, text: &str) {
    let input = e2e.wait_for(css).await;
    input.clear().await.unwrap();
    input.send_keys(text).await.unwrap();
}

async fn select_value(e2e: &E2e, css: &str, value: &str) {
    let select = e2e.wait_for(css).await;
    SelectElement::new(&select)
        .await
        .unwrap()
        .select_by_value(value)
        .await
        .unwrap();
}

async fn enabled(e2e: &E2e, css: &str) -> bool {
    e2e.wait_for(css).await.is_enabled().await.unwrap()
}

async fn count(e2e: &E2e, css: &str) -> usize {
    e2e.browser().find_all(By::Css(css)).await.unwrap().len()
}

/// Everything the page keeps where a secret must never be: its source,
/// its URL and both storages.
async fn page_traces(e2e: &E2e) -> String {
    let source = e2e.browser().source().await.unwrap();
    let url = e2e.current_url().await;
    let storage = e2e
        .browser()
        .execute(
            "const dump = (s) => Object.keys(s).map((k) => k + '=' + s.getItem(k)).join('\\n');
             return dump(localStorage) + '\\n' + dump(sessionStorage);",
            Vec::new(),
        )
        .await
        .unwrap()
        .json()
        .as_str()
        .unwrap_or_default()
        .to_owned();
    format!("{source}\n{url}\n{storage}")
}

#[tokio::test]
async fn several_members_from_one_paste_then_a_role_changed_in_place() {
    let e2e = E2e::start().await;
    let id = sandbox_id(&e2e, "e2e-01").await;
    e2e.connect_as(tokens::ADMIN).await;
    e2e.goto(&format!("/sandboxes/{id}/members")).await;
    e2e.wait_for("[data-testid=member-row][data-email='ada@acme.test']")
        .await;

    type_text(
        &e2e,
        "#members-emails",
        "bob@acme.test, carl@acme.test;\ndora@acme.test Bob@acme.test",
    )
    .await;
    select_value(&e2e, "#members-role", "editor").await;
    e2e.wait_for_text("[data-testid=members-add]", "Add 3 members")
        .await
        .click()
        .await
        .unwrap();
    e2e.wait_for_text(
        "[data-testid=members-outcome]",
        "Added 3: bob@acme.test (editor), carl@acme.test (editor), dora@acme.test (editor).",
    )
    .await;
    e2e.wait_for("[data-testid=member-row][data-email='dora@acme.test']")
        .await;
    assert_eq!(
        api_members(&e2e, &id).await,
        pairs(&[
            ("ada@acme.test", "owner"),
            ("bob@acme.test", "editor"),
            ("carl@acme.test", "editor"),
            ("dora@acme.test", "editor")
        ])
    );
    assert_eq!(
        e2e.wait_for("#members-emails")
            .await
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some("")
    );

    select_value(
        &e2e,
        "[data-testid=member-row][data-email='carl@acme.test'] select",
        "viewer",
    )
    .await;
    e2e.wait_for_text(
        "[data-testid=members-outcome]",
        "Role changed: carl@acme.test is now viewer.",
    )
    .await;
    e2e.wait_for("[data-testid=member-row][data-email='carl@acme.test'][data-role=viewer]")
        .await;
    assert_eq!(
        api_members(&e2e, &id).await,
        pairs(&[
            ("ada@acme.test", "owner"),
            ("bob@acme.test", "editor"),
            ("carl@acme.test", "viewer"),
            ("dora@acme.test", "editor")
        ])
    );
}

#[tokio::test]
async fn the_last_owner_cannot_be_removed() {
    let e2e = E2e::start().await;
    let id = sandbox_id(&e2e, "e2e-02").await;
    e2e.connect_as(tokens::ADMIN).await;
    e2e.goto(&format!("/sandboxes/{id}/members")).await;
    let ada = "[data-testid=member-row][data-email='ada@acme.test']";
    e2e.wait_for_text(
        &format!("{ada} [data-testid=last-owner-reason]"),
        "The last owner cannot be demoted.",
    )
    .await;
    assert!(
        !enabled(&e2e, &format!("{ada} input[type=checkbox]")).await,
        "the only owner cannot be selected for removal"
    );
    assert!(
        !enabled(&e2e, &format!("{ada} select")).await,
        "nor demoted"
    );

    // A second owner: both may now be selected, but not both at once.
    type_text(&e2e, "#members-emails", "olga@acme.test").await;
    select_value(&e2e, "#members-role", "owner").await;
    e2e.wait_for_text("[data-testid=members-add]", "Add 1 member")
        .await
        .click()
        .await
        .unwrap();
    let olga = "[data-testid=member-row][data-email='olga@acme.test']";
    e2e.wait_for(olga).await;
    eventually("ada to be selectable", || async {
        enabled(&e2e, &format!("{ada} input[type=checkbox]")).await
    })
    .await;
    e2e.wait_for(&format!("{ada} input[type=checkbox]"))
        .await
        .click()
        .await
        .unwrap();
    e2e.wait_for(&format!("{olga} input[type=checkbox]"))
        .await
        .click()
        .await
        .unwrap();
    e2e.wait_for_text(
        "[data-testid=members-remove-blocker]",
        "must keep at least one owner",
    )
    .await;
    assert!(!enabled(&e2e, "[data-testid=members-remove]").await);

    // Olga leaves behind the console's back; removing ada now reaches the server, which refuses.
    let removed = e2e
        .api(tokens::ADMIN)
        .delete_json(
            &format!("{SANDBOXES}/{id}/users"),
            Some(&json!({"users": [{"email": "olga@acme.test"}]})),
        )
        .await;
    assert!(removed.status.is_success(), "{}", removed.body);
    e2e.wait_for(&format!("{olga} input[type=checkbox]"))
        .await
        .click()
        .await
        .unwrap();
    e2e.wait_for_text("[data-testid=members-remove]", "Remove selected (1)")
        .await
        .click()
        .await
        .unwrap();
    e2e.wait_for_text("[data-testid=remove-list]", "ada@acme.test")
        .await;
    e2e.wait_for("[data-testid=remove-members-confirm]")
        .await
        .click()
        .await
        .unwrap();
    e2e.wait_for_text(
        "[data-testid=dialog-error]",
        "The last owner cannot be removed.",
    )
    .await;
    e2e.wait_for_text(
        "[data-testid=dialog-error]",
        "must always keep at least one owner",
    )
    .await;
    assert_eq!(
        api_members(&e2e, &id).await,
        pairs(&[("ada@acme.test", "owner")])
    );
}

#[tokio::test]
async fn an_app_is_pushed_to_a_named_target() {
    let e2e = E2e::start().await;
    let id = sandbox_id(&e2e, "e2e-03").await;
    e2e.connect_as(tokens::ADMIN).await;
    e2e.goto(&format!("/sandboxes/{id}/apps")).await;
    let billing = "[data-testid=app-row][data-app=billing]";
    e2e.wait_for_text(
        &format!("{billing} [data-testid=last-push]"),
        "never pushed",
    )
    .await;
    e2e.wait_for(&format!("{billing} [data-testid=push-open]"))
        .await
        .click()
        .await
        .unwrap();

    let target = e2e.wait_for("#push-target").await;
    assert_eq!(
        target.prop("value").await.unwrap().as_deref(),
        Some("production"),
        "the default target"
    );
    type_text(&e2e, "#push-target", "staging db").await;
    e2e.wait_for_text("#push-target-error", "without spaces")
        .await;
    assert!(!enabled(&e2e, "[data-testid=push-confirm]").await);
    type_text(&e2e, "#push-target", "qa-db-7").await;
    let sentence = e2e
        .wait_for_text("[data-testid=push-sentence]", "qa-db-7")
        .await
        .text()
        .await
        .unwrap();
    for part in ["billing", "2.7.1", "e2e-03", "qa-db-7"] {
        assert!(sentence.contains(part), "{part} missing from {sentence:?}");
    }
    e2e.wait_for("[data-testid=push-confirm]")
        .await
        .click()
        .await
        .unwrap();
    let result = e2e
        .wait_for_text("[data-testid=push-result]", "succeeded")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        result.contains("Pushed billing 2.7.1 to qa-db-7"),
        "{result}"
    );
    e2e.wait_for("[data-testid=push-close]")
        .await
        .click()
        .await
        .unwrap();
    e2e.wait_for_text(&format!("{billing} [data-testid=last-push]"), "qa-db-7")
        .await;
    e2e.wait_for_text(&format!("{billing} [data-testid=push-status]"), "succeeded")
        .await;

    let apps = api_get(&e2e, &format!("{SANDBOXES}/{id}/apps")).await;
    let app = apps
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["app_name"] == "billing")
        .unwrap();
    assert_eq!(app["last_push"]["target"], "qa-db-7");
    assert_eq!(app["last_push"]["status"], "succeeded");
}

#[tokio::test]
async fn a_realtime_source_shows_its_secret_once_and_a_rotation_shows_a_new_one() {
    let e2e = E2e::start().await;
    let id = sandbox_id(&e2e, "e2e-04").await;
    e2e.connect_as(tokens::ADMIN).await;
    e2e.goto(&format!("/sandboxes/{id}/sources")).await;
    e2e.wait_for("[data-testid=source-register-link]")
        .await
        .click()
        .await
        .unwrap();
    type_text(&e2e, "#source-name", "eng-alerts").await;
    e2e.wait_for("#source-mode-realtime")
        .await
        .click()
        .await
        .unwrap();
    type_text(&e2e, "#source-account", "T024BE7LD").await;
    type_text(
        &e2e,
        "#source-adapter-config",
        "{\"channel\": \"C024BE91L\"}",
    )
    .await;
    e2e.wait_for("[data-testid=register-submit]")
        .await
        .click()
        .await
        .unwrap();

    e2e.wait_for_text("[data-testid=secret-panel]", "will not be shown again")
        .await;
    let secret = e2e
        .wait_for("[data-testid=secret-value]")
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap();
    assert!(secret.len() >= 16, "a secret is shown: {secret:?}");
    assert!(!e2e.current_url().await.contains(&secret));
    e2e.wait_for("[data-testid=copy-secret]")
        .await
        .click()
        .await
        .unwrap();
    e2e.wait_for_text("[data-testid=copy-secret-status]", "Cop")
        .await;
    e2e.wait_for("[data-testid=secret-stored]")
        .await
        .click()
        .await
        .unwrap();

    e2e.wait_for_text(
        "[data-testid=source-row][data-source=eng-alerts] [data-testid=webhook-url]",
        "/hooks/",
    )
    .await;
    assert!(e2e
        .current_url()
        .await
        .ends_with(&format!("/sandboxes/{id}/sources")));
    e2e.goto(&format!("/sandboxes/{id}")).await;
    e2e.wait_for("[data-testid=sandbox-title]").await;
    e2e.goto(&format!("/sandboxes/{id}/sources")).await;
    e2e.wait_for("[data-testid=source-row][data-source=eng-alerts]")
        .await;
    assert_eq!(count(&e2e, "[data-testid=secret-panel]").await, 0);
    assert!(
        !page_traces(&e2e).await.contains(&secret),
        "the secret is gone from page, URL and storage"
    );
    let sources = api_get(&e2e, &format!("{SANDBOXES}/{id}/sources")).await;
    let source = sources
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "eng-alerts")
        .unwrap();
    assert_eq!(source["webhook_signing_secret"], Value::Null);

    // Rotation: a warning first, then a new secret, shown the same way.
    e2e.wait_for("[data-testid=source-row][data-source=eng-alerts] [data-testid=rotate-open]")
        .await
        .click()
        .await
        .unwrap();
    e2e.wait_for_text("[data-testid=rotate-dialog]", "stops working immediately")
        .await;
    e2e.wait_for("[data-testid=rotate-dialog-confirm]")
        .await
        .click()
        .await
        .unwrap();
    e2e.wait_for_text("[data-testid=secret-panel]", "eng-alerts")
        .await;
    let rotated = e2e
        .wait_for("[data-testid=secret-value]")
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap();
    assert!(
        rotated.len() >= 16 && rotated != secret,
        "a new secret: {rotated:?}"
    );
    e2e.wait_for("[data-testid=secret-stored]")
        .await
        .click()
        .await
        .unwrap();
    eventually("the panel to close", || async {
        count(&e2e, "[data-testid=secret-panel]").await == 0
    })
    .await;
    let traces = page_traces(&e2e).await;
    assert!(!traces.contains(&rotated) && !traces.contains(&secret));
    let logged = e2e.console_log().await.join("\n");
    assert!(
        !logged.contains(&rotated) && !logged.contains(&secret),
        "no secret in the console log"
    );
}

#[tokio::test]
async fn a_polling_source_with_a_30_second_interval_is_refused_at_the_field() {
    let e2e = E2e::start().await;
    let id = sandbox_id(&e2e, "e2e-05").await;
    e2e.connect_as(tokens::ADMIN).await;
    e2e.goto(&format!("/sandboxes/{id}/sources/new")).await;
    type_text(&e2e, "#source-name", "issues-poller").await;
    select_value(&e2e, "#source-provider", "linear").await;
    e2e.wait_for("#source-mode-polling")
        .await
        .click()
        .await
        .unwrap();
    let interval = e2e.wait_for("#source-poll-interval").await;
    assert_eq!(
        interval.prop("value").await.unwrap().as_deref(),
        Some("300"),
        "the default is shown"
    );
    type_text(&e2e, "#source-poll-interval", "30").await;
    e2e.wait_for("[data-testid=register-submit]")
        .await
        .click()
        .await
        .unwrap();

    e2e.wait_for_text("#source-poll-interval-error", "greater than or equal to 60")
        .await;
    assert_eq!(
        e2e.wait_for("#source-poll-interval")
            .await
            .attr("aria-invalid")
            .await
            .unwrap()
            .as_deref(),
        Some("true")
    );
    assert_eq!(
        e2e.wait_for("#source-poll-interval")
            .await
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some("30")
    );
    assert_eq!(
        e2e.wait_for("#source-name")
            .await
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some("issues-poller")
    );
    let sources = api_get(&e2e, &format!("{SANDBOXES}/{id}/sources")).await;
    assert_eq!(sources.as_array().unwrap().len(), 1, "nothing registered");

    // Fixed, it goes through and back to the list with a notice.
    type_text(&e2e, "#source-poll-interval", "90").await;
    e2e.wait_for("[data-testid=register-submit]")
        .await
        .click()
        .await
        .unwrap();
    e2e.wait_for_text(
        "[data-testid=source-row][data-source=issues-poller]",
        "every 90 s",
    )
    .await;
    e2e.wait_for_text(
        "[data-testid=notice]",
        "Registered the data source issues-poller",
    )
    .await;
}

#[tokio::test]
async fn a_viewer_can_change_nothing_in_the_three_sections() {
    let e2e = E2e::start().await;
    let id = sandbox_id(&e2e, "e2e-06").await;
    e2e.connect_as(tokens::VIEWER).await;

    e2e.goto(&format!("/sandboxes/{id}/members")).await;
    e2e.wait_for_text("[data-testid=members-refusal]", "may not change members")
        .await;
    e2e.wait_for("[data-testid=member-row]").await;
    assert!(!enabled(&e2e, "#members-emails").await);
    assert!(!enabled(&e2e, "[data-testid=members-add]").await);
    assert!(!enabled(&e2e, "[data-testid=members-remove]").await);
    for control in e2e
        .browser()
        .find_all(By::Css(
            "[data-testid=member-row] select, [data-testid=member-row] input",
        ))
        .await
        .unwrap()
    {
        assert!(
            !control.is_enabled().await.unwrap(),
            "a member control is enabled for a viewer"
        );
    }

    e2e.goto(&format!("/sandboxes/{id}/apps")).await;
    e2e.wait_for_text("[data-testid=apps-refusal]", "may not push apps")
        .await;
    e2e.wait_for("[data-testid=app-row]").await;
    let pushes = e2e
        .browser()
        .find_all(By::Css("[data-testid=push-open]"))
        .await
        .unwrap();
    assert_eq!(pushes.len(), 2);
    for push in pushes {
        assert!(!push.is_enabled().await.unwrap());
    }

    e2e.goto(&format!("/sandboxes/{id}/sources")).await;
    e2e.wait_for_text(
        "[data-testid=sources-refusal]",
        "may not change data sources",
    )
    .await;
    e2e.wait_for("[data-testid=source-row]").await;
    assert!(!enabled(&e2e, "[data-testid=source-register-link]").await);
    assert!(!enabled(&e2e, "[data-testid=source-delete-open]").await);

    e2e.goto(&format!("/sandboxes/{id}/sources/new")).await;
    e2e.wait_for_text(
        "[data-testid=register-refusal]",
        "may not change data sources",
    )
    .await;
    assert!(!enabled(&e2e, "#source-name").await);
    assert!(!enabled(&e2e, "[data-testid=register-submit]").await);

    // And nothing changed behind the disabled controls.
    assert_eq!(
        api_members(&e2e, &id).await,
        pairs(&[("ada@acme.test", "owner")])
    );
    assert_eq!(
        api_get(&e2e, &format!("{SANDBOXES}/{id}/sources"))
            .await
            .as_array()
            .unwrap()
            .len(),
        1
    );
}
