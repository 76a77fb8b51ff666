//! Sandboxes: listing, reading, creating (with idempotency), refresh,
//! delete, and the status transitions the background worker applies.

use sandbox_api::{
    Account, CreateSandbox, Member, MemberOrigin, Mode, Role, Sandbox, SandboxListQuery,
    SandboxSort, SandboxStatus, StorageProviderType, Tier,
};
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite, SqliteExecutor, Transaction};

use super::members::insert_member;
use super::{decode, decode_object, is_unique_violation, require_status, Store};
use crate::auth::Visibility;
use crate::error::ApiError;
use crate::ids::{new_id, now, now_ms};

/// Idempotency records are honoured for 24 hours.
const IDEMPOTENCY_TTL_MS: i64 = 24 * 60 * 60 * 1000;

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

/// One way a caller sees sandboxes. The list is the UNION ALL of the
/// caller's arms, so each arm is a plain indexed query: an account's own
/// sandboxes by `user_id` (no OR with membership to defeat the index), and
/// the few it sees as an external member by its email.
#[derive(Clone, Copy)]
enum Arm<'a> {
    /// Support: every account.
    Everything,
    /// The caller's own account.
    Account(&'a str),
    /// Sandboxes of other accounts where this email is a member.
    External {
        email: &'a str,
        own_account: Option<&'a str>,
    },
}

