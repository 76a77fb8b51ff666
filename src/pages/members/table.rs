//! The members table: a role select per row (a changed role waits for its
//! row's Save), checkboxes, and removing the selected members after a
//! confirmation.

use leptos::html;
use leptos::prelude::*;
use sandbox_api::{Member, MemberOrigin, Role, SandboxUser, SandboxUserRequest};

use super::role_select::RoleSelect;
use super::rules::{
    describe_removed, explain_remove_failure, owner_count, Outcome, LAST_OWNER_DEMOTE,
    LAST_OWNER_REMOVE,
};
use super::{role_request, MemberWrites, Report};
use crate::api;
use crate::components::{ConfirmDialog, Time};
use crate::current_sandbox::use_current_sandbox;
use crate::session::use_client;

fn origin_text(origin: MemberOrigin) -> &'static str {
    match origin {
        MemberOrigin::Production => "copied from production",
        MemberOrigin::Added => "added here",
    }
}

/// The members, with a role select per row and checkboxes for removal.
#[component]
pub(super) fn MemberTable(
    roster: Signal<Vec<Member>>,
    refusal: Signal<Option<String>>,
    busy: RwSignal<bool>,
    outcome: RwSignal<Option<Outcome>>,
    writes: MemberWrites,
    on_removed: Callback<()>,
) -> impl IntoView {
    let current = use_current_sandbox();
    let client = use_client();
    let selected = RwSignal::new(Vec::<String>::new());
    // Forget selections of members that are gone after a reload.
    Effect::new(move |_| {
        roster.with(|roster| {
            let present = |email: &String| roster.iter().any(|member| &member.email == email);
            if selected.with_untracked(|selected| !selected.iter().all(present)) {
                selected.update(|selected| selected.retain(present));
            }
        })
    });
    let owners = Memo::new(move |_| roster.with(|roster| owner_count(roster)));
    // A saved role rebuilds its row (rows are keyed by role): the new row takes the focus back.
    let refocus = StoredValue::new(None::<String>);
    let read_only = Signal::derive(move || refusal.with(Option::is_some));

    let remove_open = RwSignal::new(false);
    let remove_error = RwSignal::new(None::<String>);
    let remove_blocker = Signal::derive(move || {
        let selected_owners = selected.with(|selected| {
            roster.with(|roster| {
                roster
                    .iter()
                    .filter(|m| m.role == Role::Owner && selected.contains(&m.email))
                    .count()
            })
        });
        (selected_owners > 0 && selected_owners == owners.get()).then(|| {
            "A sandbox must keep at least one owner: leave one owner unselected.".to_owned()
        })
    });
    Effect::new(move |_| {
        if remove_open.get() {
            remove_error.set(None);
        }
    });
    let confirm_remove = Callback::new(move |()| {
        if busy.get_untracked() {
            return;
        }
        let users: Vec<SandboxUser> = selected
            .get_untracked()
            .into_iter()
            .map(|email| SandboxUser {
                email,
                role: Role::Viewer,
            })
            .collect();
        if users.is_empty() {
            return;
        }
        let client = client.clone();
        let sandbox_id = current.sandbox_id.get_untracked();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result =
                api::members::remove(&client, &sandbox_id, &SandboxUserRequest { users }).await;
            busy.set(false);
            match result {
                Ok(response) => {
                    remove_open.set(false);
                    selected.set(Vec::new());
                    outcome.set(Some(Outcome::success(describe_removed(&response))));
                }
                Err(error) => {
                    let text = current
                        .sandbox
                        .with_untracked(|sandbox| explain_remove_failure(&error, sandbox.as_ref()));
                    remove_error.set(Some(text.clone()));
                    outcome.set(Some(Outcome::failure(text)));
                }
            }
            // The list on screen may have been stale (that is how a refused removal gets through the checks).
            on_removed.run(());
        });
    });

    view! {
        <div class="table-scroll">
            <table class="table stack-table members-table" data-testid="members-table">
                <caption class="visually-hidden">"Members of this sandbox"</caption>
                <thead>
                    <tr>
                        <th scope="col" class="col-select">
                            <span class="visually-hidden">"Select"</span>
                        </th>
                        <th scope="col">"Email"</th>
                        <th scope="col">"Role"</th>
                        <th scope="col">"Added"</th>
                        <th scope="col">"Origin"</th>
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=move || roster.get()
                        key=|member| (member.email.clone(), member.role)
                        let:member
                    >
                        <MemberRow
                            member
                            selected
                            owners=owners.into()
                            read_only
                            busy
                            writes
                            refocus
                        />
                    </For>
                </tbody>
            </table>
        </div>
        {move || roster.with(Vec::is_empty).then(|| view! { <p class="muted">"No members."</p> })}
        <div class="form-actions">
            <button
                type="button"
                class="button button-danger"
                data-testid="members-remove"
                aria-haspopup="dialog"
                disabled=move || {
                    read_only.get() || busy.get() || selected.with(Vec::is_empty)
                        || remove_blocker.with(Option::is_some)
                }
                on:click=move |_| remove_open.set(true)
            >
                {move || format!("Remove selected ({})", selected.with(Vec::len))}
            </button>
            {move || {
                remove_blocker
                    .get()
                    .map(|reason| {
                        view! {
                            <p class="form-blocker" data-testid="members-remove-blocker">
                                {reason}
                            </p>
                        }
                    })
            }}
        </div>
        <ConfirmDialog
            open=remove_open
            title=Signal::derive(move || match selected.with(Vec::len) {
                1 => "Remove 1 member?".to_owned(),
                n => format!("Remove {n} members?"),
            })
            name="remove-members"
            confirm_label="Remove"
            pending_label="Removing…"
            danger=true
            pending=busy
            error=remove_error
            on_confirm=confirm_remove
        >
            <p>"These people lose access to this sandbox at once:"</p>
            <ul class="dialog-list" data-testid="remove-list">
                {move || {
                    selected
                        .get()
                        .into_iter()
                        .map(|email| view! { <li>{email}</li> })
                        .collect_view()
                }}
            </ul>
        </ConfirmDialog>
    }
}

