//! The members tab's rules that are not views: what a change did, in
//! words, why one failed, and the one-owner rule.

use sandbox_api::{
    LocPart, Member, Role, Sandbox, SandboxStatus, SandboxUserRemoveResponse, SandboxUserRequest,
    SandboxUserResponse,
};

use crate::api::ApiError;
use crate::components::limits::{limit_explanation, Quota};

pub(super) const LAST_OWNER_DEMOTE: &str = "The last owner cannot be demoted.";
pub(super) const LAST_OWNER_REMOVE: &str = "The last owner cannot be removed.";
/// A 409 about owners, in words.
const LAST_OWNER_CONFLICT: &str =
    "A sandbox must always keep at least one owner, so nothing was changed. \
Make another member an owner first.";

/// What the last change did, shown above the list until the next one.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Outcome {
    pub(super) failed: bool,
    pub(super) lines: Vec<String>,
}

impl Outcome {
    pub(super) fn success(lines: Vec<String>) -> Self {
        Outcome {
            failed: false,
            lines,
        }
    }

    pub(super) fn failure(line: String) -> Self {
        Outcome {
            failed: true,
            lines: vec![line],
        }
    }
}

/// "Added 2: a@x.io (editor), b@x.io (editor)." and so on for each part of
/// the answer that has members.
pub(super) fn describe_added(response: &SandboxUserResponse) -> Vec<String> {
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
pub(super) fn describe_removed(response: &SandboxUserRemoveResponse) -> Vec<String> {
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

pub(super) fn same_address(a: &str, b: &str) -> bool {
    a.to_lowercase() == b.to_lowercase()
}

pub(super) fn owner_count(roster: &[Member]) -> usize {
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
pub(super) fn explain_add_failure(
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
pub(super) fn explain_remove_failure(error: &ApiError, sandbox: Option<&Sandbox>) -> String {
    match error {
        ApiError::Conflict(_) if sandbox.is_some_and(|s| s.status == SandboxStatus::Active) => {
            format!("{LAST_OWNER_REMOVE} {LAST_OWNER_CONFLICT}")
        }
        other => other.message(),
    }
}
