//! The data sources tab (`/sandboxes/:id/sources`): the sources, their
//! webhook URLs, rotating a realtime source's signing secret (the new one
//! shown once) and deleting a source.

use leptos::prelude::*;
use leptos_router::components::A;
use sandbox_api::{DataSource, IngestionMode};

use crate::api::{self, ApiError};
use crate::components::field::focus_soon;
use crate::components::limits::{Quota, QuotaUsage};
use crate::components::{
    refusal, sandbox_href, use_notices, ActionTrigger, ConfirmDialog, CopyButton, LoadState,
    LoadedTable, OneTimeSecret, SecretPanel, Time,
};
use crate::current_sandbox::use_current_sandbox;
use crate::permissions::SandboxAction;
use crate::session::use_client;

/// The register page of a sandbox.
pub(crate) fn register_href(sandbox_id: &str) -> String {
    format!("{}/sources/new", sandbox_href(sandbox_id))
}

/// The sources tab of a sandbox.
pub(crate) fn sources_href(sandbox_id: &str) -> String {
    format!("{}/sources", sandbox_href(sandbox_id))
}

#[component]
pub fn SourcesTab() -> impl IntoView {
    let current = use_current_sandbox();
    let client = use_client();
    let refusal = refusal(current.sandbox.into(), SandboxAction::ManageSources);
    let sources = LocalResource::new(move || {
        let client = client.clone();
        let sandbox_id = current.sandbox_id.get();
        async move { api::sources::list(&client, &sandbox_id).await }
    });
    let secret = OneTimeSecret::new();
    let on_changed = Callback::new(move |()| sources.refetch());
    let list = Memo::new(move |_| sources.get().and_then(Result::ok).unwrap_or_default());
    let load_state = Memo::new(move |_| sources.with(LoadState::of));

    view! {
        <section class="section" aria-labelledby="sources-heading" data-testid="sources-tab">
            <div class="section-header">
                <h2 id="sources-heading" class="section-title" tabindex="-1">
                    "Data sources"
                </h2>
                {move || match refusal.get() {
                    None => {
                        view! {
                            <A
                                href=register_href(&current.sandbox_id.get())
                                attr:class="button button-primary"
                                attr:data-testid="source-register-link"
                            >
                                "Register a source"
                            </A>
                        }
                            .into_any()
                    }
                    Some(_) => {
                        view! {
                            <button
                                type="button"
                                class="button"
                                disabled=true
                                data-testid="source-register-link"
                                aria-describedby="sources-refusal"
                            >
                                "Register a source"
                            </button>
                        }
                            .into_any()
                    }
                }}
            </div>
            {move || {
                refusal
                    .get()
                    .map(|reason| {
                        view! {
                            <p
                                class="action-reason section-refusal"
                                id="sources-refusal"
                                data-testid="sources-refusal"
                            >
                                {reason}
                            </p>
                        }
                    })
            }}
            <QuotaUsage
                quota=Quota::Sources
                count=Signal::derive(move || {
                    (load_state.get() == LoadState::Ready).then(|| list.with(Vec::len))
                })
                testid="sources-usage"
            />
            // The panel goes once the secret is stored: the focus goes to the tab's heading, not the body.
            <SecretPanel secret on_stored=Callback::new(|()| focus_soon("sources-heading")) />
            <LoadedTable
                state=load_state
                on_retry=Callback::new(move |()| sources.refetch())
                is_empty=Signal::derive(move || list.with(Vec::is_empty))
                loading="Loading data sources…"
                empty="No data sources yet."
                class="sources-table"
                testid="sources-table"
                caption="Data sources of this sandbox"
                headers=&[
                    "Name",
                    "Provider",
                    "Ingestion",
                    "Kind",
                    "Status",
                    "Last sync",
                    "Webhook URL",
                ]
            >
                // Keyed by what a row shows: a reload rebuilds only rows that changed.
                <For
                    each=move || list.get()
                    key=|source| (
                        source.data_source_id.clone(),
                        source.status.clone(),
                        source.last_sync_at.clone(),
                        source.webhook_url.clone(),
                        source.poll_interval_seconds,
                    )
                    let:source
                >
                    <SourceRow source refusal secret on_changed />
                </For>
            </LoadedTable>
        </section>
    }
}

/// One source with its copy, rotate and delete controls.
#[component]
fn SourceRow(
    source: DataSource,
    refusal: Signal<Option<String>>,
    secret: OneTimeSecret,
    on_changed: Callback<()>,
) -> impl IntoView {
    let realtime = source.ingestion_mode == IngestionMode::Realtime;
    let webhook = match source.webhook_url.clone() {
        Some(url) => {
            let copied = url.clone();
            view! {
                <span class="webhook">
                    <code class="webhook-url" data-testid="webhook-url">
                        {url}
                    </code>
                    <CopyButton
                        text=Signal::derive(move || copied.clone())
                        label=format!("Copy the webhook URL of {}", source.name)
                        testid="copy-webhook"
                    />
                </span>
            }
            .into_any()
        }
        None => view! { <span class="muted">"none (not realtime)"</span> }.into_any(),
    };
    let last_sync = source.last_sync_at.clone();
    let row_name = source.name.clone();
    view! {
        <tr data-testid="source-row" data-source=row_name>
            <th scope="row" class="source-name">
                {source.name.clone()}
            </th>
            <td data-label="Provider">{source.provider.clone()}</td>
            <td data-label="Ingestion">
                {source.ingestion_mode.as_str()}
                {source
                    .poll_interval_seconds
                    .map(|seconds| view! { <span class="muted">" every "{seconds}" s"</span> })}
            </td>
            <td data-label="Kind">{source.kind.as_str()}</td>
            <td data-label="Status">
                <span
                    class=format!("badge badge-source-{}", source.status)
                    data-testid="source-status"
                >
                    {source.status.clone()}
                </span>
            </td>
            <td data-label="Last sync">
                <Time value=last_sync />
            </td>
            <td data-label="Webhook URL">{webhook}</td>
            // The cell stays a table cell (so it spans the row); its buttons line up inside.
            <td class="row-actions">
                <div class="row-action-group">
                    {realtime
                        .then(|| {
                            view! {
                                <RotateSecret source=source.clone() refusal secret on_changed />
                            }
                        })} <DeleteSource source refusal on_changed />
                </div>
            </td>
        </tr>
    }
}

