//! `Authorization: Bearer <token>` → the calling [`Principal`] (401 without one).

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};

use crate::error::ApiError;
use crate::ids::sha256_hex;
use crate::principal::Principal;
use crate::state::AppState;

/// The credential of `Authorization: Bearer <credential>`.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, credential) = value.split_once(' ')?;
    let credential = credential.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !credential.is_empty()).then_some(credential)
}

impl FromRequestParts<AppState> for Principal {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = bearer(&parts.headers).ok_or(ApiError::Unauthenticated)?;
        state
            .store
            .principal(&sha256_hex(token.as_bytes()))
            .await?
            .ok_or(ApiError::Unauthenticated)
    }
}
