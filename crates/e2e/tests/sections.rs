//! The members, apps and data-source sections of a sandbox, driven in
//! headless Chromium against `sandboxd --demo`, with the API checked behind
//! the console's back. Each test has its own server and uses one of the
//! `cust_e2e` demo sandboxes (`e2e-01`…: active, free, one owner member
//! ada@acme.test, apps billing 2.7.1 and crm 4.2.0, one manual source).

mod common;

use common::{open_demo_sandbox_tab, SANDBOXES};
use sandbox_e2e::{tokens, E2e};
use serde_json::{json, Value};

/// `GET {SANDBOXES}/{id}/{section}` as the admin: the section's list.
async fn api_list(e2e: &E2e, id: &str, section: &str) -> Vec<Value> {
    let path = format!("{SANDBOXES}/{id}/{section}");
    let response = e2e.api(tokens::ADMIN).get_json(&path).await;
    assert!(
        response.status.is_success(),
        "GET {path}: {} {}",
        response.status,
        response.body
    );
    match response.body {
        Value::Array(list) => list,
        other => panic!("GET {path}: not a list: {other}"),
    }
}

/// The item of `list` whose `key` is `name`.
fn named<'a>(list: &'a [Value], key: &str, name: &str) -> &'a Value {
    list.iter()
        .find(|item| item[key] == name)
        .unwrap_or_else(|| panic!("no {key} {name:?} in {list:?}"))
}

