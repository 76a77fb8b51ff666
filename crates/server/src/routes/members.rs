//! `/api/v1/storage/sandboxes/{sandbox_id}/users`.

use axum::extract::{Path, State};
use axum::Json;
use sandbox_api::{
    ErrorBody, HttpValidationError, Member, Permission, SandboxUserRemoveResponse,
    SandboxUserRequest, SandboxUserResponse,
};

use super::authorize;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::principal::Principal;
use crate::request_id::RequestId;
use crate::state::AppState;
use crate::store::Audit;

/// The sandbox's members.
#[utoipa::path(get, path = "/api/v1/storage/sandboxes/{sandbox_id}/users", tag = "members",
    params(("sandbox_id" = String, Path)),
    responses(
        (status = 200, body = [Member]),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
    ))]
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    Path(sandbox_id): Path<String>,
) -> Result<Json<Vec<Member>>, ApiError> {
    authorize(&state, &principal, &sandbox_id, Permission::SandboxesRead).await?;
    Ok(Json(state.store.members(&sandbox_id).await?))
}

/// Adds members, or changes the role of existing ones (emails are stored
/// in lower case). All or nothing: 409 past the tier's member limit, or if
/// it would leave the sandbox without an owner.
#[utoipa::path(post, path = "/api/v1/storage/sandboxes/{sandbox_id}/users", tag = "members",
    params(("sandbox_id" = String, Path)),
    request_body = SandboxUserRequest,
    responses(
        (status = 200, body = SandboxUserResponse),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Member limit, last owner, or sandbox not active", body = ErrorBody),
        (status = 422, body = HttpValidationError),
    ))]
pub async fn add(
    State(state): State<AppState>,
    principal: Principal,
    request_id: RequestId,
    Path(sandbox_id): Path<String>,
    body: JsonBody,
) -> Result<Json<SandboxUserResponse>, ApiError> {
    let (record, _) = authorize(
        &state,
        &principal,
        &sandbox_id,
        Permission::SandboxesMembers,
    )
    .await?;
    let request: SandboxUserRequest = body.decode()?;
    let max_members = record.sandbox.limits.max_members;
    Ok(Json(
        state
            .store
            .add_members(
                &sandbox_id,
                &request.users,
                max_members,
                Audit::by(&principal, &request_id.0),
            )
            .await?,
    ))
}

/// Removes members (roles in the body are ignored). Removing the last
/// owner: 409, nothing removed.
#[utoipa::path(delete, path = "/api/v1/storage/sandboxes/{sandbox_id}/users", tag = "members",
    params(("sandbox_id" = String, Path)),
    request_body = SandboxUserRequest,
    responses(
        (status = 200, body = SandboxUserRemoveResponse),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Last owner, or sandbox not active", body = ErrorBody),
        (status = 422, body = HttpValidationError),
    ))]
pub async fn remove(
    State(state): State<AppState>,
    principal: Principal,
    request_id: RequestId,
    Path(sandbox_id): Path<String>,
    body: JsonBody,
) -> Result<Json<SandboxUserRemoveResponse>, ApiError> {
    authorize(
        &state,
        &principal,
        &sandbox_id,
        Permission::SandboxesMembers,
    )
    .await?;
    let request: SandboxUserRequest = body.decode()?;
    Ok(Json(
        state
            .store
            .remove_members(
                &sandbox_id,
                &request.users,
                Audit::by(&principal, &request_id.0),
            )
            .await?,
    ))
}
