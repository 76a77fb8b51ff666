//! `--demo`: a believable organisation, seeded once into an empty database
//! (a database that already has it is left alone, so restarts keep changes).
//!
//! # Facts tests can rely on (fresh database, without `--bench-seed`)
//!
//! Accounts (ids are fixed):
//! - `acct_demo_acme`    "Acme Production"    — 62 sandboxes (more than one page of 50)
//! - `acct_demo_globex`  "Globex Corporation" — 20 sandboxes
//! - `acct_demo_initech` "Initech"            — 10 sandboxes
//!
//! 92 sandboxes, 16 distinct owner_ids. Per account and owner_id:
//! - Acme: `cust_4711` 14, `cust_e2e` 10, `cust_1024` 8, `cust_2048` 7,
//!   `cust_3141` 6, `cust_5150` 5, `team_payments` 5,
//!   `6f1c2a9e-4b7d-4e21-9a3f-2c8d5e7b9a10` 4, `cust_8086` 3
//! - Globex: `cust_g100` 6, `cust_g200` 5, `cust_g300` 4, `globex-labs` 3,
//!   `cust_4711` 2 (the same owner_id as in Acme: tenants are separate)
//! - Initech: `initech-eng` 4, `initech-qa` 3, `milton` 3
//!
//! Every tier, mode and status occurs in Acme. Sandboxes seeded as
//! `provisioning`, `seeding` or `refreshing` finish one hour after seeding
//! (like any transition, also across restarts); `failed` ones stay failed.
//!
//! Tokens (fixed strings; `Authorization: Bearer <token>`):
//! - `demo-admin`: admin of Acme, `ada@acme.test`
//! - `demo-admin-2`: admin of Globex, `hedy@globex.test`; also an external
//!   member of three Acme sandboxes: editor on `load-test` and
//!   `feature-checkout` of `cust_1024`, viewer on `perf-baseline` of `cust_2048`
//! - `demo-admin-3`: admin of Initech, `alan@initech.test`
//! - `demo-support`: support, `sam@support.test`, read-only in every account
//! - `demo-viewer`: viewer in Acme, `vic@acme.test` (also an editor member of
//!   `sso-migration` of `cust_3141`: `access` says editor, the role still
//!   allows reading only)
//! - `demo-sandbox`: admin of Acme (`ada@acme.test`) acting in the sandbox named
//!   `scoped-demo` (owner `cust_4711`, pro, active); its id is
//!   `acting_in_sandbox` of `GET /api/v1/me`.
//!
//! Predictable sandboxes for tests that change things:
//! - `cust_e2e` in Acme: `e2e-01` … `e2e-10`, all `active`, `free`, `blank`,
//!   each with exactly one member (`ada@acme.test`, owner, origin production),
//!   2 apps (`billing` 2.7.1, `crm` 4.2.0, as in Acme's production, never
//!   pushed) and 1 source (`github`, `manual`, named `e2e-source`).
//! - `scoped-demo` (above): active, pro, 3 apps, 2 sources, owner member ada.
//! - The injection sandbox, owner `cust_4711` in Acme, active, free, named
//!   exactly [`INJECTION_NAME`]; every view must show it as text.
//!
//! Free sandboxes never hold more than 2 sources or 4 members, so adding
//! one more always works; every sandbox has exactly one owner member.

use sandbox_api::{
    DataSource, IngestionMode, Member, MemberOrigin, Mode, PrincipalRole, PushResult, PushStatus,
    Role, SandboxStatus, SourceKind, StorageProviderType, Tier,
};
use serde_json::json;
use time::{Duration, OffsetDateTime};

use crate::ids::{new_id, new_secret, now_ms, timestamp};
use crate::store::{SeedSandbox, SeedSource, SeedToken, Seeder, Store};

/// The name of the sandbox that checks every view escapes text.
pub const INJECTION_NAME: &str = r#"<img src=x onerror=alert(1)><script>alert("xss")</script>"#;

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

/// Transient demo statuses last this long, so a demo shows them.
const DEMO_TRANSITION: Duration = Duration::hours(1);

struct Tenant {
    id: &'static str,
    name: &'static str,
    admin: &'static str,
    /// People who own or work in this tenant's sandboxes.
    people: &'static [&'static str],
    apps: &'static [(&'static str, &'static str)],
    /// (owner_id, number of sandboxes) of the generated sandboxes.
    owners: &'static [(&'static str, usize)],
    /// Extra members: (owner_id, n-th sandbox of that owner, email, role).
    guests: &'static [(&'static str, usize, &'static str, Role)],
}

