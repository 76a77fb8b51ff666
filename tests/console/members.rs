//! `/sandboxes/:id/members`: pasted email lists, the member limit in
//! words, and the tab inside the real detail page against a scripted API.

use sandbox_api::Sandbox;
use sandbox_console::components::limits::{limit_explanation, usage_text, Quota};
use sandbox_console::forms::email_list::{check_email_list, parse_email_list};
use serde_json::json;
use wasm_bindgen_test::*;

use crate::support::{
    admin, element, find, input_value, is_disabled, mount_tab, once, script_fetch, select_option,
    sleep, submit, tab_answer, tab_sandbox, tab_sandbox_answer, text_of, texts, type_into,
    wait_until, writes, PageLock, RecordedRequest,
};

#[wasm_bindgen_test]
fn email_lists_split_on_commas_semicolons_spaces_and_new_lines() {
    let pasted =
        "ada@acme.test, bob@acme.test;carl@acme.test\n\tdora@acme.test  eve@acme.test,\r\n,;  ";
    assert_eq!(
        parse_email_list(pasted),
        [
            "ada@acme.test",
            "bob@acme.test",
            "carl@acme.test",
            "dora@acme.test",
            "eve@acme.test"
        ]
    );
    assert!(parse_email_list("  ,;\n ").is_empty());
}

#[wasm_bindgen_test]
fn email_lists_drop_repeats_ignoring_case_and_keep_the_first_spelling() {
    assert_eq!(
        parse_email_list("Ada@Acme.test ada@acme.test\nADA@ACME.TEST bob@acme.test"),
        ["Ada@Acme.test", "bob@acme.test"]
    );
}

#[wasm_bindgen_test]
fn invalid_addresses_are_kept_with_their_reason() {
    let checked = check_email_list("ada@acme.test nope bob@ @acme.test carl@acme");
    let summary: Vec<(&str, bool)> = checked
        .iter()
        .map(|a| (a.email.as_str(), a.is_valid()))
        .collect();
    assert_eq!(
        summary,
        [
            ("ada@acme.test", true),
            ("nope", false),
            ("bob@", false),
            ("@acme.test", false),
            ("carl@acme", false)
        ]
    );
    assert_eq!(
        checked[1].problem.as_deref(),
        Some("Enter an email address like name@example.com: this one has no @")
    );
    assert!(checked[3]
        .problem
        .as_deref()
        .unwrap()
        .contains("exactly one @ with something before it"));
    assert!(checked[4]
        .problem
        .as_deref()
        .unwrap()
        .contains("not a domain like example.com"));
}

/// The tabs' sandbox on `tier`, with that tier's limits.
fn sandbox(tier: &str) -> Sandbox {
    let (sources, members) = match tier {
        "free" => (json!(3), json!(5)),
        "pro" => (json!(25), json!(50)),
        _ => (json!(null), json!(null)),
    };
    let mut sandbox = tab_sandbox("active", "owner");
    sandbox["tier"] = json!(tier);
    sandbox["limits"]["max_sources"] = sources;
    sandbox["limits"]["max_members"] = members;
    serde_json::from_value(sandbox).unwrap()
}

#[wasm_bindgen_test]
fn limits_are_explained_in_words() {
    assert_eq!(
        limit_explanation(&sandbox("free"), Quota::Members, 5, 1).unwrap(),
        "This free sandbox allows at most 5 members (5 now). Remove someone or move to a bigger tier."
    );
    assert_eq!(
        limit_explanation(&sandbox("free"), Quota::Members, 4, 3).unwrap(),
        "This free sandbox allows at most 5 members (4 now). Remove someone or move to a bigger tier. Adding these 3 would make 7."
    );
    assert_eq!(
        limit_explanation(&sandbox("pro"), Quota::Sources, 25, 1).unwrap(),
        "This pro sandbox allows at most 25 data sources (25 now). Delete one or move to a bigger tier."
    );
    assert_eq!(
        limit_explanation(&sandbox("enterprise"), Quota::Members, 500, 1),
        None,
        "no limit, nothing to explain"
    );
    assert!(Quota::Members.would_exceed(&sandbox("free"), 4, 2));
    assert!(!Quota::Members.would_exceed(&sandbox("free"), 4, 1));
    assert!(!Quota::Sources.would_exceed(&sandbox("enterprise"), 1000, 1));
    assert_eq!(
        usage_text(&sandbox("free"), Quota::Members, 1),
        "1 of 5 members used (free tier)."
    );
    assert_eq!(
        usage_text(&sandbox("enterprise"), Quota::Sources, 40),
        "40 data sources (enterprise tier: no limit)."
    );
}

