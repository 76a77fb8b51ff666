//! Export CSV's button, and while it runs, its progress and Cancel.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::ErrorPanel;
use crate::export::{self, ExportJob};

/// Where an export stands.
#[derive(Clone, Debug, PartialEq)]
enum ExportState {
    Idle,
    Running { fetched: u64, total: u64 },
    Failed(ApiError),
}

/// Export CSV: `job` says, when the button is pressed, what to fetch and
/// the file's name; every page is fetched with the progress ("n of N
/// `noun`") and a Cancel shown, then the file is downloaded.
#[component]
pub fn ExportControl<J>(
    /// What the rows are, plural: "Exporting 200 of 201 events…".
    noun: &'static str,
    job: J,
) -> impl IntoView
where
    J: Fn() -> ExportJob + Clone + Send + Sync + 'static,
{
    let state = RwSignal::new(ExportState::Idle);
    // Bumped by Cancel and by each new export: a page arriving for an
    // older run is dropped.
    let run = StoredValue::new(0_u64);
    let start = move |_| {
        let mut job = job();
        let this_run = run.get_value() + 1;
        run.set_value(this_run);
        state.set(ExportState::Running {
            fetched: 0,
            total: 0,
        });
        leptos::task::spawn_local(async move {
            let cancelled = move || run.try_get_value() != Some(this_run);
            let on_page = move |fetched, total| {
                if !cancelled() {
                    state.set(ExportState::Running { fetched, total });
                }
            };
            match export::run(&mut job, on_page, cancelled).await {
                Ok(Some(parts)) => {
                    let _ = export::download(&parts, &job.file_name);
                    state.set(ExportState::Idle);
                }
                Ok(None) => {}
                Err(error) if !cancelled() => state.set(ExportState::Failed(error)),
                Err(_) => {}
            }
        });
    };
    let cancel = move |_| {
        run.update_value(|run| *run += 1);
        state.set(ExportState::Idle);
    };
    view! {
        <div class="export" data-testid="export">
            {move || match state.get() {
                ExportState::Running { fetched, total } => {
                    let percent = (fetched * 100).checked_div(total).unwrap_or(0);
                    view! {
                        <div class="progress" role="status" data-testid="export-progress">
                            <progress
                                max="100"
                                value=percent
                                aria-label="Export progress"
                                aria-valuenow=percent
                            ></progress>
                            <span>{format!("Exporting {fetched} of {total} {noun}…")}</span>
                            <button
                                type="button"
                                class="button"
                                data-testid="export-cancel"
                                on:click=cancel
                            >
                                "Cancel"
                            </button>
                        </div>
                    }
                        .into_any()
                }
                other => {
                    let start = start.clone();
                    view! {
                        <button
                            type="button"
                            class="button"
                            data-testid="export-start"
                            on:click=start
                        >
                            "Export CSV"
                        </button>
                        {match other {
                            ExportState::Failed(error) => Some(view! { <ErrorPanel error /> }),
                            _ => None,
                        }}
                    }
                        .into_any()
                }
            }}
        </div>
    }
}
