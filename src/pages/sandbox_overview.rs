//! The detail page's first tab: every field of the sandbox.

use leptos::prelude::*;
use sandbox_api::Sandbox;

use crate::components::lifecycle::LifecycleSection;
use crate::components::metadata_edit::MetadataSection;
use crate::components::{DeleteAction, RefreshAction, StatusBadge, Time};
use crate::current_sandbox::use_current_sandbox;
pub use crate::format::metadata_value_text;
use crate::format::{human_bytes, limit_text};

/// One term and its description in the field list.
fn field(term: &'static str, description: impl IntoView + 'static) -> impl IntoView {
    view! {
        <div class="field-row">
            <dt>{term}</dt>
            <dd>{description}</dd>
        </div>
    }
}

fn code(text: String) -> impl IntoView {
    view! { <code>{text}</code> }
}

fn fields(sandbox: Sandbox) -> impl IntoView {
    let Sandbox {
        sandbox_id,
        user_id,
        owner_id,
        tier,
        mode,
        status,
        storage_provider_type,
        limits,
        created_at,
        updated_at,
        last_refreshed_at,
        access,
        is_external,
        owner_account,
        ..
    } = sandbox;
    let access_text = match (access, is_external) {
        (Some(access), true) => format!("{access} (external: a member from another account)"),
        (Some(access), false) => access.to_string(),
        (None, _) => "none".to_owned(),
    };
    let owner_account = owner_account.map_or_else(
        || view! { <span class="muted">"not included"</span> }.into_any(),
        |account| {
            view! {
                <span>{account.name}</span>
                " "
                <code class="muted">{account.id}</code>
            }
            .into_any()
        },
    );
    view! {
        <section aria-labelledby="overview-identity">
            <h2 id="overview-identity">"Sandbox"</h2>
            <dl class="fields" data-testid="sandbox-fields">
                {field("Sandbox ID", code(sandbox_id))}
                {field("Owner ID", code(owner_id))}
                {field("Account (user_id)", code(user_id))}
                {field("Owner account", owner_account)}
                {field("Status", view! { <StatusBadge status /> })}
                {field("Tier", tier.as_str())}
                {field("Mode", mode.as_str())}
                {field("Storage", storage_provider_type.as_str())}
                {field("Your access", access_text)}
            </dl>
        </section>
        <section aria-labelledby="overview-limits">
            <h2 id="overview-limits">"Limits"</h2>
            <dl class="fields" data-testid="sandbox-limits">
                {field("Storage", human_bytes(limits.storage_bytes))}
                {field("Data sources", limit_text(limits.max_sources))}
                {field("Members", limit_text(limits.max_members))}
            </dl>
            <h2 id="overview-times">"Times"</h2>
            <dl class="fields" data-testid="sandbox-times">
                {field("Created", view! { <Time value=Some(created_at) /> })}
                {field("Updated", view! { <Time value=Some(updated_at) /> })}
                {field("Last refreshed", view! { <Time value=last_refreshed_at never="never" /> })}
            </dl>
        </section>
    }
}

#[component]
pub fn SandboxOverview() -> impl IntoView {
    let current = use_current_sandbox();
    view! {
        <div class="overview" data-testid="overview">
            // Outside the reactive part below, so polling does not close an open dialog.
            <div class="actions">
                <RefreshAction />
                <DeleteAction />
            </div>
            <div class="overview-grid">
                {move || current.sandbox.get().map(fields)}
                // Outside the part that each load renders anew: an open
                // dialog or the metadata being edited stay as they are.
                <LifecycleSection /> <MetadataSection />
            </div>
        </div>
    }
}
