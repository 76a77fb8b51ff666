//! Arriving on a page: every route's document title, where the focus goes
//! after a navigation (the new content's heading, or a form's first
//! field), the skip link, and `aria-current` only on the active tab.

use std::cell::RefCell;

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Routes};
use leptos_router::hooks::use_navigate;
use leptos_router::{path, NavigateOptions};
use sandbox_api::{Me, ME_PATH, SANDBOXES_PATH};
use sandbox_console::navigation::{page_title, FocusOnArrival, SkipLink};
use sandbox_console::pages::{
    Connect, CreateSandboxPage, MembersTab, SandboxDetail, SandboxList, SandboxOverview,
};
use serde_json::json;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

use crate::support::{
    admin, count, current_location, document, element, find, fire, mount_app, sandbox_json,
    script_fetch, select_option, set_path, sleep, tab_answer, tab_sandbox_answer, texts, type_into,
    wait_until, PageLock, API_ORIGIN,
};

/// The router's navigate, as `use_navigate` gives it.
type Navigate = Box<dyn Fn(&str, NavigateOptions)>;

thread_local! {
    /// The mounted console's router, to follow links with.
    static NAVIGATE: RefCell<Option<Navigate>> = RefCell::new(None);
}

/// The console's routes that these tests travel between, at `path`, with
/// the focus following navigations and a main region as in `App`.
fn mount_console(path: &str, me: Me) -> impl Sized {
    set_path(path);
    let (mounted, _) = mount_app(Some(me), || {
        let navigate = use_navigate();
        NAVIGATE.with(|slot| *slot.borrow_mut() = Some(Box::new(navigate)));
        view! {
            <FocusOnArrival />
            <main id="main" tabindex="-1">
                <Routes fallback=|| "no route">
                    <Route path=path!("/connect") view=Connect />
                    <Route path=path!("/sandboxes") view=SandboxList />
                    <Route path=path!("/sandboxes/new") view=CreateSandboxPage />
                    <ParentRoute path=path!("/sandboxes/:sandbox_id") view=SandboxDetail>
                        <Route path=path!("") view=SandboxOverview />
                        <Route path=path!("members") view=MembersTab />
                    </ParentRoute>
                </Routes>
            </main>
        }
        .into_any()
    });
    mounted
}

/// Follows `link` as the router does when it is clicked. Not by a click:
/// in a full run a click on a link can be taken by a router an earlier
/// test mounted (the same test passes alone), which leaves this one's
/// router where it was.
fn follow(link: &web_sys::Element) {
    let href = link.get_attribute("href").expect("a link with an href");
    let options = NavigateOptions {
        scroll: !link.has_attribute("data-noscroll"),
        ..Default::default()
    };
    NAVIGATE
        .with(|navigate| navigate.borrow().as_ref().expect("a mounted console")(&href, options));
}

/// What the API says on these pages: the list (`total` sandboxes, one of
/// them shown: `sbx_test`, named "test") and that sandbox with no members.
fn script_api(total: u32) {
    script_fetch(json!([
        tab_answer("GET", "/users", 200, json!([])),
        {"method": "DELETE", "contains": "/sbx_test", "status": 200, "body": {}},
        tab_sandbox_answer("active", "owner"),
        {"contains": SANDBOXES_PATH, "status": 200, "headers": {"X-Total-Count": total.to_string()},
         "body": [sandbox_json("test", "cust_e2e", "active", "owner")]},
    ]));
}

fn title() -> String {
    document().title()
}

/// Waits until the keyboard focus is on the element matching `css`; fails
/// naming where the focus is instead.
async fn wait_for_focus(css: &str) {
    let focused = || {
        let active = document().active_element();
        find(css).is_some_and(|target| active.is_some_and(|active| active == *target.as_ref()))
    };
    for _ in 0..150 {
        if focused() {
            return;
        }
        sleep(20).await;
    }
    let active = document()
        .active_element()
        .map(|active| active.outer_html().chars().take(200).collect::<String>());
    panic!("the focus is not on {css} but on {active:?}");
}

