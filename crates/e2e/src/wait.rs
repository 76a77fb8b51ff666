//! Waiting for conditions no single element states.

use std::future::Future;
use std::time::{Duration, Instant};

use crate::{POLL, WAIT};

/// Polls `check` every 100 ms until it gives `Some`, for up to 10 s, then
/// fails the test naming `what`: for conditions no single element states,
/// such as a URL, a set of rows or a count through the API.
pub async fn eventually<T, F, Fut>(what: &str, check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    eventually_within(WAIT, what, check).await
}

/// [`eventually`] with another patience than 10 s, e.g. for state
/// transitions that take several server steps.
pub async fn eventually_within<T, F, Fut>(patience: Duration, what: &str, check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    poll(patience, check)
        .await
        .unwrap_or_else(|| panic!("waited {patience:?} for {what}, in vain"))
}

/// Calls `check` every 100 ms until it gives `Some`, for up to `patience`;
/// `None` if it never did.
pub(crate) async fn poll<T, F, Fut>(patience: Duration, mut check: F) -> Option<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = Instant::now() + patience;
    loop {
        if let Some(value) = check().await {
            return Some(value);
        }
        if Instant::now() >= deadline {
            return None;
        }
        tokio::time::sleep(POLL).await;
    }
}
