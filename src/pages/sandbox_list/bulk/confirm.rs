//! The confirmation of a bulk action: how many sandboxes it acts on
//! (named), which it skips and why, the members to add for "Add members",
//! and for Delete the number of sandboxes typed out. Nothing runs before
//! its button is pressed.

use leptos::prelude::*;
use sandbox_api::{Role, Sandbox, SandboxUser, SandboxUserRequest};

use crate::bulk::plan::{days_text, sandboxes, BulkAction, Plan, EXTEND_BY_DAYS};
use crate::bulk::use_bulk_run;
use crate::components::expiry::now_ms;
use crate::components::{Dialog, DialogActions};
use crate::forms::email_list::{add_blocker, check_email_list};
use crate::pages::members::role_select::RoleSelect;
use crate::session::use_session;

const EMAILS_ID: &str = "bulk-emails";
const ROLE_ID: &str = "bulk-role";
const COUNT_ID: &str = "bulk-delete-count";

/// Why the confirm button is off, if it is.
fn blocker(plan: &Plan, typed_count: &str, emails: &str) -> Option<String> {
    let count = plan.act_on.len();
    if count == 0 {
        return Some("None of the selected sandboxes can be acted on.".to_owned());
    }
    match plan.action {
        BulkAction::Delete if typed_count.trim() != count.to_string() => Some(format!(
            "Type {count} to confirm that {} will be deleted.",
            sandboxes(count)
        )),
        BulkAction::AddMembers => add_blocker(&check_email_list(emails)),
        _ => None,
    }
}

/// The confirmation of `action` on `selected`: its plan follows the
/// action (Extend's days are chosen here) and the caller's permissions.
#[component]
pub(super) fn BulkConfirm(
    action: RwSignal<Option<BulkAction>>,
    selected: RwSignal<Vec<Sandbox>>,
    open: RwSignal<bool>,
) -> impl IntoView {
    let session = use_session();
    let run = use_bulk_run();
    let plan = Memo::new(move |_| {
        let action = action.get()?;
        Some(session.me.with(|me| {
            selected.with(|selected| Plan::new(action, me.as_ref(), selected, now_ms()))
        }))
    });
    let typed_count = RwSignal::new(String::new());
    let emails = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Viewer);
    // A fresh count each time; the addresses stay for the next try.
    Effect::new(move |_| {
        if open.get() {
            typed_count.set(String::new());
        }
    });
    let blocked = Memo::new(move |_| {
        plan.with(|plan| {
            plan.as_ref().and_then(|plan| {
                typed_count.with(|typed| emails.with(|emails| blocker(plan, typed, emails)))
            })
        })
    });
    let title = Signal::derive(move || {
        plan.with(|plan| {
            plan.as_ref().map_or_else(String::new, |plan| {
                format!("{} {}?", plan.action.label(), sandboxes(plan.act_on.len()))
            })
        })
    });
    let confirm = move |event: web_sys::SubmitEvent| {
        event.prevent_default();
        if blocked.with_untracked(Option::is_some) {
            return;
        }
        let Some(plan) = plan.get_untracked() else {
            return;
        };
        let members = (plan.action == BulkAction::AddMembers).then(|| {
            let role = role.get_untracked();
            SandboxUserRequest {
                users: emails.with_untracked(|text| {
                    check_email_list(text)
                        .into_iter()
                        .map(|address| SandboxUser {
                            email: address.email,
                            role,
                        })
                        .collect()
                }),
            }
        });
        run.start(plan.action, plan.act_on, &session.client(), members);
        emails.set(String::new());
        open.set(false);
    };

    let choice = action;
    view! {
        <Dialog open title name="bulk-dialog">
            {move || {
                plan.get()
                    .map(|plan| {
                        let action = plan.action;
                        view! {
                            <form class="dialog-body" on:submit=confirm novalidate>
                                {matches!(action, BulkAction::Extend(_))
                                    .then(|| view! { <ExtendBy chosen=choice /> })}
                                <PlanSummary plan />
                                {(action == BulkAction::AddMembers)
                                    .then(|| view! { <MembersFields emails role /> })}
                                {(action == BulkAction::Delete)
                                    .then(|| {
                                        view! {
                                            <div class="field">
                                                <label class="field-label" for=COUNT_ID>
                                                    "This is permanent. To confirm, type the number of sandboxes to delete"
                                                </label>
                                                <input
                                                    id=COUNT_ID
                                                    class="input input-narrow"
                                                    type="text"
                                                    inputmode="numeric"
                                                    autocomplete="off"
                                                    autofocus=true
                                                    data-testid="bulk-delete-count"
                                                    prop:value=move || typed_count.get()
                                                    on:input=move |event| {
                                                        typed_count.set(event_target_value(&event))
                                                    }
                                                />
                                            </div>
                                        }
                                    })}
                                <p class="reason" data-testid="bulk-blocker">
                                    {move || blocked.get()}
                                </p>
                                <DialogActions open>
                                    <button
                                        type="submit"
                                        class="button"
                                        class:button-danger=action == BulkAction::Delete
                                        class:button-primary=action != BulkAction::Delete
                                        data-testid="bulk-confirm"
                                        disabled=move || blocked.with(Option::is_some)
                                    >
                                        {move || title.get().trim_end_matches('?').to_owned()}
                                    </button>
                                </DialogActions>
                            </form>
                        }
                    })
            }}
        </Dialog>
    }
}

