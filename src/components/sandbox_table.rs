//! The sandbox list's table: one row per sandbox, sortable headers.

use leptos::prelude::*;
use std::sync::Arc;

use sandbox_api::{encode_query_component, Me, Permission, Sandbox, SandboxSort, SandboxStatus};

use super::delete_dialog::DeleteDialog;
use super::expiry::{now_ms, ExpiryShown, ExpiryText, LockMark};
use super::refresh_dialog::RefreshDialog;
use super::row_checkbox::{PageCheckbox, RowCheckbox};
use super::sandbox_action::ActionTrigger;
use super::sortable_header::SortableHeader;
use super::status_badge::StatusBadge;
use super::table_columns::{Column, HiddenColumns};
use super::time::Time;
use crate::bulk::selection::Selection;
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
    /// Called after a delete, besides `on_changed` (the row's button is
    /// gone with its sandbox: the list moves the focus).
    #[prop(optional, into)]
    on_deleted: Option<Callback<()>>,
) -> impl IntoView {
    let changed = move |_: Sandbox| on_changed.run(());
    let deleted = move |_: Sandbox| {
        on_changed.run(());
        if let Some(on_deleted) = on_deleted {
            on_deleted.run(());
        }
    };
    view! {
        <RefreshDialog sandbox=dialogs.chosen.into() open=dialogs.refresh_open on_done=changed />
        <DeleteDialog sandbox=dialogs.chosen.into() open=dialogs.delete_open on_done=deleted />
    }
}

/// Whether the caller's role may neither refresh nor delete any sandbox
/// (viewers, support): a table for it offers no row actions. Unknown
/// until `/me` has answered.
pub fn is_read_only(me: Option<&Me>) -> bool {
    me.is_some_and(|me| {
        !me.has(Permission::SandboxesRefresh) && !me.has(Permission::SandboxesDelete)
    })
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
    #[prop(into)] rows: Signal<Arc<[Sandbox]>>,
    /// Support users see which tenant account holds each sandbox.
    #[prop(into)]
    show_user_id: Signal<bool>,
    #[prop(into)] sort: Signal<SandboxSort>,
    #[prop(into)] on_sort: Callback<SandboxSort>,
    /// The list's URL filtered by one value.
    #[prop(into)]
    filter_href: Callback<(FilterField, String), String>,
    dialogs: RowDialogs,
    /// The caller may take no row action (`is_read_only`): no actions
    /// column, rather than a column of disabled buttons; the page says why, once.
    #[prop(optional)]
    read_only: bool,
    /// A checkbox column for the list's bulk actions.
    #[prop(optional_no_strip)]
    selection: Option<Selection>,
    /// Columns the Columns menu hides: still rendered, marked `hidden`.
    #[prop(optional, into)]
    hidden_columns: Signal<HiddenColumns>,
) -> impl IntoView {
    let session = use_session();
    let me = Memo::new(move |_| session.me.get());
    let show_user_id = Memo::new(move |_| show_user_id.get());
    let count = Memo::new(move |_| rows.with(|rows| rows.len()));
    // A v1.0 server sends no expiry: no column for it.
    let show_expires = Memo::new(move |_| {
        rows.with(|rows| rows.iter().any(|sandbox| sandbox.expires_at.is_some()))
    });
    let hidden_columns = Memo::new(move |_| hidden_columns.get());
    let hidden = move |column: Column| move || hidden_columns.with(|h| h.contains(&column));
    let table = TableContext {
        hidden_columns,
        rows,
        me,
        show_user_id,
        show_expires,
        filter_href,
        dialogs,
        read_only,
        selection,
    };
    view! {
        <div class="table-scroll">
            <table class="table sandbox-table" data-testid="sandbox-table">
                <thead>
                    <tr>
                        {selection.map(|selection| view! { <PageCheckbox selection rows /> })}
                        <SortableHeader
                            label="Name"
                            ascending=SandboxSort::Name
                            descending=SandboxSort::NameDesc
                            current=sort
                            on_sort
                        /> <th scope="col" hidden=hidden(Column::Owner)>
                            "Owner ID"
                        </th>
                        {move || {
                            show_user_id
                                .get()
                                .then(|| {
                                    view! {
                                        <th
                                            scope="col"
                                            data-testid="user-id-header"
                                            hidden=hidden(Column::Account)
                                        >
                                            "Account"
                                        </th>
                                    }
                                })
                        }} <th scope="col" hidden=hidden(Column::Tier)>
                            "Tier"
                        </th>
                        <SortableHeader
                            label="Status"
                            ascending=SandboxSort::Status
                            current=sort
                            on_sort
                            attr:hidden=hidden(Column::Status)
                        /> <th scope="col" hidden=hidden(Column::Access)>
                            "Access"
                        </th>
                        <SortableHeader
                            label="Created"
                            ascending=SandboxSort::CreatedAt
                            descending=SandboxSort::CreatedAtDesc
                            current=sort
                            on_sort
                            attr:hidden=hidden(Column::Created)
                        />
                        {move || {
                            show_expires
                                .get()
                                .then(|| {
                                    view! {
                                        <SortableHeader
                                            label="Expires"
                                            ascending=SandboxSort::ExpiresAt
                                            descending=SandboxSort::ExpiresAtDesc
                                            current=sort
                                            on_sort
                                            attr:hidden=hidden(Column::Expires)
                                        />
                                    }
                                })
                        }}
                        {(!read_only)
                            .then(|| {
                                view! {
                                    <th scope="col">
                                        <span class="visually-hidden">"Actions"</span>
                                    </th>
                                }
                            })}
                    </tr>
                </thead>
                <tbody>
                    <For each=move || 0..count.get() key=|index| *index let:index>
                        <SandboxRow index table />
                    </For>
                </tbody>
            </table>
        </div>
    }
}

