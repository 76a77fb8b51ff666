//! Who is calling and what it may do: the contract's roles, per-sandbox
//! access and the sandbox-scoped token. Knows nothing of HTTP, so the store
//! can filter by it; `extract` turns a bearer token into a [`Principal`].

use sandbox_api::{Me, MeAccount, Permission, PrincipalRole, Role};

/// The caller, as its token says.
#[derive(Clone, Debug)]
pub struct Principal {
    pub principal_id: String,
    pub email: String,
    pub role: PrincipalRole,
    /// The caller's tenant account; `None` for support.
    pub account: Option<MeAccount>,
    /// The one sandbox a sandbox-scoped token acts in.
    pub acting_in_sandbox: Option<String>,
}

/// Which sandboxes a caller can see, as the store filters them.
#[derive(Clone, Copy, Debug)]
pub struct Visibility<'a> {
    /// Support sees every tenant.
    pub every_account: bool,
    /// Otherwise: sandboxes of this account…
    pub account_id: Option<&'a str>,
    /// …and those this email is a member of (external access).
    pub email: &'a str,
    /// A sandbox-scoped token sees this one sandbox only.
    pub only_sandbox: Option<&'a str>,
    /// Whether it also sees the history (events) of deleted sandboxes: of
    /// its account for admins, of every account for support.
    pub deleted_sandboxes: bool,
}

impl Principal {
    pub fn account_id(&self) -> Option<&str> {
        self.account.as_ref().map(|account| account.id.as_str())
    }

    /// What the role grants, before any per-sandbox access narrows it.
    pub fn permissions(&self) -> Vec<Permission> {
        match self.role {
            PrincipalRole::Admin => Permission::ALL
                .iter()
                .copied()
                // Creating is the one thing a token acting in a sandbox cannot do.
                .filter(|&p| {
                    !(p == Permission::SandboxesCreate && self.acting_in_sandbox.is_some())
                })
                .collect(),
            PrincipalRole::Support | PrincipalRole::Viewer => vec![Permission::SandboxesRead],
        }
    }

    pub fn me(&self) -> Me {
        Me {
            principal_id: self.principal_id.clone(),
            email: self.email.clone(),
            role: self.role,
            account: self.account.clone(),
            acting_in_sandbox: self.acting_in_sandbox.clone(),
            permissions: self.permissions(),
        }
    }

    pub fn visibility(&self) -> Visibility<'_> {
        Visibility {
            every_account: self.role == PrincipalRole::Support,
            account_id: self.account_id(),
            email: &self.email,
            only_sandbox: self.acting_in_sandbox.as_deref(),
            deleted_sandboxes: self.role != PrincipalRole::Viewer,
        }
    }

    /// The caller's standing on a sandbox of account `sandbox_account` where
    /// the caller's email is a member with `member_role` (if at all); `None`
    /// means the sandbox is invisible to the caller.
    pub fn access(
        &self,
        sandbox_id: &str,
        sandbox_account: &str,
        member_role: Option<Role>,
    ) -> Option<Role> {
        if self
            .acting_in_sandbox
            .as_deref()
            .is_some_and(|only| only != sandbox_id)
        {
            return None;
        }
        let own_account = self.account_id() == Some(sandbox_account);
        if own_account && self.role == PrincipalRole::Admin {
            return Some(Role::Owner);
        }
        member_role.or((own_account || self.role == PrincipalRole::Support).then_some(Role::Viewer))
    }

    /// Whether the caller sees the history of the deleted sandbox
    /// `sandbox_id` of account `sandbox_account`.
    pub fn sees_deleted_history(&self, sandbox_id: &str, sandbox_account: &str) -> bool {
        let visibility = self.visibility();
        visibility.deleted_sandboxes
            && visibility
                .only_sandbox
                .is_none_or(|only| only == sandbox_id)
            && (visibility.every_account || visibility.account_id == Some(sandbox_account))
    }

    /// Whether the caller sees a sandbox of this account only through membership.
    pub fn is_external(&self, sandbox_account: &str) -> bool {
        self.role != PrincipalRole::Support && self.account_id() != Some(sandbox_account)
    }

    /// Refused unless the role grants `permission`.
    pub fn require(&self, permission: Permission) -> Result<(), MissingPermission> {
        if self.permissions().contains(&permission) {
            Ok(())
        } else {
            Err(MissingPermission(permission))
        }
    }

    /// Refused unless the role grants `permission` and `access` on the
    /// sandbox allows it ([`Role::allows`], the contract's one access rule).
    pub fn require_on(
        &self,
        access: Role,
        permission: Permission,
    ) -> Result<(), MissingPermission> {
        self.require(permission)?;
        if access.allows(permission) {
            Ok(())
        } else {
            Err(MissingPermission(permission))
        }
    }
}

/// A check of [`Principal::require`] failed: the caller may not do this.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MissingPermission(pub Permission);

#[cfg(test)]
mod tests {
    use super::*;

    fn principal(role: PrincipalRole, account: Option<&str>, acting: Option<&str>) -> Principal {
        Principal {
            principal_id: "prn_1".into(),
            email: "ada@acme.test".into(),
            role,
            account: account.map(|id| MeAccount {
                id: id.into(),
                name: id.into(),
            }),
            acting_in_sandbox: acting.map(Into::into),
        }
    }

    #[test]
    fn access_follows_the_contract() {
        let admin = principal(PrincipalRole::Admin, Some("acct_a"), None);
        assert_eq!(admin.access("sbx_1", "acct_a", None), Some(Role::Owner));
        assert_eq!(
            admin.access("sbx_1", "acct_a", Some(Role::Viewer)),
            Some(Role::Owner)
        );
        assert_eq!(
            admin.access("sbx_1", "acct_b", Some(Role::Editor)),
            Some(Role::Editor)
        );
        assert_eq!(admin.access("sbx_1", "acct_b", None), None);
        let viewer = principal(PrincipalRole::Viewer, Some("acct_a"), None);
        assert_eq!(viewer.access("sbx_1", "acct_a", None), Some(Role::Viewer));
        assert_eq!(
            viewer.access("sbx_1", "acct_a", Some(Role::Owner)),
            Some(Role::Owner)
        );
        let support = principal(PrincipalRole::Support, None, None);
        assert_eq!(support.access("sbx_1", "acct_z", None), Some(Role::Viewer));
        assert!(!support.is_external("acct_z"));
        assert!(admin.is_external("acct_b"));
    }

    #[test]
    fn scoped_token_sees_one_sandbox_and_cannot_create() {
        let scoped = principal(PrincipalRole::Admin, Some("acct_a"), Some("sbx_1"));
        assert_eq!(scoped.access("sbx_1", "acct_a", None), Some(Role::Owner));
        assert_eq!(scoped.access("sbx_2", "acct_a", None), None);
        assert!(!scoped.permissions().contains(&Permission::SandboxesCreate));
        assert_eq!(scoped.permissions().len(), Permission::ALL.len() - 1);
    }

    #[test]
    fn roles_cap_what_access_allows() {
        let viewer = principal(PrincipalRole::Viewer, Some("acct_a"), None);
        assert!(viewer
            .require_on(Role::Owner, Permission::SandboxesDelete)
            .is_err());
        let admin = principal(PrincipalRole::Admin, Some("acct_a"), None);
        assert!(admin
            .require_on(Role::Editor, Permission::SandboxesRefresh)
            .is_ok());
        assert!(admin
            .require_on(Role::Editor, Permission::SandboxesDelete)
            .is_err());
        assert!(admin
            .require_on(Role::Viewer, Permission::AppsPush)
            .is_err());
    }
}
