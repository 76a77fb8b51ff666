//! A timestamp shown relative ("5 minutes ago") with the exact time on hover.

use leptos::prelude::*;

use crate::format::{exact_time, now_ms, relative_time};

/// `<time>` with the relative time as text and the exact local time as its
/// title; `None` shows `never`. Plain values: where the time changes, the
/// caller renders it again (`move || view! { <Time …/> }`).
#[component]
pub fn Time(value: Option<String>, #[prop(optional, into)] never: Option<String>) -> impl IntoView {
    match value {
        Some(at) => view! { <time datetime=at.clone() title=exact_time(&at)>{relative_time(&at, now_ms())}</time> }.into_any(),
        None => view! { <span class="muted">{never.unwrap_or_else(|| "never".to_owned())}</span> }.into_any(),
    }
}
