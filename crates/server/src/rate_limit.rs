//! `--rate-limit N`: at most N `/api/` requests per second per caller, in
//! fixed one-second windows. A caller is its bearer token (kept as its
//! SHA-256, never in clear) or, without a token, its IP address.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use sandbox_api::ErrorBody;

use crate::extract::bearer;
use crate::ids::sha256_hex;
use crate::listener::ClientAddr;

const WINDOW: Duration = Duration::from_secs(1);

/// Windows older than this are dropped when the map is pruned.
const PRUNE_AFTER: Duration = Duration::from_secs(10);

/// Shared fixed-window counters.
#[derive(Clone)]
pub struct RateLimiter {
    per_second: u32,
    inner: Arc<Mutex<Inner>>,
}

struct Inner {
    /// Caller key → (start of its current window, requests in it).
    windows: HashMap<String, (Instant, u32)>,
    last_prune: Instant,
}

impl RateLimiter {
    pub fn new(per_second: u32) -> Self {
        RateLimiter {
            per_second,
            inner: Arc::new(Mutex::new(Inner {
                windows: HashMap::new(),
                last_prune: Instant::now(),
            })),
        }
    }

    /// Counts one request of `key` at `now`; `Err(wait)` if it is over the
    /// limit, with how long until its window ends.
    pub fn check(&self, key: &str, now: Instant) -> Result<(), Duration> {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if now.duration_since(inner.last_prune) >= PRUNE_AFTER {
            inner
                .windows
                .retain(|_, (start, _)| now.duration_since(*start) < PRUNE_AFTER);
            inner.last_prune = now;
        }
        let entry = inner.windows.entry(key.to_owned()).or_insert((now, 0));
        if now.duration_since(entry.0) >= WINDOW {
            *entry = (now, 0);
        }
        if entry.1 >= self.per_second {
            return Err(WINDOW.saturating_sub(now.duration_since(entry.0)));
        }
        entry.1 += 1;
        Ok(())
    }

    /// How many callers are tracked (for tests).
    pub fn tracked(&self) -> usize {
        self.inner
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .windows
            .len()
    }

    fn too_many(&self, wait: Duration) -> Response {
        // Whole seconds, rounded up, at least 1.
        let seconds = wait.as_millis().div_ceil(1000).max(1);
        (
            StatusCode::TOO_MANY_REQUESTS,
            [(
                header::RETRY_AFTER,
                HeaderValue::from_str(&seconds.to_string()).expect("digits"),
            )],
            Json(ErrorBody {
                detail: format!(
                    "Rate limit exceeded: {} requests per second",
                    self.per_second
                ),
            }),
        )
            .into_response()
    }
}

/// Runs before any handler (and before the token is looked up).
pub async fn middleware(
    State(limiter): State<RateLimiter>,
    request: Request,
    next: Next,
) -> Response {
    let key = match bearer(request.headers()) {
        Some(token) => format!("token:{}", sha256_hex(token.as_bytes())),
        None => match request.extensions().get::<ConnectInfo<ClientAddr>>() {
            Some(ConnectInfo(ClientAddr(addr))) => format!("ip:{}", addr.ip()),
            None => "ip:unknown".to_owned(),
        },
    };
    match limiter.check(&key, Instant::now()) {
        Ok(()) => next.run(request).await,
        Err(wait) => limiter.too_many(wait),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_window_per_key() {
        let limiter = RateLimiter::new(2);
        let t0 = Instant::now();
        assert!(limiter.check("a", t0).is_ok());
        assert!(limiter.check("a", t0).is_ok());
        let wait = limiter
            .check("a", t0 + Duration::from_millis(300))
            .unwrap_err();
        assert_eq!(wait, Duration::from_millis(700));
        assert!(
            limiter.check("b", t0).is_ok(),
            "other keys are not affected"
        );
        assert!(limiter.check("a", t0 + WINDOW).is_ok(), "a new window");
    }

    #[test]
    fn old_entries_are_pruned() {
        let limiter = RateLimiter::new(1);
        let t0 = Instant::now();
        limiter.check("a", t0).unwrap();
        limiter.check("b", t0).unwrap();
        assert_eq!(limiter.tracked(), 2);
        limiter.check("c", t0 + PRUNE_AFTER).unwrap();
        assert_eq!(limiter.tracked(), 1);
    }
}
