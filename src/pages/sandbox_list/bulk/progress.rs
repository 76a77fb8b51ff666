//! A bulk run as the list shows it, above the table (the page stays
//! usable): a bar of n of N and Cancel while it runs; then a result per
//! sandbox, "Retry failed" and Dismiss; after a 401, how many were done and
//! Resume once signed in again. The summary is announced politely when the
//! phase changes, not at every answer.

use leptos::prelude::*;

use crate::bulk::plan::{sandboxes, BulkAction};
use crate::bulk::runner::{ItemStatus, Phase, Progress};
use crate::bulk::selection::Selection;
use crate::bulk::{use_bulk_run, RunShown};
use crate::session::use_session;

/// The run's state in a sentence.
fn summary(action: BulkAction, progress: &Progress) -> String {
    let (done, total) = (progress.done(), progress.total());
    let counts = format!(
        "{} succeeded, {} failed",
        progress.succeeded(),
        progress.failed()
    );
    match progress.phase {
        Phase::Running => format!("{}: {done} of {total} done.", action.label()),
        Phase::Cancelling => format!(
            "Cancelling: waiting for {} in flight.",
            sandboxes(progress.in_flight)
        ),
        Phase::Stopping => "Signed out: waiting for the requests in flight.".to_owned(),
        Phase::Finished => format!("{} finished: {counts}.", action.label()),
        Phase::Cancelled => format!(
            "{} cancelled: {counts}, {} not started.",
            action.label(),
            progress.not_started()
        ),
        Phase::SignedOut => format!(
            "Stopped after {done} of {total}: you were signed out. Sign in again to resume; \
             the {done} done will not be sent again."
        ),
    }
}

/// One sandbox's result, in words.
fn item_text(action: BulkAction, status: &ItemStatus) -> String {
    match status {
        ItemStatus::Queued => "Waiting to start".to_owned(),
        ItemStatus::Running => "Sending\u{2026}".to_owned(),
        ItemStatus::Waiting { seconds, retry } => format!(
            "The server asked to wait {seconds} s; try {} of {}",
            retry + 1,
            crate::bulk::runner::MAX_RETRIES + 1
        ),
        ItemStatus::Succeeded => action.succeeded().to_owned(),
        ItemStatus::Failed(message) => format!("Failed: {message}"),
        ItemStatus::NotStarted => "Not started (cancelled)".to_owned(),
    }
}

fn item_class(status: &ItemStatus) -> &'static str {
    match status {
        ItemStatus::Succeeded => "bulk-result is-succeeded",
        ItemStatus::Failed(_) => "bulk-result is-failed",
        _ => "bulk-result",
    }
}

