//! The list and v1.1's lifecycle: the Expires column's styles and
//! "never", the lock of a protected row and its refused Refresh and
//! Delete, the "Expiring soon" quick filter and the sort by expiry in the
//! URL, asking again when a row expires, and a v1.0 server's list without any.

use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use sandbox_api::{format_timestamp_ms, Sandbox, SandboxSort, SANDBOXES_PATH};
use sandbox_console::components::expiry::{ExpiryLevel, ExpiryShown};
use sandbox_console::components::{RowDialogs, SandboxTable};
use sandbox_console::pages::{next_expiry_check, ListState, SandboxList};
use serde_json::json;
use wasm_bindgen_test::*;

use super::{in_hours, listed, now, HOUR_MS};
use crate::support::{
    admin, count, current_location, document, element, find, is_disabled, mount_app,
    requested_urls, sandbox_json, script_fetch, set_path, sleep, text_of, texts, wait_until,
    PageLock,
};

/// The table of `rows`, signed in as an admin.
fn mount_rows(rows: Vec<Sandbox>) -> impl Sized {
    mount_app(Some(admin()), move || {
        let rows = Arc::<[Sandbox]>::from(rows.clone());
        view! {
            <SandboxTable
                rows
                show_user_id=false
                sort=SandboxSort::default()
                on_sort=|_: SandboxSort| {}
                filter_href=|_| String::new()
                dialogs=RowDialogs::new()
            />
        }
        .into_any()
    })
}

/// The expiry cell of the row `sbx_<name>`.
fn expiry_of(name: &str) -> web_sys::HtmlElement {
    element(&format!(
        "[data-sandbox-id=sbx_{name}] [data-testid=expiry]"
    ))
}

#[wasm_bindgen_test]
fn expiry_levels_change_at_72_and_24_hours() {
    let now = 1_800_000_000_000;
    let at = |hours_ms: i64| ExpiryLevel::at(Some(now + hours_ms), now);
    assert_eq!(at(72 * HOUR_MS), ExpiryLevel::Later);
    assert_eq!(at(72 * HOUR_MS - 1), ExpiryLevel::Soon);
    assert_eq!(at(24 * HOUR_MS), ExpiryLevel::Soon);
    assert_eq!(at(24 * HOUR_MS - 1), ExpiryLevel::Urgent);
    assert_eq!(at(-HOUR_MS), ExpiryLevel::Urgent, "past, not yet deleted");
    assert_eq!(ExpiryLevel::at(None, now), ExpiryLevel::Never);
    let never = ExpiryShown::new(None, now);
    assert_eq!((never.relative.as_str(), never.exact), ("never", None));
    let garbled = ExpiryShown::new(Some("soon-ish"), now);
    assert_eq!(
        (garbled.level, garbled.relative.as_str()),
        (ExpiryLevel::Later, "soon-ish")
    );
}

#[wasm_bindgen_test]
async fn the_expires_column_shows_soon_and_urgent_in_words_and_icons_and_never() {
    let _page = PageLock::acquire().await;
    let (later, soon, urgent) = (in_hours(100), in_hours(48), in_hours(5));
    let _mounted = mount_rows(vec![
        listed("later", Some(&later), false),
        listed("soon", Some(&soon), false),
        listed("urgent", Some(&urgent), false),
        listed("never", None, false),
    ]);
    sleep(0).await;
    assert!(
        texts(".sort-button")
            .iter()
            .any(|text| text.starts_with("Expires")),
        "{:?}",
        texts(".sort-button")
    );
    let expected = [
        ("later", "later", "in 4 days", None),
        ("soon", "soon", "in 2 days", Some("Expires soon: ")),
        (
            "urgent",
            "urgent",
            "in 5 hours",
            Some("Expires within a day: "),
        ),
        ("never", "never", "never", None),
    ];
    for (name, level, relative, spoken) in expected {
        let cell = expiry_of(name);
        assert_eq!(
            cell.get_attribute("data-level").as_deref(),
            Some(level),
            "{name}"
        );
        assert_eq!(cell.class_name(), format!("expiry expiry-{level}"));
        assert_eq!(
            cell.query_selector("time").unwrap().unwrap().text_content(),
            Some(relative.to_owned()),
            "{name}"
        );
        let hidden = cell.query_selector(".visually-hidden").unwrap();
        assert_eq!(
            hidden.and_then(|words| words.text_content()).as_deref(),
            spoken,
            "{name}: words, not colour alone"
        );
        let icons = cell.query_selector_all("svg").unwrap().length();
        assert_eq!(icons, u32::from(spoken.is_some()), "{name}'s icon");
    }
    let time = expiry_of("soon").query_selector("time").unwrap().unwrap();
    assert_eq!(time.get_attribute("datetime"), Some(soon));
    assert!(
        time.get_attribute("title").unwrap().contains(':'),
        "exact time on hover"
    );
}

