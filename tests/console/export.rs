//! Export CSV: the shared writer (quoting, no formulas) and the list's
//! export against a scripted API (every page at 200, in order, the
//! visible columns, the file's name, Cancel).

use leptos::prelude::*;
use sandbox_api::SandboxListQuery;
use sandbox_console::export::{csv, file_name};
use sandbox_console::pages::{list_export_file_name, SandboxList};
use serde_json::json;
use wasm_bindgen_test::*;

use crate::support::downloads::{catch_downloads, downloaded_text, downloads, today};
use crate::support::{
    admin, current_location, element, find, mount_app, requested_urls, sandbox_json, script_fetch,
    set_path, sleep, wait_until, PageLock,
};

#[wasm_bindgen_test]
fn csv_cells_are_quoted_and_never_formulas() {
    assert_eq!(csv::cell("plain"), "plain");
    assert_eq!(csv::cell(""), "");
    assert_eq!(csv::cell("a,b"), "\"a,b\"");
    assert_eq!(csv::cell("say \"hi\""), "\"say \"\"hi\"\"\"");
    assert_eq!(csv::cell("two\nlines"), "\"two\nlines\"");
    assert_eq!(csv::cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
    for start in ["=1", "+1", "-1", "@SUM(A1)"] {
        assert_eq!(csv::cell(start), format!("'{start}"), "{start:?}");
    }
    // A leading tab or CR is defused, and the CR also asks for quotes.
    assert_eq!(csv::cell("\tx"), "'\tx");
    assert_eq!(csv::cell("\rx"), "\"'\rx\"");
    assert_eq!(csv::cell("a-b"), "a-b", "only a leading sign is defused");
    assert_eq!(csv::cell("ü €"), "ü €");

    let mut out = String::new();
    csv::push_record(&mut out, ["a", "b,c", "=d"]);
    csv::push_record(&mut out, [String::new(), "x".to_owned()]);
    assert_eq!(out, "a,\"b,c\",'=d\r\n,x\r\n");
}

#[wasm_bindgen_test]
fn file_names_say_the_filters_and_the_date_in_safe_characters() {
    assert_eq!(
        file_name("things", ["a b/c".to_owned(), "ü".to_owned()], "2026-12-01"),
        "things-a-b-c---2026-12-01.csv"
    );
    let query = SandboxListQuery::from_pairs(&[
        ("owner_id".into(), "alice".into()),
        ("status".into(), "active".into()),
        ("sort".into(), "name".into()),
        ("limit".into(), "25".into()),
    ])
    .unwrap();
    assert_eq!(
        list_export_file_name(&query, "2026-12-01"),
        "sandboxes-owner_alice-status_active-2026-12-01.csv",
        "the sort and the page size are not filters"
    );
    let query = SandboxListQuery {
        user_id: Some("acct_1".into()),
        q: Some("../x y".into()),
        ..Default::default()
    };
    assert_eq!(
        list_export_file_name(&query, "2026-12-01"),
        "sandboxes-account_acct_1-q_..-x-y-2026-12-01.csv"
    );
    assert_eq!(
        list_export_file_name(&Default::default(), "2026-12-01"),
        "sandboxes-2026-12-01.csv"
    );
}

/// `count` sandboxes of owner `cust_x` named `prefix-<i>`.
fn sandboxes(prefix: &str, count: usize) -> serde_json::Value {
    json!((0..count)
        .map(|i| sandbox_json(&format!("{prefix}-{i}"), "cust_x", "active", "owner"))
        .collect::<Vec<_>>())
}

fn rule(contains: &str, body: serde_json::Value, total: u64) -> serde_json::Value {
    json!({"contains": contains, "status": 200, "body": body,
           "headers": {"X-Total-Count": total.to_string()}})
}

const LIST: &str = "/api/v1/storage/sandboxes?owner_id=cust_x&status=active&sort=name";

#[wasm_bindgen_test]
async fn the_list_export_fetches_every_page_in_order_with_the_visible_columns() {
    let _lock = PageLock::acquire().await;
    let before = current_location();
    let mut last = sandbox_json("=HYPERLINK(\"evil\")", "cust_x", "active", "owner");
    last["metadata"] = json!({"team": "a,b"});
    last["last_refreshed_at"] = json!("2026-11-08T01:02:03Z");
    let mut second = rule(&format!("{LIST}&limit=200&offset=200"), json!([last]), 201);
    second["delay_ms"] = json!(300);
    script_fetch(json!([
        second,
        rule(&format!("{LIST}&limit=200"), sandboxes("row", 200), 201),
        rule(LIST, sandboxes("shown", 1), 201),
    ]));
    set_path("/sandboxes?owner_id=cust_x&status=active&sort=name");
    let (_mounted, _) = mount_app(Some(admin()), || view! { <SandboxList /> }.into_any());
    wait_until("the list", || find("[data-testid=sandbox-row]").is_some()).await;
    let _downloads = catch_downloads();
    element("[data-testid=export-start]").click();
    wait_until("the progress", || {
        find("[data-testid=export-progress]")
            .is_some_and(|p| p.text_content().unwrap().contains("200 of 201 sandboxes"))
    })
    .await;
    wait_until("the download", || downloads().len() == 1).await;
    assert_eq!(
        downloads(),
        [format!(
            "sandboxes-owner_cust_x-status_active-{}.csv",
            today()
        )]
    );
    let exported: Vec<String> = requested_urls()
        .into_iter()
        .filter(|url| url.contains("limit=200"))
        .collect();
    assert_eq!(exported.len(), 2, "{exported:?}");
    let csv = downloaded_text().await;
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        lines.len(),
        1 + 201 + 1,
        "a header, every sandbox, the last line end"
    );
    assert_eq!(
        lines[0],
        "sandbox_id,name,user_id,owner_id,tier,status,access,is_external,\
         created_at,updated_at,last_refreshed_at,metadata"
    );
    assert_eq!(
        lines[1],
        "sbx_row-0,row-0,acct_1,cust_x,free,active,owner,no,\
         2026-11-07T05:31:56Z,2026-11-07T05:31:56Z,,{}"
    );
    assert_eq!(
        lines[200].split(',').nth(1),
        Some("row-199"),
        "in the API's order"
    );
    assert_eq!(
        lines[201],
        concat!(
            r#""sbx_=HYPERLINK(""evil"")","'=HYPERLINK(""evil"")",acct_1,cust_x,free,active,"#,
            r#"owner,no,2026-11-07T05:31:56Z,2026-11-07T05:31:56Z,2026-11-08T01:02:03Z,"#,
            r#""{""team"":""a,b""}""#,
        )
    );
    assert!(find("[data-testid=export-progress]").is_none());
    set_path(&before);
}

