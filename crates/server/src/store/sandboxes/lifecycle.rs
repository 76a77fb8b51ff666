//! Expiry and protection (contract v1.1): `PATCH`, the protection check of
//! refresh and delete, and the expiry job's deletions.

use sandbox_api::{
    format_timestamp_ms, parse_timestamp_ms, EventAction, PatchSandbox, SandboxStatus, Tier,
};
use serde_json::{Map, Value};
use sqlx::{Any, Row, Transaction};

use crate::ids::now;
use crate::store::events::{change, record_event, Target};
use crate::store::{decode, decode_object, flag, summary, Audit, Conflict, Store, StoreError};

/// The expiry job's question (bound: `false`, now, `active`, `failed`),
/// answered from `sandboxes_protected_expires` (migration 0006).
const DUE_FOR_EXPIRY: &str = "SELECT sandbox_id, user_id, name, status, expires_at FROM sandboxes
     WHERE protected = $1 AND expires_at <= $2 AND status IN ($3, $4)
     ORDER BY expires_at";

/// A sandbox the expiry job deleted.
#[derive(Clone, Debug, PartialEq)]
pub struct Expired {
    pub sandbox_id: String,
    pub expires_at: String,
}

/// A chosen `expires_at` as the store keeps it (and the contract writes
/// timestamps): UTC, whole seconds, so text order is time order. `text`
/// was validated (`sandbox_api::validate::expiry`) before it got here.
pub(super) fn stored_expiry(text: &str) -> Option<String> {
    parse_timestamp_ms(text).map(format_timestamp_ms)
}

/// The `expires_at` a new sandbox gets: the chosen one (`Some(None)` =
/// never), else its tier's default from `created_ms`.
pub(super) fn initial_expiry(
    chosen: &Option<Option<String>>,
    tier: Tier,
    created_ms: i64,
) -> Option<String> {
    match chosen {
        Some(chosen) => chosen.as_deref().and_then(stored_expiry),
        None => tier.default_expires_at(created_ms),
    }
}

/// Refuses (409 `Sandbox is protected`) to go on with a protected sandbox.
pub(super) async fn require_unprotected(
    tx: &mut Transaction<'_, Any>,
    sandbox_id: &str,
) -> Result<(), StoreError> {
    let row = sqlx::query("SELECT protected FROM sandboxes WHERE sandbox_id = $1")
        .bind(sandbox_id)
        .fetch_one(&mut **tx)
        .await?;
    if flag(&row, "protected")? {
        Err(Conflict::Protected.into())
    } else {
        Ok(())
    }
}

/// Deletes `target` with its members, apps, pushes and sources (the
/// foreign keys cascade) and records `action`; its events stay.
pub(super) async fn remove(
    tx: &mut Transaction<'_, Any>,
    target: &Target,
    audit: Audit<'_>,
    action: EventAction,
    summary: String,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM sandboxes WHERE sandbox_id = $1")
        .bind(&target.sandbox_id)
        .execute(&mut **tx)
        .await?;
    let changes = serde_json::json!({
        "status": change(target.status.as_str(), None::<String>),
    });
    record_event(tx, audit, target, action, summary, changes).await?;
    Ok(())
}

