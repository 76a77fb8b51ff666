//! The answers and headers every operation shares, added to the document
//! in one place rather than to each handler's annotation.

use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::Operation;
use utoipa::openapi::{ContentBuilder, Ref, Response, ResponseBuilder};
use utoipa::{Modify, PartialSchema, ToSchema};

use super::operations;

/// The answers every operation of a kind can give, added in one place
/// rather than to each handler's annotation: every `/api/` request may get
/// 401 (token), 429 (`--rate-limit`) and 503 (`--fail-rate`), and every one
/// with a body 413, 415 and 422. A handler's own entry, with its own
/// description, wins.
pub(super) struct SharedResponses;

impl Modify for SharedResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for (path, operation) in operations(openapi) {
            if path.starts_with("/api/") {
                add_api_responses(operation);
            }
            if operation.request_body.is_some() {
                add_body_responses(operation);
            }
        }
    }
}

fn add_api_responses(operation: &mut Operation) {
    add_response(
        operation,
        401,
        error_response("No token, or an unknown one"),
    );
    let too_many = ResponseBuilder::from(error_response(
        "Only when started with `--rate-limit N`: more than N requests in the caller's \
         one-second window",
    ))
    .header(
        "Retry-After",
        HeaderBuilder::new()
            .schema(u64::schema())
            .description(Some("Whole seconds until the window ends (at least 1)"))
            .build(),
    )
    .build();
    add_response(operation, 429, too_many);
    add_response(
        operation,
        503,
        error_response(
            "Only when started with `--fail-rate`: an injected failure, `Retry-After: 1`",
        ),
    );
}

fn add_body_responses(operation: &mut Operation) {
    add_response(
        operation,
        413,
        error_response(&format!(
            "The body is over {} KiB",
            crate::extract::MAX_BODY_BYTES / 1024
        )),
    );
    add_response(
        operation,
        415,
        error_response("The body is not `application/json`"),
    );
    add_response(
        operation,
        422,
        ResponseBuilder::new()
            .description("The body breaks the schema")
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name(
                        sandbox_api::HttpValidationError::name(),
                    )))
                    .build(),
            )
            .build(),
    );
}

/// Adds the answer for `status` unless the operation states its own.
fn add_response(operation: &mut Operation, status: u16, response: Response) {
    operation
        .responses
        .responses
        .entry(status.to_string())
        .or_insert(response.into());
}

/// A `{"detail": "…"}` answer.
fn error_response(description: &str) -> Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name(sandbox_api::ErrorBody::name())))
                .build(),
        )
        .build()
}

/// `X-Request-Id` on every answer of every operation, as the middleware sets it.
pub(super) struct RequestIdHeader;

impl Modify for RequestIdHeader {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let header = HeaderBuilder::new()
            .schema(String::schema())
            .description(Some(
                "The request's id: the client's own `X-Request-Id` if it was 1–128 visible \
                 ASCII characters, else a new `req_…`; the events the request caused carry it",
            ))
            .build();
        for (_, operation) in operations(openapi) {
            for response in operation.responses.responses.values_mut() {
                if let utoipa::openapi::RefOr::T(response) = response {
                    response
                        .headers
                        .insert("X-Request-Id".to_owned(), header.clone());
                }
            }
        }
    }
}
