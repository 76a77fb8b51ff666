//! What the list says about its answer: above the table, which rows are
//! shown (a heading), whether the next answer is loading, and a pager;
//! below it, the pager again, why the list is empty, or the error.

use leptos::prelude::*;

use super::state::ListState;
use crate::api::sandboxes::SandboxPage;
use crate::api::ApiError;
use crate::components::pager::{page_count, position_text};
use crate::components::{EmptyState, ErrorPanel, Pager};

/// The heading above the table, which the focus goes to after paging.
pub(super) const RESULTS_HEADING_ID: &str = "results-heading";

/// What the last answer shows: its page, page size and total, and the
/// view's URL, which the pager's links are made from.
#[derive(Clone, PartialEq)]
struct Shown {
    page: u64,
    page_size: u64,
    total: u64,
    url: String,
}

/// Above the table: the heading that says which rows are shown, "Loading
/// sandboxes…" while the next answer is on its way (in words, for screen
/// readers too, not only the dimmed rows), and the pager when there is
/// more than one page. A poll's answer with the same range renders nothing again.
#[component]
pub(super) fn ResultsTop(
    page: LocalResource<Result<SandboxPage, ApiError>>,
    state: Memo<ListState>,
    page_href: Callback<u64, String>,
    loading: Signal<bool>,
) -> impl IntoView {
    let shown = Memo::new(move |_| {
        page.with(|answer| match answer {
            Some(Ok(found)) => state.with_untracked(|state| {
                Some(Shown {
                    page: state.page,
                    page_size: u64::from(state.query.limit),
                    total: found.total,
                    url: state.to_url(),
                })
            }),
            _ => None,
        })
    });
    let heading = move || {
        shown.get().map_or_else(
            || "Sandboxes".to_owned(),
            |shown| position_text(shown.page, shown.page_size, shown.total),
        )
    };
    view! {
        <div class="results-top">
            <h2
                id=RESULTS_HEADING_ID
                class="results-heading"
                tabindex="-1"
                data-testid="results-heading"
            >
                {heading}
            </h2>
            <p class="results-status" role="status" data-testid="results-status">
                {move || loading.get().then_some("Loading sandboxes\u{2026}")}
            </p>
            {move || {
                shown
                    .get()
                    .filter(|shown| page_count(shown.total, shown.page_size) > 1)
                    .map(|shown| {
                        view! {
                            <Pager
                                page=shown.page
                                page_size=shown.page_size
                                total=shown.total
                                href=page_href
                                top=true
                            />
                        }
                    })
            }}
        </div>
    }
}

/// The list page's answer, rendered inside the page's `Transition` (which
/// keeps the last one shown while the next loads).
#[component]
pub(super) fn ListResults(
    page: LocalResource<Result<SandboxPage, ApiError>>,
    state: Memo<ListState>,
    /// The list's URL at another page.
    page_href: Callback<u64, String>,
    clear_filters: Callback<()>,
    retry: Callback<()>,
) -> impl IntoView {
    move || {
        Suspend::new(async move {
            let result = page.await;
            let state = state.get_untracked();
            match result {
                Err(error) => view! { <ErrorPanel error on_retry=retry /> }.into_any(),
                Ok(found) if found.items.is_empty() => {
                    let past_the_end = found.total > 0;
                    let message = if past_the_end {
                        format!("Page {} is past the end of this list.", state.page)
                    } else {
                        state.empty_message()
                    };
                    view! {
                        <EmptyState message>
                            {past_the_end
                                .then(|| {
                                    view! {
                                        <a class="button" href=page_href.run(1)>
                                            "Go to the first page"
                                        </a>
                                    }
                                })}
                            {(!past_the_end && state.has_filters())
                                .then(|| {
                                    view! {
                                        <button
                                            type="button"
                                            class="button"
                                            data-testid="clear-filters"
                                            on:click=move |_| clear_filters.run(())
                                        >
                                            "Clear filters"
                                        </button>
                                    }
                                })}
                        </EmptyState>
                    }
                    .into_any()
                }
                Ok(found) => view! {
                    <Pager
                        page=state.page
                        page_size=u64::from(state.query.limit)
                        total=found.total
                        href=page_href
                    />
                }
                .into_any(),
            }
        })
    }
}
