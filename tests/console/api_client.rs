//! The API client in a real browser: every error shape of the contract,
//! decoding real `Response` objects (made in the browser, no server), and
//! a network failure.

use gloo_net::http::Response;
use sandbox_api::{LocPart, Me, PrincipalRole, Sandbox, SandboxStatus, Tier};
use sandbox_console::api::{self, read_response, ApiClient, ApiError};
use serde_json::json;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

use crate::support::TOKEN;

// ---- ApiError::from_response: one test per row of the contract's error table ----

#[wasm_bindgen_test]
fn unauthorized_keeps_the_detail_and_is_not_retryable() {
    let error = ApiError::from_response(401, r#"{"detail": "Not authenticated"}"#, None);
    assert_eq!(error, ApiError::Unauthorized("Not authenticated".into()));
    assert!(!error.is_retryable());
    assert!(
        error.message().contains("Not authenticated"),
        "{}",
        error.message()
    );
}

#[wasm_bindgen_test]
fn forbidden_shows_the_missing_permission() {
    let error = ApiError::from_response(
        403,
        r#"{"detail": "Missing permission: sandboxes:delete"}"#,
        None,
    );
    assert_eq!(
        error,
        ApiError::Forbidden("Missing permission: sandboxes:delete".into())
    );
    assert_eq!(error.message(), "Missing permission: sandboxes:delete");
}

#[wasm_bindgen_test]
fn not_found_and_conflict_say_what_the_api_said() {
    assert_eq!(
        ApiError::from_response(404, r#"{"detail": "Sandbox not found"}"#, None),
        ApiError::NotFound("Sandbox not found".into())
    );
    let conflict = ApiError::from_response(
        409,
        r#"{"detail": "A sandbox named staging-eu already exists for owner cust_4711"}"#,
        None,
    );
    assert_eq!(
        conflict.message(),
        "A sandbox named staging-eu already exists for owner cust_4711"
    );
    assert!(matches!(conflict, ApiError::Conflict(_)));
    assert!(!conflict.is_retryable());
}

#[wasm_bindgen_test]
fn validation_errors_name_their_fields() {
    let body = json!({"detail": [
        {"loc": ["body", "name"], "msg": "Use at most 255 characters", "type": "string_too_long"},
        {"loc": ["body", "users", 2, "email"], "msg": "Enter an email address like name@example.com", "type": "value_error"},
        {"loc": ["body"], "msg": "Send a JSON body", "type": "missing"},
    ]});
    let error = ApiError::from_response(422, &body.to_string(), None);
    let fields: Vec<String> = error
        .field_errors()
        .iter()
        .map(|e| e.field_path())
        .collect();
    assert_eq!(fields, ["name", "users.2.email", ""]);
    assert_eq!(error.field_errors()[1].loc[2], LocPart::Index(2));
    assert_eq!(error.field_errors()[0].kind, "string_too_long");
    let message = error.message();
    assert!(
        message.contains("name: Use at most 255 characters"),
        "{message}"
    );
    assert!(
        message.contains("users.2.email: Enter an email address like name@example.com"),
        "{message}"
    );
    assert!(message.ends_with("Send a JSON body"), "{message}");
}

#[wasm_bindgen_test]
fn a_422_that_is_not_a_validation_list_still_reads_well() {
    let error = ApiError::from_response(422, r#"{"detail": "bad"}"#, None);
    assert_eq!(
        error,
        ApiError::Unexpected {
            status: 422,
            detail: "bad".into()
        }
    );
    assert!(error.field_errors().is_empty());
}

#[wasm_bindgen_test]
fn rate_limits_carry_retry_after() {
    let error = ApiError::from_response(429, r#"{"detail": "Too many requests"}"#, Some("7"));
    assert_eq!(
        error,
        ApiError::RateLimited {
            detail: "Too many requests".into(),
            retry_after: Some(7)
        }
    );
    assert!(error.is_retryable());
    assert!(
        error.message().contains("try again in 7 s"),
        "{}",
        error.message()
    );
    let unreadable = ApiError::from_response(
        429,
        r#"{"detail": "Slow down"}"#,
        Some("Wed, 21 Oct 2026 07:28:00 GMT"),
    );
    assert_eq!(
        unreadable,
        ApiError::RateLimited {
            detail: "Slow down".into(),
            retry_after: None
        }
    );
    assert_eq!(unreadable.message(), "Slow down");
}

#[wasm_bindgen_test]
fn server_faults_in_json_keep_status_and_detail() {
    let error = ApiError::from_response(500, r#"{"detail": "Internal server error"}"#, None);
    assert_eq!(
        error,
        ApiError::Server {
            status: 500,
            detail: "Internal server error".into()
        }
    );
    assert!(error.is_retryable());
    assert_eq!(
        error.message(),
        "The server failed (500): Internal server error"
    );
}

#[wasm_bindgen_test]
fn a_proxys_html_502_becomes_words_not_markup() {
    let html = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";
    let error = ApiError::from_response(502, html, None);
    assert_eq!(
        error,
        ApiError::Server {
            status: 502,
            detail: "Bad gateway".into()
        }
    );
    assert!(!error.message().contains('<'), "{}", error.message());
}

#[wasm_bindgen_test]
fn a_short_plain_text_body_is_kept() {
    let error = ApiError::from_response(503, "upstream connect error", None);
    assert_eq!(
        error,
        ApiError::Server {
            status: 503,
            detail: "Service unavailable: upstream connect error".into()
        }
    );
}

#[wasm_bindgen_test]
fn an_empty_body_gets_the_status_words() {
    assert_eq!(
        ApiError::from_response(404, "", None),
        ApiError::NotFound("Not found".into())
    );
    assert_eq!(
        ApiError::from_response(504, "  ", None),
        ApiError::Server {
            status: 504,
            detail: "Gateway timeout".into()
        }
    );
    assert_eq!(
        ApiError::from_response(418, "", None),
        ApiError::Unexpected {
            status: 418,
            detail: "Unexpected response".into()
        }
    );
}

// ---- decoding real browser responses ----

/// A browser `Response` with `body`, `status` and headers, seen through gloo as the client sees it.
fn response(status: u16, body: &str, headers: &[(&str, &str)]) -> Response {
    let init = web_sys::ResponseInit::new();
    init.set_status(status);
    let header_map = web_sys::Headers::new().unwrap();
    for (name, value) in headers {
        header_map.set(name, value).unwrap();
    }
    init.set_headers(&JsValue::from(header_map));
    // 204/304 may not have a body at all; every other status takes one.
    let body = (!body.is_empty()).then_some(body);
    Response::from(web_sys::Response::new_with_opt_str_and_init(body, &init).unwrap())
}

/// A sandbox with every optional part filled in, as the API may send it.
fn full_sandbox_json(name: &str) -> serde_json::Value {
    json!({
        "sandbox_id": "sbx_01JDTEST", "object": "sandbox", "user_id": "acct_demo_acme",
        "owner_id": "cust_4711", "name": name, "tier": "pro", "mode": "seeded", "status": "seeding",
        "storage_provider_type": "platform_s3",
        "limits": {"storage_bytes": 53687091200u64, "max_sources": 25, "max_members": 50},
        "metadata": {"team": "payments", "cost_center": 42},
        "created_at": "2026-11-07T05:31:56Z", "updated_at": "2026-11-07T05:32:00Z", "last_refreshed_at": null,
        "access": "editor", "is_external": true,
        "owner_account": {"id": "acct_demo_acme", "object": "account", "name": "Acme Production",
                          "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"}
    })
}

#[wasm_bindgen_test]
async fn a_sandbox_body_decodes_into_every_field() {
    let body = full_sandbox_json("staging-eu").to_string();
    let sandbox: Sandbox = read_response(response(
        200,
        &body,
        &[("Content-Type", "application/json")],
    ))
    .await
    .unwrap();
    assert_eq!(sandbox.name, "staging-eu");
    assert_eq!(sandbox.tier, Tier::Pro);
    assert_eq!(sandbox.status, SandboxStatus::Seeding);
    assert_eq!(sandbox.limits.storage_bytes, 50 * 1024 * 1024 * 1024);
    assert_eq!(sandbox.metadata["cost_center"], json!(42));
    assert!(sandbox.is_external);
    assert_eq!(sandbox.owner_account.unwrap().name, "Acme Production");
}

#[wasm_bindgen_test]
async fn me_decodes_for_support_without_an_account() {
    let body = json!({"principal_id": "prn_1", "email": "sam@support.test", "role": "support", "account": null,
                      "acting_in_sandbox": null, "permissions": ["sandboxes:read"]});
    let me: Me = read_response(response(200, &body.to_string(), &[]))
        .await
        .unwrap();
    assert_eq!(me.role, PrincipalRole::Support);
    assert!(me.account.is_none());
}

#[wasm_bindgen_test]
async fn error_responses_become_their_api_errors() {
    let validation = json!({"detail": [{"loc": ["body", "owner_id"], "msg": "Enter an owner id", "type": "missing"}]});
    let error = read_response::<Sandbox>(response(422, &validation.to_string(), &[]))
        .await
        .unwrap_err();
    assert_eq!(error.field_errors()[0].field_path(), "owner_id");

    let limited = read_response::<Sandbox>(response(
        429,
        r#"{"detail": "Slow down"}"#,
        &[("Retry-After", "3")],
    ))
    .await;
    assert_eq!(
        limited.unwrap_err(),
        ApiError::RateLimited {
            detail: "Slow down".into(),
            retry_after: Some(3)
        }
    );

    let html = read_response::<Sandbox>(response(
        502,
        "<html><body>Bad Gateway</body></html>",
        &[("Content-Type", "text/html")],
    ))
    .await;
    assert_eq!(
        html.unwrap_err(),
        ApiError::Server {
            status: 502,
            detail: "Bad gateway".into()
        }
    );

    let empty = read_response::<Sandbox>(response(500, "", &[])).await;
    assert_eq!(
        empty.unwrap_err(),
        ApiError::Server {
            status: 500,
            detail: "Server error".into()
        }
    );

    let gone =
        read_response::<Sandbox>(response(404, r#"{"detail": "Sandbox not found"}"#, &[])).await;
    assert_eq!(
        gone.unwrap_err(),
        ApiError::NotFound("Sandbox not found".into())
    );
}

#[wasm_bindgen_test]
async fn a_success_that_breaks_the_contract_is_a_bad_response() {
    let not_json = read_response::<Sandbox>(response(200, "<html>hello</html>", &[]))
        .await
        .unwrap_err();
    assert!(matches!(not_json, ApiError::BadResponse(_)), "{not_json:?}");
    let missing_field = read_response::<Sandbox>(response(200, r#"{"sandbox_id": "sbx_1"}"#, &[]))
        .await
        .unwrap_err();
    assert!(
        matches!(&missing_field, ApiError::BadResponse(why) if why.contains("missing field")),
        "{missing_field:?}"
    );
    assert!(!missing_field.is_retryable());
}

#[wasm_bindgen_test]
async fn an_unreachable_api_is_a_network_error() {
    // Port 9 (discard) is closed here: the browser's fetch fails without an answer.
    let client = ApiClient::new("http://127.0.0.1:9/", TOKEN);
    assert_eq!(client.base_url(), "http://127.0.0.1:9");
    let error = api::me::get(&client).await.unwrap_err();
    assert!(matches!(error, ApiError::Network(_)), "{error:?}");
    assert!(error.is_retryable());
    assert!(
        !error.message().contains(TOKEN),
        "the token leaked into {}",
        error.message()
    );
}

// ---- X-Request-Id ----

#[wasm_bindgen_test]
async fn every_request_carries_its_own_request_id() {
    let _lock = crate::support::PageLock::acquire().await;
    crate::support::script_fetch(json!([
        {"contains": "/api/v1/events", "status": 200, "body": []},
    ]));
    // The page's own origin needs no CORS preflight for the header.
    let origin = web_sys::window().unwrap().location().origin().unwrap();
    let client = ApiClient::new(&origin, TOKEN);
    let query = sandbox_api::EventListQuery::default();
    api::events::list(&client, &query).await.unwrap();
    api::events::list(&client, &query).await.unwrap();
    let ids: Vec<String> = crate::support::recorded_requests()
        .into_iter()
        .map(|request| request.request_id.expect("an X-Request-Id"))
        .collect();
    for id in &ids {
        let hex = id.strip_prefix("req_").expect("req_ and hex");
        assert_eq!(hex.len(), 32, "{id}");
        assert!(hex.bytes().all(|b| b.is_ascii_hexdigit()), "{id}");
    }
    assert_ne!(ids[0], ids[1], "two requests, one id");
}

/// A v1.0 server on another origin refuses the CORS preflight that a
/// header of the console's own would need: its requests go without one
/// until that API has answered with an `X-Request-Id` (v1.1).
#[wasm_bindgen_test]
async fn another_origin_gets_request_ids_only_once_it_answered_with_one() {
    let _lock = crate::support::PageLock::acquire().await;
    let v1_0 = "http://v1-0.api.test";
    crate::support::script_fetch(json!([
        {"contains": "v1-0.api.test", "status": 200, "body": []},
        {"contains": "v1-1.api.test", "status": 200, "body": [],
         "headers": {"X-Request-Id": "req_server"}},
    ]));
    let query = sandbox_api::EventListQuery::default();
    let old_server = ApiClient::new(v1_0, TOKEN);
    api::events::list(&old_server, &query).await.unwrap();
    api::events::list(&old_server, &query).await.unwrap();
    let new_server = ApiClient::new("http://v1-1.api.test", TOKEN);
    api::events::list(&new_server, &query).await.unwrap();
    api::events::list(&new_server, &query).await.unwrap();
    let ids: Vec<Option<String>> = crate::support::recorded_requests()
        .into_iter()
        .map(|request| request.request_id)
        .collect();
    assert_eq!(ids.len(), 4, "{ids:?}");
    assert_eq!(ids[..3], [None, None, None], "v1.0, v1.0, first to v1.1");
    assert!(
        ids[3].as_deref().is_some_and(|id| id.starts_with("req_")),
        "{ids:?}"
    );
}
