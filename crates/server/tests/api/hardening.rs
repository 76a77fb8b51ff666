//! Issue 14's hardening: requests hyper cannot parse answered in JSON, every
//! input checked, and the security headers of the API and the console.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use base64::prelude::{Engine, BASE64_STANDARD};
use reqwest::Method;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use tempfile::TempDir;

use crate::common::{id, Server, FAST};
use sandbox_api::demo::tokens;
use sandbox_api::{HEALTH_PATH, ME_PATH, SANDBOXES_PATH as LIST};

/// An answer read off the socket byte for byte.
struct RawResponse {
    status: u16,
    /// Lower-case names.
    headers: HashMap<String, String>,
    json: Value,
}

/// Sends `request` over a new connection exactly as given (reqwest refuses
/// to send most of these) and reads until the server closes it.
fn raw(server: &Server, request: &[u8]) -> RawResponse {
    let mut stream = TcpStream::connect(server.base.trim_start_matches("http://")).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    // The server may stop reading (and answer) before all of a huge head is sent.
    let _ = stream.write_all(request);
    let mut answer = Vec::new();
    let read = stream.read_to_end(&mut answer);
    assert!(read.is_ok() || !answer.is_empty(), "no answer: {read:?}");
    let text = String::from_utf8(answer).expect("answer is UTF-8");
    let (head, body) = text.split_once("\r\n\r\n").expect("a complete head");
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|line| line.split_once(": "))
        .map(|(name, value)| (name.to_ascii_lowercase(), value.to_owned()))
        .collect();
    RawResponse {
        status,
        headers,
        json: serde_json::from_str(body).unwrap_or_else(|_| panic!("not JSON: {body:?}")),
    }
}

fn get_request(target: &[u8]) -> Vec<u8> {
    [
        b"GET ",
        target,
        b" HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer demo-admin\r\nConnection: close\r\n\r\n",
    ]
    .concat()
}

#[track_caller]
fn assert_json_error(response: &RawResponse, status: u16, detail: &str) {
    assert_eq!(
        (response.status, &response.json),
        (status, &json!({ "detail": detail }))
    );
    let header = |name: &str| response.headers.get(name).map(String::as_str);
    assert_eq!(header("content-type"), Some("application/json"));
    assert_eq!(header("x-content-type-options"), Some("nosniff"));
    assert_eq!(header("cache-control"), Some("no-store"));
}

