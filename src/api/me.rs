//! `/api/v1/me`.

use sandbox_api::{Me, ME_PATH};

use super::client::ApiClient;
use super::error::ApiError;

/// Who is calling.
pub async fn get(client: &ApiClient) -> Result<Me, ApiError> {
    client.get(ME_PATH).await
}
