//! The list's filters, all applied the same way: as the user types (text,
//! once typing pauses) or picks (menus). A run of edits makes one history
//! entry: its first edit adds the entry and later ones replace it, until
//! the user pauses or leaves the field. Active filters show as chips that
//! remove them.

use std::collections::BTreeMap;
use std::time::Duration;

use leptos::ev;
use leptos::prelude::*;
use sandbox_api::{SandboxListQuery, SandboxStatus, Tier, DEFAULT_LIMIT, MAX_LIMIT};

use super::state::{ListState, ListUrl};
use crate::components::field::focus_soon;
use crate::components::status_label;
use crate::session::use_session;

/// How long a text filter waits for typing to pause before it applies.
const TYPING_PAUSE: Duration = Duration::from_millis(300);

/// How long the filters rest before the next edit makes a history entry of its own.
const HISTORY_PAUSE: Duration = Duration::from_secs(1);

/// The page sizes the list offers; a URL may ask for any size the API allows.
const PAGE_SIZES: [u32; 4] = [25, DEFAULT_LIMIT, 100, MAX_LIMIT];

/// A text filter's value from an input: blank means no filter.
fn filter_value(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// A timer that a newer start replaces, cleared when its page goes.
#[derive(Clone, Copy)]
struct Timer(StoredValue<Option<TimeoutHandle>, LocalStorage>);

impl Timer {
    fn new() -> Self {
        let timer = Timer(StoredValue::new_local(None));
        on_cleanup(move || timer.cancel());
        timer
    }

    fn cancel(&self) {
        if let Some(handle) = self.0.try_get_value().flatten() {
            handle.clear();
        }
    }

    /// Runs `then` after `delay`, instead of anything still waiting.
    fn restart(&self, delay: Duration, then: impl FnOnce() + 'static) {
        self.cancel();
        self.0.set_value(set_timeout_with_handle(then, delay).ok());
    }
}

/// How edits of the filters become navigations. The page holds it, so that
/// every "Clear filters" (beside the chips, in the empty list) also drops typing
/// still waiting to apply.
#[derive(Clone, Copy)]
pub(super) struct FilterEdits {
    url: ListUrl,
    /// Typing not applied yet.
    typing: Timer,
    /// Ends the run of edits once the filters have rested.
    rest: Timer,
    /// Whether an edit of this run made its history entry (the next ones replace it).
    in_run: StoredValue<bool>,
}

impl FilterEdits {
    pub(super) fn new(url: ListUrl) -> Self {
        FilterEdits {
            url,
            typing: Timer::new(),
            rest: Timer::new(),
            in_run: StoredValue::new(false),
        }
    }

    /// Shows `next` unless it is the view shown: the first edit of a run
    /// adds a history entry, the ones after it replace that entry.
    fn apply(&self, next: ListState) {
        if self.url.state.with_untracked(|state| *state == next) {
            return;
        }
        self.url.go(next, self.in_run.get_value());
        self.in_run.set_value(true);
        let in_run = self.in_run;
        self.rest
            .restart(HISTORY_PAUSE, move || in_run.set_value(false));
    }

    /// The run of edits is over (the user left a field): the next edit makes a new entry.
    fn end_run(&self) {
        self.rest.cancel();
        self.in_run.set_value(false);
    }

    /// Drops typing still waiting and ends the run, before a navigation of
    /// its own (a chip, "Clear filters").
    pub(super) fn cancel(&self) {
        self.typing.cancel();
        self.end_run();
    }
}

/// What the text inputs show. They keep what the user types, and follow
/// the URL when it changes for another reason (back/forward, a clicked
/// owner link, a removed chip).
#[derive(Clone, Copy)]
struct TextDrafts {
    owner: RwSignal<String>,
    search: RwSignal<String>,
}

impl TextDrafts {
    fn following(state: Memo<ListState>) -> Self {
        let drafts = TextDrafts {
            owner: RwSignal::new(String::new()),
            search: RwSignal::new(String::new()),
        };
        Effect::new(move |_| {
            let (owner, search) = state.with(|state| {
                let text = |value: &Option<String>| value.clone().unwrap_or_default();
                (text(&state.query.owner_id), text(&state.query.q))
            });
            for (draft, value) in [(drafts.owner, owner), (drafts.search, search)] {
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
    edits: FilterEdits,
    /// Support users may filter by account (`user_id`).
    is_support: Signal<bool>,
    clear_filters: Callback<()>,
) -> impl IntoView {
    let state = url.state;
    let drafts = TextDrafts::following(state);

    let apply_typing = move || {
        edits.typing.cancel();
        let owner = filter_value(&drafts.owner.get_untracked());
        let q = filter_value(&drafts.search.get_untracked());
        // Leaving a field unchanged is no edit: the page stays where it is.
        let next = state.with_untracked(|state| {
            (state.query.owner_id != owner || state.query.q != q).then(|| {
                state.changed(|query| {
                    query.owner_id = owner;
                    query.q = q;
                })
            })
        });
        if let Some(next) = next {
            edits.apply(next);
        }
    };
    let typed = move |draft: RwSignal<String>| {
        move |event: ev::Event| {
            draft.set(event_target_value(&event));
            edits.typing.restart(TYPING_PAUSE, apply_typing);
        }
    };
    // Leaving a field, or Enter in it: what was typed applies now, and the run of edits ends.
    let settle = move || {
        apply_typing();
        edits.end_run();
    };
    let on_key = move |event: ev::KeyboardEvent| {
        if event.key() == "Enter" {
            event.prevent_default();
            settle();
        }
    };
    let show_account_filter =
        move || is_support.get() || state.with(|state| state.query.user_id.is_some());

    view! {
        <form
            class="filters"
            role="search"
            aria-label="Filter sandboxes"
            on:submit=|event| event.prevent_default()
        >
            <div class="field">
                <label for="filter-owner">"Owner ID"</label>
                <input
                    id="filter-owner"
                    name="owner_id"
                    type="text"
                    autocomplete="off"
                    spellcheck="false"
                    placeholder="e.g. cust_4711"
                    prop:value=move || drafts.owner.get()
                    on:input=typed(drafts.owner)
                    on:keydown=on_key
                    on:blur=move |_| settle()
                />
            </div>
            <Show when=show_account_filter>
                <AccountFilter url edits />
            </Show>
            <div class="field">
                <label for="filter-q">"Search"</label>
                <input
                    id="filter-q"
                    name="q"
                    type="search"
                    autocomplete="off"
                    spellcheck="false"
                    placeholder="Name or owner ID"
                    prop:value=move || drafts.search.get()
                    on:input=typed(drafts.search)
                    on:keydown=on_key
                    on:blur=move |_| settle()
                />
            </div>
            <ChoiceFilter
                url
                edits
                name="status"
                label="Status"
                any="Any status"
                choices=SandboxStatus::ALL
                value_name=SandboxStatus::as_str
                describe=status_label
                get=|query| query.status
                set=|query, status| query.status = status
            />
            <ChoiceFilter
                url
                edits
                name="tier"
                label="Tier"
                any="Any tier"
                choices=Tier::ALL
                value_name=Tier::as_str
                describe=Tier::as_str
                get=|query| query.tier
                set=|query, tier| query.tier = tier
            />
            <PageSizeFilter url edits />
        </form>
        <FilterChips url edits clear_filters />
    }
}

/// A select of the filters: each pick applies at once, and leaving it ends the run of edits.
fn picked(
    edits: FilterEdits,
    next: impl Fn(&str) -> Option<ListState> + 'static,
) -> impl Fn(ev::Event) {
    move |event: ev::Event| {
        if let Some(next) = next(&event_target_value(&event)) {
            edits.apply(next);
        }
    }
}

/// A menu of one of the query's closed sets (status, tier), "any" first.
#[component]
fn ChoiceFilter<T>(
    url: ListUrl,
    edits: FilterEdits,
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
    let on_change = picked(edits, move |typed| {
        let chosen = choices
            .iter()
            .copied()
            .find(|&choice| value_name(choice) == typed);
        Some(state.with_untracked(|state| state.changed(|query| set(query, chosen))))
    });
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select id=id name=name on:change=on_change on:blur=move |_| edits.end_run()>
                <option value="" prop:selected=move || state.with(|s| get(&s.query).is_none())>
                    {any}
                </option>
                {choices
                    .iter()
                    .map(|&choice| {
                        view! {
                            <option
                                value=value_name(choice)
                                prop:selected=move || state.with(|s| get(&s.query) == Some(choice))
                            >
                                {describe(choice)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

/// The accounts a support user may pick, by name: those the list has
/// shown, and the one the URL names even when its name is not known.
fn account_choices(
    known: &BTreeMap<String, String>,
    current: Option<&str>,
) -> Vec<(String, String)> {
    let mut choices: Vec<(String, String)> = known
        .iter()
        .map(|(id, name)| (id.clone(), format!("{name} ({id})")))
        .collect();
    if let Some(current) = current.filter(|current| !known.contains_key(*current)) {
        choices.push((current.to_owned(), current.to_owned()));
    }
    choices.sort_by_key(|(_, text)| text.to_lowercase());
    choices
}

/// Support's filter by tenant account (`user_id`), picked by name.
#[component]
fn AccountFilter(url: ListUrl, edits: FilterEdits) -> impl IntoView {
    let session = use_session();
    let state = url.state;
    let current = Memo::new(move |_| state.with(|state| state.query.user_id.clone()));
    let on_change = picked(edits, move |picked| {
        let user_id = filter_value(picked);
        Some(state.with_untracked(|state| state.changed(|query| query.user_id = user_id)))
    });
    view! {
        <div class="field">
            <label for="filter-user">"Account"</label>
            <select
                id="filter-user"
                name="user_id"
                on:change=on_change
                on:blur=move |_| edits.end_run()
            >
                {move || {
                    let current = current.get();
                    let choices = session
                        .accounts
                        .with(|known| account_choices(known, current.as_deref()));
                    let any = view! {
                        <option value="" selected=current.is_none()>
                            "Any account"
                        </option>
                    };
                    let accounts = choices
                        .into_iter()
                        .map(|(id, text)| {
                            let selected = current.as_deref() == Some(id.as_str());
                            view! {
                                <option value=id selected=selected>
                                    {text}
                                </option>
                            }
                        })
                        .collect_view();
                    (any, accounts)
                }}
            </select>
        </div>
    }
}

/// Rows per page: another size keeps the first row shown in view.
#[component]
fn PageSizeFilter(url: ListUrl, edits: FilterEdits) -> impl IntoView {
    let state = url.state;
    let page_size = Memo::new(move |_| state.with(|state| state.query.limit));
    let on_change = picked(edits, move |picked| {
        let limit = picked.parse::<u32>().ok()?;
        Some(state.with_untracked(|state| state.with_page_size(limit)))
    });
    view! {
        <div class="field">
            <label for="filter-limit">"Rows per page"</label>
            <select
                id="filter-limit"
                name="limit"
                on:change=on_change
                on:blur=move |_| edits.end_run()
            >
                {move || {
                    let current = page_size.get();
                    let mut sizes = PAGE_SIZES.to_vec();
                    if !sizes.contains(&current) {
                        sizes.push(current);
                        sizes.sort_unstable();
                    }
                    sizes
                        .into_iter()
                        .map(|size| {
                            // A size from a pasted URL that the menu lacks is shown too, so the menu tells the truth.
                            view! {
                                <option value=size.to_string() selected=size == current>
                                    {size.to_string()}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
        </div>
    }
}

/// One active filter as a chip: what it says, the control that sets it,
/// and how to remove it from a query.
struct Chip {
    text: String,
    control_id: &'static str,
    remove: fn(&mut SandboxListQuery),
}

fn chips(query: &SandboxListQuery, accounts: &BTreeMap<String, String>) -> Vec<Chip> {
    let mut chips = Vec::new();
    if let Some(owner) = &query.owner_id {
        chips.push(Chip {
            text: format!("Owner: {owner}"),
            control_id: "filter-owner",
            remove: |query| query.owner_id = None,
        });
    }
    if let Some(account) = &query.user_id {
        let name = accounts.get(account).unwrap_or(account);
        chips.push(Chip {
            text: format!("Account: {name}"),
            control_id: "filter-user",
            remove: |query| query.user_id = None,
        });
    }
    if let Some(q) = &query.q {
        chips.push(Chip {
            text: format!("Search: \u{201c}{q}\u{201d}"),
            control_id: "filter-q",
            remove: |query| query.q = None,
        });
    }
    if let Some(status) = query.status {
        chips.push(Chip {
            text: format!("Status: {}", status_label(status)),
            control_id: "filter-status",
            remove: |query| query.status = None,
        });
    }
    if let Some(tier) = query.tier {
        chips.push(Chip {
            text: format!("Tier: {}", tier.as_str()),
            control_id: "filter-tier",
            remove: |query| query.tier = None,
        });
    }
    chips
}

/// The active filters, each with a button that removes it (a history entry
/// of its own) and gives the focus to that filter's control, then "Clear
/// filters" for all of them; nothing while no filter is set.
#[component]
fn FilterChips(url: ListUrl, edits: FilterEdits, clear_filters: Callback<()>) -> impl IntoView {
    let session = use_session();
    let state = url.state;
    let remove = move |chip_remove: fn(&mut SandboxListQuery), control_id: &'static str| {
        edits.cancel();
        url.change(chip_remove);
        focus_soon(control_id);
    };
    move || {
        let chips = state.with(|state| {
            session
                .accounts
                .with(|accounts| chips(&state.query, accounts))
        });
        (!chips.is_empty()).then(|| {
            let items = chips
                .into_iter()
                .map(|chip| {
                    let Chip {
                        text,
                        control_id,
                        remove: chip_remove,
                    } = chip;
                    let label = format!("Remove filter {text}");
                    view! {
                        <li class="chip" data-testid="filter-chip">
                            <span>{text}</span>
                            <button
                                type="button"
                                class="chip-remove"
                                aria-label=label
                                title="Remove this filter"
                                on:click=move |_| remove(chip_remove, control_id)
                            >
                                "\u{d7}"
                            </button>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <div class="active-filters">
                    <ul class="filter-chips" aria-label="Active filters">
                        {items}
                    </ul>
                    <button
                        type="button"
                        class="button button-quiet button-small"
                        data-testid="clear-all-filters"
                        on:click=move |_| clear_filters.run(())
                    >
                        "Clear filters"
                    </button>
                </div>
            }
        })
    }
}