#[wasm_bindgen_test]
async fn a_protected_row_has_a_named_lock_and_refuses_refresh_and_delete() {
    let _page = PageLock::acquire().await;
    set_path("/sandboxes");
    let later = in_hours(100);
    let _mounted = mount_rows(vec![
        listed("locked", Some(&later), true),
        listed("open", Some(&later), false),
    ]);
    wait_until("the rows", || count("[data-testid=sandbox-row]") == 2).await;
    assert_eq!(count("[data-testid=lock-mark]"), 1);
    let lock = element("[data-sandbox-id=sbx_locked] [data-testid=lock-mark]");
    assert_eq!(lock.get_attribute("role").as_deref(), Some("img"));
    assert_eq!(
        lock.get_attribute("aria-label").as_deref(),
        Some("Protected")
    );
    for (action, verb) in [("refresh", "refresh"), ("delete", "delete")] {
        let button = format!("[data-sandbox-id=sbx_locked] [data-testid={action}-open]");
        assert!(is_disabled(&button), "{action}");
        assert_eq!(
            text_of(&format!(
                "[data-sandbox-id=sbx_locked] [data-testid={action}-open-reason]"
            )),
            format!("Protected: unprotect it to {verb}.")
        );
        assert!(!is_disabled(&format!(
            "[data-sandbox-id=sbx_open] [data-testid={action}-open]"
        )));
    }
}

#[wasm_bindgen_test]
async fn a_v1_0_list_has_no_expires_column_lock_or_quick_filter() {
    let _page = PageLock::acquire().await;
    let v1_0 = vec![
        sandbox_json("old-a", "cust_e2e", "active", "owner"),
        sandbox_json("old-b", "cust_e2e", "active", "owner"),
    ];
    script_fetch(
        json!([{"contains": SANDBOXES_PATH, "status": 200, "body": v1_0,
        "headers": {"X-Total-Count": "2"}}]),
    );
    set_path("/sandboxes");
    let (_mounted, _) = mount_app(Some(admin()), || view! { <SandboxList /> }.into_any());
    wait_until("the rows", || count("[data-testid=sandbox-row]") == 2).await;
    assert!(!texts("thead th")
        .iter()
        .any(|text| text.contains("Expires")));
    assert_eq!(count("[data-testid=expiry]"), 0);
    assert_eq!(count("[data-testid=lock-mark]"), 0);
    assert!(find("#filter-expiring").is_none(), "no quick filter");
    assert!(
        find("[data-testid=url-problems]").is_none() && find(".error-panel").is_none(),
        "nothing says an error"
    );
}

