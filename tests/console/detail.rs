//! `/sandboxes/:id`: what the detail page shows of a sandbox (its status
//! badge, the progress of a transient status, times, sizes, limits and
//! metadata in words) and its polling while the status is transient; with
//! a v1.1 server, the operation's steps and progress, and why a failed
//! sandbox failed.

use std::time::Duration;

use leptos::prelude::*;
use sandbox_api::SandboxStatus;
use sandbox_console::components::{progress_text, status_label, StatusBadge, StatusProgress, Time};
use sandbox_console::format::{exact_time, human_bytes, limit_text, relative_time};
use sandbox_console::pages::metadata_value_text;
use sandbox_console::polling::next_poll_delay;
use serde_json::json;
use wasm_bindgen_test::*;

use wasm_bindgen::JsCast;

use crate::support::{
    admin, count, document, element, find, mount_app, mount_plain, mount_tab, once, script_fetch,
    sleep, tab_answer, tab_sandbox, text_of, texts, viewer, wait_until, PageLock, INJECTION,
};

#[wasm_bindgen_test]
async fn times_show_relative_text_and_the_exact_time_on_hover() {
    let _page = PageLock::acquire().await;
    let _mounted = mount_plain(|| {
        view! {
            <p id="valid">
                <Time value=Some("2020-01-02T03:04:56Z".to_owned()) />
            </p>
            <p id="broken">
                <Time value=Some("not a time".to_owned()) />
            </p>
            <p id="none">
                <Time value=None never="not yet" />
            </p>
        }
    });
    sleep(0).await;
    let valid = element("#valid time");
    assert_eq!(
        valid.get_attribute("datetime").unwrap(),
        "2020-01-02T03:04:56Z"
    );
    assert!(valid.text_content().unwrap().ends_with(" ago"));
    let title = valid.get_attribute("title").unwrap();
    assert!(
        title.starts_with("2020-01-0") && title.contains(":56 UTC"),
        "{title}"
    );
    let broken = element("#broken time");
    assert_eq!(broken.text_content().unwrap(), "not a time");
    assert_eq!(broken.get_attribute("title").unwrap(), "not a time");
    assert_eq!(text_of("#none"), "not yet");
}

#[wasm_bindgen_test]
async fn status_badges_name_every_status_in_words() {
    let _page = PageLock::acquire().await;
    let status = RwSignal::new(SandboxStatus::Active);
    let _mounted =
        mount_plain(move || view! { {move || view! { <StatusBadge status=status.get() /> }} });
    for &each in SandboxStatus::ALL {
        status.set(each);
        sleep(0).await;
        let badge = element("[data-testid=status-badge]");
        assert_eq!(badge.class_name(), format!("badge badge-{}", each.as_str()));
        assert_eq!(badge.text_content().unwrap(), status_label(each));
    }
}

#[wasm_bindgen_test]
async fn progress_shows_while_the_status_is_transient() {
    let _page = PageLock::acquire().await;
    let status = RwSignal::new(SandboxStatus::Seeding);
    let _mounted = mount_plain(move || view! { <StatusProgress status /> });
    sleep(0).await;
    assert_eq!(text_of("[data-testid=progress]"), "Seeding sample data…");
    assert!(find("[data-testid=progress] progress").is_some());
    assert_eq!(
        element("[data-testid=progress]")
            .get_attribute("role")
            .as_deref(),
        Some("status")
    );
    status.set(SandboxStatus::Refreshing);
    sleep(0).await;
    assert_eq!(text_of("[data-testid=progress]"), "Refreshing…");
    status.set(SandboxStatus::Active);
    sleep(0).await;
    assert!(
        find("[data-testid=progress]").is_none(),
        "a final status shows no progress"
    );
    assert_eq!(
        progress_text(SandboxStatus::Provisioning),
        Some("Provisioning…")
    );
    assert_eq!(progress_text(SandboxStatus::Failed), None);
}