#[wasm_bindgen_test]
async fn hidden_columns_are_left_out_of_the_export() {
    let _lock = PageLock::acquire().await;
    let before = current_location();
    script_fetch(json!([
        rule("limit=200", sandboxes("row", 2), 2),
        rule("/api/v1/storage/sandboxes", sandboxes("row", 2), 2),
    ]));
    set_path("/sandboxes");
    let (_mounted, _) = mount_app(Some(admin()), || view! { <SandboxList /> }.into_any());
    wait_until("the list", || find("[data-testid=sandbox-row]").is_some()).await;
    for column in ["owner_id", "access"] {
        element(&format!("#column-{column}")).click();
    }
    let _downloads = catch_downloads();
    element("[data-testid=export-start]").click();
    wait_until("the download", || downloads().len() == 1).await;
    let csv = downloaded_text().await;
    assert_eq!(
        csv.lines().next(),
        Some(
            "sandbox_id,name,user_id,tier,status,created_at,updated_at,last_refreshed_at,metadata"
        )
    );
    assert!(csv
        .lines()
        .nth(1)
        .unwrap()
        .starts_with("sbx_row-0,row-0,acct_1,free,active,"));
    for column in ["owner_id", "access"] {
        element(&format!("#column-{column}")).click();
    }
    set_path(&before);
}

