//! Data sources and their webhook secrets (kept only as SHA-256).

use sandbox_api::{
    validate, DataSource, EventAction, IngestionMode, RegisterSource, SandboxStatus,
};
use sqlx::any::AnyRow;
use sqlx::Row;

use super::events::{change, record_event};
use super::{decode, decode_object, summary, Audit, Conflict, Entity, Store, StoreError};
use crate::ids::{new_id, new_secret, now, sha256_hex};

/// Prefix of webhook signing secrets.
const SECRET_PREFIX: &str = "whsec_";

const SELECT_SOURCE: &str = "SELECT data_source_id, user_id, sandbox_id, provider, name, ingestion_mode, status,
        kind, external_account_id, adapter_config, poll_interval_seconds, webhook_url, last_sync_at, created_at
        FROM sources";

/// A source as stored: never with its secret, which is not stored.
fn source(row: &AnyRow) -> Result<DataSource, sqlx::Error> {
    Ok(DataSource {
        data_source_id: row.try_get("data_source_id")?,
        user_id: row.try_get("user_id")?,
        sandbox_id: row.try_get("sandbox_id")?,
        provider: row.try_get("provider")?,
        name: row.try_get("name")?,
        ingestion_mode: decode("ingestion_mode", row.try_get("ingestion_mode")?)?,
        status: row.try_get("status")?,
        kind: decode("kind", row.try_get("kind")?)?,
        external_account_id: row.try_get("external_account_id")?,
        adapter_config: decode_object("adapter_config", row.try_get("adapter_config")?)?,
        poll_interval_seconds: row.try_get("poll_interval_seconds")?,
        webhook_url: row.try_get("webhook_url")?,
        webhook_signing_secret: None,
        last_sync_at: row.try_get("last_sync_at")?,
        created_at: row.try_get("created_at")?,
    })
}

impl Store {
    /// A sandbox's sources in registration order.
    pub async fn sources(&self, sandbox_id: &str) -> Result<Vec<DataSource>, StoreError> {
        let rows = sqlx::query(&format!(
            "{SELECT_SOURCE} WHERE sandbox_id = $1 ORDER BY seq"
        ))
        .bind(sandbox_id)
        .fetch_all(&self.read)
        .await?;
        Ok(rows.iter().map(source).collect::<Result<_, _>>()?)
    }

    /// Registers a source; a `realtime` one gets a webhook URL under
    /// `public_url` and a new signing secret, returned here only. Refused
    /// past `max_sources`.
    pub async fn register_source(
        &self,
        sandbox_id: &str,
        request: &RegisterSource,
        max_sources: Option<u32>,
        public_url: &str,
        audit: Audit<'_>,
    ) -> Result<DataSource, StoreError> {
        let mut tx = self.begin().await?;
        let sandbox = self
            .require_status(&mut tx, sandbox_id, SandboxStatus::allows_writes)
            .await?;
        if let Some(max) = max_sources {
            let count: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM sources WHERE sandbox_id = $1")
                    .bind(sandbox_id)
                    .fetch_one(&mut *tx)
                    .await?;
            if count >= i64::from(max) {
                return Err(Conflict::SourceLimit { max }.into());
            }
        }
        let data_source_id = new_id("src");
        let realtime = request.ingestion_mode == IngestionMode::Realtime;
        let secret = realtime.then(|| new_secret(SECRET_PREFIX));
        let mut created = DataSource {
            data_source_id: data_source_id.clone(),
            user_id: sandbox.user_id.clone(),
            sandbox_id: sandbox_id.into(),
            provider: request.provider.clone(),
            name: request.name.clone(),
            ingestion_mode: request.ingestion_mode,
            status: "active".into(),
            kind: request.kind,
            external_account_id: request.external_account_id.clone(),
            adapter_config: request.adapter_config.clone(),
            poll_interval_seconds: validate::effective_poll_interval(request),
            webhook_url: realtime.then(|| format!("{public_url}/hooks/{data_source_id}")),
            webhook_signing_secret: None,
            last_sync_at: None,
            created_at: now(),
        };
        insert_source(
            &mut tx,
            &created,
            secret.as_deref().map(|s| sha256_hex(s.as_bytes())),
        )
        .await?;
        // What identifies the source; never its secret or webhook URL.
        let changes = serde_json::json!({
            "data_source_id": change(None::<String>, created.data_source_id.as_str()),
            "name": change(None::<String>, created.name.as_str()),
            "provider": change(None::<String>, created.provider.as_str()),
            "ingestion_mode": change(None::<String>, created.ingestion_mode.as_str()),
        });
        let summary = summary::source_registered(
            audit.who(),
            &created.provider,
            &created.name,
            &sandbox.name,
        );
        record_event(
            &mut tx,
            audit,
            &sandbox,
            EventAction::SourceRegistered,
            summary,
            changes,
        )
        .await?;
        tx.commit().await?;
        created.webhook_signing_secret = secret;
        Ok(created)
    }

