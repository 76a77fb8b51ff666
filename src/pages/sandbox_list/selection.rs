//! The selection bar above the table: how many sandboxes are selected
//! (on every page, always in view), "Select all N matching" with its
//! progress and Cancel, or why that is not offered, and the bulk actions.
//! A filter change clears the selection and says so.

use std::sync::Arc;

use leptos::prelude::*;
use sandbox_api::{Sandbox, SandboxListQuery};

use super::bulk::{BulkActions, LazyRunPanel};
use super::state::ListState;
use crate::api::sandboxes::SandboxPage;
use crate::api::ApiError;
use crate::bulk::matching::{self, Matching, StopFlag};
use crate::bulk::plan::sandboxes;
use crate::bulk::selection::{PageState, Selection, MAX_SELECTION};
use crate::components::notices::use_notices;
use crate::session::use_client;

/// Where "Select all matching" is.
#[derive(Clone, Debug, PartialEq)]
enum Fetching {
    Idle,
    /// Fetched so far, of total.
    Running(usize, u64),
    Failed(String),
}

/// The view without its page, sort and page size: what decides which
/// sandboxes match.
fn filters_of(state: &ListState) -> ListState {
    ListState {
        query: SandboxListQuery {
            sort: Default::default(),
            limit: Default::default(),
            offset: 0,
            ..state.query.clone()
        },
        page: 1,
        problems: Vec::new(),
        ..state.clone()
    }
}

/// Clears `selection` whenever the filters of `query` change, and says so
/// (politely) if anything was selected; also keeps the selected rows'
/// values up to date with `rows` (polls, other pages).
fn follow_the_list(selection: Selection, filters: Memo<ListState>, rows: Signal<Arc<[Sandbox]>>) {
    let notices = use_notices();
    // (A memo's `track` alone would not run it: `with` does.)
    Effect::new(move |previous: Option<()>| {
        filters.with(|_| ());
        if previous.is_some() && selection.count_untracked() > 0 {
            selection.clear();
            notices.success("Selection cleared: the filter changed.");
        }
    });
    Effect::new(move |_| rows.with(|rows| selection.follow_rows(rows)));
}