/// Follows the link matching `css` whose text is `text`.
fn follow_link(css: &str, text: &str) {
    let links = document().query_selector_all(css).unwrap();
    let link = (0..links.length())
        .map(|index| links.get(index).unwrap())
        .find(|link| link.text_content().unwrap_or_default().trim() == text)
        .unwrap_or_else(|| panic!("no link {text:?} among {css}"));
    follow(link.unchecked_ref());
}

#[wasm_bindgen_test]
async fn every_route_sets_the_document_title() {
    let _page = PageLock::acquire().await;
    let before = current_location();
    script_api(1);
    assert_eq!(page_title(None), "Sandbox Console");
    for (path, expected) in [
        (
            "/sandboxes?owner_id=cust_4711",
            "Sandboxes for cust_4711 — Sandbox Console",
        ),
        ("/sandboxes", "Sandboxes — Sandbox Console"),
        ("/sandboxes/new", "New sandbox — Sandbox Console"),
        ("/sandboxes/sbx_test", "test — Sandbox Console"),
        (
            "/sandboxes/sbx_test/members",
            "test · Members — Sandbox Console",
        ),
        ("/connect", "Connect — Sandbox Console"),
    ] {
        let mounted = mount_console(path, admin());
        wait_until(expected, || title() == expected).await;
        drop(mounted);
    }
    set_path(&before);
}

#[wasm_bindgen_test]
async fn after_a_navigation_the_focus_is_on_the_new_contents_heading_or_first_field() {
    let _page = PageLock::acquire().await;
    let before = current_location();
    script_api(1);
    let _mounted = mount_console("/sandboxes", admin());
    wait_until("the row", || find("[data-testid=sandbox-name]").is_some()).await;

    // Opening a sandbox: its name, the page's heading.
    follow(&element("[data-testid=sandbox-name]"));
    wait_for_focus("[data-testid=sandbox-title]").await;
    assert_eq!(
        element("[data-testid=sandbox-title]")
            .get_attribute("tabindex")
            .as_deref(),
        Some("-1")
    );

    // A tab: the tab's own heading, and only the active tab is "current".
    follow_link(".tabs a", "Members");
    wait_for_focus("#members-heading").await;
    assert_eq!(texts("[aria-current=page]"), ["Members"]);
    assert!(!element(".back-link").has_attribute("aria-current"));

    // Back to the list: its heading.
    follow_link(".back-link", "← Back to sandboxes");
    wait_for_focus("#list-title").await;

    // New sandbox: the form's first field; neither the back link nor Cancel is "current".
    follow(&element("a[data-testid=new-sandbox]"));
    wait_for_focus("#create-name").await;
    assert_eq!(
        count("[aria-current]"),
        0,
        "a link claims to be the current page"
    );
    set_path(&before);
}

