//! What the caller may do, decided from `GET /api/v1/me` and the sandbox's
//! `access` and status, with the reason when it may not. Views disable an
//! action and show the reason; the server still has the last word (a 403
//! is shown if it comes anyway).

use sandbox_api::{Me, PatchSandbox, Permission, Role, Sandbox};

/// Something a user can do to one sandbox.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SandboxAction {
    Refresh,
    Delete,
    ManageMembers,
    PushApp,
    ManageSources,
    /// Extend (or shorten) its expiry (v1.1 `PATCH`).
    ChangeExpiry,
    /// Replace its metadata (v1.1 `PATCH`).
    EditMetadata,
    /// Protect or unprotect it (v1.1 `PATCH`; owners only).
    Protect,
}

impl SandboxAction {
    fn permission(self) -> Permission {
        match self {
            SandboxAction::Refresh => Permission::SandboxesRefresh,
            SandboxAction::Delete => Permission::SandboxesDelete,
            SandboxAction::ManageMembers => Permission::SandboxesMembers,
            SandboxAction::PushApp => Permission::AppsPush,
            SandboxAction::ManageSources => Permission::SourcesWrite,
            SandboxAction::ChangeExpiry | SandboxAction::EditMetadata | SandboxAction::Protect => {
                Permission::SandboxesUpdate
            }
        }
    }

    /// The least access on the sandbox that allows it: the permission's,
    /// but owner for protection, as `PatchSandbox::minimum_access` says.
    fn minimum_access(self) -> Role {
        match self {
            SandboxAction::Protect => PatchSandbox {
                protected: Some(true),
                ..PatchSandbox::default()
            }
            .minimum_access(),
            other => other.permission().minimum_access(),
        }
    }

    fn verb(self) -> &'static str {
        match self {
            SandboxAction::Refresh => "refresh this sandbox",
            SandboxAction::Delete => "delete this sandbox",
            SandboxAction::ManageMembers => "change members",
            SandboxAction::PushApp => "push apps",
            SandboxAction::ManageSources => "change data sources",
            SandboxAction::ChangeExpiry => "change when this sandbox expires",
            SandboxAction::EditMetadata => "edit this sandbox\u{2019}s metadata",
            SandboxAction::Protect => "change this sandbox\u{2019}s protection",
        }
    }
}

/// The accesses that allow `permission`, least first: "owner", "editor or owner".
fn accesses_allowing(permission: Permission) -> String {
    let allowing: Vec<&str> = Role::ALL
        .iter()
        .rev()
        .filter(|role| role.allows(permission))
        .map(|role| role.as_str())
        .collect();
    match allowing.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        // A single access allows it: the least one (owner, who may do everything).
        _ => permission.minimum_access().as_str().to_owned(),
    }
}

/// `Ok` if the caller may do `action` to `sandbox` now, else why not.
/// `me` is `None` while `/me` is loading: nothing is allowed yet.
pub fn check(me: Option<&Me>, sandbox: &Sandbox, action: SandboxAction) -> Result<(), String> {
    let me = me.ok_or_else(|| "Checking your permissions…".to_owned())?;
    let permission = action.permission();
    if !me.has(permission) {
        return Err(format!(
            "Your role ({}) may not {}.",
            me.role,
            action.verb()
        ));
    }
    // Owner on top of the permission's own access, for protection.
    let owner_only = action.minimum_access() == Role::Owner;
    if !sandbox
        .access
        .is_some_and(|access| access.allows(permission) && (!owner_only || access.is_owner()))
    {
        let access = sandbox.access.map_or("no", Role::as_str);
        let needed = if owner_only {
            Role::Owner.as_str().to_owned()
        } else {
            accesses_allowing(permission)
        };
        return Err(format!(
            "You have {access} access to this sandbox; it takes {needed} access to {}.",
            action.verb()
        ));
    }
    let status_allows = match action {
        SandboxAction::Refresh | SandboxAction::Delete if sandbox.is_protected() => {
            let verb = if action == SandboxAction::Refresh {
                "refresh"
            } else {
                "delete"
            };
            return Err(format!("Protected: unprotect it to {verb}."));
        }
        SandboxAction::Refresh | SandboxAction::Delete => sandbox.status.allows_refresh_or_delete(),
        // The server changes expiry, metadata and protection in any status.
        SandboxAction::ChangeExpiry | SandboxAction::EditMetadata | SandboxAction::Protect => true,
        _ => sandbox.status.allows_writes(),
    };
    if !status_allows {
        return Err(format!(
            "The sandbox is {}; wait until it is active to {}.",
            sandbox.status,
            action.verb()
        ));
    }
    Ok(())
}

/// `Ok` if the caller may create sandboxes, else why not.
pub fn check_create(me: Option<&Me>) -> Result<(), String> {
    let me = me.ok_or_else(|| "Checking your permissions…".to_owned())?;
    if me.acting_in_sandbox.is_some() {
        return Err("Sandboxes cannot be created while acting in a sandbox.".to_owned());
    }
    if !me.has(Permission::SandboxesCreate) {
        return Err(format!("Your role ({}) may not create sandboxes.", me.role));
    }
    Ok(())
}