#[component]
pub(super) fn SelectionBar(
    selection: Selection,
    page: LocalResource<Result<SandboxPage, ApiError>>,
    state: Memo<ListState>,
    /// The rows shown now.
    rows: Signal<Arc<[Sandbox]>>,
    /// Support staff see the tenant accounts (as the list asks for them).
    owner_accounts: Signal<bool>,
    /// Where "Narrow the filter" takes the focus.
    narrow_target: &'static str,
    /// Called when a bulk run settles.
    on_settled: Callback<()>,
) -> impl IntoView {
    let query = Signal::derive(move || state.with(|state| state.api_query()));
    let has_lifecycle = Signal::derive(move || {
        rows.with(|rows| rows.iter().any(|sandbox| sandbox.has_lifecycle()))
    });
    let filters = Memo::new(move |_| state.with(filters_of));
    follow_the_list(selection, filters, rows);
    // How many sandboxes match the filter, once the list answered.
    let total = Signal::derive(move || {
        page.with(|page| match page {
            Some(Ok(found)) => Some(found.total),
            _ => None,
        })
    });
    let client = use_client();
    let count = Memo::new(move |_| selection.count());
    let page_state = Memo::new(move |_| rows.with(|rows| selection.page_state(rows)));
    let fetching = RwSignal::new(Fetching::Idle);
    let stop = StoredValue::new_local(StopFlag::default());

    let select_all = move |_| {
        let flag = StopFlag::default();
        stop.set_value(flag.clone());
        let query = query.get_untracked();
        let owner_accounts = owner_accounts.get_untracked();
        let client = client.clone();
        fetching.set(Fetching::Running(0, total.get_untracked().unwrap_or(0)));
        wasm_bindgen_futures::spawn_local(async move {
            let on_page = |fetched, total| {
                fetching.try_set(Fetching::Running(fetched, total));
            };
            let answer = matching::fetch_all(&client, &query, owner_accounts, &flag, on_page).await;
            if flag.is_stopped() {
                return;
            }
            match answer {
                Ok(Matching::All(found)) => {
                    selection.replace(&found);
                    fetching.try_set(Fetching::Idle);
                }
                Ok(Matching::TooMany(_)) | Ok(Matching::Stopped) => {
                    fetching.try_set(Fetching::Idle);
                }
                Err(error) => {
                    fetching.try_set(Fetching::Failed(error.message()));
                }
            }
        });
    };
    let cancel_fetch = move |_| {
        stop.with_value(StopFlag::stop);
        fetching.set(Fetching::Idle);
    };
    // A new filter stops a fetch for the old one.
    Effect::new(move |previous: Option<()>| {
        filters.with(|_| ());
        if previous.is_some() {
            stop.with_value(StopFlag::stop);
            fetching.set(Fetching::Idle);
        }
    });
    on_cleanup(move || {
        stop.try_with_value(StopFlag::stop);
    });

    let offer = move || {
        let total = total.get()?;
        let count = count.get();
        let whole_page = page_state.get() == PageState::All;
        if !whole_page || (count as u64) >= total {
            return None;
        }
        Some(if total > MAX_SELECTION as u64 {
            view! {
                <p class="selection-limit" data-testid="select-all-too-many">
                    {format!(
                        "{} match: \u{201c}Select all\u{201d} takes at most {MAX_SELECTION}. ",
                        sandboxes(total as usize),
                    )}
                    <button
                        type="button"
                        class="button button-quiet button-small"
                        data-testid="narrow-filter"
                        on:click=move |_| crate::components::field::focus_soon(narrow_target)
                    >
                        "Narrow the filter"
                    </button>
                </p>
            }
            .into_any()
        } else {
            view! {
                <button
                    type="button"
                    class="button button-secondary button-small"
                    data-testid="select-all-matching"
                    on:click=select_all.clone()
                >
                    {format!("Select all {total} matching")}
                </button>
            }
            .into_any()
        })
    };

    view! {
        <LazyRunPanel selection on_settled />
        <div
            class="selection-bar"
            class:is-empty=move || count.get() == 0
            data-testid="selection-bar"
        >
            // The header's checkbox is hidden with the header on a narrow screen.
            <button
                type="button"
                class="button button-secondary button-small selection-page-narrow"
                data-testid="select-page-narrow"
                on:click=move |_| rows.with_untracked(|rows| selection.set_all(rows.iter(), true))
            >
                "Select this page"
            </button>
            <p class="selection-count" data-testid="selection-count">
                {move || match count.get() {
                    0 => "None selected".to_owned(),
                    n => format!("{n} selected"),
                }}
            </p>
            {move || match fetching.get() {
                Fetching::Idle => offer().into_any(),
                Fetching::Running(fetched, total) => {
                    view! {
                        <div class="progress selection-progress" data-testid="select-all-progress">
                            <label for="select-all-progress">
                                {format!("Fetching matches: {fetched} of {total}")}
                            </label>
                            <progress
                                id="select-all-progress"
                                max=total.max(1).to_string()
                                value=fetched.to_string()
                            ></progress>
                            <button
                                type="button"
                                class="button button-secondary button-small"
                                data-testid="select-all-cancel"
                                on:click=cancel_fetch
                            >
                                "Cancel"
                            </button>
                        </div>
                    }
                        .into_any()
                }
                Fetching::Failed(message) => {
                    view! {
                        <p class="dialog-error" role="alert" data-testid="select-all-error">
                            {format!("Could not select every match: {message}")}
                        </p>
                    }
                        .into_any()
                }
            }}
            <Show when=move || { count.get() > 0 }>
                <BulkActions selection has_lifecycle />
                <button
                    type="button"
                    class="button button-quiet button-small"
                    data-testid="selection-clear"
                    on:click=move |_| selection.clear()
                >
                    "Clear selection"
                </button>
            </Show>
        </div>
    }
}
