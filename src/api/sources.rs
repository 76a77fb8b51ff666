//! `…/sandboxes/{id}/sources`.

use gloo_net::http::Method;
use sandbox_api::{encode_query_component, DataSource, RegisterSource};
use serde_json::Value;

use super::client::ApiClient;
use super::client::NO_BODY;
use super::error::ApiError;
use super::sandboxes::sandbox_path;

fn source_path(sandbox_id: &str, data_source_id: &str, suffix: &str) -> String {
    sandbox_path(
        sandbox_id,
        &format!(
            "/sources/{}{suffix}",
            encode_query_component(data_source_id)
        ),
    )
}

pub async fn list(client: &ApiClient, sandbox_id: &str) -> Result<Vec<DataSource>, ApiError> {
    client.get(&sandbox_path(sandbox_id, "/sources")).await
}

/// Registers a source; a realtime one comes back with its signing secret, once.
pub async fn register(
    client: &ApiClient,
    sandbox_id: &str,
    request: &RegisterSource,
) -> Result<DataSource, ApiError> {
    client
        .post(&sandbox_path(sandbox_id, "/sources"), request)
        .await
}

/// A new signing secret (shown once); the old one stops verifying.
pub async fn rotate_secret(
    client: &ApiClient,
    sandbox_id: &str,
    data_source_id: &str,
) -> Result<DataSource, ApiError> {
    client
        .post(
            &source_path(sandbox_id, data_source_id, "/rotate-webhook-secret"),
            &serde_json::json!({}),
        )
        .await
}

pub async fn delete(
    client: &ApiClient,
    sandbox_id: &str,
    data_source_id: &str,
) -> Result<(), ApiError> {
    let _: Value = client
        .send_json(
            client.request(Method::DELETE, &source_path(sandbox_id, data_source_id, "")),
            NO_BODY,
        )
        .await?;
    Ok(())
}
