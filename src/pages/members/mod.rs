//! The members tab (`/sandboxes/:id/members`): who may use the sandbox.
//! Owners add many people at once from one paste, change a role in its row
//! (saved only on Save, then undoable for a few seconds) and remove one or
//! several. A sandbox always keeps an owner, and a full tier
//! says so in words.

mod add_form;
pub(in crate::pages) mod role_select;
mod rules;
mod table;

use leptos::prelude::*;
use sandbox_api::{Member, Role, SandboxUser, SandboxUserRequest, SandboxUserResponse};

use self::add_form::AddMembersForm;
use self::rules::{describe_added, explain_add_failure, Outcome};
use self::table::MemberTable;
use crate::api::{self, ApiClient, ApiError};
use crate::components::limits::{Quota, QuotaUsage};
use crate::components::{refusal, use_notices, ErrorPanel, LoadState, NoticeAction, Notices};
use crate::current_sandbox::{use_current_sandbox, CurrentSandbox};
use crate::permissions::SandboxAction;
use crate::session::use_client;

/// How a write that went through is reported.
#[derive(Clone, Copy)]
pub(super) enum Report {
    /// In the outcome panel: who was added, changed or already there.
    Outcome,
    /// One member's new role, in a notice whose Undo puts `previous` back.
    RoleChanged { previous: Role },
    /// An Undo that went through: the member has the old role again.
    RoleRestored,
}

/// Sends adds and role changes, one at a time, and says what came of each:
/// the add form and every row's role go through here.
#[derive(Clone, Copy)]
pub(super) struct MemberWrites {
    client: StoredValue<ApiClient>,
    current: CurrentSandbox,
    roster: Memo<Vec<Member>>,
    members: LocalResource<Result<Vec<Member>, ApiError>>,
    busy: RwSignal<bool>,
    outcome: RwSignal<Option<Outcome>>,
    notices: Notices,
}

impl MemberWrites {
    /// Sends `request` unless a write is under way; `after` learns whether
    /// it went through. A failure is explained in the outcome panel.
    pub(super) fn send(
        self,
        request: SandboxUserRequest,
        report: Report,
        after: Option<Callback<bool>>,
    ) {
        if self.busy.get_untracked() {
            return;
        }
        let client = self.client.get_value();
        let sandbox_id = self.current.sandbox_id.get_untracked();
        self.busy.set(true);
        leptos::task::spawn_local(async move {
            let result = api::members::add(&client, &sandbox_id, &request).await;
            self.busy.set(false);
            let succeeded = result.is_ok();
            match result {
                Ok(response) => self.report(&request, &response, report),
                Err(error) => {
                    let text = self.current.sandbox.with_untracked(|sandbox| {
                        self.roster.with_untracked(|roster| {
                            explain_add_failure(&error, &request, sandbox.as_ref(), roster)
                        })
                    });
                    self.outcome.set(Some(Outcome::failure(text)));
                }
            }
            if let Some(after) = after {
                after.run(succeeded);
            }
            self.members.refetch();
        });
    }

    fn report(self, request: &SandboxUserRequest, response: &SandboxUserResponse, report: Report) {
        let Some(user) = request.users.first() else {
            return;
        };
        let email = user.email.clone();
        match report {
            Report::Outcome => self
                .outcome
                .set(Some(Outcome::success(describe_added(response)))),
            Report::RoleChanged { previous } => {
                let undo = Callback::new({
                    let email = email.clone();
                    move |()| self.send(role_request(&email, previous), Report::RoleRestored, None)
                });
                self.notices.success_with_action(
                    format!("{email} is now {}.", user.role),
                    NoticeAction {
                        label: "Undo",
                        accessible_label: format!("Undo: make {email} {previous} again"),
                        run: undo,
                    },
                );
            }
            Report::RoleRestored => self
                .notices
                .success(format!("{email} is {} again.", user.role)),
        }
    }
}

/// The request that gives the member `email` the role `role`.
pub(super) fn role_request(email: &str, role: Role) -> SandboxUserRequest {
    SandboxUserRequest {
        users: vec![SandboxUser {
            email: email.to_owned(),
            role,
        }],
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
    let writes = MemberWrites {
        client: StoredValue::new(client),
        current,
        roster,
        members,
        busy,
        outcome,
        notices: use_notices(),
    };

    view! {
        <section class="section" aria-labelledby="members-heading" data-testid="members-tab">
            <h2 id="members-heading" class="section-title">
                "Members"
            </h2>
            {move || {
                refusal
                    .get()
                    .map(|reason| {
                        view! {
                            <p class="action-reason section-refusal" data-testid="members-refusal">
                                {reason}
                            </p>
                        }
                    })
            }}
            <QuotaUsage
                quota=Quota::Members
                count=Signal::derive(move || {
                    (load_state.get() == LoadState::Ready).then(|| roster.with(Vec::len))
                })
                testid="members-usage"
            />
            <OutcomePanel outcome />
            <AddMembersForm roster=roster.into() refusal busy writes />
            {move || match load_state.get() {
                LoadState::Loading => {
                    view! {
                        <p class="muted" role="status">
                            "Loading members…"
                        </p>
                    }
                        .into_any()
                }
                LoadState::Failed(error) => {
                    view! {
                        <ErrorPanel error on_retry=Callback::new(move |()| members.refetch()) />
                    }
                        .into_any()
                }
                LoadState::Ready => {
                    view! {
                        <MemberTable
                            roster=roster.into()
                            refusal
                            busy
                            outcome
                            writes
                            on_removed=Callback::new(move |()| members.refetch())
                        />
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

/// The result of the last change, in a live region so it is announced.
#[component]
fn OutcomePanel(outcome: RwSignal<Option<Outcome>>) -> impl IntoView {
    view! {
        <div class="outcome-region" role="status" aria-live="polite">
            {move || {
                outcome
                    .get()
                    .map(|shown| {
                        view! {
                            <div
                                class="outcome"
                                class:outcome-failure=shown.failed
                                data-testid="members-outcome"
                            >
                                <div class="outcome-lines">
                                    {shown
                                        .lines
                                        .into_iter()
                                        .map(|line| view! { <p>{line}</p> })
                                        .collect_view()}
                                </div>
                                <button
                                    type="button"
                                    class="button button-small button-secondary"
                                    on:click=move |_| outcome.set(None)
                                >
                                    "Dismiss"
                                </button>
                            </div>
                        }
                    })
            }}
        </div>
    }
}