#[tokio::test]
async fn requests_that_cannot_be_parsed_get_json_errors() {
    let server = Server::demo();
    let raw_ff = raw(&server, &get_request(b"/api/v1/storage/sandboxes?q=\xff"));
    assert_json_error(
        &raw_ff,
        400,
        "Malformed request: the request line or a header is not valid HTTP",
    );

    let too_long = "URI is longer than 16384 bytes";
    let long_q = format!("{LIST}?q={}", "a".repeat(100_000));
    assert_json_error(
        &raw(&server, &get_request(long_q.as_bytes())),
        414,
        too_long,
    );
    let many_parameters = format!("{LIST}?{}", vec!["a=1"; 20_000].join("&"));
    assert_json_error(
        &raw(&server, &get_request(many_parameters.as_bytes())),
        414,
        too_long,
    );
    // Short enough for hyper (under 64 KiB), refused by the server itself.
    let many_short_parameters = format!("{LIST}?{}", vec!["a"; 20_000].join("&"));
    assert_json_error(
        &raw(&server, &get_request(many_short_parameters.as_bytes())),
        414,
        too_long,
    );
    let megabyte = format!("{LIST}?q={}", "a".repeat(1 << 20));
    assert_json_error(
        &raw(&server, &get_request(megabyte.as_bytes())),
        431,
        "Request header fields are too large",
    );

    // After a good answer on the same connection, the bad request's answer is JSON too.
    let both = [
        &b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n"[..],
        &get_request(b"/x?\xff"),
    ]
    .concat();
    let mut stream = TcpStream::connect(server.base.trim_start_matches("http://")).unwrap();
    stream.write_all(&both).unwrap();
    let mut answers = String::new();
    stream.read_to_string(&mut answers).unwrap();
    let (first, second) = answers.split_once(r#"{"status":"ok"}"#).unwrap();
    assert!(first.starts_with("HTTP/1.1 200 OK\r\n"), "{answers}");
    assert!(
        second.starts_with("HTTP/1.1 400 Bad Request\r\n"),
        "{answers}"
    );
    assert!(second.ends_with(
        r#"{"detail":"Malformed request: the request line or a header is not valid HTTP"}"#
    ));

    assert_eq!(
        server.get(ME_PATH, tokens::ADMIN).await.status,
        200,
        "the server serves on"
    );
}

#[tokio::test]
async fn a_query_that_is_not_utf8_is_422_at_its_parameter() {
    let server = Server::demo();
    let not_utf8 = server.get(&format!("{LIST}?q=%FF%FE"), tokens::ADMIN).await;
    assert_eq!(not_utf8.status, 422, "{}", not_utf8.text);
    assert_eq!(
        not_utf8.json["detail"][0],
        json!({
            "loc": ["query", "q"],
            "msg": "Input should be a valid string, unable to parse raw data as a unicode string",
            "type": "string_unicode",
        })
    );
    let bad_name = server
        .get(&format!("{LIST}?%FF=1&owner_id=%C3%28"), tokens::ADMIN)
        .await;
    assert_eq!(bad_name.locs(), ["query.\u{FFFD}", "query.owner_id"]);
    let get = format!("{LIST}/{}?include%5B%5D=%FF", server.e2e(1).await);
    assert_eq!(
        server.get(&get, tokens::ADMIN).await.locs(),
        ["query.include[]"]
    );
    // The token is still checked first.
    let anonymous = server
        .send(server.request(Method::GET, &format!("{LIST}?q=%FF"), None))
        .await;
    assert_eq!(anonymous.status, 401);
    // U+FFFD itself, sent as UTF-8, is text like any other.
    let replacement = server
        .get(&format!("{LIST}?q=%EF%BF%BD"), tokens::ADMIN)
        .await;
    assert_eq!((replacement.status, replacement.json), (200, json!([])));
    let plus = server
        .get(&format!("{LIST}?q=e2e+01&owner_id=cust_e2e"), tokens::ADMIN)
        .await;
    assert_eq!(plus.header("x-total-count"), Some("0"), "+ is a space");
}

#[tokio::test]
async fn names_keys_and_emails_with_unsafe_characters_are_422() {
    let server = Server::demo();
    let unsafe_texts = [
        "nul\u{0}byte",
        "two\nlines",
        "\u{1b}[31mred",
        "txt\u{202E}exe.pdf",
        "\u{2067}isolate",
    ];
    for text in unsafe_texts {
        let create = server
            .post(
                LIST,
                tokens::ADMIN,
                json!({"name": text, "owner_id": text, "metadata": {(text): 1, "ok": text}}),
            )
            .await;
        assert_eq!(create.status, 422, "{text:?}: {}", create.text);
        assert_eq!(
            create.locs(),
            [
                "body.name",
                "body.owner_id",
                &format!("body.metadata.{text}")
            ],
            "{text:?}"
        );
        assert_eq!(
            create.json["detail"][0]["msg"],
            "Remove line breaks, tabs and other control characters, and text-direction overrides"
        );
    }
    let created = server
        .post(
            LIST,
            tokens::ADMIN,
            json!({"name": "checked", "owner_id": "cust_checked"}),
        )
        .await;
    let sandbox = format!("{LIST}/{}", id(&created.json));
    server.wait_for_status(&id(&created.json), "active").await;
    let sources = format!("{sandbox}/sources");
    let source = server
        .post(
            &sources,
            tokens::ADMIN,
            json!({"provider": "slack", "name": "a\u{202D}b"}),
        )
        .await;
    assert_eq!(source.locs(), ["body.name"]);

    let users = format!("{sandbox}/users");
    for email in [
        "<ada@acme.test>",
        "ada@acme.test>",
        "\"ada\"@acme.test",
        "o'hara@acme.test",
        "ada lovelace@acme.test",
        "ada@@acme.test",
        "@acme.test",
        "ada@acme",
        "ada\u{202E}@acme.test",
    ] {
        let add = server
            .post(&users, tokens::ADMIN, json!({"users": [{"email": email}]}))
            .await;
        assert_eq!(
            add.locs(),
            ["body.users.0.email"],
            "{email:?}: {}",
            add.text
        );
    }
    let fine = server
        .post(
            &users,
            tokens::ADMIN,
            json!({"users": [{"email": "ada.l+test@mail.acme-corp.test"}]}),
        )
        .await;
    assert_eq!(fine.status, 200, "{}", fine.text);
}

#[tokio::test]
async fn api_answers_are_not_stored_or_sniffed() {
    let dir = TempDir::new().unwrap();
    let args = [&["--demo", "--allow-origin", "http://localhost:3000"], FAST].concat();
    let server = Server::spawn(&dir.path().join("db"), &args, &[]);
    let preflight = server
        .request(Method::OPTIONS, LIST, None)
        .header("Origin", "http://localhost:3000")
        .header("Access-Control-Request-Method", "GET");
    let answers = [
        server
            .send(server.request(Method::GET, ME_PATH, Some(tokens::ADMIN)))
            .await,
        server
            .send(server.request(Method::GET, LIST, Some(tokens::ADMIN)))
            .await,
        server
            .send(server.request(Method::GET, ME_PATH, None))
            .await,
        server
            .send(server.request(Method::GET, "/api/v1/nope", Some(tokens::ADMIN)))
            .await,
        server
            .send(server.request(Method::GET, HEALTH_PATH, None))
            .await,
        server
            .send(server.request(Method::GET, "/openapi.json", None))
            .await,
        server
            .send(server.request(Method::GET, "/nothing-here", None))
            .await,
        server.send(preflight).await,
    ];
    for answer in answers {
        assert_eq!(
            (
                answer.header("cache-control"),
                answer.header("x-content-type-options")
            ),
            (Some("no-store"), Some("nosniff")),
            "{} {}",
            answer.status,
            answer.text
        );
    }
}

#[tokio::test]
async fn the_console_runs_under_a_strict_policy() {
    let site = TempDir::new().unwrap();
    let bootstrap = "import init from '/app-0123456789abcdef.js';\nawait init();";
    let index = format!(
        "<!doctype html><title>Console</title><script type=module>{bootstrap}</script>\
         <link rel=modulepreload href=/app-0123456789abcdef.js>"
    );
    std::fs::write(site.path().join("index.html"), &index).unwrap();
    std::fs::create_dir(site.path().join("pkg-00112233aabbccdd")).unwrap();
    for file in [
        "app-0123456789abcdef.js",
        "app-0123456789abcdef_bg.wasm",
        "main-fedcba9876543210.css",
        "pkg-00112233aabbccdd/chunk_1.wasm",
        "robots.txt",
    ] {
        std::fs::write(site.path().join(file), "content").unwrap();
    }
    let dir = TempDir::new().unwrap();
    let server = Server::spawn(
        &dir.path().join("db"),
        &[
            "--demo",
            "--static",
            site.path().to_str().unwrap(),
            "--allow-origin",
            "*",
            "--allow-origin",
            "http://localhost:3000",
            "--connect-src",
            "https://api.example.test",
            "--connect-src",
            "http://127.0.0.1:9000/",
        ],
        &[],
    );
    let get = |path: &str| server.send(server.request(Method::GET, path, None));
    let hash = BASE64_STANDARD.encode(Sha256::digest(bootstrap));
    let policy = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-{hash}'; \
         style-src 'self'; img-src 'self' data:; \
         connect-src 'self' http://localhost:3000 https://api.example.test http://127.0.0.1:9000; \
         frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'"
    );
    let pages = [
        "/",
        "/index.html",
        "/sandboxes",
        "/sandboxes/sbx_01/members?tab=x",
        // A client route that merely looks hashed is still the page.
        "/sandboxes/x-0123456789abcdef",
    ];
    let hashed = [
        "/app-0123456789abcdef.js",
        "/app-0123456789abcdef_bg.wasm",
        "/main-fedcba9876543210.css",
        "/pkg-00112233aabbccdd/chunk_1.wasm",
    ];
    for path in pages.into_iter().chain(hashed).chain(["/robots.txt"]) {
        let answer = get(path).await;
        assert_eq!(answer.status, 200, "{path}");
        assert_eq!(
            answer.header("content-security-policy"),
            Some(policy.as_str()),
            "{path}"
        );
        assert_eq!(
            answer.header("x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
        assert_eq!(
            answer.header("referrer-policy"),
            Some("no-referrer"),
            "{path}"
        );
        let cache = if hashed.contains(&path) {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        assert_eq!(answer.header("cache-control"), Some(cache), "{path}");
    }
    assert_eq!(get("/sandboxes").await.text, index);
    for missing in ["/favicon.ico", "/app-ffffffffffffffff.js"] {
        let answer = get(missing).await;
        assert_eq!(
            (answer.status, answer.json.clone()),
            (404, json!({"detail": "Not Found"})),
            "{missing}"
        );
        assert_eq!(
            answer.header("cache-control"),
            Some("no-store"),
            "{missing}"
        );
    }
}
