//! The list's saved views and Columns menu: saved, opened, renamed,
//! deleted (and undone), kept across a reload per API base URL, never a
//! token in localStorage, and storage that cannot be read ignored with a note.

use leptos::prelude::*;
use sandbox_console::pages::SandboxList;
use serde_json::json;
use wasm_bindgen_test::*;

use crate::support::{
    admin, current_location, element, find, input_value, is_checked, is_disabled, mount_app,
    sandbox_json, script_fetch, set_path, submit, text_of, texts, type_into, wait_until, Mounted,
    PageLock, API_ORIGIN, TOKEN,
};

fn local_storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

fn views_key() -> String {
    format!("sandbox-console.list-views.{API_ORIGIN}")
}

fn columns_key() -> String {
    format!("sandbox-console.list-columns.{API_ORIGIN}")
}

/// Every list request answered with two rows.
fn script_list() {
    let rows: Vec<_> = ["alpha", "beta"]
        .iter()
        .map(|name| sandbox_json(name, "cust_v", "active", "owner"))
        .collect();
    script_fetch(json!([
        {"contains": "/api/v1/storage/sandboxes", "status": 200, "body": rows, "headers": {"X-Total-Count": "2"}},
    ]));
}

/// The list mounted at `path`, as a reload of the page would: the
/// component anew, with whatever localStorage holds.
async fn mount_list(path: &str) -> Mounted {
    set_path(path);
    let (mounted, _) = mount_app(Some(admin()), || view! { <SandboxList /> }.into_any());
    wait_until("the rows", || find("[data-testid=sandbox-row]").is_some()).await;
    mounted
}

fn view_names() -> Vec<String> {
    texts("[data-testid=saved-view-link]")
}

fn field_error() -> String {
    text_of("#view-name-error")
}

fn kept_views() -> serde_json::Value {
    serde_json::from_str(&local_storage().get_item(&views_key()).unwrap().unwrap()).unwrap()
}

#[wasm_bindgen_test]
async fn views_are_saved_opened_renamed_deleted_and_kept_across_a_reload() {
    let _lock = PageLock::acquire().await;
    let before = current_location();
    let storage = local_storage();
    storage.remove_item(&views_key()).unwrap();
    script_list();
    let page = mount_list("/sandboxes?owner_id=cust_v&sort=name&limit=25&page=2").await;
    assert!(view_names().is_empty());

    // Save: the name is checked at the field, the typing kept.
    element("[data-testid=view-save-open]").click();
    wait_until("the form", || find("#view-name").is_some()).await;
    submit("[data-testid=view-form]");
    wait_until("the error", || find("#view-name-error").is_some()).await;
    assert_eq!(field_error(), "Give the view a name.");
    assert_eq!(
        element("#view-name")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
    let long = "x".repeat(41);
    type_into("#view-name", &long);
    submit("[data-testid=view-form]");
    wait_until("the length error", || field_error().contains("at most 40")).await;
    assert_eq!(input_value("#view-name"), long, "the typing was lost");
    type_into("#view-name", "  Mine ");
    submit("[data-testid=view-form]");
    wait_until("the view", || view_names() == ["Mine"]).await;
    let link = element("[data-testid=saved-view-link]");
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("/sandboxes?owner_id=cust_v&sort=name&limit=25"),
        "filters, sort and page size, from the first page"
    );
    // A second view of the same name, whatever the case, is refused.
    element("[data-testid=view-save-open]").click();
    wait_until("the form", || find("#view-name").is_some()).await;
    type_into("#view-name", "MINE");
    submit("[data-testid=view-form]");
    wait_until("the duplicate error", || {
        field_error() == "There is already a view named “MINE”."
    })
    .await;
    assert_eq!(input_value("#view-name"), "MINE");
    type_into("#view-name", "Everything");
    drop(page);

    // A reload keeps the saved view (not the unsaved one); one click opens it.
    let page = mount_list("/sandboxes").await;
    assert_eq!(view_names(), ["Mine"]);
    element("[data-testid=saved-view-link]").click();
    wait_until("the view's address", || {
        current_location() == "/sandboxes?owner_id=cust_v&sort=name&limit=25"
    })
    .await;
    wait_until("marked current", || {
        element("[data-testid=saved-view-link]")
            .get_attribute("aria-current")
            .as_deref()
            == Some("page")
    })
    .await;

    // Rename: the form starts with the name.
    element("[data-testid=view-rename]").click();
    wait_until("the rename form", || find("#view-name").is_some()).await;
    assert_eq!(input_value("#view-name"), "Mine");
    type_into("#view-name", "Cust V by name");
    submit("[data-testid=view-form]");
    wait_until("the new name", || view_names() == ["Cust V by name"]).await;
    assert_eq!(kept_views()[0]["name"], "Cust V by name");
    assert!(
        !storage
            .get_item(&views_key())
            .unwrap()
            .unwrap()
            .contains(TOKEN),
        "a token in localStorage"
    );

    // Delete, then Undo, then delete for good.
    element("[data-testid=view-delete]").click();
    wait_until("gone", || view_names().is_empty()).await;
    wait_until("the notice", || {
        text_of("[data-testid=notice]").contains("Deleted the view “Cust V by name”.")
    })
    .await;
    element("[data-testid=notice] [data-testid=notice-action]").click();
    wait_until("back", || view_names() == ["Cust V by name"]).await;
    assert_eq!(kept_views().as_array().unwrap().len(), 1);
    element("[data-testid=view-delete]").click();
    wait_until("gone again", || view_names().is_empty()).await;
    drop(page);
    let _page = mount_list("/sandboxes").await;
    assert!(view_names().is_empty(), "a deleted view came back");
    assert_eq!(kept_views(), json!([]));
    set_path(&before);
}

