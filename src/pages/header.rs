//! The app header: the product name, who is calling, and sign out.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::demo_menu::DemoMenu;
use crate::api::{self, ApiClient};
use crate::components::sandbox_href;
use crate::session::use_session;

#[component]
pub fn Header() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let sign_out = move |_| {
        // Leave the guarded page first, so it does not remember itself as the way back.
        navigate("/connect", Default::default());
        session.sign_out_by_user();
    };
    // A sandbox-scoped token is named by its sandbox's name; its id alone says nothing to a person.
    let scope_name = LocalResource::new(move || {
        let sandbox_id = session
            .me
            .with(|me| me.as_ref().and_then(|me| me.acting_in_sandbox.clone()));
        let credentials = session.credentials.get_untracked();
        async move {
            let (sandbox_id, credentials) = (sandbox_id?, credentials?);
            let client = ApiClient::new(&credentials.base_url, &credentials.token);
            let sandbox = api::sandboxes::get(&client, &sandbox_id).await.ok()?;
            Some(sandbox.name)
        }
    });
    // The demo's identities while the API runs one (nothing otherwise);
    // asked again for another API, not for another identity of the same.
    let base_url = Memo::new(move |_| {
        session
            .credentials
            .with(|c| c.as_ref().map(|c| c.base_url.clone()))
    });
    let demo = LocalResource::new(move || {
        let base_url = base_url.get();
        async move { api::demo::identities(&base_url?).await }
    });
    let demo_menu = move || demo.get().flatten().map(|demo| view! { <DemoMenu demo /> });
    let whoami = move || {
        session.me.get().map(|me| {
            let account = me
                .account
                .as_ref()
                .map_or_else(|| "all tenants".to_owned(), |account| account.name.clone());
            view! {
                <p class="whoami" data-testid="whoami">
                    <span class="whoami-email">{me.email.clone()}</span>
                    <span class="badge badge-role">{me.role.as_str()}</span>
                    <span class="whoami-account">{account}</span>
                    {me
                        .acting_in_sandbox
                        .clone()
                        .map(|sandbox_id| {
                            let href = sandbox_href(&sandbox_id);
                            let name = move || {
                                scope_name.get().flatten().unwrap_or_else(|| sandbox_id.clone())
                            };
                            // The id until the name is in (or when it cannot be had).
                            view! {
                                <span class="whoami-scope" data-testid="whoami-scope">
                                    "acting in sandbox "
                                    <a href=href>{name}</a>
                                </span>
                            }
                        })}
                </p>
            }
        })
    };
    view! {
        <header class="app-header">
            // A plain link: the product name is never "the current page".
            <a href="/sandboxes" class="brand">
                "Sandbox Console"
            </a>
            <Show when=move || session.credentials.with(Option::is_some)>
                <nav class="app-nav" aria-label="Console" data-testid="app-nav">
                    <A href="/sandboxes">"Sandboxes"</A>
                    <A href="/activity">"Activity"</A>
                </nav>
                <div class="session">
                    {demo_menu} {whoami}
                    <button
                        type="button"
                        class="button button-quiet"
                        data-testid="sign-out"
                        on:click=sign_out.clone()
                    >
                        "Sign out"
                    </button>
                </div>
            </Show>
        </header>
    }
}
