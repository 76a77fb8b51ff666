//! The list's filter form: owner, account and search as typed text (the
//! search applied as typing pauses), status and tier menus, rows per page.

use std::time::Duration;

use leptos::ev;
use leptos::prelude::*;
use sandbox_api::{SandboxListQuery, SandboxStatus, Tier, DEFAULT_LIMIT, MAX_LIMIT};

use super::state::{ListState, ListUrl};
use crate::components::status_label;

/// How long the search waits for typing to pause before it asks the API.
const SEARCH_DEBOUNCE: Duration = Duration::from_millis(300);

/// The page sizes the list offers; a URL may ask for any size the API allows.
const PAGE_SIZES: [u32; 4] = [25, DEFAULT_LIMIT, 100, MAX_LIMIT];

/// A text filter's value from an input: blank means no filter.
fn filter_value(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// The search typed but not applied yet. The page holds it, so that every
/// "Clear filters" (the form's, the empty list's) drops a search still waiting.
#[derive(Clone, Copy)]
pub(super) struct PendingSearch {
    timer: StoredValue<Option<TimeoutHandle>, LocalStorage>,
}

impl PendingSearch {
    pub(super) fn new() -> Self {
        let search = PendingSearch {
            timer: StoredValue::new_local(None),
        };
        on_cleanup(move || search.cancel());
        search
    }

    pub(super) fn cancel(&self) {
        if let Some(handle) = self.timer.try_get_value().flatten() {
            handle.clear();
        }
    }

    /// Applies the search with `apply` once typing has paused, instead of any search still waiting.
    fn restart(&self, apply: impl FnOnce() + 'static) {
        self.cancel();
        let handle = set_timeout_with_handle(apply, SEARCH_DEBOUNCE).ok();
        self.timer.set_value(handle);
    }
}

/// What the text inputs show. They keep what the user types, and follow
/// the URL when it changes for another reason (back/forward, a clicked
/// owner link).
#[derive(Clone, Copy)]
struct TextDrafts {
    owner: RwSignal<String>,
    user: RwSignal<String>,
    search: RwSignal<String>,
}

impl TextDrafts {
    fn following(state: Memo<ListState>) -> Self {
        let drafts = TextDrafts {
            owner: RwSignal::new(String::new()),
            user: RwSignal::new(String::new()),
            search: RwSignal::new(String::new()),
        };
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
                (drafts.owner, owner),
                (drafts.user, user),
                (drafts.search, search),
            ] {
                if draft.get_untracked().trim() != value {
                    draft.set(value);
                }
            }
        });
        drafts
    }
}

