//! Every way an API call can fail, decoded from the contract's error shapes.

use std::fmt;
use std::ops::Deref;

use sandbox_api::{ErrorDetail, ErrorResponse, ValidationError};

/// A failed API call.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// No answer at all: offline, refused, DNS, CORS, or the server is down.
    Network(String),
    /// 401: no token, or the token is unknown or expired.
    Unauthorized(Detail),
    /// 403: the role or the sandbox access forbids it.
    Forbidden(Detail),
    /// 404.
    NotFound(Detail),
    /// 409: name taken, wrong status, key reuse, limit reached.
    Conflict(Detail),
    /// 422, one entry per bad field.
    Validation(Vec<ValidationError>),
    /// 429, with the seconds the server asked us to wait.
    RateLimited {
        detail: Detail,
        retry_after: Option<u32>,
    },
    /// 5xx: the server (or a proxy in front of it) failed.
    Server { status: u16, detail: Detail },
    /// 503 with `Retry-After`: the server is down for a moment and said
    /// when to come back (sandboxd's `--fail-rate` answers so).
    Unavailable { detail: Detail, retry_after: u32 },
    /// Any other status the contract does not name.
    Unexpected { status: u16, detail: Detail },
    /// A success status whose body is not what the contract says.
    BadResponse(String),
}

/// What the server said about a failure, and the `X-Request-Id` of its
/// answer: the id a user quotes to support, who finds the request in the
/// server's log and its events. `None` from a v1.0 server (no header) or
/// when its CORS does not expose the header.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Detail {
    pub text: String,
    pub request_id: Option<String>,
}

impl Deref for Detail {
    type Target = str;

    fn deref(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for Detail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl From<String> for Detail {
    fn from(text: String) -> Self {
        Detail {
            text,
            request_id: None,
        }
    }
}

impl From<&str> for Detail {
    fn from(text: &str) -> Self {
        Detail::from(text.to_owned())
    }
}

/// The [`Detail`] of an answer's error (`&` or `&mut`, as `error` is), if
/// the error came from an answer with one.
macro_rules! http_detail {
    ($error:expr) => {
        match $error {
            ApiError::Unauthorized(detail)
            | ApiError::Forbidden(detail)
            | ApiError::NotFound(detail)
            | ApiError::Conflict(detail)
            | ApiError::RateLimited { detail, .. }
            | ApiError::Server { detail, .. }
            | ApiError::Unavailable { detail, .. }
            | ApiError::Unexpected { detail, .. } => Some(detail),
            ApiError::Network(_) | ApiError::Validation(_) | ApiError::BadResponse(_) => None,
        }
    };
}

impl ApiError {
    /// Decodes an error response. The body may be the contract's JSON or
    /// anything else (a proxy's HTML 502), which must still read well.
    pub fn from_response(status: u16, body: &str, retry_after: Option<&str>) -> ApiError {
        let parsed = serde_json::from_str::<ErrorResponse>(body)
            .ok()
            .map(|response| response.detail);
        let text = match &parsed {
            Some(ErrorDetail::Message(message)) => message.clone(),
            Some(ErrorDetail::Validation(_)) => "The request was not valid".to_owned(),
            None => fallback_detail(status, body),
        };
        let detail = Detail::from(text);
        match status {
            401 => ApiError::Unauthorized(detail),
            403 => ApiError::Forbidden(detail),
            404 => ApiError::NotFound(detail),
            409 => ApiError::Conflict(detail),
            422 => match parsed {
                Some(ErrorDetail::Validation(errors)) => ApiError::Validation(errors),
                _ => ApiError::Unexpected { status, detail },
            },
            429 => ApiError::RateLimited {
                detail,
                retry_after: retry_after.and_then(|s| s.trim().parse().ok()),
            },
            503 => match retry_after.and_then(|s| s.trim().parse().ok()) {
                Some(retry_after) => ApiError::Unavailable {
                    detail,
                    retry_after,
                },
                None => ApiError::Server { status, detail },
            },
            500..=599 => ApiError::Server { status, detail },
            _ => ApiError::Unexpected { status, detail },
        }
    }

    /// Worth trying again unchanged: nothing was decided by the server.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            ApiError::Network(_)
                | ApiError::Server { .. }
                | ApiError::Unavailable { .. }
                | ApiError::RateLimited { .. }
        )
    }

