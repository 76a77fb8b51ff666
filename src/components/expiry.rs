//! When a sandbox expires, in words and in a style that grows more urgent
//! as the time comes (never by colour alone: a word and an icon go with
//! it), and the lock mark of a protected sandbox (contract v1.1).

use leptos::prelude::*;
use sandbox_api::{parse_timestamp_ms, Sandbox};

use crate::format::{exact_at, relative_to};

/// Under this many hours left, an expiry is "soon" (the list's quick filter too).
pub const EXPIRING_SOON_HOURS: i64 = 72;
/// Under this many hours left, an expiry is urgent.
pub const EXPIRING_URGENT_HOURS: i64 = 24;
const HOUR_MS: i64 = 60 * 60 * 1000;

/// How urgent an expiry is at some moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExpiryLevel {
    /// `expires_at: null`.
    Never,
    /// 72 hours or more left.
    Later,
    /// Under 72 hours left.
    Soon,
    /// Under 24 hours left, or past (the server deletes it within a minute,
    /// unless it is protected).
    Urgent,
}

impl ExpiryLevel {
    /// The level of an expiry at `expires_ms` (`None` = never) at `now_ms`.
    pub fn at(expires_ms: Option<i64>, now_ms: i64) -> Self {
        match expires_ms.map(|at| at - now_ms) {
            None => ExpiryLevel::Never,
            Some(left) if left < EXPIRING_URGENT_HOURS * HOUR_MS => ExpiryLevel::Urgent,
            Some(left) if left < EXPIRING_SOON_HOURS * HOUR_MS => ExpiryLevel::Soon,
            Some(_) => ExpiryLevel::Later,
        }
    }

    /// Its name in classes and test ids: `never`, `later`, `soon`, `urgent`.
    pub fn name(self) -> &'static str {
        match self {
            ExpiryLevel::Never => "never",
            ExpiryLevel::Later => "later",
            ExpiryLevel::Soon => "soon",
            ExpiryLevel::Urgent => "urgent",
        }
    }

    /// What a screen reader hears before the time, besides the icon's look.
    fn spoken_prefix(self) -> Option<&'static str> {
        match self {
            ExpiryLevel::Soon => Some("Expires soon: "),
            ExpiryLevel::Urgent => Some("Expires within a day: "),
            ExpiryLevel::Never | ExpiryLevel::Later => None,
        }
    }
}

/// What an expiry looks like at one moment: plain values, computed when a
/// view is rendered (a row, the detail page), never from a ticking clock.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpiryShown {
    pub level: ExpiryLevel,
    /// "in 3 days", "in 5 hours", "2 minutes ago", or "never".
    pub relative: String,
    /// The exact local time; `None` for never.
    pub exact: Option<String>,
    /// The timestamp as the API sent it, for `<time datetime>`.
    pub datetime: Option<String>,
}

impl ExpiryShown {
    /// `expires_at` as the Sandbox carries it (`None` = never) at `now_ms`.
    pub fn new(expires_at: Option<&str>, now_ms: i64) -> Self {
        let parsed = expires_at.and_then(parse_timestamp_ms);
        match (expires_at, parsed) {
            (Some(text), Some(at)) => ExpiryShown {
                level: ExpiryLevel::at(Some(at), now_ms),
                relative: relative_to(at as f64, now_ms as f64),
                exact: Some(exact_at(at as f64)),
                datetime: Some(text.to_owned()),
            },
            // Not a time: shown as it came, without a style that claims to know.
            (Some(text), None) => ExpiryShown {
                level: ExpiryLevel::Later,
                relative: text.to_owned(),
                exact: None,
                datetime: None,
            },
            (None, _) => ExpiryShown {
                level: ExpiryLevel::Never,
                relative: "never".to_owned(),
                exact: None,
                datetime: None,
            },
        }
    }

    /// A v1.1 sandbox's expiry at `now_ms`; `None` from a v1.0 server.
    pub fn of(sandbox: &Sandbox, now_ms: i64) -> Option<Self> {
        sandbox
            .expires_at
            .as_ref()
            .map(|expires_at| ExpiryShown::new(expires_at.as_deref(), now_ms))
    }
}

/// Now by the browser's clock, in whole milliseconds.
pub fn now_ms() -> i64 {
    crate::format::now_ms() as i64
}

/// The expiry as text in its level's style: a clock icon when soon, a
/// warning sign when urgent, each with words for screen readers.
#[component]
pub fn ExpiryText(shown: ExpiryShown) -> impl IntoView {
    let ExpiryShown {
        level,
        relative,
        exact,
        datetime,
    } = shown;
    let icon = match level {
        ExpiryLevel::Soon => Some(CLOCK_PATH),
        ExpiryLevel::Urgent => Some(WARNING_PATH),
        ExpiryLevel::Never | ExpiryLevel::Later => None,
    };
    view! {
        <span
            class=format!("expiry expiry-{}", level.name())
            data-testid="expiry"
            data-level=level.name()
        >
            {icon.map(|path| view! { <Icon path /> })}
            {level
                .spoken_prefix()
                .map(|words| view! { <span class="visually-hidden">{words}</span> })}
            <time datetime=datetime title=exact>
                {relative}
            </time>
        </span>
    }
}

/// A clock (24×24 view box).
const CLOCK_PATH: &str = "M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm0 2a8 8 0 1 1 0 16 8 8 0 0 1 0-16zm-1 3v6l5 3 1-1.7-4-2.3V7z";
/// A warning triangle with an exclamation mark.
const WARNING_PATH: &str =
    "M12 2 1 21h22L12 2zm0 4.5 7.5 13h-15L12 6.5zM11 10v5h2v-5h-2zm0 6v2h2v-2h-2z";
/// A padlock.
const LOCK_PATH: &str = "M12 2a5 5 0 0 0-5 5v3H5v12h14V10h-2V7a5 5 0 0 0-5-5zm0 2a3 3 0 0 1 3 3v3H9V7a3 3 0 0 1 3-3zm0 9a2 2 0 0 1 1 3.7V19h-2v-2.3A2 2 0 0 1 12 13z";

/// A small decorative icon in the text's colour (its meaning is in words beside it).
#[component]
fn Icon(path: &'static str) -> impl IntoView {
    view! {
        <svg
            class="icon"
            viewBox="0 0 24 24"
            width="14"
            height="14"
            aria-hidden="true"
            focusable="false"
        >
            <path d=path fill="currentColor" />
        </svg>
    }
}

/// The lock of a protected sandbox: an image named "Protected", whose
/// title says what protection blocks.
#[component]
pub fn LockMark() -> impl IntoView {
    view! {
        <span
            class="lock-mark"
            role="img"
            aria-label="Protected"
            title="Protected: refresh, delete and expiry are refused"
            data-testid="lock-mark"
        >
            <Icon path=LOCK_PATH />
        </span>
    }
}
