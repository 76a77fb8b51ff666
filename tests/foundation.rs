//! The foundation's pieces in a real browser: the list's components in each
//! state, the list page itself against a scripted network (URL as the
//! source of truth, stale answers dropped, empty/error/loading states),
//! the header and Connect, text-only rendering of API data, and the format helpers.

mod support;

use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use sandbox_api::{Me, Sandbox, SandboxSort, SandboxStatus};
use sandbox_console::api::ApiError;
use sandbox_console::components::{
    pager, progress_text, sortable_header::next_sort, status_label, EmptyState, ErrorPanel,
    FilterField, Pager, RowDialogs, SandboxTable, SortableHeader, StatusBadge, StatusProgress,
    Time,
};
use sandbox_console::format::{exact_time, human_bytes, limit_text, relative_time};
use sandbox_console::pages::{
    check_base_url, connect_error_message, metadata_value_text, safe_next, who_text, Connect,
    Header, ListState, SandboxList,
};
use sandbox_console::polling::next_poll_delay;
use serde_json::json;
use support::*;
// Ours, not leptos's `document()`.
use support::document;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const INJECTION: &str = r#"<img src=x onerror=alert(1)><script>alert("xss")</script>"#;

fn sandbox(name: &str, owner_id: &str, status: &str) -> Sandbox {
    let mut json = sandbox_json(name, owner_id, status, "owner");
    // Short ids whatever the name (some names here are markup).
    json["sandbox_id"] = json!(format!("sbx_{}", name.len()));
    serde_json::from_value(json).unwrap()
}

fn me(role: &str, account: Option<&str>, acting_in: Option<&str>, permissions: &[&str]) -> Me {
    serde_json::from_value(json!({
        "principal_id": "prn_test", "email": "ada@acme.test", "role": role,
        "account": account.map(|name| json!({"id": "acct_1", "name": name})),
        "acting_in_sandbox": acting_in, "permissions": permissions,
    }))
    .unwrap()
}

fn admin() -> Me {
    me(
        "admin",
        Some("Acme Production"),
        None,
        &[
            "sandboxes:read",
            "sandboxes:create",
            "sandboxes:refresh",
            "sandboxes:delete",
        ],
    )
}

/// Mounts a component that needs no app context.
fn mount_plain<N: IntoView + 'static>(view: impl FnOnce() -> N + 'static) -> impl Sized {
    leptos::mount::mount_to(mount_point(), view)
}

/// Every element's `data-testid=sandbox-name` text, in order.
fn shown_names() -> Vec<String> {
    texts("[data-testid=sandbox-name]")
}

// ---- small components ----

