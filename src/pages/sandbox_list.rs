//! `/sandboxes`: every sandbox the caller may see, filtered, sorted and paged.
//!
//! The URL is the single source of truth: the filter inputs show what it
//! says and every change is a navigation, so reload, back/forward and a
//! pasted link all show the same view. The list loads through one
//! `LocalResource` keyed on the query, which drops any answer that a newer
//! query has overtaken.

use leptos::ev;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use sandbox_api::{
    PrincipalRole, SandboxListQuery, SandboxSort, SandboxStatus, Tier, DEFAULT_LIMIT, MAX_LIMIT,
};
use std::sync::Arc;
use std::time::Duration;

use crate::api;
use crate::components::{
    EmptyState, ErrorPanel, FilterField, Pager, RowDialogs, RowDialogsView, SandboxTable,
};
use crate::navigation::use_list_location;
use crate::permissions;
use crate::polling::{next_poll_delay, POLL_FIRST};
use crate::session::{use_client, use_session};

/// How long the search waits for typing to pause before it asks the API.
const SEARCH_DEBOUNCE: Duration = Duration::from_millis(300);

/// The list's query parameters the URL may carry, besides `page`
/// (`limit` is the page size: rows per page).
const QUERY_NAMES: [&str; 7] = [
    "owner_id", "user_id", "q", "status", "tier", "sort", "limit",
];

/// The page sizes the list offers; a URL may ask for any size the API allows.
const PAGE_SIZES: [u32; 4] = [25, DEFAULT_LIMIT, 100, MAX_LIMIT];

/// The list view as the URL describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListState {
    /// Filters, sort and page size (`limit`); `offset` follows from `page`.
    pub query: SandboxListQuery,
    /// 1-based.
    pub page: u64,
    /// URL values that were not understood and so fell back to defaults, in words.
    pub problems: Vec<String>,
}

impl Default for ListState {
    fn default() -> Self {
        ListState {
            query: SandboxListQuery::default(),
            page: 1,
            problems: Vec::new(),
        }
    }
}

impl ListState {
    /// Reads the URL's query pairs. A bad value never breaks the page: it is
    /// dropped (the default applies) and described in `problems`.
    pub fn from_pairs(pairs: &[(String, String)]) -> Self {
        let mut problems = Vec::new();
        let mut known: Vec<(String, String)> = pairs
            .iter()
            .filter(|(name, _)| QUERY_NAMES.contains(&name.as_str()))
            .cloned()
            .collect();
        let query = match SandboxListQuery::from_pairs(&known) {
            Ok(query) => query,
            Err(errors) => {
                let bad: Vec<String> = errors.iter().map(|error| error.field_path()).collect();
                for error in &errors {
                    let name = error.field_path();
                    let value = known
                        .iter()
                        .find(|(n, _)| *n == name)
                        .map(|(_, v)| v.as_str())
                        .unwrap_or_default();
                    problems.push(format!("{name}={value:?} was ignored: {}.", error.msg));
                }
                known.retain(|(name, _)| !bad.contains(name));
                // Only values that parsed are left, so this cannot fail; defaults if it did.
                SandboxListQuery::from_pairs(&known).unwrap_or_default()
            }
        };
        let page = match pairs
            .iter()
            .rev()
            .find(|(name, _)| name == "page")
            .map(|(_, value)| value.trim())
        {
            None | Some("") => 1,
            Some(value) => match value.parse::<u64>() {
                Ok(page) if page >= 1 => page,
                _ => {
                    problems.push(format!(
                        "page={value:?} was ignored: a page is a whole number from 1 up."
                    ));
                    1
                }
            },
        };
        ListState {
            query,
            page,
            problems,
        }
    }

    /// The API query for this view's page.
    pub fn api_query(&self) -> SandboxListQuery {
        SandboxListQuery {
            offset: (self.page - 1) * u64::from(self.query.limit),
            ..self.query.clone()
        }
    }

    /// The console URL of this view, naming only what differs from the defaults.
    pub fn to_url(&self) -> String {
        let filters = SandboxListQuery {
            offset: 0,
            ..self.query.clone()
        }
        .to_query_string();
        let page = (self.page > 1).then(|| format!("page={}", self.page));
        let search: Vec<String> = [Some(filters).filter(|f| !f.is_empty()), page]
            .into_iter()
            .flatten()
            .collect();
        if search.is_empty() {
            "/sandboxes".to_owned()
        } else {
            format!("/sandboxes?{}", search.join("&"))
        }
    }

