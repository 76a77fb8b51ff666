//! What a demo identity is, in words for the people choosing one.

use sandbox_api::{DemoIdentity, PrincipalRole};

/// The account an identity belongs to, or "every account" for support.
pub fn account_text(identity: &DemoIdentity) -> String {
    identity.account.as_ref().map_or_else(
        || "every account".to_owned(),
        |account| account.name.clone(),
    )
}

/// One line on what the identity may do.
pub fn capability_text(identity: &DemoIdentity) -> String {
    let account = account_text(identity);
    match (identity.role, &identity.acting_in_sandbox) {
        (PrincipalRole::Admin, Some(_)) => {
            "Works in one sandbox only; cannot create sandboxes.".to_owned()
        }
        (PrincipalRole::Admin, None) => {
            format!(
                "Does everything in {account}: create, refresh, delete, members, apps, sources."
            )
        }
        (PrincipalRole::Viewer, _) => format!("Reads {account}; every change is disabled."),
        (PrincipalRole::Support, _) => {
            "Reads every account and may filter by tenant; changes nothing.".to_owned()
        }
    }
}

/// Whether the identity may reset the demo: an admin of a whole account.
pub fn may_reset(identity: &DemoIdentity) -> bool {
    identity.role == PrincipalRole::Admin && identity.acting_in_sandbox.is_none()
}