#[wasm_bindgen_test]
fn format_helpers_speak_human_units() {
    assert_eq!(human_bytes(1 << 30), "1 GiB");
    assert_eq!(human_bytes(50 * (1 << 30)), "50 GiB");
    assert_eq!(human_bytes(1 << 40), "1 TiB");
    assert_eq!(human_bytes(1536), "1.5 KiB");
    assert_eq!(human_bytes(512), "512 bytes");
    assert_eq!(limit_text(None), "unlimited");
    assert_eq!(limit_text(Some(5)), "5");
    let now = js_sys::Date::parse("2026-11-07T06:31:56Z");
    assert_eq!(relative_time("2026-11-07T05:31:56Z", now), "1 hour ago");
    assert_eq!(relative_time("2026-11-07T06:31:30Z", now), "just now");
    assert_eq!(relative_time("2026-11-04T06:31:56Z", now), "3 days ago");
    assert_eq!(relative_time("2026-11-07T06:41:56Z", now), "in 10 minutes");
    assert_eq!(relative_time("not a time", now), "not a time");
    let exact = exact_time("2026-11-07T05:31:56Z");
    if js_sys::Date::new(&"2026-11-07T05:31:56Z".into()).get_timezone_offset() == 0.0 {
        assert_eq!(exact, "2026-11-07 05:31:56 UTC");
    } else {
        assert!(
            exact.starts_with("2026-11-07 ") && exact.contains(":56 UTC"),
            "{exact}"
        );
    }
    assert_eq!(
        exact_time("yesterday"),
        "yesterday",
        "what is not a time is shown as it came"
    );
    assert_eq!(metadata_value_text(&json!("payments")), "payments");
    assert_eq!(
        metadata_value_text(&json!({"a": [1, true]})),
        r#"{"a":[1,true]}"#
    );
}

#[wasm_bindgen_test]
fn polling_backs_off_to_eight_seconds() {
    let mut delay = Duration::from_secs(1);
    let mut delays = Vec::new();
    for _ in 0..5 {
        delays.push(delay.as_secs());
        delay = next_poll_delay(delay);
    }
    assert_eq!(delays, [1, 2, 4, 8, 8]);
}

#[wasm_bindgen_test]
async fn the_refresh_confirmation_is_a_danger_and_says_what_is_lost_and_kept() {
    use sandbox_console::components::RefreshDialog;

    let _page = PageLock::acquire().await;
    let sandbox: sandbox_api::Sandbox =
        serde_json::from_value(tab_sandbox("active", "owner")).unwrap();
    let (_mounted, _) = mount_app(Some(admin()), move || {
        let open = RwSignal::new(true);
        let sandbox = Signal::derive({
            let sandbox = sandbox.clone();
            move || Some(sandbox.clone())
        });
        view! { <RefreshDialog sandbox open on_done=|_| () /> }.into_any()
    });
    wait_until("the dialog", || {
        find("[data-testid=refresh-confirm]").is_some()
    })
    .await;
    let confirm = element("[data-testid=refresh-confirm]");
    assert!(
        confirm.class_list().contains("button-danger"),
        "a refresh wipes data: {}",
        confirm.class_name()
    );
    assert_eq!(
        text_of("[data-testid=refresh-lost]"),
        "All data in this sandbox: it is replaced by a fresh copy of production.\
         App versions set here: its apps go back to the versions running in production."
    );
    assert_eq!(
        text_of("[data-testid=refresh-kept]"),
        "Its members and data sources stay as they are."
    );
    assert!(text_of("[data-testid=refresh-dialog]").contains("cannot be undone"));
}

// ---- v1.1: the operation's steps and progress, the failure's reason ----

/// An operation of `steps` (name, state) at `progress`, due in 30 s.
fn operation_json(progress: f64, steps: &[(&str, &str)]) -> serde_json::Value {
    let due = js_sys::Date::new(&(js_sys::Date::now() + 30_000.0).into());
    let steps: Vec<_> = steps
        .iter()
        .map(|(name, state)| json!({"name": name, "state": state, "started_at": null, "finished_at": null}))
        .collect();
    json!({"kind": "refresh", "started_at": "2026-11-07T05:31:56Z", "progress": progress,
           "steps": steps, "estimated_completion_at": String::from(due.to_iso_string())})
}

/// The rule answering the detail page's GET of the tabs' sandbox, in
/// `status`, with `fields` (`operation`, `failure_reason`) set.
fn sandbox_answer(status: &str, access: &str, fields: serde_json::Value) -> serde_json::Value {
    let mut sandbox = tab_sandbox(status, access);
    for (name, value) in fields.as_object().unwrap() {
        sandbox[name] = value.clone();
    }
    tab_answer("GET", "", 200, sandbox)
}

/// The activity tab's events, so that the detail page has a tab to show.
fn no_events() -> serde_json::Value {
    tab_answer("GET", "/events", 200, json!([]))
}

/// Counts the changes to the polite announcement from now on.
fn watch_announcement() {
    js_sys::eval(
        "window.__announcements = 0; new MutationObserver(() => window.__announcements += 1)\
         .observe(document.querySelector('[data-testid=operation-announcement]'),\
         {childList: true, subtree: true, characterData: true});",
    )
    .unwrap();
}

fn announcement_changes() -> f64 {
    js_sys::eval("window.__announcements")
        .unwrap()
        .as_f64()
        .unwrap()
}

