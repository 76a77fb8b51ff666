//! Generating a tenant's sandboxes and storing each with its members,
//! apps, pushes and sources.

use sandbox_api::{
    DataSource, IngestionMode, Member, MemberOrigin, Mode, OperationKind, PushResult, PushStatus,
    Role, SandboxStatus, SourceKind, StorageProviderType, Tier,
};
use serde_json::json;
use time::Duration;

use super::data::{Tenant, NAMES, PROVIDERS, TEAMS};
use super::{failed_refresh_reason, Demo, Plan, Seeded};
use crate::ids::{new_id, new_secret, now_ms, timestamp};
use crate::store::{SeedSandbox, SeedSource, StoreError};

/// The customer demo that must never be refreshed or deleted by accident:
/// protected (Acme's free `sales-demo` of this owner).
pub(super) const CUSTOMER_DEMO: (&str, &str) =
    ("6f1c2a9e-4b7d-4e21-9a3f-2c8d5e7b9a10", "sales-demo");

/// How long until the `i`-th generated sandbox expires: never for
/// enterprise; every ninth within 24 hours and every ninth more within 72
/// (counting from 6 hours, so none goes during a test run); the rest
/// spread over what is left of the tier's lifetime.
fn believable_expiry(tier: Tier, i: usize) -> Option<Duration> {
    let lifetime_hours = tier.default_lifetime_days()? * 24;
    let hours = match i % 9 {
        1 => 6 + (i % 12) as i64,
        4 => 30 + (i % 36) as i64,
        _ => 72 + (i * 37) as i64 % (lifetime_hours - 72),
    };
    Some(Duration::hours(hours))
}

impl Demo<'_> {
    pub(super) async fn tenant(&mut self, tenant: &Tenant) -> Result<(), StoreError> {
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
                    // At least one source each, the free tier's below its
                    // limit of 3 (so one more can be registered); the modes
                    // rotate, so every one occurs.
                    sources: (0..1 + i % if tier == Tier::Free { 2 } else { 3 })
                        .map(|n| {
                            let provider = PROVIDERS[(i + n) % PROVIDERS.len()];
                            let name = format!("{provider}-{}", ["alerts", "sync", "export"][n]);
                            (
                                provider,
                                name,
                                IngestionMode::ALL[(i + n) % IngestionMode::ALL.len()],
                            )
                        })
                        .collect(),
                    age: Duration::minutes(((i * 977) % (120 * 24 * 60)) as i64 + 90),
                    pushed: true,
                    expires_in: believable_expiry(tier, i),
                    protected: (*owner_id, NAMES[(owner_number * 3 + k) % NAMES.len()])
                        == CUSTOMER_DEMO,
                };
                self.sandbox(plan).await?;
            }
        }
        Ok(())
    }

    /// Stores a sandbox with its members, apps (some pushed) and sources; returns its id.
    pub(super) async fn sandbox(&mut self, plan: Plan<'_>) -> Result<String, StoreError> {
        let sandbox_id = new_id("sbx");
        // A sandbox in transit is in the middle of a real operation that
        // began at seeding: one still provisioning was created just now, one
        // seeding was provisioned just now (its history says so).
        let age = match plan.status {
            SandboxStatus::Provisioning => Duration::ZERO,
            SandboxStatus::Seeding => Duration::seconds(2),
            _ => plan.age,
        };
        let created = self.now - age;
        let updated = created + age / 2;
        let operation = match plan.status {
            SandboxStatus::Provisioning => Some(OperationKind::Provision),
            SandboxStatus::Seeding => Some(OperationKind::Seed),
            SandboxStatus::Refreshing => Some(OperationKind::Refresh),
            _ => None,
        };
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
                storage_provider_type: if plan.tier == Tier::Enterprise
                    && self.index.is_multiple_of(2)
                {
                    StorageProviderType::CustomS3
                } else {
                    StorageProviderType::PlatformS3
                },
                metadata: self.metadata(&plan),
                created_at: timestamp(created),
                updated_at: timestamp(updated),
                last_refreshed_at: refreshed.then(|| timestamp(updated)),
                transition_due_ms: operation.map(|kind| self.schedule.start(kind, now_ms()).due_ms),
                failure_reason: (plan.status == SandboxStatus::Failed).then(failed_refresh_reason),
                expires_at: plan.expires_in.map(|left| timestamp(self.now + left)),
                protected: plan.protected,
            })
            .await?;
        let mut seeded = Seeded {
            sandbox_id: sandbox_id.clone(),
            account_id: plan.account_id,
            name: plan.name.clone(),
            status: plan.status,
            mode: plan.mode,
            created,
            updated,
            refreshed,
            members: plan.members.clone(),
            pushes: Vec::new(),
            protected: plan.protected,
        };
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
                let status = if (self.index + number) % 8 == 5 {
                    PushStatus::Failed
                } else {
                    PushStatus::Succeeded
                };
                if status == PushStatus::Succeeded {
                    seeded.pushes.push((app, version.clone(), target));
                }
                self.seeder
                    .push(&PushResult {
                        push_id: new_id("push"),
                        sandbox_id: sandbox_id.clone(),
                        app_name: (*app).into(),
                        version: version.clone(),
                        target: target.into(),
                        status,
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
        self.seeded.push(seeded);
        Ok(sandbox_id)
    }

    /// What a company tags its sandboxes with: the team that pays, the
    /// region, the cost centre and who asked for it.
    fn metadata(&self, plan: &Plan<'_>) -> serde_json::Value {
        let team = self.index % TEAMS.len();
        json!({
            "team": TEAMS[team],
            "region": if self.index.is_multiple_of(2) { "eu-west-1" } else { "us-east-1" },
            "cost_center": format!("CC-{}", 4100 + 10 * team),
            "requested_by": plan.members[0].0,
        })
    }

    async fn source(
        &mut self,
        sandbox_id: &str,
        account_id: &str,
        provider: &str,
        name: &str,
        mode: IngestionMode,
        created_at: String,
    ) -> Result<(), StoreError> {
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
}
