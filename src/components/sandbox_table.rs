//! The sandbox list's table: one row per sandbox, sortable headers.

use leptos::prelude::*;
use sandbox_api::{encode_query_component, Me, Sandbox, SandboxSort};

use super::sandbox_action::ActionButton;
use super::{DeleteDialog, RefreshDialog, SortableHeader, StatusBadge, Time};
use crate::permissions::{self, SandboxAction};
use crate::session::use_session;

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
///
/// Rows are rendered from plain values, all again when `/me` or
/// `show_user_id` changes (rare), and a row's Refresh and Delete open one
/// refresh and one delete dialog that the whole table shares. Both are
/// measured choices (docs/benchmarks.md): a dialog per row made a 200-row
/// page several times slower to render, and reactive parts in every row,
/// subscribed to the session's long-lived `me`, stayed in its subscriber
/// list after the rows were gone (about 37 KB of wasm heap per list render).
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
    // The row whose dialog is open, and which dialog.
    let chosen = RwSignal::new(None::<Sandbox>);
    let refresh_open = RwSignal::new(false);
    let delete_open = RwSignal::new(false);
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
    // Kept once for the buttons: a row's button finds its sandbox by
    // index when clicked, so building a row copies no sandbox.
    let rows = StoredValue::new(rows);
    let row = move |index: usize, sandbox: &Sandbox, me: Option<&Me>, show_user_id: bool| {
        let trigger = move |action: SandboxAction, dialog: RwSignal<bool>| {
            let on_open = move |()| {
                chosen.set(rows.with_value(|rows| rows.get(index).cloned()));
                dialog.set(true);
            };
            (permissions::check(me, sandbox, action).err(), on_open)
        };
        let (refresh_refusal, open_refresh) = trigger(SandboxAction::Refresh, refresh_open);
        let (delete_refusal, open_delete) = trigger(SandboxAction::Delete, delete_open);
        view! {
            <tr data-testid="sandbox-row" data-sandbox-id=sandbox.sandbox_id.clone()>
                <th scope="row" data-label="Name">
                    <a href=sandbox_href(&sandbox.sandbox_id) data-testid="sandbox-name">{sandbox.name.clone()}</a>
                </th>
                <td data-label="Owner" data-testid="owner-id">{filter_link(FilterField::OwnerId, sandbox.owner_id.clone(), "owner")}</td>
                {show_user_id.then(|| view! {
                    <td data-label="Account" data-testid="user-id">{filter_link(FilterField::UserId, sandbox.user_id.clone(), "account")}</td>
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
                        <ActionButton label="Refresh" accessible_label=format!("Refresh {}", sandbox.name)
                            refusal=refresh_refusal on_open=open_refresh testid="refresh-open" compact=true/>
                        <ActionButton label="Delete" accessible_label=format!("Delete {}", sandbox.name)
                            refusal=delete_refusal on_open=open_delete testid="delete-open" compact=true danger=true/>
                    </div>
                </td>
            </tr>
        }
    };
    let session = use_session();
    let body = move || {
        let show_user_id = show_user_id.get();
        session.me.with(|me| {
            rows.with_value(|rows| {
                rows.iter()
                    .enumerate()
                    .map(|(index, sandbox)| row(index, sandbox, me.as_ref(), show_user_id))
                    .collect_view()
            })
        })
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
                <tbody>{body}</tbody>
            </table>
        </div>
        <RefreshDialog sandbox=chosen.into() open=refresh_open on_done=changed/>
        <DeleteDialog sandbox=chosen.into() open=delete_open on_done=changed/>
    }
}
