//! The members tab (`/sandboxes/:id/members`): who may use the sandbox.
//! Owners add many people at once from one paste, change roles in place and
//! remove one or several. A sandbox always keeps an owner, and a full tier
//! says so in words.

use leptos::html;
use leptos::prelude::*;
use sandbox_api::validate::{self, MAX_USERS_PER_REQUEST};
use sandbox_api::{
    LocPart, Member, MemberOrigin, Role, Sandbox, SandboxStatus, SandboxUser,
    SandboxUserRemoveResponse, SandboxUserRequest, SandboxUserResponse,
};

use crate::api::{self, ApiError};
use crate::components::email_list::{check_email_list, CheckedAddress};
use crate::components::field::described_by;
use crate::components::limits::{limit_explanation, Quota, QuotaUsage};
use crate::components::{refusal, ConfirmDialog, ErrorPanel, Field, LoadState, Time};
use crate::pages::use_current_sandbox;
use crate::permissions::SandboxAction;
use crate::session::use_client;

const LAST_OWNER_DEMOTE: &str = "The last owner cannot be demoted.";
const LAST_OWNER_REMOVE: &str = "The last owner cannot be removed.";
/// A 409 about owners, in words.
const LAST_OWNER_CONFLICT: &str =
    "A sandbox must always keep at least one owner, so nothing was changed. \
Make another member an owner first.";

/// What the last change did, shown above the list until the next one.
#[derive(Clone, Debug, PartialEq)]
struct Outcome {
    failed: bool,
    lines: Vec<String>,
}

impl Outcome {
    fn success(lines: Vec<String>) -> Self {
        Outcome {
            failed: false,
            lines,
        }
    }

    fn failure(line: String) -> Self {
        Outcome {
            failed: true,
            lines: vec![line],
        }
    }
}

