//! The apps tab (`/sandboxes/:id/apps`): each app in the sandbox with its
//! version and last push, and pushing an app's configuration out of the
//! sandbox to a target environment or database.

use leptos::prelude::*;
use sandbox_api::{validate, App, PushResult, PushStatus, DEFAULT_PUSH_TARGET};

use crate::api::{self, ApiError};
use crate::components::{
    refusal, ActionTrigger, Dialog, DialogActions, DialogError, LoadState, LoadedTable, TextField,
    Time,
};
use crate::current_sandbox::use_current_sandbox;
use crate::permissions::SandboxAction;
use crate::session::use_client;

#[component]
pub fn AppsTab() -> impl IntoView {
    let current = use_current_sandbox();
    let client = use_client();
    let refusal = refusal(current.sandbox.into(), SandboxAction::PushApp);
    let apps = LocalResource::new(move || {
        let client = client.clone();
        let sandbox_id = current.sandbox_id.get();
        async move { api::apps::list(&client, &sandbox_id).await }
    });
    let on_pushed = Callback::new(move |()| apps.refetch());
    let list = Memo::new(move |_| apps.get().and_then(Result::ok).unwrap_or_default());
    let load_state = Memo::new(move |_| apps.with(LoadState::of));
    // Rows are keyed by name and read their app from the list, so a reload
    // after a push updates the row without closing its dialog.
    let app_named = move |name: String| {
        Signal::derive(move || {
            list.with(|apps| apps.iter().find(|app| app.app_name == name).cloned())
        })
    };

    view! {
        <section class="section" aria-labelledby="apps-heading" data-testid="apps-tab">
            <h2 id="apps-heading" class="section-title">
                "Apps"
            </h2>
            {move || {
                refusal
                    .get()
                    .map(|reason| {
                        view! {
                            <p class="action-reason section-refusal" data-testid="apps-refusal">
                                {reason}
                            </p>
                        }
                    })
            }}
            <LoadedTable
                state=load_state
                on_retry=Callback::new(move |()| apps.refetch())
                is_empty=Signal::derive(move || list.with(Vec::is_empty))
                loading="Loading apps…"
                empty="No apps in this sandbox."
                class="apps-table"
                testid="apps-table"
                caption="Apps in this sandbox"
                headers=&["App", "Version", "Last change", "Last push"]
            >
                <For each=move || list.get() key=|app| app.app_name.clone() let:app>
                    <AppRow app=app_named(app.app_name.clone()) initial=app refusal on_pushed />
                </For>
            </LoadedTable>
        </section>
    }
}

/// Where and when an app was last pushed, and how it went.
#[component]
fn LastPush(push: Option<PushResult>) -> impl IntoView {
    match push {
        None => view! {
            <span class="muted" data-testid="last-push">
                "never pushed"
            </span>
        }
        .into_any(),
        Some(push) => view! {
            <span class="last-push" data-testid="last-push">
                <span class="push-target">{push.target}</span>
                " "
                <Time value=Some(push.pushed_at.clone()) />
                " "
                <PushBadge status=push.status />
            </span>
        }
        .into_any(),
    }
}

#[component]
fn PushBadge(status: PushStatus) -> impl IntoView {
    view! {
        <span class=format!("badge badge-{status}") data-testid="push-status">
            {status.as_str()}
        </span>
    }
}

/// One app, with its push button and dialog. `app` follows the list;
/// `initial` is what it showed first, kept while the list no longer has it.
#[component]
fn AppRow(
    app: Signal<Option<App>>,
    initial: App,
    refusal: Signal<Option<String>>,
    on_pushed: Callback<()>,
) -> impl IntoView {
    let app = Signal::derive(move || app.get().unwrap_or_else(|| initial.clone()));
    let open = RwSignal::new(false);
    let app_name = app.with_untracked(|app| app.app_name.clone());
    let row_name = app_name.clone();
    let accessible_label = Signal::derive({
        let app_name = app_name.clone();
        move || format!("Push {app_name}")
    });
    view! {
        <tr data-testid="app-row" data-app=row_name>
            <th scope="row" class="app-name">
                {app_name}
            </th>
            <td class="app-version" data-label="Version">
                {move || app.with(|app| app.version.clone())}
            </td>
            <td data-label="Last change">
                {move || view! { <Time value=Some(app.with(|app| app.updated_at.clone())) /> }}
            </td>
            <td data-label="Last push">
                {move || view! { <LastPush push=app.with(|app| app.last_push.clone()) /> }}
            </td>
            <td class="row-actions">
                <ActionTrigger
                    label="Push"
                    accessible_label
                    refusal
                    on_open=move |()| open.set(true)
                    testid="push-open"
                    compact=true
                />
                <PushDialog app open on_pushed />
            </td>
        </tr>
    }
}

