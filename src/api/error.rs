//! Every way an API call can fail, decoded from the contract's error shapes.

use std::fmt;

use sandbox_api::{ErrorDetail, ErrorResponse, ValidationError};

/// A failed API call.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// No answer at all: offline, refused, DNS, CORS, or the server is down.
    Network(String),
    /// 401: no token, or the token is unknown or expired.
    Unauthorized(String),
    /// 403: the role or the sandbox access forbids it.
    Forbidden(String),
    /// 404.
    NotFound(String),
    /// 409: name taken, wrong status, key reuse, limit reached.
    Conflict(String),
    /// 422, one entry per bad field.
    Validation(Vec<ValidationError>),
    /// 429, with the seconds the server asked us to wait.
    RateLimited {
        detail: String,
        retry_after: Option<u32>,
    },
    /// 5xx: the server (or a proxy in front of it) failed.
    Server { status: u16, detail: String },
    /// Any other status the contract does not name.
    Unexpected { status: u16, detail: String },
    /// A success status whose body is not what the contract says.
    BadResponse(String),
}

impl ApiError {
    /// Decodes an error response. The body may be the contract's JSON or
    /// anything else (a proxy's HTML 502), which must still read well.
    pub fn from_response(status: u16, body: &str, retry_after: Option<&str>) -> ApiError {
        let parsed = serde_json::from_str::<ErrorResponse>(body)
            .ok()
            .map(|response| response.detail);
        let detail = match &parsed {
            Some(ErrorDetail::Message(message)) => message.clone(),
            Some(ErrorDetail::Validation(_)) => "The request was not valid".to_owned(),
            None => fallback_detail(status, body),
        };
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
            500..=599 => ApiError::Server { status, detail },
            _ => ApiError::Unexpected { status, detail },
        }
    }

    /// Worth trying again unchanged: nothing was decided by the server.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            ApiError::Network(_) | ApiError::Server { .. } | ApiError::RateLimited { .. }
        )
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
            | ApiError::Conflict(detail) => detail.clone(),
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
            } => detail.clone(),
            ApiError::Server { status, detail } => {
                format!("The server failed ({status}): {detail}")
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
