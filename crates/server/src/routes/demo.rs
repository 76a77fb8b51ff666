//! `GET /api/v1/demo` and `POST /api/v1/demo/reset`: only while the server
//! runs a demo; otherwise 404 like a path no route serves, so a real
//! deployment never reveals a token or that the endpoints exist.

use axum::extract::State;
use axum::Json;
use sandbox_api::{DemoIdentities, DemoReset, ErrorBody};

use crate::demo;
use crate::error::ApiError;
use crate::ids::timestamp;
use crate::principal::Principal;
use crate::state::AppState;

/// The demo's identities, each with its token: no token needed.
#[utoipa::path(get, path = "/api/v1/demo", tag = "demo", security(()),
    responses(
        (status = 200, description = "The demo's identities", body = DemoIdentities),
        (status = 404, description = "The server does not run a demo", body = ErrorBody),
    ))]
pub async fn identities(State(state): State<AppState>) -> Result<Json<DemoIdentities>, ApiError> {
    if !state.demo {
        return Err(ApiError::NoRoute);
    }
    Ok(Json(demo::identities(&state.store).await?))
}

/// Wipes everything and seeds the demo again, exactly as at first start;
/// the tokens stay the same. Requests in flight finish on the old data or
/// run on the new, never on a part of it.
#[utoipa::path(post, path = "/api/v1/demo/reset", tag = "demo",
    responses(
        (status = 200, description = "Seeded again", body = DemoReset),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not an admin demo token", body = ErrorBody),
        (status = 404, description = "The server does not run a demo", body = ErrorBody),
    ))]
pub async fn reset(
    State(state): State<AppState>,
    principal: Result<Principal, ApiError>,
) -> Result<Json<DemoReset>, ApiError> {
    // Outside a demo the route does not exist, whoever asks.
    if !state.demo {
        return Err(ApiError::NoRoute);
    }
    if !demo::may_reset(&principal?) {
        return Err(ApiError::Forbidden(
            "Only an admin demo token may reset the demo",
        ));
    }
    let reset_at = demo::reset(&state.store, &state.public_url, state.jobs.schedule).await?;
    // The seeded operations in transit have new due times.
    state.jobs.wake();
    tracing::info!("demo data reset");
    Ok(Json(DemoReset {
        reset_at: timestamp(reset_at),
    }))
}
