//! `GET /openapi.json`: the OpenAPI 3.1 description, generated from the
//! handlers' annotations and the `sandbox_api` types.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::routes::{apps, me, members, sandboxes, sources};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Sandbox API",
        version = "1.0.0",
        description = "The reference server (`sandboxd`) of `shared/contract/sandbox-api.md`. \
            Every /api/ request needs `Authorization: Bearer <token>`. Errors are FastAPI-shaped: \
            `{\"detail\": \"…\"}`, or for 422 `{\"detail\": [{\"loc\", \"msg\", \"type\"}]}`. \
            Decisions where the contract is silent: 413 for bodies over 64 KiB and 415 for a body \
            that is not JSON; every 422 `loc` starts with body, query or header; the role is \
            checked first, then visibility (404), then access (403), then the body (422), then \
            the status (409); member emails are stored in lower case; a sandbox must keep an \
            owner (removing or demoting the last one is 409); `sort=status` is alphabetical; \
            a push to `production` becomes production's version; 429 with `Retry-After` only when started with `--rate-limit N` \
            (N /api/ requests per second per token, or per client IP without one). \
            Every error is JSON, also for requests the HTTP layer cannot parse: 400 for a \
            malformed request line or header, 414 for a request target over 16 KiB, 431 for a \
            request head too large to read; a query name or value that is not UTF-8 once \
            percent-decoded is 422 (`string_unicode`) at `[\"query\", name]`, checked right \
            after the token; names, owner ids, source names and metadata keys may not contain \
            control characters or bidirectional overrides (422). Every response has \
            `X-Content-Type-Options: nosniff`; every response outside the console's files has \
            `Cache-Control: no-store`."
    ),
    paths(
        me::me,
        sandboxes::list, sandboxes::create, sandboxes::get, sandboxes::refresh, sandboxes::delete,
        members::list, members::add, members::remove,
        apps::list, apps::push,
        sources::list, sources::register, sources::rotate, sources::delete, sources::webhook,
    ),
    modifiers(&BearerAuth),
    security(("bearer" = [])),
    tags(
        (name = "me", description = "Who is calling"),
        (name = "sandboxes"), (name = "members"), (name = "apps"), (name = "sources"),
    )
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The document served at `/openapi.json`.
pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}
