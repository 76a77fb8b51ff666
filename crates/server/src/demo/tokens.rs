//! The demo tokens, and the help that lists them.

use sandbox_api::PrincipalRole;
use time::Duration;

use super::data::{ACME, GLOBEX, INITECH};
use super::Demo;
use crate::store::{SeedToken, StoreError};

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

/// The principal behind a demo token: `demo-admin` → `prn_demo_admin`.
pub(super) fn principal_id(token: &str) -> String {
    format!("prn_{}", token.replace('-', "_"))
}

impl Demo<'_> {
    pub(super) async fn tokens(&mut self, scoped_sandbox: &str) -> Result<(), StoreError> {
        let created_at = self.ago(Duration::days(30));
        let tokens = [
            (
                "demo-admin",
                ACME.admin,
                PrincipalRole::Admin,
                Some(ACME.id),
                None,
            ),
            (
                "demo-admin-2",
                GLOBEX.admin,
                PrincipalRole::Admin,
                Some(GLOBEX.id),
                None,
            ),
            (
                "demo-admin-3",
                INITECH.admin,
                PrincipalRole::Admin,
                Some(INITECH.id),
                None,
            ),
            (
                "demo-support",
                "sam@support.test",
                PrincipalRole::Support,
                None,
                None,
            ),
            (
                "demo-viewer",
                "vic@acme.test",
                PrincipalRole::Viewer,
                Some(ACME.id),
                None,
            ),
            (
                "demo-sandbox",
                ACME.admin,
                PrincipalRole::Admin,
                Some(ACME.id),
                Some(scoped_sandbox),
            ),
        ];
        for (token, email, role, account_id, sandbox_id) in tokens {
            let principal_id = principal_id(token);
            self.seeder
                .token(&SeedToken {
                    token,
                    principal_id: &principal_id,
                    email,
                    role,
                    account_id,
                    sandbox_id,
                    created_at: &created_at,
                })
                .await?;
        }
        Ok(())
    }
}
