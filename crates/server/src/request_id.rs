//! `X-Request-Id`: every response carries one (the client's own when it sent
//! a valid one, else a new `req_…`), the request's log span names it, and
//! the events a request causes record it, so a user can quote the id of a
//! failed request and support can find what it did.

use std::convert::Infallible;

use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use tracing::Span;

use crate::ids::new_id;

pub const HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// Longest client-supplied id kept (the contract's bound).
const MAX_LEN: usize = 128;

/// The id of the request being handled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestId(pub String);

impl RequestId {
    /// The client's id when it is 1–128 visible ASCII characters; a new one otherwise.
    fn of(request: &Request) -> RequestId {
        let sent = request
            .headers()
            .get(HEADER)
            .and_then(|value| value.to_str().ok())
            .filter(|id| is_valid(id));
        RequestId(sent.map_or_else(|| new_id("req"), str::to_owned))
    }
}

/// 1–128 characters, each visible ASCII (`!` to `~`: no spaces or controls).
pub fn is_valid(id: &str) -> bool {
    (1..=MAX_LEN).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_graphic())
}

/// Outermost layer: gives the request its id (an extension handlers and the
/// trace span read) and puts it on the response, whatever answered it.
pub async fn middleware(mut request: Request, next: Next) -> Response {
    let id = RequestId::of(&request);
    // Valid ids are visible ASCII, so they are valid header values.
    let value = HeaderValue::from_str(&id.0).ok();
    request.extensions_mut().insert(id);
    let mut response = next.run(request).await;
    if let Some(value) = value {
        response.headers_mut().insert(HEADER, value);
    }
    response
}

/// The trace span of a request, with its id, so the log line of a request
/// can be found from the id a user quotes.
pub fn span(request: &Request) -> Span {
    let id = request
        .extensions()
        .get::<RequestId>()
        .map_or("", |id| id.0.as_str());
    tracing::info_span!("request", method = %request.method(), uri = %request.uri(), request_id = %id)
}

impl<S: Send + Sync> FromRequestParts<S> for RequestId {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Infallible> {
        // Always there behind the middleware; a router without it (a unit
        // test's) still gets an id rather than a failure.
        Ok(parts
            .extensions
            .get::<RequestId>()
            .cloned()
            .unwrap_or_else(|| RequestId(new_id("req"))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_ids_must_be_short_visible_ascii() {
        assert!(is_valid("abc-123_XYZ:/.~"));
        assert!(is_valid(&"x".repeat(128)));
        assert!(!is_valid(&"x".repeat(129)));
        assert!(!is_valid(""));
        assert!(!is_valid("has space"));
        assert!(!is_valid("tab\there"));
        assert!(!is_valid("naïve"));
    }
}
