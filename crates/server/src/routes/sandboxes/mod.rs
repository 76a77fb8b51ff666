//! `/api/v1/storage/sandboxes` and `/api/v1/storage/sandboxes/{sandbox_id}`;
//! its `PATCH` in `update.rs`.

mod update;

pub use update::{__path_update, update};

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use sandbox_api::{
    validate, CreateSandbox, ErrorBody, HttpValidationError, OperationKind, Permission,
    PrincipalRole, Role, Sandbox, SandboxListQuery, SANDBOXES_PATH,
};
use serde_json::Value;

use super::{authorize, page_links, paging_headers, present, stored, url};
use crate::error::{check, ApiError};
use crate::extract::{JsonBody, QueryPairs};
use crate::ids::{now_ms, sha256_hex};
use crate::principal::Principal;
use crate::request_id::RequestId;
use crate::state::AppState;
use crate::store::{Audit, CreateOutcome, IdempotencyRequest, NewSandbox};

/// The sandboxes the caller can see, one page at a time.
///
/// Support may filter by tenant account with `user_id`; others get 403 for
/// it. `sort=status` orders by status name, newest first within one.
#[utoipa::path(get, path = "/api/v1/storage/sandboxes", tag = "sandboxes",
    params(
        ("owner_id" = Option<String>, Query, description = "Only this owner's sandboxes"),
        ("user_id" = Option<String>, Query, description = "Only this tenant account's (support only)"),
        ("status" = Option<sandbox_api::SandboxStatus>, Query),
        ("tier" = Option<sandbox_api::Tier>, Query),
        ("q" = Option<String>, Query, description = "Case-insensitive substring of name or owner_id"),
        ("expires_before" = Option<String>, Query, format = DateTime, description = "RFC 3339: expiring strictly before; never-expiring sandboxes never match"),
        ("protected" = Option<bool>, Query, description = "`true` or `false`"),
        ("sort" = Option<sandbox_api::SandboxSort>, Query, description = "Default -created_at; expires_at and -expires_at put never-expiring sandboxes last"),
        ("limit" = inline(Option<sandbox_api::schema::Limit>), Query, description = "Page size"),
        ("offset" = inline(Option<sandbox_api::schema::Offset>), Query, description = "Matches to skip"),
        ("include[]" = Option<Vec<sandbox_api::Include>>, Query, description = "Expand `owner_account`"),
    ),
    responses(
        (status = 200, description = "One page; X-Total-Count has all matches, Link has rel=next/prev", body = [Sandbox],
         headers(("X-Total-Count" = u64), ("Link" = String))),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = HttpValidationError),
    ))]
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    query: QueryPairs,
) -> Result<Response, ApiError> {
    principal.require(Permission::SandboxesRead)?;
    let include_owner_account = query.include_owner_account();
    let list_query = SandboxListQuery::from_pairs(&query.0);
    let (include_owner_account, list_query) = match (include_owner_account, list_query) {
        (Ok(include), Ok(list)) => (include, list),
        (include, list) => {
            let mut errors = include.err().unwrap_or_default();
            errors.extend(list.err().unwrap_or_default());
            return Err(ApiError::Validation(errors));
        }
    };
    if list_query.user_id.is_some() && principal.role != PrincipalRole::Support {
        return Err(ApiError::Forbidden(
            "The user_id filter is available to support only",
        ));
    }

    let (records, total) = state
        .store
        .list_sandboxes(principal.visibility(), &list_query)
        .await?;
    let sandboxes: Vec<Sandbox> = records
        .into_iter()
        .filter_map(|record| {
            let access = principal.access(
                &record.sandbox.sandbox_id,
                &record.sandbox.user_id,
                record.member_role,
            )?;
            Some(present(record, access, &principal, include_owner_account))
        })
        .collect();

    let headers = paging_headers(
        total,
        link_header(&list_query, total, include_owner_account),
    )?;
    Ok((headers, Json(sandboxes)).into_response())
}

