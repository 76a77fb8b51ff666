//! Bulk inserts in one transaction, for the demo data and the benchmark.
//! Rows go in as given (ids, timestamps, statuses), so seeded data can look
//! like it has a history.

use sandbox_api::{
    DataSource, EventAction, Member, Mode, PrincipalRole, PushResult, SandboxStatus,
    StorageProviderType, Tier,
};
use sqlx::{Any, Transaction};

use super::event_counts::{self, Counted};
use super::members::insert_member;
use super::query_builder::QueryBuilder;
use super::sources::insert_source;
use super::{is_unique_violation, Conflict, Engine, Store, StoreError};
use crate::ids::{new_id, now_ms, sha256_hex, timestamp_of_ms};
use crate::principal::Principal;

/// A sandbox row to insert as it is.
pub struct SeedSandbox {
    pub sandbox_id: String,
    pub user_id: String,
    pub owner_id: String,
    pub name: String,
    pub tier: Tier,
    pub mode: Mode,
    pub status: SandboxStatus,
    pub storage_provider_type: StorageProviderType,
    pub metadata: serde_json::Value,
    pub created_at: String,
    pub updated_at: String,
    pub last_refreshed_at: Option<String>,
    /// For a transient status: when the worker moves it on (Unix ms); its
    /// operation runs from the moment of seeding until then.
    pub transition_due_ms: Option<i64>,
    /// For a `failed` sandbox: why.
    pub failure_reason: Option<String>,
    /// `None` = never expires.
    pub expires_at: Option<String>,
    pub protected: bool,
}

/// A source to insert, with the secret whose hash to store.
pub struct SeedSource {
    pub source: DataSource,
    pub secret: Option<String>,
}

/// A past event (the demo's history, the benchmark's), stored as it is.
/// Insert them oldest first: newest first is insertion order.
pub struct SeedEvent {
    /// Whole seconds.
    pub occurred_ms: i64,
    pub user_id: String,
    pub sandbox_id: String,
    pub sandbox_name: String,
    /// `None` for the server's own changes.
    pub actor: Option<Principal>,
    pub action: EventAction,
    pub summary: String,
    pub changes: serde_json::Value,
}

/// A token with a known value.
pub struct SeedToken<'a> {
    pub token: &'a str,
    pub principal_id: &'a str,
    pub email: &'a str,
    pub role: PrincipalRole,
    pub account_id: Option<&'a str>,
    pub sandbox_id: Option<&'a str>,
    pub created_at: &'a str,
}

/// One open write transaction; nothing is visible until [`Seeder::commit`].
pub struct Seeder {
    tx: Transaction<'static, Any>,
    engine: Engine,
}

impl Store {
    /// Opens the seeding transaction. Seeders take turns, also across
    /// processes on one PostgreSQL database: of several starting `--demo`
    /// together, the first seeds and the others then find it seeded.
    pub async fn seeder(&self) -> Result<Seeder, StoreError> {
        let mut tx = self.write.begin().await?;
        if let Some(lock) = self.engine.begin_seeding() {
            sqlx::query(&lock).execute(&mut *tx).await?;
        }
        Ok(Seeder {
            tx,
            engine: self.engine,
        })
    }
}

impl Seeder {
    pub async fn commit(self) -> Result<(), StoreError> {
        Ok(self.tx.commit().await?)
    }

    /// Deletes every row of every table (the migrations' own bookkeeping
    /// aside), so what is seeded next is all there is once this commits.
    /// Tables are listed from the schema, so a new migration's table is
    /// wiped too.
    pub async fn wipe(&mut self) -> Result<(), StoreError> {
        // Rows go table by table; foreign keys are checked at the commit,
        // when every referencing row is gone as well. (DELETE, not
        // PostgreSQL's TRUNCATE, whose exclusive locks readers would wait
        // for, and could deadlock with.)
        sqlx::query(self.engine.defer_foreign_keys())
            .execute(&mut *self.tx)
            .await?;
        let tables: Vec<String> = sqlx::query_scalar(self.engine.list_tables())
            .fetch_all(&mut *self.tx)
            .await?;
        for table in tables {
            sqlx::query(&format!("DELETE FROM \"{table}\""))
                .execute(&mut *self.tx)
                .await?;
        }
        Ok(())
    }

