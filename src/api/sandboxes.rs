//! `/api/v1/storage/sandboxes`.

use std::sync::Arc;

use gloo_net::http::Method;
use sandbox_api::{
    encode_query_component, CreateSandbox, PatchSandbox, Sandbox, SandboxListQuery, SANDBOXES_PATH,
};
use serde_json::Value;

use super::client::ApiClient;
use super::client::{decode, total_count, NO_BODY};
use super::error::ApiError;

/// Asks for each sandbox's tenant account (`owner_account`) with it.
const INCLUDE_OWNER_ACCOUNT: &str = "include[]=owner_account";

/// One page of the sandbox list.
#[derive(Clone, Debug, PartialEq)]
pub struct SandboxPage {
    /// Shared, not copied, with the table that shows them.
    pub items: Arc<[Sandbox]>,
    /// All matches (`X-Total-Count`), not just this page.
    pub total: u64,
}

/// The path of one sandbox, or of something below it (`suffix` starts with `/` or is empty).
pub fn sandbox_path(sandbox_id: &str, suffix: &str) -> String {
    format!(
        "{SANDBOXES_PATH}/{}{suffix}",
        encode_query_component(sandbox_id)
    )
}

/// One page of the list; with `owner_accounts`, each sandbox's tenant
/// account expanded (`include[]=owner_account`, which sandboxd accepts on
/// the list as on one sandbox; a server that does not expand it leaves
/// `owner_account` empty, and the ids still show).
pub async fn list(
    client: &ApiClient,
    query: &SandboxListQuery,
    owner_accounts: bool,
) -> Result<SandboxPage, ApiError> {
    let query_string = query.to_query_string();
    let include = owner_accounts.then_some(INCLUDE_OWNER_ACCOUNT);
    let parameters: Vec<&str> = [Some(query_string.as_str()), include]
        .into_iter()
        .flatten()
        .filter(|part| !part.is_empty())
        .collect();
    let path = if parameters.is_empty() {
        SANDBOXES_PATH.to_owned()
    } else {
        format!("{SANDBOXES_PATH}?{}", parameters.join("&"))
    };
    let response = client
        .send(client.request(Method::GET, &path), NO_BODY)
        .await?;
    let total = total_count(&response);
    let items: Vec<Sandbox> = decode(response).await?;
    // A server that omits the header still gets a usable (single-page) list.
    let total = total.unwrap_or(query.offset + items.len() as u64);
    Ok(SandboxPage {
        items: items.into(),
        total,
    })
}

/// One sandbox with its owner account expanded.
pub async fn get(client: &ApiClient, sandbox_id: &str) -> Result<Sandbox, ApiError> {
    client
        .get(&format!(
            "{}?{INCLUDE_OWNER_ACCOUNT}",
            sandbox_path(sandbox_id, "")
        ))
        .await
}

/// Creates a sandbox. `idempotency_key` stays the same for every retry of
/// one form filling, so a retry can never create a second sandbox.
pub async fn create(
    client: &ApiClient,
    request: &CreateSandbox,
    idempotency_key: &str,
) -> Result<Sandbox, ApiError> {
    let builder = client
        .request(Method::POST, SANDBOXES_PATH)
        .header("Idempotency-Key", idempotency_key);
    client.send_json(builder, Some(request)).await
}

/// Wipes the sandbox and restores it from production; it comes back `refreshing`.
pub async fn refresh(client: &ApiClient, sandbox_id: &str) -> Result<Sandbox, ApiError> {
    client
        .post(
            &sandbox_path(sandbox_id, "/refresh"),
            &serde_json::json!({}),
        )
        .await
}

/// Changes what `change` names (expiry, protection, metadata; v1.1) and
/// returns the sandbox as it is now.
pub async fn patch(
    client: &ApiClient,
    sandbox_id: &str,
    change: &PatchSandbox,
) -> Result<Sandbox, ApiError> {
    client
        .send_json(
            client.request(Method::PATCH, &sandbox_path(sandbox_id, "")),
            Some(change),
        )
        .await
}

/// Deletes the sandbox for good.
pub async fn delete(client: &ApiClient, sandbox_id: &str) -> Result<(), ApiError> {
    let _: Value = client
        .send_json(
            client.request(Method::DELETE, &sandbox_path(sandbox_id, "")),
            NO_BODY,
        )
        .await?;
    Ok(())
}
