//! The list's bulk actions on the selection: a button per action, which
//! opens the confirmation of what would happen (`confirm.rs`); the run's
//! progress and results (`progress.rs`). The work itself is `crate::bulk`.

mod confirm;
mod progress;

use leptos::prelude::*;

use self::confirm::BulkConfirm;
pub(super) use self::progress::RunPanel;
use crate::bulk::plan::{BulkAction, Plan};
use crate::bulk::selection::Selection;
use crate::bulk::use_bulk_run;
use crate::session::use_session;

/// A button per action; each works out its plan from the selection and
/// the caller's permissions when pressed, and asks before anything runs.
#[component]
pub(super) fn BulkActions(selection: Selection) -> impl IntoView {
    let session = use_session();
    let run = use_bulk_run();
    let plan = RwSignal::new(None::<Plan>);
    let open = RwSignal::new(false);
    // One run at a time: its results stay until dismissed or replaced.
    let busy = Memo::new(move |_| {
        run.shown.with(|shown| {
            shown
                .as_ref()
                .is_some_and(|shown| !shown.progress.phase.is_settled())
        })
    });
    let choose = move |action: BulkAction| {
        move |_| {
            let selected = selection.sandboxes();
            let me = session.me.get_untracked();
            plan.set(Some(Plan::new(action, me.as_ref(), &selected)));
            open.set(true);
        }
    };
    view! {
        <div class="bulk-actions" role="group" aria-label="Act on the selected sandboxes">
            {BulkAction::ALL
                .into_iter()
                .map(|action| {
                    view! {
                        <button
                            type="button"
                            class="button button-secondary button-small"
                            class:button-danger=action == BulkAction::Delete
                            data-testid=action.testid()
                            disabled=move || busy.get()
                            title=move || busy.get().then_some("A bulk action is still running")
                            on:click=choose(action)
                        >
                            {action.label()}
                        </button>
                    }
                })
                .collect_view()}
        </div>
        <BulkConfirm plan open />
    }
}
