//! Refresh: a button, and a confirmation that says what a refresh does
//! before it wipes anything.

use leptos::prelude::*;
use sandbox_api::Sandbox;

use super::dialog::Dialog;
use super::sandbox_action::{
    protected_refusal, refusal, sandbox_name, ActionTrigger, DialogError, DialogRefusal,
    DialogRequest,
};
use super::time::Time;
use crate::api;
use crate::current_sandbox::use_current_sandbox;
use crate::permissions::SandboxAction;
use crate::session::use_client;

/// "Refresh" on the detail page: acts on `CurrentSandbox` and puts the
/// returned (refreshing) sandbox there, so the page polls it back to active.
/// `testid` tells a second Refresh on the page (a failed sandbox's) apart.
#[component]
pub fn RefreshAction(#[prop(optional)] testid: Option<&'static str>) -> impl IntoView {
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
            testid=testid.unwrap_or("refresh-open")
        />
        <RefreshDialog sandbox open on_done=move |refreshing| current.replace(refreshing) />
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
    let request = DialogRequest::new(open);
    let (pending, error) = (request.pending, request.error);
    let name = sandbox_name(target);
    let protected = protected_refusal(target, SandboxAction::Refresh);
    let last_refreshed = Signal::derive(move || {
        target.with(|sandbox| sandbox.as_ref().and_then(|s| s.last_refreshed_at.clone()))
    });

    let confirm = move |_| {
        let Some(sandbox) = target.get_untracked() else {
            return;
        };
        let client = client.clone();
        let id = sandbox.sandbox_id.clone();
        request.send(
            format!("refresh sandbox {}", sandbox.name),
            async move { api::sandboxes::refresh(&client, &id).await },
            move |refreshing| {
                on_done.run(refreshing);
                format!(
                    "Refreshing sandbox {}: it is being restored from production.",
                    sandbox.name
                )
            },
        );
    };

    view! {
        <Dialog
            open
            title=Signal::derive(move || format!("Refresh sandbox \u{201c}{}\u{201d}?", name.get()))
            name="refresh-dialog"
        >
            <div class="dialog-body">
                <p class="dialog-warning">
                    <strong>
                        "Refreshing wipes this sandbox and restores it from production. This cannot be undone."
                    </strong>
                </p>
                <p class="dialog-facts-heading">"Lost:"</p>
                <ul class="dialog-facts" data-testid="refresh-lost">
                    <li>
                        "All data in this sandbox: it is replaced by a fresh copy of production."
                    </li>
                    <li>
                        "App versions set here: its apps go back to the versions running in production."
                    </li>
                </ul>
                <p class="dialog-facts-heading">"Kept:"</p>
                <ul class="dialog-facts" data-testid="refresh-kept">
                    <li>"Its members and data sources stay as they are."</li>
                </ul>
                <p>"Last refreshed: " <Time value=last_refreshed.get() /> "."</p>
                <DialogRefusal refusal=protected testid="refresh-refused" />
                <DialogError error />
            </div>
            <div class="dialog-actions">
                // The harmless choice gets focus: Enter right after opening wipes nothing.
                <button
                    type="button"
                    class="button button-secondary"
                    autofocus=true
                    on:click=move |_| open.set(false)
                >
                    "Cancel"
                </button>
                <button
                    type="button"
                    class="button button-danger"
                    data-testid="refresh-confirm"
                    disabled=move || pending.get() || protected.with(Option::is_some)
                    on:click=confirm.clone()
                >
                    {move || if pending.get() { "Refreshing…" } else { "Refresh sandbox" }}
                </button>
            </div>
        </Dialog>
    }
}
