//! `GET /api/v1/events` and `GET /api/v1/storage/sandboxes/{sandbox_id}/events`:
//! the activity log, read-only for everyone.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use sandbox_api::{
    sandbox_events_path, ErrorBody, Event, EventListQuery, HttpValidationError, Permission,
    PrincipalRole, EVENTS_PATH,
};

use super::{page_links, paging_headers, url};
use crate::error::ApiError;
use crate::extract::QueryPairs;
use crate::principal::Principal;
use crate::state::AppState;
use crate::store::EventScope;

/// Every event the caller may see, newest first: those of the sandboxes it
/// may read, and of deleted sandboxes of its own account (admins) or of
/// every account (support); a sandbox-scoped token sees its sandbox's only.
///
/// `sandbox_id` of a sandbox the caller may not see gives an empty page,
/// like any filter that matches nothing. `user_id` is for support only (403).
#[utoipa::path(get, path = "/api/v1/events", tag = "events",
    params(
        ("sandbox_id" = Option<String>, Query, description = "Only this sandbox's events (also a deleted one's)"),
        ("user_id" = Option<String>, Query, description = "Only this tenant account's (support only)"),
        ("actor" = Option<String>, Query, description = "Only changes by this email (exact)"),
        ("action" = Option<Vec<sandbox_api::EventAction>>, Query, description = "Any of these actions (repeat the parameter)"),
        ("since" = Option<String>, Query, format = DateTime, description = "RFC 3339: at or after"),
        ("until" = Option<String>, Query, format = DateTime, description = "RFC 3339: at or before; not before `since` (422)"),
        ("q" = Option<String>, Query, description = "Case-insensitive substring of the sandbox name or the summary"),
        ("limit" = inline(Option<sandbox_api::schema::Limit>), Query, description = "Page size"),
        ("offset" = inline(Option<sandbox_api::schema::Offset>), Query, description = "Matches to skip"),
    ),
    responses(
        (status = 200, description = "One page, newest first; X-Total-Count has all matches, Link has rel=next/prev",
         body = [Event], headers(("X-Total-Count" = u64), ("Link" = String))),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = HttpValidationError),
    ))]
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    query: QueryPairs,
) -> Result<Response, ApiError> {
    principal.require(Permission::SandboxesRead)?;
    let query = EventListQuery::from_pairs(&query.0).map_err(ApiError::Validation)?;
    require_user_id_filter_allowed(&principal, &query)?;
    let visible = match &query.sandbox_id {
        Some(sandbox_id) => may_see_events_of(&state, &principal, sandbox_id)
            .await?
            .then_some(EventScope::Sandbox(sandbox_id)),
        None => Some(EventScope::Visible(principal.visibility())),
    };
    let (events, total) = match visible {
        Some(scope) => state.store.events(scope, &query).await?,
        None => (Vec::new(), 0),
    };
    respond(events, total, &query, EVENTS_PATH)
}

/// One sandbox's events, newest first, with the filters of
/// `GET /api/v1/events` (`sandbox_id` is the path's). A deleted sandbox's
/// history stays readable for its account's admins and for support; 404
/// for everyone else, as for a sandbox the caller cannot see.
#[utoipa::path(get, path = "/api/v1/storage/sandboxes/{sandbox_id}/events", tag = "events",
    params(
        ("sandbox_id" = String, Path),
        ("actor" = Option<String>, Query, description = "Only changes by this email (exact)"),
        ("action" = Option<Vec<sandbox_api::EventAction>>, Query, description = "Any of these actions (repeat the parameter)"),
        ("since" = Option<String>, Query, format = DateTime, description = "RFC 3339: at or after"),
        ("until" = Option<String>, Query, format = DateTime, description = "RFC 3339: at or before; not before `since` (422)"),
        ("q" = Option<String>, Query, description = "Case-insensitive substring of the sandbox name or the summary"),
        ("limit" = inline(Option<sandbox_api::schema::Limit>), Query, description = "Page size"),
        ("offset" = inline(Option<sandbox_api::schema::Offset>), Query, description = "Matches to skip"),
    ),
    responses(
        (status = 200, description = "One page, newest first; X-Total-Count has all matches, Link has rel=next/prev",
         body = [Event], headers(("X-Total-Count" = u64), ("Link" = String))),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = HttpValidationError),
    ))]
pub async fn of_sandbox(
    State(state): State<AppState>,
    principal: Principal,
    Path(sandbox_id): Path<String>,
    query: QueryPairs,
) -> Result<Response, ApiError> {
    principal.require(Permission::SandboxesRead)?;
    if !may_see_events_of(&state, &principal, &sandbox_id).await? {
        return Err(ApiError::NotFound("Sandbox"));
    }
    let mut query = EventListQuery::from_pairs(&query.0).map_err(ApiError::Validation)?;
    require_user_id_filter_allowed(&principal, &query)?;
    // The path names the sandbox; links name it there, not in the query.
    query.sandbox_id = None;
    let (events, total) = state
        .store
        .events(EventScope::Sandbox(&sandbox_id), &query)
        .await?;
    respond(events, total, &query, &sandbox_events_path(&sandbox_id))
}

fn require_user_id_filter_allowed(
    principal: &Principal,
    query: &EventListQuery,
) -> Result<(), ApiError> {
    if query.user_id.is_some() && principal.role != PrincipalRole::Support {
        return Err(ApiError::Forbidden(
            "The user_id filter is available to support only",
        ));
    }
    Ok(())
}

/// Whether the caller sees this sandbox's events: it may read the sandbox,
/// or the sandbox is gone and the caller sees deleted sandboxes' history.
async fn may_see_events_of(
    state: &AppState,
    principal: &Principal,
    sandbox_id: &str,
) -> Result<bool, ApiError> {
    if let Some(record) = state.store.sandbox(sandbox_id, &principal.email).await? {
        return Ok(principal
            .access(sandbox_id, &record.sandbox.user_id, record.member_role)
            .is_some());
    }
    Ok(state
        .store
        .deleted_sandbox_account(sandbox_id)
        .await?
        .is_some_and(|account| principal.sees_deleted_history(sandbox_id, &account)))
}

fn respond(
    events: Vec<Event>,
    total: u64,
    query: &EventListQuery,
    path: &str,
) -> Result<Response, ApiError> {
    let link = page_links(query.offset, query.limit, total, |offset| {
        let page = EventListQuery {
            offset,
            ..query.clone()
        };
        url(path, &page.to_query_string())
    });
    Ok((paging_headers(total, link)?, Json(events)).into_response())
}
