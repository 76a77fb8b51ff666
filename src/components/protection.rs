//! Protection (v1.1): whether the sandbox is protected, what that blocks,
//! and, for its owners, Protect / Unprotect.
//!
//! Unprotecting is asked for once more only when it lets expiry delete the
//! sandbox at once (its expiry has passed): otherwise it deletes nothing,
//! is undone with one click, and Refresh and Delete keep their own
//! confirmations.

use leptos::prelude::*;
use sandbox_api::{is_expired, PatchSandbox, Sandbox};

use super::confirm_dialog::ConfirmDialog;
use super::expiry::now_ms;
use super::notices::use_notices;
use super::sandbox_action::refusal;
use crate::api;
use crate::current_sandbox::use_current_sandbox;
use crate::format::exact_time;
use crate::permissions::SandboxAction;
use crate::session::use_client;

/// What protection blocks, in one sentence.
pub const PROTECTION_BLOCKS: &str =
    "A protected sandbox cannot be refreshed, deleted or removed by expiry until an owner unprotects it.";

/// Whether unprotecting `sandbox` at `now_ms` lets expiry delete it within a minute.
pub fn unprotect_deletes(sandbox: &Sandbox, now_ms: i64) -> bool {
    sandbox
        .expires_at
        .clone()
        .flatten()
        .is_some_and(|at| is_expired(&at, now_ms))
}

/// The protection line of the detail page, with the owner's toggle.
#[component]
pub fn ProtectionControl() -> impl IntoView {
    let current = use_current_sandbox();
    let client = use_client();
    let notices = use_notices();
    let protected = Memo::new(move |_| {
        current
            .sandbox
            .with(|s| s.as_ref().is_some_and(Sandbox::is_protected))
    });
    // Owners only: anyone else sees the state, not a control.
    let refused = refusal(current.sandbox.into(), SandboxAction::Protect);
    let may_change = Memo::new(move |_| refused.with(Option::is_none));
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let confirm_open = RwSignal::new(false);

    let send = move |protect: bool| {
        let Some(sandbox) = current.sandbox.get_untracked() else {
            return;
        };
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        error.set(None);
        let client = client.clone();
        let change = PatchSandbox {
            protected: Some(protect),
            ..PatchSandbox::default()
        };
        leptos::task::spawn_local(async move {
            let result = api::sandboxes::patch(&client, &sandbox.sandbox_id, &change).await;
            pending.set(false);
            match result {
                Ok(changed) => {
                    confirm_open.set(false);
                    notices.success(if protect {
                        format!("Protected sandbox {}. {PROTECTION_BLOCKS}", changed.name)
                    } else {
                        format!("Unprotected sandbox {}.", changed.name)
                    });
                    current.replace(changed);
                }
                Err(failure) => {
                    let what = if protect { "protect" } else { "unprotect" };
                    let message = format!(
                        "Could not {what} sandbox {}: {}",
                        sandbox.name,
                        failure.message()
                    );
                    notices.failure(message.clone());
                    error.set(Some(message));
                }
            }
        });
    };
    let send_toggle = send.clone();
    let toggle = move |_| {
        let protect = !protected.get_untracked();
        let deletes = current
            .sandbox
            .with_untracked(|s| s.as_ref().is_some_and(|s| unprotect_deletes(s, now_ms())));
        if !protect && deletes {
            confirm_open.set(true);
        } else {
            send_toggle(protect);
        }
    };
    let expired_at = move || {
        current
            .sandbox
            .with(|s| s.as_ref().and_then(|s| s.expires_at.clone().flatten()))
            .map(|at| exact_time(&at))
            .unwrap_or_default()
    };

    view! {
        <div class="protection" data-testid="protection">
            <p data-testid="protection-state">
                <strong>
                    {move || if protected.get() { "Protected." } else { "Not protected." }}
                </strong>
                " "
                <span class="muted">{PROTECTION_BLOCKS}</span>
            </p>
            <Show when=move || may_change.get()>
                <button
                    type="button"
                    class="button"
                    data-testid="protect-toggle"
                    disabled=move || pending.get()
                    aria-busy=move || pending.get().to_string()
                    on:click=toggle.clone()
                >
                    {move || match (protected.get(), pending.get()) {
                        (_, true) => "Saving\u{2026}",
                        (true, false) => "Unprotect",
                        (false, false) => "Protect",
                    }}
                </button>
            </Show>
            <p class="field-error" role="alert" data-testid="protection-error">
                {move || error.get()}
            </p>
            <ConfirmDialog
                open=confirm_open
                title=Signal::derive(move || {
                    let name = current
                        .sandbox
                        .with(|s| s.as_ref().map(|s| s.name.clone()).unwrap_or_default());
                    format!("Unprotect \u{201c}{name}\u{201d}?")
                })
                name="unprotect-dialog"
                confirm_label="Unprotect and let it expire"
                pending_label="Unprotecting\u{2026}"
                danger=true
                pending
                error=error
                on_confirm=Callback::new(move |()| send(false))
            >
                <p class="dialog-warning">
                    <strong>"Its expiry has passed ("{expired_at}")."</strong>
                    " Once unprotected, the server deletes it within a minute, with its members, apps and data sources. Extend it first to keep it."
                </p>
            </ConfirmDialog>
        </div>
    }
}
