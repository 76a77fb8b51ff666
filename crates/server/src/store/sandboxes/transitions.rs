//! The status changes the background worker applies when they fall due.

use sandbox_api::{Mode, SandboxStatus};
use sqlx::Row;

use super::copy_production_apps;
use crate::ids::now;
use crate::store::{decode, Store, StoreError};

/// A status change the worker made.
#[derive(Clone, Debug, PartialEq)]
pub struct Transition {
    pub sandbox_id: String,
    pub from: SandboxStatus,
    pub to: SandboxStatus,
}

impl Store {
    /// When the next status transition is due (Unix ms), if any is pending.
    pub async fn next_transition_due(&self) -> Result<Option<i64>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT MIN(transition_due_ms) FROM sandboxes WHERE transition_due_ms IS NOT NULL",
        )
        .fetch_one(&self.read)
        .await?)
    }

    /// Applies every transition due by `now_ms`: provisioning → seeding
    /// (seeded, for `seed_ms` more) or active; seeding → active; refreshing →
    /// active with the production apps restored.
    pub async fn advance_transitions(
        &self,
        now_ms: i64,
        seed_ms: i64,
    ) -> Result<Vec<Transition>, StoreError> {
        let mut tx = self.begin().await?;
        let due = sqlx::query(
            "SELECT sandbox_id, user_id, status, mode FROM sandboxes
             WHERE transition_due_ms IS NOT NULL AND transition_due_ms <= ?",
        )
        .bind(now_ms)
        .fetch_all(&mut *tx)
        .await?;
        let at = now();
        let mut transitions = Vec::with_capacity(due.len());
        for row in &due {
            let sandbox_id: String = row.try_get("sandbox_id")?;
            let from: SandboxStatus = decode("status", row.try_get("status")?)?;
            let mode: Mode = decode("mode", row.try_get("mode")?)?;
            let (to, next_due) = match (from, mode) {
                (SandboxStatus::Provisioning, Mode::Seeded) => {
                    (SandboxStatus::Seeding, Some(now_ms + seed_ms))
                }
                _ => (SandboxStatus::Active, None),
            };
            let refreshed = from == SandboxStatus::Refreshing;
            if refreshed {
                copy_production_apps(&mut tx, &sandbox_id, row.try_get("user_id")?, &at).await?;
            }
            sqlx::query(
                "UPDATE sandboxes SET status = ?, transition_due_ms = ?, updated_at = ?,
                        last_refreshed_at = CASE WHEN ? THEN ? ELSE last_refreshed_at END
                 WHERE sandbox_id = ?",
            )
            .bind(to.as_str())
            .bind(next_due)
            .bind(&at)
            .bind(refreshed)
            .bind(&at)
            .bind(&sandbox_id)
            .execute(&mut *tx)
            .await?;
            transitions.push(Transition {
                sandbox_id,
                from,
                to,
            });
        }
        tx.commit().await?;
        Ok(transitions)
    }
}
