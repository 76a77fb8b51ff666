//! `/sandboxes/:id/members`: several members from one paste, a role
//! changed in place, the last owner kept; and a viewer, who may change
//! nothing there nor in the apps and sources tabs.

use sandbox_api::SANDBOXES_PATH;
use sandbox_e2e::{eventually, tokens, E2e};
use serde_json::json;

use crate::support::{open_demo_sandbox_tab, section_list};

/// Every member as (email, role), sorted.
async fn api_members(e2e: &E2e, id: &str) -> Vec<(String, String)> {
    let mut members: Vec<(String, String)> = section_list(e2e, id, "users")
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

#[tokio::test]
async fn several_members_from_one_paste_then_a_role_changed_and_saved_in_place() {
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

    // A changed role is saved only on its row's Save, and confirmed with an Undo.
    let carl = member_row("carl@acme.test");
    e2e.select_value(&format!("{carl} select"), "viewer").await;
    e2e.click(&format!("{carl} [data-testid=member-role-save]"))
        .await;
    e2e.wait_for_text("[data-testid=notice]", "carl@acme.test is now viewer.")
        .await;
    e2e.wait_for("[data-testid=notice] [data-testid=notice-action]")
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
    eventually("ada to be selectable", || async {
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
            &format!("{SANDBOXES_PATH}/{id}/users"),
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

/// Starts on the members tab and goes on through the other two: one
/// server for all three refusals.
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
    assert_eq!(section_list(&e2e, &id, "sources").await.len(), 1);
}
