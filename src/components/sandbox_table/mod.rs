//! The sandbox list's table: one row per sandbox, sortable headers. A
//! row, what it shows and its actions, is in `row`.

mod row;

use leptos::prelude::*;
use std::sync::Arc;

use sandbox_api::{encode_query_component, Me, Permission, Sandbox, SandboxSort};

use super::delete_dialog::DeleteDialog;
use super::refresh_dialog::RefreshDialog;
use super::row_checkbox::PageCheckbox;
use super::sortable_header::SortableHeader;
use super::table_columns::{Column, HiddenColumns};
use crate::bulk::selection::Selection;
use crate::session::use_session;
use row::SandboxRow;

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
