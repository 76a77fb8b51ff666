//! One row of the sandbox table: its values, kept per place in the rows.

use leptos::prelude::*;

use sandbox_api::{Me, Sandbox, SandboxStatus};

use super::{sandbox_href, FilterField, TableContext};
use crate::components::expiry::{now_ms, ExpiryShown, ExpiryText, LockMark};
use crate::components::row_checkbox::RowCheckbox;
use crate::components::sandbox_action::ActionTrigger;
use crate::components::status_badge::StatusBadge;
use crate::components::table_columns::Column;
use crate::components::time::Time;
use crate::permissions::{self, SandboxAction};

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
pub(super) fn SandboxRow(index: usize, table: TableContext) -> impl IntoView {
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
