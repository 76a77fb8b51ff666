//! Sandboxes: reading, refresh and delete here; listing, creating (with
//! idempotency) and the worker's status transitions in their own modules.

mod create;
mod lifecycle;
mod list;
mod transitions;

use sandbox_api::{Account, EventAction, Operation, Role, Sandbox, SandboxStatus, Tier};
use sqlx::any::AnyRow;
use sqlx::{Any, AnyExecutor, Row, Transaction};

pub use create::{CreateOutcome, IdempotencyRequest, NewSandbox};
pub use lifecycle::Expired;
pub use transitions::Transition;

use super::events::{change, record_event};
use super::{decode, decode_object, flag, summary, Audit, Store, StoreError};
use crate::ids::{now, now_ms};
use crate::operation::Timing;

/// The columns of a sandbox row, its owner account, and the caller's
/// membership (`m` is joined on the caller's email). The columns the list
/// sorts by are named, as a compound select's ORDER BY needs.
const SELECT_SANDBOX: &str = "SELECT s.seq AS seq, s.sandbox_id, s.user_id, s.owner_id, s.name AS name, s.tier,
        s.mode, s.status AS status, s.storage_provider_type, s.metadata, s.created_at AS created_at, s.updated_at,
        s.last_refreshed_at, s.operation_started_ms, s.operation_ends_ms, s.transition_due_ms,
        s.failure_reason, s.expires_at AS expires_at, (s.expires_at IS NULL) AS never_expires, s.protected,
        m.role AS member_role, a.name AS account_name, a.created_at AS account_created_at,
        a.updated_at AS account_updated_at";

/// A stored sandbox: the API object with `owner_account` filled in and
/// `access` not yet decided, and the caller's member role on it, if any.
#[derive(Clone, Debug)]
pub struct SandboxRecord {
    pub sandbox: Sandbox,
    pub member_role: Option<Role>,
}

fn record(row: &AnyRow) -> Result<SandboxRecord, sqlx::Error> {
    let user_id: String = row.try_get("user_id")?;
    let tier: Tier = decode("tier", row.try_get("tier")?)?;
    let member_role: Option<&str> = row.try_get("member_role")?;
    let status: SandboxStatus = decode("status", row.try_get("status")?)?;
    let sandbox = Sandbox {
        sandbox_id: row.try_get("sandbox_id")?,
        object: "sandbox".into(),
        owner_id: row.try_get("owner_id")?,
        name: row.try_get("name")?,
        tier,
        mode: decode("mode", row.try_get("mode")?)?,
        status,
        storage_provider_type: decode(
            "storage_provider_type",
            row.try_get("storage_provider_type")?,
        )?,
        limits: tier.limits(),
        metadata: decode_object("metadata", row.try_get("metadata")?)?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        last_refreshed_at: row.try_get("last_refreshed_at")?,
        access: None,
        is_external: false,
        owner_account: Some(Account {
            id: user_id.clone(),
            object: "account".into(),
            name: row.try_get("account_name")?,
            created_at: row.try_get("account_created_at")?,
            updated_at: row.try_get("account_updated_at")?,
        }),
        user_id,
        operation: operation(row, status)?,
        failure_reason: if status == SandboxStatus::Failed {
            row.try_get("failure_reason")?
        } else {
            None
        },
        expires_at: Some(row.try_get("expires_at")?),
        protected: Some(flag(row, "protected")?),
    };
    Ok(SandboxRecord {
        sandbox,
        member_role: member_role
            .map(|role| decode("member_role", role))
            .transpose()?,
    })
}

/// The operation of a sandbox in a transient status, as of now.
fn operation(row: &AnyRow, status: SandboxStatus) -> Result<Option<Operation>, sqlx::Error> {
    let Some(kind) = status.operation_kind() else {
        return Ok(None);
    };
    let started: Option<i64> = row.try_get("operation_started_ms")?;
    let ends: Option<i64> = row.try_get("operation_ends_ms")?;
    let due: Option<i64> = row.try_get("transition_due_ms")?;
    Ok(match (started, ends, due) {
        (Some(started_ms), Some(ends_ms), Some(due_ms)) => Some(
            Timing {
                started_ms,
                ends_ms,
                due_ms,
            }
            .operation(kind, now_ms()),
        ),
        _ => None,
    })
}

