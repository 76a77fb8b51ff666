//! `GET /openapi.json`: the OpenAPI 3.1 description, generated from the
//! handlers' annotations and the `sandbox_api` types.

mod responses;
#[cfg(test)]
mod tests;

use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::routes::{apps, demo, events, me, members, sandboxes, sources};
use responses::{RequestIdHeader, SharedResponses};

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
            `Cache-Control: no-store`. \
            This document is generated from the types, enums and limits the server validates \
            with (`sandbox_api`), and a property-based test holds the server to it: enum values \
            are spelt as on the wire; lengths, patterns, item counts and ranges are the enforced \
            ones; unknown body fields are ignored (but by PATCH); a whole number may be written `300.0`. What \
            JSON Schema cannot state is said in the descriptions: metadata's 16 KiB, that one \
            `users` list may name an email only once, ignoring case, and that an events range \
            may not end (`until`) before it starts (`since`). \
            Activity (v1.1): every change is one event written in the same transaction as the \
            change (a refused request records none). A members request that adds and re-roles \
            records one `members.added` and one `members.updated`; one that changes nothing \
            records nothing. `changes` of `members.*` is keyed by email with roles as \
            `[before, after]`; `app.pushed` has `app_name`, `version` and `target` as \
            `[null, value]`; source events name the source by `data_source_id` and `name`, \
            never its secret or webhook URL. Status changes the server makes (and failures) \
            have `actor` and `request_id` null. Events carry `sandbox_deleted` (not in the \
            contract). Viewers see events of their account's live sandboxes only; an \
            external member sees the whole history of the sandboxes it is a member of, while \
            it is one. `since`/`until` are inclusive and accept any RFC 3339 offset; \
            `until` before `since` is 422 at `until`. Every response carries `X-Request-Id`: a \
            client's own of 1–128 visible ASCII characters (`!`–`~`), else a new `req_…`. \
            `operation` steps share the operation's duration equally; `progress` is the \
            elapsed share, rounded down to 0.001; a failed operation leaves `operation` null \
            and `failure_reason` naming the failing step. \
            Lifecycle (v1.1): `expires_at` is answered (and stored) as UTC whole seconds; a \
            chosen one is strictly in the future and at most 90 days ahead, null only for \
            enterprise (422 at `[\"body\", \"expires_at\"]`; JSON Schema cannot state these); \
            left out on create, the tier's default from `created_at`. PATCH needs \
            `sandboxes:update` and editor or owner access; a body naming `protected` needs an \
            owner (403 otherwise, even for the same value); it works in every status; unknown \
            fields are 422 `extra_forbidden` (PATCH only); a field equal to the stored value is \
            no change, and a PATCH of no change (`{}`) answers the sandbox as it is, records no \
            event and keeps `updated_at`; `sandbox.updated` lists only the changed fields. A \
            refresh keeps `expires_at` and `protected`. Refresh and delete of a protected \
            sandbox: 409 `Sandbox is protected` (after the status check). The expiry job runs \
            at start-up and every `--expiry-check-ms` (default 30 s), deleting active and failed \
            unprotected sandboxes whose `expires_at` has come (a transient one waits for its \
            operation), each with a `sandbox.expired` event of no actor and `changes` \
            `{\"status\": [status, null]}`. `expires_before` is exclusive and never matches a \
            never-expiring sandbox; `sort=expires_at|-expires_at` puts never-expiring ones last \
            both ways, ties by insertion."
    ),
    paths(
        me::me,
        sandboxes::list, sandboxes::create, sandboxes::get, sandboxes::update, sandboxes::refresh,
        sandboxes::delete,
        members::list, members::add, members::remove,
        apps::list, apps::push,
        sources::list, sources::register, sources::rotate, sources::delete, sources::webhook,
        events::list, events::of_sandbox,
        demo::identities, demo::reset,
    ),
    // Types that only parameters name: utoipa collects a schema from bodies
    // and responses alone, so these would be dangling `$ref`s otherwise.
    components(schemas(sandbox_api::SandboxSort, sandbox_api::Include, sandbox_api::EventAction)),
    modifiers(&BearerAuth, &SharedResponses, &RequestIdHeader, &OperationIds),
    security(("bearer" = [])),
    tags(
        (name = "me", description = "Who is calling"),
        (name = "sandboxes"), (name = "members"), (name = "apps"), (name = "sources"),
        (name = "events", description = "Activity: what changed, who did it, through which request"),
        (name = "demo", description = "Only while the server runs a demo (`--demo`); 404 otherwise"),
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

/// Every operation of the document, with its path.
fn operations(
    openapi: &mut utoipa::openapi::OpenApi,
) -> impl Iterator<Item = (&str, &mut Operation)> {
    openapi.paths.paths.iter_mut().flat_map(|(path, item)| {
        [
            &mut item.get,
            &mut item.post,
            &mut item.put,
            &mut item.patch,
            &mut item.delete,
        ]
        .into_iter()
        .flatten()
        .map(move |operation| (path.as_str(), operation))
    })
}

/// operationIds unique, as OpenAPI requires and client generators need:
/// utoipa takes the handler's name, and several are `list` or `delete`, so
/// each becomes `{tag}_{handler}` (`members_list`), or the handler's name
/// alone when it is the tag (`me`).
struct OperationIds;

impl Modify for OperationIds {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for (_, operation) in operations(openapi) {
            let tag = operation.tags.as_ref().and_then(|tags| tags.first());
            if let (Some(tag), Some(id)) = (tag, &mut operation.operation_id) {
                if tag != id {
                    *id = format!("{tag}_{id}");
                }
            }
        }
    }
}

/// The document served at `/openapi.json`.
pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}
