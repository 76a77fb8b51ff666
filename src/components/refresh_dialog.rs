//! Refresh: a button, and a confirmation that says what a refresh does
//! before it wipes anything.

use leptos::prelude::*;
use sandbox_api::Sandbox;

use super::sandbox_action::{refusal, sandbox_name, ActionTrigger, DialogError};
use super::{use_notices, Dialog, Time};
use crate::api;
use crate::pages::use_current_sandbox;
use crate::permissions::SandboxAction;
use crate::session::use_client;

/// "Refresh" on the detail page: acts on `CurrentSandbox` and puts the
/// returned (refreshing) sandbox there, so the page polls it back to active.
#[component]
pub fn RefreshAction() -> impl IntoView {
    let current = use_current_sandbox();
    let sandbox = Signal::from(current.sandbox);
    let open = RwSignal::new(false);
    let name = sandbox_name(sandbox);
    view! {
        <ActionTrigger
            label="Refresh"
            accessible_label=Signal::derive(move || format!("Refresh {}", name.get()))
            refusal=refusal(sandbox, SandboxAction::Refresh)
            on_open=move |()| open.set(true)
            testid="refresh-open"
        />
        <RefreshDialog sandbox open on_done=move |refreshing| current.replace(refreshing)/>
    }
}

/// The confirmation for `sandbox`, shown while `open`. A list keeps one
/// for all its rows and sets `sandbox` to the row before opening it.
/// `on_done` receives the refreshing sandbox the API returned.
#[component]
pub fn RefreshDialog(
    sandbox: Signal<Option<Sandbox>>,
    open: RwSignal<bool>,
    #[prop(into)] on_done: Callback<Sandbox>,
) -> impl IntoView {
    let target = sandbox;
    let client = use_client();
    let notices = use_notices();
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<api::ApiError>);
    let name = sandbox_name(target);
    let last_refreshed = Signal::derive(move || {
        target.with(|sandbox| sandbox.as_ref().and_then(|s| s.last_refreshed_at.clone()))
    });

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
        let Some(sandbox) = target.get_untracked() else {
            return;
        };
        pending.set(true);
        let client = client.clone();
        leptos::task::spawn_local(async move {
            let result = api::sandboxes::refresh(&client, &sandbox.sandbox_id).await;
            pending.set(false);
            match result {
                Ok(refreshing) => {
                    open.set(false);
                    notices.success(format!(
                        "Refreshing sandbox {}: it is being restored from production.",
                        sandbox.name
                    ));
                    on_done.run(refreshing);
                }
                Err(failure) => {
                    notices.failure(format!(
                        "Could not refresh sandbox {}: {}",
                        sandbox.name,
                        failure.message()
                    ));
                    error.set(Some(failure));
                }
            }
        });
    };

    view! {
        <Dialog open title=Signal::derive(move || format!("Refresh sandbox \u{201c}{}\u{201d}?", name.get())) name="refresh-dialog">
            <div class="dialog-body">
                <p>"Refreshing wipes this sandbox and restores it from production:"</p>
                <ul class="dialog-facts">
                    <li>"Its data is replaced by a fresh copy of production."</li>
                    <li>"Its apps return to the versions running in production."</li>
                    <li>"Its members and data sources stay as they are."</li>
                </ul>
                <p>"Last refreshed: " <Time value=last_refreshed.get()/> "."</p>
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