async fn fetch_sandbox<'e>(
    executor: impl AnyExecutor<'e>,
    sandbox_id: &str,
    email: &str,
) -> Result<Option<SandboxRecord>, sqlx::Error> {
    let sql = format!(
        "{SELECT_SANDBOX} FROM sandboxes s JOIN accounts a ON a.account_id = s.user_id
         LEFT JOIN members m ON m.sandbox_id = s.sandbox_id AND m.email = $1
         WHERE s.sandbox_id = $2"
    );
    let row = sqlx::query(&sql)
        .bind(email)
        .bind(sandbox_id)
        .fetch_optional(executor)
        .await?;
    row.as_ref().map(record).transpose()
}

/// A new or refreshed sandbox gets its account's production apps.
async fn copy_production_apps(
    tx: &mut Transaction<'_, Any>,
    sandbox_id: &str,
    account_id: &str,
    at: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM apps WHERE sandbox_id = $1")
        .bind(sandbox_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO apps (sandbox_id, app_name, version, updated_at)
         SELECT $1, app_name, version, $2 FROM production_apps WHERE account_id = $3",
    )
    .bind(sandbox_id)
    .bind(at)
    .bind(account_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Store {
    /// One sandbox, with `email`'s membership on it.
    pub async fn sandbox(
        &self,
        sandbox_id: &str,
        email: &str,
    ) -> Result<Option<SandboxRecord>, StoreError> {
        Ok(fetch_sandbox(&self.read, sandbox_id, email).await?)
    }

    /// The ids of an owner's `active`, unprotected sandboxes in an
    /// account (the ones a refresh may change), oldest first.
    pub async fn active_sandbox_ids(
        &self,
        account_id: &str,
        owner_id: &str,
    ) -> Result<Vec<String>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT sandbox_id FROM sandboxes
             WHERE user_id = $1 AND owner_id = $2 AND status = $3 AND protected = $4
             ORDER BY created_at",
        )
        .bind(account_id)
        .bind(owner_id)
        .bind(SandboxStatus::Active.as_str())
        .bind(false)
        .fetch_all(&self.read)
        .await?)
    }

    /// Starts a refresh: `refreshing` as `timing` plans it; a failed
    /// sandbox's reason goes with the old status.
    pub async fn begin_refresh(
        &self,
        sandbox_id: &str,
        timing: Timing,
        audit: Audit<'_>,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        let target = self
            .require_status(&mut tx, sandbox_id, SandboxStatus::allows_refresh_or_delete)
            .await?;
        lifecycle::require_unprotected(&mut tx, sandbox_id).await?;
        sqlx::query(
            "UPDATE sandboxes SET status = $1, transition_due_ms = $2, operation_started_ms = $3,
                    operation_ends_ms = $4, failure_reason = NULL, updated_at = $5
             WHERE sandbox_id = $6",
        )
        .bind(SandboxStatus::Refreshing.as_str())
        .bind(timing.due_ms)
        .bind(timing.started_ms)
        .bind(timing.ends_ms)
        .bind(now())
        .bind(sandbox_id)
        .execute(&mut *tx)
        .await?;
        let changes = serde_json::json!({
            "status": change(target.status.as_str(), SandboxStatus::Refreshing.as_str()),
        });
        let summary = summary::refresh_requested(audit.who(), &target.name);
        record_event(
            &mut tx,
            audit,
            &target,
            EventAction::SandboxRefreshRequested,
            summary,
            changes,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deletes an unprotected sandbox with its members, apps, pushes and
    /// sources; its events stay.
    pub async fn delete_sandbox(
        &self,
        sandbox_id: &str,
        audit: Audit<'_>,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        let target = self
            .require_status(&mut tx, sandbox_id, SandboxStatus::allows_refresh_or_delete)
            .await?;
        lifecycle::require_unprotected(&mut tx, sandbox_id).await?;
        let summary = summary::deleted(audit.who(), &target.name);
        lifecycle::remove(
            &mut tx,
            &target,
            audit,
            EventAction::SandboxDeleted,
            summary,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