    pub async fn account_exists(&mut self, account_id: &str) -> Result<bool, StoreError> {
        let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM accounts WHERE account_id = $1")
            .bind(account_id)
            .fetch_optional(&mut *self.tx)
            .await?;
        Ok(found.is_some())
    }

    pub async fn account(
        &mut self,
        account_id: &str,
        name: &str,
        created_at: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO accounts (account_id, name, created_at, updated_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(account_id)
        .bind(name)
        .bind(created_at)
        .bind(created_at)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    pub async fn production_app(
        &mut self,
        account_id: &str,
        app_name: &str,
        version: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO production_apps (account_id, app_name, version) VALUES ($1, $2, $3)",
        )
        .bind(account_id)
        .bind(app_name)
        .bind(version)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    /// A token with a fixed value (stored hashed like any other).
    pub async fn token(&mut self, token: &SeedToken<'_>) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO tokens (token_sha256, principal_id, email, role, account_id, sandbox_id, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(sha256_hex(token.token.as_bytes()))
        .bind(token.principal_id)
        .bind(token.email)
        .bind(token.role.as_str())
        .bind(token.account_id)
        .bind(token.sandbox_id)
        .bind(token.created_at)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    /// Refused with [`Conflict::NameTaken`] like a create, so a seeder can
    /// tell that an earlier run seeded.
    pub async fn sandbox(&mut self, sandbox: &SeedSandbox) -> Result<(), StoreError> {
        let inserted = sqlx::query(
            "INSERT INTO sandboxes (sandbox_id, user_id, owner_id, name, tier, mode, status, storage_provider_type,
                                    metadata, created_at, updated_at, last_refreshed_at, transition_due_ms,
                                    operation_started_ms, operation_ends_ms, failure_reason, expires_at,
                                    protected)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
        )
        .bind(&sandbox.sandbox_id)
        .bind(&sandbox.user_id)
        .bind(&sandbox.owner_id)
        .bind(&sandbox.name)
        .bind(sandbox.tier.as_str())
        .bind(sandbox.mode.as_str())
        .bind(sandbox.status.as_str())
        .bind(sandbox.storage_provider_type.as_str())
        .bind(sandbox.metadata.to_string())
        .bind(&sandbox.created_at)
        .bind(&sandbox.updated_at)
        .bind(&sandbox.last_refreshed_at)
        .bind(sandbox.transition_due_ms)
        .bind(sandbox.transition_due_ms.map(|_| now_ms()))
        .bind(sandbox.transition_due_ms)
        .bind(&sandbox.failure_reason)
        .bind(&sandbox.expires_at)
        .bind(sandbox.protected)
        .execute(&mut *self.tx)
        .await;
        match inserted {
            Ok(_) => Ok(()),
            Err(error) if is_unique_violation(&error) => Err(Conflict::NameTaken {
                name: sandbox.name.clone(),
                owner_id: sandbox.owner_id.clone(),
            }
            .into()),
            Err(error) => Err(error.into()),
        }
    }

    /// Many sandboxes at once, in multi-row inserts (the benchmark's
    /// million): a statement per row made seeding take minutes.
    pub async fn sandboxes(&mut self, sandboxes: &[SeedSandbox]) -> Result<(), StoreError> {
        // 18 bound values a row stays well under SQLite's 32,766 per statement.
        const ROWS_PER_INSERT: usize = 1000;
        for chunk in sandboxes.chunks(ROWS_PER_INSERT) {
            let mut insert = QueryBuilder::new(
                "INSERT INTO sandboxes (sandbox_id, user_id, owner_id, name, tier, mode, status, storage_provider_type,
                                        metadata, created_at, updated_at, last_refreshed_at, transition_due_ms,
                                        operation_started_ms, operation_ends_ms, failure_reason, expires_at,
                                        protected) ",
            );
            insert.push_values(chunk, |mut row, sandbox| {
                row.push_bind(&sandbox.sandbox_id)
                    .push_bind(&sandbox.user_id)
                    .push_bind(&sandbox.owner_id)
                    .push_bind(&sandbox.name)
                    .push_bind(sandbox.tier.as_str())
                    .push_bind(sandbox.mode.as_str())
                    .push_bind(sandbox.status.as_str())
                    .push_bind(sandbox.storage_provider_type.as_str())
                    .push_bind(sandbox.metadata.to_string())
                    .push_bind(&sandbox.created_at)
                    .push_bind(&sandbox.updated_at)
                    .push_bind(&sandbox.last_refreshed_at)
                    .push_bind(sandbox.transition_due_ms)
                    .push_bind(sandbox.transition_due_ms.map(|_| now_ms()))
                    .push_bind(sandbox.transition_due_ms)
                    .push_bind(&sandbox.failure_reason)
                    .push_bind(&sandbox.expires_at)
                    .push_bind(sandbox.protected);
            });
            insert.build().execute(&mut *self.tx).await?;
        }
        Ok(())
    }

    pub async fn member(&mut self, sandbox_id: &str, member: &Member) -> Result<(), StoreError> {
        Ok(insert_member(&mut self.tx, sandbox_id, member).await?)
    }

    pub async fn app(
        &mut self,
        sandbox_id: &str,
        app_name: &str,
        version: &str,
        updated_at: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO apps (sandbox_id, app_name, version, updated_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(sandbox_id)
        .bind(app_name)
        .bind(version)
        .bind(updated_at)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    pub async fn push(&mut self, push: &PushResult) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO pushes (push_id, sandbox_id, app_name, version, target, status, pushed_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&push.push_id)
        .bind(&push.sandbox_id)
        .bind(&push.app_name)
        .bind(&push.version)
        .bind(&push.target)
        .bind(push.status.as_str())
        .bind(&push.pushed_at)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    /// Many events at once, in multi-row inserts (the benchmark's million).
    pub async fn events(&mut self, events: &[SeedEvent]) -> Result<(), StoreError> {
        // 13 bound values a row stays well under SQLite's 32,766 per statement.
        const ROWS_PER_INSERT: usize = 1000;
        for chunk in events.chunks(ROWS_PER_INSERT) {
            let mut insert = QueryBuilder::new(
                "INSERT INTO events (event_id, occurred_at, occurred_ms, user_id, sandbox_id, sandbox_name,
                                     actor_principal_id, actor_email, actor_role, action, summary, changes, request_id) ",
            );
            insert.push_values(chunk, |mut row, event| {
                let actor = event.actor.as_ref();
                row.push_bind(new_id("evt"))
                    .push_bind(timestamp_of_ms(event.occurred_ms))
                    .push_bind(event.occurred_ms)
                    .push_bind(&event.user_id)
                    .push_bind(&event.sandbox_id)
                    .push_bind(&event.sandbox_name)
                    .push_bind(actor.map(|a| a.principal_id.clone()))
                    .push_bind(actor.map(|a| a.email.clone()))
                    .push_bind(actor.map(|a| a.role.as_str()))
                    .push_bind(event.action.as_str())
                    .push_bind(&event.summary)
                    .push_bind(event.changes.to_string())
                    .push_bind(None::<String>);
            });
            insert.build().execute(&mut *self.tx).await?;
        }
        let counted = events.iter().map(|event| Counted {
            user_id: &event.user_id,
            sandbox_id: &event.sandbox_id,
            actor_email: event.actor.as_ref().map(|a| a.email.as_str()),
            action: event.action,
        });
        Ok(event_counts::count_in(&mut self.tx, counted).await?)
    }

    pub async fn source(&mut self, seed: &SeedSource) -> Result<(), StoreError> {
        let secret_sha256 = seed
            .secret
            .as_deref()
            .map(|secret| sha256_hex(secret.as_bytes()));
        Ok(insert_source(&mut self.tx, &seed.source, secret_sha256).await?)
    }
}