    /// The same view on another page.
    pub fn at_page(&self, page: u64) -> Self {
        ListState {
            page: page.max(1),
            problems: Vec::new(),
            query: self.query.clone(),
        }
    }

    /// Another page size, on the page that shows the first row shown now.
    pub fn with_page_size(&self, limit: u32) -> Self {
        let first_row = (self.page - 1) * u64::from(self.query.limit);
        self.changed(|query| query.limit = limit)
            .at_page(first_row / u64::from(limit) + 1)
    }

    /// A changed filter or sort; back to the first page, as the old page means nothing now.
    pub fn changed(&self, change: impl FnOnce(&mut SandboxListQuery)) -> Self {
        let mut query = self.query.clone();
        change(&mut query);
        ListState {
            query,
            page: 1,
            problems: Vec::new(),
        }
    }

    pub fn has_filters(&self) -> bool {
        let q = &self.query;
        q.owner_id.is_some()
            || q.user_id.is_some()
            || q.q.is_some()
            || q.status.is_some()
            || q.tier.is_some()
    }

    /// What the empty list says, naming the owner when that is the filter.
    pub fn empty_message(&self) -> String {
        let only_owner = self.query.user_id.is_none()
            && self.query.q.is_none()
            && self.query.status.is_none()
            && self.query.tier.is_none();
        match &self.query.owner_id {
            Some(owner) if only_owner => format!("No sandboxes for owner {owner}."),
            Some(owner) => format!("No sandboxes for owner {owner} match these filters."),
            None if self.has_filters() => "No sandboxes match these filters.".to_owned(),
            None => "There are no sandboxes yet.".to_owned(),
        }
    }
}