    /// How long the server asked to wait before the same request again
    /// (`Retry-After` on a 429 or 503), if it did.
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        match self {
            ApiError::RateLimited {
                retry_after: Some(seconds),
                ..
            }
            | ApiError::Unavailable {
                retry_after: seconds,
                ..
            } => Some(std::time::Duration::from_secs(u64::from(*seconds))),
            _ => None,
        }
    }

    /// The same error, naming the `X-Request-Id` of the answer that
    /// carried it (`None`, or blank, from a server that sends none).
    pub fn with_request_id(mut self, request_id: Option<&str>) -> ApiError {
        let request_id = request_id.map(str::trim).filter(|id| !id.is_empty());
        if let (Some(detail), Some(id)) = (http_detail!(&mut self), request_id) {
            detail.request_id = Some(id.to_owned());
        }
        self
    }

    /// The `X-Request-Id` of the answer that said so, if it had one. A 422
    /// has none here: its errors name the fields to fix, shown at them.
    pub fn request_id(&self) -> Option<&str> {
        http_detail!(self).and_then(|detail| detail.request_id.as_deref())
    }

    /// The 422 errors, if this is one.
    pub fn field_errors(&self) -> &[ValidationError] {
        match self {
            ApiError::Validation(errors) => errors,
            _ => &[],
        }
    }

    /// One sentence for the user.
    pub fn message(&self) -> String {
        match self {
            ApiError::Network(why) => {
                format!("Could not reach the API ({why}). Check the connection and the API URL.")
            }
            ApiError::Unauthorized(detail) => format!("Not signed in: {detail}."),
            ApiError::Forbidden(detail)
            | ApiError::NotFound(detail)
            | ApiError::Conflict(detail) => detail.text.clone(),
            ApiError::Validation(errors) => errors
                .iter()
                .map(|e| match e.field_path() {
                    path if path.is_empty() => e.msg.clone(),
                    path => format!("{path}: {}", e.msg),
                })
                .collect::<Vec<_>>()
                .join("; "),
            ApiError::RateLimited {
                detail,
                retry_after: Some(seconds),
            } => {
                format!("{detail} (try again in {seconds} s)")
            }
            ApiError::RateLimited {
                detail,
                retry_after: None,
            } => detail.text.clone(),
            ApiError::Server { status, detail } => {
                format!("The server failed ({status}): {detail}")
            }
            ApiError::Unavailable {
                detail,
                retry_after,
            } => {
                format!("The server is unavailable (503): {detail} (try again in {retry_after} s)")
            }
            ApiError::Unexpected { status, detail } => {
                format!("Unexpected answer ({status}): {detail}")
            }
            ApiError::BadResponse(why) => {
                format!("The API answered with something unexpected: {why}")
            }
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for ApiError {}

/// A readable detail for a body that is not the contract's JSON: the
/// status's own words, plus a short plain-text body if it is not markup.
fn fallback_detail(status: u16, body: &str) -> String {
    let reason = match status {
        400 => "Bad request",
        401 => "Not authenticated",
        403 => "Forbidden",
        404 => "Not found",
        409 => "Conflict",
        429 => "Too many requests",
        502 => "Bad gateway",
        503 => "Service unavailable",
        504 => "Gateway timeout",
        500..=599 => "Server error",
        _ => "Unexpected response",
    };
    let text = body.trim();
    if text.is_empty() || text.starts_with('<') || text.len() > 200 {
        reason.to_owned()
    } else {
        format!("{reason}: {text}")
    }
}
