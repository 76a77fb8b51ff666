//! `/sandboxes/:id`: what the detail page shows of a sandbox (its status
//! badge, the progress of a transient status, times, sizes, limits and
//! metadata in words) and its polling while the status is transient.

use std::time::Duration;

use leptos::prelude::*;
use sandbox_api::SandboxStatus;
use sandbox_console::components::{progress_text, status_label, StatusBadge, StatusProgress, Time};
use sandbox_console::format::{exact_time, human_bytes, limit_text, relative_time};
use sandbox_console::pages::metadata_value_text;
use sandbox_console::polling::next_poll_delay;
use serde_json::json;
use wasm_bindgen_test::*;

use crate::support::{
    admin, element, find, mount_app, mount_plain, sleep, tab_sandbox, text_of, wait_until, PageLock,
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