/// A text filter's value from an input: blank means no filter.
fn filter_value(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

#[component]
pub fn SandboxList() -> impl IntoView {
    let session = use_session();
    let client = use_client();
    let navigate = use_navigate();
    let query_map = use_query_map();
    let list_location = use_list_location();

    let state = Memo::new(move |_| {
        let pairs: Vec<(String, String)> = query_map.with(|map| {
            map.latest_values()
                .map(|(name, value)| (name.to_string(), value.to_owned()))
                .collect()
        });
        ListState::from_pairs(&pairs)
    });
    Effect::new(move |_| list_location.0.set(state.with(ListState::to_url)));

    let go = StoredValue::new_local(move |next: ListState, replace: bool| {
        navigate(
            &next.to_url(),
            NavigateOptions {
                replace,
                scroll: false,
                ..Default::default()
            },
        );
    });
    let apply = move |change: &dyn Fn(&mut SandboxListQuery)| {
        let next = state.with_untracked(|state| state.changed(change));
        go.with_value(|go| go(next, false));
    };

    let page = LocalResource::new(move || {
        let query = state.with(ListState::api_query);
        let client = client.clone();
        async move { api::sandboxes::list(&client, &query).await }
    });

    // Text inputs keep what the user types; they follow the URL when it
    // changes for another reason (back/forward, a clicked owner link).
    let owner_draft = RwSignal::new(String::new());
    let user_draft = RwSignal::new(String::new());
    let search_draft = RwSignal::new(String::new());
    Effect::new(move |_| {
        let (owner, user, search) = state.with(|state| {
            let text = |value: &Option<String>| value.clone().unwrap_or_default();
            (
                text(&state.query.owner_id),
                text(&state.query.user_id),
                text(&state.query.q),
            )
        });
        for (draft, value) in [
            (owner_draft, owner),
            (user_draft, user),
            (search_draft, search),
        ] {
            if draft.get_untracked().trim() != value {
                draft.set(value);
            }
        }
    });

    let search_timer = StoredValue::new_local(None::<TimeoutHandle>);
    let cancel_search = move || {
        if let Some(handle) = search_timer.try_get_value().flatten() {
            handle.clear();
        }
    };
    on_cleanup(cancel_search);
    let apply_search = move || {
        cancel_search();
        let q = filter_value(&search_draft.get_untracked());
        let (current, next) = state.with_untracked(|state| {
            (
                state.query.q.clone(),
                state.changed(|query| query.q = q.clone()),
            )
        });
        if current != q {
            // Refining a search replaces its history entry; starting one adds an entry.
            go.with_value(|go| go(next, current.is_some() && q.is_some()));
        }
    };
    let on_search_input = move |event: ev::Event| {
        search_draft.set(event_target_value(&event));
        cancel_search();
        let handle = set_timeout_with_handle(apply_search, SEARCH_DEBOUNCE).ok();
        search_timer.set_value(handle);
    };
    let apply_text_filters = move || {
        let owner = filter_value(&owner_draft.get_untracked());
        let user = filter_value(&user_draft.get_untracked());
        let unchanged = state
            .with_untracked(|state| state.query.owner_id == owner && state.query.user_id == user);
        if !unchanged {
            apply(&|query| {
                query.owner_id = owner.clone();
                query.user_id = user.clone();
            });
        }
    };
    let on_submit = move |event: ev::SubmitEvent| {
        event.prevent_default();
        cancel_search();
        let owner = filter_value(&owner_draft.get_untracked());
        let user = filter_value(&user_draft.get_untracked());
        let q = filter_value(&search_draft.get_untracked());
        apply(&|query| {
            query.owner_id = owner.clone();
            query.user_id = user.clone();
            query.q = q.clone();
        });
    };
    let clear_filters = move || {
        cancel_search();
        apply(&|query| {
            *query = SandboxListQuery {
                sort: query.sort,
                limit: query.limit,
                ..SandboxListQuery::default()
            }
        });
    };

    let is_support = Memo::new(move |_| {
        session.me.with(|me| {
            me.as_ref()
                .is_some_and(|me| me.role == PrincipalRole::Support)
        })
    });
    let show_user_filter =
        move || is_support.get() || state.with(|state| state.query.user_id.is_some());
    let sort = Signal::derive(move || state.with(|state| state.query.sort));
    let page_size = Memo::new(move |_| state.with(|state| state.query.limit));
    let on_sort = Callback::new(move |sort: SandboxSort| apply(&|query| query.sort = sort));
    let filter_href = Callback::new(move |(field, value): (FilterField, String)| {
        state.with_untracked(|state| {
            state
                .changed(|query| match field {
                    FilterField::OwnerId => query.owner_id = Some(value.clone()),
                    FilterField::UserId => query.user_id = Some(value.clone()),
                })
                .to_url()
        })
    });
    let page_href =
        Callback::new(move |page: u64| state.with_untracked(|state| state.at_page(page).to_url()));
    let pending = RwSignal::new(false);
    let retry = Callback::new(move |()| page.refetch());

    // Rows whose status the server is still changing (a refresh started
    // from a row, a new sandbox) are asked for again with back-off until
    // none is left, as the detail page does. A poll does not dim the list
    // the way a change the user made does.
    let polling = RwSignal::new(false);
    let poll_timer = StoredValue::new_local(None::<TimeoutHandle>);
    let poll_delay = StoredValue::new(POLL_FIRST);
    let stop_polling = move || {
        if let Some(handle) = poll_timer.try_update_value(Option::take).flatten() {
            handle.clear();
        }
    };
    on_cleanup(stop_polling);
    Effect::new(move |_| {
        let transient = page.with(|page| {
            matches!(page, Some(Ok(found)) if found.items.iter().any(|sandbox| sandbox.status.is_transient()))
        });
        polling.set(false);
        stop_polling();
        if !transient {
            poll_delay.set_value(POLL_FIRST);
            return;
        }
        let delay = poll_delay.get_value();
        poll_delay.set_value(next_poll_delay(delay));
        let poll = move || {
            polling.set(true);
            page.refetch();
        };
        poll_timer.set_value(set_timeout_with_handle(poll, delay).ok());
    });
    let dimmed = move || pending.get() && !polling.get();

    let new_sandbox = move || {
        match permissions::check_create(session.me.get().as_ref()) {
        Ok(()) => {
            let href = match state.with(|state| state.query.owner_id.clone()) {
                Some(owner) => format!("/sandboxes/new?owner_id={}", sandbox_api::encode_query_component(&owner)),
                None => "/sandboxes/new".to_owned(),
            };
            view! { <a class="button button-primary" href=href data-testid="new-sandbox">"New sandbox"</a> }.into_any()
        }
        Err(reason) => view! {
            <span class="disabled-action">
                <button type="button" class="button button-primary" disabled data-testid="new-sandbox"
                    aria-describedby="new-sandbox-reason">"New sandbox"</button>
                <span id="new-sandbox-reason" class="reason">{reason}</span>
            </span>
        }
        .into_any(),
    }
    };

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
    let results = move || {
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
                                    on:click=move |_| clear_filters()>"Clear filters"</button>
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
    };

    view! {
        <section class="page sandbox-list" aria-labelledby="list-title">
            <div class="page-heading">
                <h1 id="list-title">"Sandboxes"</h1>
                {new_sandbox}
            </div>
            {move || state.with(|state| (!state.problems.is_empty()).then(|| view! {
                <div class="callout callout-warning" role="status" data-testid="url-problems">
                    <p>"Part of this address was not understood, so the defaults are shown instead:"</p>
                    <ul>{state.problems.iter().map(|problem| view! { <li>{problem.clone()}</li> }).collect_view()}</ul>
                </div>
            }))}
            <form class="filters" role="search" aria-label="Filter sandboxes" on:submit=on_submit>
                <div class="field">
                    <label for="filter-owner">"Owner ID"</label>
                    <input id="filter-owner" name="owner_id" type="text" autocomplete="off" spellcheck="false"
                        placeholder="e.g. cust_4711"
                        prop:value=move || owner_draft.get()
                        on:input=move |event| owner_draft.set(event_target_value(&event))
                        on:change=move |_| apply_text_filters()/>
                </div>
                <Show when=show_user_filter>
                    <div class="field">
                        <label for="filter-user">"Account (user_id)"</label>
                        <input id="filter-user" name="user_id" type="text" autocomplete="off" spellcheck="false"
                            placeholder="acct_…"
                            prop:value=move || user_draft.get()
                            on:input=move |event| user_draft.set(event_target_value(&event))
                            on:change=move |_| apply_text_filters()/>
                    </div>
                </Show>
                <div class="field">
                    <label for="filter-q">"Search"</label>
                    <input id="filter-q" name="q" type="search" autocomplete="off" spellcheck="false"
                        placeholder="Name or owner ID"
                        prop:value=move || search_draft.get()
                        on:input=on_search_input/>
                </div>
                <div class="field">
                    <label for="filter-status">"Status"</label>
                    <select id="filter-status" name="status" on:change=move |event| {
                        let status = event_target_value(&event).parse::<SandboxStatus>().ok();
                        apply(&|query| query.status = status);
                    }>
                        <option value="" prop:selected=move || state.with(|s| s.query.status.is_none())>"Any status"</option>
                        {SandboxStatus::ALL.iter().map(|&status| view! {
                            <option value=status.as_str() prop:selected=move || state.with(|s| s.query.status == Some(status))>
                                {crate::components::status_label(status)}
                            </option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="filter-tier">"Tier"</label>
                    <select id="filter-tier" name="tier" on:change=move |event| {
                        let tier = event_target_value(&event).parse::<Tier>().ok();
                        apply(&|query| query.tier = tier);
                    }>
                        <option value="" prop:selected=move || state.with(|s| s.query.tier.is_none())>"Any tier"</option>
                        {Tier::ALL.iter().map(|&tier| view! {
                            <option value=tier.as_str() prop:selected=move || state.with(|s| s.query.tier == Some(tier))>
                                {tier.as_str()}
                            </option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="filter-limit">"Rows per page"</label>
                    <select id="filter-limit" name="limit" on:change=move |event| {
                        if let Ok(limit) = event_target_value(&event).parse::<u32>() {
                            let next = state.with_untracked(|state| state.with_page_size(limit));
                            go.with_value(|go| go(next, false));
                        }
                    }>
                        {move || {
                            let current = page_size.get();
                            // A size from a pasted URL that the menu lacks is shown too, so the menu tells the truth.
                            let mut sizes = PAGE_SIZES.to_vec();
                            if !sizes.contains(&current) {
                                sizes.push(current);
                                sizes.sort_unstable();
                            }
                            sizes.into_iter().map(|size| view! {
                                <option value=size.to_string() selected=size == current>{size.to_string()}</option>
                            }).collect_view()
                        }}
                    </select>
                </div>
                <div class="filter-actions">
                    <button type="submit" class="button">"Apply"</button>
                    <button type="button" class="button button-quiet" on:click=move |_| clear_filters()
                        disabled=move || !state.with(ListState::has_filters)>"Clear filters"</button>
                </div>
            </form>
            <div class="results" class:is-pending=dimmed aria-busy=move || dimmed().to_string()>
                <Show when=move || table_rows.with(|rows| !rows.is_empty())>
                    <SandboxTable rows=table_rows show_user_id=is_support sort on_sort filter_href dialogs/>
                </Show>
                <Transition fallback=|| view! { <p class="loading" role="status">"Loading sandboxes…"</p> } set_pending=pending>
                    {results}
                </Transition>
            </div>
            <RowDialogsView dialogs on_changed=retry/>
        </section>
    }
}
