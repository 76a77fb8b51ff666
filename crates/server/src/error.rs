//! One error type for every handler, answered in the contract's FastAPI shapes.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use sandbox_api::{ErrorBody, HttpValidationError, Permission, SandboxStatus, ValidationError};

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
            ApiError::Conflict(_) | ApiError::WrongStatus(_) => StatusCode::CONFLICT,
            ApiError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::InjectedFailure => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn detail(&self) -> String {
        match self {
            ApiError::Unauthenticated => "Not authenticated".into(),
            ApiError::MissingPermission(permission) => format!("Missing permission: {permission}"),
            ApiError::Forbidden(reason) => (*reason).into(),
            ApiError::NotFound(what) => format!("{what} not found"),
            ApiError::NoRoute => "Not Found".into(),
            ApiError::MethodNotAllowed => "Method Not Allowed".into(),
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

impl From<sqlx::Error> for ApiError {
    fn from(error: sqlx::Error) -> Self {
        ApiError::Internal(error.to_string())
    }
}
