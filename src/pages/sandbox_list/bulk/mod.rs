//! The list's bulk actions on the selection: a button per action, which
//! opens the confirmation of what would happen (`confirm.rs`); the run's
//! progress and results (`progress.rs`). The work itself is `crate::bulk`.

mod confirm;
mod progress;

use leptos::prelude::*;
use sandbox_api::Sandbox;

use self::confirm::BulkConfirm;
pub(super) use self::progress::RunPanel;
use crate::bulk::plan::BulkAction;
use crate::bulk::selection::Selection;
use crate::bulk::use_bulk_run;

/// A button per action; each opens the confirmation, which works out its
/// plan from the selection and the caller's permissions. Extend and
/// Protect are offered when the list's server records expiry (v1.1).
#[component]
pub(super) fn BulkActions(
    selection: Selection,
    /// The rows shown now carry expiry and protection (a v1.1 server).
    has_lifecycle: Signal<bool>,
) -> impl IntoView {
    let run = use_bulk_run();
    let action = RwSignal::new(None::<BulkAction>);
    let selected = RwSignal::new(Vec::<Sandbox>::new());
    let open = RwSignal::new(false);
    // One run at a time: its results stay until dismissed or replaced.
    let busy = Memo::new(move |_| {
        run.shown.with(|shown| {
            shown
                .as_ref()
                .is_some_and(|shown| !shown.progress.phase.is_settled())
        })
    });
    let button = move |chosen: BulkAction| {
        view! {
            <button
                type="button"
                class="button button-secondary button-small"
                class:button-danger=chosen == BulkAction::Delete
                data-testid=chosen.testid()
                disabled=move || busy.get()
                title=move || busy.get().then_some("A bulk action is still running")
                on:click=move |_| {
                    selected.set(selection.sandboxes());
                    action.set(Some(chosen));
                    open.set(true);
                }
            >
                {chosen.label()}
            </button>
        }
    };
    view! {
        <div class="bulk-actions" role="group" aria-label="Act on the selected sandboxes">
            {BulkAction::BASIC.into_iter().map(button).collect_view()}
            {move || {
                if has_lifecycle.get() {
                    BulkAction::LIFECYCLE.into_iter().map(button).collect_view().into_any()
                } else {
                    view! {
                        <span class="reason" data-testid="bulk-lifecycle-absent">
                            "Extend and Protect need a server that records expiry (API v1.1)."
                        </span>
                    }
                        .into_any()
                }
            }}
        </div>
        <BulkConfirm action selected open />
    }
}
