//! Export CSV of the Activity page's filtered events, through the shared
//! paged export (`crate::export`).

use sandbox_api::{Event, EventListQuery, MAX_LIMIT};

use super::entry::{action_text, change_rows};
use crate::api::{self, ApiClient};
use crate::export::{self, csv, ExportJob, ExportPage};

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

/// Appends one event's record to `out`.
fn push_event(out: &mut String, event: &Event) {
    let changes = change_rows(event)
        .into_iter()
        .map(|(name, before, after)| format!("{name}: {before} → {after}"))
        .collect::<Vec<_>>()
        .join("; ");
    let (email, role) = event.actor.as_ref().map_or(("system", ""), |actor| {
        (actor.email.as_str(), actor.role.as_str())
    });
    csv::push_record(
        out,
        [
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
        ],
    );
}

/// "activity-sbx_1-ada-acme.test-2026-11-07.csv": the filters that narrow
/// the export, and `date`.
pub fn export_file_name(query: &EventListQuery, date: &str) -> String {
    let filters = [&query.user_id, &query.sandbox_id, &query.actor, &query.q];
    let actions = query
        .actions
        .iter()
        .map(|action| action.as_str().to_owned());
    export::file_name(
        "activity",
        filters.into_iter().flatten().cloned().chain(actions),
        date,
    )
}

/// Every event matching `query` (its paging ignored), a page of
/// [`MAX_LIMIT`] at a time.
pub fn export_job(client: ApiClient, query: EventListQuery) -> ExportJob {
    let file_name = export_file_name(&query, &export::today());
    ExportJob::new(file_name, HEADER, move |offset| {
        let client = client.clone();
        let query = EventListQuery {
            limit: MAX_LIMIT,
            offset,
            ..query.clone()
        };
        Box::pin(async move {
            let page = api::events::list(&client, &query).await?;
            Ok(ExportPage::written(&page.items, page.total, push_event))
        })
    })
}