#[wasm_bindgen_test]
async fn paging_clearing_filters_and_a_delete_focus_the_heading_above_the_table() {
    let _page = PageLock::acquire().await;
    let before = current_location();
    script_api(120);
    let _mounted = mount_console("/sandboxes?owner_id=cust_e2e", admin());
    wait_until("the pager above the table", || {
        find("[data-testid=pager-top] a[rel=next]").is_some()
    })
    .await;
    assert_eq!(
        element("[data-testid=results-heading]")
            .text_content()
            .unwrap(),
        "Showing 1–50 of 120 · page 1 of 3"
    );
    // The pager above the table comes before the rows' Tab stops.
    let top = element("[data-testid=pager-top]");
    let first_row = element("[data-testid=sandbox-row]");
    assert_eq!(
        top.compare_document_position(&first_row) & web_sys::Node::DOCUMENT_POSITION_FOLLOWING,
        web_sys::Node::DOCUMENT_POSITION_FOLLOWING
    );
    // Another filter with as many rows: the links follow the view all the same.
    select_option("#filter-status", "active");
    let next_href = || {
        element("[data-testid=pager-top] a[rel=next]")
            .get_attribute("href")
            .unwrap_or_default()
    };
    wait_until("the pager's links for the filtered view", || {
        next_href() == "/sandboxes?owner_id=cust_e2e&status=active&page=2"
    })
    .await;
    let next = element("[data-testid=pager-top] a[rel=next]");
    assert!(
        next.has_attribute("data-noscroll"),
        "paging scrolls to the top, away from the table"
    );
    follow(&next);
    wait_until("page 2", || {
        current_location() == "/sandboxes?owner_id=cust_e2e&status=active&page=2"
    })
    .await;
    wait_for_focus("#results-heading").await;
    // Passing through a filter field without changing it keeps the page.
    element("#filter-owner").focus().unwrap();
    fire(&element("#filter-owner"), "blur");
    sleep(50).await;
    assert_eq!(
        current_location(),
        "/sandboxes?owner_id=cust_e2e&status=active&page=2"
    );
    wait_until("the heading of page 2", || {
        element("#results-heading").text_content().unwrap() == "Showing 51–100 of 120 · page 2 of 3"
    })
    .await;

    // Clear filters: the heading too (the button is gone from under the focus).
    element("#filter-owner").focus().unwrap();
    element("[data-testid=clear-all-filters]").click();
    wait_until("no filters", || current_location() == "/sandboxes").await;
    wait_for_focus("#results-heading").await;

    // A delete from a row: its button is gone with the sandbox.
    element("[data-testid=delete-open]").click();
    wait_until("the delete dialog", || {
        find("#delete-confirm-name").is_some()
    })
    .await;
    type_into("#delete-confirm-name", "test");
    sleep(0).await;
    element("[data-testid=delete-confirm]").click();
    wait_until("the notice", || {
        texts("[data-testid=notice]")
            .iter()
            .any(|notice| notice.contains("Deleted sandbox test"))
    })
    .await;
    wait_for_focus("#results-heading").await;
    set_path(&before);
}

#[wasm_bindgen_test]
async fn the_skip_link_puts_the_focus_in_the_main_region() {
    let _page = PageLock::acquire().await;
    let before = current_location();
    set_path("/sandboxes");
    let (_mounted, _) = mount_app(None, || {
        view! {
            <SkipLink />
            <main id="main" tabindex="-1">
                <p>"The page"</p>
            </main>
        }
        .into_any()
    });
    element(".skip-link").click();
    wait_for_focus("#main").await;
    assert_eq!(current_location(), "/sandboxes", "the skip link navigated");
    set_path(&before);
}

#[wasm_bindgen_test]
async fn connect_gives_the_focus_to_its_first_field_and_then_to_the_list() {
    let _page = PageLock::acquire().await;
    let before = current_location();
    let admin_body = serde_json::to_value(admin()).unwrap();
    script_fetch(json!([
        {"contains": ME_PATH, "status": 200, "body": admin_body},
        {"contains": SANDBOXES_PATH, "status": 200, "headers": {"X-Total-Count": "1"},
         "body": [sandbox_json("test", "cust_e2e", "active", "owner")]},
    ]));
    let _mounted = mount_console("/sandboxes", admin());
    wait_until("the row", || find("[data-testid=sandbox-name]").is_some()).await;
    NAVIGATE.with(|navigate| navigate.borrow().as_ref().unwrap()("/connect", Default::default()));
    wait_for_focus("#connect-base-url").await;
    type_into("#connect-base-url", API_ORIGIN);
    type_into("#connect-token", "another-token");
    element("#connect-submit").click();
    wait_until("the list", || current_location() == "/sandboxes").await;
    wait_for_focus("#list-title").await;
    set_path(&before);
}
