//! The status changes the background worker applies when they fall due,
//! each with its `sandbox.status_changed` event (no actor).

use sandbox_api::{EventAction, Mode, SandboxStatus};
use sqlx::Row;

use super::copy_production_apps;
use crate::ids::now;
use crate::operation::{failure_reason, Schedule, Timing};
use crate::store::events::{change, record_event, Target};
use crate::store::{decode, summary, Audit, Store, StoreError};

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

    /// Applies every transition due by `now_ms`: an operation planned to
    /// fail → failed with its reason; provisioning → seeding (seeded, a new
    /// operation from `schedule`) or active; seeding → active; refreshing →
    /// active with the production apps restored.
    pub async fn advance_transitions(
        &self,
        now_ms: i64,
        schedule: Schedule,
    ) -> Result<Vec<Transition>, StoreError> {
        // One sandbox per transaction, claimed: with several processes on
        // one database, a due row is applied by the one whose transaction
        // locked it (the others skip it); a process that dies mid-way has
        // its transaction rolled back, and the row falls to the next worker
        // that looks. One at a time also keeps each transaction to the
        // tally rows of one sandbox, so concurrent writes cannot deadlock.
        let sql = format!(
            "SELECT sandbox_id, user_id, name, status, mode, transition_due_ms,
                    operation_started_ms, operation_ends_ms
             FROM sandboxes
             WHERE transition_due_ms IS NOT NULL AND transition_due_ms <= $1
             ORDER BY transition_due_ms LIMIT 1{}",
            self.engine.claim()
        );
        let mut transitions = Vec::new();
        loop {
            let mut tx = self.begin().await?;
            let Some(row) = sqlx::query(&sql)
                .bind(now_ms)
                .fetch_optional(&mut *tx)
                .await?
            else {
                break;
            };
            let at = now();
            let target = Target {
                sandbox_id: row.try_get("sandbox_id")?,
                user_id: row.try_get("user_id")?,
                name: row.try_get("name")?,
                status: decode("status", row.try_get("status")?)?,
            };
            let from = target.status;
            let mode: Mode = decode("mode", row.try_get("mode")?)?;
            let due_ms: i64 = row.try_get("transition_due_ms")?;
            let timing = Timing {
                started_ms: row
                    .try_get::<Option<i64>, _>("operation_started_ms")?
                    .unwrap_or(due_ms),
                ends_ms: row
                    .try_get::<Option<i64>, _>("operation_ends_ms")?
                    .unwrap_or(due_ms),
                due_ms,
            };
            let failed = from
                .operation_kind()
                .and_then(|kind| Some((kind, timing.failing_step(kind)?)))
                .map(|(kind, step)| failure_reason(kind, step));
            let (to, next) = match (&failed, from, mode) {
                (Some(_), _, _) => (SandboxStatus::Failed, None),
                (None, SandboxStatus::Provisioning, Mode::Seeded) => (
                    SandboxStatus::Seeding,
                    Some(schedule.start(sandbox_api::OperationKind::Seed, now_ms)),
                ),
                _ => (SandboxStatus::Active, None),
            };
            let refreshed = from == SandboxStatus::Refreshing && failed.is_none();
            if refreshed {
                copy_production_apps(&mut tx, &target.sandbox_id, &target.user_id, &at).await?;
            }
            sqlx::query(
                "UPDATE sandboxes SET status = $1, transition_due_ms = $2, operation_started_ms = $3,
                        operation_ends_ms = $4, failure_reason = $5, updated_at = $6,
                        last_refreshed_at = CASE WHEN $7 THEN $8 ELSE last_refreshed_at END
                 WHERE sandbox_id = $9",
            )
            .bind(to.as_str())
            .bind(next.map(|timing| timing.due_ms))
            .bind(next.map(|timing| timing.started_ms))
            .bind(next.map(|timing| timing.ends_ms))
            .bind(&failed)
            .bind(&at)
            .bind(refreshed)
            .bind(&at)
            .bind(&target.sandbox_id)
            .execute(&mut *tx)
            .await?;
            let summary = summary::status_changed(&target.name, to, failed.as_deref());
            let mut changes = serde_json::json!({ "status": change(from.as_str(), to.as_str()) });
            if let Some(reason) = &failed {
                changes["failure_reason"] = change(None::<String>, reason.as_str());
            }
            record_event(
                &mut tx,
                Audit::SERVER,
                &target,
                EventAction::SandboxStatusChanged,
                summary,
                changes,
            )
            .await?;
            tx.commit().await?;
            transitions.push(Transition {
                sandbox_id: target.sandbox_id,
                from,
                to,
            });
        }
        Ok(transitions)
    }
}
