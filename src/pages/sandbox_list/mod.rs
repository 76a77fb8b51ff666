//! `/sandboxes`: every sandbox the caller may see, filtered, sorted and paged.
//!
//! The URL is the single source of truth: the filter inputs show what it
//! says and every change is a navigation, so reload, back/forward and a
//! pasted link all show the same view. The list loads through one
//! `LocalResource` keyed on the query, which drops any answer that a newer
//! query has overtaken.

mod filters;
mod results;
mod state;

use std::sync::Arc;

use leptos::prelude::*;
use sandbox_api::{encode_query_component, PrincipalRole, SandboxSort};

use self::filters::{ListFilters, PendingSearch};
use self::results::ListResults;
pub use self::state::ListState;
use self::state::ListUrl;
use crate::api;
use crate::components::{FilterField, RowDialogs, RowDialogsView, SandboxTable};
use crate::navigation::use_list_location;
use crate::permissions;
use crate::polling::Poll;
use crate::session::{use_client, use_session};

#[component]
pub fn SandboxList() -> impl IntoView {
    let session = use_session();
    let client = use_client();
    let list_location = use_list_location();
    let url = ListUrl::from_router();
    let state = url.state;
    Effect::new(move |_| list_location.0.set(state.with(ListState::to_url)));

    let page = LocalResource::new(move || {
        let query = state.with(ListState::api_query);
        let client = client.clone();
        async move { api::sandboxes::list(&client, &query).await }
    });
    let pending = RwSignal::new(false);
    let retry = Callback::new(move |()| page.refetch());

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

    let search = PendingSearch::new();
    let clear_filters = Callback::new(move |()| {
        search.cancel();
        url.clear_filters();
    });
    let is_support = Memo::new(move |_| {
        session.me.with(|me| {
            me.as_ref()
                .is_some_and(|me| me.role == PrincipalRole::Support)
        })
    });
    let sort = Signal::derive(move || state.with(|state| state.query.sort));
    let on_sort = Callback::new(move |sort: SandboxSort| url.change(|query| query.sort = sort));
    let filter_href =
        Callback::new(move |(field, value): (FilterField, String)| url.filtered_href(field, value));
    let page_href = Callback::new(move |page: u64| url.page_href(page));

    let dialogs = RowDialogs::new();
    // The table lives outside the Transition, which renders its content
    // anew for every answer: kept mounted, it updates only the rows' values
    // that changed. The last answer stays while the next one loads.
    let table_rows = Signal::derive(move || {
        page.with(|page| match page {
            Some(Ok(found)) => found.items.clone(),
            _ => Arc::from([]),
        })
    });

    view! {
        <section class="page sandbox-list" aria-labelledby="list-title">
            <div class="page-heading">
                <h1 id="list-title">"Sandboxes"</h1>
                <NewSandboxButton owner=Signal::derive(move || state.with(|state| state.query.owner_id.clone()))/>
            </div>
            <UrlProblems state/>
            <ListFilters url search is_support=is_support.into() clear_filters/>
            <div class="results" class:is-pending=dimmed aria-busy=move || dimmed().to_string()>
                <Show when=move || table_rows.with(|rows| !rows.is_empty())>
                    <SandboxTable rows=table_rows show_user_id=is_support sort on_sort filter_href dialogs/>
                </Show>
                <Transition fallback=|| view! { <p class="loading" role="status">"Loading sandboxes…"</p> } set_pending=pending>
                    <ListResults page state page_href clear_filters retry/>
                </Transition>
            </div>
            <RowDialogsView dialogs on_changed=retry/>
        </section>
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
            <a class="button button-primary" href=href() data-testid="new-sandbox">"New sandbox"</a>
        }
        .into_any(),
        Err(reason) => view! {
            <span class="disabled-action">
                <button type="button" class="button button-primary" disabled
                    data-testid="new-sandbox" aria-describedby="new-sandbox-reason">
                    "New sandbox"
                </button>
                <span id="new-sandbox-reason" class="reason">{reason}</span>
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
                        <p>"Part of this address was not understood, so the defaults are shown instead:"</p>
                        <ul>{problems.map(|problem| view! { <li>{problem}</li> }).collect_view()}</ul>
                    </div>
                }
            })
        })
    }
}
