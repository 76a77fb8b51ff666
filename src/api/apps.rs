//! `…/sandboxes/{id}/apps`.

use sandbox_api::{encode_query_component, App, PushResult};

use super::client::ApiClient;
use super::error::ApiError;
use super::sandboxes::sandbox_path;

pub async fn list(client: &ApiClient, sandbox_id: &str) -> Result<Vec<App>, ApiError> {
    client.get(&sandbox_path(sandbox_id, "/apps")).await
}

/// Deploys the app's configuration from the sandbox to `target`.
pub async fn push(
    client: &ApiClient,
    sandbox_id: &str,
    app_name: &str,
    target: &str,
) -> Result<PushResult, ApiError> {
    let path = sandbox_path(
        sandbox_id,
        &format!(
            "/apps/{}/push?target={}",
            encode_query_component(app_name),
            encode_query_component(target)
        ),
    );
    client.post(&path, &serde_json::json!({})).await
}
