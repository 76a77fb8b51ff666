//! The demo's past: 30 days of events across the demo accounts that lead
//! to the seeded state (creations, member changes, pushes, refreshes, the
//! failed refreshes of the failed sandboxes with their reason) and, per
//! tenant, a sandbox that was created, used and deleted.

use sandbox_api::{EventAction, Mode, PrincipalRole, Role, SandboxStatus};
use serde_json::{json, Value};
use time::{Duration, OffsetDateTime};

use super::data::{Tenant, ACME, GLOBEX, INITECH};
use super::tokens::principal_id;
use super::{failed_refresh_reason, Demo, Seeded};
use crate::ids::new_id;
use crate::principal::Principal;
use crate::store::{change, summary, SeedEvent, StoreError};

/// How far back the history goes.
const HISTORY: Duration = Duration::days(30);

/// Name of each tenant's deleted sandbox.
const DELETED_NAME: &str = "legacy-import";

/// A person of the demo as the actor of past events (admins of their
/// account; only the tenant admins have tokens).
fn actor(email: &str) -> Principal {
    let tenant = [&ACME, &GLOBEX, &INITECH]
        .into_iter()
        .find(|tenant| tenant.admin == email);
    let local = email.split('@').next().unwrap_or(email);
    Principal {
        principal_id: tenant.map_or_else(
            || format!("prn_demo_{local}"),
            |tenant| principal_id(tenant.admin_token),
        ),
        email: email.to_owned(),
        role: PrincipalRole::Admin,
        account: None,
        acting_in_sandbox: None,
    }
}

fn tenant_of(account_id: &str) -> &'static Tenant {
    [&ACME, &GLOBEX, &INITECH]
        .into_iter()
        .find(|tenant| tenant.id == account_id)
        .unwrap_or(&ACME)
}

fn role_changes<'m>(members: impl Iterator<Item = (&'m str, Option<Role>, Option<Role>)>) -> Value {
    let role = |role: Option<Role>| role.map(Role::as_str);
    Value::Object(
        members
            .map(|(email, before, after)| (email.to_owned(), change(role(before), role(after))))
            .collect(),
    )
}

/// The events of one sandbox, as they are made.
struct Story<'a> {
    events: &'a mut Vec<SeedEvent>,
    account_id: &'a str,
    sandbox_id: &'a str,
    name: &'a str,
    /// Nothing before this goes in (the history's start).
    since: OffsetDateTime,
    /// Nor after this.
    until: OffsetDateTime,
}

impl Story<'_> {
    fn push(
        &mut self,
        at: OffsetDateTime,
        actor: Option<&str>,
        action: EventAction,
        summary: String,
        changes: Value,
    ) {
        if at < self.since || at > self.until {
            return;
        }
        self.events.push(SeedEvent {
            occurred_ms: (at.unix_timestamp()) * 1000,
            user_id: self.account_id.to_owned(),
            sandbox_id: self.sandbox_id.to_owned(),
            sandbox_name: self.name.to_owned(),
            actor: actor.map(self::actor),
            action,
            summary,
            changes,
        });
    }

    fn created(&mut self, at: OffsetDateTime, who: &str, mode: Mode) {
        let changes = json!({
            "name": change(None::<String>, self.name),
            "mode": change(None::<String>, mode.as_str()),
            "status": change(None::<String>, SandboxStatus::Provisioning.as_str()),
        });
        let summary = summary::created(who, self.name);
        self.push(at, Some(who), EventAction::SandboxCreated, summary, changes);
    }

    fn status_changed(
        &mut self,
        at: OffsetDateTime,
        from: SandboxStatus,
        to: SandboxStatus,
        failure: Option<&str>,
    ) {
        let mut changes = json!({"status": change(from.as_str(), to.as_str())});
        if let Some(reason) = failure {
            changes["failure_reason"] = change(None::<String>, reason);
        }
        let summary = summary::status_changed(self.name, to, failure);
        self.push(
            at,
            None,
            EventAction::SandboxStatusChanged,
            summary,
            changes,
        );
    }

    fn refresh_requested(&mut self, at: OffsetDateTime, who: &str, from: SandboxStatus) {
        let changes = json!({"status": change(from.as_str(), SandboxStatus::Refreshing.as_str())});
        let summary = summary::refresh_requested(who, self.name);
        self.push(
            at,
            Some(who),
            EventAction::SandboxRefreshRequested,
            summary,
            changes,
        );
    }

    fn members_added(&mut self, at: OffsetDateTime, who: &str, members: &[(String, Role)]) {
        if members.is_empty() {
            return;
        }
        let changes = role_changes(
            members
                .iter()
                .map(|(email, role)| (email.as_str(), None, Some(*role))),
        );
        let summary = summary::members_added(
            who,
            self.name,
            members.iter().map(|(e, r)| (e.as_str(), *r)),
        );
        self.push(at, Some(who), EventAction::MembersAdded, summary, changes);
    }

    fn pushed(&mut self, at: OffsetDateTime, who: &str, app: &str, version: &str, target: &str) {
        let changes = json!({
            "app_name": change(None::<String>, app),
            "version": change(None::<String>, version),
            "target": change(None::<String>, target),
        });
        let summary = summary::pushed(who, app, version, self.name, target);
        self.push(at, Some(who), EventAction::AppPushed, summary, changes);
    }
}

