//! The sandboxes the module documentation promises tests (e2e-01…10,
//! scoped-demo, the injection name).

use sandbox_api::{IngestionMode, Mode, Role, SandboxStatus, Tier};
use time::Duration;

use super::data::ACME;
use super::{Demo, Plan, INJECTION_NAME};
use crate::store::StoreError;

impl Demo<'_> {
    /// The sandboxes tests and docs name: e2e-01…10, scoped-demo and the
    /// injection name. Returns the id of scoped-demo.
    pub(super) async fn acme_specials(&mut self) -> Result<String, StoreError> {
        let plan =
            |owner_id: &'static str, name: String, tier: Tier, owner: &str, age: Duration| Plan {
                account_id: ACME.id,
                owner_id,
                name,
                tier,
                mode: Mode::Blank,
                status: SandboxStatus::Active,
                members: vec![(owner.into(), Role::Owner)],
                apps: vec![("billing", "2.7.1".into()), ("crm", "4.2.0".into())],
                sources: vec![("github", "e2e-source".into(), IngestionMode::Manual)],
                expires_in: tier
                    .default_lifetime_days()
                    .map(|days| Duration::days(days) - age),
                age,
                pushed: false,
                protected: false,
            };
        for n in 1..=10 {
            let e2e = plan(
                "cust_e2e",
                format!("e2e-{n:02}"),
                Tier::Free,
                ACME.admin,
                Duration::days(2) - Duration::minutes(n),
            );
            self.sandbox(e2e).await?;
        }
        let mut scoped = plan(
            "cust_4711",
            "scoped-demo".into(),
            Tier::Pro,
            ACME.admin,
            Duration::days(3),
        );
        scoped.mode = Mode::Seeded;
        scoped
            .members
            .push(("grace@acme.test".into(), Role::Editor));
        scoped.apps = vec![
            ("analytics", "3.0.2".into()),
            ("billing", "2.8.0-beta.1".into()),
            ("crm", "4.2.0".into()),
        ];
        scoped.sources = vec![
            ("slack", "eng-alerts".into(), IngestionMode::Realtime),
            ("linear", "issues-sync".into(), IngestionMode::Polling),
        ];
        let scoped_id = self.sandbox(scoped).await?;
        let mut injection = plan(
            "cust_4711",
            INJECTION_NAME.into(),
            Tier::Free,
            "grace@acme.test",
            Duration::hours(5),
        );
        injection.sources = vec![("zendesk", "<b>tickets</b>".into(), IngestionMode::Batch)];
        self.sandbox(injection).await?;
        Ok(scoped_id)
    }
}