/// A member as the API lists them.
fn member(email: &str, role: &str) -> serde_json::Value {
    json!({"email": email, "role": role, "added_at": "2026-11-07T05:31:56Z", "origin": "production"})
}

#[wasm_bindgen_test]
async fn nothing_is_added_while_an_address_is_invalid() {
    let _lock = PageLock::acquire().await;
    script_fetch(json!([
        tab_answer(
            "GET",
            "/users",
            200,
            json!([member("ada@acme.test", "owner")])
        ),
        tab_answer(
            "POST",
            "/users",
            200,
            json!({"sandbox_id": "sbx_test",
            "added": [{"email": "bob@acme.test", "role": "editor", "added_at": "2026-11-07T06:00:00Z", "origin": "added"},
                      {"email": "carl@acme.test", "role": "editor", "added_at": "2026-11-07T06:00:00Z", "origin": "added"}],
            "updated": [], "unchanged": [member("ada@acme.test", "editor")]})
        ),
        tab_sandbox_answer("active", "owner"),
    ]));
    let _page = mount_tab("members", admin());
    wait_until("the member list", || {
        find("[data-testid=member-row]").is_some()
    })
    .await;

    type_into(
        "#members-emails",
        "bob@acme.test; carl@acme\nBOB@acme.test ada@acme.test",
    );
    wait_until("the preview", || {
        texts("[data-testid=address-invalid]").len() == 1
    })
    .await;
    assert_eq!(
        texts(".address-email"),
        ["bob@acme.test", "carl@acme", "ada@acme.test"],
        "the repeat is gone"
    );
    assert!(text_of("[data-testid=address-invalid]").contains("not a domain like example.com"));
    assert!(text_of("[data-testid=address-preview]").contains("already a member (owner)"));
    assert!(text_of("[data-testid=members-add-blocker]")
        .contains("Nothing is sent while any address is invalid"));
    assert!(is_disabled("[data-testid=members-add]"));
    submit("[data-testid=add-members]");
    sleep(50).await;
    assert!(
        writes().is_empty(),
        "nothing sent while an address is invalid"
    );

    type_into(
        "#members-emails",
        "bob@acme.test; carl@acme.test\nBOB@acme.test",
    );
    select_option("#members-role", "editor");
    wait_until("the button to allow it", || {
        !is_disabled("[data-testid=members-add]")
    })
    .await;
    assert_eq!(text_of("[data-testid=members-add]"), "Add 2 members");
    element("[data-testid=members-add]").click();
    wait_until("the outcome", || {
        find("[data-testid=members-outcome]").is_some()
    })
    .await;
    let sent = writes();
    assert_eq!(sent.len(), 1);
    assert!(
        sent[0].method == "POST" && sent[0].url.ends_with("/sbx_test/users"),
        "{:?}",
        sent[0]
    );
    assert_eq!(
        sent[0].json(),
        json!({"users": [{"email": "bob@acme.test", "role": "editor"}, {"email": "carl@acme.test", "role": "editor"}]})
    );
    let outcome = text_of("[data-testid=members-outcome]");
    assert!(
        outcome.contains("Added 2: bob@acme.test (editor), carl@acme.test (editor)."),
        "{outcome}"
    );
    assert!(
        outcome.contains("Already a member with that role: ada@acme.test (editor)."),
        "{outcome}"
    );
    assert_eq!(
        input_value("#members-emails"),
        "",
        "a success empties the box"
    );
}

