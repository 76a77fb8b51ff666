//! Changing a member's role in the tab: saved or undone, refused, and
//! notices that never cover the control just used.

use serde_json::json;
use wasm_bindgen_test::*;

use super::{listed, member, refused_add};
use crate::support::{
    admin, element, find, input_value, mount_tab, once, script_fetch, select_option, sleep,
    tab_answer, tab_sandbox_answer, text_of, wait_until, writes, PageLock, RecordedRequest,
};

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
        listed(json!([
            member("ada@acme.test", "owner"),
            member("bob@acme.test", "owner")
        ])),
        refused_add("A sandbox must keep at least one owner"),
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
