//! Export CSV of the list against `sandboxd --demo`: a filtered, sorted
//! list exported in Chromium (the download caught in the page), then
//! compared row by row with the API's own answer for the same query.

use sandbox_api::SANDBOXES_PATH;
use sandbox_e2e::{eventually, tokens, E2e, INJECTION_NAME};
use serde_json::Value;

use crate::support::{api_names, start_connected_as, wait_for_rows};

/// The records of an RFC 4180 document (quoted cells with `""` for `"`,
/// CRLF line ends); the console's writer is the other direction.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let (mut record, mut cell) = (Vec::new(), String::new());
    let (mut quoted, mut chars) = (false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut cell)),
            (false, '\r') if chars.peek() == Some(&'\n') => {
                chars.next();
                record.push(std::mem::take(&mut cell));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => cell.push(c),
        }
    }
    records
}

/// Replaces the page's download with a catch: the Blob and the file name
/// stay in the page for `caught_download` to read.
async fn catch_downloads(e2e: &E2e) {
    e2e.run_script(
        "URL.createObjectURL = (blob) => { window.__blob = blob; return 'blob:caught'; };\
         HTMLAnchorElement.prototype.click = function () { window.__download = this.download; };",
        vec![],
    )
    .await;
}

/// The caught file's name and text, once the export has handed it over.
async fn caught_download(e2e: &E2e) -> (String, String) {
    eventually("the export's download", || async {
        let caught = e2e
            .run_script(
                "return window.__download ? [window.__download, await window.__blob.text()] : null;",
                vec![],
            )
            .await;
        caught.as_array().map(|pair| {
            (
                pair[0].as_str().unwrap().to_owned(),
                pair[1].as_str().unwrap().to_owned(),
            )
        })
    })
    .await
}

/// What a cell of `sandbox` holds in the export: its text, or its JSON.
fn expected_cell(sandbox: &Value, column: &str) -> String {
    match (column, &sandbox[column]) {
        ("metadata", metadata) => metadata.to_string(),
        ("is_external", value) => if value == true { "yes" } else { "no" }.to_owned(),
        ("access", Value::Null) => "none".to_owned(),
        (_, Value::Null) => String::new(),
        // A would-be formula comes with a `'` in front.
        (_, Value::String(text)) if text.starts_with(['=', '+', '-', '@', '\t', '\r']) => {
            format!("'{text}")
        }
        (_, Value::String(text)) => text.clone(),
        (_, other) => other.to_string(),
    }
}

#[tokio::test]
async fn an_exported_filtered_list_is_the_apis_answer_row_by_row() {
    let (e2e, api) = start_connected_as(tokens::ADMIN).await;
    let query = "owner_id=cust_4711&sort=name";
    e2e.goto(&format!("/sandboxes?{query}&limit=25")).await;
    wait_for_rows(
        &e2e,
        &api_names(&e2e, tokens::ADMIN, &format!("{query}&limit=25")).await,
    )
    .await;
    catch_downloads(&e2e).await;
    e2e.click("[data-testid=export-start]").await;
    let (file_name, text) = caught_download(&e2e).await;
    assert!(
        file_name.starts_with("sandboxes-owner_cust_4711-20") && file_name.ends_with(".csv"),
        "{file_name}"
    );

    let expected = api
        .get_list(&format!("{SANDBOXES_PATH}?{query}&limit=200"))
        .await;
    assert!(
        expected.len() >= 14,
        "the demo has 14 sandboxes of cust_4711"
    );
    let records = parse_csv(&text);
    let (header, rows) = records.split_first().expect("a header");
    assert_eq!(
        header,
        &[
            "sandbox_id",
            "name",
            "user_id",
            "owner_id",
            "tier",
            "status",
            "access",
            "is_external",
            "created_at",
            "updated_at",
            "last_refreshed_at",
            "metadata"
        ]
    );
    assert_eq!(
        rows.len(),
        expected.len(),
        "one row per sandbox the API lists"
    );
    for (row, sandbox) in rows.iter().zip(&expected) {
        for (column, cell) in header.iter().zip(row) {
            let want = expected_cell(sandbox, column);
            if column == "metadata" {
                let got: Value = serde_json::from_str(cell).unwrap();
                assert_eq!(got, sandbox["metadata"], "{}", sandbox["name"]);
            } else {
                assert_eq!(cell, &want, "{column} of {}", sandbox["name"]);
            }
        }
    }
    assert!(
        rows.iter().any(|row| row[1] == INJECTION_NAME),
        "the injection sandbox, as text"
    );
}
