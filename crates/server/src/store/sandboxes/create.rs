//! Creating a sandbox, with `Idempotency-Key` replays.

use sandbox_api::{
    CreateSandbox, EventAction, Member, MemberOrigin, Role, Sandbox, SandboxStatus,
    StorageProviderType,
};
use sqlx::{Any, Row, Transaction};

use super::lifecycle::initial_expiry;
use super::{copy_production_apps, fetch_sandbox, SandboxRecord};
use crate::ids::{new_id, now_ms, timestamp_of_ms};
use crate::operation::Timing;
use crate::store::events::{change, record_event, Target};
use crate::store::members::insert_member;
use crate::store::{is_unique_violation, summary, Audit, Conflict, Store, StoreError};

/// Idempotency records are honoured for 24 hours.
const IDEMPOTENCY_TTL_MS: i64 = 24 * 60 * 60 * 1000;

/// A new sandbox about to be stored.
pub struct NewSandbox<'a> {
    pub account_id: &'a str,
    pub creator_email: &'a str,
    pub request: &'a CreateSandbox,
    /// The provisioning operation.
    pub timing: Timing,
    pub audit: Audit<'a>,
}

/// An `Idempotency-Key` sent with a create.
pub struct IdempotencyRequest<'a> {
    pub principal_id: &'a str,
    pub key: &'a str,
    /// SHA-256 of the request, to tell a replay from a reuse with another body.
    pub request_sha256: String,
}

pub enum CreateOutcome {
    /// Created now; the response body.
    Created(String),
    /// The key was seen before with the same request: the first response body.
    Replayed(String),
}

fn name_taken(request: &CreateSandbox) -> StoreError {
    Conflict::NameTaken {
        name: request.name.clone(),
        owner_id: request.owner_id.clone(),
    }
    .into()
}

/// Claims `idempotency`'s key for this create, first thing in its
/// transaction; when the key is taken already, the first response (same
/// request) or a refusal (another request). A
/// concurrent create with the key, in this process or another, has its
/// insert wait for this transaction's end (the primary key), so of many
/// at once one creates and the others replay what it stored. An expired
/// record is taken over.
async fn claim_key(
    tx: &mut Transaction<'_, Any>,
    idempotency: &IdempotencyRequest<'_>,
    now_ms: i64,
) -> Result<Option<CreateOutcome>, StoreError> {
    let claimed = sqlx::query(
        "INSERT INTO idempotency_keys (principal_id, idem_key, request_sha256, response_body, created_ms)
         VALUES ($1, $2, $3, '', $4)
         ON CONFLICT (principal_id, idem_key) DO UPDATE
            SET request_sha256 = excluded.request_sha256, response_body = '',
                created_ms = excluded.created_ms
          WHERE idempotency_keys.created_ms <= $5",
    )
    .bind(idempotency.principal_id)
    .bind(idempotency.key)
    .bind(&idempotency.request_sha256)
    .bind(now_ms)
    .bind(now_ms - IDEMPOTENCY_TTL_MS)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if claimed == 1 {
        return Ok(None);
    }
    let seen = sqlx::query(
        "SELECT request_sha256, response_body FROM idempotency_keys
          WHERE principal_id = $1 AND idem_key = $2",
    )
    .bind(idempotency.principal_id)
    .bind(idempotency.key)
    .fetch_one(&mut **tx)
    .await?;
    if seen.try_get::<&str, _>("request_sha256")? != idempotency.request_sha256 {
        return Err(Conflict::IdempotencyKeyReused.into());
    }
    Ok(Some(CreateOutcome::Replayed(
        seen.try_get("response_body")?,
    )))
}

