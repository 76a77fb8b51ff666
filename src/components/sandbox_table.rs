//! The sandbox list's table: one row per sandbox, sortable headers.

use leptos::prelude::*;
use sandbox_api::{encode_query_component, Me, Sandbox, SandboxSort};

use super::sandbox_action::ActionTrigger;
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
/// A row is kept for its place in the table (`SandboxRow`): when the list is
/// fetched again (a sort, a filter, a poll), only the values that changed
/// are written into the elements already there, so a focused button stays
/// focused and a 200-row page is updated, not rebuilt. A row's Refresh and
/// Delete open the page's `RowDialogs`. Measured choices (docs/benchmarks.md):
/// Leptos, built with `erase_components`, takes every attribute of an element
/// off and puts it back when it rebuilds a view in place, which made
/// rebuilding whole rows cost more than the fine-grained updates here; and
/// reactive parts subscribed to the session's long-lived `me` stayed in its
/// subscriber list after their row was gone, so rows subscribe only to
/// signals that go with the table.
#[component]
pub fn SandboxTable(
    #[prop(into)] rows: Signal<Vec<Sandbox>>,
    /// Support users see which tenant account holds each sandbox.
    #[prop(into)]
    show_user_id: Signal<bool>,
    #[prop(into)] sort: Signal<SandboxSort>,
    #[prop(into)] on_sort: Callback<SandboxSort>,
    /// The list's URL filtered by one value.
    #[prop(into)]
    filter_href: Callback<(FilterField, String), String>,
    dialogs: RowDialogs,
) -> impl IntoView {
    let session = use_session();
    let me = Memo::new(move |_| session.me.get());
    let show_user_id = Memo::new(move |_| show_user_id.get());
    let count = Memo::new(move |_| rows.with(Vec::len));
    let table = TableContext {
        rows,
        me,
        show_user_id,
        filter_href,
        dialogs,
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
                <tbody>
                    <For each=move || 0..count.get() key=|index| *index let:index>
                        <SandboxRow index table/>
                    </For>
                </tbody>
            </table>
        </div>
    }
}

/// What every row of one table reads.
#[derive(Clone, Copy)]
struct TableContext {
    rows: Signal<Vec<Sandbox>>,
    /// The session's `me`, copied into a memo that goes with the table.
    me: Memo<Option<Me>>,
    show_user_id: Memo<bool>,
    filter_href: Callback<(FilterField, String), String>,
    dialogs: RowDialogs,
}

/// The row at `index`: each value it shows follows that place in the rows.
#[component]
fn SandboxRow(index: usize, table: TableContext) -> impl IntoView {
    let sandbox = Memo::new(move |_| table.rows.with(|rows| rows.get(index).cloned()));
    // One field of the row's sandbox, as a memo: its elements are written
    // to only when it changes.
    fn field<T: Clone + PartialEq + Default + Send + Sync + 'static>(
        sandbox: Memo<Option<Sandbox>>,
        value: fn(&Sandbox) -> T,
    ) -> Memo<T> {
        Memo::new(move |_| sandbox.with(|sandbox| sandbox.as_ref().map(value).unwrap_or_default()))
    }
    let id = field(sandbox, |s| s.sandbox_id.clone());
    let name = field(sandbox, |s| s.name.clone());
    let status = field(sandbox, |s| Some(s.status));
    let created = field(sandbox, |s| Some(s.created_at.clone()));
    let external = field(sandbox, |s| s.is_external);
    let filter_link =
        move |filter: FilterField, value: fn(&Sandbox) -> String, what: &'static str| {
            let value = field(sandbox, value);
            // The title (also the accessible description) says what the link does; its name stays the value.
            let title = move || format!("Show only sandboxes of {what} {}", value.get());
            let href = move || table.filter_href.run((filter, value.get()));
            view! { <a class="filter-link" href=href title=title>{value}</a> }
        };
    let refusal = move |action: SandboxAction| {
        Signal::derive(move || {
            sandbox.with(|sandbox| {
                let sandbox = sandbox.as_ref()?;
                table
                    .me
                    .with(|me| permissions::check(me.as_ref(), sandbox, action).err())
            })
        })
    };
    let open = move |dialog: RwSignal<bool>| {
        move |()| {
            table.dialogs.chosen.set(sandbox.get_untracked());
            dialog.set(true);
        }
    };
    let accessible_label =
        move |verb: &'static str| Signal::derive(move || format!("{verb} {}", name.get()));
    view! {
        <tr data-testid="sandbox-row" data-sandbox-id=id>
            <th scope="row" data-label="Name">
                <a href=move || sandbox_href(&id.get()) data-testid="sandbox-name">{name}</a>
            </th>
            <td data-label="Owner" data-testid="owner-id">{filter_link(FilterField::OwnerId, |s| s.owner_id.clone(), "owner")}</td>
            {move || table.show_user_id.get().then(|| view! {
                <td data-label="Account" data-testid="user-id">{filter_link(FilterField::UserId, |s| s.user_id.clone(), "account")}</td>
            })}
            <td data-label="Tier">{field(sandbox, |s| s.tier.as_str())}</td>
            <td data-label="Status">{move || status.get().map(|status| view! { <StatusBadge status/> })}</td>
            <td data-label="Access">
                {field(sandbox, |s| s.access.map_or("none", |access| access.as_str()))}
                {move || external.get().then(|| view! { <span class="tag" title="A member from another account">"external"</span> })}
            </td>
            <td data-label="Created">{move || created.get().map(|at| view! { <Time value=Some(at)/> })}</td>
            <td class="row-actions" data-label="Actions">
                <div class="row-action-group">
                    <ActionTrigger label="Refresh" accessible_label=accessible_label("Refresh")
                        refusal=refusal(SandboxAction::Refresh) on_open=open(table.dialogs.refresh_open) testid="refresh-open" compact=true/>
                    <ActionTrigger label="Delete" accessible_label=accessible_label("Delete")
                        refusal=refusal(SandboxAction::Delete) on_open=open(table.dialogs.delete_open) testid="delete-open" compact=true danger=true/>
                </div>
            </td>
        </tr>
    }
}
