//! The demo's identities: their fixed tokens, the help that lists them and
//! what `GET /api/v1/demo` offers.

use sandbox_api::demo::tokens;
use sandbox_api::{DemoIdentities, DemoIdentity, PrincipalRole};
use time::Duration;

use super::data::{Tenant, ACME, GLOBEX, INITECH};
use super::Demo;
use crate::ids::sha256_hex;
use crate::principal::Principal;
use crate::store::{SeedToken, Store, StoreError};

/// Printed after the listening line when `--demo` is on.
pub const TOKENS_HELP: &str = "\
Demo tokens (send as `Authorization: Bearer <token>`):
  demo-admin     admin of \"Acme Production\" (ada@acme.test): everything in that account
  demo-admin-2   admin of \"Globex Corporation\" (hedy@globex.test); external member of 3 Acme sandboxes
  demo-admin-3   admin of \"Initech\" (alan@initech.test)
  demo-support   support (sam@support.test): read-only across every account, may filter by user_id
  demo-viewer    viewer in \"Acme Production\" (vic@acme.test): read-only
  demo-sandbox   admin acting in the Acme sandbox \"scoped-demo\" only: cannot create sandboxes
";

/// One demo identity, in the order `GET /api/v1/demo` lists them.
struct Identity {
    token: &'static str,
    label: &'static str,
    email: &'static str,
    role: PrincipalRole,
    tenant: Option<&'static Tenant>,
    /// Acts in the sandbox `scoped-demo` only.
    scoped: bool,
}

const IDENTITIES: &[Identity] = &[
    Identity {
        token: tokens::ADMIN,
        label: "Ada — admin of Acme Production",
        email: ACME.admin,
        role: PrincipalRole::Admin,
        tenant: Some(&ACME),
        scoped: false,
    },
    Identity {
        token: tokens::VIEWER,
        label: "Vic — viewer in Acme Production",
        email: "vic@acme.test",
        role: PrincipalRole::Viewer,
        tenant: Some(&ACME),
        scoped: false,
    },
    Identity {
        token: tokens::SUPPORT,
        label: "Sam — support across every account",
        email: "sam@support.test",
        role: PrincipalRole::Support,
        tenant: None,
        scoped: false,
    },
    Identity {
        token: tokens::SANDBOX,
        label: "Ada — acting in the sandbox scoped-demo only",
        email: ACME.admin,
        role: PrincipalRole::Admin,
        tenant: Some(&ACME),
        scoped: true,
    },
    Identity {
        token: tokens::ADMIN_2,
        label: "Hedy — admin of Globex Corporation",
        email: GLOBEX.admin,
        role: PrincipalRole::Admin,
        tenant: Some(&GLOBEX),
        scoped: false,
    },
    Identity {
        token: tokens::ADMIN_3,
        label: "Alan — admin of Initech",
        email: INITECH.admin,
        role: PrincipalRole::Admin,
        tenant: Some(&INITECH),
        scoped: false,
    },
];

/// The principal behind a demo token: `demo-admin` → `prn_demo_admin`.
pub(super) fn principal_id(token: &str) -> String {
    format!("prn_{}", token.replace('-', "_"))
}

/// What `GET /api/v1/demo` answers: every identity as its token's
/// principal is now (the scoped sandbox's id changes with each reset).
pub async fn identities(store: &Store) -> Result<DemoIdentities, StoreError> {
    let mut identities = Vec::with_capacity(IDENTITIES.len());
    for identity in IDENTITIES {
        // Every demo token is seeded with the demo; one missing is not offered.
        let Some(principal) = store
            .principal(&sha256_hex(identity.token.as_bytes()))
            .await?
        else {
            continue;
        };
        identities.push(DemoIdentity {
            token: identity.token.into(),
            label: identity.label.into(),
            email: principal.email,
            role: principal.role,
            account: principal.account,
            acting_in_sandbox: principal.acting_in_sandbox,
        });
    }
    Ok(DemoIdentities {
        identities,
        resettable: true,
    })
}

/// Whether `principal` may reset the demo: a demo admin token that acts in
/// its whole account (a token scoped to one sandbox may not touch others).
pub fn may_reset(principal: &Principal) -> bool {
    principal.role == PrincipalRole::Admin
        && principal.acting_in_sandbox.is_none()
        && IDENTITIES
            .iter()
            .any(|identity| principal_id(identity.token) == principal.principal_id)
}

impl Demo<'_> {
    pub(super) async fn tokens(&mut self, scoped_sandbox: &str) -> Result<(), StoreError> {
        let created_at = self.ago(Duration::days(30));
        for identity in IDENTITIES {
            let principal_id = principal_id(identity.token);
            self.seeder
                .token(&SeedToken {
                    token: identity.token,
                    principal_id: &principal_id,
                    email: identity.email,
                    role: identity.role,
                    account_id: identity.tenant.map(|tenant| tenant.id),
                    sandbox_id: identity.scoped.then_some(scoped_sandbox),
                    created_at: &created_at,
                })
                .await?;
        }
        Ok(())
    }
}
