//! One error type for every handler, answered in the contract's FastAPI
//! shapes; the one place where store and permission failures become HTTP.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use sandbox_api::{ErrorBody, HttpValidationError, Permission, SandboxStatus, ValidationError};

use crate::principal::MissingPermission;
use crate::store::{Conflict, Entity, StoreError};

#[derive(Debug)]
pub enum ApiError {
    /// 401: no token, or one we do not know.
    Unauthenticated,
    /// 403 `Missing permission: …`.
    MissingPermission(Permission),
    /// 403 with its own reason.
    Forbidden(&'static str),
    /// 404 `… not found`, e.g. `Sandbox` → "Sandbox not found".
    NotFound(&'static str),
    /// 404 for a path no route serves.
    NoRoute,
    /// 405.
    MethodNotAllowed,
    /// 400 from hyper: the request line or a header is not valid HTTP.
    MalformedRequest,
    /// 414: the request target is longer than this many bytes.
    UriTooLong(usize),
    /// 431 from hyper: the request head does not fit its buffer.
    HeadersTooLarge,
    /// 409 with the reason.
    Conflict(String),
    /// 409 because the sandbox is in the wrong status for the operation.
    WrongStatus(SandboxStatus),
    /// 413: the body is over the cap.
    PayloadTooLarge(usize),
    /// 415: the body is not `application/json`.
    UnsupportedMediaType,
    /// 422 with every problem found.
    Validation(Vec<ValidationError>),
    /// 503 from `--fail-rate`.
    InjectedFailure,
    /// 500; the cause is logged, not shown.
    Internal(String),
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::Unauthenticated => StatusCode::UNAUTHORIZED,
            ApiError::MissingPermission(_) | ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) | ApiError::NoRoute => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::MalformedRequest => StatusCode::BAD_REQUEST,
            ApiError::UriTooLong(_) => StatusCode::URI_TOO_LONG,
            ApiError::HeadersTooLarge => StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            ApiError::Conflict(_) | ApiError::WrongStatus(_) => StatusCode::CONFLICT,
            ApiError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::InjectedFailure => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The `detail` of every error but a 422's list.
    pub(crate) fn detail(&self) -> String {
        match self {
            ApiError::Unauthenticated => "Not authenticated".into(),
            ApiError::MissingPermission(permission) => format!("Missing permission: {permission}"),
            ApiError::Forbidden(reason) => (*reason).into(),
            ApiError::NotFound(what) => format!("{what} not found"),
            ApiError::NoRoute => "Not Found".into(),
            ApiError::MethodNotAllowed => "Method Not Allowed".into(),
            ApiError::MalformedRequest => {
                "Malformed request: the request line or a header is not valid HTTP".into()
            }
            ApiError::UriTooLong(limit) => format!("URI is longer than {limit} bytes"),
            ApiError::HeadersTooLarge => "Request header fields are too large".into(),
            ApiError::Conflict(reason) => reason.clone(),
            ApiError::WrongStatus(status) => {
                format!("Sandbox is {status}; this needs an active sandbox")
            }
            ApiError::PayloadTooLarge(limit) => {
                format!("Request body is larger than {limit} bytes")
            }
            ApiError::UnsupportedMediaType => {
                "Request body must be JSON (Content-Type: application/json)".into()
            }
            ApiError::Validation(_) => unreachable!("validation errors carry a list"),
            ApiError::InjectedFailure => "Injected failure (--fail-rate)".into(),
            ApiError::Internal(_) => "Internal Server Error".into(),
        }
    }

    /// A 422 with a single problem.
    pub fn invalid(error: ValidationError) -> Self {
        ApiError::Validation(vec![error])
    }
}

/// Turns a list of validation problems into `Err(422)` unless it is empty.
pub fn check(errors: Vec<ValidationError>) -> Result<(), ApiError> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(errors))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        match self {
            ApiError::Validation(detail) => {
                (status, Json(HttpValidationError { detail })).into_response()
            }
            ApiError::Internal(ref cause) => {
                tracing::error!(%cause, "internal error");
                (
                    status,
                    Json(ErrorBody {
                        detail: self.detail(),
                    }),
                )
                    .into_response()
            }
            ApiError::InjectedFailure => {
                let retry = [(header::RETRY_AFTER, HeaderValue::from_static("1"))];
                (
                    status,
                    retry,
                    Json(ErrorBody {
                        detail: self.detail(),
                    }),
                )
                    .into_response()
            }
            other => (
                status,
                Json(ErrorBody {
                    detail: other.detail(),
                }),
            )
                .into_response(),
        }
    }
}

impl From<MissingPermission> for ApiError {
    fn from(MissingPermission(permission): MissingPermission) -> Self {
        ApiError::MissingPermission(permission)
    }
}

/// Not found: 404; refused: 409 with the reason; the database: 500.
impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound(entity) => ApiError::NotFound(match entity {
                Entity::Sandbox => "Sandbox",
                Entity::App => "App",
                Entity::Source => "Source",
            }),
            StoreError::Conflict(conflict) => conflict_error(conflict),
            StoreError::Database(error) => ApiError::Internal(error.to_string()),
        }
    }
}

fn conflict_error(conflict: Conflict) -> ApiError {
    let reason = match conflict {
        Conflict::WrongStatus(status) => return ApiError::WrongStatus(status),
        Conflict::NameTaken { name, owner_id } => {
            format!("A sandbox named {name:?} already exists for owner_id {owner_id:?}")
        }
        Conflict::IdempotencyKeyReused => {
            "Idempotency-Key was already used with a different request body".into()
        }
        Conflict::MemberLimit { max, members } => format!(
            "Member limit reached: this sandbox's tier allows {max} members (it has {members})"
        ),
        Conflict::LastOwner => "A sandbox must keep at least one owner".into(),
        Conflict::SourceLimit { max } => {
            format!("Source limit reached: this sandbox's tier allows {max} sources")
        }
        Conflict::NotRealtime(mode) => {
            format!("Only realtime sources have a webhook secret; this one is {mode}")
        }
        Conflict::Protected => "Sandbox is protected".into(),
    };
    ApiError::Conflict(reason)
}
