//! One event as people read it: when, who, what and what changed. Shared
//! by a sandbox's Activity tab and the Activity page.

use leptos::prelude::*;
use sandbox_api::{Event, EventAction, EventActor};
use serde_json::Value;

use super::tenants::tenant_name;
use crate::components::{sandbox_href, Time};
use crate::session::use_session;

/// What an action did, as a sentence (never the API's action string).
pub fn action_text(action: EventAction) -> &'static str {
    match action {
        EventAction::SandboxCreated => "Created the sandbox",
        EventAction::SandboxUpdated => "Changed the sandbox's settings",
        EventAction::SandboxRefreshRequested => "Asked for a refresh from production",
        EventAction::SandboxStatusChanged => "The sandbox's status changed",
        EventAction::SandboxDeleted => "Deleted the sandbox",
        EventAction::SandboxExpired => "The sandbox expired and was deleted",
        EventAction::MembersAdded => "Added members",
        EventAction::MembersUpdated => "Changed members' roles",
        EventAction::MembersRemoved => "Removed members",
        EventAction::AppPushed => "Pushed an app",
        EventAction::SourceRegistered => "Registered a data source",
        EventAction::SourceSecretRotated => "Rotated a source's signing secret",
        EventAction::SourceDeleted => "Deleted a data source",
    }
}

/// Who made a change: "ada@acme.test (admin)", or "system" for the server.
pub fn actor_text(actor: Option<&EventActor>) -> String {
    match actor {
        Some(actor) => format!("{} ({})", actor.email, actor.role.as_str()),
        None => "system".to_owned(),
    }
}

/// One side of a change: `null` is "none", a string is itself, anything
/// else its compact JSON.
pub fn change_value_text(value: &Value) -> String {
    match value {
        Value::Null => "none".to_owned(),
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// Each changed thing as `(name, before, after)`; an entry that is not the
/// contract's `[before, after]` shows whole as the "after".
pub fn change_rows(event: &Event) -> Vec<(String, String, String)> {
    event
        .changes
        .iter()
        .map(|(name, change)| {
            let (before, after) = match change.as_array().map(Vec::as_slice) {
                Some([before, after]) => (change_value_text(before), change_value_text(after)),
                _ => ("none".to_owned(), change_value_text(change)),
            };
            (name.clone(), before, after)
        })
        .collect()
}

/// The changes as a list of "name: before → after".
#[component]
fn Changes(rows: Vec<(String, String, String)>) -> impl IntoView {
    if rows.is_empty() {
        return view! { <span class="muted">"—"</span> }.into_any();
    }
    view! {
        <ul class="event-changes" data-testid="event-changes">
            {rows
                .into_iter()
                .map(|(name, before, after)| {
                    let key = name.clone();
                    view! {
                        <li data-change=key>
                            <span class="change-name">{name}</span>
                            ": "
                            <span class="change-before">{before}</span>
                            " → "
                            <span class="change-after">{after}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

/// The sandbox an event belongs to: a link, or its name marked deleted
/// once it is gone (a link would lead to "not found").
#[component]
fn EventSandbox(event: Event) -> impl IntoView {
    if event.sandbox_deleted {
        view! {
            <span class="event-sandbox-deleted" data-testid="event-sandbox">
                {event.sandbox_name}
                <span class="muted">" (deleted)"</span>
            </span>
        }
        .into_any()
    } else {
        view! {
            <a
                href=format!("{}/activity", sandbox_href(&event.sandbox_id))
                data-testid="event-sandbox"
            >
                {event.sandbox_name}
            </a>
        }
        .into_any()
    }
}

/// Which columns an event table has beyond when, who, what and changes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EventColumns {
    /// The sandbox (the Activity page; the tab is about one sandbox).
    pub sandbox: bool,
    /// The tenant account (support staff, who see every account).
    pub tenant: bool,
}

impl EventColumns {
    pub fn headers(self) -> Vec<&'static str> {
        let mut headers = vec!["When", "Who", "What"];
        if self.sandbox {
            headers.push("Sandbox");
        }
        if self.tenant {
            headers.push("Tenant account");
        }
        headers.push("Changes");
        headers
    }
}

/// One event as a table row. API text is only ever text nodes.
#[component]
pub fn EventRow(event: Event, columns: EventColumns) -> impl IntoView {
    let changes = change_rows(&event);
    let actor = actor_text(event.actor.as_ref());
    let tenant = columns.tenant.then(|| {
        let name = tenant_name(use_session(), &event.user_id).map(|name| {
            view! {
                <span class="tenant-name">{name}</span>
                " "
            }
        });
        view! {
            <td class="event-tenant" data-label="Tenant account">
                {name}
                <code>{event.user_id.clone()}</code>
            </td>
        }
    });
    let sandbox = columns.sandbox.then(|| {
        view! {
            <td data-label="Sandbox">
                <EventSandbox event=event.clone() />
            </td>
        }
    });
    view! {
        <tr data-testid="event-row" data-action=event.action.as_str()>
            <td class="event-when" data-label="When">
                <Time value=Some(event.occurred_at.clone()) />
            </td>
            <td class="event-actor" data-label="Who">
                {actor}
            </td>
            <td class="event-what" data-label="What">
                {action_text(event.action)}
            </td>
            {sandbox}
            {tenant}
            <td data-label="Changes">
                <Changes rows=changes />
            </td>
        </tr>
    }
}