fn arms(visibility: Visibility<'_>) -> Vec<Arm<'_>> {
    if visibility.every_account {
        return vec![Arm::Everything];
    }
    let external = Arm::External {
        email: visibility.email,
        own_account: visibility.account_id,
    };
    match visibility.account_id {
        Some(account_id) => vec![Arm::Account(account_id), external],
        None => vec![external],
    }
}

/// `WHERE …` of one arm: who sees what, then the query's filters.
fn push_where<'a>(
    sql: &mut QueryBuilder<'a, Sqlite>,
    arm: Arm<'a>,
    visibility: Visibility<'a>,
    query: &'a SandboxListQuery,
) {
    match arm {
        Arm::Everything => {
            sql.push(" WHERE 1 = 1");
        }
        Arm::Account(account_id) => {
            sql.push(" WHERE s.user_id = ").push_bind(account_id);
        }
        Arm::External { email, own_account } => {
            sql.push(" WHERE s.sandbox_id IN (SELECT sandbox_id FROM members WHERE email = ")
                .push_bind(email)
                .push(")");
            if let Some(account_id) = own_account {
                sql.push(" AND s.user_id <> ").push_bind(account_id);
            }
        }
    }
    if let Some(sandbox_id) = visibility.only_sandbox {
        sql.push(" AND s.sandbox_id = ").push_bind(sandbox_id);
    }
    if let Some(owner_id) = &query.owner_id {
        sql.push(" AND s.owner_id = ").push_bind(owner_id);
    }
    if let Some(user_id) = &query.user_id {
        sql.push(" AND s.user_id = ").push_bind(user_id);
    }
    if let Some(status) = query.status {
        sql.push(" AND s.status = ").push_bind(status.as_str());
    }
    if let Some(tier) = query.tier {
        sql.push(" AND s.tier = ").push_bind(tier.as_str());
    }
    if let Some(q) = &query.q {
        // LIKE is case-insensitive for ASCII in SQLite (ILIKE in PostgreSQL).
        let pattern = format!(
            "%{}%",
            q.replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        sql.push(" AND (s.name LIKE ")
            .push_bind(pattern.clone())
            .push(" ESCAPE '\\' OR s.owner_id LIKE ")
            .push_bind(pattern)
            .push(" ESCAPE '\\')");
    }
}

fn order_by(sort: SandboxSort) -> &'static str {
    // Result columns, so it also orders a compound select. `seq` (insertion
    // order) breaks ties, so pages never overlap or skip.
    match sort {
        SandboxSort::CreatedAt => " ORDER BY created_at ASC, seq ASC",
        SandboxSort::CreatedAtDesc => " ORDER BY created_at DESC, seq DESC",
        SandboxSort::Name => " ORDER BY name ASC, seq ASC",
        SandboxSort::NameDesc => " ORDER BY name DESC, seq DESC",
        SandboxSort::Status => " ORDER BY status ASC, created_at DESC, seq DESC",
    }
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

/// A new sandbox about to be stored.
pub struct NewSandbox<'a> {
    pub account_id: &'a str,
    pub creator_email: &'a str,
    pub request: &'a CreateSandbox,
    /// When `provisioning` should move on (Unix ms).
    pub due_ms: i64,
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

/// A status change the worker made.
#[derive(Clone, Debug, PartialEq)]
pub struct Transition {
    pub sandbox_id: String,
    pub from: SandboxStatus,
    pub to: SandboxStatus,
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

fn name_taken(request: &CreateSandbox) -> ApiError {
    ApiError::Conflict(format!(
        "A sandbox named {:?} already exists for owner_id {:?}",
        request.name, request.owner_id
    ))
}

impl Store {
    /// One page of the sandboxes the caller can see, and how many match in all.
    pub async fn list_sandboxes(
        &self,
        visibility: Visibility<'_>,
        query: &SandboxListQuery,
    ) -> Result<(Vec<SandboxRecord>, u64), sqlx::Error> {
        let arms = arms(visibility);
        let mut count = QueryBuilder::<Sqlite>::new("SELECT 0");
        for &arm in &arms {
            count.push(" + (SELECT COUNT(*) FROM sandboxes s");
            push_where(&mut count, arm, visibility, query);
            count.push(")");
        }
        let total: i64 = count.build_query_scalar().fetch_one(&self.read).await?;

        let mut page = QueryBuilder::<Sqlite>::new("");
        for (n, &arm) in arms.iter().enumerate() {
            if n > 0 {
                page.push(" UNION ALL ");
            }
            page.push(SELECT_SANDBOX).push(
                " FROM sandboxes s JOIN accounts a ON a.account_id = s.user_id
                  LEFT JOIN members m ON m.sandbox_id = s.sandbox_id AND m.email = ",
            );
            page.push_bind(visibility.email);
            push_where(&mut page, arm, visibility, query);
        }
        page.push(order_by(query.sort))
            .push(" LIMIT ")
            .push_bind(i64::from(query.limit))
            .push(" OFFSET ")
            .push_bind(i64::try_from(query.offset).unwrap_or(i64::MAX));
        let rows = page.build().fetch_all(&self.read).await?;
        let records = rows.iter().map(record).collect::<Result<_, _>>()?;
        Ok((records, total as u64))
    }

    /// One sandbox, with `email`'s membership on it.
    pub async fn sandbox(
        &self,
        sandbox_id: &str,
        email: &str,
    ) -> Result<Option<SandboxRecord>, sqlx::Error> {
        fetch_sandbox(&self.read, sandbox_id, email).await
    }

    /// Creates a sandbox (`provisioning`, creator as first owner, production
    /// apps), unless the idempotency key was seen: then replays or refuses.
    /// `render` turns the new sandbox into the response body kept for replays.
    pub async fn create_sandbox(
        &self,
        new: NewSandbox<'_>,
        idempotency: Option<IdempotencyRequest<'_>>,
        render: impl FnOnce(SandboxRecord) -> Result<String, ApiError>,
    ) -> Result<CreateOutcome, ApiError> {
        let mut tx = self.begin().await?;
        let now_ms = now_ms();
        if let Some(idempotency) = &idempotency {
            let seen = sqlx::query("SELECT request_sha256, response_body, created_ms FROM idempotency_keys WHERE principal_id = ? AND idem_key = ?")
                .bind(idempotency.principal_id)
                .bind(idempotency.key)
                .fetch_optional(&mut *tx)
                .await?;
            if let Some(seen) = seen {
                if seen.try_get::<i64, _>("created_ms")? > now_ms - IDEMPOTENCY_TTL_MS {
                    if seen.try_get::<&str, _>("request_sha256")? == idempotency.request_sha256 {
                        return Ok(CreateOutcome::Replayed(seen.try_get("response_body")?));
                    }
                    return Err(ApiError::Conflict(
                        "Idempotency-Key was already used with a different request body".into(),
                    ));
                }
                sqlx::query("DELETE FROM idempotency_keys WHERE principal_id = ? AND idem_key = ?")
                    .bind(idempotency.principal_id)
                    .bind(idempotency.key)
                    .execute(&mut *tx)
                    .await?;
            }
        }

        let request = new.request;
        let taken: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM sandboxes WHERE user_id = ? AND owner_id = ? AND name = ?",
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
        let at = now();
        let inserted = sqlx::query(
            "INSERT INTO sandboxes (sandbox_id, user_id, owner_id, name, tier, mode, status, storage_provider_type,
                                    metadata, created_at, updated_at, transition_due_ms)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
        .bind(new.due_ms)
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

        let created = fetch_sandbox(&mut *tx, &sandbox_id, new.creator_email)
            .await?
            .ok_or_else(|| {
                ApiError::Internal("a sandbox vanished inside its own transaction".into())
            })?;
        let body = render(created)?;
        if let Some(idempotency) = &idempotency {
            sqlx::query(
                "INSERT INTO idempotency_keys (principal_id, idem_key, request_sha256, response_body, created_ms)
                 VALUES (?, ?, ?, ?, ?)",
            )
            .bind(idempotency.principal_id)
            .bind(idempotency.key)
            .bind(&idempotency.request_sha256)
            .bind(&body)
            .bind(now_ms)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(CreateOutcome::Created(body))
    }

    /// Starts a refresh: `refreshing` until `due_ms`.
    pub async fn begin_refresh(&self, sandbox_id: &str, due_ms: i64) -> Result<(), ApiError> {
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
    pub async fn delete_sandbox(&self, sandbox_id: &str) -> Result<(), ApiError> {
        let mut tx = self.begin().await?;
        require_status(&mut tx, sandbox_id, SandboxStatus::allows_refresh_or_delete).await?;
        sqlx::query("DELETE FROM sandboxes WHERE sandbox_id = ?")
            .bind(sandbox_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// When the next status transition is due (Unix ms), if any is pending.
    pub async fn next_transition_due(&self) -> Result<Option<i64>, sqlx::Error> {
        sqlx::query_scalar(
            "SELECT MIN(transition_due_ms) FROM sandboxes WHERE transition_due_ms IS NOT NULL",
        )
        .fetch_one(&self.read)
        .await
    }

    /// Applies every transition due by `now_ms`: provisioning → seeding
    /// (seeded, for `seed_ms` more) or active; seeding → active; refreshing →
    /// active with the production apps restored.
    pub async fn advance_transitions(
        &self,
        now_ms: i64,
        seed_ms: i64,
    ) -> Result<Vec<Transition>, sqlx::Error> {
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
