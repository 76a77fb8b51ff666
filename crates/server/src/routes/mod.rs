//! Thin handlers, one module per resource: check who may do what, call
//! the store, shape the response.

pub mod apps;
pub mod demo;
pub mod events;
pub mod me;
pub mod members;
pub mod sandboxes;
pub mod sources;

use axum::http::{header, HeaderMap, HeaderValue};
use axum::routing::{get, post};
use axum::Router;
use sandbox_api::{Permission, Role, Sandbox};

use crate::error::ApiError;
use crate::principal::Principal;
use crate::state::AppState;
use crate::store::SandboxRecord;

/// Every route under `/api` (mounted there by [`crate::app::router`]).
pub fn api() -> Router<AppState> {
    const SANDBOX: &str = "/v1/storage/sandboxes/{sandbox_id}";
    Router::new()
        .route("/v1/me", get(me::me))
        .route("/v1/demo", get(demo::identities))
        .route("/v1/demo/reset", post(demo::reset))
        .route(
            "/v1/storage/sandboxes",
            get(sandboxes::list).post(sandboxes::create),
        )
        .route(
            SANDBOX,
            get(sandboxes::get)
                .patch(sandboxes::update)
                .delete(sandboxes::delete),
        )
        .route(&format!("{SANDBOX}/refresh"), post(sandboxes::refresh))
        .route(&format!("{SANDBOX}/events"), get(events::of_sandbox))
        .route("/v1/events", get(events::list))
        .route(
            &format!("{SANDBOX}/users"),
            get(members::list)
                .post(members::add)
                .delete(members::remove),
        )
        .route(&format!("{SANDBOX}/apps"), get(apps::list))
        .route(
            &format!("{SANDBOX}/apps/{{app_name}}/push"),
            post(apps::push),
        )
        .route(
            &format!("{SANDBOX}/sources"),
            get(sources::list).post(sources::register),
        )
        .route(
            &format!("{SANDBOX}/sources/{{data_source_id}}"),
            axum::routing::delete(sources::delete),
        )
        .route(
            &format!("{SANDBOX}/sources/{{data_source_id}}/rotate-webhook-secret"),
            post(sources::rotate),
        )
}

/// `Link` with relative URLs to the next and previous pages of a list, if
/// they exist; `page_url` gives the URL of the page starting at an offset.
pub(crate) fn page_links(
    offset: u64,
    limit: u32,
    total: u64,
    page_url: impl Fn(u64) -> String,
) -> Option<String> {
    let limit = u64::from(limit);
    let mut links = Vec::new();
    if offset.saturating_add(limit) < total {
        links.push(format!("<{}>; rel=\"next\"", page_url(offset + limit)));
    }
    if offset > 0 {
        links.push(format!(
            "<{}>; rel=\"prev\"",
            page_url(offset.saturating_sub(limit))
        ));
    }
    (!links.is_empty()).then(|| links.join(", "))
}

/// `path`, and `?query_string` unless it is empty.
pub(crate) fn url(path: &str, query_string: &str) -> String {
    if query_string.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query_string}")
    }
}

/// `X-Total-Count` and, when there are other pages, `Link`.
pub(crate) fn paging_headers(total: u64, link: Option<String>) -> Result<HeaderMap, ApiError> {
    let mut headers = HeaderMap::new();
    headers.insert("x-total-count", HeaderValue::from(total));
    if let Some(link) = link {
        headers.insert(
            header::LINK,
            HeaderValue::from_str(&link).map_err(|e| ApiError::Internal(e.to_string()))?,
        );
    }
    Ok(headers)
}

/// A sandbox the caller may act on with `permission`, and the caller's access to it.
/// 404 if the caller cannot see it (or it does not exist), 403 if it may not do that.
pub(crate) async fn authorize(
    state: &AppState,
    principal: &Principal,
    sandbox_id: &str,
    permission: Permission,
) -> Result<(SandboxRecord, Role), ApiError> {
    // The role decides before anything is looked up.
    principal.require(permission)?;
    let record = stored(state, principal, sandbox_id).await?;
    let access = principal
        .access(sandbox_id, &record.sandbox.user_id, record.member_role)
        .ok_or(ApiError::NotFound("Sandbox"))?;
    principal.require_on(access, permission)?;
    Ok((record, access))
}

/// The sandbox as stored now, 404 if there is none. [`authorize`] starts
/// with it; a handler that has changed the sandbox reads it again with it
/// to answer with the new state.
pub(crate) async fn stored(
    state: &AppState,
    principal: &Principal,
    sandbox_id: &str,
) -> Result<SandboxRecord, ApiError> {
    state
        .store
        .sandbox(sandbox_id, &principal.email)
        .await?
        .ok_or(ApiError::NotFound("Sandbox"))
}

/// The Sandbox object as this caller sees it: its access, whether it is
/// external, and `owner_account` only if asked for.
pub(crate) fn present(
    record: SandboxRecord,
    access: Role,
    principal: &Principal,
    include_owner_account: bool,
) -> Sandbox {
    let mut sandbox = record.sandbox;
    sandbox.access = Some(access);
    sandbox.is_external = principal.is_external(&sandbox.user_id);
    if !include_owner_account {
        sandbox.owner_account = None;
    }
    sandbox
}
