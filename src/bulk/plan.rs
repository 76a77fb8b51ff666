//! What a bulk action would do to the selection, before anything runs:
//! the sandboxes it acts on, and those it skips with the reason, worked
//! out by the same rules as a row's own buttons (`permissions::check`).

use sandbox_api::{Me, Sandbox};

use crate::permissions::{self, SandboxAction};

/// An action on many sandboxes at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BulkAction {
    Refresh,
    Delete,
    AddMembers,
}

impl BulkAction {
    pub const ALL: [BulkAction; 3] = [
        BulkAction::Refresh,
        BulkAction::Delete,
        BulkAction::AddMembers,
    ];

    /// The row action whose rules decide which sandboxes it may act on.
    fn sandbox_action(self) -> SandboxAction {
        match self {
            BulkAction::Refresh => SandboxAction::Refresh,
            BulkAction::Delete => SandboxAction::Delete,
            BulkAction::AddMembers => SandboxAction::ManageMembers,
        }
    }

    /// The button's words.
    pub fn label(self) -> &'static str {
        match self {
            BulkAction::Refresh => "Refresh",
            BulkAction::Delete => "Delete",
            BulkAction::AddMembers => "Add members",
        }
    }

    /// What happens to `count` sandboxes, in a sentence's words:
    /// "3 sandboxes will be refreshed".
    pub fn what_happens(self, count: usize) -> String {
        let done = match self {
            BulkAction::Refresh => "refreshed (wiped and restored from production)",
            BulkAction::Delete => "deleted for good",
            BulkAction::AddMembers => "given the members below",
        };
        format!("{} will be {done}", sandboxes(count))
    }

    /// The result of one sandbox's success, for the results list.
    pub fn succeeded(self) -> &'static str {
        match self {
            BulkAction::Refresh => "Refresh started",
            BulkAction::Delete => "Deleted",
            BulkAction::AddMembers => "Members added",
        }
    }

    /// For `data-testid`s: `bulk-refresh`, `bulk-delete`, `bulk-add-members`.
    pub fn testid(self) -> &'static str {
        match self {
            BulkAction::Refresh => "bulk-refresh",
            BulkAction::Delete => "bulk-delete",
            BulkAction::AddMembers => "bulk-add-members",
        }
    }
}

/// "1 sandbox", "3 sandboxes".
pub fn sandboxes(count: usize) -> String {
    if count == 1 {
        "1 sandbox".to_owned()
    } else {
        format!("{count} sandboxes")
    }
}

/// Sandboxes skipped for one reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// `permissions::check`'s words, as a row's disabled button says them.
    pub reason: String,
    pub names: Vec<String>,
}

/// What an action on the selection would do.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub action: BulkAction,
    /// `(sandbox_id, name)` of each sandbox it acts on, in the selection's order.
    pub act_on: Vec<(String, String)>,
    /// The others, grouped by reason in the order each reason first came.
    pub skipped: Vec<Skipped>,
}

impl Plan {
    pub fn new(action: BulkAction, me: Option<&Me>, selected: &[Sandbox]) -> Plan {
        let mut act_on = Vec::new();
        let mut skipped: Vec<Skipped> = Vec::new();
        for sandbox in selected {
            match permissions::check(me, sandbox, action.sandbox_action()) {
                Ok(()) => act_on.push((sandbox.sandbox_id.clone(), sandbox.name.clone())),
                Err(reason) => match skipped.iter_mut().find(|group| group.reason == reason) {
                    Some(group) => group.names.push(sandbox.name.clone()),
                    None => skipped.push(Skipped {
                        reason,
                        names: vec![sandbox.name.clone()],
                    }),
                },
            }
        }
        Plan {
            action,
            act_on,
            skipped,
        }
    }

    pub fn skipped_count(&self) -> usize {
        self.skipped.iter().map(|group| group.names.len()).sum()
    }
}
