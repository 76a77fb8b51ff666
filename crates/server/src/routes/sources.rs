//! `/api/v1/storage/sandboxes/{sandbox_id}/sources` and the webhook
//! endpoint their URLs point at.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use sandbox_api::{DataSource, ErrorBody, HttpValidationError, Permission, RegisterSource};
use serde_json::Value;

use super::authorize;
use crate::error::ApiError;
use crate::extract::{bearer, JsonBody};
use crate::principal::Principal;
use crate::request_id::RequestId;
use crate::state::AppState;
use crate::store::Audit;

/// The sandbox's sources; `webhook_signing_secret` is always null here.
#[utoipa::path(get, path = "/api/v1/storage/sandboxes/{sandbox_id}/sources", tag = "sources",
    params(("sandbox_id" = String, Path)),
    responses(
        (status = 200, body = [DataSource]),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
    ))]
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    Path(sandbox_id): Path<String>,
) -> Result<Json<Vec<DataSource>>, ApiError> {
    authorize(&state, &principal, &sandbox_id, Permission::SandboxesRead).await?;
    Ok(Json(state.store.sources(&sandbox_id).await?))
}

/// Registers a source. A `realtime` one gets `webhook_url` and a
/// `webhook_signing_secret` shown in this response only (the server keeps
/// its SHA-256). `poll_interval_seconds` is kept for `polling` only
/// (default 300) and null otherwise.
#[utoipa::path(post, path = "/api/v1/storage/sandboxes/{sandbox_id}/sources", tag = "sources",
    params(("sandbox_id" = String, Path)),
    request_body = RegisterSource,
    responses(
        (status = 201, body = DataSource),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Source limit, or sandbox not active", body = ErrorBody),
        (status = 422, body = HttpValidationError),
    ))]
pub async fn register(
    State(state): State<AppState>,
    principal: Principal,
    request_id: RequestId,
    Path(sandbox_id): Path<String>,
    body: JsonBody,
) -> Result<(StatusCode, Json<DataSource>), ApiError> {
    let (record, _) = authorize(&state, &principal, &sandbox_id, Permission::SourcesWrite).await?;
    let request: RegisterSource = body.decode()?;
    let max_sources = record.sandbox.limits.max_sources;
    let source = state
        .store
        .register_source(
            &sandbox_id,
            &request,
            max_sources,
            &state.public_url,
            Audit::by(&principal, &request_id.0),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(source)))
}

/// A new webhook signing secret, shown in this response only; the old one
/// stops verifying at once.
#[utoipa::path(post, path = "/api/v1/storage/sandboxes/{sandbox_id}/sources/{data_source_id}/rotate-webhook-secret",
    tag = "sources",
    params(("sandbox_id" = String, Path), ("data_source_id" = String, Path)),
    responses(
        (status = 200, body = DataSource),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Not a realtime source, or sandbox not active", body = ErrorBody),
    ))]
pub async fn rotate(
    State(state): State<AppState>,
    principal: Principal,
    request_id: RequestId,
    Path((sandbox_id, source_id)): Path<(String, String)>,
) -> Result<Json<DataSource>, ApiError> {
    authorize(&state, &principal, &sandbox_id, Permission::SourcesWrite).await?;
    Ok(Json(
        state
            .store
            .rotate_webhook_secret(
                &sandbox_id,
                &source_id,
                Audit::by(&principal, &request_id.0),
            )
            .await?,
    ))
}

#[utoipa::path(delete, path = "/api/v1/storage/sandboxes/{sandbox_id}/sources/{data_source_id}", tag = "sources",
    params(("sandbox_id" = String, Path), ("data_source_id" = String, Path)),
    responses(
        (status = 200, description = "`{}`", body = Object),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Sandbox not active", body = ErrorBody),
    ))]
pub async fn delete(
    State(state): State<AppState>,
    principal: Principal,
    request_id: RequestId,
    Path((sandbox_id, source_id)): Path<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    authorize(&state, &principal, &sandbox_id, Permission::SourcesWrite).await?;
    state
        .store
        .delete_source(
            &sandbox_id,
            &source_id,
            Audit::by(&principal, &request_id.0),
        )
        .await?;
    Ok(Json(serde_json::json!({})))
}

/// A delivery to a realtime source's `webhook_url`, authenticated with
/// `Authorization: Bearer <webhook_signing_secret>`. Stamps `last_sync_at`.
/// (Not part of the contract; it lets clients and tests check a secret.)
#[utoipa::path(post, path = "/hooks/{data_source_id}", tag = "sources",
    params(("data_source_id" = String, Path)),
    responses(
        (status = 202, description = "Accepted", body = Object),
        (status = 401, description = "Unknown source or wrong secret", body = ErrorBody),
    ))]
pub async fn webhook(
    State(state): State<AppState>,
    Path(source_id): Path<String>,
    headers: HeaderMap,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let secret = bearer(&headers).ok_or(ApiError::Unauthenticated)?;
    if state.store.accept_webhook(&source_id, secret).await? {
        Ok((
            StatusCode::ACCEPTED,
            Json(serde_json::json!({"accepted": true})),
        ))
    } else {
        Err(ApiError::Unauthenticated)
    }
}
