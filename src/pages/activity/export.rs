//! Export CSV of the Activity page's filtered events: every page, fetched
//! at the largest page size, then one file through a Blob URL.

use sandbox_api::{Event, EventListQuery, MAX_LIMIT};
use wasm_bindgen::JsCast;

use super::entry::{action_text, change_rows};
use crate::api::{self, ApiClient, ApiError};

/// RFC 4180 quoting, after defusing formulas: a cell that a spreadsheet
/// would run (it starts with `=`, `+`, `-`, `@`, a tab or a CR) gets a `'`
/// in front, so an event's text never becomes a formula.
pub fn csv_cell(text: &str) -> String {
    let defused = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if defused.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
}

const HEADER: [&str; 11] = [
    "occurred_at",
    "tenant_account",
    "sandbox_id",
    "sandbox_name",
    "sandbox_deleted",
    "actor_email",
    "actor_role",
    "action",
    "what",
    "changes",
    "request_id",
];

/// The events as a CSV document, a header line first, CRLF line ends.
pub fn events_csv(events: &[Event]) -> String {
    let mut lines = vec![HEADER.map(csv_cell).join(",")];
    for event in events {
        let changes = change_rows(event)
            .into_iter()
            .map(|(name, before, after)| format!("{name}: {before} → {after}"))
            .collect::<Vec<_>>()
            .join("; ");
        let (email, role) = event.actor.as_ref().map_or(("system", ""), |actor| {
            (actor.email.as_str(), actor.role.as_str())
        });
        let cells = [
            event.occurred_at.as_str(),
            &event.user_id,
            &event.sandbox_id,
            &event.sandbox_name,
            if event.sandbox_deleted { "yes" } else { "no" },
            email,
            role,
            event.action.as_str(),
            action_text(event.action),
            &changes,
            event.request_id.as_deref().unwrap_or(""),
        ];
        lines.push(cells.map(csv_cell).join(","));
    }
    lines.join("\r\n") + "\r\n"
}

/// "activity-sbx_1-ada-acme.test-2026-11-07.csv": the filters that narrow
/// the export, in characters every file system keeps, and `date`.
pub fn export_file_name(query: &EventListQuery, date: &str) -> String {
    let mut parts = vec!["activity".to_owned()];
    let filters = [&query.user_id, &query.sandbox_id, &query.actor, &query.q];
    parts.extend(filters.into_iter().flatten().cloned());
    parts.extend(
        query
            .actions
            .iter()
            .map(|action| action.as_str().to_owned()),
    );
    parts.push(date.to_owned());
    let name: String = parts
        .join("-")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("{name}.csv")
}

/// Every event matching `query` (its paging ignored), a page of
/// [`MAX_LIMIT`] at a time; `on_page(fetched, total)` after each, and
/// `cancelled` asked before each next page (`Ok(None)` once it says so).
pub async fn fetch_all(
    client: &ApiClient,
    query: &EventListQuery,
    on_page: impl Fn(u64, u64),
    cancelled: impl Fn() -> bool,
) -> Result<Option<Vec<Event>>, ApiError> {
    let mut events = Vec::new();
    loop {
        if cancelled() {
            return Ok(None);
        }
        let page_query = EventListQuery {
            limit: MAX_LIMIT,
            offset: events.len() as u64,
            ..query.clone()
        };
        let page = api::events::list(client, &page_query).await?;
        events.extend(page.items.iter().cloned());
        on_page(events.len() as u64, page.total);
        if page.items.is_empty() || events.len() as u64 >= page.total {
            return Ok((!cancelled()).then_some(events));
        }
    }
}

/// Hands `csv` to the browser as a download named `file_name`.
pub fn download(csv: &str, file_name: &str) -> Result<(), wasm_bindgen::JsValue> {
    let parts = js_sys::Array::of1(&csv.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a")?.unchecked_into();
    link.set_href(&url);
    link.set_download(file_name);
    link.click();
    // The browser reads the Blob after the click returns: let it go later.
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(60),
    );
    Ok(())
}
