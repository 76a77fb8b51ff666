//! A timestamp shown relative ("5 minutes ago") with the exact time on hover.

use leptos::prelude::*;

use crate::format::{exact_at, now_ms, parse_time, relative_to};

/// `<time>` with the relative time as text and the exact local time as its
/// title; `None` shows `never`. Plain values: where the time changes, the
/// caller renders it again (`move || view! { <Time …/> }`).
#[component]
pub fn Time(value: Option<String>, #[prop(optional, into)] never: Option<String>) -> impl IntoView {
    match value {
        Some(at) => {
            // Parsed once for both texts; a value that is not a time is shown as it is.
            let (title, text) = match parse_time(&at) {
                Some(ms) => (exact_at(ms), relative_to(ms, now_ms())),
                None => (at.clone(), at.clone()),
            };
            view! {
                <time datetime=at title=title>
                    {text}
                </time>
            }
            .into_any()
        }
        None => view! { <span class="muted">{never.unwrap_or_else(|| "never".to_owned())}</span> }
            .into_any(),
    }
}
