//! The list's parts: the pager, sortable headers, the empty and error
//! states, and the table, which shows API data as text.

use std::sync::Arc;

use leptos::prelude::*;
use sandbox_api::{Sandbox, SandboxSort};
use sandbox_console::api::ApiError;
use sandbox_console::components::{
    pager, sortable_header::next_sort, EmptyState, ErrorPanel, FilterField, Pager, RowDialogs,
    SandboxTable, SortableHeader,
};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

use super::{row, shown_names};
use crate::support::{
    count, document, element, find, mount_app, mount_plain, mount_point, sleep, text_of, texts,
    PageLock, INJECTION,
};

#[wasm_bindgen_test]
async fn pager_shows_the_range_and_links_to_neighbours() {
    let _page = PageLock::acquire().await;
    let href = Callback::new(|page: u64| format!("/sandboxes?page={page}"));
    let mounted = mount_plain(move || view! { <Pager page=2 page_size=50 total=134 href /> });
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

    let mounted = mount_plain(move || view! { <Pager page=1 page_size=50 total=134 href /> });
    assert!(find("a[rel=prev]").is_none(), "no previous page on page 1");
    assert_eq!(
        element("[data-testid=pager] [aria-disabled=true]")
            .text_content()
            .unwrap(),
        "Previous"
    );
    drop(mounted);

    let _mounted = mount_plain(move || view! { <Pager page=3 page_size=50 total=134 href /> });
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
            <SortableHeader
                label="Name"
                ascending=SandboxSort::Name
                descending=SandboxSort::NameDesc
                current
                on_sort
            />
            <SortableHeader label="Status" ascending=SandboxSort::Status current on_sort />
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
        view! {
            <EmptyState message="No sandboxes for owner cust_4711.">
                <button>"Clear filters"</button>
            </EmptyState>
        }
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
    let mounted = mount_plain(move || view! { <ErrorPanel error on_retry /> });
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
        || view! { <ErrorPanel error=ApiError::Forbidden("Missing permission: sandboxes:read".into()) /> },
    );
    assert!(
        find("[data-testid=error] button").is_none(),
        "no retry offered without a retry callback"
    );
}

/// Mounts the table of `rows` sorted by `sort`, with the account column
/// if `show_user_id`; signed out, as the table needs no caller.
fn mount_rows(
    rows: Vec<Sandbox>,
    show_user_id: bool,
    sort: SandboxSort,
    filter_href: Callback<(FilterField, String), String>,
) -> impl Sized {
    mount_app(None, move || {
        let rows = Arc::<[Sandbox]>::from(rows.clone());
        view! {
            <SandboxTable
                rows
                show_user_id
                sort
                on_sort=|_: SandboxSort| {}
                filter_href
                dialogs=RowDialogs::new()
            />
        }
        .into_any()
    })
}

#[wasm_bindgen_test]
async fn the_table_renders_names_as_text_and_filters_by_owner() {
    let _page = PageLock::acquire().await;
    let rows = vec![
        row(INJECTION, "cust_4711", "active"),
        row("staging-eu", "cust <b>", "seeding"),
    ];
    let filter_href = Callback::new(|(field, value): (FilterField, String)| {
        format!("/sandboxes?{field:?}={value}")
    });
    let mounted = mount_rows(rows, false, SandboxSort::CreatedAtDesc, filter_href);
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

    let rows = vec![row("staging-eu", "cust_4711", "active")];
    let _mounted = mount_rows(rows, true, SandboxSort::Name, filter_href);
    sleep(0).await;
    assert_eq!(texts("[data-testid=user-id]"), ["acct_1"]);
    assert!(find("[data-testid=user-id-header]").is_some());
}
