//! Activity against `sandboxd --demo`: a member added and a refresh made in
//! the UI are found, with the admin's email, in the sandbox's Activity tab
//! and on `/activity` filtered by actor; the refresh's steps advance on the
//! detail page until it is active; the filtered export is the API's answer
//! row by row; support sees another tenant's events, the tenant named,
//! and a deleted sandbox's history, named and not linked.

use std::cell::RefCell;

use sandbox_api::EVENTS_PATH;
use sandbox_e2e::{eventually_within, tokens, Api, E2e};
use serde_json::Value;

use crate::support::{
    catch_downloads, caught_download, demo_sandbox_id, parse_csv, wait_for_active_badge, PATIENCE,
};

/// ada@acme.test, `demo-admin`, as the Activity pages name her.
const ADA: &str = "ada@acme.test";
/// A refresh long enough for the detail page's polls (1 s, then 2 s, …)
/// to find it at more than one step.
const REFRESH_MS: &str = "6000";

/// Every event the API lists at `path` (which has a query), all pages.
async fn all_events(api: &Api, path: &str) -> Vec<Value> {
    let mut events = Vec::new();
    loop {
        let page = api
            .get_list(&format!("{path}&limit=200&offset={}", events.len()))
            .await;
        let done = page.len() < 200;
        events.extend(page);
        if done {
            return events;
        }
    }
}

/// The text of each cell of class `class` in the shown event rows whose
/// action is `action`.
async fn cells_of(e2e: &E2e, action: &str, class: &str) -> Vec<String> {
    e2e.texts(&format!(
        "[data-testid=event-row][data-action='{action}'] .{class}"
    ))
    .await
}

/// Each step's state as the detail page shows it now (`done`, `running`, …).
async fn step_states(e2e: &E2e) -> Vec<String> {
    let mut states = Vec::new();
    for step in e2e.all("[data-testid=operation-step]").await {
        let class = step.class_name().await.ok().flatten().unwrap_or_default();
        if let Some(state) = class.split(' ').find_map(|c| c.strip_prefix("step-")) {
            states.push(state.to_owned());
        }
    }
    states
}

/// Refreshes the open detail page's sandbox through its dialog and
/// follows its steps to `active`; returns every distinct (states,
/// percent) the page showed, in order.
async fn refresh_and_follow_the_steps(e2e: &E2e) -> Vec<(Vec<String>, String)> {
    e2e.wait_for("[data-testid=refresh-open]")
        .await
        .click()
        .await
        .unwrap();
    e2e.wait_for("[data-testid=refresh-dialog][open]").await;
    e2e.click("[data-testid=refresh-confirm]").await;
    let seen = RefCell::new(Vec::<(Vec<String>, String)>::new());
    eventually_within(PATIENCE, "the refresh to finish", || async {
        let states = step_states(e2e).await;
        if states.is_empty() {
            // No operation shown: before the first poll, or finished.
            return (!seen.borrow().is_empty()).then_some(());
        }
        // Read without waiting: the operation may end between two reads.
        let percent = e2e.texts("[data-testid=operation-percent]").await.pop()?;
        let shown = (states, percent);
        if seen.borrow().last() != Some(&shown) {
            seen.borrow_mut().push(shown);
        }
        None
    })
    .await;
    wait_for_active_badge(e2e, "active after the refresh").await;
    seen.into_inner()
}

