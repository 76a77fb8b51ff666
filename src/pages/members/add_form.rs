//! The add form: a paste of addresses, their role, and a preview that
//! checks every address before anything is sent.

use leptos::prelude::*;
use sandbox_api::validate;
use sandbox_api::{Member, Role, SandboxUser, SandboxUserRequest};

use super::role_select::RoleSelect;
use super::rules::same_address;
use super::{MemberWrites, Report};
use crate::components::field::described_by;
use crate::components::Field;
use crate::forms::email_list::{add_blocker, check_email_list, CheckedAddress};

/// The paste box, its role and the preview of every address.
#[component]
pub(super) fn AddMembersForm(
    roster: Signal<Vec<Member>>,
    refusal: Signal<Option<String>>,
    busy: RwSignal<bool>,
    writes: MemberWrites,
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
        writes.send(request, Report::Outcome, Some(after));
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
                <AddressPreview checked=checked.into() roster />
                <div class="field field-inline">
                    <label class="field-label" for="members-role">
                        "Role"
                    </label>
                    <RoleSelect
                        id="members-role".to_owned()
                        value=role.into()
                        on_change=Callback::new(move |new_role| role.set(new_role))
                    />
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
                    {move || {
                        checked
                            .with(|a| !a.is_empty())
                            .then(|| blocker.get())
                            .flatten()
                            .map(|reason| {
                                view! {
                                    <p class="form-blocker" data-testid="members-add-blocker">
                                        {reason}
                                    </p>
                                }
                            })
                    }}
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
            <p class="address-summary" aria-live="polite">
                {summary}
            </p>
            <ul class="address-list">
                {move || {
                    checked
                        .get()
                        .into_iter()
                        .map(|address| {
                            let note = match (&address.problem, existing_role(&address.email)) {
                                (Some(problem), _) => problem.clone(),
                                (None, Some(role)) => format!("already a member ({role})"),
                                (None, None) => "valid".to_owned(),
                            };
                            let valid = address.is_valid();
                            view! {
                                <li
                                    class="address"
                                    class:address-invalid=!valid
                                    data-testid=if valid {
                                        "address-valid"
                                    } else {
                                        "address-invalid"
                                    }
                                >
                                    <span class="address-mark" aria-hidden="true">
                                        {if valid { "\u{2713}" } else { "\u{2717}" }}
                                    </span>
                                    <span class="address-email">{address.email}</span>
                                    <span class="address-note">{note}</span>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </div>
    }
}