#[component]
pub(in crate::pages::sandbox_list) fn RunPanel(
    selection: Selection,
    /// Called when the run settles (the list loads again).
    on_settled: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let run = use_bulk_run();
    let phase = Memo::new(move |_| {
        run.shown
            .with(|shown| shown.as_ref().map(|s| s.progress.phase))
    });
    let signed_in = Memo::new(move |_| session.credentials.with(Option::is_some));
    Effect::new(move |previous: Option<Option<Phase>>| {
        let now = phase.get();
        if now.is_some_and(Phase::is_settled) && previous.is_some_and(|before| before != now) {
            let deleted: Vec<String> = run.shown.with_untracked(|shown| {
                shown
                    .iter()
                    .filter(|shown| shown.action == BulkAction::Delete)
                    .flat_map(|shown| &shown.progress.items)
                    .filter(|item| item.status == ItemStatus::Succeeded)
                    .map(|item| item.sandbox_id.clone())
                    .collect()
            });
            selection.forget(&deleted);
            on_settled.run(());
        }
        now
    });
    let announced = Memo::new(move |_| {
        run.shown.with(|shown| {
            shown.as_ref().map(|RunShown { action, progress }| {
                // At phase changes only: n of N is in the bar.
                if progress.phase == Phase::Running {
                    format!("{} started.", action.label())
                } else {
                    summary(*action, progress)
                }
            })
        })
    });

    // What the panel shows changes at every answer: small memos, so each
    // part renders again only when its own value changed.
    let figures = Memo::new(move |_| {
        run.shown.with(|shown| {
            shown.as_ref().map(|RunShown { action, progress }| Figures {
                action: *action,
                phase: progress.phase,
                done: progress.done(),
                total: progress.total(),
                failed: progress.failed(),
                remaining: progress.remaining(),
                summary: summary(*action, progress),
            })
        })
    });
    // Lines for the sandboxes sent so far (they are sent in order), not
    // all at once: 1,000 lines at the click were one long task. Those a
    // Cancel left unsent are counted in the summary.
    let lines = Memo::new(move |_| {
        run.shown.with(|shown| {
            shown.as_ref().map_or(0, |shown| {
                shown
                    .progress
                    .items
                    .iter()
                    .rposition(|item| {
                        !matches!(item.status, ItemStatus::Queued | ItemStatus::NotStarted)
                    })
                    .map_or(0, |last| last + 1)
            })
        })
    });
    let shown =
        move |read: fn(&Figures) -> bool| move || figures.with(|f| f.as_ref().is_some_and(read));
    let text = move |read: fn(&Figures) -> String| move || figures.with(|f| f.as_ref().map(read));

    view! {
        <Show when=move || figures.with(Option::is_some)>
            <section class="bulk-run" aria-labelledby="bulk-run-title" data-testid="bulk-run">
                <h2 id="bulk-run-title" class="bulk-run-title">
                    {text(|f| format!("{} {}", f.action.label(), sandboxes(f.total)))}
                </h2>
                <p class="visually-hidden" role="status">
                    {move || announced.get()}
                </p>
                <div class="progress bulk-progress">
                    <label for="bulk-progress-bar" data-testid="bulk-progress-text">
                        {text(|f| format!("{} of {}", f.done, f.total))}
                    </label>
                    <progress
                        id="bulk-progress-bar"
                        max=text(|f| f.total.max(1).to_string())
                        value=text(|f| f.done.to_string())
                    ></progress>
                    <RunButton
                        when=Signal::derive(shown(|f| f.phase == Phase::Running))
                        kind="button-secondary"
                        testid="bulk-cancel"
                        label=Signal::stored(Some("Cancel".to_owned()))
                        on_click=Callback::new(move |()| run.cancel())
                    />
                </div>
                <p class="bulk-summary" data-testid="bulk-summary">
                    {text(|f| f.summary.clone())}
                </p>
                <div class="bulk-run-actions">
                    <RunButton
                        when=Signal::derive(move || {
                            signed_in.get() && shown(|f| f.phase == Phase::SignedOut)()
                        })
                        kind="button-primary"
                        testid="bulk-resume"
                        label=Signal::derive(text(|f| format!("Resume: {} left", f.remaining)))
                        on_click=Callback::new(move |()| run.resume(&session.client()))
                    />
                    <RunButton
                        when=Signal::derive(
                            shown(|f| {
                                f.phase.is_settled() && f.phase != Phase::SignedOut && f.failed > 0
                            }),
                        )
                        kind="button-primary"
                        testid="bulk-retry"
                        label=Signal::derive(text(|f| format!("Retry failed ({})", f.failed)))
                        on_click=Callback::new(move |()| run.retry_failed(&session.client()))
                    />
                    <RunButton
                        when=Signal::derive(shown(|f| f.phase.is_settled()))
                        kind="button-quiet"
                        testid="bulk-dismiss"
                        label=Signal::stored(Some("Dismiss".to_owned()))
                        on_click=Callback::new(move |()| run.dismiss())
                    />
                </div>
                // Scrolls when long: focusable, so the keyboard can scroll it too.
                <ul
                    class="bulk-results"
                    data-testid="bulk-results"
                    tabindex="0"
                    aria-label="Result for each sandbox"
                >
                    <For each=move || 0..lines.get() key=|index| *index let:index>
                        <ResultLine index />
                    </For>
                </ul>
            </section>
        </Show>
    }
}

/// A small button of the run's panel, shown `when`.
#[component]
fn RunButton(
    when: Signal<bool>,
    /// `button-primary`, `button-secondary` or `button-quiet`.
    kind: &'static str,
    testid: &'static str,
    label: Signal<Option<String>>,
    on_click: Callback<()>,
) -> impl IntoView {
    view! {
        <Show when=move || when.get()>
            <button
                type="button"
                class=format!("button button-small {kind}")
                data-testid=testid
                on:click=move |_| on_click.run(())
            >
                {move || label.get()}
            </button>
        </Show>
    }
}

/// The panel's figures: compared, so a step that changes none renders nothing.
#[derive(Clone, PartialEq)]
struct Figures {
    action: BulkAction,
    phase: Phase,
    done: usize,
    total: usize,
    failed: usize,
    remaining: usize,
    summary: String,
}

/// The result of the run's sandbox at `index`.
#[component]
fn ResultLine(index: usize) -> impl IntoView {
    let run = use_bulk_run();
    let line = Memo::new(move |_| {
        run.shown.with(|shown| {
            shown.as_ref().and_then(|RunShown { action, progress }| {
                progress.items.get(index).map(|item| {
                    (
                        item.sandbox_id.clone(),
                        item.name.clone(),
                        item_class(&item.status),
                        item_text(*action, &item.status),
                    )
                })
            })
        })
    });
    let part = move |read: fn(&(String, String, &'static str, String)) -> String| {
        move || line.with(|line| line.as_ref().map(read).unwrap_or_default())
    };
    view! {
        <li
            class=move || line.with(|line| line.as_ref().map_or("bulk-result", |line| line.2))
            data-testid="bulk-result"
            data-sandbox-id=part(|line| line.0.clone())
        >
            <span class="bulk-result-name">{part(|line| line.1.clone())}</span>
            " "
            <span class="bulk-result-text">{part(|line| line.3.clone())}</span>
        </li>
    }
}
