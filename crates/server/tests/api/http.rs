//! The HTTP edges: error shapes for bad requests, unknown routes, health,
//! OpenAPI, CORS, the static console with compression, chaos flags.

use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::json;
use tempfile::TempDir;

use crate::common::{Server, FAST};
use sandbox_api::demo::tokens;
use sandbox_api::{HEALTH_PATH, ME_PATH, SANDBOXES_PATH as LIST};

#[tokio::test]
async fn bodies_that_are_not_json_get_json_errors() {
    let server = Server::demo();
    let post = |content_type: Option<&str>, body: Vec<u8>| {
        let mut request = server
            .request(Method::POST, LIST, Some(tokens::ADMIN))
            .body(body);
        if let Some(content_type) = content_type {
            request = request.header("Content-Type", content_type);
        }
        server.send(request)
    };
    let malformed = post(Some("application/json"), br#"{"name": "x",}"#.to_vec()).await;
    assert_eq!(malformed.status, 422);
    assert_eq!(malformed.json["detail"][0]["type"], "json_invalid");
    assert_eq!(malformed.json["detail"][0]["loc"], json!(["body", 13]));

    let empty = post(Some("application/json"), vec![]).await;
    assert_eq!(
        empty.json,
        json!({"detail": [{"loc": ["body"], "msg": "Send a JSON body", "type": "missing"}]})
    );

    let form = post(
        Some("application/x-www-form-urlencoded"),
        b"name=x&owner_id=y".to_vec(),
    )
    .await;
    assert_eq!(form.status, 415);
    assert_eq!(
        form.detail(),
        "Request body must be JSON (Content-Type: application/json)"
    );
    let none = post(None, br#"{"name": "x", "owner_id": "y"}"#.to_vec()).await;
    assert_eq!(none.status, 415);
    let charset = post(
        Some("application/json; charset=utf-8"),
        br#"{"name": "x", "owner_id": "y"}"#.to_vec(),
    )
    .await;
    assert_eq!(charset.status, 201);

    let huge = format!(
        r#"{{"name": "x", "owner_id": "y", "metadata": {{"blob": "{}"}}}}"#,
        "a".repeat(70 * 1024)
    );
    let oversized = post(Some("application/json"), huge.into_bytes()).await;
    assert_eq!(oversized.status, 413);
    assert_eq!(
        oversized.json,
        json!({"detail": "Request body is larger than 65536 bytes"})
    );
    let list = server
        .get(&format!("{LIST}?owner_id=y"), tokens::ADMIN)
        .await;
    assert_eq!(list.header("x-total-count"), Some("1"));
}

#[tokio::test]
async fn unknown_routes_and_methods_answer_json() {
    let server = Server::demo();
    for path in [
        "/api/v1/nope",
        "/api/",
        "/api",
        "/api/v2/storage/sandboxes",
        "/nothing-here",
    ] {
        let response = server.get(path, tokens::ADMIN).await;
        assert_eq!(
            (response.status, response.json.clone()),
            (404, json!({"detail": "Not Found"})),
            "{path}"
        );
    }
    let put = server
        .send(server.request(Method::PUT, LIST, Some(tokens::ADMIN)))
        .await;
    assert_eq!(
        (put.status, put.json.clone()),
        (405, json!({"detail": "Method Not Allowed"}))
    );
    assert!(put.header("allow").unwrap().contains("POST"));
    let patch = server
        .send(server.request(Method::PATCH, HEALTH_PATH, None))
        .await;
    assert_eq!(patch.status, 405);
}

#[tokio::test]
async fn health_and_openapi_need_no_token() {
    let server = Server::demo();
    let health = server
        .send(server.request(Method::GET, HEALTH_PATH, None))
        .await;
    assert_eq!(
        (health.status, health.json.clone()),
        (200, json!({"status": "ok"}))
    );
    let openapi = server
        .send(server.request(Method::GET, "/openapi.json", None))
        .await;
    assert_eq!(openapi.status, 200);
    let document = openapi.json;
    assert!(document["openapi"].as_str().unwrap().starts_with("3.1"));
    let paths = document["paths"].as_object().unwrap();
    for path in [
        ME_PATH,
        "/api/v1/storage/sandboxes",
        "/api/v1/storage/sandboxes/{sandbox_id}",
        "/api/v1/storage/sandboxes/{sandbox_id}/refresh",
        "/api/v1/storage/sandboxes/{sandbox_id}/users",
        "/api/v1/storage/sandboxes/{sandbox_id}/apps",
        "/api/v1/storage/sandboxes/{sandbox_id}/apps/{app_name}/push",
        "/api/v1/storage/sandboxes/{sandbox_id}/sources",
        "/api/v1/storage/sandboxes/{sandbox_id}/sources/{data_source_id}",
        "/api/v1/storage/sandboxes/{sandbox_id}/sources/{data_source_id}/rotate-webhook-secret",
    ] {
        assert!(paths.contains_key(path), "{path} missing");
    }
    let users = &paths["/api/v1/storage/sandboxes/{sandbox_id}/users"];
    assert!(users["get"].is_object() && users["post"].is_object() && users["delete"].is_object());
    for schema in [
        "Sandbox",
        "CreateSandbox",
        "DataSource",
        "HttpValidationError",
        "ErrorBody",
        "Me",
    ] {
        assert!(
            document["components"]["schemas"][schema].is_object(),
            "{schema} missing"
        );
    }
}

#[tokio::test]
async fn cors_allows_configured_origins() {
    let dir = TempDir::new().unwrap();
    let args = [&["--demo", "--allow-origin", "http://localhost:3000"], FAST].concat();
    let server = Server::spawn(&dir.path().join("db"), &args, &[]);
    let preflight = server
        .send(
            server
                .request(Method::OPTIONS, LIST, None)
                .header("Origin", "http://localhost:3000")
                .header("Access-Control-Request-Method", "POST")
                .header(
                    "Access-Control-Request-Headers",
                    "authorization,content-type,idempotency-key",
                ),
        )
        .await;
    assert_eq!(preflight.status, 200);
    assert_eq!(
        preflight.header("access-control-allow-origin"),
        Some("http://localhost:3000")
    );
    let allowed = preflight
        .header("access-control-allow-headers")
        .unwrap()
        .to_lowercase();
    for header in ["authorization", "content-type", "idempotency-key"] {
        assert!(allowed.contains(header), "{allowed}");
    }
    let get = server
        .send(
            server
                .request(Method::GET, LIST, Some(tokens::ADMIN))
                .header("Origin", "http://localhost:3000"),
        )
        .await;
    let exposed = get
        .header("access-control-expose-headers")
        .unwrap()
        .to_lowercase();
    for header in [
        "x-total-count",
        "link",
        "idempotent-replayed",
        "retry-after",
    ] {
        assert!(exposed.contains(header), "{exposed}");
    }
    let stranger = server
        .send(
            server
                .request(Method::GET, LIST, Some(tokens::ADMIN))
                .header("Origin", "http://evil.test"),
        )
        .await;
    assert_eq!(stranger.header("access-control-allow-origin"), None);
}

#[tokio::test]
async fn static_console_with_spa_fallback_and_compression() {
    let site = TempDir::new().unwrap();
    let index = "<!doctype html><title>Sandbox Console</title>".repeat(10);
    std::fs::write(site.path().join("index.html"), &index).unwrap();
    std::fs::write(
        site.path().join("app.js"),
        "console.log('plain');".repeat(50),
    )
    .unwrap();
    std::fs::write(site.path().join("app.js.br"), b"pretend-brotli").unwrap();
    std::fs::write(
        site.path().join("style.css"),
        "body { color: black; }\n".repeat(100),
    )
    .unwrap();
    let dir = TempDir::new().unwrap();
    let static_dir = site.path().to_str().unwrap();
    let server = Server::spawn(
        &dir.path().join("db"),
        &["--demo", "--static", static_dir],
        &[],
    );
    let get = |path: &'static str, encoding: Option<&'static str>| {
        let mut request = server.request(Method::GET, path, None);
        if let Some(encoding) = encoding {
            request = request.header("Accept-Encoding", encoding);
        }
        server.send(request)
    };
    for route in ["/", "/sandboxes/sbx_123", "/deep/client/route?tab=members"] {
        let page = get(route, None).await;
        assert_eq!(
            (page.status, page.text.as_str()),
            (200, index.as_str()),
            "{route}"
        );
    }
    let precompressed = get("/app.js", Some("br, gzip")).await;
    assert_eq!(
        (
            precompressed.header("content-encoding"),
            precompressed.text.as_str()
        ),
        (Some("br"), "pretend-brotli")
    );
    let on_the_fly = get("/style.css", Some("gzip")).await;
    assert_eq!(on_the_fly.header("content-encoding"), Some("gzip"));
    let plain = get("/style.css", None).await;
    assert!(plain.text.starts_with("body {"));
    // The API keeps its JSON 404s.
    let api = get("/api/v1/nope", None).await;
    assert_eq!(
        (api.status, api.json.clone()),
        (404, json!({"detail": "Not Found"}))
    );
}

#[tokio::test]
async fn fail_rate_answers_503_before_the_handler() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("db");
    let failing = Server::spawn(&db, &["--demo", "--fail-rate", "1.0"], &[]);
    let create = failing
        .post(
            LIST,
            tokens::ADMIN,
            json!({"name": "chaos", "owner_id": "cust_chaos"}),
        )
        .await;
    assert_eq!(
        (create.status, create.json.clone()),
        (503, json!({"detail": "Injected failure (--fail-rate)"}))
    );
    assert_eq!(create.header("retry-after"), Some("1"));
    assert_eq!(
        failing
            .send(failing.request(Method::GET, HEALTH_PATH, None))
            .await
            .status,
        200,
        "only /api/ fails"
    );
    drop(failing);
    let healthy = Server::spawn(&db, &[], &[]);
    let list = healthy
        .get(&format!("{LIST}?owner_id=cust_chaos"), tokens::ADMIN)
        .await;
    assert_eq!(
        list.header("x-total-count"),
        Some("0"),
        "the failed create created nothing"
    );
}

#[tokio::test]
async fn latency_delays_api_requests() {
    let dir = TempDir::new().unwrap();
    let server = Server::spawn(
        &dir.path().join("db"),
        &["--demo", "--latency-ms", "300"],
        &[],
    );
    let started = Instant::now();
    assert_eq!(server.get(ME_PATH, tokens::ADMIN).await.status, 200);
    assert!(started.elapsed() >= Duration::from_millis(300));
}

#[tokio::test]
async fn rate_limit_answers_429_per_token() {
    let dir = TempDir::new().unwrap();
    let server = Server::spawn(
        &dir.path().join("db"),
        &["--demo", "--rate-limit", "2"],
        &[],
    );
    let answers =
        futures::future::join_all((0..5).map(|_| server.get(ME_PATH, tokens::ADMIN))).await;
    let limited: Vec<_> = answers.iter().filter(|r| r.status == 429).collect();
    assert!(!limited.is_empty(), "5 quick requests, limit 2 per second");
    assert!(answers.iter().all(|r| r.status == 200 || r.status == 429));
    for response in &limited {
        assert_eq!(
            response.json,
            json!({"detail": "Rate limit exceeded: 2 requests per second"})
        );
        let retry: u64 = response
            .header("retry-after")
            .expect("Retry-After")
            .parse()
            .expect("numeric Retry-After");
        assert!((1..=1).contains(&retry), "{retry}");
    }
    assert_eq!(
        server.get(ME_PATH, tokens::VIEWER).await.status,
        200,
        "another token has its own limit"
    );
    assert_eq!(
        server
            .send(server.request(Method::GET, HEALTH_PATH, None))
            .await
            .status,
        200,
        "only /api/ is limited"
    );
}