#[wasm_bindgen_test]
async fn times_show_relative_text_and_the_exact_time_on_hover() {
    let _page = PageLock::acquire().await;
    let _mounted = mount_plain(|| {
        view! {
            <p id="valid"><Time value=Some("2020-01-02T03:04:56Z".to_owned())/></p>
            <p id="broken"><Time value=Some("not a time".to_owned())/></p>
            <p id="none"><Time value=None never="not yet"/></p>
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
        mount_plain(move || view! { {move || view! { <StatusBadge status=status.get()/> }} });
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
    let _mounted = mount_plain(move || view! { <StatusProgress status/> });
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
async fn pager_shows_the_range_and_links_to_neighbours() {
    let _page = PageLock::acquire().await;
    let href = Callback::new(|page: u64| format!("/sandboxes?page={page}"));
    let mounted = mount_plain(move || view! { <Pager page=2 page_size=50 total=134 href/> });
    assert!(
        text_of("[data-testid=pager]").contains("Showing 51–100 of 134"),
        "{}",
        text_of("[data-testid=pager]")
    );
    assert!(text_of("[data-testid=pager]").contains("page 2 of 3"));
    assert_eq!(
        element("a[rel=prev]").get_attribute("href").as_deref(),
        Some("/sandboxes?page=1")
    );
    assert_eq!(
        element("a[rel=next]").get_attribute("href").as_deref(),
        Some("/sandboxes?page=3")
    );
    drop(mounted);

    let mounted = mount_plain(move || view! { <Pager page=1 page_size=50 total=134 href/> });
    assert!(find("a[rel=prev]").is_none(), "no previous page on page 1");
    assert_eq!(
        element("[data-testid=pager] [aria-disabled=true]")
            .text_content()
            .unwrap(),
        "Previous"
    );
    drop(mounted);

    let _mounted = mount_plain(move || view! { <Pager page=3 page_size=50 total=134 href/> });
    assert!(text_of("[data-testid=pager]").contains("Showing 101–134 of 134"));
    assert!(
        find("a[rel=next]").is_none(),
        "no next page on the last page"
    );

    assert_eq!(
        pager::range_text(1, 50, 0),
        "Nothing to show on page 1 of 1"
    );
    assert_eq!(
        pager::range_text(4, 50, 134),
        "Nothing to show on page 4 of 3"
    );
    assert_eq!(pager::page_count(100, 50), 2);
    assert_eq!(pager::page_count(101, 50), 3);
}

#[wasm_bindgen_test]
async fn sortable_headers_say_the_order_and_flip_it() {
    let _page = PageLock::acquire().await;
    let current = RwSignal::new(SandboxSort::Name);
    let asked = RwSignal::new(None::<SandboxSort>);
    let on_sort = Callback::new(move |sort| {
        asked.set(Some(sort));
        current.set(sort);
    });
    let row: web_sys::HtmlElement = document().create_element("tr").unwrap().unchecked_into();
    let table = document().create_element("table").unwrap();
    let head = document().create_element("thead").unwrap();
    head.append_child(&row).unwrap();
    table.append_child(&head).unwrap();
    mount_point().append_child(&table).unwrap();
    let _mounted = leptos::mount::mount_to(row, move || {
        view! {
            <SortableHeader label="Name" ascending=SandboxSort::Name descending=SandboxSort::NameDesc current on_sort/>
            <SortableHeader label="Status" ascending=SandboxSort::Status current on_sort/>
        }
    });
    let name = "th:nth-child(1)";
    let status = "th:nth-child(2)";
    assert_eq!(
        element(name).get_attribute("aria-sort").as_deref(),
        Some("ascending")
    );
    assert_eq!(
        element(status).get_attribute("aria-sort").as_deref(),
        Some("none")
    );
    assert_eq!(
        element(&format!("{name} button"))
            .get_attribute("type")
            .as_deref(),
        Some("button")
    );

    element(&format!("{name} button")).click();
    sleep(0).await;
    assert_eq!(asked.get_untracked(), Some(SandboxSort::NameDesc));
    assert_eq!(
        element(name).get_attribute("aria-sort").as_deref(),
        Some("descending")
    );

    element(&format!("{status} button")).click();
    sleep(0).await;
    assert_eq!(asked.get_untracked(), Some(SandboxSort::Status));
    assert_eq!(
        element(name).get_attribute("aria-sort").as_deref(),
        Some("none")
    );
    assert_eq!(
        element(status).get_attribute("aria-sort").as_deref(),
        Some("ascending")
    );

    assert_eq!(
        next_sort(
            SandboxSort::CreatedAtDesc,
            SandboxSort::CreatedAt,
            Some(SandboxSort::CreatedAtDesc)
        ),
        SandboxSort::CreatedAt
    );
    assert_eq!(
        next_sort(
            SandboxSort::CreatedAt,
            SandboxSort::CreatedAt,
            Some(SandboxSort::CreatedAtDesc)
        ),
        SandboxSort::CreatedAtDesc
    );
}

#[wasm_bindgen_test]
async fn empty_and_error_states_say_what_happened() {
    let _page = PageLock::acquire().await;
    let mounted = mount_plain(|| {
        view! { <EmptyState message="No sandboxes for owner cust_4711."><button>"Clear filters"</button></EmptyState> }
    });
    assert_eq!(
        text_of("[data-testid=empty] p"),
        "No sandboxes for owner cust_4711."
    );
    assert_eq!(text_of("[data-testid=empty] button"), "Clear filters");
    drop(mounted);

    let retried = RwSignal::new(0);
    let on_retry = Callback::new(move |()| retried.update(|n| *n += 1));
    let error = ApiError::from_response(503, r#"{"detail": "Database is restarting"}"#, None);
    let mounted = mount_plain(move || view! { <ErrorPanel error on_retry/> });
    assert_eq!(
        text_of("[data-testid=error] p"),
        "The server failed (503): Database is restarting"
    );
    assert_eq!(
        element("[data-testid=error]")
            .get_attribute("role")
            .as_deref(),
        Some("alert")
    );
    element("[data-testid=error] button").click();
    assert_eq!(retried.get_untracked(), 1);
    drop(mounted);

    let _mounted = mount_plain(
        || view! { <ErrorPanel error=ApiError::Forbidden("Missing permission: sandboxes:read".into())/> },
    );
    assert!(
        find("[data-testid=error] button").is_none(),
        "no retry offered without a retry callback"
    );
}

#[wasm_bindgen_test]
fn list_state_names_the_owner_when_empty() {
    let state = |query: &str| {
        let pairs: Vec<(String, String)> = query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .map(|(name, value)| (name.to_owned(), value.to_owned()))
            .collect();
        ListState::from_pairs(&pairs)
    };
    assert_eq!(
        state("owner_id=cust_4711").empty_message(),
        "No sandboxes for owner cust_4711."
    );
    assert_eq!(
        state("owner_id=cust_4711&status=failed").empty_message(),
        "No sandboxes for owner cust_4711 match these filters."
    );
    assert_eq!(
        state("tier=pro").empty_message(),
        "No sandboxes match these filters."
    );
    assert_eq!(
        state("sort=name").empty_message(),
        "There are no sandboxes yet."
    );
    assert!(!state("sort=name&page=2").has_filters());
}

#[wasm_bindgen_test]
fn list_state_keeps_the_page_size_in_the_url() {
    let state = |pairs: &[(&str, &str)]| {
        ListState::from_pairs(
            &pairs
                .iter()
                .map(|(name, value)| (name.to_string(), value.to_string()))
                .collect::<Vec<_>>(),
        )
    };
    let sized = state(&[("owner_id", "cust_4711"), ("limit", "200"), ("page", "3")]);
    assert_eq!(
        (sized.api_query().limit, sized.api_query().offset),
        (200, 400)
    );
    assert_eq!(
        sized.to_url(),
        "/sandboxes?owner_id=cust_4711&limit=200&page=3"
    );
    // Another size keeps the first row shown (row 401) in view: page 9 of 50 rows.
    let resized = sized.with_page_size(50);
    assert_eq!(
        (resized.page, resized.to_url()),
        (9, "/sandboxes?owner_id=cust_4711&page=9".to_owned())
    );
    // A filter change goes back to page 1 but keeps the size.
    assert_eq!(
        sized.changed(|query| query.q = Some("eu".into())).to_url(),
        "/sandboxes?owner_id=cust_4711&q=eu&limit=200"
    );
    // A size the API refuses falls back to the default, said in words.
    let refused = state(&[("limit", "500")]);
    assert_eq!(refused.api_query().limit, 50);
    assert_eq!(
        refused.problems,
        ["limit=\"500\" was ignored: Input should be less than or equal to 200."]
    );
}

// ---- API data is text ----

#[wasm_bindgen_test]
async fn the_table_renders_names_as_text_and_filters_by_owner() {
    let _page = PageLock::acquire().await;
    let rows = vec![
        sandbox(INJECTION, "cust_4711", "active"),
        sandbox("staging-eu", "cust <b>", "seeding"),
    ];
    let filter_href = Callback::new(|(field, value): (FilterField, String)| {
        format!("/sandboxes?{field:?}={value}")
    });
    let (mounted, _) = mount_app(None, move || {
        let rows = Arc::<[Sandbox]>::from(rows.clone());
        view! { <SandboxTable rows show_user_id=false sort=SandboxSort::CreatedAtDesc on_sort=|_: SandboxSort| {} filter_href dialogs=RowDialogs::new()/> }.into_any()
    });
    sleep(0).await;
    let table = element("[data-testid=sandbox-table]");
    assert_eq!(
        table.query_selector_all("img, script, b").unwrap().length(),
        0,
        "markup from the API became elements"
    );
    assert_eq!(shown_names(), [INJECTION, "staging-eu"]);
    assert_eq!(texts("[data-testid=owner-id]"), ["cust_4711", "cust <b>"]);
    assert_eq!(
        element("[data-testid=owner-id] a")
            .get_attribute("href")
            .as_deref(),
        Some("/sandboxes?OwnerId=cust_4711")
    );
    assert_eq!(
        element("[data-testid=sandbox-name]")
            .get_attribute("href")
            .as_deref(),
        Some("/sandboxes/sbx_57")
    );
    assert_eq!(
        count("[data-testid=user-id]"),
        0,
        "only support sees the account column"
    );
    assert_eq!(count("td.row-actions"), 2);
    assert_eq!(texts("[data-testid=status-badge]"), ["Active", "Seeding"]);
    assert_eq!(
        element("th[aria-sort=descending]")
            .text_content()
            .unwrap()
            .trim_end_matches(['▼'])
            .trim(),
        "Created"
    );
    drop(mounted);

    let rows = vec![sandbox("staging-eu", "cust_4711", "active")];
    let (_mounted, _) = mount_app(None, move || {
        let rows = Arc::<[Sandbox]>::from(rows.clone());
        view! { <SandboxTable rows show_user_id=true sort=SandboxSort::Name on_sort=|_: SandboxSort| {} filter_href dialogs=RowDialogs::new()/> }.into_any()
    });
    sleep(0).await;
    assert_eq!(texts("[data-testid=user-id]"), ["acct_1"]);
    assert!(find("[data-testid=user-id-header]").is_some());
}

#[wasm_bindgen_test]
async fn the_header_shows_who_is_calling_and_signs_out() {
    let _page = PageLock::acquire().await;
    let before = current_location();
    let (mounted, _) = mount_app(None, || view! { <Header/> }.into_any());
    sleep(0).await;
    assert_eq!(
        text_of("header").trim(),
        "Sandbox Console",
        "signed out: nothing but the product name"
    );
    assert_eq!(
        element("header a").get_attribute("href").as_deref(),
        Some("/sandboxes")
    );
    drop(mounted);

    let support = me("support", None, None, &["sandboxes:read"]);
    let (mounted, _) = mount_app(Some(support), || view! { <Header/> }.into_any());
    sleep(0).await;
    let who = text_of("[data-testid=whoami]");
    assert!(
        who.contains("ada@acme.test") && who.contains("support") && who.contains("all tenants"),
        "{who}"
    );
    drop(mounted);

    let scoped = me(
        "admin",
        Some("Acme Production"),
        Some("sbx_scoped"),
        &["sandboxes:read"],
    );
    let (_mounted, session) = mount_app(Some(scoped), || view! { <Header/> }.into_any());
    sleep(0).await;
    let who = text_of("[data-testid=whoami]");
    assert!(
        who.contains("Acme Production") && who.contains("acting in sandbox sbx_scoped"),
        "{who}"
    );

    let storage = web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap();
    storage.set_item("sandbox-console.token", "t").unwrap();
    element("[data-testid=sign-out]").click();
    sleep(0).await;
    assert!(session.credentials.get_untracked().is_none());
    assert_eq!(
        storage.get_item("sandbox-console.token").unwrap(),
        None,
        "the token is forgotten"
    );
    assert_eq!(current_location(), "/connect");
    assert!(find("[data-testid=whoami]").is_none());
    set_path(&before);
}

// ---- Connect ----

#[wasm_bindgen_test]
async fn connect_checks_its_inputs_and_keeps_them_on_failure() {
    let _page = PageLock::acquire().await;
    let before = current_location();
    // Where a 401 elsewhere would have sent the user; the router reads it at mount.
    set_path("/connect?next=%2Fsandboxes%3Fowner_id%3Dcust_4711");
    let (_mounted, session) = mount_app(None, || view! { <Connect/> }.into_any());
    sleep(0).await;
    assert_eq!(
        element("#connect-token").get_attribute("type").as_deref(),
        Some("password")
    );
    element("button[aria-controls=connect-token]").click();
    sleep(0).await;
    assert_eq!(
        element("#connect-token").get_attribute("type").as_deref(),
        Some("text"),
        "the token can be shown"
    );
    element("button[aria-controls=connect-token]").click();

    type_into("#connect-base-url", "ftp://example.test");
    element("#connect-submit").click();
    sleep(0).await;
    assert!(text_of("#connect-base-url-error").contains("must start with http:// or https://"));
    assert_eq!(text_of("#connect-token-error"), "Enter an API token.");
    assert_eq!(
        element("#connect-token")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
    assert_eq!(
        input_value("#connect-base-url"),
        "ftp://example.test",
        "what was typed stays"
    );

    script_fetch(
        json!([{"contains": "/api/v1/me", "status": 401, "body": {"detail": "Not authenticated"}}]),
    );
    type_into("#connect-base-url", "http://api.test/");
    type_into("#connect-token", "wrong-token");
    element("#connect-submit").click();
    wait_until("the refusal", || {
        find("[data-testid=connect-error]").is_some()
    })
    .await;
    assert!(
        text_of("[data-testid=connect-error]").contains("That token was not accepted by the API")
    );
    assert_eq!(
        input_value("#connect-token"),
        "wrong-token",
        "the token typed stays for correcting"
    );
    assert!(session.credentials.get_untracked().is_none());
    assert_eq!(
        requested_urls(),
        ["http://api.test/api/v1/me"],
        "the token is never in a URL"
    );

    script_fetch(json!([{"contains": "/api/v1/me", "status": 0}]));
    element("#connect-submit").click();
    wait_until("the network error", || {
        text_of("[data-testid=connect-error]").contains("Could not reach")
    })
    .await;
    let message = text_of("[data-testid=connect-error]");
    assert!(
        message.contains("http://api.test") && message.contains("CORS"),
        "{message}"
    );

    let admin_body = serde_json::to_value(admin()).unwrap();
    script_fetch(json!([{"contains": "/api/v1/me", "status": 200, "body": admin_body}]));
    element("#connect-submit").click();
    wait_until("signing in", || session.me.get_untracked().is_some()).await;
    assert_eq!(
        session.credentials.get_untracked().unwrap().base_url,
        "http://api.test"
    );
    wait_until("going to next", || {
        current_location() == "/sandboxes?owner_id=cust_4711"
    })
    .await;
    session.sign_out();
    set_path(&before);
}

// ---- the list page against a scripted API ----

fn list_body(names: &[&str], owner: &str) -> serde_json::Value {
    serde_json::to_value(
        names
            .iter()
            .map(|name| sandbox(name, owner, "active"))
            .collect::<Vec<_>>(),
    )
    .unwrap()
}

#[wasm_bindgen_test]
async fn the_list_follows_the_url_and_drops_stale_answers() {
    let _page = PageLock::acquire().await;
    let before = current_location();
    script_fetch(json!([
        {"contains": "owner_id=cust_slow", "delay_ms": 700, "status": 200, "body": list_body(&["slow-row"], "cust_slow"), "headers": {"X-Total-Count": "1"}},
        {"contains": "owner_id=cust_fast", "delay_ms": 0, "status": 200, "body": list_body(&["fast-1", "fast-2"], "cust_fast"), "headers": {"X-Total-Count": "2"}},
        {"contains": "sandboxes", "status": 200, "body": [], "headers": {"X-Total-Count": "0"}},
    ]));
    set_path("/sandboxes?owner_id=cust_slow");
    let (_mounted, _) = mount_app(Some(admin()), || view! { <SandboxList/> }.into_any());
    sleep(50).await;
    assert_eq!(
        input_value("#filter-owner"),
        "cust_slow",
        "the input shows the URL's filter"
    );
    // A newer query while the first is still loading: its answer must win.
    type_into("#filter-owner", "cust_fast");
    fire(&element("#filter-owner"), "change");
    wait_until("the fast rows", || shown_names() == ["fast-1", "fast-2"]).await;
    assert_eq!(current_location(), "/sandboxes?owner_id=cust_fast");
    sleep(900).await;
    assert_eq!(
        shown_names(),
        ["fast-1", "fast-2"],
        "the slow, older answer overwrote the newer one"
    );
    let urls = requested_urls();
    assert!(
        urls.iter()
            .any(|url| url.contains("/api/v1/storage/sandboxes?owner_id=cust_slow")),
        "{urls:?}"
    );
    assert!(text_of("[data-testid=pager]").contains("Showing 1–2 of 2"));
    assert!(find("a[data-testid=new-sandbox]")
        .unwrap()
        .get_attribute("href")
        .unwrap()
        .ends_with("/sandboxes/new?owner_id=cust_fast"));

    // Back in history: the URL rules again, and the input follows it.
    web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .back()
        .unwrap();
    wait_until("the first filter again", || {
        input_value("#filter-owner") == "cust_slow"
    })
    .await;
    wait_until("the slow rows", || shown_names() == ["slow-row"]).await;

    // Rows per page: offered as a menu, kept in the URL, sent as the API's limit.
    assert_eq!(texts("#filter-limit option"), ["25", "50", "100", "200"]);
    element("#filter-limit")
        .unchecked_into::<web_sys::HtmlSelectElement>()
        .set_value("100");
    fire(&element("#filter-limit"), "change");
    wait_until("the size in the URL", || {
        current_location() == "/sandboxes?owner_id=cust_slow&limit=100"
    })
    .await;
    wait_until("the size in the request", || {
        requested_urls()
            .iter()
            .any(|url| url.contains("owner_id=cust_slow&limit=100"))
    })
    .await;
    set_path(&before);
}

#[wasm_bindgen_test]
async fn the_list_asks_again_while_a_row_is_still_changing() {
    let _page = PageLock::acquire().await;
    let before = current_location();
    let row = |status: &str| json!([sandbox_json("busy-row", "cust_poll", status, "owner")]);
    script_fetch(json!([
        {"contains": "owner_id=cust_poll", "status": 200, "body": row("refreshing"), "headers": {"X-Total-Count": "1"}, "times": 1},
        {"contains": "owner_id=cust_poll", "delay_ms": 300, "status": 200, "body": row("active"), "headers": {"X-Total-Count": "1"}},
    ]));
    set_path("/sandboxes?owner_id=cust_poll");
    let (_mounted, _) = mount_app(Some(admin()), || view! { <SandboxList/> }.into_any());
    wait_until("the refreshing row", || {
        texts("[data-testid=status-badge]") == ["Refreshing"]
    })
    .await;
    // About 1 s later the list asks again, without dimming the rows as a user's change would.
    wait_until("a second request", || requested_urls().len() == 2).await;
    assert!(
        !element(".results").class_list().contains("is-pending"),
        "a poll dimmed the list"
    );
    wait_until("the row active", || {
        texts("[data-testid=status-badge]") == ["Active"]
    })
    .await;
    // Nothing is changing any more: no more requests (the next poll would have come after 2 s).
    sleep(2500).await;
    assert_eq!(
        requested_urls().len(),
        2,
        "polled after every row was active"
    );
    set_path(&before);
}

#[wasm_bindgen_test]
async fn a_poll_of_the_list_keeps_an_open_dialog_its_typing_and_the_focus() {
    let _page = PageLock::acquire().await;
    let before = current_location();
    let rows = |status: &str| {
        json!([
            sandbox_json("busy-row", "cust_keep", status, "owner"),
            sandbox_json("calm-row", "cust_keep", "active", "owner"),
        ])
    };
    script_fetch(json!([
        {"contains": "owner_id=cust_keep", "status": 200, "body": rows("refreshing"), "headers": {"X-Total-Count": "2"}, "times": 1},
        {"contains": "owner_id=cust_keep", "status": 200, "body": rows("active"), "headers": {"X-Total-Count": "2"}},
    ]));
    set_path("/sandboxes?owner_id=cust_keep");
    let (_mounted, _) = mount_app(Some(admin()), || view! { <SandboxList/> }.into_any());
    let refresh = "[data-sandbox-id=sbx_calm-row] [data-testid=refresh-open]";
    wait_until("the rows", || find(refresh).is_some()).await;
    // A keyboard user on a row's button: the poll must not take the focus away.
    let button = element(refresh);
    button.focus().unwrap();
    element("[data-sandbox-id=sbx_calm-row] [data-testid=delete-open]").click();
    wait_until("the delete dialog", || {
        find("#delete-confirm-name").is_some()
    })
    .await;
    type_into("#delete-confirm-name", "calm");
    // Every attribute the poll writes into the rows, to check below that
    // only what changed is written.
    let watch = js_sys::Function::new_with_args(
        "target",
        "const o = new MutationObserver((records) => { o.seen += records.length; }); \
         o.seen = 0; o.observe(target, {attributes: true, subtree: true}); return o;",
    );
    let observer = watch.call1(&JsValue::NULL, &element("tbody")).unwrap();
    wait_until("the poll's answer", || {
        requested_urls().len() == 2 && texts("[data-testid=status-badge]") == ["Active", "Active"]
    })
    .await;
    sleep(50).await;
    let take = js_sys::Function::new_with_args(
        "o",
        "const seen = o.seen + o.takeRecords().length; o.disconnect(); return seen;",
    );
    let written = take
        .call1(&JsValue::NULL, &observer)
        .unwrap()
        .as_f64()
        .unwrap();
    // One row's status: its badge and its Refresh button (no longer
    // refused) are rendered again, ~40 writes. Both rows built again wrote
    // each of a row's ~37 attributes twice (off, then on again): ~150.
    assert!(
        written < 80.0,
        "the poll wrote {written} attributes into two rows of which one changed"
    );
    assert!(
        dialog_open("[data-testid=delete-dialog]"),
        "the poll closed the dialog"
    );
    assert_eq!(
        input_value("#delete-confirm-name"),
        "calm",
        "the poll lost the typing"
    );
    assert!(
        find(refresh).is_some_and(|now| now == button),
        "the poll replaced the row's button (and its focus) instead of updating it"
    );
    set_path(&before);
}

#[wasm_bindgen_test]
async fn the_list_explains_bad_urls_empty_results_and_errors() {
    let _page = PageLock::acquire().await;
    let before = current_location();
    script_fetch(json!([
        {"contains": "owner_id=cust_none", "status": 200, "body": [], "headers": {"X-Total-Count": "0"}},
        {"contains": "owner_id=cust_broken", "status": 500, "body": {"detail": "Database is restarting"}},
        {"contains": "sandboxes", "delay_ms": 300, "status": 200, "body": list_body(&["one"], "cust_1"), "headers": {"X-Total-Count": "1"}},
    ]));
    set_path("/sandboxes?owner_id=cust_none&status=bogus&page=-3");
    let (_mounted, _) = mount_app(Some(admin()), || view! { <SandboxList/> }.into_any());
    wait_until("the empty state", || find("[data-testid=empty]").is_some()).await;
    assert_eq!(
        text_of("[data-testid=empty] p"),
        "No sandboxes for owner cust_none."
    );
    let problems = text_of("[data-testid=url-problems]");
    assert!(
        problems.contains("status=\"bogus\"") && problems.contains("page=\"-3\""),
        "{problems}"
    );
    assert!(
        requested_urls().iter().all(|url| !url.contains("bogus")),
        "a bad value reached the API"
    );

    element("[data-testid=clear-filters]").click();
    wait_until("the unfiltered list", || shown_names() == ["one"]).await;
    assert_eq!(current_location(), "/sandboxes");
    assert!(find("[data-testid=url-problems]").is_none());

    type_into("#filter-owner", "cust_broken");
    element("form.filters button[type=submit]").click();
    wait_until("the error panel", || find("[data-testid=error]").is_some()).await;
    assert!(text_of("[data-testid=error]").contains("Database is restarting"));
    let asked = requested_urls().len();
    element("[data-testid=error] button").click();
    wait_until("a retry", || requested_urls().len() > asked).await;

    // While the next page loads, the old rows stay, dimmed.
    type_into("#filter-owner", "");
    element("form.filters button[type=submit]").click();
    wait_until("the rows", || shown_names() == ["one"]).await;
    element("#filter-status")
        .unchecked_into::<web_sys::HtmlSelectElement>()
        .set_value("failed");
    fire(&element("#filter-status"), "change");
    wait_until("the pending look", || find(".results.is-pending").is_some()).await;
    assert_eq!(
        shown_names(),
        ["one"],
        "old rows stay visible while loading"
    );
    wait_until("loading to end", || find(".results.is-pending").is_none()).await;
    assert_eq!(current_location(), "/sandboxes?status=failed");
    set_path(&before);
}

#[wasm_bindgen_test]
async fn support_sees_the_account_column_and_viewers_cannot_create() {
    let _page = PageLock::acquire().await;
    let before = current_location();
    script_fetch(
        json!([{"contains": "sandboxes", "status": 200, "body": list_body(&["one"], "cust_1"), "headers": {"X-Total-Count": "1"}}]),
    );
    set_path("/sandboxes");
    // `/me` may answer after the list: the account column appears when it does.
    let (mounted, session) = mount_app(None, || view! { <SandboxList/> }.into_any());
    wait_until("the rows", || shown_names() == ["one"]).await;
    assert_eq!(count("[data-testid=user-id]"), 0);
    session
        .me
        .set(Some(me("support", None, None, &["sandboxes:read"])));
    wait_until("the account column", || {
        texts("[data-testid=user-id]") == ["acct_1"]
    })
    .await;
    assert!(find("[data-testid=user-id-header]").is_some());
    assert!(
        find("#filter-user").is_some(),
        "support may filter by account"
    );
    drop(mounted);

    let (_mounted, _) = mount_app(
        Some(me(
            "viewer",
            Some("Acme Production"),
            None,
            &["sandboxes:read"],
        )),
        || view! { <SandboxList/> }.into_any(),
    );
    wait_until("the rows", || shown_names() == ["one"]).await;
    assert_eq!(count("[data-testid=user-id]"), 0);
    assert!(element("button[data-testid=new-sandbox]").has_attribute("disabled"));
    assert_eq!(
        text_of("#new-sandbox-reason"),
        "Your role (viewer) may not create sandboxes."
    );
    set_path(&before);
}

// ---- helpers with no view ----

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
fn connect_helpers_keep_users_on_this_site() {
    assert_eq!(
        safe_next(Some("/sandboxes?owner_id=cust_4711")),
        "/sandboxes?owner_id=cust_4711"
    );
    assert_eq!(safe_next(Some("//evil.test/x")), "/sandboxes");
    assert_eq!(safe_next(Some("/\\evil.test")), "/sandboxes");
    assert_eq!(safe_next(Some("https://evil.test")), "/sandboxes");
    assert_eq!(safe_next(None), "/sandboxes");
    assert_eq!(
        check_base_url(" http://127.0.0.1:8080/ "),
        Ok("http://127.0.0.1:8080".to_owned())
    );
    assert!(check_base_url("").is_err());
    assert!(check_base_url("127.0.0.1:8080").is_err());
    assert!(check_base_url("https://").is_err());
    let refused = connect_error_message(
        &ApiError::Unauthorized("Not authenticated".into()),
        "http://x",
    );
    assert!(
        refused.starts_with("That token was not accepted by the API"),
        "{refused}"
    );
    assert_eq!(
        who_text(&admin()),
        "ada@acme.test · admin · Acme Production"
    );
    assert_eq!(
        who_text(&me("support", None, None, &[])),
        "ada@acme.test · support · all tenants"
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