    /// Replaces a realtime source's secret; the old one stops verifying.
    pub async fn rotate_webhook_secret(
        &self,
        sandbox_id: &str,
        source_id: &str,
        audit: Audit<'_>,
    ) -> Result<DataSource, StoreError> {
        let mut tx = self.begin().await?;
        let sandbox = self
            .require_status(&mut tx, sandbox_id, SandboxStatus::allows_writes)
            .await?;
        let row = sqlx::query(&format!(
            "{SELECT_SOURCE} WHERE sandbox_id = $1 AND data_source_id = $2"
        ))
        .bind(sandbox_id)
        .bind(source_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound(Entity::Source))?;
        let mut rotated = source(&row)?;
        if rotated.ingestion_mode != IngestionMode::Realtime {
            return Err(Conflict::NotRealtime(rotated.ingestion_mode).into());
        }
        let secret = new_secret(SECRET_PREFIX);
        sqlx::query("UPDATE sources SET webhook_secret_sha256 = $1 WHERE data_source_id = $2")
            .bind(sha256_hex(secret.as_bytes()))
            .bind(source_id)
            .execute(&mut *tx)
            .await?;
        // The same source before and after: only its secret changed, which no event shows.
        let changes = serde_json::json!({
            "data_source_id": change(source_id, source_id),
        });
        let summary = summary::source_secret_rotated(audit.who(), &rotated.name, &sandbox.name);
        record_event(
            &mut tx,
            audit,
            &sandbox,
            EventAction::SourceSecretRotated,
            summary,
            changes,
        )
        .await?;
        tx.commit().await?;
        rotated.webhook_signing_secret = Some(secret);
        Ok(rotated)
    }

    pub async fn delete_source(
        &self,
        sandbox_id: &str,
        source_id: &str,
        audit: Audit<'_>,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        let sandbox = self
            .require_status(&mut tx, sandbox_id, SandboxStatus::allows_writes)
            .await?;
        let name: String = sqlx::query_scalar(
            "DELETE FROM sources WHERE sandbox_id = $1 AND data_source_id = $2 RETURNING name",
        )
        .bind(sandbox_id)
        .bind(source_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound(Entity::Source))?;
        let changes = serde_json::json!({
            "data_source_id": change(source_id, None::<String>),
            "name": change(name.as_str(), None::<String>),
        });
        let summary = summary::source_deleted(audit.who(), &name, &sandbox.name);
        record_event(
            &mut tx,
            audit,
            &sandbox,
            EventAction::SourceDeleted,
            summary,
            changes,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A webhook delivery: whether `secret` is the source's current one; if
    /// so, stamps `last_sync_at`.
    pub async fn accept_webhook(&self, source_id: &str, secret: &str) -> Result<bool, StoreError> {
        let updated = sqlx::query(
            "UPDATE sources SET last_sync_at = $1 WHERE data_source_id = $2 AND webhook_secret_sha256 = $3",
        )
        .bind(now())
        .bind(source_id)
        .bind(sha256_hex(secret.as_bytes()))
        .execute(&self.write)
        .await?;
        Ok(updated.rows_affected() == 1)
    }
}

/// Stores a source with the hash of its secret (if it has one).
pub(super) async fn insert_source(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    source: &DataSource,
    secret_sha256: Option<String>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sources (data_source_id, sandbox_id, user_id, provider, name, ingestion_mode, status, kind,
                              external_account_id, adapter_config, poll_interval_seconds, webhook_url,
                              webhook_secret_sha256, last_sync_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
    )
    .bind(&source.data_source_id)
    .bind(&source.sandbox_id)
    .bind(&source.user_id)
    .bind(&source.provider)
    .bind(&source.name)
    .bind(source.ingestion_mode.as_str())
    .bind(&source.status)
    .bind(source.kind.as_str())
    .bind(&source.external_account_id)
    .bind(serde_json::Value::Object(source.adapter_config.clone()).to_string())
    .bind(source.poll_interval_seconds)
    .bind(&source.webhook_url)
    .bind(secret_sha256)
    .bind(&source.last_sync_at)
    .bind(&source.created_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
