//! What a bulk action would do to the selection, before anything runs:
//! the sandboxes it acts on (with the change each gets), and those it
//! skips with the reason, worked out by the same rules as a row's own
//! buttons (`permissions::check`) and, for expiry, the detail page's
//! choices (`extend_choices`, the contract's 90-day rule).

use sandbox_api::{parse_timestamp_ms, Me, PatchSandbox, Sandbox};

use crate::components::extend_expiry::extend_choices;
use crate::components::protection::unprotect_deletes;
use crate::permissions::{self, SandboxAction};

/// The steps "Extend expiry" offers, in days from each sandbox's own expiry.
pub const EXTEND_BY_DAYS: [i64; 3] = [1, 7, 30];

/// An action on many sandboxes at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BulkAction {
    Refresh,
    Delete,
    AddMembers,
    /// Each sandbox's expiry moved this many days later (v1.1 `PATCH`).
    Extend(i64),
    /// Protected (`true`) or unprotected (v1.1 `PATCH`).
    Protect(bool),
}

impl BulkAction {
    /// The actions every API has; then those of v1.1's lifecycle.
    pub const BASIC: [BulkAction; 3] = [
        BulkAction::Refresh,
        BulkAction::Delete,
        BulkAction::AddMembers,
    ];
    pub const LIFECYCLE: [BulkAction; 3] = [
        BulkAction::Extend(EXTEND_BY_DAYS[1]),
        BulkAction::Protect(true),
        BulkAction::Protect(false),
    ];

    /// The row action whose rules decide which sandboxes it may act on.
    fn sandbox_action(self) -> SandboxAction {
        match self {
            BulkAction::Refresh => SandboxAction::Refresh,
            BulkAction::Delete => SandboxAction::Delete,
            BulkAction::AddMembers => SandboxAction::ManageMembers,
            BulkAction::Extend(_) => SandboxAction::ChangeExpiry,
            BulkAction::Protect(_) => SandboxAction::Protect,
        }
    }

    /// The button's words.
    pub fn label(self) -> &'static str {
        match self {
            BulkAction::Refresh => "Refresh",
            BulkAction::Delete => "Delete",
            BulkAction::AddMembers => "Add members",
            BulkAction::Extend(_) => "Extend expiry",
            BulkAction::Protect(true) => "Protect",
            BulkAction::Protect(false) => "Unprotect",
        }
    }

    /// What happens to `count` sandboxes, in a sentence's words:
    /// "3 sandboxes will be refreshed".
    pub fn what_happens(self, count: usize) -> String {
        let done = match self {
            BulkAction::Refresh => "refreshed (wiped and restored from production)".to_owned(),
            BulkAction::Delete => "deleted for good".to_owned(),
            BulkAction::AddMembers => "given the members below".to_owned(),
            BulkAction::Extend(days) => format!("kept {} longer", days_text(days)),
            BulkAction::Protect(true) => {
                "protected (no refresh, delete or expiry until unprotected)".to_owned()
            }
            BulkAction::Protect(false) => "unprotected".to_owned(),
        };
        format!("{} will be {done}", sandboxes(count))
    }

    /// The result of one sandbox's success, for the results list.
    pub fn succeeded(self) -> &'static str {
        match self {
            BulkAction::Refresh => "Refresh started",
            BulkAction::Delete => "Deleted",
            BulkAction::AddMembers => "Members added",
            BulkAction::Extend(_) => "Expiry extended",
            BulkAction::Protect(true) => "Protected",
            BulkAction::Protect(false) => "Unprotected",
        }
    }

    /// For `data-testid`s: `bulk-refresh`, `bulk-delete`, `bulk-add-members`,
    /// `bulk-extend`, `bulk-protect`, `bulk-unprotect`.
    pub fn testid(self) -> &'static str {
        match self {
            BulkAction::Refresh => "bulk-refresh",
            BulkAction::Delete => "bulk-delete",
            BulkAction::AddMembers => "bulk-add-members",
            BulkAction::Extend(_) => "bulk-extend",
            BulkAction::Protect(true) => "bulk-protect",
            BulkAction::Protect(false) => "bulk-unprotect",
        }
    }
}

