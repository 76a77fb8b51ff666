//! The role select of the add form and of every member row.

use leptos::html;
use leptos::prelude::*;
use sandbox_api::Role;

/// A select of the three roles.
#[component]
pub(in crate::pages) fn RoleSelect(
    id: String,
    value: Signal<Role>,
    on_change: Callback<Role>,
    #[prop(optional, into)] disabled: Signal<bool>,
    #[prop(optional, into)] label: Option<String>,
    #[prop(optional, into)] described_by: Option<String>,
    #[prop(optional)] node_ref: Option<NodeRef<html::Select>>,
) -> impl IntoView {
    let node_ref = node_ref.unwrap_or_default();
    view! {
        <select
            id=id
            class="input select"
            node_ref=node_ref
            aria-label=label
            aria-describedby=described_by
            disabled=move || disabled.get()
            prop:value=move || value.get().as_str()
            on:change=move |event| {
                if let Ok(role) = event_target_value(&event).parse::<Role>() {
                    on_change.run(role);
                }
            }
        >
            {Role::ALL
                .iter()
                .map(|role| view! { <option value=role.as_str()>{role.as_str()}</option> })
                .collect_view()}
        </select>
    }
}