impl Store {
    /// Applies a validated `PATCH` in any status (it changes policy and
    /// metadata, not data): what it names and differs is stored, with one
    /// `sandbox.updated` event whose `changes` has `[before, after]` of each
    /// changed field. A patch that changes nothing records nothing and
    /// leaves `updated_at` alone.
    pub async fn update_sandbox(
        &self,
        sandbox_id: &str,
        patch: &PatchSandbox,
        audit: Audit<'_>,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        let target = self.require_status(&mut tx, sandbox_id, |_| true).await?;
        let row = sqlx::query(
            "SELECT expires_at, protected, metadata FROM sandboxes WHERE sandbox_id = $1",
        )
        .bind(sandbox_id)
        .fetch_one(&mut *tx)
        .await?;
        let mut expires_at: Option<String> = row.try_get("expires_at")?;
        let mut protected = flag(&row, "protected")?;
        let mut metadata = decode_object("metadata", row.try_get("metadata")?)?;

        let mut changes = Map::new();
        let mut said = Vec::new();
        if let Some(chosen) = &patch.expires_at {
            let after = chosen.as_deref().and_then(stored_expiry);
            if after != expires_at {
                said.push(summary::Update::Expiry(after.clone()));
                changes.insert("expires_at".into(), change(expires_at, after.clone()));
                expires_at = after;
            }
        }
        if let Some(after) = patch.protected.filter(|after| *after != protected) {
            said.push(summary::Update::Protected(after));
            changes.insert("protected".into(), change(protected, after));
            protected = after;
        }
        if let Some(after) = patch.metadata.as_ref().filter(|after| **after != metadata) {
            said.push(summary::Update::Metadata);
            changes.insert(
                "metadata".into(),
                change(Value::Object(metadata), Value::Object(after.clone())),
            );
            metadata = after.clone();
        }
        if changes.is_empty() {
            return Ok(());
        }

        sqlx::query(
            "UPDATE sandboxes SET expires_at = $1, protected = $2, metadata = $3, updated_at = $4
             WHERE sandbox_id = $5",
        )
        .bind(expires_at)
        .bind(protected)
        .bind(Value::Object(metadata).to_string())
        .bind(now())
        .bind(sandbox_id)
        .execute(&mut *tx)
        .await?;
        let summary = summary::updated(audit.who(), &target.name, &said);
        record_event(
            &mut tx,
            audit,
            &target,
            EventAction::SandboxUpdated,
            summary,
            Value::Object(changes),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deletes every unprotected sandbox whose `expires_at` has come by
    /// `now_ms`, as `DELETE` would, each with a `sandbox.expired` event of
    /// no actor. One in a transient status waits until its operation ends
    /// (then it is `active` or `failed`, which `DELETE` accepts).
    pub async fn expire_sandboxes(&self, now_ms: i64) -> Result<Vec<Expired>, StoreError> {
        let mut tx = self.begin().await?;
        let sql = format!("{DUE_FOR_EXPIRY}{}", self.engine.claim());
        let due = sqlx::query(&sql)
            .bind(false)
            .bind(format_timestamp_ms(now_ms))
            .bind(SandboxStatus::Active.as_str())
            .bind(SandboxStatus::Failed.as_str())
            .fetch_all(&mut *tx)
            .await?;
        let mut expired = Vec::with_capacity(due.len());
        for row in &due {
            let target = Target {
                sandbox_id: row.try_get("sandbox_id")?,
                user_id: row.try_get("user_id")?,
                name: row.try_get("name")?,
                status: decode("status", row.try_get("status")?)?,
            };
            let expires_at: String = row.try_get("expires_at")?;
            let summary = summary::expired(&target.name, &expires_at);
            remove(
                &mut tx,
                &target,
                Audit::SERVER,
                EventAction::SandboxExpired,
                summary,
            )
            .await?;
            expired.push(Expired {
                sandbox_id: target.sandbox_id,
                expires_at,
            });
        }
        tx.commit().await?;
        Ok(expired)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Database;

    #[tokio::test]
    async fn the_expiry_job_reads_only_what_is_due_from_its_index() {
        let dir = tempfile::TempDir::new().unwrap();
        let store = Store::open(&Database::Sqlite(dir.path().join("plan.db")))
            .await
            .unwrap();
        let plan = sqlx::query(&format!("EXPLAIN QUERY PLAN {DUE_FOR_EXPIRY}"))
            .bind(false)
            .bind("2026-12-01T10:00:00Z")
            .bind("active")
            .bind("failed")
            .fetch_all(&store.read)
            .await
            .unwrap();
        let detail: Vec<String> = plan.iter().map(|row| row.get("detail")).collect();
        assert_eq!(
            detail,
            ["SEARCH sandboxes USING INDEX sandboxes_protected_expires (protected=? AND expires_at<?)"]
        );
    }

    #[test]
    fn expiries_are_kept_as_whole_utc_seconds() {
        assert_eq!(
            stored_expiry("2026-12-08T12:00:00.75+02:00").as_deref(),
            Some("2026-12-08T10:00:00Z")
        );
        let created = parse_timestamp_ms("2026-12-01T10:00:00Z").unwrap();
        assert_eq!(
            initial_expiry(&None, Tier::Free, created).as_deref(),
            Some("2026-12-08T10:00:00Z")
        );
        assert_eq!(initial_expiry(&Some(None), Tier::Enterprise, created), None);
        assert_eq!(
            initial_expiry(
                &Some(Some("2026-12-02T10:00:00Z".into())),
                Tier::Pro,
                created
            )
            .as_deref(),
            Some("2026-12-02T10:00:00Z")
        );
    }
}
