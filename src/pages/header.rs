//! The app header: the product name, who is calling, and sign out.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

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
    let whoami = move || {
        session.me.get().map(|me| {
            let account = me.account.as_ref().map_or_else(|| "all tenants".to_owned(), |account| account.name.clone());
            view! {
                <p class="whoami" data-testid="whoami">
                    <span class="whoami-email">{me.email.clone()}</span>
                    <span class="badge badge-role">{me.role.as_str()}</span>
                    <span class="whoami-account">{account}</span>
                    {me.acting_in_sandbox.clone().map(|sandbox_id| view! {
                        <span class="whoami-scope">"acting in sandbox " <code>{sandbox_id}</code></span>
                    })}
                </p>
            }
        })
    };
    view! {
        <header class="app-header">
            <A href="/sandboxes" attr:class="brand">"Sandbox Console"</A>
            <Show when=move || session.credentials.with(Option::is_some)>
                <div class="session">
                    {whoami}
                    <button type="button" class="button button-quiet" data-testid="sign-out" on:click=sign_out.clone()>
                        "Sign out"
                    </button>
                </div>
            </Show>
        </header>
    }
}