impl Demo<'_> {
    /// Stores the past of every seeded sandbox and the deleted ones, oldest first.
    pub(super) async fn history(&mut self) -> Result<(), StoreError> {
        let mut events = Vec::new();
        let seeded = std::mem::take(&mut self.seeded);
        for (k, sandbox) in seeded.iter().enumerate() {
            self.story_of(k, sandbox, &mut events);
        }
        for tenant in [&ACME, &GLOBEX, &INITECH] {
            self.deleted_sandbox(tenant, &mut events);
        }
        // Newest first is insertion order, so insert in time order.
        events.sort_by_key(|event| event.occurred_ms);
        self.seeder.events(&events).await
    }

    fn story_of(&self, k: usize, sandbox: &Seeded, events: &mut Vec<SeedEvent>) {
        let tenant = tenant_of(sandbox.account_id);
        let admin = tenant.admin;
        let mut story = Story {
            events,
            account_id: sandbox.account_id,
            sandbox_id: &sandbox.sandbox_id,
            name: &sandbox.name,
            since: self.now - HISTORY,
            // Up to the moment of seeding: a sandbox in transit was created then.
            until: self.now,
        };
        let created = sandbox.created;
        let (owner, _) = &sandbox.members[0];
        story.created(created, owner, sandbox.mode);
        let provisioned = created + Duration::seconds(2);
        match (sandbox.status, sandbox.mode) {
            (SandboxStatus::Provisioning, _) => return,
            (SandboxStatus::Seeding, _) => {
                story.status_changed(
                    provisioned,
                    SandboxStatus::Provisioning,
                    SandboxStatus::Seeding,
                    None,
                );
                return;
            }
            (_, Mode::Seeded) => {
                story.status_changed(
                    provisioned,
                    SandboxStatus::Provisioning,
                    SandboxStatus::Seeding,
                    None,
                );
                story.status_changed(
                    provisioned + Duration::seconds(3),
                    SandboxStatus::Seeding,
                    SandboxStatus::Active,
                    None,
                );
            }
            (_, Mode::Blank) => story.status_changed(
                provisioned,
                SandboxStatus::Provisioning,
                SandboxStatus::Active,
                None,
            ),
        }
        story.members_added(created + Duration::hours(1), owner, &sandbox.members[1..]);

        // Some members changed role, some came and went.
        let start = created.max(story.since);
        let step = |days: i64| start + Duration::days(days) + Duration::hours(k as i64 % 12);
        if k % 6 == 2 && sandbox.members.len() >= 2 {
            let (email, role) = &sandbox.members[1];
            let before = if *role == Role::Viewer {
                Role::Editor
            } else {
                Role::Viewer
            };
            let changes = role_changes([(email.as_str(), Some(before), Some(*role))].into_iter());
            let summary = summary::members_updated(
                admin,
                &sandbox.name,
                [(email.as_str(), *role)].into_iter(),
            );
            story.push(
                step(2),
                Some(admin),
                EventAction::MembersUpdated,
                summary,
                changes,
            );
        }
        if k % 9 == 4 {
            let former = format!(
                "contractor-{k}@{}",
                admin.split('@').nth(1).unwrap_or("example.test")
            );
            story.members_added(step(1), admin, &[(former.clone(), Role::Editor)]);
            let changes = role_changes([(former.as_str(), Some(Role::Editor), None)].into_iter());
            let summary =
                summary::members_removed(admin, &sandbox.name, [former.as_str()].into_iter());
            story.push(
                step(3),
                Some(admin),
                EventAction::MembersRemoved,
                summary,
                changes,
            );
        }

        for (n, (app, version, target)) in sandbox.pushes.iter().enumerate() {
            let at = sandbox.updated - Duration::minutes(10 * (n as i64 + 1));
            story.pushed(at, owner, app, version, target);
        }
        if sandbox.protected {
            // Its admin protected it after its last refresh and push, which
            // protection would have refused.
            let updates = [summary::Update::Protected(true)];
            let summary = summary::updated(admin, &sandbox.name, &updates);
            let changes = json!({"protected": change(false, true)});
            let at = (sandbox.updated + Duration::hours(1)).min(self.now - Duration::minutes(1));
            story.push(
                at,
                Some(admin),
                EventAction::SandboxUpdated,
                summary,
                changes,
            );
        }
        match sandbox.status {
            SandboxStatus::Refreshing => {
                story.until = self.now;
                story.refresh_requested(
                    self.now - Duration::seconds(30),
                    admin,
                    SandboxStatus::Active,
                );
            }
            SandboxStatus::Failed => {
                // Its last refresh broke; the sandbox says why.
                let at = self.now - Duration::days(k as i64 % 20 + 2);
                let reason = failed_refresh_reason();
                story.refresh_requested(at, admin, SandboxStatus::Active);
                story.status_changed(
                    at + Duration::seconds(3),
                    SandboxStatus::Refreshing,
                    SandboxStatus::Failed,
                    Some(&reason),
                );
            }
            _ if sandbox.refreshed => {
                story.refresh_requested(
                    sandbox.updated - Duration::seconds(3),
                    owner,
                    SandboxStatus::Active,
                );
                story.status_changed(
                    sandbox.updated,
                    SandboxStatus::Refreshing,
                    SandboxStatus::Active,
                    None,
                );
            }
            _ => {}
        }
    }

    /// A sandbox of `tenant` made 26 days ago, used, and deleted 4 days ago.
    fn deleted_sandbox(&self, tenant: &Tenant, events: &mut Vec<SeedEvent>) {
        let sandbox_id = new_id("sbx");
        let mut story = Story {
            events,
            account_id: tenant.id,
            sandbox_id: &sandbox_id,
            name: DELETED_NAME,
            since: self.now - HISTORY,
            until: self.now,
        };
        let created = self.now - Duration::days(26);
        let admin = tenant.admin;
        story.created(created, admin, Mode::Blank);
        story.status_changed(
            created + Duration::seconds(2),
            SandboxStatus::Provisioning,
            SandboxStatus::Active,
            None,
        );
        story.members_added(
            created + Duration::hours(2),
            admin,
            &[(tenant.people[0].to_owned(), Role::Editor)],
        );
        let (app, version) = tenant.apps[0];
        story.pushed(
            self.now - Duration::days(15),
            tenant.people[0],
            app,
            version,
            "staging-db",
        );
        let deleted = self.now - Duration::days(4);
        let changes = json!({"status": change(SandboxStatus::Active.as_str(), None::<String>)});
        story.push(
            deleted,
            Some(admin),
            EventAction::SandboxDeleted,
            summary::deleted(admin, DELETED_NAME),
            changes,
        );
    }
}
