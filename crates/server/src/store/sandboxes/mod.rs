//! Sandboxes: reading, refresh and delete here; listing, creating (with
//! idempotency) and the worker's status transitions in their own modules.

mod create;
mod list;
mod transitions;

use sandbox_api::{Account, Role, Sandbox, SandboxStatus, Tier};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, Sqlite, SqliteExecutor, Transaction};

pub use create::{CreateOutcome, IdempotencyRequest, NewSandbox};
pub use transitions::Transition;

use super::{decode, decode_object, require_status, Store, StoreError};
use crate::ids::now;

/// The columns of a sandbox row, its owner account, and the caller's
/// membership (`m` is joined on the caller's email). The columns the list
/// sorts by are named, as a compound select's ORDER BY needs.
const SELECT_SANDBOX: &str = "SELECT s.seq AS seq, s.sandbox_id, s.user_id, s.owner_id, s.name AS name, s.tier,
        s.mode, s.status AS status, s.storage_provider_type, s.metadata, s.created_at AS created_at, s.updated_at,
        s.last_refreshed_at, m.role AS member_role, a.name AS account_name, a.created_at AS account_created_at,
        a.updated_at AS account_updated_at";

/// A stored sandbox: the API object with `owner_account` filled in and
/// `access` not yet decided, and the caller's member role on it, if any.
#[derive(Clone, Debug)]
pub struct SandboxRecord {
    pub sandbox: Sandbox,
    pub member_role: Option<Role>,
}

fn record(row: &SqliteRow) -> Result<SandboxRecord, sqlx::Error> {
    let user_id: String = row.try_get("user_id")?;
    let tier: Tier = decode("tier", row.try_get("tier")?)?;
    let member_role: Option<&str> = row.try_get("member_role")?;
    let sandbox = Sandbox {
        sandbox_id: row.try_get("sandbox_id")?,
        object: "sandbox".into(),
        owner_id: row.try_get("owner_id")?,
        name: row.try_get("name")?,
        tier,
        mode: decode("mode", row.try_get("mode")?)?,
        status: decode("status", row.try_get("status")?)?,
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
    };
    Ok(SandboxRecord {
        sandbox,
        member_role: member_role
            .map(|role| decode("member_role", role))
            .transpose()?,
    })
}

async fn fetch_sandbox<'e>(
    executor: impl SqliteExecutor<'e>,
    sandbox_id: &str,
    email: &str,
) -> Result<Option<SandboxRecord>, sqlx::Error> {
    let sql = format!(
        "{SELECT_SANDBOX} FROM sandboxes s JOIN accounts a ON a.account_id = s.user_id
         LEFT JOIN members m ON m.sandbox_id = s.sandbox_id AND m.email = ?
         WHERE s.sandbox_id = ?"
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
    tx: &mut Transaction<'_, Sqlite>,
    sandbox_id: &str,
    account_id: &str,
    at: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM apps WHERE sandbox_id = ?")
        .bind(sandbox_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO apps (sandbox_id, app_name, version, updated_at)
         SELECT ?, app_name, version, ? FROM production_apps WHERE account_id = ?",
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

    /// Starts a refresh: `refreshing` until `due_ms`.
    pub async fn begin_refresh(&self, sandbox_id: &str, due_ms: i64) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        require_status(&mut tx, sandbox_id, SandboxStatus::allows_refresh_or_delete).await?;
        sqlx::query("UPDATE sandboxes SET status = ?, transition_due_ms = ?, updated_at = ? WHERE sandbox_id = ?")
            .bind(SandboxStatus::Refreshing.as_str())
            .bind(due_ms)
            .bind(now())
            .bind(sandbox_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deletes a sandbox with its members, apps, pushes and sources.
    pub async fn delete_sandbox(&self, sandbox_id: &str) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        require_status(&mut tx, sandbox_id, SandboxStatus::allows_refresh_or_delete).await?;
        sqlx::query("DELETE FROM sandboxes WHERE sandbox_id = ?")
            .bind(sandbox_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
