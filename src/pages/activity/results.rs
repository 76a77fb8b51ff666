//! A page of events where it is shown: loading, the v1.0 fallback, an
//! error, nothing, or the table with its pager.

use leptos::prelude::*;
use sandbox_api::DEFAULT_LIMIT;

use super::entry::{EventColumns, EventRow};
use crate::api::events::{is_not_recorded, EventPage};
use crate::api::ApiError;
use crate::components::{EmptyState, ErrorPanel, Pager};

/// Events per page in the tab and on the page.
pub const PAGE_SIZE: u64 = DEFAULT_LIMIT as u64;

/// The offset of 1-based `page`.
pub fn offset_of(page: u64) -> u64 {
    page.saturating_sub(1) * PAGE_SIZE
}

/// The 1-based `page` of a URL's query pairs; 1 when absent or not a number.
pub fn page_param(pairs: &[(String, String)]) -> u64 {
    pairs
        .iter()
        .find(|(name, _)| name == "page")
        .and_then(|(_, page)| page.parse::<u64>().ok())
        .unwrap_or(1)
        .max(1)
}

/// Said where a server has no Activity endpoints (v1.0).
pub const NOT_RECORDED: &str = "This API does not record activity.";

#[component]
pub fn EventResults(
    events: LocalResource<Result<EventPage, ApiError>>,
    columns: EventColumns,
    #[prop(into)] page: Signal<u64>,
    page_href: Callback<u64, String>,
    /// What an empty result says.
    empty: &'static str,
    caption: &'static str,
) -> impl IntoView {
    let retry = Callback::new(move |()| events.refetch());
    move || match events.get() {
        None => view! {
            <p class="muted" role="status">
                "Loading activity…"
            </p>
        }
        .into_any(),
        Some(Err(error)) if is_not_recorded(&error) => view! {
            <div data-testid="activity-not-recorded">
                <EmptyState message=NOT_RECORDED />
            </div>
        }
        .into_any(),
        Some(Err(error)) => view! { <ErrorPanel error on_retry=retry /> }.into_any(),
        Some(Ok(events)) if events.items.is_empty() => {
            view! { <EmptyState message=empty /> }.into_any()
        }
        Some(Ok(events)) => {
            let page = page.get();
            view! {
                <div class="table-scroll">
                    <table class="table stack-table event-table" data-testid="event-table">
                        <caption class="visually-hidden">{caption}</caption>
                        <thead>
                            <tr>
                                {columns
                                    .headers()
                                    .into_iter()
                                    .map(|header| view! { <th scope="col">{header}</th> })
                                    .collect_view()}
                            </tr>
                        </thead>
                        <tbody>
                            {events
                                .items
                                .iter()
                                .map(|event| view! { <EventRow event=event.clone() columns /> })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
                <Pager page page_size=PAGE_SIZE total=events.total href=page_href />
            }
            .into_any()
        }
    }
}