/// How many are acted on (named), and what is skipped and why.
#[component]
fn PlanSummary(plan: Plan) -> impl IntoView {
    let skipped = plan.skipped_count();
    let items = |names: Vec<String>| {
        names
            .into_iter()
            .map(|name| view! { <li>{name}</li> })
            .collect_view()
    };
    view! {
        <p data-testid="bulk-acts-on">
            <strong>{format!("{}.", plan.action.what_happens(plan.act_on.len()))}</strong>
        </p>
        // Scrolls when long: focusable, so the keyboard can scroll it too.
        <ul
            class="bulk-names"
            data-testid="bulk-act-names"
            tabindex="0"
            aria-label="The sandboxes it acts on"
        >
            {items(plan.act_on.into_iter().map(|target| target.name).collect())}
        </ul>
        {plan
            .warnings
            .into_iter()
            .map(|warning| {
                view! {
                    <p class="dialog-warning" data-testid="bulk-warning">
                        {warning}
                    </p>
                }
            })
            .collect_view()}
        {(skipped > 0)
            .then(|| {
                view! {
                    <p data-testid="bulk-skipped">
                        {format!("{} will be skipped:", sandboxes(skipped))}
                    </p>
                    <ul class="bulk-skipped" tabindex="0" aria-label="The sandboxes skipped">
                        {plan
                            .skipped
                            .into_iter()
                            .map(|group| {
                                view! {
                                    <li data-testid="bulk-skip-group">
                                        <span
                                            class="bulk-skip-reason"
                                            data-testid="bulk-skip-reason"
                                        >
                                            {group.reason}
                                        </span>
                                        <ul class="bulk-skip-names" data-testid="bulk-skip-names">
                                            {items(group.names)}
                                        </ul>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
            })}
    }
}

/// "Add members": the addresses (the members tab's parser and rules) and their role.
#[component]
fn MembersFields(emails: RwSignal<String>, role: RwSignal<Role>) -> impl IntoView {
    let checked = Memo::new(move |_| emails.with(|text| check_email_list(text)));
    let invalid = move || {
        checked.with(|addresses| {
            addresses
                .iter()
                .filter_map(|address| {
                    address
                        .problem
                        .as_ref()
                        .map(|problem| format!("{}: {problem}", address.email))
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <div class="field">
            <label class="field-label" for=EMAILS_ID>
                "Email addresses (separated by commas, spaces or lines)"
            </label>
            <textarea
                id=EMAILS_ID
                class="input"
                rows="3"
                autofocus=true
                data-testid="bulk-emails"
                prop:value=move || emails.get()
                on:input=move |event| emails.set(event_target_value(&event))
            ></textarea>
            <ul class="field-error bulk-invalid" data-testid="bulk-invalid-emails">
                {move || invalid().into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
            </ul>
        </div>
        <div class="field">
            <label class="field-label" for=ROLE_ID>
                "Role"
            </label>
            <RoleSelect
                id=ROLE_ID.to_owned()
                value=role.into()
                on_change=Callback::new(move |chosen| role.set(chosen))
            />
        </div>
    }
}

/// Extend's step, which changes the plan (a sandbox the step would take
/// past 90 days is skipped, with the rule's reason).
#[component]
fn ExtendBy(chosen: RwSignal<Option<BulkAction>>) -> impl IntoView {
    view! {
        <fieldset class="bulk-extend-by">
            <legend>"Extend each sandbox\u{2019}s expiry by"</legend>
            {EXTEND_BY_DAYS
                .into_iter()
                .map(|days| {
                    let id = format!("bulk-extend-{days}");
                    view! {
                        <label for=id.clone() class="radio-choice">
                            <input
                                id=id.clone()
                                type="radio"
                                name="bulk-extend-by"
                                data-testid=id.clone()
                                prop:checked=move || chosen.get() == Some(BulkAction::Extend(days))
                                on:change=move |_| chosen.set(Some(BulkAction::Extend(days)))
                            />
                            {format!(" {}", days_text(days))}
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}
