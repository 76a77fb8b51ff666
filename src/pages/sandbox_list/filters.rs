//! The list's filters, all applied the same way: as the user types (text,
//! once typing pauses) or picks (menus). A run of edits makes one history
//! entry: its first edit adds the entry and later ones replace it, until
//! the user pauses or leaves the field. Active filters show as chips that
//! remove them. The text filters are here; the history logic is in
//! `edits.rs`, the menus in `choice_filters.rs`, the chips in `chips.rs`.

use leptos::ev;
use leptos::prelude::*;
use sandbox_api::{SandboxStatus, Tier};

use super::chips::FilterChips;
use super::choice_filters::{AccountFilter, ChoiceFilter, PageSizeFilter};
use super::edits::{filter_value, FilterEdits, TYPING_PAUSE};
use super::quick_filter::ExpiringSoonFilter;
use super::state::{ListState, ListUrl};
use crate::components::status_label;

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
    /// The server sends expiry (v1.1): the quick filter is offered.
    lifecycle: Signal<bool>,
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
    // One text filter: its id, label, query parameter, input type and placeholder.
    let text_filter = move |id: &'static str,
                            label: &'static str,
                            name: &'static str,
                            kind: &'static str,
                            placeholder: &'static str,
                            draft: RwSignal<String>| {
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <input
                    id=id
                    name=name
                    type=kind
                    autocomplete="off"
                    spellcheck="false"
                    placeholder=placeholder
                    prop:value=move || draft.get()
                    on:input=typed(draft)
                    on:keydown=on_key
                    on:blur=move |_| settle()
                />
            </div>
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
            {text_filter(
                "filter-owner",
                "Owner ID",
                "owner_id",
                "text",
                "e.g. cust_4711",
                drafts.owner,
            )}
            <Show when=show_account_filter>
                <AccountFilter url edits />
            </Show>
            {text_filter("filter-q", "Search", "q", "search", "Name or owner ID", drafts.search)}
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
            <ExpiringSoonFilter url edits available=lifecycle />
            <PageSizeFilter url edits />
        </form>
        <FilterChips url edits clear_filters />
    }
}