/// Every member as (email, role), sorted.
async fn api_members(e2e: &E2e, id: &str) -> Vec<(String, String)> {
    let mut members: Vec<(String, String)> = api_list(e2e, id, "users")
        .await
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

/// The members table's row of `email`.
fn member_row(email: &str) -> String {
    format!("[data-testid=member-row][data-email='{email}']")
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

/// The secret the open secret panel shows (a source's webhook signing secret).
async fn shown_secret(e2e: &E2e) -> String {
    e2e.value_of("[data-testid=secret-value]").await
}

#[tokio::test]
async fn several_members_from_one_paste_then_a_role_changed_in_place() {
    let e2e = E2e::start().await;
    let id = open_demo_sandbox_tab(&e2e, tokens::ADMIN, "e2e-01", "members").await;
    e2e.wait_for(&member_row("ada@acme.test")).await;

    e2e.type_into(
        "#members-emails",
        "bob@acme.test, carl@acme.test;\ndora@acme.test Bob@acme.test",
    )
    .await;
    e2e.select_value("#members-role", "editor").await;
    e2e.click_text("[data-testid=members-add]", "Add 3 members")
        .await;
    e2e.wait_for_text(
        "[data-testid=members-outcome]",
        "Added 3: bob@acme.test (editor), carl@acme.test (editor), dora@acme.test (editor).",
    )
    .await;
    e2e.wait_for(&member_row("dora@acme.test")).await;
    assert_eq!(
        api_members(&e2e, &id).await,
        pairs(&[
            ("ada@acme.test", "owner"),
            ("bob@acme.test", "editor"),
            ("carl@acme.test", "editor"),
            ("dora@acme.test", "editor")
        ])
    );
    assert_eq!(e2e.value_of("#members-emails").await, "");

    let carl = member_row("carl@acme.test");
    e2e.select_value(&format!("{carl} select"), "viewer").await;
    e2e.wait_for_text(
        "[data-testid=members-outcome]",
        "Role changed: carl@acme.test is now viewer.",
    )
    .await;
    e2e.wait_for(&format!("{carl}[data-role=viewer]")).await;
    assert_eq!(
        api_members(&e2e, &id).await,
        pairs(&[
            ("ada@acme.test", "owner"),
            ("bob@acme.test", "editor"),
            ("carl@acme.test", "viewer"),
            ("dora@acme.test", "editor")
        ])
    );

    // Two removed at once, after a confirmation that names them.
    for email in ["bob@acme.test", "dora@acme.test"] {
        e2e.click(&format!("{} input[type=checkbox]", member_row(email)))
            .await;
    }
    e2e.click_text("[data-testid=members-remove]", "Remove selected (2)")
        .await;
    e2e.wait_for_text("[data-testid=remove-list]", "dora@acme.test")
        .await;
    e2e.click("[data-testid=remove-members-confirm]").await;
    e2e.wait_for_text(
        "[data-testid=members-outcome]",
        "Removed 2: bob@acme.test, dora@acme.test.",
    )
    .await;
    e2e.wait_until_gone(&member_row("dora@acme.test")).await;
    assert_eq!(
        api_members(&e2e, &id).await,
        pairs(&[("ada@acme.test", "owner"), ("carl@acme.test", "viewer")])
    );
}

#[tokio::test]
async fn the_last_owner_cannot_be_removed() {
    let e2e = E2e::start().await;
    let id = open_demo_sandbox_tab(&e2e, tokens::ADMIN, "e2e-02", "members").await;
    let ada = member_row("ada@acme.test");
    let ada_checkbox = format!("{ada} input[type=checkbox]");
    e2e.wait_for_text(
        &format!("{ada} [data-testid=last-owner-reason]"),
        "The last owner cannot be demoted.",
    )
    .await;
    assert!(
        !e2e.is_enabled(&ada_checkbox).await,
        "the only owner cannot be selected for removal"
    );
    assert!(
        !e2e.is_enabled(&format!("{ada} select")).await,
        "nor demoted"
    );

    // A second owner: both may now be selected, but not both at once.
    e2e.type_into("#members-emails", "olga@acme.test").await;
    e2e.select_value("#members-role", "owner").await;
    e2e.click_text("[data-testid=members-add]", "Add 1 member")
        .await;
    let olga = member_row("olga@acme.test");
    let olga_checkbox = format!("{olga} input[type=checkbox]");
    e2e.wait_for(&olga).await;
    sandbox_e2e::eventually("ada to be selectable", || async {
        e2e.is_enabled(&ada_checkbox).await.then_some(())
    })
    .await;
    e2e.click(&ada_checkbox).await;
    e2e.click(&olga_checkbox).await;
    e2e.wait_for_text(
        "[data-testid=members-remove-blocker]",
        "must keep at least one owner",
    )
    .await;
    assert!(!e2e.is_enabled("[data-testid=members-remove]").await);

    // Olga leaves behind the console's back; removing ada now reaches the server, which refuses.
    let removed = e2e
        .api(tokens::ADMIN)
        .delete_json(
            &format!("{SANDBOXES}/{id}/users"),
            Some(&json!({"users": [{"email": "olga@acme.test"}]})),
        )
        .await;
    assert!(removed.status.is_success(), "{}", removed.body);
    e2e.click(&olga_checkbox).await;
    e2e.click_text("[data-testid=members-remove]", "Remove selected (1)")
        .await;
    e2e.wait_for_text("[data-testid=remove-list]", "ada@acme.test")
        .await;
    e2e.click("[data-testid=remove-members-confirm]").await;
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
    let id = open_demo_sandbox_tab(&e2e, tokens::ADMIN, "e2e-03", "apps").await;
    let billing = "[data-testid=app-row][data-app=billing]";
    e2e.wait_for_text(
        &format!("{billing} [data-testid=last-push]"),
        "never pushed",
    )
    .await;
    e2e.click(&format!("{billing} [data-testid=push-open]"))
        .await;

    assert_eq!(
        e2e.value_of("#push-target").await,
        "production",
        "the default target"
    );
    e2e.type_into("#push-target", "staging db").await;
    e2e.wait_for_text("#push-target-error", "without spaces")
        .await;
    assert!(!e2e.is_enabled("[data-testid=push-confirm]").await);
    e2e.type_into("#push-target", "qa-db-7").await;
    let sentence = e2e
        .wait_for_text("[data-testid=push-sentence]", "qa-db-7")
        .await
        .text()
        .await
        .unwrap();
    for part in ["billing", "2.7.1", "e2e-03", "qa-db-7"] {
        assert!(sentence.contains(part), "{part} missing from {sentence:?}");
    }
    e2e.click("[data-testid=push-confirm]").await;
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
    e2e.click("[data-testid=push-close]").await;
    e2e.wait_for_text(&format!("{billing} [data-testid=last-push]"), "qa-db-7")
        .await;
    e2e.wait_for_text(&format!("{billing} [data-testid=push-status]"), "succeeded")
        .await;

    let apps = api_list(&e2e, &id, "apps").await;
    let app = named(&apps, "app_name", "billing");
    assert_eq!(app["last_push"]["target"], "qa-db-7");
    assert_eq!(app["last_push"]["status"], "succeeded");
}

#[tokio::test]
async fn a_realtime_source_shows_its_secret_once_and_a_rotation_shows_a_new_one() {
    let e2e = E2e::start().await;
    let id = open_demo_sandbox_tab(&e2e, tokens::ADMIN, "e2e-04", "sources").await;
    e2e.click("[data-testid=source-register-link]").await;
    e2e.type_into("#source-name", "eng-alerts").await;
    e2e.click("#source-mode-realtime").await;
    e2e.type_into("#source-account", "T024BE7LD").await;
    e2e.type_into("#source-adapter-config", "{\"channel\": \"C024BE91L\"}")
        .await;
    e2e.click("[data-testid=register-submit]").await;

    e2e.wait_for_text("[data-testid=secret-panel]", "will not be shown again")
        .await;
    let secret = shown_secret(&e2e).await;
    assert!(secret.len() >= 16, "a secret is shown: {secret:?}");
    assert!(!e2e.current_url().await.contains(&secret));
    e2e.click("[data-testid=copy-secret]").await;
    e2e.wait_for_text("[data-testid=copy-secret-status]", "Cop")
        .await;
    e2e.click("[data-testid=secret-stored]").await;

    let eng_alerts = "[data-testid=source-row][data-source=eng-alerts]";
    e2e.wait_for_text(
        &format!("{eng_alerts} [data-testid=webhook-url]"),
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
    e2e.wait_for(eng_alerts).await;
    assert_eq!(e2e.count("[data-testid=secret-panel]").await, 0);
    assert!(
        !page_traces(&e2e).await.contains(&secret),
        "the secret is gone from page, URL and storage"
    );
    let sources = api_list(&e2e, &id, "sources").await;
    let source = named(&sources, "name", "eng-alerts");
    assert_eq!(source["webhook_signing_secret"], Value::Null);

    // Rotation: a warning first, then a new secret, shown the same way.
    e2e.click(&format!("{eng_alerts} [data-testid=rotate-open]"))
        .await;
    e2e.wait_for_text("[data-testid=rotate-dialog]", "stops working immediately")
        .await;
    e2e.click("[data-testid=rotate-dialog-confirm]").await;
    e2e.wait_for_text("[data-testid=secret-panel]", "eng-alerts")
        .await;
    let rotated = shown_secret(&e2e).await;
    assert!(
        rotated.len() >= 16 && rotated != secret,
        "a new secret: {rotated:?}"
    );
    e2e.click("[data-testid=secret-stored]").await;
    e2e.wait_until_gone("[data-testid=secret-panel]").await;
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
    let id = open_demo_sandbox_tab(&e2e, tokens::ADMIN, "e2e-05", "sources/new").await;
    e2e.type_into("#source-name", "issues-poller").await;
    e2e.select_value("#source-provider", "linear").await;
    e2e.click("#source-mode-polling").await;
    assert_eq!(
        e2e.value_of("#source-poll-interval").await,
        "300",
        "the default is shown"
    );
    e2e.type_into("#source-poll-interval", "30").await;
    e2e.click("[data-testid=register-submit]").await;

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
    assert_eq!(e2e.value_of("#source-poll-interval").await, "30");
    assert_eq!(e2e.value_of("#source-name").await, "issues-poller");
    assert_eq!(
        api_list(&e2e, &id, "sources").await.len(),
        1,
        "nothing registered"
    );

    // Fixed, it goes through and back to the list with a notice.
    e2e.type_into("#source-poll-interval", "90").await;
    e2e.click("[data-testid=register-submit]").await;
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
    let id = open_demo_sandbox_tab(&e2e, tokens::VIEWER, "e2e-06", "members").await;
    e2e.wait_for_text("[data-testid=members-refusal]", "may not change members")
        .await;
    e2e.wait_for("[data-testid=member-row]").await;
    assert!(!e2e.is_enabled("#members-emails").await);
    assert!(!e2e.is_enabled("[data-testid=members-add]").await);
    assert!(!e2e.is_enabled("[data-testid=members-remove]").await);
    for control in e2e
        .all("[data-testid=member-row] select, [data-testid=member-row] input")
        .await
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
    let pushes = e2e.all("[data-testid=push-open]").await;
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
    assert!(!e2e.is_enabled("[data-testid=source-register-link]").await);
    assert!(!e2e.is_enabled("[data-testid=source-delete-open]").await);

    e2e.goto(&format!("/sandboxes/{id}/sources/new")).await;
    e2e.wait_for_text(
        "[data-testid=register-refusal]",
        "may not change data sources",
    )
    .await;
    assert!(!e2e.is_enabled("#source-name").await);
    assert!(!e2e.is_enabled("[data-testid=register-submit]").await);

    // And nothing changed behind the disabled controls.
    assert_eq!(
        api_members(&e2e, &id).await,
        pairs(&[("ada@acme.test", "owner")])
    );
    assert_eq!(api_list(&e2e, &id, "sources").await.len(), 1);
}
