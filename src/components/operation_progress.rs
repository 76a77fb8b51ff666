//! What a sandbox in a transient status is doing (v1.1 `operation`): its
//! steps, how far it is and how long it has left; and why a failed
//! sandbox failed. A v1.0 server sends neither: the status alone shows.

use leptos::prelude::*;
use sandbox_api::{Operation, OperationStep, Sandbox, SandboxStatus, StepState};

use super::refresh_dialog::RefreshAction;
use super::sandbox_action::refusal;
use super::status_badge::StatusProgress;
use crate::format::{now_ms, parse_time};
use crate::permissions::SandboxAction;

/// A step's state in words (never only its colour or icon).
pub fn step_state_text(state: StepState) -> &'static str {
    match state {
        StepState::Done => "done",
        StepState::Running => "running",
        StepState::Pending => "pending",
        StepState::Failed => "failed",
    }
}

/// The progress as a whole percentage, 0–100.
pub fn percent(operation: &Operation) -> u32 {
    (operation.progress.clamp(0.0, 1.0) * 100.0).round() as u32
}

/// "about 12 s left", "about 3 min left", "finishing…" once the estimate has passed.
pub fn time_left_text(estimated_completion_at: &str, now_ms: f64) -> Option<String> {
    let seconds = ((parse_time(estimated_completion_at)? - now_ms) / 1000.0).ceil();
    Some(if seconds <= 0.0 {
        "finishing…".to_owned()
    } else if seconds < 90.0 {
        format!("about {seconds} s left")
    } else {
        format!("about {} min left", (seconds / 60.0).round())
    })
}

/// What screen readers hear: the step now under way, so the announcement
/// changes at step changes only, not at every poll.
pub fn step_announcement(operation: &Operation) -> String {
    let total = operation.steps.len();
    let current = operation
        .steps
        .iter()
        .position(|step| step.state != StepState::Done);
    match current {
        Some(index) => format!(
            "Step {} of {total}: {}",
            index + 1,
            operation.steps[index].name
        ),
        None => "All steps done".to_owned(),
    }
}

#[component]
fn Step(step: OperationStep) -> impl IntoView {
    let state = step_state_text(step.state);
    view! {
        <li
            class=format!("operation-step step-{state}")
            data-testid="operation-step"
            data-state=state
        >
            <span class="step-name">{step.name}</span>
            " "
            <span class="step-state">{format!("({state})")}</span>
        </li>
    }
}

/// The steps, the bar with its percentage and the time left, re-rendered
/// at each poll; the polite announcement lives apart and follows
/// `step_announcement`, which a poll without a new step leaves as it was.
#[component]
fn Steps(operation: Signal<Option<Operation>>) -> impl IntoView {
    let announcement = Memo::new(move |_| operation.with(|op| op.as_ref().map(step_announcement)));
    view! {
        <p
            class="visually-hidden"
            role="status"
            aria-live="polite"
            data-testid="operation-announcement"
        >
            {move || announcement.get()}
        </p>
        {move || {
            operation
                .get()
                .map(|operation| {
                    let percent = percent(&operation);
                    let left = time_left_text(&operation.estimated_completion_at, now_ms());
                    view! {
                        <div class="operation" data-testid="operation">
                            <div class="progress">
                                <progress
                                    max="100"
                                    value=percent
                                    aria-label="Progress"
                                    aria-valuenow=percent
                                    data-testid="operation-bar"
                                ></progress>
                                <span data-testid="operation-percent">
                                    {format!("{percent} %")}
                                </span>
                                {left
                                    .map(|left| {
                                        view! {
                                            <span class="muted" data-testid="operation-left">
                                                {left}
                                            </span>
                                        }
                                    })}
                            </div>
                            <ol class="operation-steps">
                                {operation
                                    .steps
                                    .into_iter()
                                    .map(|step| view! { <Step step /> })
                                    .collect_view()}
                            </ol>
                        </div>
                    }
                })
        }}
    }
}

/// Why a failed sandbox failed and, where the caller may, a Refresh to try again.
#[component]
fn Failure(reason: Signal<Option<String>>, sandbox: Signal<Option<Sandbox>>) -> impl IntoView {
    let refused = refusal(sandbox, SandboxAction::Refresh);
    let may_refresh = Memo::new(move |_| refused.with(Option::is_none));
    move || {
        reason.get().map(|reason| {
            view! {
                <div class="error-panel failure-reason" data-testid="failure-reason">
                    <p>"This sandbox failed: " {reason}</p>
                    <Show when=move || may_refresh.get()>
                        <p>"A refresh restores it from production, which tries again."</p>
                        <RefreshAction testid="failure-refresh" />
                    </Show>
                </div>
            }
        })
    }
}

/// The operation under way (or, from a server without `operation`, the
/// status in words), or the failure of a failed sandbox.
#[component]
pub fn OperationProgress(#[prop(into)] sandbox: Signal<Option<Sandbox>>) -> impl IntoView {
    let status = Signal::derive(move || {
        sandbox
            .with(|s| s.as_ref().map(|s| s.status))
            .unwrap_or(SandboxStatus::Provisioning)
    });
    let operation =
        Signal::derive(move || sandbox.with(|s| s.as_ref().and_then(|s| s.operation.clone())));
    let has_operation = Memo::new(move |_| operation.with(Option::is_some));
    let failure = Signal::derive(move || {
        sandbox.with(|s| {
            s.as_ref()
                .filter(|s| s.status == SandboxStatus::Failed)
                .and_then(|s| s.failure_reason.clone())
        })
    });
    view! {
        <Show when=move || has_operation.get() fallback=move || view! { <StatusProgress status /> }>
            <Steps operation />
        </Show>
        <Failure reason=failure sandbox />
    }
}
