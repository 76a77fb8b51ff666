//! Sandbox members.

use sandbox_api::{
    EventAction, Member, MemberOrigin, Role, SandboxStatus, SandboxUser, SandboxUserRemoveResponse,
    SandboxUserResponse,
};
use serde_json::{Map, Value};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use super::events::{change, record_event};
use super::{decode, summary, Audit, Conflict, Store, StoreError};
use crate::ids::now;

fn member(row: &AnyRow) -> Result<Member, sqlx::Error> {
    Ok(Member {
        email: row.try_get("email")?,
        role: decode("role", row.try_get("role")?)?,
        added_at: row.try_get("added_at")?,
        origin: decode("origin", row.try_get("origin")?)?,
    })
}

async fn members_in<'e>(
    executor: impl sqlx::AnyExecutor<'e>,
    sandbox_id: &str,
) -> Result<Vec<Member>, sqlx::Error> {
    let rows = sqlx::query("SELECT email, role, added_at, origin FROM members WHERE sandbox_id = $1 ORDER BY seq, email")
        .bind(sandbox_id)
        .fetch_all(executor)
        .await?;
    rows.iter().map(member).collect()
}

fn owners(members: &[Member]) -> usize {
    members.iter().filter(|m| m.role == Role::Owner).count()
}

impl Store {
    pub async fn members(&self, sandbox_id: &str) -> Result<Vec<Member>, StoreError> {
        Ok(members_in(&self.read, sandbox_id).await?)
    }

    /// Adds members or changes their roles, all or nothing: refused past
    /// `max_members`, or if the last owner would be demoted.
    pub async fn add_members(
        &self,
        sandbox_id: &str,
        users: &[SandboxUser],
        max_members: Option<u32>,
        audit: Audit<'_>,
    ) -> Result<SandboxUserResponse, StoreError> {
        let mut tx = self.begin().await?;
        let target = self
            .require_status(&mut tx, sandbox_id, SandboxStatus::allows_writes)
            .await?;
        let existing = members_in(&mut *tx, sandbox_id).await?;
        let mut response = SandboxUserResponse {
            sandbox_id: sandbox_id.into(),
            added: vec![],
            updated: vec![],
            unchanged: vec![],
        };
        let mut after = existing.clone();
        let at = now();
        for user in users {
            let email = user.email.to_lowercase();
            match after.iter_mut().find(|m| m.email == email) {
                Some(member) if member.role == user.role => response.unchanged.push(member.clone()),
                Some(member) => {
                    member.role = user.role;
                    response.updated.push(member.clone());
                }
                None => {
                    let member = Member {
                        email,
                        role: user.role,
                        added_at: at.clone(),
                        origin: MemberOrigin::Added,
                    };
                    after.push(member.clone());
                    response.added.push(member);
                }
            }
        }
        if let Some(max) = max_members {
            if !response.added.is_empty() && after.len() > max as usize {
                return Err(Conflict::MemberLimit {
                    max,
                    members: existing.len(),
                }
                .into());
            }
        }
        if owners(&existing) > 0 && owners(&after) == 0 {
            return Err(Conflict::LastOwner.into());
        }
        for member in &response.updated {
            sqlx::query("UPDATE members SET role = $1 WHERE sandbox_id = $2 AND email = $3")
                .bind(member.role.as_str())
                .bind(sandbox_id)
                .bind(&member.email)
                .execute(&mut *tx)
                .await?;
        }
        for member in &response.added {
            insert_member(&mut tx, sandbox_id, member).await?;
        }
        if !response.added.is_empty() {
            let changes = role_changes(
                response
                    .added
                    .iter()
                    .map(|m| (&m.email, None, Some(m.role))),
            );
            let summary = summary::members_added(
                audit.who(),
                &target.name,
                response.added.iter().map(|m| (m.email.as_str(), m.role)),
            );
            record_event(
                &mut tx,
                audit,
                &target,
                EventAction::MembersAdded,
                summary,
                changes,
            )
            .await?;
        }
        if !response.updated.is_empty() {
            let before = |email: &str| existing.iter().find(|m| m.email == email).map(|m| m.role);
            let changes = role_changes(
                response
                    .updated
                    .iter()
                    .map(|m| (&m.email, before(&m.email), Some(m.role))),
            );
            let summary = summary::members_updated(
                audit.who(),
                &target.name,
                response.updated.iter().map(|m| (m.email.as_str(), m.role)),
            );
            record_event(
                &mut tx,
                audit,
                &target,
                EventAction::MembersUpdated,
                summary,
                changes,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(response)
    }

    /// Removes members, all or nothing: refused if the last owner would go.
    pub async fn remove_members(
        &self,
        sandbox_id: &str,
        users: &[SandboxUser],
        audit: Audit<'_>,
    ) -> Result<SandboxUserRemoveResponse, StoreError> {
        let mut tx = self.begin().await?;
        let target = self
            .require_status(&mut tx, sandbox_id, SandboxStatus::allows_writes)
            .await?;
        let existing = members_in(&mut *tx, sandbox_id).await?;
        let (removed, not_found): (Vec<String>, Vec<String>) = users
            .iter()
            .map(|user| user.email.to_lowercase())
            .partition(|email| existing.iter().any(|m| &m.email == email));
        let after: Vec<Member> = existing
            .iter()
            .filter(|m| !removed.contains(&m.email))
            .cloned()
            .collect();
        if owners(&existing) > 0 && owners(&after) == 0 {
            return Err(Conflict::LastOwner.into());
        }
        for email in &removed {
            sqlx::query("DELETE FROM members WHERE sandbox_id = $1 AND email = $2")
                .bind(sandbox_id)
                .bind(email)
                .execute(&mut *tx)
                .await?;
        }
        if !removed.is_empty() {
            let gone = existing.iter().filter(|m| removed.contains(&m.email));
            let changes = role_changes(gone.map(|m| (&m.email, Some(m.role), None)));
            let summary = summary::members_removed(
                audit.who(),
                &target.name,
                removed.iter().map(String::as_str),
            );
            record_event(
                &mut tx,
                audit,
                &target,
                EventAction::MembersRemoved,
                summary,
                changes,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(SandboxUserRemoveResponse {
            sandbox_id: sandbox_id.into(),
            removed,
            not_found,
        })
    }
}

/// `changes` of a members event: each email with its role before and after.
fn role_changes<'m>(
    members: impl Iterator<Item = (&'m String, Option<Role>, Option<Role>)>,
) -> Value {
    let role = |role: Option<Role>| role.map(Role::as_str);
    Value::Object(
        members
            .map(|(email, before, after)| (email.clone(), change(role(before), role(after))))
            .collect::<Map<_, _>>(),
    )
}

/// Appends a member after the existing ones.
pub(super) async fn insert_member(
    tx: &mut Transaction<'_, Any>,
    sandbox_id: &str,
    member: &Member,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO members (sandbox_id, email, role, origin, added_at, seq)
         VALUES ($1, $2, $3, $4, $5, (SELECT COALESCE(MAX(seq), 0) + 1 FROM members WHERE sandbox_id = $6))",
    )
    .bind(sandbox_id)
    .bind(&member.email)
    .bind(member.role.as_str())
    .bind(member.origin.as_str())
    .bind(&member.added_at)
    .bind(sandbox_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