/// `Link` with relative URLs to the next and previous pages, if they exist.
fn link_header(
    query: &SandboxListQuery,
    total: u64,
    include_owner_account: bool,
) -> Option<String> {
    page_links(query.offset, query.limit, total, |offset| {
        let mut query_string = SandboxListQuery {
            offset,
            ..query.clone()
        }
        .to_query_string();
        if include_owner_account {
            if !query_string.is_empty() {
                query_string.push('&');
            }
            query_string.push_str("include%5B%5D=owner_account");
        }
        url(SANDBOXES_PATH, &query_string)
    })
}

/// Creates a sandbox. It starts `provisioning`; a `seeded` one goes on to
/// `seeding`, both end `active`. The creator becomes its first owner member
/// (origin `production`) and it gets the account's production apps.
///
/// With `Idempotency-Key`, a repeat with the same body within 24 h returns
/// the first response (`Idempotent-Replayed: true`); another body gets 409.
#[utoipa::path(post, path = "/api/v1/storage/sandboxes", tag = "sandboxes",
    params(
        ("Idempotency-Key" = inline(Option<sandbox_api::schema::IdempotencyKey>), Header,
         description = "Replays the first response to the same body within 24 h"),
        ("include[]" = Option<Vec<sandbox_api::Include>>, Query, description = "Expand `owner_account`"),
    ),
    request_body = CreateSandbox,
    responses(
        (status = 201, description = "Created (or replayed)", body = Sandbox,
         headers(("Idempotent-Replayed" = String, description = "`true` on a replay"))),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, description = "Name taken for this owner, or key reused with another body", body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, body = HttpValidationError),
    ))]
pub async fn create(
    State(state): State<AppState>,
    principal: Principal,
    request_id: RequestId,
    headers: HeaderMap,
    query: QueryPairs,
    body: JsonBody,
) -> Result<Response, ApiError> {
    if principal.acting_in_sandbox.is_some() {
        return Err(ApiError::Forbidden(
            "Sandboxes cannot be created while acting in a sandbox",
        ));
    }
    principal.require(Permission::SandboxesCreate)?;
    let account_id = principal
        .account_id()
        .ok_or(ApiError::MissingPermission(Permission::SandboxesCreate))?;
    let key = match headers.get("idempotency-key") {
        Some(value) => {
            let key = value.to_str().unwrap_or("\u{0}");
            check(validate::idempotency_key(key))?;
            Some(key)
        }
        None => None,
    };
    let include_owner_account = query
        .include_owner_account()
        .map_err(ApiError::Validation)?;
    let request: CreateSandbox = body.decode()?;

    let idempotency = key.map(|key| IdempotencyRequest {
        principal_id: &principal.principal_id,
        key,
        request_sha256: sha256_hex(
            canonical_json(&serde_json::to_value(&request).unwrap_or_default()).as_bytes(),
        ),
    });
    let new = NewSandbox {
        account_id,
        creator_email: &principal.email,
        request: &request,
        timing: state
            .jobs
            .schedule
            .start(OperationKind::Provision, now_ms()),
        audit: Audit::by(&principal, &request_id.0),
    };
    let outcome = state
        .store
        .create_sandbox(new, idempotency, |record| {
            present(record, Role::Owner, &principal, include_owner_account)
        })
        .await?;
    let (body, replayed) = match outcome {
        CreateOutcome::Created(body) => {
            state.jobs.wake();
            (body, false)
        }
        CreateOutcome::Replayed(body) => (body, true),
    };
    let mut response = (
        StatusCode::CREATED,
        [(header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response();
    if replayed {
        response
            .headers_mut()
            .insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    Ok(response)
}

/// JSON with object keys sorted at every level: equal requests hash equally
/// whatever order their keys came in.
fn canonical_json(value: &Value) -> String {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by_key(|(key, _)| *key);
            let fields: Vec<String> = entries
                .iter()
                .map(|(key, value)| {
                    format!("{}:{}", Value::from(key.as_str()), canonical_json(value))
                })
                .collect();
            format!("{{{}}}", fields.join(","))
        }
        Value::Array(items) => format!(
            "[{}]",
            items
                .iter()
                .map(canonical_json)
                .collect::<Vec<_>>()
                .join(",")
        ),
        other => other.to_string(),
    }
}

/// One sandbox.
#[utoipa::path(get, path = "/api/v1/storage/sandboxes/{sandbox_id}", tag = "sandboxes",
    params(("sandbox_id" = String, Path), ("include[]" = Option<Vec<sandbox_api::Include>>, Query, description = "Expand `owner_account`")),
    responses(
        (status = 200, body = Sandbox),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = HttpValidationError),
    ))]