const ACME: Tenant = Tenant {
    id: "acct_demo_acme",
    name: "Acme Production",
    admin: "ada@acme.test",
    people: &[
        "grace@acme.test",
        "linus@acme.test",
        "ken@acme.test",
        "barbara@acme.test",
        "margaret@acme.test",
    ],
    apps: &[
        ("analytics", "3.0.2"),
        ("billing", "2.7.1"),
        ("crm", "4.2.0"),
        ("support-desk", "1.9.0"),
    ],
    owners: &[
        ("cust_4711", 12),
        ("cust_1024", 8),
        ("cust_2048", 7),
        ("cust_3141", 6),
        ("cust_5150", 5),
        ("team_payments", 5),
        ("6f1c2a9e-4b7d-4e21-9a3f-2c8d5e7b9a10", 4),
        ("cust_8086", 3),
    ],
    guests: &[
        ("cust_1024", 0, "hedy@globex.test", Role::Editor),
        ("cust_1024", 1, "hedy@globex.test", Role::Editor),
        ("cust_2048", 0, "hedy@globex.test", Role::Viewer),
        ("cust_3141", 0, "vic@acme.test", Role::Editor),
    ],
};

const GLOBEX: Tenant = Tenant {
    id: "acct_demo_globex",
    name: "Globex Corporation",
    admin: "hedy@globex.test",
    people: &["hank@globex.test", "frank@globex.test", "mindy@globex.test"],
    apps: &[
        ("crm", "4.1.3"),
        ("hr-portal", "2.2.0"),
        ("inventory", "5.1.0"),
    ],
    owners: &[
        ("cust_g100", 6),
        ("cust_g200", 5),
        ("cust_g300", 4),
        ("globex-labs", 3),
        ("cust_4711", 2),
    ],
    guests: &[],
};

const INITECH: Tenant = Tenant {
    id: "acct_demo_initech",
    name: "Initech",
    admin: "alan@initech.test",
    people: &[
        "peter@initech.test",
        "samir@initech.test",
        "michael@initech.test",
    ],
    apps: &[("payroll", "3.3.0"), ("tps-reports", "1.0.7")],
    owners: &[("initech-eng", 4), ("initech-qa", 3), ("milton", 3)],
    guests: &[],
};

const NAMES: &[&str] = &[
    "staging-eu",
    "staging-us",
    "qa-nightly",
    "load-test",
    "feature-checkout",
    "feature-search",
    "perf-baseline",
    "onboarding-flow",
    "billing-v2",
    "sso-migration",
    "data-import",
    "mobile-beta",
    "partner-demo",
    "training",
    "hotfix-1182",
    "analytics-poc",
    "gdpr-audit",
    "release-2026-11",
    "sales-demo",
    "ci-ephemeral",
];

const PROVIDERS: &[&str] = &[
    "slack",
    "github",
    "linear",
    "zendesk",
    "salesforce",
    "s3-export",
];
const TEAMS: &[&str] = &["payments", "growth", "platform", "support", "data"];

/// Seeds the demo organisation unless it is already there. Webhook URLs of
/// realtime sources point at `public_url`.
pub async fn seed(store: &Store, public_url: &str) -> Result<(), sqlx::Error> {
    let mut seeder = store.seeder().await?;
    if seeder.account_exists(ACME.id).await? {
        return Ok(());
    }
    let mut demo = Demo {
        seeder,
        public_url,
        now: OffsetDateTime::now_utc(),
        index: 0,
    };
    for tenant in [&ACME, &GLOBEX, &INITECH] {
        demo.tenant(tenant).await?;
    }
    let scoped_sandbox = demo.acme_specials().await?;
    demo.tokens(&scoped_sandbox).await?;
    demo.seeder.commit().await
}

struct Demo<'a> {
    seeder: Seeder,
    public_url: &'a str,
    now: OffsetDateTime,
    /// Counts generated sandboxes; every varied choice derives from it, so
    /// the demo is the same on every fresh database.
    index: usize,
}

