//! The detail page and v1.1's lifecycle: Extend's choices and their
//! limits, Protect / Unprotect for owners only, Refresh and Delete refused
//! (with the reason) while protected, in the page and in the dialogs, and
//! a v1.0 server's sandbox without any of it.

use leptos::prelude::*;
use sandbox_api::{format_timestamp_ms, parse_timestamp_ms, Sandbox, Tier, DAY_MS};
use sandbox_console::components::extend_expiry::{date_choice, expiry_refusal, extend_choices};
use sandbox_console::components::{DeleteDialog, RefreshDialog};
use serde_json::json;
use wasm_bindgen_test::*;

use super::{detail_sandbox, in_hours, mount_overview, v1_0_admin};
use crate::support::{
    admin, choose, dialog_open, element, find, is_disabled, mount_app, once, script_fetch, submit,
    tab_answer, tab_sandbox, text_of, type_into, viewer, wait_until, writes, PageLock,
};

#[wasm_bindgen_test]
fn extend_counts_from_the_expiry_and_stops_at_90_days_from_now() {
    let now = 1_800_000_000_000;
    let ids = |choices: &[sandbox_console::components::extend_expiry::ExtendChoice]| {
        choices.iter().map(|c| c.id.clone()).collect::<Vec<_>>()
    };

    let in_7_days = now + 7 * DAY_MS;
    let free = extend_choices(Tier::Free, Some(in_7_days), now);
    assert_eq!(ids(&free), ["1d", "7d", "30d", "never"]);
    assert_eq!(free[1].label, "+7 days");
    assert_eq!(
        free[1].expires_at,
        Some(format_timestamp_ms(in_7_days + 7 * DAY_MS)),
        "from the expiry, not from now"
    );
    assert!(free[..3].iter().all(|choice| choice.refusal.is_none()));
    assert_eq!(
        free[3].refusal.as_deref(),
        Some("Only enterprise sandboxes can never expire: choose a date within 90 days.")
    );

    let in_80_days = now + 80 * DAY_MS;
    let near_the_limit = extend_choices(Tier::Pro, Some(in_80_days), now);
    assert!(near_the_limit[1].refusal.is_none(), "87 days is allowed");
    let refused = near_the_limit[2].refusal.clone().unwrap();
    assert!(
        refused.starts_with("Choose a time at most 90 days from now: the latest allowed is "),
        "{refused}"
    );

    let enterprise = extend_choices(Tier::Enterprise, Some(in_7_days), now);
    assert_eq!(enterprise[3].refusal, None, "enterprise may never expire");
    assert_eq!(enterprise[3].expires_at, None);
    let never = extend_choices(Tier::Enterprise, None, now);
    assert_eq!(
        never[3].refusal.as_deref(),
        Some("It already never expires.")
    );
    assert_eq!(
        never[0].expires_at,
        Some(format_timestamp_ms(now + DAY_MS)),
        "from now"
    );
    let past = extend_choices(Tier::Free, Some(now - DAY_MS), now);
    assert_eq!(past[0].expires_at, Some(format_timestamp_ms(now + DAY_MS)));

    let latest = format_timestamp_ms(now + 90 * DAY_MS);
    assert_eq!(expiry_refusal(Tier::Free, Some(&latest), now), None);
    let beyond = format_timestamp_ms(now + 90 * DAY_MS + 1000);
    assert!(expiry_refusal(Tier::Free, Some(&beyond), now).is_some());
}

#[wasm_bindgen_test]
fn a_picked_date_is_whole_days_from_now() {
    let now = js_sys::Date::now() as i64;
    let date = |days: i64| {
        let day = js_sys::Date::new(&((now + days * DAY_MS) as f64).into());
        format!(
            "{:04}-{:02}-{:02}",
            day.get_full_year(),
            day.get_month() + 1,
            day.get_date()
        )
    };
    assert_eq!(
        date_choice(&date(90), now),
        Some(format_timestamp_ms(now + 90 * DAY_MS))
    );
    assert_eq!(
        date_choice(&date(3), now),
        Some(format_timestamp_ms(now + 3 * DAY_MS))
    );
    assert_eq!(date_choice("", now), None);
    assert_eq!(date_choice("next week", now), None);
}

