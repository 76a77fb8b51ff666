//! Export CSV of the list against `sandboxd --demo`: a filtered, sorted
//! list exported in Chromium (the download caught in the page), then
//! compared row by row with the API's own answer for the same query.

use sandbox_api::SANDBOXES_PATH;
use sandbox_e2e::{tokens, INJECTION_NAME};
use serde_json::Value;

use crate::support::{
    api_names, catch_downloads, caught_download, parse_csv, start_connected_as, wait_for_rows,
};

/// What a cell of `sandbox` holds in the export: its text, or its JSON.
fn expected_cell(sandbox: &Value, column: &str) -> String {
    match (column, &sandbox[column]) {
        ("metadata", metadata) => metadata.to_string(),
        ("is_external" | "protected", value) => {
            let yes = value == true;
            if yes { "yes" } else { "no" }.to_owned()
        }
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
            "expires_at",
            "protected",
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
