//! The sandbox list's table: one row per sandbox, sortable headers.

use leptos::prelude::*;
use sandbox_api::{encode_query_component, Me, Sandbox, SandboxSort};

use super::sandbox_action::ActionButton;
use super::{DeleteDialog, RefreshDialog, SortableHeader, StatusBadge, Time};
use crate::permissions::{self, SandboxAction};

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

/// The refresh and delete dialogs that a table's rows open: one of each
/// for the whole list. The list page keeps them outside the part it renders
/// again whenever the rows are fetched again, so a poll of the list leaves an
/// open dialog, and what was typed in it, alone.
#[derive(Clone, Copy)]
pub struct RowDialogs {
    /// The row a dialog was opened for.
    chosen: RwSignal<Option<Sandbox>>,
    refresh_open: RwSignal<bool>,
    delete_open: RwSignal<bool>,
}

impl RowDialogs {
    pub fn new() -> Self {
        RowDialogs {
            chosen: RwSignal::new(None),
            refresh_open: RwSignal::new(false),
            delete_open: RwSignal::new(false),
        }
    }
}

impl Default for RowDialogs {
    fn default() -> Self {
        Self::new()
    }
}

/// The dialogs of `RowDialogs`; `on_changed` is called after a refresh or
/// delete from a row succeeded (reload the list).
#[component]
pub fn RowDialogsView(
    dialogs: RowDialogs,
    #[prop(into)] on_changed: Callback<()>,
) -> impl IntoView {
    let changed = move |_: Sandbox| on_changed.run(());
    view! {
        <RefreshDialog sandbox=dialogs.chosen.into() open=dialogs.refresh_open on_done=changed/>
        <DeleteDialog sandbox=dialogs.chosen.into() open=dialogs.delete_open on_done=changed/>
    }
}

/// Rows of sandboxes. Every value is rendered as text, never as markup.
///
/// Built from plain values with no reactive parts: the page renders the
/// table again when the rows, `me` or `show_user_id` change, and Leptos
/// then updates the rows' elements in place (text, attributes) rather than
/// making new ones, which keeps a focused button focused through a poll
/// and is several times cheaper for a 200-row page. A row's Refresh and
/// Delete open the page's `RowDialogs`. These are measured choices
/// (docs/benchmarks.md): a dialog per row made a 200-row page several times
/// slower to render, and reactive parts in every row, subscribed to the
/// session's long-lived `me`, stayed in its subscriber list after the rows
/// were gone (about 37 KB of wasm heap per list render).
#[component]
pub fn SandboxTable(
    rows: Vec<Sandbox>,
    /// Who is calling: which rows' actions are allowed.
    me: Option<Me>,
    /// Support users see which tenant account holds each sandbox.
    show_user_id: bool,
    #[prop(into)] sort: Signal<SandboxSort>,
    #[prop(into)] on_sort: Callback<SandboxSort>,
    /// The list's URL filtered by one value.
    #[prop(into)]
    filter_href: Callback<(FilterField, String), String>,
    dialogs: RowDialogs,
) -> impl IntoView {
    let filter_link = move |field: FilterField, value: String, what: &'static str| {
        // The title (also the accessible description) says what the link does; its name stays the value.
        let title = format!("Show only sandboxes of {what} {value}");
        let href = filter_href.run((field, value.clone()));
        view! { <a class="filter-link" href=href title=title>{value}</a> }
    };
    // Kept once for the buttons: a row's button finds its sandbox by
    // index when clicked, so building a row copies no sandbox.
    let stored = StoredValue::new(Vec::new());
    let row = |index: usize, sandbox: &Sandbox| {
        let open = move |dialog: RwSignal<bool>| {
            move |()| {
                dialogs
                    .chosen
                    .set(stored.with_value(|rows: &Vec<Sandbox>| rows.get(index).cloned()));
                dialog.set(true);
            }
        };
        let refusal = |action| permissions::check(me.as_ref(), sandbox, action).err();
        let (refresh_refusal, open_refresh) =
            (refusal(SandboxAction::Refresh), open(dialogs.refresh_open));
        let (delete_refusal, open_delete) =
            (refusal(SandboxAction::Delete), open(dialogs.delete_open));
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
    let body = rows
        .iter()
        .enumerate()
        .map(|(index, sandbox)| row(index, sandbox))
        .collect_view();
    stored.set_value(rows);
    view! {
        <div class="table-scroll">
            <table class="table sandbox-table" data-testid="sandbox-table">
                <thead>
                    <tr>
                        <SortableHeader label="Name" ascending=SandboxSort::Name descending=SandboxSort::NameDesc current=sort on_sort/>
                        <th scope="col">"Owner ID"</th>
                        {show_user_id.then(|| view! { <th scope="col" data-testid="user-id-header">"Account (user_id)"</th> })}
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
    }
}
