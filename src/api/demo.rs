//! `/api/v1/demo`: the identities of a server that runs a demo, and its reset.

use sandbox_api::{DemoIdentities, DemoReset, DEMO_PATH, DEMO_RESET_PATH};

use super::client::ApiClient;
use super::error::ApiError;

/// The demo's identities, or `None` when the API at `base_url` runs no demo
/// (a real deployment answers 404) or cannot be reached: either way there
/// is nothing to offer. Asked without a token, as the contract allows.
pub async fn identities(base_url: &str) -> Option<DemoIdentities> {
    ApiClient::new(base_url, "").get(DEMO_PATH).await.ok()
}

/// Wipes the demo and seeds it again (admin demo tokens only).
pub async fn reset(client: &ApiClient) -> Result<DemoReset, ApiError> {
    client.post(DEMO_RESET_PATH, &serde_json::json!({})).await
}