#[component]
pub(super) fn ListFilters(
    url: ListUrl,
    search: PendingSearch,
    /// Support users may filter by account (`user_id`).
    is_support: Signal<bool>,
    clear_filters: Callback<()>,
) -> impl IntoView {
    let state = url.state;
    let drafts = TextDrafts::following(state);

    let apply_search = move || {
        search.cancel();
        let q = filter_value(&drafts.search.get_untracked());
        let (current, next) = state.with_untracked(|state| {
            (
                state.query.q.clone(),
                state.changed(|query| query.q = q.clone()),
            )
        });
        if current != q {
            // Refining a search replaces its history entry; starting one adds an entry.
            url.go(next, current.is_some() && q.is_some());
        }
    };
    let on_search_input = move |event: ev::Event| {
        drafts.search.set(event_target_value(&event));
        search.restart(apply_search);
    };
    let apply_text_filters = move || {
        let owner = filter_value(&drafts.owner.get_untracked());
        let user = filter_value(&drafts.user.get_untracked());
        let unchanged = state
            .with_untracked(|state| state.query.owner_id == owner && state.query.user_id == user);
        if !unchanged {
            url.change(|query| {
                query.owner_id = owner;
                query.user_id = user;
            });
        }
    };
    let on_submit = move |event: ev::SubmitEvent| {
        event.prevent_default();
        search.cancel();
        let owner = filter_value(&drafts.owner.get_untracked());
        let user = filter_value(&drafts.user.get_untracked());
        let q = filter_value(&drafts.search.get_untracked());
        url.change(|query| {
            query.owner_id = owner;
            query.user_id = user;
            query.q = q;
        });
    };
    let show_user_filter =
        move || is_support.get() || state.with(|state| state.query.user_id.is_some());

    view! {
        <form class="filters" role="search" aria-label="Filter sandboxes" on:submit=on_submit>
            <div class="field">
                <label for="filter-owner">"Owner ID"</label>
                <input id="filter-owner" name="owner_id" type="text" autocomplete="off" spellcheck="false"
                    placeholder="e.g. cust_4711"
                    prop:value=move || drafts.owner.get()
                    on:input=move |event| drafts.owner.set(event_target_value(&event))
                    on:change=move |_| apply_text_filters()/>
            </div>
            <Show when=show_user_filter>
                <div class="field">
                    <label for="filter-user">"Account (user_id)"</label>
                    <input id="filter-user" name="user_id" type="text" autocomplete="off" spellcheck="false"
                        placeholder="acct_…"
                        prop:value=move || drafts.user.get()
                        on:input=move |event| drafts.user.set(event_target_value(&event))
                        on:change=move |_| apply_text_filters()/>
                </div>
            </Show>
            <div class="field">
                <label for="filter-q">"Search"</label>
                <input id="filter-q" name="q" type="search" autocomplete="off" spellcheck="false"
                    placeholder="Name or owner ID"
                    prop:value=move || drafts.search.get()
                    on:input=on_search_input/>
            </div>
            <ChoiceFilter url name="status" label="Status" any="Any status"
                choices=SandboxStatus::ALL value_name=SandboxStatus::as_str describe=status_label
                get=|query| query.status set=|query, status| query.status = status/>
            <ChoiceFilter url name="tier" label="Tier" any="Any tier"
                choices=Tier::ALL value_name=Tier::as_str describe=Tier::as_str
                get=|query| query.tier set=|query, tier| query.tier = tier/>
            <PageSizeFilter url/>
            <div class="filter-actions">
                <button type="submit" class="button">"Apply"</button>
                <button type="button" class="button button-quiet" on:click=move |_| clear_filters.run(())
                    disabled=move || !state.with(ListState::has_filters)>"Clear filters"</button>
            </div>
        </form>
    }
}

/// A menu of one of the query's closed sets (status, tier), "any" first.
#[component]
fn ChoiceFilter<T>(
    url: ListUrl,
    /// The query parameter: the select's name, and its id after `filter-`.
    name: &'static str,
    label: &'static str,
    /// The first choice: no filter.
    any: &'static str,
    choices: &'static [T],
    /// The value as the API spells it.
    value_name: fn(T) -> &'static str,
    /// The value as the menu shows it.
    describe: fn(T) -> &'static str,
    get: fn(&SandboxListQuery) -> Option<T>,
    set: fn(&mut SandboxListQuery, Option<T>),
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    let state = url.state;
    let id = format!("filter-{name}");
    let on_change = move |event: ev::Event| {
        let typed = event_target_value(&event);
        let chosen = choices
            .iter()
            .copied()
            .find(|&choice| value_name(choice) == typed);
        url.change(|query| set(query, chosen));
    };
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select id=id name=name on:change=on_change>
                <option value="" prop:selected=move || state.with(|s| get(&s.query).is_none())>{any}</option>
                {choices.iter().map(|&choice| view! {
                    <option value=value_name(choice) prop:selected=move || state.with(|s| get(&s.query) == Some(choice))>
                        {describe(choice)}
                    </option>
                }).collect_view()}
            </select>
        </div>
    }
}

/// Rows per page: another size keeps the first row shown in view.
#[component]
fn PageSizeFilter(url: ListUrl) -> impl IntoView {
    let state = url.state;
    let page_size = Memo::new(move |_| state.with(|state| state.query.limit));
    let on_change = move |event: ev::Event| {
        if let Ok(limit) = event_target_value(&event).parse::<u32>() {
            let next = state.with_untracked(|state| state.with_page_size(limit));
            url.go(next, false);
        }
    };
    view! {
        <div class="field">
            <label for="filter-limit">"Rows per page"</label>
            <select id="filter-limit" name="limit" on:change=on_change>
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
    }
}
