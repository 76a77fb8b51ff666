//! The whole HTTP surface, assembled in one place.

use std::time::Duration;

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderName, HeaderValue, Method};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::config::Config;
use crate::error::ApiError;
use crate::extract::MAX_BODY_BYTES;
use crate::request_id;
use crate::routes;
use crate::state::AppState;

/// Longest request target (path and query) served, 414 beyond: what the
/// longest list URL needs (three 255-character filters of 4-byte
/// characters, percent-encoded) with room to spare. hyper itself refuses
/// more than 64 KiB (`listener.rs` answers that in JSON too).
pub const MAX_URI_BYTES: usize = 16 * 1024;
/// `X-Content-Type-Options` of every answer: no content sniffing.
pub const NOSNIFF: &str = "nosniff";
/// `Cache-Control` of every answer but the console's files: API answers are
/// per caller and may hold secrets, so no cache keeps them.
pub const NO_STORE: &str = "no-store";

/// Response headers a browser client may read across origins.
const EXPOSED_HEADERS: [&str; 5] = [
    "x-total-count",
    "link",
    "idempotent-replayed",
    "retry-after",
    "x-request-id",
];

/// Builds the router: the API under `/api/`, health, OpenAPI and webhooks,
/// and (with `--static`) the console for every other path.
pub fn router(state: AppState, config: &Config) -> Router {
    let mut api = routes::api()
        .fallback(|| async { ApiError::NoRoute })
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES));
    if config.latency_ms > 0 || config.fail_rate > 0.0 {
        let chaos = Chaos {
            latency: Duration::from_millis(config.latency_ms),
            fail_rate: config.fail_rate,
        };
        api = api.layer(middleware::from_fn_with_state(chaos, chaos_middleware));
    }
    if config.rate_limit > 0 {
        // Outermost: a limited request costs no latency, token lookup or handler.
        let limiter = crate::rate_limit::RateLimiter::new(config.rate_limit);
        api = api.layer(middleware::from_fn_with_state(
            limiter,
            crate::rate_limit::middleware,
        ));
    }

    let mut app = Router::new()
        .nest("/api", api)
        .route(
            sandbox_api::HEALTH_PATH,
            get(|| async { Json(serde_json::json!({"status": "ok"})) }),
        )
        .route(
            "/openapi.json",
            get(|| async { Json(crate::openapi::document()) }),
        )
        .route("/hooks/{data_source_id}", post(routes::sources::webhook))
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed });
    app = match &config.static_dir {
        Some(dir) => app.fallback_service(crate::console::service(dir, &config.connect_origins())),
        None => app.fallback(|| async { ApiError::NoRoute }),
    };

    let mut app = app
        .with_state(state)
        .layer(middleware::from_fn(limit_uri))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_id::span)
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        // Skips responses that are already compressed (precompressed files).
        .layer(CompressionLayer::new());
    if !config.allow_origins.is_empty() {
        app = app.layer(cors(&config.allow_origins));
    }
    // Around CORS, so preflights carry them too; the console sets its own
    // Cache-Control, everything else is never stored.
    app = app
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static(NO_STORE),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static(NOSNIFF),
        ));
    // Outermost, so every answer (preflights, 404s, injected failures) has
    // an id and the trace span inside can name it.
    app.layer(middleware::from_fn(request_id::middleware))
}

/// 414 for a request target over [`MAX_URI_BYTES`], before any handler
/// decodes it (hyper answers those over 64 KiB by itself); 404 for a path
/// with a NUL in it.
async fn limit_uri(request: Request, next: Next) -> Response {
    let length = request
        .uri()
        .path_and_query()
        .map_or(0, |target| target.as_str().len());
    if length > MAX_URI_BYTES {
        return ApiError::UriTooLong(MAX_URI_BYTES).into_response();
    }
    // No id or name holds a NUL (PostgreSQL's text cannot): a path with
    // one names nothing, on either engine, and never reaches the store.
    if request.uri().path().to_ascii_lowercase().contains("%00") {
        return ApiError::NoRoute.into_response();
    }
    next.run(request).await
}

fn cors(origins: &[String]) -> CorsLayer {
    let allow_origin = if origins.iter().any(|origin| origin == "*") {
        AllowOrigin::any()
    } else {
        AllowOrigin::list(
            origins
                .iter()
                .filter_map(|origin| HeaderValue::from_str(origin.trim_end_matches('/')).ok()),
        )
    };
    CorsLayer::new()
        .allow_origin(allow_origin)
        .allow_methods([Method::GET, Method::POST, Method::DELETE, Method::OPTIONS])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            HeaderName::from_static("idempotency-key"),
            request_id::HEADER,
        ])
        .expose_headers(EXPOSED_HEADERS.map(HeaderName::from_static))
        .max_age(Duration::from_secs(600))
}

/// `--latency-ms` and `--fail-rate`.
#[derive(Clone, Copy)]
struct Chaos {
    latency: Duration,
    fail_rate: f64,
}

/// Runs before any handler, so an injected failure has changed nothing.
async fn chaos_middleware(State(chaos): State<Chaos>, request: Request, next: Next) -> Response {
    if !chaos.latency.is_zero() {
        tokio::time::sleep(chaos.latency).await;
    }
    if chaos.fail_rate > 0.0 && crate::ids::random_share() < chaos.fail_rate {
        return ApiError::InjectedFailure.into_response();
    }
    next.run(request).await
}