/// What every row of one table reads.
#[derive(Clone, Copy)]
struct TableContext {
    rows: Signal<Arc<[Sandbox]>>,
    /// The session's `me`, copied into a memo that goes with the table.
    me: Memo<Option<Me>>,
    show_user_id: Memo<bool>,
    /// The rows carry `expires_at` (v1.1).
    show_expires: Memo<bool>,
    filter_href: Callback<(FilterField, String), String>,
    dialogs: RowDialogs,
    read_only: bool,
    selection: Option<Selection>,
    hidden_columns: Memo<HiddenColumns>,
}

/// What a row shows of its sandbox and what the caller may do to it: cheap
/// to copy and compare, which a `Sandbox` (with its metadata) is not.
#[derive(Clone, Default, PartialEq)]
struct RowValues {
    sandbox_id: String,
    name: String,
    owner_id: String,
    user_id: String,
    /// The tenant account's name, when the list expanded it.
    account_name: Option<String>,
    tier: &'static str,
    status: Option<SandboxStatus>,
    access: &'static str,
    is_external: bool,
    created_at: Option<String>,
    /// v1.1's expiry as of when the row was last rendered; `None` from v1.0.
    expiry: Option<ExpiryShown>,
    protected: bool,
    refresh_refusal: Option<String>,
    delete_refusal: Option<String>,
}

impl RowValues {
    fn new(sandbox: &Sandbox, me: Option<&Me>) -> Self {
        let refusal = |action| permissions::check(me, sandbox, action).err();
        RowValues {
            sandbox_id: sandbox.sandbox_id.clone(),
            name: sandbox.name.clone(),
            owner_id: sandbox.owner_id.clone(),
            user_id: sandbox.user_id.clone(),
            account_name: sandbox
                .owner_account
                .as_ref()
                .map(|account| account.name.clone()),
            tier: sandbox.tier.as_str(),
            status: Some(sandbox.status),
            access: sandbox.access.map_or("none", |access| access.as_str()),
            is_external: sandbox.is_external,
            created_at: Some(sandbox.created_at.clone()),
            // The relative time is as of this answer: each poll or reload renders it anew.
            expiry: ExpiryShown::of(sandbox, now_ms()),
            protected: sandbox.is_protected(),
            refresh_refusal: refusal(SandboxAction::Refresh),
            delete_refusal: refusal(SandboxAction::Delete),
        }
    }
}

/// A value of a row for the parts that Leptos renders again, element and
/// all, when their closure runs: as a memo, they run only when it changed.
/// Text and attributes compare by themselves and read the row directly.
fn field<T: Clone + PartialEq + Send + Sync + 'static>(
    row: Memo<RowValues>,
    value: fn(&RowValues) -> T,
) -> Memo<T> {
    Memo::new(move |_| row.with(value))
}

