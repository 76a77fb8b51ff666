//! `/api/v1/storage/sandboxes/{sandbox_id}/apps`.

use axum::extract::{Path, State};
use axum::Json;
use sandbox_api::{
    validate, App, ErrorBody, HttpValidationError, Permission, PushResult, DEFAULT_PUSH_TARGET,
};

use super::authorize;
use crate::error::{check, ApiError};
use crate::extract::QueryPairs;
use crate::principal::Principal;
use crate::request_id::RequestId;
use crate::state::AppState;
use crate::store::Audit;

/// The sandbox's apps, each with its latest push.
#[utoipa::path(get, path = "/api/v1/storage/sandboxes/{sandbox_id}/apps", tag = "apps",
    params(("sandbox_id" = String, Path)),
    responses(
        (status = 200, body = [App]),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
    ))]
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    Path(sandbox_id): Path<String>,
) -> Result<Json<Vec<App>>, ApiError> {
    authorize(&state, &principal, &sandbox_id, Permission::SandboxesRead).await?;
    Ok(Json(state.store.apps(&sandbox_id).await?))
}

/// Extracts the app's configuration from the sandbox and deploys it to
/// `target`. Pushing to `production` makes this version production's, so
/// later refreshes of the account's sandboxes restore it.
#[utoipa::path(post, path = "/api/v1/storage/sandboxes/{sandbox_id}/apps/{app_name}/push", tag = "apps",
    params(
        ("sandbox_id" = String, Path), ("app_name" = String, Path),
        ("target" = inline(Option<sandbox_api::schema::PushTarget>), Query, description = "Target environment id or database name"),
    ),
    responses(
        (status = 200, body = PushResult),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, description = "Unknown sandbox or app", body = ErrorBody),
        (status = 409, description = "Sandbox not active", body = ErrorBody),
        (status = 422, body = HttpValidationError),
    ))]
pub async fn push(
    State(state): State<AppState>,
    principal: Principal,
    request_id: RequestId,
    Path((sandbox_id, app_name)): Path<(String, String)>,
    query: QueryPairs,
) -> Result<Json<PushResult>, ApiError> {
    authorize(&state, &principal, &sandbox_id, Permission::AppsPush).await?;
    let target = query.get("target").unwrap_or(DEFAULT_PUSH_TARGET);
    check(validate::push_target(target))?;
    Ok(Json(
        state
            .store
            .push_app(
                &sandbox_id,
                &app_name,
                target,
                Audit::by(&principal, &request_id.0),
            )
            .await?,
    ))
}
