//! The list and expiry (v1.1): whether the server sends it at all (which
//! offers the quick filter), and asking again when a row's expiry comes,
//! so a sandbox the server deletes on time leaves the list on its own.

use std::time::Duration;

use leptos::prelude::*;
use sandbox_api::{parse_timestamp_ms, Sandbox};

use crate::api::sandboxes::SandboxPage;
use crate::api::ApiError;
use crate::components::expiry::now_ms;

/// How far ahead the list watches for an expiry; a later one is looked at
/// on a later load.
const WATCH_AHEAD: Duration = Duration::from_secs(10 * 60);
/// The shortest wait before asking again: the server deletes an expired
/// sandbox within a minute, so asking more often only costs requests.
const SHORTEST_WAIT: Duration = Duration::from_secs(5);
/// A row still there this long after its expiry is not going away soon
/// (the server keeps it): no more asking for it.
const GIVE_UP_AFTER: Duration = Duration::from_secs(5 * 60);

/// When to ask again for `rows` at `now_ms`: just after the soonest expiry
/// of an unprotected row within the next ten minutes (or soon, if it is
/// past and the server has not deleted it yet); `None` when none is due.
pub fn next_expiry_check(rows: &[Sandbox], now_ms: i64) -> Option<Duration> {
    let give_up = now_ms - GIVE_UP_AFTER.as_millis() as i64;
    let soonest = rows
        .iter()
        .filter(|sandbox| !sandbox.is_protected())
        .filter_map(|sandbox| parse_timestamp_ms(sandbox.expires_at.as_ref()?.as_deref()?))
        .filter(|&at| at > give_up)
        .min()?;
    let wait = Duration::from_millis((soonest - now_ms).max(0) as u64) + SHORTEST_WAIT;
    (wait <= WATCH_AHEAD).then_some(wait)
}

/// Follows the list's answers: loads `page` again when a row's expiry is
/// due, and says whether any answer carried expiry (stays true once seen).
pub(super) fn follow_expiry(page: LocalResource<Result<SandboxPage, ApiError>>) -> Signal<bool> {
    let seen = RwSignal::new(false);
    let timer = StoredValue::new_local(None::<TimeoutHandle>);
    let cancel = move || {
        if let Some(handle) = timer.try_update_value(Option::take).flatten() {
            handle.clear();
        }
    };
    on_cleanup(cancel);
    Effect::new(move |_| {
        let due = page.with(|page| match page {
            Some(Ok(found)) => {
                if found.items.iter().any(|s| s.expires_at.is_some()) {
                    seen.set(true);
                }
                next_expiry_check(&found.items, now_ms())
            }
            _ => None,
        });
        cancel();
        if let Some(wait) = due {
            timer.set_value(set_timeout_with_handle(move || page.refetch(), wait).ok());
        }
    });
    seen.into()
}
