//! `/sandboxes`: every sandbox the caller may see, filtered, sorted and paged.
//!
//! The URL is the single source of truth: the filter inputs show what it
//! says and every change is a navigation, so reload, back/forward and a
//! pasted link all show the same view. The list loads through one
//! `LocalResource` keyed on the query, which drops any answer that a newer
//! query has overtaken. Above the table, a heading says which rows are
//! shown and takes the focus after paging and clearing the filters, next
//! to a second pager, so the next page is not past every row's Tab stops.

mod bulk;
mod chips;
mod choice_filters;
mod columns;
mod edits;
mod expiry_watch;
mod export;
mod filters;
mod quick_filter;
mod results;
mod selection;
mod state;
mod stored;
mod tools;
mod views;
mod views_bar;

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use sandbox_api::{encode_query_component, PrincipalRole, SandboxSort};

use self::columns::ColumnChoice;
use self::edits::FilterEdits;
pub use self::expiry_watch::next_expiry_check;
pub use self::export::list_export_file_name;
use self::filters::ListFilters;
use self::results::{ListResults, ResultsTop, RESULTS_HEADING_ID};
use self::selection::SelectionBar;
pub use self::state::ListState;
use self::state::ListUrl;
use self::tools::ListTools;
use crate::api;
use crate::api::sandboxes::SandboxPage;
use crate::bulk::selection::Selection;
use crate::components::field::focus_soon;
use crate::components::sandbox_table::is_read_only;
use crate::components::{FilterField, RowDialogs, RowDialogsView, SandboxTable};
use crate::navigation::use_list_location;
use crate::navigation::use_title;
use crate::permissions;
use crate::polling::Poll;
use crate::session::{use_client, use_session, Session};

#[component]
pub fn SandboxList() -> impl IntoView {
    let session = use_session();
    let client = use_client();
    let list_location = use_list_location();
    let url = ListUrl::from_router();
    let state = url.state;
    // Only while the list is shown: leaving it, the URL state follows the
    // next page's address for a moment, which is not the way back.
    let pathname = use_location().pathname;
    Effect::new(move |_| {
        if pathname.with(|path| path == "/sandboxes") {
            list_location.0.set(state.with(ListState::to_url));
        }
    });

    use_title(move || {
        state.with(|state| match &state.query.owner_id {
            Some(owner) => Some(format!("Sandboxes for {owner}")),
            None => Some("Sandboxes".to_owned()),
        })
    });
    let is_support = Memo::new(move |_| {
        session.me.with(|me| {
            me.as_ref()
                .is_some_and(|me| me.role == PrincipalRole::Support)
        })
    });

    // Support staff see each sandbox's tenant account by name, and pick
    // accounts by the names the list has shown.
    let page = LocalResource::new(move || {
        let query = state.with(ListState::api_query);
        let owner_accounts = is_support.get();
        let client = client.clone();
        async move {
            let found = api::sandboxes::list(&client, &query, owner_accounts).await;
            if let Ok(found) = &found {
                remember_accounts(session, found);
            }
            found
        }
    });
    let pending = RwSignal::new(false);
    let retry = Callback::new(move |()| page.refetch());
    let lifecycle = expiry_watch::follow_expiry(page);

    // Rows whose status the server is still changing (a refresh started
    // from a row, a new sandbox) are asked for again with back-off until
    // none is left, as the detail page does. A poll does not dim the list
    // the way a change the user made does.
    let polling = RwSignal::new(false);
    let poll = Poll::new();
    Effect::new(move |_| {
        let transient = page.with(|page| {
            matches!(page, Some(Ok(found)) if found.items.iter().any(|sandbox| sandbox.status.is_transient()))
        });
        polling.set(false);
        poll.after_answer(transient, move || {
            polling.set(true);
            page.refetch();
        });
    });
    let dimmed = move || pending.get() && !polling.get();

    let edits = FilterEdits::new(url);
    let focus_results = move || focus_soon(RESULTS_HEADING_ID);
    let clear_filters = Callback::new(move |()| {
        edits.cancel();
        url.clear_filters();
        focus_results();
    });
    // Another page (the pagers, back and forward): the focus goes to the
    // heading above the table, which also keeps the table in view.
    let page_number = Memo::new(move |_| state.with(|state| state.page));
    Effect::new(move |previous: Option<u64>| {
        let page = page_number.get();
        if previous.is_some_and(|previous| previous != page) {
            focus_results();
        }
        page
    });
    let read_only = Memo::new(move |_| session.me.with(|me| is_read_only(me.as_ref())));
    let sort = Signal::derive(move || state.with(|state| state.query.sort));
    let on_sort = Callback::new(move |sort: SandboxSort| url.change(|query| query.sort = sort));
    let filter_href =
        Callback::new(move |(field, value): (FilterField, String)| url.filtered_href(field, value));
    let page_href = Callback::new(move |page: u64| url.page_href(page));

    let dialogs = RowDialogs::new();
    let selection = Selection::new();
    let columns = ColumnChoice::kept(use_client().base_url().to_owned());
    // The table lives outside the Transition, which renders its content
    // anew for every answer: kept mounted, it updates only the rows' values
    // that changed. The last answer stays while the next one loads.
    let table_rows = Signal::derive(move || {
        page.with(|page| match page {
            Some(Ok(found)) => found.items.clone(),
            _ => Arc::from([]),
        })
    });
    // As the table decides: Expires only while the rows carry an expiry (v1.1).
    let offered_columns = Memo::new(move |_| {
        let has_expiry = table_rows.with(|rows| rows.iter().any(|s| s.expires_at.is_some()));
        columns::offered_columns(is_support.get(), has_expiry)
    });

    view! {
        <section class="page sandbox-list" aria-labelledby="list-title">
            <div class="page-heading">
                <h1 id="list-title" tabindex="-1">
                    "Sandboxes"
                </h1>
                <NewSandboxButton owner=Signal::derive(move || {
                    state.with(|state| state.query.owner_id.clone())
                }) />
            </div>
            <UrlProblems state />
            <ListFilters url edits is_support=is_support.into() clear_filters lifecycle />
            <ListTools state columns is_support=is_support.into() offered=offered_columns.into() />
            <div class="results" class:is-pending=dimmed aria-busy=move || dimmed().to_string()>
                <ResultsTop page state page_href loading=Signal::derive(dimmed) />
                {move || {
                    read_only
                        .get()
                        .then(|| {
                            view! {
                                <p class="read-only-note" data-testid="read-only-note">
                                    "You have read-only access: sandboxes can be opened here, but not refreshed or deleted."
                                </p>
                            }
                        })
                }}
                <Show when=move || !read_only.get()>
                    <SelectionBar
                        selection
                        page
                        state
                        rows=table_rows
                        owner_accounts=is_support.into()
                        narrow_target="filter-q"
                        on_settled=retry
                    />
                </Show>
                <Show when=move || {
                    table_rows.with(|rows| !rows.is_empty())
                }>
                    // Built again only when `/me` arrives: the rows take the decision as a plain value.
                    {move || {
                        let read_only = read_only.get();
                        view! {
                            <SandboxTable
                                rows=table_rows
                                show_user_id=is_support
                                sort
                                on_sort
                                filter_href
                                dialogs
                                read_only
                                selection=(!read_only).then_some(selection)
                                hidden_columns=columns.hidden
                            />
                        }
                    }}
                </Show>
                <Transition
                    fallback=|| {
                        view! {
                            <p class="loading" role="status">
                                "Loading sandboxes…"
                            </p>
                        }
                    }
                    set_pending=pending
                >
                    <ListResults page state page_href clear_filters retry />
                </Transition>
            </div>
            <RowDialogsView
                dialogs
                on_changed=retry
                on_deleted=Callback::new(move |()| focus_results())
            />
        </section>
    }
}