/// Rotating a realtime source's signing secret: a confirmation that the old
/// one stops working, then the new one in the tab's one-time panel.
#[component]
fn RotateSecret(
    source: DataSource,
    refusal: Signal<Option<String>>,
    secret: OneTimeSecret,
    on_changed: Callback<()>,
) -> impl IntoView {
    let current = use_current_sandbox();
    let client = use_client();
    let open = RwSignal::new(false);
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let name = source.name.clone();
    let source_id = source.data_source_id.clone();
    Effect::new(move |_| {
        if open.get() {
            error.set(None);
        }
    });
    let rotate = Callback::new(move |()| {
        if pending.get_untracked() {
            return;
        }
        let client = client.clone();
        let sandbox_id = current.sandbox_id.get_untracked();
        let source_id = source_id.clone();
        pending.set(true);
        leptos::task::spawn_local(async move {
            let result = api::sources::rotate_secret(&client, &sandbox_id, &source_id).await;
            pending.set(false);
            match result {
                Ok(rotated) => {
                    open.set(false);
                    // Only the panel keeps the new secret; the list reloads without it.
                    let _without_secret = secret.reveal(rotated);
                    on_changed.run(());
                }
                Err(failure) => error.set(Some(failure.message())),
            }
        });
    });
    let title_name = name.clone();
    view! {
        <ActionTrigger
            label="Rotate secret"
            accessible_label=Signal::derive({
                let name = name.clone();
                move || format!("Rotate secret of {name}")
            })
            refusal
            on_open=move |()| open.set(true)
            testid="rotate-open"
            compact=true
        />
        <ConfirmDialog
            open
            title=Signal::derive(move || {
                format!("Rotate the signing secret of \u{201c}{title_name}\u{201d}?")
            })
            name="rotate-dialog"
            confirm_label="Rotate secret"
            pending_label="Rotating…"
            danger=true
            pending
            error
            on_confirm=rotate
        >
            <p class="dialog-warning">
                <strong>"The current secret stops working immediately."</strong>
                " Webhook deliveries signed with it are rejected until the sender uses the new secret, which is shown once, next."
            </p>
        </ConfirmDialog>
    }
}

/// Deleting a source, after a confirmation.
#[component]
fn DeleteSource(
    source: DataSource,
    refusal: Signal<Option<String>>,
    on_changed: Callback<()>,
) -> impl IntoView {
    let current = use_current_sandbox();
    let client = use_client();
    let notices = use_notices();
    let open = RwSignal::new(false);
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let name = source.name.clone();
    let realtime = source.ingestion_mode == IngestionMode::Realtime;
    Effect::new(move |_| {
        if open.get() {
            error.set(None);
        }
    });
    let delete = Callback::new({
        let name = name.clone();
        move |()| {
            if pending.get_untracked() {
                return;
            }
            let client = client.clone();
            let sandbox_id = current.sandbox_id.get_untracked();
            let source_id = source.data_source_id.clone();
            let name = name.clone();
            pending.set(true);
            leptos::task::spawn_local(async move {
                let result = api::sources::delete(&client, &sandbox_id, &source_id).await;
                pending.set(false);
                match result {
                    Ok(()) => {
                        open.set(false);
                        notices.success(format!("Deleted data source {name}."));
                        on_changed.run(());
                    }
                    Err(failure) => error.set(Some(ApiError::message(&failure))),
                }
            });
        }
    });
    let title_name = name.clone();
    view! {
        <ActionTrigger
            label="Delete"
            accessible_label=Signal::derive({
                let name = name.clone();
                move || format!("Delete the data source {name}")
            })
            refusal
            on_open=move |()| open.set(true)
            testid="source-delete-open"
            compact=true
            danger=true
        />
        <ConfirmDialog
            open
            title=Signal::derive(move || {
                format!("Delete the data source \u{201c}{title_name}\u{201d}?")
            })
            name="source-delete-dialog"
            confirm_label="Delete source"
            pending_label="Deleting…"
            danger=true
            pending
            error
            on_confirm=delete
        >
            <p class="dialog-warning">
                <strong>"This cannot be undone."</strong>
                " The source stops receiving data"
                {realtime.then_some(", and its webhook URL stops accepting deliveries")}
                "."
            </p>
        </ConfirmDialog>
    }
}
