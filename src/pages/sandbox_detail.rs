//! `/sandboxes/:sandbox_id`: one sandbox, its status, and tabs for its parts.
//!
//! Loads the sandbox (with its owner account) into `CurrentSandbox`, which
//! the tabs and the lifecycle dialogs share. While the status is one the
//! server will still change on its own, it polls with back-off and shows
//! what is happening.

use leptos::prelude::*;
use leptos_router::components::{Outlet, A};
use leptos_router::hooks::{use_location, use_params_map};
use sandbox_api::Sandbox;

use crate::api::{self, ApiClient, ApiError};
use crate::components::{sandbox_href, ErrorPanel, LockMark, OperationProgress, StatusBadge};
use crate::current_sandbox::{use_current_sandbox, CurrentSandbox};
use crate::navigation::use_list_location;
use crate::navigation::use_title;
use crate::polling::Poll;
use crate::session::{use_client, use_session};

/// What the title calls the part of a sandbox at `path` (below its own
/// page), after the sandbox's name; `None` for the overview.
fn section_name(path: &str) -> Option<&'static str> {
    let below = path.strip_prefix("/sandboxes/")?.split_once('/')?.1;
    match below.trim_end_matches('/') {
        "members" => Some("Members"),
        "apps" => Some("Apps"),
        "sources" => Some("Sources"),
        "sources/new" => Some("Register a source"),
        "activity" => Some("Activity"),
        _ => None,
    }
}

/// One load, and the polls that follow it while the status is transient.
/// Every load belongs to a generation; a newer load (another id, a
/// reload) or leaving the page ends the older one's polling, and its late
/// answer is dropped.
#[derive(Clone, Copy)]
struct Loader {
    current: CurrentSandbox,
    error: RwSignal<Option<ApiError>>,
    generation: StoredValue<u64>,
    poll: Poll,
}

impl Loader {
    fn is_current(&self, generation: u64) -> bool {
        self.generation.try_get_value() == Some(generation)
    }

    fn start(self, client: ApiClient) {
        let generation = self.generation.get_value() + 1;
        self.generation.set_value(generation);
        self.poll.restart();
        self.load(client, generation);
    }

    fn load(self, client: ApiClient, generation: u64) {
        let Some(sandbox_id) = self.current.sandbox_id.try_get_untracked() else {
            return;
        };
        leptos::task::spawn_local(async move {
            let result = api::sandboxes::get(&client, &sandbox_id).await;
            if !self.is_current(generation) {
                return;
            }
            match result {
                Ok(sandbox) => {
                    let transient = sandbox.status.is_transient();
                    self.error.set(None);
                    self.current.sandbox.set(Some(sandbox));
                    self.poll
                        .after_answer(transient, move || self.load(client, generation));
                }
                Err(error) => self.error.set(Some(error)),
            }
        });
    }
}

