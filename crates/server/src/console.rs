//! The built console (`--static DIR`): its files, `index.html` for every
//! client-side route, and the headers that let a browser run it safely.

use std::path::Path;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use base64::prelude::{Engine, BASE64_STANDARD};
use sha2::{Digest, Sha256};
use tower::{service_fn, ServiceExt};
use tower_http::services::{ServeDir, ServeFile};

use crate::error::ApiError;

/// Hashed file and directory names change with their content, so what they
/// name never changes.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// `index.html` names the current hashed files: always revalidated.
const REVALIDATE: &str = "no-cache";

/// The console in `dir`; its scripts may connect to the page's own origin
/// and to `connect_origins` (the API bases a user may configure).
pub fn service(dir: &Path, connect_origins: &[String]) -> Router {
    let index_path = dir.join("index.html");
    let index_html = std::fs::read_to_string(&index_path).unwrap_or_else(|error| {
        tracing::warn!(path = %index_path.display(), %error, "no index.html to serve");
        String::new()
    });
    let policy = content_security_policy(&inline_script_hashes(&index_html), connect_origins);
    let index = ServeFile::new(index_path)
        .precompressed_br()
        .precompressed_gzip();
    let client_routes = service_fn(move |request: Request| {
        let index = index.clone();
        async move {
            if names_a_file(request.uri().path()) {
                // A missing asset (or /favicon.ico) gets a 404, not a page that
                // the browser would fail to run as a script or an image.
                return Ok(ApiError::NoRoute.into_response());
            }
            index.oneshot(request).await.map(|page| {
                // Whatever the path looks like, the page itself may change.
                let mut page = page.into_response();
                let revalidate = HeaderValue::from_static(REVALIDATE);
                page.headers_mut().insert(header::CACHE_CONTROL, revalidate);
                page
            })
        }
    });
    let files = ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(client_routes);
    let policy = HeaderValue::from_str(&policy).expect("origins are checked by config::origin");
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn_with_state(policy, headers))
}

/// The page's policy: its own scripts, styles and images; WebAssembly;
/// Trunk's inline bootstrap by hash (no `'unsafe-inline'`); fetches to its
/// origin and the configured API bases; no framing, plugins or `<base>`.
fn content_security_policy(script_hashes: &[String], connect_origins: &[String]) -> String {
    let scripts: String = script_hashes
        .iter()
        .map(|hash| format!(" {hash}"))
        .collect();
    let connect: String = connect_origins
        .iter()
        .map(|origin| format!(" {origin}"))
        .collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{scripts}; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'{connect}; frame-ancestors 'none'; \
         base-uri 'none'; form-action 'self'; object-src 'none'"
    )
}

/// `'sha256-…'` of each inline `<script>` in the page (Trunk emits its
/// module bootstrap inline), hashed the way browsers do: the text between
/// the tags, line breaks normalised to `\n`.
fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        rest = &rest[start + "<script".len()..];
        let (Some(tag_end), Some(script_end)) = (rest.find('>'), rest.find("</script")) else {
            break;
        };
        let attributes = &rest[..tag_end];
        let script = &rest[(tag_end + 1).min(script_end)..script_end];
        rest = &rest[script_end..];
        if !attributes.contains("src=") {
            let digest = Sha256::digest(script.replace("\r\n", "\n").replace('\r', "\n"));
            hashes.push(format!("'sha256-{}'", BASE64_STANDARD.encode(digest)));
        }
    }
    hashes
}

/// The policy and referrer rule on every answer; a year of caching for the
/// hashed files, revalidation for the rest (the client routes' page says
/// so itself).
async fn headers(State(policy): State<HeaderValue>, request: Request, next: Next) -> Response {
    let cache = if is_hashed_asset(request.uri().path()) {
        IMMUTABLE
    } else {
        REVALIDATE
    };
    let mut response = next.run(request).await;
    let served = response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    if served && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    }
    response
}

/// A file under a content-hashed name: Trunk's `name-<16 hex digits>.ext`
/// (and `name-<hash>_bg.wasm`), or anything in a directory
/// `name-<16 hex digits>` (the split build's `/pkg-<hash>/…`).
fn is_hashed_asset(path: &str) -> bool {
    path.split('/').any(|segment| {
        let Some((_, tail)) = segment.rsplit_once('-') else {
            return false;
        };
        let tail = tail.as_bytes();
        tail.len() >= 16
            && tail[..16].iter().all(u8::is_ascii_hexdigit)
            && matches!(tail.get(16), None | Some(b'.' | b'_'))
    })
}

/// A path whose last segment has an extension; client-side routes have none.
fn names_a_file(path: &str) -> bool {
    path.rsplit('/')
        .next()
        .is_some_and(|segment| segment.contains('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_inline_scripts_only() {
        let html = "<script type=module>import init from '/a.js';\r\nawait init();</script>\
                    <script src=/b.js></script><script>x</script>";
        let hashes = inline_script_hashes(html);
        let expected =
            |text: &str| format!("'sha256-{}'", BASE64_STANDARD.encode(Sha256::digest(text)));
        assert_eq!(
            hashes,
            [
                expected("import init from '/a.js';\nawait init();"),
                expected("x")
            ]
        );
        assert!(inline_script_hashes("<p>no scripts</p>").is_empty());
    }

    #[test]
    fn policy_lists_hashes_and_origins() {
        let policy = content_security_policy(
            &["'sha256-abc'".into()],
            &["https://api.example.test".into()],
        );
        assert!(policy.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-abc';"));
        assert!(policy.contains("connect-src 'self' https://api.example.test;"));
        assert!(!policy.contains("unsafe-inline"));
    }

    #[test]
    fn recognises_hashed_names() {
        for hashed in [
            "/main-ddc16d84235c558b.css",
            "/sandbox-console-e7efa8f60d5e9894.js",
            "/sandbox-console-e7efa8f60d5e9894_bg.wasm",
            "/pkg-f7218456b329ecd4/console.js",
            "/pkg-f7218456b329ecd4/chunk_10.wasm",
        ] {
            assert!(is_hashed_asset(hashed), "{hashed}");
        }
        for plain in [
            "/",
            "/index.html",
            "/sandboxes/sbx_123",
            "/style.css",
            "/a-b.js",
            "/pkg-f7218456b329ecd/console.js",
        ] {
            assert!(!is_hashed_asset(plain), "{plain}");
        }
        assert!(names_a_file("/favicon.ico"));
        assert!(!names_a_file("/sandboxes/sbx_01JD/members"));
    }
}