#[wasm_bindgen_test]
async fn a_cancelled_list_export_stops_asking_and_downloads_nothing() {
    let _lock = PageLock::acquire().await;
    let before = current_location();
    let mut second = rule("limit=200&offset=200", sandboxes("more", 200), 600);
    second["delay_ms"] = json!(500);
    script_fetch(json!([
        second,
        rule("limit=200", sandboxes("row", 200), 600),
        rule("/api/v1/storage/sandboxes", sandboxes("row", 1), 600),
    ]));
    set_path("/sandboxes");
    let (_mounted, _) = mount_app(Some(admin()), || view! { <SandboxList /> }.into_any());
    wait_until("the list", || find("[data-testid=sandbox-row]").is_some()).await;
    let _downloads = catch_downloads();
    element("[data-testid=export-start]").click();
    wait_until("the first page", || {
        find("[data-testid=export-progress]")
            .is_some_and(|p| p.text_content().unwrap().contains("200 of 600"))
    })
    .await;
    element("[data-testid=export-cancel]").click();
    wait_until("the button back", || {
        find("[data-testid=export-start]").is_some()
    })
    .await;
    sleep(900).await;
    assert!(downloads().is_empty(), "a cancelled export downloaded");
    let asked = requested_urls()
        .into_iter()
        .filter(|url| url.contains("offset=400"))
        .count();
    assert_eq!(asked, 0, "a page was asked for after Cancel");
    set_path(&before);
}

#[wasm_bindgen_test]
async fn a_v1_1_list_exports_expiry_and_protection_unless_expires_is_hidden() {
    let _lock = PageLock::acquire().await;
    let before = current_location();
    let mut expiring = sandbox_json("expiring", "cust_x", "active", "owner");
    expiring["expires_at"] = json!("2026-12-08T05:31:56Z");
    expiring["protected"] = json!(true);
    let mut lasting = sandbox_json("lasting", "cust_x", "active", "owner");
    lasting["expires_at"] = json!(null);
    lasting["protected"] = json!(false);
    let rows = json!([expiring, lasting]);
    script_fetch(json!([
        rule("limit=200", rows.clone(), 2),
        rule("/api/v1/storage/sandboxes", rows, 2),
    ]));
    set_path("/sandboxes");
    let (_mounted, _) = mount_app(Some(admin()), || view! { <SandboxList /> }.into_any());
    wait_until("the list", || find("[data-testid=sandbox-row]").is_some()).await;
    wait_until("Expires offered", || find("#column-expires_at").is_some()).await;
    let _downloads = catch_downloads();
    element("[data-testid=export-start]").click();
    wait_until("the download", || downloads().len() == 1).await;
    let csv = downloaded_text().await;
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "sandbox_id,name,user_id,owner_id,tier,status,access,is_external,expires_at,protected,\
         created_at,updated_at,last_refreshed_at,metadata"
    );
    assert!(
        lines[1].contains(",owner,no,2026-12-08T05:31:56Z,yes,2026-11-07T05:31:56Z,"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].contains(",owner,no,,no,2026-11-07T05:31:56Z,"),
        "never expires: an empty cell; {}",
        lines[2]
    );

    element("#column-expires_at").click();
    wait_until("the column hidden", || {
        element("[data-testid=sandbox-row] td[data-label=Expires]").hidden()
    })
    .await;
    element("[data-testid=export-start]").click();
    wait_until("the second download", || downloads().len() == 2).await;
    let csv = downloaded_text().await;
    assert!(!csv.lines().next().unwrap().contains("expires_at"), "{csv}");
    element("#column-expires_at").click();
    set_path(&before);
}

#[wasm_bindgen_test]
async fn a_page_that_fails_stops_the_export_with_the_apis_words_and_no_file() {
    let _lock = PageLock::acquire().await;
    let before = current_location();
    script_fetch(json!([
        {"contains": "limit=200&offset=200", "status": 500, "body": {"detail": "The database is asleep"}},
        rule("limit=200", sandboxes("row", 200), 300),
        rule("/api/v1/storage/sandboxes", sandboxes("row", 1), 300),
    ]));
    set_path("/sandboxes");
    let (_mounted, _) = mount_app(Some(admin()), || view! { <SandboxList /> }.into_any());
    wait_until("the list", || find("[data-testid=sandbox-row]").is_some()).await;
    let _downloads = catch_downloads();
    element("[data-testid=export-start]").click();
    wait_until("the error", || {
        find("[data-testid=export] [data-testid=error]").is_some_and(|error| {
            error
                .text_content()
                .unwrap()
                .contains("The database is asleep")
        })
    })
    .await;
    assert!(downloads().is_empty(), "a failed export downloaded");
    assert!(
        find("[data-testid=export-start]").is_some(),
        "no way to try again"
    );
    set_path(&before);
}