/// "Added 2: a@x.io (editor), b@x.io (editor)." and so on for each part of
/// the answer that has members.
fn describe_added(response: &SandboxUserResponse) -> Vec<String> {
    let with_roles = |members: &[Member]| {
        members
            .iter()
            .map(|m| format!("{} ({})", m.email, m.role))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut lines = Vec::new();
    if !response.added.is_empty() {
        lines.push(format!(
            "Added {}: {}.",
            response.added.len(),
            with_roles(&response.added)
        ));
    }
    if !response.updated.is_empty() {
        let changes: Vec<String> = response
            .updated
            .iter()
            .map(|m| format!("{} is now {}", m.email, m.role))
            .collect();
        lines.push(format!("Role changed: {}.", changes.join(", ")));
    }
    if !response.unchanged.is_empty() {
        lines.push(format!(
            "Already a member with that role: {}.",
            with_roles(&response.unchanged)
        ));
    }
    lines
}

/// "Removed 2: a@x.io, b@x.io." and "Not found (not members): c@x.io."
fn describe_removed(response: &SandboxUserRemoveResponse) -> Vec<String> {
    let mut lines = Vec::new();
    if !response.removed.is_empty() {
        lines.push(format!(
            "Removed {}: {}.",
            response.removed.len(),
            response.removed.join(", ")
        ));
    }
    if !response.not_found.is_empty() {
        lines.push(format!(
            "Not found (not members any more): {}.",
            response.not_found.join(", ")
        ));
    }
    lines
}

fn same_address(a: &str, b: &str) -> bool {
    a.to_lowercase() == b.to_lowercase()
}

fn owner_count(roster: &[Member]) -> usize {
    roster
        .iter()
        .filter(|member| member.role == Role::Owner)
        .count()
}

/// Whether applying `request` to `roster` would leave no owner.
fn leaves_no_owner_after_adding(request: &SandboxUserRequest, roster: &[Member]) -> bool {
    let role_after = |member: &Member| {
        request
            .users
            .iter()
            .find(|user| same_address(&user.email, &member.email))
            .map_or(member.role, |user| user.role)
    };
    let owners_kept = roster
        .iter()
        .filter(|member| role_after(member) == Role::Owner)
        .count();
    let owners_new = request
        .users
        .iter()
        .filter(|user| {
            user.role == Role::Owner && !roster.iter().any(|m| same_address(&m.email, &user.email))
        })
        .count();
    owner_count(roster) > 0 && owners_kept + owners_new == 0
}

/// The addresses in `request` that are not members yet.
fn new_addresses(request: &SandboxUserRequest, roster: &[Member]) -> usize {
    request
        .users
        .iter()
        .filter(|user| !roster.iter().any(|m| same_address(&m.email, &user.email)))
        .count()
}

/// A 422's errors with `users.N.email` turned back into the address.
fn describe_validation(
    errors: &[sandbox_api::ValidationError],
    request: &SandboxUserRequest,
) -> String {
    errors
        .iter()
        .map(|error| match error.loc.as_slice() {
            [_, LocPart::Field(users), LocPart::Index(index), ..] if users == "users" => {
                let address = request
                    .users
                    .get(*index)
                    .map_or("?", |user| user.email.as_str());
                format!("{address}: {}", error.msg)
            }
            _ => ApiError::Validation(vec![error.clone()]).message(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Why adding (or changing roles) failed, in words: the tier's limit or the
/// last owner for a 409, each address's problem for a 422.
fn explain_add_failure(
    error: &ApiError,
    request: &SandboxUserRequest,
    sandbox: Option<&Sandbox>,
    roster: &[Member],
) -> String {
    match error {
        ApiError::Conflict(_) => {
            let adding = new_addresses(request, roster);
            let over_limit = sandbox
                .filter(|sandbox| Quota::Members.would_exceed(sandbox, roster.len(), adding))
                .and_then(|sandbox| {
                    limit_explanation(sandbox, Quota::Members, roster.len(), adding)
                });
            if let Some(explanation) = over_limit {
                explanation
            } else if leaves_no_owner_after_adding(request, roster) {
                LAST_OWNER_CONFLICT.to_owned()
            } else {
                error.message()
            }
        }
        ApiError::Validation(errors) => describe_validation(errors, request),
        other => other.message(),
    }
}

/// Why removing failed: for an active sandbox the contract's only 409 is
/// the last owner (even when the list on screen was out of date).
fn explain_remove_failure(error: &ApiError, sandbox: Option<&Sandbox>) -> String {
    match error {
        ApiError::Conflict(_) if sandbox.is_some_and(|s| s.status == SandboxStatus::Active) => {
            format!("{LAST_OWNER_REMOVE} {LAST_OWNER_CONFLICT}")
        }
        other => other.message(),
    }
}

fn origin_text(origin: MemberOrigin) -> &'static str {
    match origin {
        MemberOrigin::Production => "copied from production",
        MemberOrigin::Added => "added here",
    }
}

#[component]
pub fn MembersTab() -> impl IntoView {
    let current = use_current_sandbox();
    let client = use_client();
    let refusal = refusal(current.sandbox.into(), SandboxAction::ManageMembers);
    let list_client = client.clone();
    let members = LocalResource::new(move || {
        let client = list_client.clone();
        let sandbox_id = current.sandbox_id.get();
        async move { api::members::list(&client, &sandbox_id).await }
    });
    let roster = Memo::new(move |_| members.get().and_then(Result::ok).unwrap_or_default());
    let load_state = Memo::new(move |_| members.with(LoadState::of));
    let outcome = RwSignal::new(None::<Outcome>);
    // One write at a time: every control waits while one is in flight.
    let busy = RwSignal::new(false);

    let sender = client;
    // Adds or changes roles; both the form and a row's role select come here.
    let send_add = Callback::new(
        move |(request, after): (SandboxUserRequest, Callback<bool>)| {
            let client = sender.clone();
            let sandbox_id = current.sandbox_id.get_untracked();
            busy.set(true);
            leptos::task::spawn_local(async move {
                let result = api::members::add(&client, &sandbox_id, &request).await;
                busy.set(false);
                match result {
                    Ok(response) => {
                        outcome.set(Some(Outcome::success(describe_added(&response))));
                        after.run(true);
                    }
                    Err(error) => {
                        let text = current.sandbox.with_untracked(|sandbox| {
                            roster.with_untracked(|roster| {
                                explain_add_failure(&error, &request, sandbox.as_ref(), roster)
                            })
                        });
                        outcome.set(Some(Outcome::failure(text)));
                        after.run(false);
                    }
                }
                members.refetch();
            });
        },
    );

    view! {
        <section class="section" aria-labelledby="members-heading" data-testid="members-tab">
            <h2 id="members-heading" class="section-title">"Members"</h2>
            {move || refusal.get().map(|reason| view! { <p class="action-reason section-refusal" data-testid="members-refusal">{reason}</p> })}
            <QuotaUsage
                quota=Quota::Members
                count=Signal::derive(move || (load_state.get() == LoadState::Ready).then(|| roster.with(Vec::len)))
                testid="members-usage"
            />
            <OutcomePanel outcome/>
            <AddMembersForm roster=roster.into() refusal busy send_add/>
            {move || match load_state.get() {
                LoadState::Loading => view! { <p class="muted" role="status">"Loading members…"</p> }.into_any(),
                LoadState::Failed(error) => view! { <ErrorPanel error on_retry=Callback::new(move |()| members.refetch())/> }.into_any(),
                LoadState::Ready => view! {
                    <MemberTable roster=roster.into() refusal busy outcome send_add on_removed=Callback::new(move |()| members.refetch())/>
                }.into_any(),
            }}
        </section>
    }
}

/// The result of the last change, in a live region so it is announced.
#[component]
fn OutcomePanel(outcome: RwSignal<Option<Outcome>>) -> impl IntoView {
    view! {
        <div class="outcome-region" role="status" aria-live="polite">
            {move || outcome.get().map(|shown| view! {
                <div class="outcome" class:outcome-failure=shown.failed data-testid="members-outcome">
                    <div class="outcome-lines">
                        {shown.lines.into_iter().map(|line| view! { <p>{line}</p> }).collect_view()}
                    </div>
                    <button type="button" class="button button-small button-secondary" on:click=move |_| outcome.set(None)>
                        "Dismiss"
                    </button>
                </div>
            })}
        </div>
    }
}

/// Why the add button is off for this list of addresses, if it is.
fn add_blocker(addresses: &[CheckedAddress]) -> Option<String> {
    let invalid = addresses
        .iter()
        .filter(|address| !address.is_valid())
        .count();
    if addresses.is_empty() {
        Some("Paste at least one address.".to_owned())
    } else if invalid > 0 {
        let (are, them) = if invalid == 1 {
            ("address is", "it")
        } else {
            ("addresses are", "them")
        };
        Some(format!("{invalid} {are} not valid: correct or remove {them}. Nothing is sent while any address is invalid."))
    } else if addresses.len() > MAX_USERS_PER_REQUEST {
        Some(format!(
            "At most {MAX_USERS_PER_REQUEST} addresses at a time ({} pasted).",
            addresses.len()
        ))
    } else {
        None
    }
}

/// The paste box, its role and the preview of every address.
#[component]
fn AddMembersForm(
    roster: Signal<Vec<Member>>,
    refusal: Signal<Option<String>>,
    busy: RwSignal<bool>,
    send_add: Callback<(SandboxUserRequest, Callback<bool>)>,
) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Viewer);
    let checked = Memo::new(move |_| text.with(|text| check_email_list(text)));
    let blocker = Signal::derive(move || checked.with(|addresses| add_blocker(addresses)));
    let valid_count =
        move || checked.with(|addresses| addresses.iter().filter(|a| a.is_valid()).count());

    let submit = move |event: web_sys::SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked()
            || refusal.with_untracked(Option::is_some)
            || blocker.with_untracked(Option::is_some)
        {
            return;
        }
        let role = role.get_untracked();
        let users = checked.with_untracked(|addresses| {
            addresses
                .iter()
                .map(|address| SandboxUser {
                    email: address.email.clone(),
                    role,
                })
                .collect()
        });
        let request = SandboxUserRequest { users };
        // The preview already applied these rules; this is the contract's last word before sending.
        if !validate::user_request(&request).is_empty() {
            return;
        }
        // Only a success empties the box: after any error the paste is still there to fix.
        let after = Callback::new(move |succeeded: bool| {
            if succeeded {
                text.set(String::new());
            }
        });
        send_add.run((request, after));
    };

    view! {
        <form class="card add-members" on:submit=submit novalidate data-testid="add-members">
            <h3 class="card-title">"Add members"</h3>
            <fieldset class="plain-fieldset" disabled=move || refusal.with(Option::is_some)>
                <Field
                    control_id="members-emails"
                    label="Email addresses"
                    hint="Paste one or many, separated by commas, semicolons, spaces or new lines."
                    error=Signal::derive(|| None::<String>)
                >
                    <textarea
                        id="members-emails"
                        class="input textarea"
                        rows="4"
                        spellcheck="false"
                        autocomplete="off"
                        aria-describedby=described_by("members-emails", true, false)
                        prop:value=move || text.get()
                        on:input=move |event| text.set(event_target_value(&event))
                    ></textarea>
                </Field>
                <AddressPreview checked=checked.into() roster/>
                <div class="field field-inline">
                    <label class="field-label" for="members-role">"Role"</label>
                    <RoleSelect id="members-role".to_owned() value=role.into() on_change=Callback::new(move |new_role| role.set(new_role))/>
                </div>
                <div class="form-actions">
                    <button
                        type="submit"
                        class="button button-primary"
                        data-testid="members-add"
                        disabled=move || busy.get() || blocker.with(Option::is_some)
                    >
                        {move || match valid_count() {
                            _ if busy.get() => "Saving…".to_owned(),
                            0 => "Add members".to_owned(),
                            1 => "Add 1 member".to_owned(),
                            n => format!("Add {n} members"),
                        }}
                    </button>
                    {move || checked.with(|a| !a.is_empty()).then(|| blocker.get()).flatten().map(|reason| view! {
                        <p class="form-blocker" data-testid="members-add-blocker">{reason}</p>
                    })}
                </div>
            </fieldset>
        </form>
    }
}

/// Each pasted address: valid (and whether already a member) or why not.
#[component]
fn AddressPreview(
    checked: Signal<Vec<CheckedAddress>>,
    roster: Signal<Vec<Member>>,
) -> impl IntoView {
    let summary = move || {
        checked.with(|addresses| {
            let invalid = addresses.iter().filter(|a| !a.is_valid()).count();
            match (addresses.len(), invalid) {
                (0, _) => String::new(),
                (1, 0) => "1 address, valid.".to_owned(),
                (n, 0) => format!("{n} addresses, all valid."),
                (n, bad) => format!("{n} addresses, {bad} not valid."),
            }
        })
    };
    let existing_role = move |email: &str| {
        roster.with(|roster| {
            roster
                .iter()
                .find(|member| same_address(&member.email, email))
                .map(|member| member.role)
        })
    };
    view! {
        <div class="address-preview" data-testid="address-preview">
            <p class="address-summary" aria-live="polite">{summary}</p>
            <ul class="address-list">
                {move || checked.get().into_iter().map(|address| {
                    let note = match (&address.problem, existing_role(&address.email)) {
                        (Some(problem), _) => problem.clone(),
                        (None, Some(role)) => format!("already a member ({role})"),
                        (None, None) => "valid".to_owned(),
                    };
                    let valid = address.is_valid();
                    view! {
                        <li class="address" class:address-invalid=!valid data-testid=if valid { "address-valid" } else { "address-invalid" }>
                            <span class="address-mark" aria-hidden="true">{if valid { "\u{2713}" } else { "\u{2717}" }}</span>
                            <span class="address-email">{address.email}</span>
                            <span class="address-note">{note}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}

/// A select of the three roles.
#[component]
fn RoleSelect(
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
            {Role::ALL.iter().map(|role| view! { <option value=role.as_str()>{role.as_str()}</option> }).collect_view()}
        </select>
    }
}

/// The members, with a role select per row and checkboxes for removal.
#[component]
fn MemberTable(
    roster: Signal<Vec<Member>>,
    refusal: Signal<Option<String>>,
    busy: RwSignal<bool>,
    outcome: RwSignal<Option<Outcome>>,
    send_add: Callback<(SandboxUserRequest, Callback<bool>)>,
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
                        <th scope="col" class="col-select"><span class="visually-hidden">"Select"</span></th>
                        <th scope="col">"Email"</th>
                        <th scope="col">"Role"</th>
                        <th scope="col">"Added"</th>
                        <th scope="col">"Origin"</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || roster.get() key=|member| (member.email.clone(), member.role) let:member>
                        <MemberRow member selected owners=owners.into() read_only busy send_add/>
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
                disabled=move || read_only.get() || busy.get() || selected.with(Vec::is_empty) || remove_blocker.with(Option::is_some)
                on:click=move |_| remove_open.set(true)
            >
                {move || format!("Remove selected ({})", selected.with(Vec::len))}
            </button>
            {move || remove_blocker.get().map(|reason| view! { <p class="form-blocker" data-testid="members-remove-blocker">{reason}</p> })}
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
                {move || selected.get().into_iter().map(|email| view! { <li>{email}</li> }).collect_view()}
            </ul>
        </ConfirmDialog>
    }
}

/// One member: checkbox, address, role in place, when added, origin.
#[component]
fn MemberRow(
    member: Member,
    selected: RwSignal<Vec<String>>,
    owners: Signal<usize>,
    read_only: Signal<bool>,
    busy: RwSignal<bool>,
    send_add: Callback<(SandboxUserRequest, Callback<bool>)>,
) -> impl IntoView {
    let email = member.email.clone();
    let role = member.role;
    let last_owner = Signal::derive(move || role == Role::Owner && owners.get() <= 1);
    let select_ref = NodeRef::<html::Select>::new();
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
    let change_role = {
        let email = email.clone();
        Callback::new(move |new_role: Role| {
            if new_role == role {
                return;
            }
            // On failure the select goes back to the role the member still has.
            let after = Callback::new(move |succeeded: bool| {
                if !succeeded {
                    if let Some(select) = select_ref.get_untracked() {
                        select.set_value(role.as_str());
                    }
                }
            });
            send_add.run((
                SandboxUserRequest {
                    users: vec![SandboxUser {
                        email: email.clone(),
                        role: new_role,
                    }],
                },
                after,
            ));
        })
    };
    let described = reason_id.clone();
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
            <td class="member-email" data-label="Email">{email.clone()}</td>
            <td data-label="Role"><div class="role-cell">
                <RoleSelect
                    id=format!("{reason_id}-role")
                    value=Signal::derive(move || role)
                    on_change=change_role
                    disabled=Signal::derive(move || read_only.get() || busy.get() || last_owner.get())
                    label=format!("Role of {email}")
                    described_by=reason_id.clone()
                    node_ref=select_ref
                />
                {move || last_owner.get().then(|| view! {
                    <p class="row-reason" id=reason_id.clone() data-testid="last-owner-reason">
                        {LAST_OWNER_DEMOTE}
                        <span class="visually-hidden">" "{LAST_OWNER_REMOVE}</span>
                    </p>
                })}
            </div></td>
            <td data-label="Added"><Time value=Some(member.added_at.clone())/></td>
            <td data-label="Origin">{origin_text(member.origin)}</td>
        </tr>
    }
}