/// "1 day", "7 days".
pub fn days_text(days: i64) -> String {
    if days == 1 {
        "1 day".to_owned()
    } else {
        format!("{days} days")
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

/// How a plan and a run name a sandbox: names repeat across owners.
pub fn label(sandbox: &Sandbox) -> String {
    format!("{} \u{b7} {}", sandbox.name, sandbox.owner_id)
}

/// Sandboxes skipped for one reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// `permissions::check`'s words, as a row's disabled button says them,
    /// or the expiry rule's.
    pub reason: String,
    pub names: Vec<String>,
}

/// One sandbox an action acts on.
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    pub sandbox_id: String,
    /// Its `label`.
    pub name: String,
    /// The change a `PATCH` sends it (Extend, Protect).
    pub patch: Option<PatchSandbox>,
}

/// What an action on the selection would do.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub action: BulkAction,
    /// Each sandbox it acts on, in the selection's order.
    pub act_on: Vec<Target>,
    /// The others, grouped by reason in the order each reason first came.
    pub skipped: Vec<Skipped>,
    /// What the user should know before it runs, besides.
    pub warnings: Vec<String>,
}

impl Plan {
    /// The plan of `action` at `now_ms` (the expiry rules count from it).
    pub fn new(action: BulkAction, me: Option<&Me>, selected: &[Sandbox], now_ms: i64) -> Plan {
        let mut plan = Plan {
            action,
            act_on: Vec::new(),
            skipped: Vec::new(),
            warnings: Vec::new(),
        };
        let mut past_expiry = 0;
        for sandbox in selected {
            let decided = permissions::check(me, sandbox, action.sandbox_action())
                .and_then(|()| change_of(action, sandbox, now_ms));
            match decided {
                Ok(patch) => {
                    if action == BulkAction::Protect(false) && unprotect_deletes(sandbox, now_ms) {
                        past_expiry += 1;
                    }
                    plan.act_on.push(Target {
                        sandbox_id: sandbox.sandbox_id.clone(),
                        name: label(sandbox),
                        patch,
                    });
                }
                Err(reason) => plan.skip(reason, label(sandbox)),
            }
        }
        if past_expiry > 0 {
            plan.warnings.push(format!(
                "{} past {} expiry: unprotected, expiry deletes {} within a minute.",
                sandboxes(past_expiry),
                if past_expiry == 1 { "its" } else { "their" },
                if past_expiry == 1 { "it" } else { "them" },
            ));
        }
        plan
    }

    fn skip(&mut self, reason: String, name: String) {
        match self.skipped.iter_mut().find(|group| group.reason == reason) {
            Some(group) => group.names.push(name),
            None => self.skipped.push(Skipped {
                reason,
                names: vec![name],
            }),
        }
    }

    pub fn skipped_count(&self) -> usize {
        self.skipped.iter().map(|group| group.names.len()).sum()
    }
}

/// The `PATCH` `action` sends `sandbox` (none for the other actions), or
/// why it cannot change it.
fn change_of(
    action: BulkAction,
    sandbox: &Sandbox,
    now_ms: i64,
) -> Result<Option<PatchSandbox>, String> {
    let lifecycle = || {
        sandbox
            .has_lifecycle()
            .then_some(())
            .ok_or_else(|| "This server does not record expiry or protection.".to_owned())
    };
    match action {
        BulkAction::Refresh | BulkAction::Delete | BulkAction::AddMembers => Ok(None),
        BulkAction::Protect(protect) => {
            lifecycle()?;
            if sandbox.is_protected() == protect {
                return Err(if protect {
                    "Already protected.".to_owned()
                } else {
                    "Not protected.".to_owned()
                });
            }
            Ok(Some(PatchSandbox {
                protected: Some(protect),
                ..PatchSandbox::default()
            }))
        }
        BulkAction::Extend(days) => {
            lifecycle()?;
            let Some(current) = sandbox.expires_at.clone().flatten() else {
                return Err("It never expires.".to_owned());
            };
            let id = format!("{days}d");
            let choice = extend_choices(sandbox.tier, parse_timestamp_ms(&current), now_ms)
                .into_iter()
                .find(|choice| choice.id == id)
                .ok_or_else(|| format!("{} is not a step of Extend.", days_text(days)))?;
            match choice.refusal {
                Some(refusal) => Err(refusal),
                None => Ok(Some(PatchSandbox {
                    expires_at: Some(choice.expires_at),
                    ..PatchSandbox::default()
                })),
            }
        }
    }
}