#[tokio::test]
async fn a_member_added_and_a_refresh_are_found_by_actor_and_exported_as_the_api_lists_them() {
    let e2e = E2e::start_with_server_args(&["--refresh-ms", REFRESH_MS]).await;
    let api = e2e.api(tokens::ADMIN);
    let id = demo_sandbox_id(&api, "e2e-03").await;
    e2e.connect_as(tokens::ADMIN).await;

    e2e.goto(&format!("/sandboxes/{id}/members")).await;
    e2e.type_into("#members-emails", "grace@acme.test").await;
    e2e.click_text("[data-testid=members-add]", "Add 1 member")
        .await;
    e2e.wait_for_text("[data-testid=members-outcome]", "Added 1")
        .await;

    e2e.goto(&format!("/sandboxes/{id}")).await;
    let seen = refresh_and_follow_the_steps(&e2e).await;
    // The steps advance: a step running, later that step done and another
    // one under way; the percentage never goes back.
    let running_at = |seen: &(Vec<String>, String)| seen.0.iter().position(|s| s == "running");
    let positions: Vec<usize> = seen.iter().filter_map(running_at).collect();
    assert!(
        positions.len() >= 2 && positions.windows(2).all(|pair| pair[0] <= pair[1]),
        "steps seen: {seen:?}"
    );
    assert!(positions.first() < positions.last(), "steps seen: {seen:?}");
    let percents: Vec<u32> = seen
        .iter()
        .map(|(_, percent)| percent.trim_end_matches('%').trim().parse().unwrap())
        .collect();
    assert!(
        percents.windows(2).all(|pair| pair[0] <= pair[1]),
        "{percents:?}"
    );

    // The sandbox's Activity tab: both, by ada, newest first.
    e2e.goto(&format!("/sandboxes/{id}/activity")).await;
    e2e.wait_for("[data-testid=event-row][data-action='sandbox.refresh_requested']")
        .await;
    let by_ada = format!("{ADA} (admin)");
    for action in ["members.added", "sandbox.refresh_requested"] {
        assert_eq!(
            cells_of(&e2e, action, "event-actor").await[0],
            by_ada,
            "{action}"
        );
    }
    assert!(
        e2e.text_of(
            "[data-testid=event-row][data-action='members.added'] [data-testid=event-changes]"
        )
        .await
        .contains("grace@acme.test"),
        "the added member among the changes"
    );

    // /activity filtered by actor: the same two first, and only ada's.
    e2e.goto("/activity?actor=ada%40acme.test").await;
    e2e.wait_for("[data-testid=event-row][data-action='sandbox.refresh_requested']")
        .await;
    for action in ["members.added", "sandbox.refresh_requested"] {
        let sandboxes = e2e
            .texts(&format!(
                "[data-testid=event-row][data-action='{action}'] [data-testid=event-sandbox]"
            ))
            .await;
        assert_eq!(sandboxes[0], "e2e-03", "{action}");
    }
    let actors = e2e.texts("[data-testid=event-row] .event-actor").await;
    assert!(actors.iter().all(|actor| actor == &by_ada), "{actors:?}");

    // Its export: every filtered event, not only the shown page, as the API lists them.
    let expected = all_events(&api, &format!("{EVENTS_PATH}?actor=ada%40acme.test")).await;
    assert!(expected.len() > 50, "more than a page: {}", expected.len());
    catch_downloads(&e2e).await;
    e2e.click("[data-testid=export-start]").await;
    let (file_name, text) = caught_download(&e2e).await;
    assert!(file_name.starts_with("activity-ada"), "{file_name}");
    let records = parse_csv(&text);
    let (header, rows) = records.split_first().expect("a header");
    assert_eq!(
        rows.len(),
        expected.len(),
        "one row per event the API lists"
    );
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    for (row, event) in rows.iter().zip(&expected) {
        let want = [
            ("occurred_at", event["occurred_at"].as_str().unwrap()),
            ("tenant_account", event["user_id"].as_str().unwrap()),
            ("sandbox_id", event["sandbox_id"].as_str().unwrap()),
            ("sandbox_name", event["sandbox_name"].as_str().unwrap()),
            (
                "sandbox_deleted",
                if event["sandbox_deleted"] == true {
                    "yes"
                } else {
                    "no"
                },
            ),
            ("actor_email", ADA),
            ("actor_role", "admin"),
            ("action", event["action"].as_str().unwrap()),
            ("request_id", event["request_id"].as_str().unwrap_or("")),
        ];
        for (name, value) in want {
            assert_eq!(row[column(name)], value, "{name} of {}", event["event_id"]);
        }
    }
}

#[tokio::test]
async fn support_sees_another_tenants_events_and_a_deleted_sandboxs_history() {
    let e2e = E2e::start().await;
    let support = e2e.api(tokens::SUPPORT);
    let globex = "acct_demo_globex";
    // The demo's deleted Globex sandbox, found as support finds it.
    let deleted = support
        .get_list(&format!(
            "{EVENTS_PATH}?user_id={globex}&action=sandbox.deleted"
        ))
        .await;
    let gone = deleted
        .iter()
        .find(|event| event["sandbox_deleted"] == true)
        .expect("a deleted sandbox in the demo's past");
    let (gone_id, gone_name) = (
        gone["sandbox_id"].as_str().unwrap().to_owned(),
        gone["sandbox_name"].as_str().unwrap().to_owned(),
    );
    e2e.connect_as(tokens::SUPPORT).await;

    e2e.goto(&format!("/activity?user_id={globex}")).await;
    e2e.wait_for("[data-testid=event-row]").await;
    // Each entry names its tenant, with the id the tenant filter takes.
    let tenants = e2e.texts("[data-testid=event-row] .event-tenant").await;
    assert!(
        !tenants.is_empty()
            && tenants
                .iter()
                .all(|tenant| tenant == &format!("Globex Corporation {globex}")),
        "{tenants:?}"
    );

    // The deleted sandbox's history: named and marked deleted, no link to a 404.
    e2e.goto(&format!("/activity?sandbox_id={gone_id}")).await;
    e2e.wait_for("[data-testid=event-row][data-action='sandbox.deleted']")
        .await;
    let named = e2e.all("[data-testid=event-sandbox]").await;
    let expected = support
        .get_list(&format!("{EVENTS_PATH}?sandbox_id={gone_id}"))
        .await;
    assert_eq!(named.len(), expected.len(), "every event of its history");
    for cell in named {
        assert_eq!(cell.tag_name().await.unwrap(), "span", "not a link");
        assert_eq!(cell.text().await.unwrap(), format!("{gone_name} (deleted)"));
    }
    assert!(e2e.all(&format!("a[href*='{gone_id}']")).await.is_empty());
}