#[component]
pub fn SandboxDetail() -> impl IntoView {
    let params = use_params_map();
    let client = use_client();
    let list_location = use_list_location();
    let sandbox_id =
        Memo::new(move |_| params.with(|params| params.get("sandbox_id").unwrap_or_default()));
    let current = CurrentSandbox::new(sandbox_id);
    provide_context(current);
    let loader = Loader {
        current,
        error: RwSignal::new(None),
        generation: StoredValue::new(0),
        poll: Poll::new(),
    };

    Effect::new(move |_| {
        let id = sandbox_id.get();
        current.track_reloads();
        // Another sandbox: never show the previous one's data under its URL.
        if current
            .sandbox
            .with_untracked(|sandbox| sandbox.as_ref().is_some_and(|s| s.sandbox_id != id))
        {
            current.sandbox.set(None);
        }
        loader.start(client.clone());
    });

    let loaded = Memo::new(move |_| current.sandbox.with(Option::is_some));
    let not_found = move || {
        loader
            .error
            .with(|error| matches!(error, Some(ApiError::NotFound(_))))
    };
    let retry = Callback::new(move |()| current.reload());
    let status = Signal::derive(move || {
        current
            .sandbox
            .with(|s| s.as_ref().map(|s| s.status))
            .unwrap_or(sandbox_api::SandboxStatus::Provisioning)
    });
    let pathname = use_location().pathname;
    use_title(move || {
        if not_found() {
            return Some("Sandbox not found".to_owned());
        }
        let name = current
            .sandbox
            .with(|s| s.as_ref().map(|s| s.name.clone()))?;
        Some(match pathname.with(|path| section_name(path)) {
            Some(section) => format!("{name} \u{b7} {section}"),
            None => name,
        })
    });
    let back = move || {
        view! {
            <a class="back-link" href=move || list_location.0.get()>
                "← Back to sandboxes"
            </a>
        }
    };

    let tab = move |suffix: &'static str, label: &'static str| {
        let href = move || format!("{}{suffix}", sandbox_href(&sandbox_id.get()));
        // Sources stays marked on its sub-pages (sources/new); the overview only on itself.
        let exact = suffix.is_empty();
        view! {
            <li>
                <A href=href exact=exact>
                    {label}
                </A>
            </li>
        }
    };

    view! {
        <section class="page sandbox-detail">
            <Show
                when=move || !not_found()
                fallback=move || {
                    view! {
                        <div class="not-found" data-testid="sandbox-not-found">
                            <h1 tabindex="-1">"Sandbox not found"</h1>
                            <p>
                                "There is no sandbox " <code>{move || sandbox_id.get()}</code>
                                " that you can see. It may have been deleted, or belong to an account you have no access to."
                            </p>
                            <p>
                                <a class="button button-primary" href=move || list_location.0.get()>
                                    "Back to sandboxes"
                                </a>
                            </p>
                        </div>
                    }
                }
            >
                {back}
                {move || {
                    loader.error.get().map(|error| view! { <ErrorPanel error on_retry=retry /> })
                }}
                <Show
                    when=move || loaded.get()
                    fallback=move || {
                        view! {
                            <p class="loading" role="status">
                                {move || {
                                    loader
                                        .error
                                        .with(Option::is_none)
                                        .then_some("Loading the sandbox…")
                                }}
                            </p>
                        }
                    }
                >
                    <header class="detail-heading">
                        <h1 data-testid="sandbox-title" tabindex="-1">
                            {move || current.sandbox.with(|s| s.as_ref().map(|s| s.name.clone()))}
                        </h1>
                        {move || view! { <StatusBadge status=status.get() /> }}
                        {move || {
                            current
                                .sandbox
                                .with(|s| s.as_ref().is_some_and(Sandbox::is_protected))
                                .then(|| view! { <LockMark /> })
                        }}
                        <TenantAccount />
                    </header>
                    <OperationProgress sandbox=current.sandbox />
                    <nav class="tabs" aria-label="Sandbox sections">
                        <ul>
                            {tab("", "Overview")} {tab("/members", "Members")}
                            {tab("/apps", "Apps")} {tab("/sources", "Sources")}
                            {tab("/activity", "Activity")}
                        </ul>
                    </nav>
                    <div class="tab-panel">
                        <Outlet />
                    </div>
                </Show>
            </Show>
        </section>
    }
}

/// The tenant account holding the sandbox, by name and id, for a caller
/// from outside it (support staff, an external member); the account's own
/// people know which account they are in.
#[component]
fn TenantAccount() -> impl IntoView {
    let session = use_session();
    let current = use_current_sandbox();
    let own_account = move |sandbox: &Sandbox| {
        session.me.with(|me| {
            me.as_ref()
                .and_then(|me| me.account.as_ref())
                .is_some_and(|account| account.id == sandbox.user_id)
        })
    };
    move || {
        current.sandbox.with(|sandbox| {
            let sandbox = sandbox.as_ref().filter(|sandbox| !own_account(sandbox))?;
            let name = sandbox
                .owner_account
                .as_ref()
                .map(|account| account.name.clone());
            let id = sandbox.user_id.clone();
            Some(view! {
                <p class="tenant-account" data-testid="tenant-account">
                    "Account "
                    <strong>{name}</strong>
                    " "
                    <code>{id}</code>
                </p>
            })
        })
    }
}
