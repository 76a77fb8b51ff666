//! A sandbox's status as a coloured badge, and in words while it changes.

use leptos::prelude::*;
use sandbox_api::SandboxStatus;

/// The status as a person reads it.
pub fn status_label(status: SandboxStatus) -> &'static str {
    match status {
        SandboxStatus::Provisioning => "Provisioning",
        SandboxStatus::Seeding => "Seeding",
        SandboxStatus::Active => "Active",
        SandboxStatus::Refreshing => "Refreshing",
        SandboxStatus::Failed => "Failed",
    }
}

/// What is happening while the status is transient ("Seeding sample data…"), else `None`.
pub fn progress_text(status: SandboxStatus) -> Option<&'static str> {
    match status {
        SandboxStatus::Provisioning => Some("Provisioning…"),
        SandboxStatus::Seeding => Some("Seeding sample data…"),
        SandboxStatus::Refreshing => Some("Refreshing…"),
        SandboxStatus::Active | SandboxStatus::Failed => None,
    }
}

/// `<span class="badge badge-active">Active</span>`; the colour is never the
/// only signal, the word is always there.
/// A plain value: where the status changes, the caller renders it again.
#[component]
pub fn StatusBadge(status: SandboxStatus) -> impl IntoView {
    view! {
        <span
            class=format!("badge badge-{}", status.as_str())
            data-testid="status-badge"
            data-status=status.as_str()
        >
            {status_label(status)}
        </span>
    }
}

/// An indeterminate progress bar with what is happening, announced politely.
/// Renders nothing for a final status.
#[component]
pub fn StatusProgress(#[prop(into)] status: Signal<SandboxStatus>) -> impl IntoView {
    move || {
        progress_text(status.get()).map(|text| {
            view! {
                <div class="progress" role="status" data-testid="progress">
                    <progress aria-label=text></progress>
                    <span>{text}</span>
                </div>
            }
        })
    }
}
