//! "Expiring soon": one press shows only the sandboxes that expire within
//! 72 hours (v1.1; hidden while the server shows no expiry).

use leptos::prelude::*;

use super::edits::FilterEdits;
use super::state::ListUrl;
use crate::components::expiry::EXPIRING_SOON_HOURS;

/// The toggle's id: its chip gives the focus back to it.
pub(super) const EXPIRING_SOON_ID: &str = "filter-expiring";

/// A toggle button (`aria-pressed`), a history entry of its own per press.
/// Shown while `available` (the server sends expiry) or while the URL asks
/// for it, so it can always be turned off.
#[component]
pub(super) fn ExpiringSoonFilter(
    url: ListUrl,
    edits: FilterEdits,
    available: Signal<bool>,
) -> impl IntoView {
    let state = url.state;
    let on = Memo::new(move |_| state.with(|state| state.expiring_soon));
    let toggle = move |_| {
        edits.end_run();
        url.edit(|state| state.expiring_soon = !state.expiring_soon);
    };
    view! {
        <Show when=move || available.get() || on.get()>
            <div class="field quick-filter">
                <span class="field-label" id="filter-expiring-label">
                    "Quick filter"
                </span>
                <button
                    type="button"
                    id=EXPIRING_SOON_ID
                    class="button button-toggle"
                    aria-pressed=move || on.get().to_string()
                    aria-describedby="filter-expiring-label"
                    title=format!("Only sandboxes that expire within {EXPIRING_SOON_HOURS} hours")
                    on:click=toggle
                >
                    "Expiring soon"
                </button>
            </div>
        </Show>
    }
}
