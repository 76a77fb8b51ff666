//! `PATCH /api/v1/storage/sandboxes/{sandbox_id}` (contract v1.1): expiry,
//! protection and metadata.

use axum::extract::{Path, State};
use axum::Json;
use sandbox_api::{
    validate, ErrorBody, HttpValidationError, PatchSandbox, Permission, Role, Sandbox,
};

use crate::error::{check, ApiError};
use crate::extract::JsonBody;
use crate::ids::now_ms;
use crate::principal::Principal;
use crate::request_id::RequestId;
use crate::routes::{authorize, present, stored};
use crate::state::AppState;
use crate::store::Audit;

/// What an editor may not do that an owner may.
pub const OWNER_ONLY: &str = "Only an owner can protect or unprotect a sandbox";

/// Changes what the body names: `expires_at` (in the future, at most 90
/// days ahead; null = never, enterprise only), `protected` (owners only)
/// and `metadata` (replaced whole, the limits of create). Allowed in every
/// status. A field left out stays; one equal to the stored value changes
/// nothing; a body that changes nothing (`{}`) answers 200 with the
/// sandbox as it is and records no event. Unknown fields: 422.
#[utoipa::path(patch, path = "/api/v1/storage/sandboxes/{sandbox_id}", tag = "sandboxes",
    params(("sandbox_id" = String, Path)),
    request_body = PatchSandbox,
    responses(
        (status = 200, description = "The sandbox as it is now", body = Sandbox),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Without `sandboxes:update`, with viewer access, or an editor naming `protected`", body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, body = HttpValidationError),
    ))]
pub async fn update(
    State(state): State<AppState>,
    principal: Principal,
    request_id: RequestId,
    Path(sandbox_id): Path<String>,
    body: JsonBody,
) -> Result<Json<Sandbox>, ApiError> {
    let (record, access) =
        authorize(&state, &principal, &sandbox_id, Permission::SandboxesUpdate).await?;
    let patch: PatchSandbox = body.decode()?;
    if patch.minimum_access() == Role::Owner && !access.is_owner() {
        return Err(ApiError::Forbidden(OWNER_ONLY));
    }
    check(validate::patch_sandbox(
        &patch,
        record.sandbox.tier,
        now_ms(),
    ))?;
    state
        .store
        .update_sandbox(&sandbox_id, &patch, Audit::by(&principal, &request_id.0))
        .await?;
    let record = stored(&state, &principal, &sandbox_id).await?;
    Ok(Json(present(record, access, &principal, false)))
}