/// The page's first GET of `sbx_test` answered with `sandbox`, a PATCH
/// and the GETs after it with `patched`, as the server would.
fn script_detail(sandbox: serde_json::Value, patched: serde_json::Value) {
    script_fetch(json!([
        tab_answer("PATCH", "", 200, patched.clone()),
        once(tab_answer("GET", "", 200, sandbox)),
        tab_answer("GET", "", 200, patched),
    ]));
}

#[wasm_bindgen_test]
async fn extend_offers_its_choices_within_the_limits_and_saves_one() {
    let _page = PageLock::acquire().await;
    let current = in_hours(80 * 24);
    let extended = format_timestamp_ms(parse_timestamp_ms(&current).unwrap() + 7 * DAY_MS);
    script_detail(
        detail_sandbox("owner", Some(&current), false),
        detail_sandbox("owner", Some(&extended), false),
    );
    let _mounted = mount_overview(admin());
    wait_until("the lifecycle section", || {
        find("[data-testid=extend-open]").is_some()
    })
    .await;
    assert!(
        text_of("[data-testid=expires]").contains("in 3 months"),
        "{}",
        text_of("[data-testid=expires]")
    );
    element("[data-testid=extend-open]").click();
    wait_until("the choices", || find("#extend-7d").is_some()).await;
    assert!(!is_disabled("#extend-1d") && !is_disabled("#extend-7d"));
    assert!(is_disabled("#extend-30d"), "87 + 30 days is past the limit");
    assert!(text_of("#extend-30d-detail").contains("at most 90 days from now"));
    assert!(is_disabled("#extend-never"));
    assert!(text_of("#extend-never-detail").contains("Only enterprise sandboxes"));

    element("[data-testid=extend-dialog-confirm]").click();
    wait_until("the missing choice", || {
        text_of("[data-testid=extend-error]") == "Choose how long it should last."
    })
    .await;
    assert!(writes().is_empty());

    choose("#extend-7d");
    element("[data-testid=extend-dialog-confirm]").click();
    wait_until("the saved expiry", || !writes().is_empty()).await;
    let sent = writes();
    assert_eq!(sent[0].method, "PATCH");
    assert_eq!(sent[0].json(), json!({"expires_at": extended}));
    wait_until("the dialog closed", || {
        !dialog_open("[data-testid=extend-dialog]")
    })
    .await;
    wait_until("the notice", || {
        text_of("[data-testid=notice]").contains("now expires")
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_date_past_90_days_is_refused_at_the_field_and_one_within_is_sent() {
    let _page = PageLock::acquire().await;
    let current = in_hours(48);
    script_detail(
        detail_sandbox("owner", Some(&current), false),
        detail_sandbox("owner", Some(&in_hours(24 * 30)), false),
    );
    let _mounted = mount_overview(admin());
    wait_until("Extend", || find("[data-testid=extend-open]").is_some()).await;
    element("[data-testid=extend-open]").click();
    wait_until("the date field", || find("#extend-date-input").is_some()).await;
    let local_date = |days: i64| {
        let day = js_sys::Date::new(&((js_sys::Date::now() as i64 + days * DAY_MS) as f64).into());
        format!(
            "{:04}-{:02}-{:02}",
            day.get_full_year(),
            day.get_month() + 1,
            day.get_date()
        )
    };
    assert_eq!(
        element("#extend-date-input").get_attribute("max"),
        Some(local_date(90)),
        "the picker stops at 90 days"
    );
    type_into("#extend-date-input", &local_date(91));
    element("[data-testid=extend-dialog-confirm]").click();
    wait_until("the refusal at the field", || {
        text_of("[data-testid=extend-error]").contains("at most 90 days from now")
    })
    .await;
    assert!(writes().is_empty());
    type_into("#extend-date-input", &local_date(30));
    element("[data-testid=extend-dialog-confirm]").click();
    wait_until("the request", || !writes().is_empty()).await;
    let sent = writes()[0].json();
    let at = parse_timestamp_ms(sent["expires_at"].as_str().unwrap()).unwrap();
    let expected = js_sys::Date::now() as i64 + 30 * DAY_MS;
    assert!((expected - 60_000..=expected).contains(&at), "{sent}");
}

#[wasm_bindgen_test]
async fn only_enterprise_may_choose_never() {
    let _page = PageLock::acquire().await;
    let mut sandbox = detail_sandbox("owner", Some(&in_hours(48)), false);
    sandbox["tier"] = json!("enterprise");
    let mut never = sandbox.clone();
    never["expires_at"] = json!(null);
    script_detail(sandbox, never);
    let _mounted = mount_overview(admin());
    wait_until("Extend", || find("[data-testid=extend-open]").is_some()).await;
    element("[data-testid=extend-open]").click();
    wait_until("the choices", || find("#extend-never").is_some()).await;
    assert!(!is_disabled("#extend-never"));
    choose("#extend-never");
    element("[data-testid=extend-dialog-confirm]").click();
    wait_until("the request", || !writes().is_empty()).await;
    assert_eq!(writes()[0].json(), json!({"expires_at": null}));
    wait_until("never shown", || {
        text_of("[data-testid=expires] [data-testid=expiry]") == "never"
    })
    .await;
}

#[wasm_bindgen_test]
async fn protect_is_for_owners_and_blocks_refresh_and_delete_with_the_reason() {
    let _page = PageLock::acquire().await;
    let later = in_hours(100);

    // An editor sees the state and may extend, but has no Protect.
    let editable = detail_sandbox("editor", Some(&later), false);
    script_detail(editable.clone(), editable);
    let editor = mount_overview(admin());
    wait_until("the protection state", || {
        find("[data-testid=protection-state]").is_some()
    })
    .await;
    assert!(text_of("[data-testid=protection-state]").starts_with("Not protected."));
    assert!(
        find("[data-testid=protect-toggle]").is_none(),
        "owners only"
    );
    assert!(!is_disabled("[data-testid=extend-open]"));
    drop(editor);

    // A viewer may not extend: disabled with why.
    let owned = detail_sandbox("owner", Some(&later), false);
    script_detail(owned.clone(), owned);
    let read_only = mount_overview(viewer());
    wait_until("Extend", || find("[data-testid=extend-open]").is_some()).await;
    assert!(is_disabled("[data-testid=extend-open]"));
    assert_eq!(
        text_of("[data-testid=extend-open-reason]"),
        "Your role (viewer) may not change when this sandbox expires."
    );
    assert!(find("[data-testid=protect-toggle]").is_none());
    drop(read_only);

    // The owner protects it: Refresh and Delete are refused with the reason.
    script_detail(
        detail_sandbox("owner", Some(&later), false),
        detail_sandbox("owner", Some(&later), true),
    );
    let _owner = mount_overview(admin());
    wait_until("Protect", || find("[data-testid=protect-toggle]").is_some()).await;
    assert_eq!(text_of("[data-testid=protect-toggle]"), "Protect");
    assert!(text_of("[data-testid=protection]")
        .contains("cannot be refreshed, deleted or removed by expiry"));
    assert!(!is_disabled("[data-testid=refresh-open]"));
    element("[data-testid=protect-toggle]").click();
    wait_until("Unprotect", || {
        text_of("[data-testid=protect-toggle]") == "Unprotect"
    })
    .await;
    assert_eq!(writes()[0].json(), json!({"protected": true}));
    assert!(text_of("[data-testid=protection-state]").starts_with("Protected."));
    assert!(find(".detail-heading [data-testid=lock-mark]").is_some());
    assert!(is_disabled("[data-testid=refresh-open]"));
    assert_eq!(
        text_of("[data-testid=refresh-open-reason]"),
        "Protected: unprotect it to refresh."
    );
    assert!(is_disabled("[data-testid=delete-open]"));
    assert_eq!(
        text_of("[data-testid=delete-open-reason]"),
        "Protected: unprotect it to delete."
    );
}

#[wasm_bindgen_test]
async fn unprotecting_asks_first_only_when_expiry_would_delete_it_at_once() {
    let _page = PageLock::acquire().await;
    // Still ahead: unprotected at once.
    let later = in_hours(100);
    script_detail(
        detail_sandbox("owner", Some(&later), true),
        detail_sandbox("owner", Some(&later), false),
    );
    let first = mount_overview(admin());
    wait_until("Unprotect", || {
        text_of("[data-testid=protect-toggle]") == "Unprotect"
    })
    .await;
    element("[data-testid=protect-toggle]").click();
    wait_until("Protect again", || {
        text_of("[data-testid=protect-toggle]") == "Protect"
    })
    .await;
    assert_eq!(writes()[0].json(), json!({"protected": false}));
    assert!(!dialog_open("[data-testid=unprotect-dialog]"));
    assert!(!is_disabled("[data-testid=refresh-open]"));
    drop(first);

    // Past: the server would delete it within a minute, so it asks.
    let past = in_hours(-2);
    script_detail(
        detail_sandbox("owner", Some(&past), true),
        detail_sandbox("owner", Some(&past), false),
    );
    let _second = mount_overview(admin());
    wait_until("Unprotect", || {
        text_of("[data-testid=protect-toggle]") == "Unprotect"
    })
    .await;
    element("[data-testid=protect-toggle]").click();
    wait_until("the confirmation", || {
        dialog_open("[data-testid=unprotect-dialog]")
    })
    .await;
    assert!(text_of("[data-testid=unprotect-dialog]").contains("deletes it within a minute"));
    assert!(writes().is_empty(), "nothing sent before confirming");
    element("[data-testid=unprotect-dialog-confirm]").click();
    wait_until("the request", || !writes().is_empty()).await;
    assert_eq!(writes()[0].json(), json!({"protected": false}));
}

#[wasm_bindgen_test]
async fn the_refresh_and_delete_dialogs_refuse_a_protected_sandbox() {
    let _page = PageLock::acquire().await;
    script_fetch(json!([]));
    let sandbox: Sandbox =
        serde_json::from_value(detail_sandbox("owner", Some(&in_hours(100)), true)).unwrap();
    let (_mounted, _) = mount_app(Some(admin()), move || {
        let (refresh_open, delete_open) = (RwSignal::new(true), RwSignal::new(false));
        let sandbox = Signal::derive({
            let sandbox = sandbox.clone();
            move || Some(sandbox.clone())
        });
        view! {
            <RefreshDialog sandbox open=refresh_open on_done=|_| () />
            <DeleteDialog sandbox open=delete_open on_done=|_| () />
            <button
                id="open-delete"
                on:click=move |_| {
                    refresh_open.set(false);
                    delete_open.set(true);
                }
            >
                "delete"
            </button>
        }
        .into_any()
    });
    wait_until("the refresh dialog", || {
        find("[data-testid=refresh-confirm]").is_some()
    })
    .await;
    assert!(is_disabled("[data-testid=refresh-confirm]"));
    assert_eq!(
        text_of("[data-testid=refresh-refused]"),
        "Protected: unprotect it to refresh."
    );
    element("#open-delete").click();
    wait_until("the delete dialog", || {
        find("#delete-confirm-name").is_some()
    })
    .await;
    type_into("#delete-confirm-name", "test");
    assert!(
        is_disabled("[data-testid=delete-confirm]"),
        "even with the name typed"
    );
    assert_eq!(
        text_of("[data-testid=delete-refused]"),
        "Protected: unprotect it to delete."
    );
    submit("[data-testid=delete-dialog] form");
    crate::support::sleep(50).await;
    assert!(writes().is_empty(), "Enter sends nothing either");
}

#[wasm_bindgen_test]
async fn a_v1_0_sandbox_shows_no_expiry_protection_or_metadata_editing() {
    let _page = PageLock::acquire().await;
    let mut old = tab_sandbox("active", "owner");
    old["metadata"] = json!({"team": "payments"});
    script_fetch(json!([tab_answer("GET", "", 200, old)]));
    let _mounted = mount_overview(v1_0_admin());
    wait_until("the overview", || find("[data-testid=metadata]").is_some()).await;
    assert!(find("[data-testid=lifecycle]").is_none());
    assert!(find("[data-testid=extend-open]").is_none());
    assert!(find("[data-testid=protect-toggle]").is_none());
    assert!(find("[data-testid=metadata-edit]").is_none());
    assert!(find("[data-testid=lock-mark]").is_none());
    assert!(!is_disabled("[data-testid=refresh-open]"));
    assert!(find(".error-panel").is_none(), "nothing says an error");
}
