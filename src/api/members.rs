//! `…/sandboxes/{id}/users`.

use gloo_net::http::Method;
use sandbox_api::{Member, SandboxUserRemoveResponse, SandboxUserRequest, SandboxUserResponse};

use super::client::ApiClient;
use super::error::ApiError;
use super::sandboxes::sandbox_path;

pub async fn list(client: &ApiClient, sandbox_id: &str) -> Result<Vec<Member>, ApiError> {
    client.get(&sandbox_path(sandbox_id, "/users")).await
}

/// Adds members, or changes the role of existing ones.
pub async fn add(
    client: &ApiClient,
    sandbox_id: &str,
    request: &SandboxUserRequest,
) -> Result<SandboxUserResponse, ApiError> {
    client
        .post(&sandbox_path(sandbox_id, "/users"), request)
        .await
}

/// Removes members (roles in the request are ignored).
pub async fn remove(
    client: &ApiClient,
    sandbox_id: &str,
    request: &SandboxUserRequest,
) -> Result<SandboxUserRemoveResponse, ApiError> {
    client
        .send_json(
            client.request(Method::DELETE, &sandbox_path(sandbox_id, "/users")),
            Some(request),
        )
        .await
}
