//! The list's bulk actions on the selection: a button per action, which
//! opens the confirmation of what would happen (`confirm.rs`); the run's
//! progress and results (`progress.rs`). The work itself is `crate::bulk`.
//!
//! The confirmation and the run's panel are split points of their own
//! (`crate::chunks::lazy_part!`): not in the list's first module, their
//! code is fetched when a row is first selected (`prefetch`) and shown
//! from it; their props reach them through a context.

mod confirm;
mod progress;

use leptos::prelude::*;
use sandbox_api::Sandbox;

use self::confirm::BulkConfirm;
use self::progress::RunPanel;
use crate::bulk::plan::BulkAction;
use crate::bulk::selection::Selection;
use crate::bulk::use_bulk_run;
use crate::chunks::{lazy_part, prefetch};

/// The confirmation's props, provided by `BulkActions`.
#[derive(Clone, Copy)]
struct ConfirmProps {
    action: RwSignal<Option<BulkAction>>,
    selected: RwSignal<Vec<Sandbox>>,
    open: RwSignal<bool>,
}

/// The run panel's props, provided by `LazyRunPanel`'s caller.
#[derive(Clone, Copy)]
struct RunPanelProps {
    selection: Selection,
    on_settled: Callback<()>,
}

#[component]
fn ConfirmFromContext() -> impl IntoView {
    let ConfirmProps {
        action,
        selected,
        open,
    } = expect_context();
    view! { <BulkConfirm action selected open /> }
}

#[component]
fn RunPanelFromContext() -> impl IntoView {
    let RunPanelProps {
        selection,
        on_settled,
    } = expect_context();
    view! { <RunPanel selection on_settled /> }
}

lazy_part!(
    lazy_confirm,
    load_bulk_confirm,
    preload_bulk_confirm,
    ConfirmFromContext
);
lazy_part!(
    lazy_run_panel,
    load_run_panel,
    preload_run_panel,
    RunPanelFromContext
);

/// The run's panel, from its own chunk: rendered once a row has been
/// selected or while a run is shown (it outlives the page), nothing before.
#[component]
pub(super) fn LazyRunPanel(
    selection: Selection,
    /// Called when the run settles (the list loads again).
    on_settled: Callback<()>,
) -> impl IntoView {
    let run = use_bulk_run();
    provide_context(RunPanelProps {
        selection,
        on_settled,
    });
    let wanted = Memo::new(move |before: Option<&bool>| {
        before.copied().unwrap_or(false) || selection.count() > 0 || run.shown.with(Option::is_some)
    });
    move || wanted.get().then(lazy_run_panel)
}

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
    // Shown from the first selected row: the confirmation's code is fetched
    // now (the run panel's too), so that opening it does not wait; each
    // chunk is fetched once.
    prefetch(preload_bulk_confirm());
    prefetch(preload_run_panel());
    let action = RwSignal::new(None::<BulkAction>);
    let selected = RwSignal::new(Vec::<Sandbox>::new());
    let open = RwSignal::new(false);
    provide_context(ConfirmProps {
        action,
        selected,
        open,
    });
    // From its chunk once first opened; kept after (it renders nothing shut).
    let opened =
        Memo::new(move |before: Option<&bool>| before.copied().unwrap_or(false) || open.get());
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
        {move || opened.get().then(lazy_confirm)}
    }
}