/// Keeps the names of the tenant accounts `found` shows, for the account
/// picker (unless the session is gone: the answer came after the page).
fn remember_accounts(session: Session, found: &SandboxPage) {
    let unknown: Vec<(String, String)> = session
        .accounts
        .try_with_untracked(|known| {
            found
                .items
                .iter()
                .filter_map(|sandbox| sandbox.owner_account.as_ref())
                .filter(|account| known.get(&account.id) != Some(&account.name))
                .map(|account| (account.id.clone(), account.name.clone()))
                .collect()
        })
        .unwrap_or_default();
    if !unknown.is_empty() {
        session.accounts.try_update(|known| known.extend(unknown));
    }
}

/// "New sandbox", for the owner the list is filtered by; disabled with the
/// reason for a caller who may not create one.
#[component]
fn NewSandboxButton(owner: Signal<Option<String>>) -> impl IntoView {
    let session = use_session();
    let href = move || match owner.get() {
        Some(owner) => format!("/sandboxes/new?owner_id={}", encode_query_component(&owner)),
        None => "/sandboxes/new".to_owned(),
    };
    move || match permissions::check_create(session.me.get().as_ref()) {
        Ok(()) => view! {
            <a class="button button-primary" href=href() data-testid="new-sandbox">
                "New sandbox"
            </a>
        }
        .into_any(),
        Err(reason) => view! {
            <span class="disabled-action">
                <button
                    type="button"
                    class="button button-primary"
                    disabled
                    data-testid="new-sandbox"
                    aria-describedby="new-sandbox-reason"
                >
                    "New sandbox"
                </button>
                <span id="new-sandbox-reason" class="reason">
                    {reason}
                </span>
            </span>
        }
        .into_any(),
    }
}

/// What of the URL was not understood, when something was.
#[component]
fn UrlProblems(state: Memo<ListState>) -> impl IntoView {
    move || {
        state.with(|state| {
            (!state.problems.is_empty()).then(|| {
                let problems = state.problems.iter().cloned();
                view! {
                    <div class="callout callout-warning" role="status" data-testid="url-problems">
                        <p>
                            "Part of this address was not understood, so the defaults are shown instead:"
                        </p>
                        <ul>
                            {problems.map(|problem| view! { <li>{problem}</li> }).collect_view()}
                        </ul>
                    </div>
                }
            })
        })
    }
}