/// The row at `index`: each value it shows follows that place in the rows.
#[component]
fn SandboxRow(index: usize, table: TableContext) -> impl IntoView {
    let row = Memo::new(move |_| {
        table.me.with(|me| {
            table
                .rows
                .with(|rows| {
                    rows.get(index)
                        .map(|sandbox| RowValues::new(sandbox, me.as_ref()))
                })
                .unwrap_or_default()
        })
    });
    let text = move |value: fn(&RowValues) -> String| move || row.with(value);
    let status = field(row, |r| r.status);
    let created = field(row, |r| r.created_at.clone());
    let external = field(row, |r| r.is_external);
    let expiry = field(row, |r| r.expiry.clone());
    let protected = field(row, |r| r.protected);
    let filter_link =
        move |filter: FilterField, value: fn(&RowValues) -> String, what: &'static str| {
            // The title (also the accessible description) says what the link does; its name stays the value.
            let title = move || row.with(|r| format!("Show only sandboxes of {what} {}", value(r)));
            let href = move || table.filter_href.run((filter, row.with(value)));
            view! {
                <a class="filter-link" href=href title=title>
                    {text(value)}
                </a>
            }
        };
    let open = move |dialog: RwSignal<bool>| {
        move |()| {
            let sandbox = table.rows.with_untracked(|rows| rows.get(index).cloned());
            table.dialogs.chosen.set(sandbox);
            dialog.set(true);
        }
    };
    let hidden = move |column: Column| move || table.hidden_columns.with(|h| h.contains(&column));
    let accessible_label = move |verb: &'static str| {
        Signal::derive(move || row.with(|r| format!("{verb} {}", r.name)))
    };
    view! {
        <tr data-testid="sandbox-row" data-sandbox-id=text(|r| r.sandbox_id.clone())>
            {table
                .selection
                .map(|selection| {
                    let sandbox_id = field(row, |r| r.sandbox_id.clone());
                    let name = field(row, |r| r.name.clone());
                    view! { <RowCheckbox selection rows=table.rows index sandbox_id name /> }
                })}
            <th scope="row" data-label="Name">
                <a
                    href=move || row.with(|r| sandbox_href(&r.sandbox_id))
                    data-testid="sandbox-name"
                >
                    {text(|r| r.name.clone())}
                </a>
                {move || protected.get().then(|| view! { <LockMark /> })}
            </th>
            <td data-label="Owner" data-testid="owner-id" hidden=hidden(Column::Owner)>
                {filter_link(FilterField::OwnerId, |r| r.owner_id.clone(), "owner")}
            </td>
            {move || {
                table
                    .show_user_id
                    .get()
                    .then(|| {
                        view! {
                            <td data-label="Account" hidden=hidden(Column::Account)>
                                <span class="account">
                                    <span class="account-name" data-testid="account-name">
                                        {text(|r| r.account_name.clone().unwrap_or_default())}
                                    </span>
                                    " "
                                    <span data-testid="user-id">
                                        {filter_link(
                                            FilterField::UserId,
                                            |r| r.user_id.clone(),
                                            "account",
                                        )}
                                    </span>
                                </span>
                            </td>
                        }
                    })
            }}
            <td data-label="Tier" hidden=hidden(Column::Tier)>
                {move || row.with(|r| r.tier)}
            </td>
            <td data-label="Status" hidden=hidden(Column::Status)>
                {move || status.get().map(|status| view! { <StatusBadge status /> })}
            </td>
            <td data-label="Access" hidden=hidden(Column::Access)>
                {move || row.with(|r| r.access)}
                {move || {
                    external
                        .get()
                        .then(|| {
                            view! {
                                <span class="tag" title="A member from another account">
                                    "external"
                                </span>
                            }
                        })
                }}
            </td>
            <td data-label="Created" hidden=hidden(Column::Created)>
                {move || created.get().map(|at| view! { <Time value=Some(at) /> })}
            </td>
            {move || {
                table
                    .show_expires
                    .get()
                    .then(|| {
                        view! {
                            <td data-label="Expires" hidden=hidden(Column::Expires)>
                                {move || expiry.get().map(|shown| view! { <ExpiryText shown /> })}
                            </td>
                        }
                    })
            }}
            {(!table.read_only)
                .then(|| {
                    view! {
                        <td class="row-actions" data-label="Actions">
                            <div class="row-action-group">
                                <ActionTrigger
                                    label="Refresh"
                                    accessible_label=accessible_label("Refresh")
                                    refusal=Signal::derive(move || {
                                        row.with(|r| r.refresh_refusal.clone())
                                    })
                                    on_open=open(table.dialogs.refresh_open)
                                    testid="refresh-open"
                                    compact=true
                                />
                                <ActionTrigger
                                    label="Delete"
                                    accessible_label=accessible_label("Delete")
                                    refusal=Signal::derive(move || {
                                        row.with(|r| r.delete_refusal.clone())
                                    })
                                    on_open=open(table.dialogs.delete_open)
                                    testid="delete-open"
                                    compact=true
                                    danger=true
                                />
                            </div>
                        </td>
                    }
                })}
        </tr>
    }
}