#[wasm_bindgen_test]
async fn the_member_limit_and_the_last_owner_are_explained() {
    let _lock = PageLock::acquire().await;
    let roster: Vec<_> = std::iter::once(member("ada@acme.test", "owner"))
        .chain((1..5).map(|i| member(&format!("m{i}@acme.test"), "viewer")))
        .collect();
    script_fetch(json!([
        tab_answer("GET", "/users", 200, json!(roster)),
        tab_answer(
            "POST",
            "/users",
            409,
            json!({"detail": "Member limit reached: this sandbox's tier allows 5 members (it has 5)"})
        ),
        tab_sandbox_answer("active", "owner"),
    ]));
    let _page = mount_tab("members", admin());
    wait_until("the member list", || {
        texts("[data-testid=member-row]").len() == 5
    })
    .await;
    // The only owner can be neither demoted nor selected for removal.
    let owner_row = "[data-testid=member-row][data-email='ada@acme.test']";
    assert!(
        text_of(&format!("{owner_row} [data-testid=last-owner-reason]"))
            .contains("The last owner cannot be demoted.")
    );
    assert!(is_disabled(&format!("{owner_row} select")));
    assert!(is_disabled(&format!("{owner_row} input[type=checkbox]")));
    assert!(!is_disabled(
        "[data-testid=member-row][data-email='m1@acme.test'] select"
    ));

    type_into("#members-emails", "new1@acme.test new2@acme.test");
    wait_until("the button to allow it", || {
        !is_disabled("[data-testid=members-add]")
    })
    .await;
    element("[data-testid=members-add]").click();
    wait_until("the explanation", || {
        find("[data-testid=members-outcome]").is_some()
    })
    .await;
    assert_eq!(
        text_of("[data-testid=members-outcome] .outcome-lines"),
        "This free sandbox allows at most 5 members (5 now). Remove someone or move to a bigger tier. Adding these 2 would make 7."
    );
    assert_eq!(
        input_value("#members-emails"),
        "new1@acme.test new2@acme.test",
        "the paste survives the error"
    );
}

/// The `SandboxUserResponse` of a role change of `email` to `role`.
fn role_changed(email: &str, role: &str) -> serde_json::Value {
    json!({"sandbox_id": "sbx_test", "added": [], "updated": [member(email, role)], "unchanged": []})
}

#[wasm_bindgen_test]
async fn a_changed_role_waits_for_save_and_can_be_undone() {
    let _lock = PageLock::acquire().await;
    let roster = |role: &str| {
        json!([
            member("ada@acme.test", "owner"),
            member("bob@acme.test", role)
        ])
    };
    script_fetch(json!([
        once(tab_answer("GET", "/users", 200, roster("viewer"))),
        once(tab_answer(
            "POST",
            "/users",
            200,
            role_changed("bob@acme.test", "editor")
        )),
        once(tab_answer("GET", "/users", 200, roster("editor"))),
        tab_answer(
            "POST",
            "/users",
            200,
            role_changed("bob@acme.test", "viewer")
        ),
        tab_answer("GET", "/users", 200, roster("viewer")),
        tab_sandbox_answer("active", "owner"),
    ]));
    let _page = mount_tab("members", admin());
    let bob = "[data-testid=member-row][data-email='bob@acme.test']";
    wait_until("bob's row", || find(bob).is_some()).await;
    assert!(find(&format!("{bob} [data-testid=member-role-save]")).is_none());

    // Stepping through the roles with the arrow keys sends nothing.
    for role in ["editor", "owner", "editor"] {
        select_option(&format!("{bob} select"), role);
    }
    wait_until("Save and Cancel", || {
        find(&format!("{bob} [data-testid=member-role-save]")).is_some()
    })
    .await;
    assert_eq!(
        element(&format!("{bob} [data-testid=member-role-save]"))
            .get_attribute("aria-label")
            .as_deref(),
        Some("Save the role of bob@acme.test")
    );
    sleep(50).await;
    assert!(writes().is_empty(), "nothing is saved before Save");

    // Cancel puts the role back and saves nothing.
    element(&format!("{bob} [data-testid=member-role-cancel]")).click();
    wait_until("Save to go", || {
        find(&format!("{bob} [data-testid=member-role-save]")).is_none()
    })
    .await;
    assert_eq!(input_value(&format!("{bob} select")), "viewer");
    assert!(writes().is_empty(), "Cancel saves nothing");

    select_option(&format!("{bob} select"), "editor");
    wait_until("Save", || {
        find(&format!("{bob} [data-testid=member-role-save]")).is_some()
    })
    .await;
    element(&format!("{bob} [data-testid=member-role-save]")).click();
    wait_until("the notice", || {
        text_of("[data-testid=notice]").contains("bob@acme.test is now editor.")
    })
    .await;
    wait_until("bob's row as an editor", || {
        find(&format!("{bob}[data-role=editor]")).is_some()
    })
    .await;
    assert!(
        find(&format!("{bob} [data-testid=member-role-save]")).is_none(),
        "a saved role is no change"
    );
    assert_eq!(
        writes()
            .iter()
            .map(RecordedRequest::json)
            .collect::<Vec<_>>(),
        [json!({"users": [{"email": "bob@acme.test", "role": "editor"}]})],
        "one request, on Save"
    );

    // Undo sends the old role back through the API.
    let undo = element("[data-testid=notice] [data-testid=notice-action]");
    assert_eq!(undo.text_content().as_deref(), Some("Undo"));
    undo.click();
    wait_until("the undo's notice", || {
        text_of("[data-testid=notice]").contains("bob@acme.test is viewer again.")
    })
    .await;
    let sent = writes();
    assert_eq!(sent.len(), 2);
    assert_eq!(
        sent[1].json(),
        json!({"users": [{"email": "bob@acme.test", "role": "viewer"}]})
    );
    wait_until("bob's row as a viewer again", || {
        find(&format!("{bob}[data-role=viewer]")).is_some()
    })
    .await;
    assert!(
        find("[data-testid=notice-action]").is_none(),
        "the Undo went with its notice"
    );
}