/// What makes one sandbox.
struct Plan<'a> {
    account_id: &'static str,
    owner_id: &'a str,
    name: String,
    tier: Tier,
    mode: Mode,
    status: SandboxStatus,
    /// Owner first, then the others with their roles.
    members: Vec<(String, Role)>,
    apps: Vec<(&'static str, String)>,
    /// (provider, name, mode).
    sources: Vec<(&'static str, String, IngestionMode)>,
    age: Duration,
    /// Whether some apps were pushed before.
    pushed: bool,
}

impl Demo<'_> {
    fn ago(&self, age: Duration) -> String {
        timestamp(self.now - age)
    }

    async fn tenant(&mut self, tenant: &Tenant) -> Result<(), sqlx::Error> {
        self.seeder
            .account(tenant.id, tenant.name, &self.ago(Duration::days(400)))
            .await?;
        for (app, version) in tenant.apps {
            self.seeder.production_app(tenant.id, app, version).await?;
        }
        for (owner_number, (owner_id, count)) in tenant.owners.iter().enumerate() {
            for k in 0..*count {
                let i = self.index;
                self.index += 1;
                let status = match i % 17 {
                    3 => SandboxStatus::Provisioning,
                    7 => SandboxStatus::Seeding,
                    11 => SandboxStatus::Refreshing,
                    13 => SandboxStatus::Failed,
                    _ => SandboxStatus::Active,
                };
                let tier = match i % 7 {
                    2 | 5 => Tier::Pro,
                    6 => Tier::Enterprise,
                    _ => Tier::Free,
                };
                let mode = if status == SandboxStatus::Seeding || i.is_multiple_of(3) {
                    Mode::Seeded
                } else {
                    Mode::Blank
                };
                let owner = tenant.people[(owner_number + k) % tenant.people.len()];
                let mut members = vec![(owner.to_string(), Role::Owner)];
                for extra in 0..(i % 3) {
                    let person =
                        tenant.people[(owner_number + k + 1 + extra) % tenant.people.len()];
                    let role = if extra % 2 == 0 {
                        Role::Editor
                    } else {
                        Role::Viewer
                    };
                    if !members.iter().any(|(email, _)| email == person) {
                        members.push((person.to_string(), role));
                    }
                }
                for (_, _, email, role) in tenant
                    .guests
                    .iter()
                    .filter(|(o, n, _, _)| o == owner_id && *n == k)
                {
                    members.push((email.to_string(), *role));
                }
                // A few bumped, unreleased versions, so refresh and push have something to show.
                let app_count = 2 + i % 2;
                let apps = (0..app_count.min(tenant.apps.len()))
                    .map(|a| {
                        let (app, version) = tenant.apps[(i + a) % tenant.apps.len()];
                        let version = if (i + a).is_multiple_of(3) {
                            format!("{version}-beta.{}", 1 + i % 4)
                        } else {
                            version.into()
                        };
                        (app, version)
                    })
                    .collect();
                let plan = Plan {
                    account_id: tenant.id,
                    owner_id,
                    name: NAMES[(owner_number * 3 + k) % NAMES.len()].into(),
                    tier,
                    mode,
                    status,
                    members,
                    apps,
                    sources: (0..i % 3)
                        .map(|n| {
                            let provider = PROVIDERS[(i + n) % PROVIDERS.len()];
                            let name = format!("{provider}-{}", ["alerts", "sync"][n]);
                            (
                                provider,
                                name,
                                IngestionMode::ALL[(i + n) % IngestionMode::ALL.len()],
                            )
                        })
                        .collect(),
                    age: Duration::minutes(((i * 977) % (120 * 24 * 60)) as i64 + 90),
                    pushed: true,
                };
                self.sandbox(plan).await?;
            }
        }
        Ok(())
    }

    /// Stores a sandbox with its members, apps (some pushed) and sources; returns its id.
    async fn sandbox(&mut self, plan: Plan<'_>) -> Result<String, sqlx::Error> {
        let sandbox_id = new_id("sbx");
        let created = self.now - plan.age;
        let updated = created + plan.age / 2;
        let transient = matches!(
            plan.status,
            SandboxStatus::Provisioning | SandboxStatus::Seeding | SandboxStatus::Refreshing
        );
        let refreshed = plan.status == SandboxStatus::Refreshing || self.index.is_multiple_of(5);
        self.seeder
            .sandbox(&SeedSandbox {
                sandbox_id: sandbox_id.clone(),
                user_id: plan.account_id.into(),
                owner_id: plan.owner_id.into(),
                name: plan.name.clone(),
                tier: plan.tier,
                mode: plan.mode,
                status: plan.status,
                storage_provider_type: if plan.tier == Tier::Enterprise && self.index.is_multiple_of(2) {
                    StorageProviderType::CustomS3
                } else {
                    StorageProviderType::PlatformS3
                },
                metadata: json!({"team": TEAMS[self.index % TEAMS.len()], "region": if self.index.is_multiple_of(2) { "eu-west-1" } else { "us-east-1" }}),
                created_at: timestamp(created),
                updated_at: timestamp(updated),
                last_refreshed_at: refreshed.then(|| timestamp(updated)),
                transition_due_ms: transient.then(|| now_ms() + DEMO_TRANSITION.whole_milliseconds() as i64),
            })
            .await?;
        for (number, (email, role)) in plan.members.iter().enumerate() {
            let origin = if number == 0 || number % 2 == 0 {
                MemberOrigin::Production
            } else {
                MemberOrigin::Added
            };
            let member = Member {
                email: email.clone(),
                role: *role,
                added_at: timestamp(created),
                origin,
            };
            self.seeder.member(&sandbox_id, &member).await?;
        }
        for (number, (app, version)) in plan.apps.iter().enumerate() {
            self.seeder
                .app(&sandbox_id, app, version, &timestamp(updated))
                .await?;
            if plan.pushed && (self.index + number) % 4 == 1 {
                let target = if number == 0 {
                    "production"
                } else {
                    "staging-db"
                };
                self.seeder
                    .push(&PushResult {
                        push_id: new_id("push"),
                        sandbox_id: sandbox_id.clone(),
                        app_name: (*app).into(),
                        version: version.clone(),
                        target: target.into(),
                        status: if (self.index + number) % 8 == 5 {
                            PushStatus::Failed
                        } else {
                            PushStatus::Succeeded
                        },
                        pushed_at: timestamp(updated),
                    })
                    .await?;
            }
        }
        for (provider, name, mode) in &plan.sources {
            self.source(
                &sandbox_id,
                plan.account_id,
                provider,
                name,
                *mode,
                timestamp(updated),
            )
            .await?;
        }
        Ok(sandbox_id)
    }

    async fn source(
        &mut self,
        sandbox_id: &str,
        account_id: &str,
        provider: &str,
        name: &str,
        mode: IngestionMode,
        created_at: String,
    ) -> Result<(), sqlx::Error> {
        let data_source_id = new_id("src");
        let realtime = mode == IngestionMode::Realtime;
        let source = DataSource {
            webhook_url: realtime.then(|| format!("{}/hooks/{data_source_id}", self.public_url)),
            data_source_id,
            user_id: account_id.into(),
            sandbox_id: sandbox_id.into(),
            provider: provider.into(),
            name: name.into(),
            ingestion_mode: mode,
            status: "active".into(),
            kind: if self.index % 5 == 4 {
                SourceKind::Ephemeral
            } else {
                SourceKind::Durable
            },
            external_account_id: (provider == "slack").then(|| "T024BE7LD".into()),
            adapter_config: match mode {
                IngestionMode::Polling => json!({"cursor": "updated_at"}),
                IngestionMode::Batch => json!({"schedule": "0 3 * * *"}),
                _ => json!({}),
            }
            .as_object()
            .cloned()
            .unwrap_or_default(),
            poll_interval_seconds: (mode == IngestionMode::Polling).then_some(300),
            webhook_signing_secret: None,
            last_sync_at: (mode != IngestionMode::Manual).then(|| created_at.clone()),
            created_at,
        };
        // Nobody ever sees a demo source's secret; rotating it shows a new one.
        let secret = realtime.then(|| new_secret("whsec_"));
        self.seeder.source(&SeedSource { source, secret }).await
    }

    /// The sandboxes tests and docs name: e2e-01…10, scoped-demo and the
    /// injection name. Returns the id of scoped-demo.
    async fn acme_specials(&mut self) -> Result<String, sqlx::Error> {
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
                age,
                pushed: false,
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

    async fn tokens(&mut self, scoped_sandbox: &str) -> Result<(), sqlx::Error> {
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
            let principal_id = format!("prn_{}", token.replace('-', "_"));
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
