//! Adding members in the tab: nothing while an address is invalid, the
//! member limit and the last owner explained.

use serde_json::json;
use wasm_bindgen_test::*;

use super::{listed, member, refused_add};
use crate::support::{
    admin, element, find, input_value, is_disabled, mount_tab, script_fetch, select_option, sleep,
    submit, tab_answer, tab_sandbox_answer, text_of, texts, type_into, wait_until, writes,
    PageLock,
};

#[wasm_bindgen_test]
async fn nothing_is_added_while_an_address_is_invalid() {
    let _lock = PageLock::acquire().await;
    script_fetch(json!([
        listed(json!([member("ada@acme.test", "owner")])),
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
        refused_add("Member limit reached: this sandbox's tier allows 5 members (it has 5)"),
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