#[wasm_bindgen_test]
async fn a_running_operation_shows_its_steps_and_progress_and_announces_step_changes_only() {
    let _lock = PageLock::acquire().await;
    let steps = |second: &'static str, third: &'static str| {
        [
            ("Wipe the sandbox", "done"),
            ("Copy configuration", second),
            ("Copy users", third),
        ]
    };
    script_fetch(json!([
        no_events(),
        once(sandbox_answer(
            "refreshing",
            "owner",
            json!({"operation": operation_json(0.4, &steps("running", "pending"))})
        )),
        once(sandbox_answer(
            "refreshing",
            "owner",
            json!({"operation": operation_json(0.6, &steps("running", "pending"))})
        )),
        sandbox_answer(
            "refreshing",
            "owner",
            json!({"operation": operation_json(0.8, &steps("done", "running"))})
        ),
    ]));
    let _page = mount_tab("activity", admin());

    wait_until("the steps", || count("[data-testid=operation-step]") == 3).await;
    let states = || {
        let steps = document()
            .query_selector_all("[data-testid=operation-step]")
            .unwrap();
        (0..steps.length())
            .map(|i| {
                let step: web_sys::Element = steps.get(i).unwrap().unchecked_into();
                step.get_attribute("data-state").unwrap()
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(states(), ["done", "running", "pending"]);
    assert_eq!(
        texts("[data-testid=operation-step]"),
        [
            "Wipe the sandbox (done)",
            "Copy configuration (running)",
            "Copy users (pending)"
        ]
    );
    assert_eq!(text_of("[data-testid=operation-percent]"), "40 %");
    let bar = element("[data-testid=operation-bar]");
    assert_eq!(bar.get_attribute("aria-valuenow").as_deref(), Some("40"));
    assert_eq!(
        js_sys::Reflect::get(&bar, &"value".into())
            .unwrap()
            .as_f64(),
        Some(40.0)
    );
    let left = text_of("[data-testid=operation-left]");
    assert!(
        left.starts_with("about ") && left.ends_with(" s left"),
        "{left}"
    );
    let announcement = element("[data-testid=operation-announcement]");
    assert_eq!(
        announcement.get_attribute("aria-live").as_deref(),
        Some("polite")
    );
    assert_eq!(
        text_of("[data-testid=operation-announcement]"),
        "Step 2 of 3: Copy configuration"
    );
    assert!(
        find("[data-testid=progress]").is_none(),
        "the v1.0 line beside the steps"
    );

    watch_announcement();
    wait_until("the next poll", || {
        text_of("[data-testid=operation-percent]") == "60 %"
    })
    .await;
    assert_eq!(
        announcement_changes(),
        0.0,
        "a poll without a new step was announced"
    );
    wait_until("the next step", || {
        text_of("[data-testid=operation-announcement]") == "Step 3 of 3: Copy users"
    })
    .await;
    assert!(announcement_changes() > 0.0);
    assert_eq!(states(), ["done", "done", "running"]);
    assert_eq!(text_of("[data-testid=operation-percent]"), "80 %");
}

#[wasm_bindgen_test]
async fn a_failed_sandbox_says_why_and_offers_a_refresh_where_the_caller_may() {
    let _lock = PageLock::acquire().await;
    let failed = json!({"failure_reason": INJECTION});
    script_fetch(json!([
        no_events(),
        sandbox_answer("failed", "owner", failed.clone())
    ]));
    let page = mount_tab("activity", admin());

    wait_until("the reason", || {
        find("[data-testid=failure-reason]").is_some()
    })
    .await;
    assert!(text_of("[data-testid=failure-reason]")
        .starts_with(&format!("This sandbox failed: {INJECTION}")));
    assert_eq!(
        element("[data-testid=failure-reason]")
            .query_selector_all("img, script")
            .unwrap()
            .length(),
        0
    );
    assert!(find("[data-testid=failure-refresh]").is_some());
    drop(page);

    script_fetch(json!([
        no_events(),
        sandbox_answer("failed", "viewer", failed)
    ]));
    let page = mount_tab("activity", viewer());
    wait_until("the reason for a viewer", || {
        find("[data-testid=failure-reason]").is_some()
    })
    .await;
    assert!(
        find("[data-testid=failure-refresh]").is_none(),
        "a viewer may not refresh"
    );
    drop(page);

    // A v1.0 server: no reason, no operation; the status line as before.
    script_fetch(json!([
        no_events(),
        sandbox_answer("refreshing", "owner", json!({}))
    ]));
    let _page = mount_tab("activity", admin());
    wait_until("the status line", || {
        find("[data-testid=progress]").is_some()
    })
    .await;
    assert_eq!(text_of("[data-testid=progress]"), "Refreshing…");
    assert!(find("[data-testid=operation]").is_none());
    assert!(find("[data-testid=failure-reason]").is_none());
}