/// One member: checkbox, address, role in place (with Save and Cancel
/// once changed), when added, origin.
#[component]
fn MemberRow(
    member: Member,
    selected: RwSignal<Vec<String>>,
    owners: Signal<usize>,
    read_only: Signal<bool>,
    busy: RwSignal<bool>,
    writes: MemberWrites,
    refocus: StoredValue<Option<String>>,
) -> impl IntoView {
    let email = member.email.clone();
    let role = member.role;
    // What the select shows; differs from `role` until saved or cancelled.
    let chosen = RwSignal::new(role);
    let changed = Signal::derive(move || chosen.get() != role);
    let last_owner = Signal::derive(move || role == Role::Owner && owners.get() <= 1);
    let select_ref = NodeRef::<html::Select>::new();
    Effect::new({
        let email = email.clone();
        move |_| {
            if let Some(select) = select_ref.get() {
                if refocus.with_value(|target| target.as_ref() == Some(&email)) {
                    refocus.set_value(None);
                    let _ = select.focus();
                }
            }
        }
    });
    let reason_id = format!(
        "member-{}-reason",
        email.replace(|c: char| !c.is_ascii_alphanumeric(), "-")
    );
    let checkbox_email = email.clone();
    let is_selected = {
        let email = email.clone();
        move || selected.with(|selected| selected.contains(&email))
    };
    let toggle = {
        let email = email.clone();
        move |event: web_sys::Event| {
            let checked = event_target_checked(&event);
            selected.update(|selected| {
                selected.retain(|e| e != &email);
                if checked {
                    selected.push(email.clone());
                }
            });
        }
    };
    let cancel = move |_| {
        chosen.set(role);
        if let Some(select) = select_ref.get_untracked() {
            let _ = select.focus();
        }
    };
    let save = {
        let email = email.clone();
        move |_| {
            // On failure the select goes back to the role the member still has.
            let after = Callback::new({
                let email = email.clone();
                move |succeeded: bool| {
                    if succeeded {
                        refocus.set_value(Some(email.clone()));
                    } else {
                        chosen.set(role);
                    }
                }
            });
            let request = role_request(&email, chosen.get_untracked());
            writes.send(request, Report::RoleChanged { previous: role }, Some(after));
        }
    };
    let described = reason_id.clone();
    let (save_label, cancel_label) = (
        format!("Save the role of {email}"),
        format!("Cancel the role change of {email}"),
    );
    view! {
        <tr data-testid="member-row" data-email=email.clone() data-role=role.as_str()>
            <td class="col-select">
                <input
                    type="checkbox"
                    class="checkbox"
                    aria-label=format!("Select {checkbox_email}")
                    aria-describedby=move || last_owner.get().then(|| described.clone())
                    title=move || last_owner.get().then_some(LAST_OWNER_REMOVE)
                    disabled=move || read_only.get() || busy.get() || last_owner.get()
                    prop:checked=is_selected
                    on:change=toggle
                />
            </td>
            <td class="member-email" data-label="Email">
                {email.clone()}
            </td>
            <td data-label="Role">
                <div class="role-cell">
                    <RoleSelect
                        id=format!("{reason_id}-role")
                        value=chosen.into()
                        on_change=Callback::new(move |new_role| chosen.set(new_role))
                        disabled=Signal::derive(move || {
                            read_only.get() || busy.get() || last_owner.get()
                        })
                        label=format!("Role of {email}")
                        described_by=reason_id.clone()
                        node_ref=select_ref
                    />
                    <Show when=move || changed.get()>
                        <span class="role-change">
                            <button
                                type="button"
                                class="button button-small button-primary"
                                data-testid="member-role-save"
                                aria-label=save_label.clone()
                                disabled=move || busy.get()
                                on:click=save.clone()
                            >
                                "Save"
                            </button>
                            <button
                                type="button"
                                class="button button-small button-secondary"
                                data-testid="member-role-cancel"
                                aria-label=cancel_label.clone()
                                disabled=move || busy.get()
                                on:click=cancel
                            >
                                "Cancel"
                            </button>
                        </span>
                    </Show>
                    {move || {
                        last_owner
                            .get()
                            .then(|| {
                                view! {
                                    <p
                                        class="row-reason"
                                        id=reason_id.clone()
                                        data-testid="last-owner-reason"
                                    >
                                        {LAST_OWNER_DEMOTE}
                                        <span class="visually-hidden">" "{LAST_OWNER_REMOVE}</span>
                                    </p>
                                }
                            })
                    }}
                </div>
            </td>
            <td data-label="Added">
                <Time value=Some(member.added_at.clone()) />
            </td>
            <td data-label="Origin">{origin_text(member.origin)}</td>
        </tr>
    }
}
