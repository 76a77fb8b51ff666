//! Apps in sandboxes and pushes out of them.

use sandbox_api::{App, EventAction, PushResult, PushStatus, SandboxStatus, DEFAULT_PUSH_TARGET};
use sqlx::any::AnyRow;
use sqlx::Row;

use super::events::{change, record_event};
use super::{decode, summary, Audit, Entity, Store, StoreError};
use crate::ids::{new_id, now};

fn app(row: &AnyRow) -> Result<App, sqlx::Error> {
    let push_id: Option<String> = row.try_get("push_id")?;
    let last_push = match push_id {
        Some(push_id) => Some(PushResult {
            push_id,
            sandbox_id: row.try_get("sandbox_id")?,
            app_name: row.try_get("app_name")?,
            version: row.try_get("push_version")?,
            target: row.try_get("target")?,
            status: decode("push_status", row.try_get("push_status")?)?,
            pushed_at: row.try_get("pushed_at")?,
        }),
        None => None,
    };
    Ok(App {
        app_name: row.try_get("app_name")?,
        version: row.try_get("version")?,
        updated_at: row.try_get("updated_at")?,
        last_push,
    })
}

impl Store {
    /// A sandbox's apps by name, each with its latest push.
    pub async fn apps(&self, sandbox_id: &str) -> Result<Vec<App>, StoreError> {
        let rows = sqlx::query(
            "SELECT a.sandbox_id, a.app_name, a.version, a.updated_at, p.push_id, p.version AS push_version,
                    p.target, p.status AS push_status, p.pushed_at
             FROM apps a
             LEFT JOIN pushes p ON p.seq = (SELECT MAX(seq) FROM pushes
                                            WHERE sandbox_id = a.sandbox_id AND app_name = a.app_name)
             WHERE a.sandbox_id = $1
             ORDER BY a.app_name",
        )
        .bind(sandbox_id)
        .fetch_all(&self.read)
        .await?;
        Ok(rows.iter().map(app).collect::<Result<_, _>>()?)
    }

    /// Pushes an app's current version to `target`. A push to `production`
    /// also makes that version production's, which later refreshes restore.
    pub async fn push_app(
        &self,
        sandbox_id: &str,
        app_name: &str,
        target: &str,
        audit: Audit<'_>,
    ) -> Result<PushResult, StoreError> {
        let mut tx = self.begin().await?;
        let sandbox = self
            .require_status(&mut tx, sandbox_id, SandboxStatus::allows_writes)
            .await?;
        let version: String =
            sqlx::query_scalar("SELECT version FROM apps WHERE sandbox_id = $1 AND app_name = $2")
                .bind(sandbox_id)
                .bind(app_name)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::NotFound(Entity::App))?;
        let push = PushResult {
            push_id: new_id("push"),
            sandbox_id: sandbox_id.into(),
            app_name: app_name.into(),
            version,
            target: target.into(),
            status: PushStatus::Succeeded,
            pushed_at: now(),
        };
        sqlx::query(
            "INSERT INTO pushes (push_id, sandbox_id, app_name, version, target, status, pushed_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&push.push_id)
        .bind(sandbox_id)
        .bind(app_name)
        .bind(&push.version)
        .bind(target)
        .bind(push.status.as_str())
        .bind(&push.pushed_at)
        .execute(&mut *tx)
        .await?;
        if target == DEFAULT_PUSH_TARGET {
            sqlx::query(
                "INSERT INTO production_apps (account_id, app_name, version)
                 SELECT user_id, $1, $2 FROM sandboxes WHERE sandbox_id = $3
                 ON CONFLICT (account_id, app_name) DO UPDATE SET version = excluded.version",
            )
            .bind(app_name)
            .bind(&push.version)
            .bind(sandbox_id)
            .execute(&mut *tx)
            .await?;
        }
        // A push changes the target, not the sandbox: nothing had these values before.
        let changes = serde_json::json!({
            "app_name": change(None::<String>, app_name),
            "version": change(None::<String>, push.version.as_str()),
            "target": change(None::<String>, target),
        });
        let summary = summary::pushed(audit.who(), app_name, &push.version, &sandbox.name, target);
        record_event(
            &mut tx,
            audit,
            &sandbox,
            EventAction::AppPushed,
            summary,
            changes,
        )
        .await?;
        tx.commit().await?;
        Ok(push)
    }
}
