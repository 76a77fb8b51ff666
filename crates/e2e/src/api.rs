//! The API called directly, to set up or check state behind the console's back.

use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::WAIT;

/// The API, called directly with one token.
pub struct Api {
    base_url: String,
    client: reqwest::Client,
}

/// One API response: status, headers and the body as JSON (`Value::Null`
/// for an empty body, a JSON string for a body that is not JSON).
#[derive(Debug)]
pub struct ApiResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

impl ApiResponse {
    /// The body decoded into a type, e.g. `sandbox_api` structs.
    pub fn json<T: DeserializeOwned>(&self) -> T {
        serde_json::from_value(self.body.clone()).unwrap_or_else(|error| {
            panic!(
                "decoding {}: {error}\nbody: {}",
                std::any::type_name::<T>(),
                self.body
            )
        })
    }

    /// The list endpoints' `X-Total-Count`.
    pub fn total_count(&self) -> u64 {
        let header = self
            .headers
            .get("x-total-count")
            .expect("an X-Total-Count header");
        header
            .to_str()
            .ok()
            .and_then(|count| count.parse().ok())
            .expect("a numeric X-Total-Count")
    }
}

impl Api {
    pub(crate) fn new(base_url: &str, token: &str) -> Self {
        let mut headers = HeaderMap::new();
        let bearer =
            HeaderValue::from_str(&format!("Bearer {token}")).expect("a token valid in a header");
        headers.insert(AUTHORIZATION, bearer);
        let client = reqwest::Client::builder()
            .default_headers(headers)
            .timeout(WAIT)
            .build()
            .expect("building an HTTP client");
        Api {
            base_url: base_url.to_owned(),
            client,
        }
    }

    /// The underlying client (the token is a default header), for requests
    /// the helpers do not cover, e.g. with an `Idempotency-Key`.
    pub fn client(&self) -> &reqwest::Client {
        &self.client
    }

    /// `GET path`, e.g. `/api/v1/storage/sandboxes?owner_id=cust_4711`.
    pub async fn get_json(&self, path: &str) -> ApiResponse {
        self.send(Method::GET, path, None).await
    }

    /// `GET path` of a list endpoint: the items, once the API answered
    /// 2xx with a JSON array; fails the test otherwise.
    pub async fn get_list(&self, path: &str) -> Vec<Value> {
        let response = self.get_json(path).await;
        assert!(
            response.status.is_success(),
            "GET {path}: {} {}",
            response.status,
            response.body
        );
        response.json()
    }

    /// `POST path` with a JSON body.
    pub async fn post_json(&self, path: &str, body: &Value) -> ApiResponse {
        self.send(Method::POST, path, Some(body)).await
    }

    /// `DELETE path`, with a JSON body where the endpoint takes one.
    pub async fn delete_json(&self, path: &str, body: Option<&Value>) -> ApiResponse {
        self.send(Method::DELETE, path, body).await
    }

    async fn send(&self, method: Method, path: &str, body: Option<&Value>) -> ApiResponse {
        let url = format!("{}{path}", self.base_url);
        let mut request = self.client.request(method.clone(), &url);
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request
            .send()
            .await
            .unwrap_or_else(|error| panic!("{method} {url}: {error}"));
        let status = response.status();
        let headers = response.headers().clone();
        let text = response
            .text()
            .await
            .unwrap_or_else(|error| panic!("{method} {url}: reading the body: {error}"));
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        ApiResponse {
            status,
            headers,
            body,
        }
    }
}