#[wasm_bindgen_test]
async fn a_refused_role_change_goes_back_and_says_why() {
    let _lock = PageLock::acquire().await;
    script_fetch(json!([
        tab_answer(
            "GET",
            "/users",
            200,
            json!([
                member("ada@acme.test", "owner"),
                member("bob@acme.test", "owner")
            ])
        ),
        tab_answer(
            "POST",
            "/users",
            409,
            json!({"detail": "A sandbox must keep at least one owner"})
        ),
        tab_sandbox_answer("active", "owner"),
    ]));
    let _page = mount_tab("members", admin());
    let bob = "[data-testid=member-row][data-email='bob@acme.test']";
    wait_until("bob's row", || find(bob).is_some()).await;
    select_option(&format!("{bob} select"), "viewer");
    wait_until("Save", || {
        find(&format!("{bob} [data-testid=member-role-save]")).is_some()
    })
    .await;
    element(&format!("{bob} [data-testid=member-role-save]")).click();
    wait_until("the outcome", || {
        find("[data-testid=members-outcome]").is_some()
    })
    .await;
    assert_eq!(
        input_value(&format!("{bob} select")),
        "owner",
        "the role the member still has"
    );
    assert!(find(&format!("{bob} [data-testid=member-role-save]")).is_none());
    assert!(
        find("[data-testid=notice-action]").is_none(),
        "nothing to undo"
    );
}

#[wasm_bindgen_test]
async fn a_notice_never_covers_the_control_just_used() {
    use leptos::prelude::*;
    use sandbox_console::components::use_notices;

    let _lock = PageLock::acquire().await;
    // The console's own placement of notices: fixed in the bottom corner.
    let style = crate::support::document().create_element("style").unwrap();
    style.set_text_content(Some(
        ".notices { position: fixed; right: 0; bottom: 0; width: 100%; } .notice { height: 80px; }",
    ));
    crate::support::document()
        .head()
        .unwrap()
        .append_child(&style)
        .unwrap();
    let viewport = web_sys::window()
        .unwrap()
        .inner_height()
        .unwrap()
        .as_f64()
        .unwrap();
    let (_page, _) = crate::support::mount_app(Some(admin()), move || {
        let notices = use_notices();
        view! {
            // The button sits at the bottom of the viewport, where a notice shows.
            <div style=format!("height: {}px", viewport - 40.0)></div>
            <button
                id="just-used"
                style="height: 30px; width: 100%"
                on:click=move |_| notices.success("Saved.")
            >
                "Save"
            </button>
        }
        .into_any()
    });
    let button = element("#just-used");
    button.focus().unwrap();
    button.scroll_into_view_with_bool(false);
    button.click();
    wait_until("the notice", || find("[data-testid=notice]").is_some()).await;
    wait_until("the button clear of the notice", || {
        let notice = element(".notices").get_bounding_client_rect();
        button.get_bounding_client_rect().bottom() <= notice.top()
    })
    .await;
    style.remove();
}
