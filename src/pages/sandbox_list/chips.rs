//! Active filters as chips that remove them, and "Clear filters".

use std::collections::BTreeMap;

use super::edits::FilterEdits;
use super::quick_filter::EXPIRING_SOON_ID;
use super::state::{ListState, ListUrl};
use crate::components::expiry::EXPIRING_SOON_HOURS;
use crate::components::field::focus_soon;
use crate::components::status_label;
use crate::session::use_session;
use leptos::prelude::*;

/// One active filter as a chip: what it says, the control that sets it,
/// and how to remove it from a query.
struct Chip {
    text: String,
    control_id: &'static str,
    remove: fn(&mut ListState),
}

fn chips(state: &ListState, accounts: &BTreeMap<String, String>) -> Vec<Chip> {
    let query = &state.query;
    let mut chips = Vec::new();
    if let Some(owner) = &query.owner_id {
        chips.push(Chip {
            text: format!("Owner: {owner}"),
            control_id: "filter-owner",
            remove: |state| state.query.owner_id = None,
        });
    }
    if let Some(account) = &query.user_id {
        let name = accounts.get(account).unwrap_or(account);
        chips.push(Chip {
            text: format!("Account: {name}"),
            control_id: "filter-user",
            remove: |state| state.query.user_id = None,
        });
    }
    if let Some(q) = &query.q {
        chips.push(Chip {
            text: format!("Search: \u{201c}{q}\u{201d}"),
            control_id: "filter-q",
            remove: |state| state.query.q = None,
        });
    }
    if let Some(status) = query.status {
        chips.push(Chip {
            text: format!("Status: {}", status_label(status)),
            control_id: "filter-status",
            remove: |state| state.query.status = None,
        });
    }
    if let Some(tier) = query.tier {
        chips.push(Chip {
            text: format!("Tier: {}", tier.as_str()),
            control_id: "filter-tier",
            remove: |state| state.query.tier = None,
        });
    }
    if state.expiring_soon {
        chips.push(Chip {
            text: format!("Expiring within {EXPIRING_SOON_HOURS} hours"),
            control_id: EXPIRING_SOON_ID,
            remove: |state| state.expiring_soon = false,
        });
    }
    chips
}

/// The active filters, each with a button that removes it (a history entry
/// of its own) and gives the focus to that filter's control, then "Clear
/// filters" for all of them; nothing while no filter is set.
#[component]
pub(super) fn FilterChips(
    url: ListUrl,
    edits: FilterEdits,
    clear_filters: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let state = url.state;
    let remove = move |chip_remove: fn(&mut ListState), control_id: &'static str| {
        edits.cancel();
        url.edit(chip_remove);
        focus_soon(control_id);
    };
    move || {
        let chips = state.with(|state| session.accounts.with(|accounts| chips(state, accounts)));
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
