//! The sandbox list's table: one row per sandbox, sortable headers.

use leptos::prelude::*;
use sandbox_api::{encode_query_component, Sandbox, SandboxSort};

use super::{DeleteAction, RefreshAction, SortableHeader, StatusBadge, Time};

/// The console's page for one sandbox (ids are opaque: encoded, never trusted as a path).
pub fn sandbox_href(sandbox_id: &str) -> String {
    format!("/sandboxes/{}", encode_query_component(sandbox_id))
}

/// A list filter a cell can link to: clicking an owner_id filters by it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilterField {
    OwnerId,
    UserId,
}

/// Rows of sandboxes. Every value is rendered as text, never as markup.
#[component]
pub fn SandboxTable(
    rows: Vec<Sandbox>,
    /// Support users see which tenant account holds each sandbox (a signal:
    /// `/me` may answer after the list).
    #[prop(into)]
    show_user_id: Signal<bool>,
    #[prop(into)] sort: Signal<SandboxSort>,
    #[prop(into)] on_sort: Callback<SandboxSort>,
    /// The list's URL filtered by one value.
    #[prop(into)]
    filter_href: Callback<(FilterField, String), String>,
    /// Called after a row's refresh or delete succeeded (reload the list).
    #[prop(optional, into)]
    on_changed: Option<Callback<()>>,
) -> impl IntoView {
    let changed = move |_: Sandbox| {
        if let Some(on_changed) = on_changed {
            on_changed.run(());
        }
    };
    let filter_link = move |field: FilterField, value: String, what: &'static str| {
        // The title (also the accessible description) says what the link does; its name stays the value.
        let title = format!("Show only sandboxes of {what} {value}");
        let href = filter_href.run((field, value.clone()));
        view! { <a class="filter-link" href=href title=title>{value}</a> }
    };
    let row = move |sandbox: Sandbox| {
        view! {
            <tr data-testid="sandbox-row" data-sandbox-id=sandbox.sandbox_id.clone()>
                <th scope="row" data-label="Name">
                    <a href=sandbox_href(&sandbox.sandbox_id) data-testid="sandbox-name">{sandbox.name.clone()}</a>
                </th>
                <td data-label="Owner" data-testid="owner-id">{filter_link(FilterField::OwnerId, sandbox.owner_id.clone(), "owner")}</td>
                {let user_id = sandbox.user_id.clone(); move || show_user_id.get().then(|| view! {
                    <td data-label="Account" data-testid="user-id">{filter_link(FilterField::UserId, user_id.clone(), "account")}</td>
                })}
                <td data-label="Tier">{sandbox.tier.as_str()}</td>
                <td data-label="Status"><StatusBadge status=sandbox.status/></td>
                <td data-label="Access">
                    {sandbox.access.map_or("none", |access| access.as_str())}
                    {sandbox.is_external.then(|| view! { <span class="tag" title="A member from another account">"external"</span> })}
                </td>
                <td data-label="Created"><Time value=Some(sandbox.created_at.clone())/></td>
                <td class="row-actions" data-label="Actions">
                    <div class="row-action-group">
                        <RefreshAction sandbox=Signal::stored(sandbox.clone()) on_done=changed compact=true/>
                        <DeleteAction sandbox=Signal::stored(sandbox.clone()) on_done=changed compact=true/>
                    </div>
                </td>
            </tr>
        }
    };
    view! {
        <div class="table-scroll">
            <table class="table sandbox-table" data-testid="sandbox-table">
                <thead>
                    <tr>
                        <SortableHeader label="Name" ascending=SandboxSort::Name descending=SandboxSort::NameDesc current=sort on_sort/>
                        <th scope="col">"Owner ID"</th>
                        {move || show_user_id.get().then(|| view! { <th scope="col" data-testid="user-id-header">"Account (user_id)"</th> })}
                        <th scope="col">"Tier"</th>
                        <SortableHeader label="Status" ascending=SandboxSort::Status current=sort on_sort/>
                        <th scope="col">"Access"</th>
                        <SortableHeader label="Created" ascending=SandboxSort::CreatedAt descending=SandboxSort::CreatedAtDesc current=sort on_sort/>
                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>{rows.into_iter().map(row).collect_view()}</tbody>
            </table>
        </div>
    }
}
