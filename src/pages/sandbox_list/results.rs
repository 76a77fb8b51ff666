//! What the list says below its table once an answer is in: the pager, why
//! the list is empty, or the error.

use leptos::prelude::*;

use super::state::ListState;
use crate::api::sandboxes::SandboxPage;
use crate::api::ApiError;
use crate::components::{EmptyState, ErrorPanel, Pager};

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
                Err(error) => view! { <ErrorPanel error on_retry=retry/> }.into_any(),
                Ok(found) if found.items.is_empty() => {
                    let past_the_end = found.total > 0;
                    let message = if past_the_end {
                        format!("Page {} is past the end of this list.", state.page)
                    } else {
                        state.empty_message()
                    };
                    view! {
                        <EmptyState message>
                            {past_the_end.then(|| view! {
                                <a class="button" href=page_href.run(1)>"Go to the first page"</a>
                            })}
                            {(!past_the_end && state.has_filters()).then(|| view! {
                                <button type="button" class="button" data-testid="clear-filters"
                                    on:click=move |_| clear_filters.run(())>"Clear filters"</button>
                            })}
                        </EmptyState>
                    }
                    .into_any()
                }
                Ok(found) => view! {
                    <Pager page=state.page page_size=u64::from(state.query.limit) total=found.total href=page_href/>
                }
                .into_any(),
            }
        })
    }
}