#[wasm_bindgen_test]
async fn hidden_columns_stay_hidden_across_a_reload() {
    let _lock = PageLock::acquire().await;
    let before = current_location();
    local_storage().remove_item(&columns_key()).unwrap();
    script_list();
    let page = mount_list("/sandboxes").await;
    let tier_cells = || {
        let cells = web_sys::window()
            .unwrap()
            .document()
            .unwrap()
            .query_selector_all("[data-testid=sandbox-row] td[data-label=Tier]")
            .unwrap();
        (0..cells.length())
            .map(|index| {
                wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlElement>(
                    cells.get(index).unwrap(),
                )
                .hidden()
            })
            .collect::<Vec<bool>>()
    };
    let tier_header_hidden = || {
        let headers = texts(".sandbox-table thead th:not([hidden])");
        !headers.iter().any(|text| text == "Tier")
    };
    assert_eq!(tier_cells(), [false, false]);
    assert!(!tier_header_hidden());
    assert!(
        is_disabled(".columns-menu input[disabled]"),
        "the name always shows"
    );
    assert_eq!(text_of(".columns-menu summary"), "Columns");

    // A disclosure: opened by its summary, closed by Escape with the focus back on it.
    let menu = element("[data-testid=columns-menu]");
    element(".columns-menu summary").click();
    assert!(menu.has_attribute("open"));
    element("#column-tier").focus().unwrap();
    js_sys::eval(
        "document.querySelector('#column-tier').dispatchEvent(\
         new KeyboardEvent('keydown', {key: 'Escape', bubbles: true}))",
    )
    .unwrap();
    assert!(!menu.has_attribute("open"), "Escape left the menu open");
    assert_eq!(
        crate::support::document().active_element(),
        Some(element(".columns-menu summary").into()),
        "the focus is back on the summary"
    );
    element("#column-tier").click();
    wait_until("the tier hidden", || tier_cells() == [true, true]).await;
    assert!(tier_header_hidden());
    assert_eq!(text_of(".columns-menu summary"), "Columns (1 hidden)");
    drop(page);

    let page = mount_list("/sandboxes").await;
    assert_eq!(tier_cells(), [true, true], "the choice was not kept");
    assert!(!is_checked("#column-tier"));
    assert!(
        find("#column-account").is_none(),
        "Account is for support staff"
    );
    element("#column-tier").click();
    wait_until("the tier shown", || tier_cells() == [false, false]).await;
    drop(page);
    let _page = mount_list("/sandboxes").await;
    assert_eq!(tier_cells(), [false, false]);
    assert_eq!(
        local_storage().get_item(&columns_key()).unwrap().as_deref(),
        Some("[]")
    );
    set_path(&before);
}

#[wasm_bindgen_test]
async fn storage_that_cannot_be_read_is_ignored_with_a_note() {
    let _lock = PageLock::acquire().await;
    let before = current_location();
    let storage = local_storage();
    storage.set_item(&views_key(), "{not json").unwrap();
    storage
        .set_item(&columns_key(), r#"{"tier": false}"#)
        .unwrap();
    script_list();
    let page = mount_list("/sandboxes").await;
    assert!(view_names().is_empty());
    assert!(text_of("[data-testid=views-note]").contains("could not be read"));
    assert!(text_of("[data-testid=columns-note]").contains("every column is shown"));
    assert!(is_checked("#column-tier"));
    drop(page);

    // Some entries sound, some not: the sound ones show.
    storage
        .set_item(
            &views_key(),
            r#"[{"name": "Good", "url": "/sandboxes?q=a"}, {"name": "", "url": "/sandboxes"},
                {"name": "Elsewhere", "url": "https://evil.test/"}, 5, {"name": "good", "url": "/sandboxes"}]"#,
        )
        .unwrap();
    storage
        .set_item(&columns_key(), r#"["tier", "later_column"]"#)
        .unwrap();
    let _page = mount_list("/sandboxes").await;
    assert_eq!(view_names(), ["Good"]);
    assert_eq!(
        text_of("[data-testid=views-note]"),
        "4 of the saved views kept in this browser could not be read and are left out."
    );
    assert!(
        !is_checked("#column-tier"),
        "a column this console lacks spoiled the rest"
    );
    assert!(find("[data-testid=columns-note]").is_none());
    storage.remove_item(&views_key()).unwrap();
    storage.remove_item(&columns_key()).unwrap();
    set_path(&before);
}
