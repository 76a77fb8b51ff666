//! The HTTP client: base URL, bearer token, JSON in and out.

use std::cell::RefCell;
use std::collections::HashSet;
use std::sync::Arc;

use gloo_net::http::{Method, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::error::ApiError;

/// Talks to one API as one caller. Cheap to clone, and `Send` so views may hold it.
///
/// The base URL is injectable (not always the page's origin) because real
/// users point the console at their own API, and tests at a test server.
#[derive(Clone)]
pub struct ApiClient {
    base_url: Arc<str>,
    token: Arc<str>,
    /// Called on any 401, so the app can send the user back to Connect.
    on_unauthorized: Option<Arc<dyn Fn() + Send + Sync>>,
}

impl ApiClient {
    pub fn new(base_url: &str, token: &str) -> Self {
        ApiClient {
            base_url: base_url.trim_end_matches('/').into(),
            token: token.into(),
            on_unauthorized: None,
        }
    }

    pub fn on_unauthorized(mut self, handler: impl Fn() + Send + Sync + 'static) -> Self {
        self.on_unauthorized = Some(Arc::new(handler));
        self
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// A request to `path` (which starts with `/`), authorised, with its own
    /// `X-Request-Id` where the API is known to take one.
    pub(crate) fn request(&self, method: Method, path: &str) -> RequestBuilder {
        let request = RequestBuilder::new(&format!("{}{path}", self.base_url))
            .method(method)
            .header("Authorization", &format!("Bearer {}", self.token))
            .header("Accept", "application/json");
        if takes_request_ids(&self.base_url) {
            request.header(REQUEST_ID_HEADER, &new_request_id())
        } else {
            request
        }
    }

    /// Sends a request and turns every non-2xx answer into an `ApiError`.
    pub(crate) async fn send(
        &self,
        request: RequestBuilder,
        body: Option<&impl Serialize>,
    ) -> Result<Response, ApiError> {
        let request = match body {
            Some(body) => request.json(body),
            None => request.build(),
        }
        .map_err(|e| ApiError::BadResponse(format!("could not build the request: {e}")))?;
        let response = request
            .send()
            .await
            .map_err(|e| ApiError::Network(network_reason(&e)))?;
        if response.headers().get(REQUEST_ID_HEADER).is_some() {
            remember_request_ids(&self.base_url);
        }
        let checked = check_status(response).await;
        if let (Err(ApiError::Unauthorized(_)), Some(handler)) = (&checked, &self.on_unauthorized) {
            handler();
        }
        checked
    }

    /// `send` and decode the JSON body.
    pub(crate) async fn send_json<T: DeserializeOwned>(
        &self,
        request: RequestBuilder,
        body: Option<&impl Serialize>,
    ) -> Result<T, ApiError> {
        decode(self.send(request, body).await?).await
    }

    pub(crate) async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        self.send_json(self.request(Method::GET, path), NO_BODY)
            .await
    }

    pub(crate) async fn post<T: DeserializeOwned>(
        &self,
        path: &str,
        body: &impl Serialize,
    ) -> Result<T, ApiError> {
        self.send_json(self.request(Method::POST, path), Some(body))
            .await
    }
}

/// Names a request in the server's log and in the events it causes, so a
/// user can quote it to support.
pub const REQUEST_ID_HEADER: &str = "X-Request-Id";

thread_local! {
    /// API base URLs on another origin that answered with an `X-Request-Id`.
    static TAKE_REQUEST_IDS: RefCell<HashSet<String>> = RefCell::new(HashSet::new());
}

/// Whether requests to `base_url` may carry `X-Request-Id`. A header of
/// our own makes a cross-origin request need a CORS preflight, which a
/// v1.0 server refuses for this header, failing every request; so another
/// origin gets it only after its API answered with an `X-Request-Id` that
/// the console could read, which its CORS allows only when it speaks v1.1.
/// The page's own origin needs no preflight.
fn takes_request_ids(base_url: &str) -> bool {
    let same_origin = web_sys::window()
        .and_then(|window| window.location().origin().ok())
        .is_some_and(|origin| {
            base_url
                .strip_prefix(&origin)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        });
    same_origin || TAKE_REQUEST_IDS.with(|known| known.borrow().contains(base_url))
}

fn remember_request_ids(base_url: &str) {
    TAKE_REQUEST_IDS.with(|known| {
        known.borrow_mut().insert(base_url.to_owned());
    });
}

/// `req_` and 16 random bytes in hex: unique per request without asking
/// the server; `crypto.getRandomValues` exists in every browser the console
/// runs in, so its absence only loses the id, never the request.
fn new_request_id() -> String {
    let mut bytes = [0_u8; 16];
    if let Some(crypto) = web_sys::window().and_then(|window| window.crypto().ok()) {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    let hex: String = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
    format!("req_{hex}")
}

/// `X-Total-Count`: how many items a paged list has in all.
pub(crate) fn total_count(response: &Response) -> Option<u64> {
    response
        .headers()
        .get("X-Total-Count")
        .and_then(|value| value.trim().parse().ok())
}

/// For requests without a body (the type only satisfies `Serialize`).
pub(crate) const NO_BODY: Option<&()> = None;

/// A success response as it is; any other status as the `ApiError` its
/// status, body and `Retry-After` describe.
pub async fn check_status(response: Response) -> Result<Response, ApiError> {
    if response.ok() {
        return Ok(response);
    }
    let status = response.status();
    let retry_after = response.headers().get("Retry-After");
    let request_id = response.headers().get(REQUEST_ID_HEADER);
    let body = response.text().await.unwrap_or_default();
    Err(
        ApiError::from_response(status, &body, retry_after.as_deref())
            .with_request_id(request_id.as_deref()),
    )
}

/// What a response means: its decoded body, or the error it carries.
/// Every API call's answer goes through here (also testable on responses
/// made in the browser without a server).
pub async fn read_response<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    decode(check_status(response).await?).await
}

/// Decodes a success body, naming what did not fit.
pub async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let text = response
        .text()
        .await
        .map_err(|e| ApiError::Network(network_reason(&e)))?;
    serde_json::from_str(&text).map_err(|e| ApiError::BadResponse(format!("{e}")))
}

/// gloo's error text, without the token (it never contains it, but the
/// request URL could carry query values: keep only the reason).
fn network_reason(error: &gloo_net::Error) -> String {
    match error {
        gloo_net::Error::JsError(js) => js.message.clone(),
        other => other.to_string(),
    }
}
