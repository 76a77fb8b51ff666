//! The detail page's first tab: every field of the sandbox.

use leptos::prelude::*;
use sandbox_api::Sandbox;
use serde_json::Value;

use crate::components::{DeleteAction, RefreshAction, StatusBadge, Time};
use crate::current_sandbox::use_current_sandbox;
use crate::format::{human_bytes, limit_text};

/// A metadata value as text: strings bare, anything else as compact JSON.
pub fn metadata_value_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

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
        metadata,
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
    let metadata_view = if metadata.is_empty() {
        view! {
            <p class="muted" data-testid="metadata-empty">
                "No metadata."
            </p>
        }
        .into_any()
    } else {
        view! {
            <div class="table-scroll">
                <table class="table key-value" data-testid="metadata">
                    <thead>
                        <tr>
                            <th scope="col">"Key"</th>
                            <th scope="col">"Value"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {metadata
                            .into_iter()
                            .map(|(key, value)| {
                                view! {
                                    <tr>
                                        <th scope="row">
                                            <code>{key}</code>
                                        </th>
                                        <td>{metadata_value_text(&value)}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <div class="overview-grid">
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
                    {field(
                        "Last refreshed",
                        view! { <Time value=last_refreshed_at never="never" /> },
                    )}
                </dl>
            </section>
            <section aria-labelledby="overview-metadata" class="overview-metadata">
                <h2 id="overview-metadata">"Metadata"</h2>
                {metadata_view}
            </section>
        </div>
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
            {move || current.sandbox.get().map(fields)}
        </div>
    }
}
