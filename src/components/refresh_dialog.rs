//! Refresh: a button, and a confirmation that says what a refresh does
//! before it wipes anything.

use leptos::prelude::*;
use sandbox_api::Sandbox;

use super::sandbox_action::{action_target, refusal, ActionTrigger, DialogError};
use super::{use_notices, Dialog, Time};
use crate::api;
use crate::permissions::SandboxAction;
use crate::session::use_client;

/// "Refresh" and its confirmation. On the detail page it needs no props:
/// it acts on `CurrentSandbox` and puts the returned (refreshing) sandbox
/// there, so the page polls it back to active. In a list row, pass the
/// row's `sandbox` and an `on_done` that receives the refreshing sandbox.
#[component]
pub fn RefreshAction(
    #[prop(optional, into)] sandbox: Option<Signal<Sandbox>>,
    #[prop(optional, into)] on_done: Option<Callback<Sandbox>>,
    /// Small button, reason as tooltip: for table rows.
    #[prop(optional)]
    compact: bool,
) -> impl IntoView {
    let (target, current) = action_target(sandbox);
    let refusal = refusal(target, SandboxAction::Refresh);
    let client = use_client();
    let notices = use_notices();
    let open = RwSignal::new(false);
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<api::ApiError>);
    let name = Signal::derive(move || target.with(|sandbox| sandbox.as_ref().map(|s| s.name.clone()).unwrap_or_default()));
    let last_refreshed = Signal::derive(move || target.with(|sandbox| sandbox.as_ref().and_then(|s| s.last_refreshed_at.clone())));

    // A fresh dialog each time: no error left over from the last attempt.
    Effect::new(move |_| {
        if open.get() {
            error.set(None);
        }
    });

    let confirm = move |_| {
        if pending.get_untracked() {
            return;
        }
        let Some(sandbox) = target.get_untracked() else { return };
        pending.set(true);
        let client = client.clone();
        leptos::task::spawn_local(async move {
            let result = api::sandboxes::refresh(&client, &sandbox.sandbox_id).await;
            pending.set(false);
            match result {
                Ok(refreshing) => {
                    open.set(false);
                    notices.success(format!("Refreshing sandbox {}: it is being restored from production.", sandbox.name));
                    match (on_done, current) {
                        (Some(on_done), _) => on_done.run(refreshing),
                        (None, Some(current)) => current.replace(refreshing),
                        (None, None) => {}
                    }
                }
                Err(failure) => {
                    notices.failure(format!("Could not refresh sandbox {}: {}", sandbox.name, failure.message()));
                    error.set(Some(failure));
                }
            }
        });
    };

    view! {
        <ActionTrigger
            label="Refresh"
            accessible_label=Signal::derive(move || format!("Refresh {}", name.get()))
            refusal
            open
            testid="refresh-open"
            compact
        />
        <Dialog open title=Signal::derive(move || format!("Refresh sandbox \u{201c}{}\u{201d}?", name.get())) name="refresh-dialog">
            <div class="dialog-body">
                <p>"Refreshing wipes this sandbox and restores it from production:"</p>
                <ul class="dialog-facts">
                    <li>"Its data is replaced by a fresh copy of production."</li>
                    <li>"Its apps return to the versions running in production."</li>
                    <li>"Its members and data sources stay as they are."</li>
                </ul>
                <p>"Last refreshed: " <Time value=last_refreshed/> "."</p>
                <DialogError error/>
            </div>
            <div class="dialog-actions">
                // The harmless choice gets focus: Enter right after opening wipes nothing.
                <button type="button" class="button button-secondary" autofocus=true on:click=move |_| open.set(false)>"Cancel"</button>
                <button type="button" class="button button-primary" data-testid="refresh-confirm"
                    disabled=move || pending.get() on:click=confirm.clone()>
                    {move || if pending.get() { "Refreshing…" } else { "Refresh sandbox" }}
                </button>
            </div>
        </Dialog>
    }
}
