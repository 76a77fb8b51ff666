//! The members tab (`/sandboxes/:id/members`): who may use the sandbox.
//! Owners add many people at once from one paste, change roles in place and
//! remove one or several. A sandbox always keeps an owner, and a full tier
//! says so in words.

mod add_form;
mod role_select;
mod rules;
mod table;

use leptos::prelude::*;
use sandbox_api::SandboxUserRequest;

use self::add_form::AddMembersForm;
use self::rules::{describe_added, explain_add_failure, Outcome};
use self::table::MemberTable;
use crate::api;
use crate::components::limits::{Quota, QuotaUsage};
use crate::components::{refusal, ErrorPanel, LoadState};
use crate::current_sandbox::use_current_sandbox;
use crate::permissions::SandboxAction;
use crate::session::use_client;

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
