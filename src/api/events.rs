//! Activity (v1.1): `/api/v1/events` and `…/sandboxes/{id}/events`.

use std::sync::Arc;

use gloo_net::http::Method;
use sandbox_api::{Event, EventListQuery, EVENTS_PATH};

use super::client::{decode, total_count, ApiClient, NO_BODY};
use super::error::ApiError;
use super::sandboxes::sandbox_path;

/// One page of events, newest first.
#[derive(Clone, Debug, PartialEq)]
pub struct EventPage {
    pub items: Arc<[Event]>,
    /// All matches (`X-Total-Count`), not just this page.
    pub total: u64,
}

/// Whether `error` says the API has no activity endpoints at all: a v1.0
/// server answers 404 there (the sandbox itself having loaded).
pub fn is_not_recorded(error: &ApiError) -> bool {
    matches!(error, ApiError::NotFound(_))
}

/// One page of the events of one sandbox (`query.sandbox_id` is ignored).
pub async fn list_for_sandbox(
    client: &ApiClient,
    sandbox_id: &str,
    query: &EventListQuery,
) -> Result<EventPage, ApiError> {
    let query = EventListQuery {
        sandbox_id: None,
        ..query.clone()
    };
    page(client, &sandbox_path(sandbox_id, "/events"), &query).await
}

/// One page of every event the caller may see that matches `query`.
pub async fn list(client: &ApiClient, query: &EventListQuery) -> Result<EventPage, ApiError> {
    page(client, EVENTS_PATH, query).await
}

async fn page(
    client: &ApiClient,
    path: &str,
    query: &EventListQuery,
) -> Result<EventPage, ApiError> {
    let query_string = query.to_query_string();
    let url = if query_string.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query_string}")
    };
    let response = client
        .send(client.request(Method::GET, &url), NO_BODY)
        .await?;
    let total = total_count(&response);
    let items: Vec<Event> = decode(response).await?;
    let total = total.unwrap_or(query.offset + items.len() as u64);
    Ok(EventPage {
        items: items.into(),
        total,
    })
}