/// The push dialog: the target, a sentence saying exactly what will happen,
/// then the result.
#[component]
fn PushDialog(app: Signal<App>, open: RwSignal<bool>, on_pushed: Callback<()>) -> impl IntoView {
    let current = use_current_sandbox();
    let client = use_client();
    let target = RwSignal::new(DEFAULT_PUSH_TARGET.to_owned());
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let result = RwSignal::new(None::<PushResult>);
    let target_error = Signal::derive(move || {
        target.with(|target| validate::push_target(target).first().map(|e| e.msg.clone()))
    });
    let sandbox_name = Signal::derive(move || {
        current
            .sandbox
            .with(|sandbox| sandbox.as_ref().map(|s| s.name.clone()).unwrap_or_default())
    });

    // Each opening starts over: default target, no old error or result.
    Effect::new(move |_| {
        if open.get() {
            target.set(DEFAULT_PUSH_TARGET.to_owned());
            error.set(None);
            result.set(None);
        }
    });

    let app_name = StoredValue::new(app.with_untracked(|app| app.app_name.clone()));
    let version = move || app.with(|app| app.version.clone());
    let push = Callback::new(move |event: web_sys::SubmitEvent| {
        event.prevent_default();
        if pending.get_untracked() || target_error.with_untracked(Option::is_some) {
            return;
        }
        let client = client.clone();
        let sandbox_id = current.sandbox_id.get_untracked();
        let target = target.get_untracked();
        pending.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let outcome =
                api::apps::push(&client, &sandbox_id, &app_name.get_value(), &target).await;
            pending.set(false);
            match outcome {
                Ok(pushed) => {
                    result.set(Some(pushed));
                    on_pushed.run(());
                }
                Err(failure) => error.set(Some(failure)),
            }
        });
    });

    view! {
        <Dialog
            open
            title=Signal::derive(move || format!("Push {}", app_name.get_value()))
            name="push-dialog"
        >
            {move || match result.get() {
                Some(pushed) => {
                    view! {
                        <div class="dialog-body">
                            <p class="push-result" data-testid="push-result" role="status">
                                "Pushed "
                                <strong>{pushed.app_name.clone()}</strong>
                                " "
                                {pushed.version.clone()}
                                " to "
                                <strong>{pushed.target.clone()}</strong>
                                ": "
                                <PushBadge status=pushed.status />
                                " ("
                                <Time value=Some(pushed.pushed_at.clone()) />
                                ", push id "
                                <code>{pushed.push_id.clone()}</code>
                                ")."
                            </p>
                            <div class="dialog-actions">
                                <button
                                    type="button"
                                    class="button button-primary"
                                    data-testid="push-close"
                                    on:click=move |_| open.set(false)
                                >
                                    "Close"
                                </button>
                            </div>
                        </div>
                    }
                        .into_any()
                }
                None => {
                    view! {
                        <form class="dialog-body" on:submit=move |event| push.run(event) novalidate>
                            <TextField
                                control_id="push-target"
                                label="Target"
                                hint="An environment id or a database name; production unless you name another."
                                value=target
                                error=target_error
                                required=true
                            />
                            <p class="push-sentence" data-testid="push-sentence">
                                "Push "
                                <strong>{app_name.get_value()}</strong>
                                " version "
                                <strong>{version}</strong>
                                " from the sandbox "
                                <strong>{sandbox_name}</strong>
                                " to "
                                <strong>{move || target.get()}</strong>
                                "? This deploys the app's configuration from the sandbox to that target."
                            </p>
                            <DialogError error />
                            <DialogActions open>
                                <button
                                    type="submit"
                                    class="button button-primary"
                                    data-testid="push-confirm"
                                    disabled=move || {
                                        pending.get() || target_error.with(Option::is_some)
                                    }
                                >
                                    {move || if pending.get() { "Pushing…" } else { "Push" }}
                                </button>
                            </DialogActions>
                        </form>
                    }
                        .into_any()
                }
            }}
        </Dialog>
    }
}