#[wasm_bindgen_test]
async fn expiring_soon_and_the_sort_by_expiry_live_in_the_url() {
    let _page = PageLock::acquire().await;
    let rows = vec![listed("soon", Some(&in_hours(30)), false)];
    script_fetch(
        json!([{"contains": SANDBOXES_PATH, "status": 200, "body": rows,
        "headers": {"X-Total-Count": "1"}}]),
    );
    set_path("/sandboxes");
    let (_mounted, _) = mount_app(Some(admin()), || view! { <SandboxList /> }.into_any());
    wait_until("the quick filter", || find("#filter-expiring").is_some()).await;
    let toggle = element("#filter-expiring");
    assert_eq!(
        toggle.get_attribute("aria-pressed").as_deref(),
        Some("false")
    );

    let pressed_at = now();
    toggle.click();
    wait_until("the filter in the URL", || {
        current_location() == "/sandboxes?expiring=soon"
    })
    .await;
    wait_until("the filtered request", || {
        requested_urls()
            .iter()
            .any(|url| url.contains("expires_before="))
    })
    .await;
    let asked = requested_urls()
        .into_iter()
        .rfind(|url| url.contains("expires_before="))
        .unwrap();
    let before = asked
        .split("expires_before=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap()
        .replace("%3A", ":");
    let within = sandbox_api::parse_timestamp_ms(&before).unwrap() - pressed_at;
    assert!(
        (72 * HOUR_MS - 5_000..=72 * HOUR_MS + 5_000).contains(&within),
        "expires_before is 72 hours after the load: {before}"
    );
    assert_eq!(
        element("#filter-expiring")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("true")
    );
    wait_until("its chip", || {
        texts("[data-testid=filter-chip] span") == ["Expiring within 72 hours"]
    })
    .await;

    element("button[data-sort=expires_at]").click();
    wait_until("the sort in the URL", || {
        current_location() == "/sandboxes?sort=expires_at&expiring=soon"
    })
    .await;
    element("button[data-sort=expires_at]").click();
    wait_until("the sort flipped", || {
        current_location() == "/sandboxes?sort=-expires_at&expiring=soon"
    })
    .await;
    wait_until("the sorted request", || {
        requested_urls()
            .iter()
            .any(|url| url.contains("sort=-expires_at") && url.contains("expires_before="))
    })
    .await;

    element("[aria-label='Remove filter Expiring within 72 hours']").click();
    wait_until("the filter gone from the URL", || {
        current_location() == "/sandboxes?sort=-expires_at"
    })
    .await;
    wait_until("the focus back on the toggle", || {
        document()
            .active_element()
            .is_some_and(|active| active.id() == "filter-expiring")
    })
    .await;
}

#[wasm_bindgen_test]
fn the_quick_filter_reads_and_writes_the_url_and_counts_from_each_load() {
    let pairs = |query: &str| sandbox_api::decode_query_string(query);
    let state = ListState::from_pairs(&pairs("expiring=soon&sort=expires_at&page=2"));
    assert!(state.expiring_soon && state.problems.is_empty());
    assert_eq!(state.query.sort, SandboxSort::ExpiresAt);
    assert_eq!(
        state.to_url(),
        "/sandboxes?sort=expires_at&expiring=soon&page=2"
    );
    assert!(state.has_filters());
    assert_eq!(state.empty_message(), "No sandboxes match these filters.");
    let now = 1_800_000_000_000;
    let query = state.api_query_at(now);
    assert_eq!(
        query.expires_before,
        Some(format_timestamp_ms(now + 72 * HOUR_MS))
    );
    assert_eq!(query.offset, 50);
    let later = state.api_query_at(now + HOUR_MS);
    assert_ne!(
        query.expires_before, later.expires_before,
        "counted from each load"
    );
    assert!(
        state
            .changed(|query| query.q = Some("eu".into()))
            .expiring_soon,
        "another filter keeps it"
    );
    assert_eq!(
        ListState::from_pairs(&pairs(""))
            .api_query_at(now)
            .expires_before,
        None
    );

    let odd = ListState::from_pairs(&pairs("expiring=tomorrow"));
    assert!(!odd.expiring_soon);
    assert_eq!(
        odd.problems,
        ["expiring=\"tomorrow\" was ignored: the only choice is \"soon\"."]
    );
}

#[wasm_bindgen_test]
fn the_list_asks_again_just_after_an_unprotected_row_expires() {
    let now = 1_800_000_000_000;
    let at = |seconds: i64| Some(format_timestamp_ms(now + seconds * 1000));
    let row = |seconds: i64, protected: bool| listed("a", at(seconds).as_deref(), protected);
    let check = |rows: Vec<Sandbox>| next_expiry_check(&rows, now);
    assert_eq!(check(vec![row(30, false)]), Some(Duration::from_secs(35)));
    assert_eq!(
        check(vec![row(300, false), row(30, false)]),
        Some(Duration::from_secs(35)),
        "the soonest"
    );
    assert_eq!(check(vec![row(30, true)]), None, "protected: never deleted");
    assert_eq!(check(vec![row(20 * 60, false)]), None, "not due yet");
    assert_eq!(
        check(vec![row(-60, false)]),
        Some(Duration::from_secs(5)),
        "past, the server deletes it within a minute"
    );
    assert_eq!(
        check(vec![row(-10 * 60, false)]),
        None,
        "kept: no use asking"
    );
    assert_eq!(check(vec![listed("n", None, false)]), None);
    let v1_0: Sandbox =
        serde_json::from_value(sandbox_json("old", "cust_e2e", "active", "owner")).unwrap();
    assert_eq!(check(vec![v1_0]), None);
}

#[wasm_bindgen_test]
async fn an_expired_row_leaves_the_list_on_its_own() {
    let _page = PageLock::acquire().await;
    let expired = listed("gone", Some(&in_hours(0)), false);
    script_fetch(json!([
        {"contains": SANDBOXES_PATH, "status": 200, "body": [expired], "times": 1,
         "headers": {"X-Total-Count": "1"}},
        {"contains": SANDBOXES_PATH, "status": 200, "body": [], "headers": {"X-Total-Count": "0"}},
    ]));
    set_path("/sandboxes");
    let (_mounted, _) = mount_app(Some(admin()), || view! { <SandboxList /> }.into_any());
    wait_until("the row", || count("[data-testid=sandbox-row]") == 1).await;
    for _ in 0..40 {
        if count("[data-testid=sandbox-row]") == 0 {
            return;
        }
        sleep(200).await;
    }
    panic!("the expired row is still listed after 8 s");
}
