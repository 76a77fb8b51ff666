//! The header's demo menu, shown only while the API runs a demo: a "Demo"
//! badge, one button per identity to switch to it, and "Reset demo data"
//! for the identities that may.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use sandbox_api::{DemoIdentities, DemoIdentity, Permission};

use crate::api::{self, ApiClient};
use crate::components::demo::{account_text, may_reset};
use crate::components::{use_notices, ConfirmDialog};
use crate::session::{use_client, use_session, Credentials};

/// Where a sandbox page's path names its sandbox: `/sandboxes/<id>/…`.
fn sandbox_of_path(path: &str) -> Option<&str> {
    let id = path.strip_prefix("/sandboxes/")?.split('/').next()?;
    (!id.is_empty() && id != "new").then_some(id)
}

/// The page to show `client`'s caller after a switch from `path`: the same
/// one if it may see it, else the list.
async fn page_for(client: &ApiClient, me: &sandbox_api::Me, path: &str) -> String {
    let visible = match sandbox_of_path(path) {
        Some(sandbox_id) => api::sandboxes::get(client, sandbox_id).await.is_ok(),
        None if path.starts_with("/sandboxes/new") => me.has(Permission::SandboxesCreate),
        None => true,
    };
    if visible {
        path.to_owned()
    } else {
        "/sandboxes".to_owned()
    }
}

#[component]
pub fn DemoMenu(demo: DemoIdentities) -> impl IntoView {
    let session = use_session();
    let notices = use_notices();
    let navigate = use_navigate();
    let location = use_location();
    let token = move || {
        session
            .credentials
            .with(|c| c.as_ref().map(|c| c.token.clone()))
    };
    let current = {
        let identities = demo.identities.clone();
        move || {
            let token = token()?;
            identities
                .iter()
                .find(|identity| identity.token == token)
                .cloned()
        }
    };
    let switching = RwSignal::new(false);
    let menu_open = RwSignal::new(false);

    let switch = {
        let navigate = navigate.clone();
        Action::new_local(move |identity: &DemoIdentity| {
            let identity = identity.clone();
            let navigate = navigate.clone();
            async move {
                let Some(base_url) = session
                    .credentials
                    .with_untracked(|c| c.as_ref().map(|c| c.base_url.clone()))
                else {
                    return;
                };
                switching.set(true);
                let client = ApiClient::new(&base_url, &identity.token);
                match api::me::get(&client).await {
                    Ok(me) => {
                        let path = location.pathname.get_untracked();
                        let target = page_for(&client, &me, &path).await;
                        let search = location.search.get_untracked();
                        let target = if target == path && !search.is_empty() {
                            format!("{target}?{search}")
                        } else {
                            target
                        };
                        session.accounts.set(Default::default());
                        session.sign_in(
                            Credentials {
                                base_url,
                                token: identity.token.clone(),
                            },
                            me,
                            false,
                        );
                        menu_open.set(false);
                        navigate(&target, Default::default());
                        session.reload_pages();
                        notices.success(format!("Now acting as {}.", identity.label));
                    }
                    Err(error) => notices.failure(format!(
                        "Could not switch to {}: {}",
                        identity.label,
                        error.message()
                    )),
                }
                switching.set(false);
            }
        })
    };

    let reset_open = RwSignal::new(false);
    let reset_error = RwSignal::new(None::<String>);
    let reset = Action::new_local(move |(): &()| {
        let client = use_client();
        let navigate = navigate.clone();
        async move {
            match api::demo::reset(&client).await {
                Ok(_) => {
                    reset_open.set(false);
                    menu_open.set(false);
                    // Every sandbox has a new id now: a sandbox's page would be gone.
                    if sandbox_of_path(&location.pathname.get_untracked()).is_some() {
                        navigate("/sandboxes", Default::default());
                    }
                    session.accounts.set(Default::default());
                    session.reload_pages();
                    notices.success("Demo data reset: everything is back to its first state.");
                }
                Err(error) => reset_error.set(Some(error.message())),
            }
        }
    });
    let resetting = reset.pending();

    let identities = demo.identities.clone();
    let resettable = demo.resettable;
    let can_reset = {
        let current = current.clone();
        move || resettable && current().is_some_and(|identity| may_reset(&identity))
    };
    let current_token = move || token().unwrap_or_default();
    view! {
        <div class="demo-menu">
            <span class="badge badge-demo" data-testid="demo-badge">
                "Demo"
            </span>
            <button
                type="button"
                class="button button-quiet"
                data-testid="demo-menu-open"
                aria-expanded=move || menu_open.get().to_string()
                aria-controls="demo-menu-panel"
                on:click=move |_| menu_open.update(|open| *open = !*open)
            >
                "Switch identity"
            </button>
            <div
                id="demo-menu-panel"
                class="demo-menu-panel"
                hidden=move || !menu_open.get()
                data-testid="demo-menu"
            >
                <p class="demo-menu-title">"Act as"</p>
                <ul class="demo-identities">
                    {identities
                        .into_iter()
                        .map(|identity| {
                            let token = StoredValue::new(identity.token.clone());
                            let is_current = move || {
                                token.with_value(|token| current_token() == *token)
                            };
                            let label = identity.label.clone();
                            let details = format!(
                                "{} · {}",
                                identity.role,
                                account_text(&identity),
                            );
                            view! {
                                <li>
                                    <button
                                        type="button"
                                        class="button button-quiet demo-identity"
                                        data-testid="demo-switch"
                                        aria-current=move || is_current().then_some("true")
                                        disabled=move || switching.get() || is_current()
                                        on:click=move |_| {
                                            switch.dispatch(identity.clone());
                                        }
                                    >
                                        <span class="demo-identity-label">{label}</span>
                                        <span class="muted">{details}</span>
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
                <Show when=can_reset.clone()>
                    <button
                        type="button"
                        class="button button-danger"
                        data-testid="demo-reset-open"
                        on:click=move |_| {
                            reset_error.set(None);
                            reset_open.set(true);
                        }
                    >
                        "Reset demo data…"
                    </button>
                </Show>
            </div>
            <ConfirmDialog
                open=reset_open
                title="Reset the demo data?".to_owned()
                name="demo-reset"
                confirm_label="Reset demo data"
                pending_label="Resetting…"
                danger=true
                pending=resetting
                error=reset_error
                on_confirm=Callback::new(move |()| {
                    reset.dispatch(());
                })
            >
                <p>
                    "Everything returns to its first state: every sandbox, member, app, source and event created, changed or deleted since the demo started is put back as it was, for everyone using this demo."
                </p>
                <p>"The identities and their tokens stay the same."</p>
            </ConfirmDialog>
        </div>
    }
}
