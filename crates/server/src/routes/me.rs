//! `GET /api/v1/me`.

use axum::Json;
use sandbox_api::Me;

use crate::principal::Principal;

/// Who is calling and what its role allows.
#[utoipa::path(get, path = "/api/v1/me", tag = "me",
    responses(
        (status = 200, description = "The caller", body = Me),
        (status = 401, description = "No or unknown token", body = sandbox_api::ErrorBody),
    ))]
pub async fn me(principal: Principal) -> Json<Me> {
    Json(principal.me())
}
