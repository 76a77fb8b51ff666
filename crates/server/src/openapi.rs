//! `GET /openapi.json`: the OpenAPI 3.1 description, generated from the
//! handlers' annotations and the `sandbox_api` types.

use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, Response, ResponseBuilder};
use utoipa::{Modify, OpenApi, PartialSchema, ToSchema};

use crate::routes::{apps, demo, events, me, members, sandboxes, sources};

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
            ones; unknown body fields are ignored; a whole number may be written `300.0`. What \
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
            and `failure_reason` naming the failing step."
    ),
    paths(
        me::me,
        sandboxes::list, sandboxes::create, sandboxes::get, sandboxes::refresh, sandboxes::delete,
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

/// The answers every operation of a kind can give, added in one place
/// rather than to each handler's annotation: every `/api/` request may get
/// 401 (token), 429 (`--rate-limit`) and 503 (`--fail-rate`), and every one
/// with a body 413, 415 and 422. A handler's own entry, with its own
/// description, wins.
struct SharedResponses;

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
struct RequestIdHeader;

impl Modify for RequestIdHeader {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let header = HeaderBuilder::new()
            .schema(String::schema())
            .description(Some(
                "The request's id: the client's own `X-Request-Id` if it was 1–128 visible \
                 ASCII characters, else a new `req_…`; the events the request caused carry it",
            ))
            .build();
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.patch,
                &mut item.delete,
            ];
            for operation in operations.into_iter().flatten() {
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

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use sandbox_api::validate::{self, MAX_EMAIL_BYTES};
    use sandbox_api::*;
    use serde_json::{json, Value};

    fn document_json() -> Value {
        serde_json::to_value(super::document()).unwrap()
    }

    /// Every `{"$ref": …}` anywhere in `value`.
    fn refs(value: &Value, found: &mut Vec<String>) {
        match value {
            Value::Object(object) => {
                if let Some(Value::String(target)) = object.get("$ref") {
                    found.push(target.clone());
                }
                object.values().for_each(|child| refs(child, found));
            }
            Value::Array(items) => items.iter().for_each(|child| refs(child, found)),
            _ => {}
        }
    }

    #[test]
    fn every_ref_resolves() {
        let document = document_json();
        let mut found = Vec::new();
        refs(&document, &mut found);
        assert!(found.iter().any(|target| target.ends_with("/SandboxSort")));
        let dangling: Vec<&String> = found
            .iter()
            .filter(|target| {
                target
                    .strip_prefix('#')
                    .and_then(|pointer| document.pointer(pointer))
                    .is_none()
            })
            .collect();
        assert!(dangling.is_empty(), "dangling $refs: {dangling:?}");
    }

    #[test]
    fn operation_ids_are_unique() {
        let document = document_json();
        let mut ids: Vec<&str> = document["paths"]
            .as_object()
            .unwrap()
            .values()
            .flat_map(|item| item.as_object().unwrap().values())
            .map(|operation| operation["operationId"].as_str().unwrap())
            .collect();
        let count = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), count, "{ids:?}");
        assert!(ids.contains(&"members_list") && ids.contains(&"me"));
    }

    /// Each enum of the document lists exactly the names the API parses.
    #[test]
    fn enums_are_spelt_as_on_the_wire() {
        fn names<E: FromStr + std::fmt::Display>(all: &[E]) -> Vec<String> {
            all.iter().map(ToString::to_string).collect()
        }
        let expected = [
            ("Tier", names(Tier::ALL)),
            ("Mode", names(Mode::ALL)),
            ("SandboxStatus", names(SandboxStatus::ALL)),
            ("Role", names(Role::ALL)),
            ("PrincipalRole", names(PrincipalRole::ALL)),
            ("StorageProviderType", names(StorageProviderType::ALL)),
            ("MemberOrigin", names(MemberOrigin::ALL)),
            ("IngestionMode", names(IngestionMode::ALL)),
            ("SourceKind", names(SourceKind::ALL)),
            ("PushStatus", names(PushStatus::ALL)),
            ("Permission", names(Permission::ALL)),
            ("SandboxSort", names(SandboxSort::ALL)),
            ("Include", names(Include::ALL)),
            ("EventAction", names(EventAction::ALL)),
            ("OperationKind", names(OperationKind::ALL)),
            ("StepState", names(StepState::ALL)),
        ];
        let document = document_json();
        let schemas = document["components"]["schemas"].as_object().unwrap();
        let in_document: Vec<&String> = schemas
            .iter()
            .filter(|(_, schema)| schema.get("enum").is_some())
            .map(|(name, _)| name)
            .collect();
        let unlisted: Vec<&&String> = in_document
            .iter()
            .filter(|name| !expected.iter().any(|(listed, _)| *listed == name.as_str()))
            .collect();
        assert!(unlisted.is_empty(), "add {unlisted:?} to this table");
        for (name, values) in &expected {
            assert_eq!(schemas[*name]["enum"], json!(values), "{name}");
        }
        assert_eq!(schemas["Permission"]["enum"][0], "sandboxes:read");
    }

    /// The characters the text patterns exclude are exactly those the
    /// validation refuses.
    #[test]
    fn published_forbidden_characters_are_the_refused_ones() {
        let published = |c: char| {
            schema::FORBIDDEN_IN_TEXT
                .iter()
                .any(|(first, last)| (*first..=*last).contains(&c))
        };
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            assert_eq!(published(c), validate::is_forbidden_in_text(c), "{c:?}");
        }
    }

    /// The bounds the document states are the ones the validation enforces:
    /// read from the document, each is accepted at the edge and refused one
    /// past it.
    #[test]
    fn documented_bounds_are_the_enforced_ones() {
        let document = document_json();
        let schemas = &document["components"]["schemas"];
        let bound = |schema: &Value, keyword: &str| -> usize {
            schema[keyword]
                .as_u64()
                .unwrap_or_else(|| panic!("no {keyword} in {schema}")) as usize
        };

        let create = &schemas["CreateSandbox"]["properties"];
        let create_with = |name: String, owner_id: String| CreateSandbox {
            name,
            owner_id,
            ..Default::default()
        };
        for field in ["name", "owner_id"] {
            let (min, max) = (
                bound(&create[field], "minLength"),
                bound(&create[field], "maxLength"),
            );
            let text = |chars: usize| "é".repeat(chars);
            let at = |value: String| match field {
                "name" => create_with(value, "o".into()),
                _ => create_with("n".into(), value),
            };
            assert!(
                validate::create_sandbox(&at(text(max))).is_empty(),
                "{field}"
            );
            assert_eq!(validate::create_sandbox(&at(text(max + 1))).len(), 1);
            assert_eq!(validate::create_sandbox(&at(text(min - 1))).len(), 1);
        }
        let max_keys = bound(&create["metadata"], "maxProperties");
        let mut sandbox = create_with("n".into(), "o".into());
        sandbox.metadata = (0..max_keys).map(|i| (i.to_string(), json!(i))).collect();
        assert!(validate::create_sandbox(&sandbox).is_empty());
        sandbox.metadata.insert("one more".into(), json!(0));
        assert_eq!(validate::create_sandbox(&sandbox).len(), 1);

        let users = &schemas["SandboxUserRequest"]["properties"]["users"];
        let request = |count: usize| SandboxUserRequest {
            users: (0..count)
                .map(|i| SandboxUser {
                    email: format!("u{i}@acme.test"),
                    role: Role::Viewer,
                })
                .collect(),
        };
        let (min_items, max_items) = (bound(users, "minItems"), bound(users, "maxItems"));
        assert!(validate::user_request(&request(min_items)).is_empty());
        assert!(validate::user_request(&request(max_items)).is_empty());
        assert!(!validate::user_request(&request(min_items - 1)).is_empty());
        assert!(!validate::user_request(&request(max_items + 1)).is_empty());
        let email_max = bound(&users["items"]["properties"]["email"], "maxLength");
        assert_eq!(email_max, MAX_EMAIL_BYTES);
        let email = |length: usize| format!("{}@acme.test", "a".repeat(length - 10));
        assert!(validate::email(&email(email_max)).is_ok());
        assert!(validate::email(&email(email_max + 1)).is_err());

        let source = &schemas["RegisterSource"]["properties"];
        let provider_max = bound(&source["provider"], "maxLength");
        assert!(validate::provider(&"a".repeat(provider_max)).is_ok());
        assert!(validate::provider(&"a".repeat(provider_max + 1)).is_err());
        assert_eq!(source["provider"]["pattern"], validate::provider_pattern());
        let min_poll = source["poll_interval_seconds"]["minimum"].as_i64().unwrap();
        let register = |seconds: i64| RegisterSource {
            provider: "slack".into(),
            name: "n".into(),
            poll_interval_seconds: Some(seconds),
            ..Default::default()
        };
        assert!(validate::register_source(&register(min_poll)).is_empty());
        assert_eq!(validate::register_source(&register(min_poll - 1)).len(), 1);

        let list = &document["paths"]["/api/v1/storage/sandboxes"]["get"]["parameters"];
        let parameter = |name: &str| {
            list.as_array()
                .unwrap()
                .iter()
                .find(|parameter| parameter["name"] == name)
                .map(|parameter| parameter["schema"].clone())
                .unwrap()
        };
        let parses = |name: &str, value: u64| {
            SandboxListQuery::from_pairs(&[(name.to_owned(), value.to_string())]).is_ok()
        };
        for name in ["limit", "offset"] {
            let schema = parameter(name);
            let (min, max) = (
                schema["minimum"].as_u64().unwrap(),
                schema["maximum"].as_u64().unwrap(),
            );
            assert!(parses(name, min) && parses(name, max), "{name}");
            assert!(!parses(name, max + 1), "{name}");
            assert!(min == 0 || !parses(name, min - 1), "{name}");
        }
    }
}
