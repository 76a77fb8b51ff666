//! `/api/v1/me`.

use sandbox_api::{Me, ME_PATH};

use super::{ApiClient, ApiError};

/// Who is calling.
pub async fn get(client: &ApiClient) -> Result<Me, ApiError> {
    client.get(ME_PATH).await
}