pub async fn get(
    State(state): State<AppState>,
    principal: Principal,
    Path(sandbox_id): Path<String>,
    query: QueryPairs,
) -> Result<Json<Sandbox>, ApiError> {
    let (record, access) =
        authorize(&state, &principal, &sandbox_id, Permission::SandboxesRead).await?;
    let include_owner_account = query
        .include_owner_account()
        .map_err(ApiError::Validation)?;
    Ok(Json(present(
        record,
        access,
        &principal,
        include_owner_account,
    )))
}

/// Wipes the sandbox and restores it from production: `refreshing`, then
/// `active` with the apps at production's versions; members and sources stay.
/// Allowed when `active` or `failed`.
#[utoipa::path(post, path = "/api/v1/storage/sandboxes/{sandbox_id}/refresh", tag = "sandboxes",
    params(("sandbox_id" = String, Path)),
    responses(
        (status = 200, description = "The sandbox, now refreshing", body = Sandbox),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Not active or failed", body = ErrorBody),
    ))]
pub async fn refresh(
    State(state): State<AppState>,
    principal: Principal,
    request_id: RequestId,
    Path(sandbox_id): Path<String>,
) -> Result<Json<Sandbox>, ApiError> {
    let (_, access) = authorize(
        &state,
        &principal,
        &sandbox_id,
        Permission::SandboxesRefresh,
    )
    .await?;
    state
        .store
        .begin_refresh(
            &sandbox_id,
            state.jobs.schedule.start(OperationKind::Refresh, now_ms()),
            Audit::by(&principal, &request_id.0),
        )
        .await?;
    state.jobs.wake();
    let record = stored(&state, &principal, &sandbox_id).await?;
    Ok(Json(present(record, access, &principal, false)))
}

/// Deletes the sandbox for good, with its members, apps and sources.
/// Allowed when `active` or `failed`.
#[utoipa::path(delete, path = "/api/v1/storage/sandboxes/{sandbox_id}", tag = "sandboxes",
    params(("sandbox_id" = String, Path)),
    responses(
        (status = 200, description = "`{}`", body = Object),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Not active or failed", body = ErrorBody),
    ))]
pub async fn delete(
    State(state): State<AppState>,
    principal: Principal,
    request_id: RequestId,
    Path(sandbox_id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    authorize(&state, &principal, &sandbox_id, Permission::SandboxesDelete).await?;
    state
        .store
        .delete_sandbox(&sandbox_id, Audit::by(&principal, &request_id.0))
        .await?;
    Ok(Json(serde_json::json!({})))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_json_ignores_key_order() {
        let a: Value =
            serde_json::from_str(r#"{"b":1,"a":{"y":[1,{"q":2,"p":3}],"x":"s"}}"#).unwrap();
        let b: Value =
            serde_json::from_str(r#"{"a":{"x":"s","y":[1,{"p":3,"q":2}]},"b":1}"#).unwrap();
        assert_eq!(canonical_json(&a), canonical_json(&b));
        assert_eq!(
            canonical_json(&a),
            r#"{"a":{"x":"s","y":[1,{"p":3,"q":2}]},"b":1}"#
        );
    }

    #[test]
    fn links_point_to_existing_pages_with_the_same_query() {
        let query = SandboxListQuery {
            owner_id: Some("cust 1".into()),
            limit: 10,
            offset: 10,
            ..Default::default()
        };
        let link = link_header(&query, 25, true).unwrap();
        assert_eq!(
            link,
            "</api/v1/storage/sandboxes?owner_id=cust%201&limit=10&offset=20&include%5B%5D=owner_account>; rel=\"next\", \
             </api/v1/storage/sandboxes?owner_id=cust%201&limit=10&include%5B%5D=owner_account>; rel=\"prev\""
        );
        assert_eq!(link_header(&SandboxListQuery::default(), 50, false), None);
    }
}