impl Store {
    /// Creates a sandbox (`provisioning`, creator as first owner, production
    /// apps), unless the idempotency key was seen: then replays or refuses.
    /// `render` turns the new sandbox into the one the caller sees; its JSON
    /// is the response body, kept for replays.
    pub async fn create_sandbox(
        &self,
        new: NewSandbox<'_>,
        idempotency: Option<IdempotencyRequest<'_>>,
        render: impl FnOnce(SandboxRecord) -> Sandbox,
    ) -> Result<CreateOutcome, StoreError> {
        let mut tx = self.begin().await?;
        let now_ms = now_ms();
        if let Some(idempotency) = &idempotency {
            if let Some(replayed) = claim_key(&mut tx, idempotency, now_ms).await? {
                return Ok(replayed);
            }
        }

        let request = new.request;
        let taken: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM sandboxes WHERE user_id = $1 AND owner_id = $2 AND name = $3",
        )
        .bind(new.account_id)
        .bind(&request.owner_id)
        .bind(&request.name)
        .fetch_optional(&mut *tx)
        .await?;
        if taken.is_some() {
            return Err(name_taken(request));
        }

        let sandbox_id = new_id("sbx");
        // One instant for both, so the default expiry is exactly the tier's lifetime after it.
        let at = timestamp_of_ms(now_ms);
        let expires_at = initial_expiry(&request.expires_at, request.tier, now_ms);
        let protected = request.protected.unwrap_or(false);
        let inserted = sqlx::query(
            "INSERT INTO sandboxes (sandbox_id, user_id, owner_id, name, tier, mode, status, storage_provider_type,
                                    metadata, created_at, updated_at, transition_due_ms,
                                    operation_started_ms, operation_ends_ms, expires_at, protected)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
        )
        .bind(&sandbox_id)
        .bind(new.account_id)
        .bind(&request.owner_id)
        .bind(&request.name)
        .bind(request.tier.as_str())
        .bind(request.mode.as_str())
        .bind(SandboxStatus::Provisioning.as_str())
        .bind(StorageProviderType::PlatformS3.as_str())
        .bind(serde_json::Value::Object(request.metadata.clone()).to_string())
        .bind(&at)
        .bind(&at)
        .bind(new.timing.due_ms)
        .bind(new.timing.started_ms)
        .bind(new.timing.ends_ms)
        .bind(&expires_at)
        .bind(protected)
        .execute(&mut *tx)
        .await;
        if let Err(error) = inserted {
            return Err(if is_unique_violation(&error) {
                name_taken(request)
            } else {
                error.into()
            });
        }
        // The creator is the first owner, carried over from production.
        let creator = Member {
            email: new.creator_email.into(),
            role: Role::Owner,
            added_at: at.clone(),
            origin: MemberOrigin::Production,
        };
        insert_member(&mut tx, &sandbox_id, &creator).await?;
        copy_production_apps(&mut tx, &sandbox_id, new.account_id, &at).await?;
        let target = Target {
            sandbox_id: sandbox_id.clone(),
            user_id: new.account_id.to_owned(),
            name: request.name.clone(),
            status: SandboxStatus::Provisioning,
        };
        let changes = serde_json::json!({
            "name": change(None::<String>, request.name.as_str()),
            "owner_id": change(None::<String>, request.owner_id.as_str()),
            "tier": change(None::<String>, request.tier.as_str()),
            "mode": change(None::<String>, request.mode.as_str()),
            "status": change(None::<String>, SandboxStatus::Provisioning.as_str()),
        });
        let summary = summary::created(new.audit.who(), &request.name);
        record_event(
            &mut tx,
            new.audit,
            &target,
            EventAction::SandboxCreated,
            summary,
            changes,
        )
        .await?;

        // Inserted above in this very transaction: missing, the database failed.
        let created = fetch_sandbox(&mut *tx, &sandbox_id, new.creator_email)
            .await?
            .ok_or(sqlx::Error::RowNotFound)?;
        // The body is a value this transaction stores, so it fails like one.
        let body = serde_json::to_string(&render(created))
            .map_err(|error| sqlx::Error::Encode(error.into()))?;
        if let Some(idempotency) = &idempotency {
            sqlx::query(
                "UPDATE idempotency_keys SET response_body = $1 WHERE principal_id = $2 AND idem_key = $3",
            )
            .bind(&body)
            .bind(idempotency.principal_id)
            .bind(idempotency.key)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(CreateOutcome::Created(body))
    }
}
