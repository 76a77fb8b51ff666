//! Delete: a button, and a confirmation that says it is permanent and
//! only lets the delete through once the sandbox's exact name is typed.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use sandbox_api::Sandbox;

use super::dialog::Dialog;
use super::dialog_actions::DialogActions;
use super::sandbox_action::{
    protected_refusal, refusal, sandbox_name, ActionTrigger, DialogError, DialogRefusal,
    DialogRequest,
};
use crate::api;
use crate::current_sandbox::use_current_sandbox;
use crate::forms::delete_confirmed;
use crate::navigation::use_list_location;
use crate::permissions::SandboxAction;
use crate::session::use_client;

/// "Delete" on the detail page: deletes `CurrentSandbox` and returns to
/// the list the user came from (`ListLocation`, filters and all), which
/// loads without it.
#[component]
pub fn DeleteAction() -> impl IntoView {
    let sandbox = Signal::from(use_current_sandbox().sandbox);
    let list_location = use_list_location();
    // Kept in local storage: the router's navigate is not Send, callbacks must be.
    let navigate = StoredValue::new_local(use_navigate());
    let open = RwSignal::new(false);
    let name = sandbox_name(sandbox);
    let back_to_list = move |_| {
        navigate
            .with_value(|navigate| navigate(&list_location.0.get_untracked(), Default::default()))
    };
    view! {
        <ActionTrigger
            label="Delete"
            accessible_label=Signal::derive(move || format!("Delete {}", name.get()))
            refusal=refusal(sandbox, SandboxAction::Delete)
            on_open=move |()| open.set(true)
            testid="delete-open"
            danger=true
        />
        <DeleteDialog sandbox open on_done=back_to_list />
    }
}

/// The confirmation for `sandbox`, shown while `open`. A list keeps one
/// for all its rows and sets `sandbox` to the row before opening it.
/// `on_done` receives the deleted sandbox.
#[component]
pub fn DeleteDialog(
    sandbox: Signal<Option<Sandbox>>,
    open: RwSignal<bool>,
    #[prop(into)] on_done: Callback<Sandbox>,
) -> impl IntoView {
    let target = sandbox;
    let client = use_client();
    let request = DialogRequest::new(open);
    let (pending, error) = (request.pending, request.error);
    let typed = RwSignal::new(String::new());
    let name = sandbox_name(target);
    let protected = protected_refusal(target, SandboxAction::Delete);
    let confirmed =
        Signal::derive(move || typed.with(|typed| name.with(|name| delete_confirmed(typed, name))));

    // A fresh dialog each time: nothing typed last time remains.
    Effect::new(move |_| {
        if open.get() {
            typed.set(String::new());
        }
    });

    let confirm = move |event: web_sys::SubmitEvent| {
        event.prevent_default();
        let allowed = confirmed.get_untracked() && protected.with_untracked(Option::is_none);
        let Some(sandbox) = target.get_untracked().filter(|_| allowed) else {
            return;
        };
        let client = client.clone();
        let id = sandbox.sandbox_id.clone();
        request.send(
            format!("delete sandbox {}", sandbox.name),
            async move { api::sandboxes::delete(&client, &id).await },
            move |()| {
                let said = format!(
                    "Deleted sandbox {} (owner {}).",
                    sandbox.name, sandbox.owner_id
                );
                on_done.run(sandbox);
                said
            },
        );
    };

    view! {
        <Dialog
            open
            title=Signal::derive(move || format!("Delete sandbox \u{201c}{}\u{201d}?", name.get()))
            name="delete-dialog"
        >
            <form class="dialog-body" on:submit=confirm.clone() novalidate>
                <p class="dialog-warning">
                    <strong>"This is permanent."</strong>
                    " The sandbox is deleted together with its members, its apps and its data sources. It cannot be restored."
                </p>
                <div class="field">
                    <label class="field-label" for="delete-confirm-name">
                        "To confirm, type the sandbox\u{2019}s name: "
                        <code class="confirm-name" data-testid="delete-name">
                            {name}
                        </code>
                    </label>
                    <input
                        id="delete-confirm-name"
                        class="input"
                        // Where the user acts first; showModal() focuses it.
                        autofocus=true
                        type="text"
                        autocomplete="off"
                        spellcheck="false"
                        prop:value=move || typed.get()
                        on:input=move |event| typed.set(event_target_value(&event))
                    />
                </div>
                <DialogRefusal refusal=protected testid="delete-refused" />
                <DialogError error />
                <DialogActions open>
                    <button
                        type="submit"
                        class="button button-danger"
                        data-testid="delete-confirm"
                        disabled=move || {
                            pending.get() || !confirmed.get() || protected.with(Option::is_some)
                        }
                    >
                        {move || if pending.get() { "Deleting…" } else { "Delete sandbox" }}
                    </button>
                </DialogActions>
            </form>
        </Dialog>
    }
}
