//! Export CSV of the list as filtered and sorted: every matching sandbox,
//! the visible columns plus its ids, timestamps and metadata, through the
//! shared paged export (`crate::export`).

use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;

use sandbox_api::{
    decode_query_string, Sandbox, SandboxListQuery, SandboxSort, DEFAULT_LIMIT, MAX_LIMIT,
};

use crate::api::{self, ApiClient};
use crate::components::table_columns::{Column, HiddenColumns};
use crate::export::{self, csv, ExportJob, ExportPage};

/// The columns of the CSV that a visible table column adds (the others are
/// always there; Created is among the timestamps, always there).
fn column_fields(column: Column) -> &'static [&'static str] {
    match column {
        Column::Owner => &["owner_id"],
        Column::Account => &["account_name"],
        Column::Tier => &["tier"],
        Column::Status => &["status"],
        Column::Access => &["access", "is_external"],
        Column::Created => &[],
        Column::Expires => &["expires_at", "protected"],
    }
}

/// Which table columns the export carries: those of the table (`offered`)
/// that are not hidden.
pub fn exported_columns(hidden: &HiddenColumns, offered: &[Column]) -> Vec<Column> {
    offered
        .iter()
        .copied()
        .filter(|column| !hidden.contains(column))
        .collect()
}

/// The header record's names, in order.
pub fn csv_header(columns: &[Column]) -> Vec<&'static str> {
    let mut names = vec!["sandbox_id", "name", "user_id"];
    names.extend(columns.iter().flat_map(|column| column_fields(*column)));
    names.extend(["created_at", "updated_at", "last_refreshed_at", "metadata"]);
    names
}

/// Appends `sandbox`'s record, its cells in [`csv_header`]'s order.
fn push_sandbox(out: &mut String, sandbox: &Sandbox, columns: &[Column]) {
    let mut cells: Vec<&str> = vec![&sandbox.sandbox_id, &sandbox.name, &sandbox.user_id];
    for column in columns {
        match column {
            Column::Owner => cells.push(&sandbox.owner_id),
            Column::Account => cells.push(
                sandbox
                    .owner_account
                    .as_ref()
                    .map_or("", |account| account.name.as_str()),
            ),
            Column::Tier => cells.push(sandbox.tier.as_str()),
            Column::Status => cells.push(sandbox.status.as_str()),
            Column::Access => cells.extend([
                sandbox.access.map_or("none", |access| access.as_str()),
                if sandbox.is_external { "yes" } else { "no" },
            ]),
            Column::Created => {}
            // A sandbox that never expires has none: the cell stays empty.
            Column::Expires => cells.extend([
                sandbox
                    .expires_at
                    .as_ref()
                    .and_then(Option::as_deref)
                    .unwrap_or(""),
                match sandbox.protected {
                    Some(true) => "yes",
                    Some(false) => "no",
                    None => "",
                },
            ]),
        }
    }
    let metadata = serde_json::to_string(&sandbox.metadata).unwrap_or_default();
    cells.extend([
        sandbox.created_at.as_str(),
        &sandbox.updated_at,
        sandbox.last_refreshed_at.as_deref().unwrap_or(""),
        &metadata,
    ]);
    csv::push_record(out, cells);
}

/// "sandboxes-owner_alice-status_active-2026-12-01.csv": each filter of
/// `query` (not its sort or paging) as its name and value, then `date`.
pub fn list_export_file_name(query: &SandboxListQuery, date: &str) -> String {
    let filters = SandboxListQuery {
        sort: SandboxSort::default(),
        limit: DEFAULT_LIMIT,
        offset: 0,
        ..query.clone()
    }
    .to_query_string();
    let named = decode_query_string(&filters)
        .into_iter()
        .map(|(name, value)| {
            let name = match name.as_str() {
                "owner_id" => "owner",
                "user_id" => "account",
                other => other,
            };
            format!("{name}_{value}")
        });
    export::file_name("sandboxes", named, date)
}

/// Every sandbox matching `query` in its order (its paging ignored), a
/// page of [`MAX_LIMIT`] at a time. A sandbox already written is skipped:
/// one created during the export moves the rest down a place, and the
/// next page would start with the last one again.
pub fn list_export_job(
    client: ApiClient,
    query: SandboxListQuery,
    columns: Vec<Column>,
    is_support: bool,
) -> ExportJob {
    let file_name = list_export_file_name(&query, &export::today());
    let header = csv_header(&columns);
    let written = Rc::new(RefCell::new(HashSet::<String>::new()));
    let columns = Rc::new(columns);
    ExportJob::new(file_name, header, move |offset| {
        let client = client.clone();
        let query = SandboxListQuery {
            limit: MAX_LIMIT,
            offset,
            ..query.clone()
        };
        let (written, columns) = (written.clone(), columns.clone());
        Box::pin(async move {
            let page = api::sandboxes::list(&client, &query, is_support).await?;
            let mut written = written.borrow_mut();
            Ok(ExportPage::written(
                &page.items,
                page.total,
                |out, sandbox| {
                    if written.insert(sandbox.sandbox_id.clone()) {
                        push_sandbox(out, sandbox, &columns);
                    }
                },
            ))
        })
    })
}
