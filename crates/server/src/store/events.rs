//! The append-only activity log. Every write of the store records its
//! event with [`record_event`] inside its own transaction, so a change never
//! lands without its event and a refused one leaves none.

use sandbox_api::{Event, EventAction, EventActor, EventListQuery, SandboxStatus};
use serde_json::Value;
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use super::event_counts::{self, Counted};
use super::query_builder::QueryBuilder;
use super::{decode, decode_object, flag, matches_no_text, Engine, Store, StoreError};
use crate::ids::{new_id, now_ms, timestamp_of_ms};
use crate::principal::{Principal, Visibility};

/// Who caused a change, and through which request.
#[derive(Clone, Copy, Debug)]
pub struct Audit<'a> {
    /// `None` for what the server does by itself.
    pub actor: Option<&'a Principal>,
    /// The request's `X-Request-Id`.
    pub request_id: Option<&'a str>,
}

impl<'a> Audit<'a> {
    pub fn by(actor: &'a Principal, request_id: &'a str) -> Self {
        Audit {
            actor: Some(actor),
            request_id: Some(request_id),
        }
    }

    /// The server's own changes (the status worker).
    pub const SERVER: Audit<'static> = Audit {
        actor: None,
        request_id: None,
    };

    /// The subject of a summary sentence.
    pub(super) fn who(&self) -> &str {
        self.actor
            .map_or("The server", |actor| actor.email.as_str())
    }
}

/// The sandbox a write works on, read at the start of its transaction.
pub(super) struct Target {
    pub sandbox_id: String,
    pub user_id: String,
    pub name: String,
    pub status: SandboxStatus,
}

/// `[before, after]`, the shape of every entry of `changes`.
pub fn change(before: impl Into<Value>, after: impl Into<Value>) -> Value {
    Value::Array(vec![before.into(), after.into()])
}

/// Appends one event about `target` in the write's transaction.
pub(super) async fn record_event(
    tx: &mut Transaction<'_, Any>,
    audit: Audit<'_>,
    target: &Target,
    action: EventAction,
    summary: String,
    changes: Value,
) -> Result<(), sqlx::Error> {
    // Whole seconds, as `occurred_at` shows it, so `since`/`until` of a
    // shown time include the events shown with it.
    let occurred_ms = now_ms() / 1000 * 1000;
    insert_event(
        tx,
        &NewEvent {
            occurred_ms,
            user_id: &target.user_id,
            sandbox_id: &target.sandbox_id,
            sandbox_name: &target.name,
            actor: audit.actor,
            request_id: audit.request_id,
            action,
            summary,
            changes,
        },
    )
    .await
}

/// An event to store as it is (the demo's past has its own times).
struct NewEvent<'a> {
    /// Whole seconds.
    pub occurred_ms: i64,
    pub user_id: &'a str,
    pub sandbox_id: &'a str,
    pub sandbox_name: &'a str,
    pub actor: Option<&'a Principal>,
    pub request_id: Option<&'a str>,
    pub action: EventAction,
    pub summary: String,
    pub changes: Value,
}

async fn insert_event(
    tx: &mut Transaction<'_, Any>,
    event: &NewEvent<'_>,
) -> Result<(), sqlx::Error> {
    let actor = event.actor;
    sqlx::query(
        "INSERT INTO events (event_id, occurred_at, occurred_ms, user_id, sandbox_id, sandbox_name,
                             actor_principal_id, actor_email, actor_role, action, summary, changes, request_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(new_id("evt"))
    .bind(timestamp_of_ms(event.occurred_ms))
    .bind(event.occurred_ms)
    .bind(event.user_id)
    .bind(event.sandbox_id)
    .bind(event.sandbox_name)
    .bind(actor.map(|a| a.principal_id.as_str()))
    .bind(actor.map(|a| a.email.as_str()))
    .bind(actor.map(|a| a.role.as_str()))
    .bind(event.action.as_str())
    .bind(&event.summary)
    .bind(event.changes.to_string())
    .bind(event.request_id)
    .execute(&mut **tx)
    .await?;
    event_counts::count_in(
        tx,
        [Counted {
            user_id: event.user_id,
            sandbox_id: event.sandbox_id,
            actor_email: actor.map(|a| a.email.as_str()),
            action: event.action,
        }],
    )
    .await
}

/// Whose events a list covers.
#[derive(Clone, Copy, Debug)]
pub enum EventScope<'a> {
    /// One sandbox the caller was found to see (live or deleted); the
    /// caller's other visibility does not apply.
    Sandbox(&'a str),
    /// Everything the caller sees.
    Visible(Visibility<'a>),
}

/// One way a caller sees events (the list is the UNION ALL of its arms,
/// each an indexed query, as for sandboxes).
#[derive(Clone, Copy)]
pub(super) enum Arm<'a> {
    Everything,
    /// An account's events; of its live sandboxes only unless `deleted_too`.
    Account {
        account_id: &'a str,
        deleted_too: bool,
    },
    /// Sandboxes of other accounts where this email is a member.
    External {
        email: &'a str,
        own_account: Option<&'a str>,
    },
}

impl<'a> EventScope<'a> {
    /// The one sandbox the scope is limited to, if any.
    fn sandbox(self) -> Option<&'a str> {
        match self {
            EventScope::Sandbox(sandbox_id) => Some(sandbox_id),
            EventScope::Visible(visibility) => visibility.only_sandbox,
        }
    }
}

fn arms(scope: EventScope<'_>) -> Vec<Option<Arm<'_>>> {
    let visibility = match scope {
        EventScope::Sandbox(_) => return vec![None],
        EventScope::Visible(visibility) => visibility,
    };
    if visibility.every_account {
        return vec![Some(Arm::Everything)];
    }
    let external = Arm::External {
        email: visibility.email,
        own_account: visibility.account_id,
    };
    match visibility.account_id {
        Some(account_id) => vec![
            Some(Arm::Account {
                account_id,
                deleted_too: visibility.deleted_sandboxes,
            }),
            Some(external),
        ],
        None => vec![Some(external)],
    }
}

/// ` FROM … WHERE …` of one arm: who sees what, then the query's filters.
fn push_from_where<'a>(
    sql: &mut QueryBuilder<'a>,
    engine: Engine,
    scope: EventScope<'a>,
    arm: Option<Arm<'a>>,
    query: &'a EventListQuery,
) {
    match arm {
        None | Some(Arm::Everything) => {
            sql.push(" FROM events e WHERE 1 = 1");
        }
        Some(Arm::Account {
            account_id,
            deleted_too,
        }) => {
            sql.push(" FROM events e WHERE e.user_id = ")
                .push_bind(account_id);
            if !deleted_too {
                sql.push(
                    " AND EXISTS (SELECT 1 FROM sandboxes s WHERE s.sandbox_id = e.sandbox_id)",
                );
            }
        }
        Some(Arm::External { email, own_account }) => {
            // Driven by the membership (CROSS JOIN fixes SQLite's join
            // order): the few sandboxes of other accounts first, then their
            // events by `events_sandbox`, never a scan of, say, an actor's
            // whole history checked against the memberships.
            sql.push(
                " FROM members m CROSS JOIN sandboxes s CROSS JOIN events e
                  WHERE m.email = ",
            )
            .push_bind(email)
            .push(" AND s.sandbox_id = m.sandbox_id");
            if let Some(account_id) = own_account {
                sql.push(" AND s.user_id <> ").push_bind(account_id);
            }
            sql.push(" AND e.sandbox_id = s.sandbox_id");
        }
    }
    if let Some(sandbox_id) = scope.sandbox() {
        sql.push(" AND e.sandbox_id = ").push_bind(sandbox_id);
    }
    event_counts::push_filters(sql, "e", query);
    if let Some(since) = query.since_ms() {
        sql.push(" AND e.occurred_ms >= ").push_bind(since);
    }
    if let Some(until) = query.until_ms() {
        sql.push(" AND e.occurred_ms <= ").push_bind(until);
    }
    if let Some(q) = &query.q {
        let pattern = super::like_pattern(q);
        let like = engine.like();
        sql.push(format_args!(" AND (e.sandbox_name {like} "))
            .push_bind(pattern.clone())
            .push(format_args!(" ESCAPE '\\' OR e.summary {like} "))
            .push_bind(pattern)
            .push(" ESCAPE '\\')");
    }
}

/// How many events match in all: the sum of every arm's count, each from
/// the tallies when they know the filters, else counted match by match.
fn push_total<'a>(
    sql: &mut QueryBuilder<'a>,
    engine: Engine,
    scope: EventScope<'a>,
    arms: &[Option<Arm<'a>>],
    query: &'a EventListQuery,
) {
    sql.push("0");
    let tallied = event_counts::can_count(query);
    for &arm in arms {
        if tallied {
            event_counts::push_arm_count(sql, scope.sandbox(), arm, query);
        } else {
            sql.push(" + (SELECT COUNT(*)");
            push_from_where(sql, engine, scope, arm, query);
            sql.push(")");
        }
    }
}

const SELECT_EVENT: &str = "SELECT e.seq AS seq, e.event_id, e.occurred_at, e.user_id, e.sandbox_id, e.sandbox_name,
        e.actor_principal_id, e.actor_email, e.actor_role, e.action, e.summary, e.changes, e.request_id";

fn event(row: &AnyRow) -> Result<Event, sqlx::Error> {
    let principal_id: Option<String> = row.try_get("actor_principal_id")?;
    let actor = match principal_id {
        Some(principal_id) => Some(EventActor {
            principal_id,
            email: row.try_get("actor_email")?,
            role: decode("actor_role", row.try_get("actor_role")?)?,
        }),
        None => None,
    };
    Ok(Event {
        event_id: row.try_get("event_id")?,
        object: "event".into(),
        occurred_at: row.try_get("occurred_at")?,
        user_id: row.try_get("user_id")?,
        sandbox_id: row.try_get("sandbox_id")?,
        sandbox_name: row.try_get("sandbox_name")?,
        sandbox_deleted: flag(row, "sandbox_deleted")?,
        actor,
        action: decode("action", row.try_get("action")?)?,
        summary: row.try_get("summary")?,
        changes: decode_object("changes", row.try_get("changes")?)?,
        request_id: row.try_get("request_id")?,
    })
}

impl Store {
    /// One page of events in `scope`, newest first, and how many match in all.
    /// `query.sandbox_id` is not read here: a sandbox the caller was found
    /// to see is a scope of its own ([`EventScope::Sandbox`]), which reads
    /// it by its index alone.
    pub async fn events(
        &self,
        scope: EventScope<'_>,
        query: &EventListQuery,
    ) -> Result<(Vec<Event>, u64), StoreError> {
        if matches_no_text(&[&query.user_id, &query.actor, &query.q]) {
            return Ok((Vec::new(), 0));
        }
        let arms = arms(scope);
        // Each arm stops after the rows the page can need, read newest first
        // along its index; only then are the arms merged, and only the
        // page's rows are checked for a deleted sandbox. (A plain UNION ALL
        // under one ORDER BY reads every match of every arm first.) The
        // total goes with every row: one statement, not two, whose
        // constant subquery SQLite works out once.
        let offset = i64::try_from(query.offset).unwrap_or(i64::MAX);
        let needed = offset.saturating_add(i64::from(query.limit));
        let mut page = QueryBuilder::new("SELECT (");
        push_total(&mut page, self.engine, scope, &arms, query);
        page.push(
            ") AS total, u.*,
                    NOT EXISTS (SELECT 1 FROM sandboxes s WHERE s.sandbox_id = u.sandbox_id)
                    AS sandbox_deleted
             FROM (",
        );
        for (n, &arm) in arms.iter().enumerate() {
            if n > 0 {
                page.push(" UNION ALL ");
            }
            page.push("SELECT * FROM (").push(SELECT_EVENT);
            push_from_where(&mut page, self.engine, scope, arm, query);
            // PostgreSQL wants every subquery in FROM named.
            page.push(" ORDER BY e.seq DESC LIMIT ")
                .push_bind(needed)
                .push(format_args!(") arm{n}"));
        }
        page.push(") u ORDER BY u.seq DESC LIMIT ")
            .push_bind(i64::from(query.limit))
            .push(" OFFSET ")
            .push_bind(offset);
        let rows = page.build().fetch_all(&self.read).await?;
        let total: i64 = match rows.first() {
            Some(row) => row.try_get("total")?,
            None if offset == 0 => 0,
            // A page past the end has no row to carry the total.
            None => {
                let mut count = QueryBuilder::new("SELECT ");
                push_total(&mut count, self.engine, scope, &arms, query);
                count.build_query_scalar().fetch_one(&self.read).await?
            }
        };
        let events = rows.iter().map(event).collect::<Result<_, _>>()?;
        Ok((events, total as u64))
    }

    /// The account of a sandbox that no longer exists but has events.
    pub async fn deleted_sandbox_account(
        &self,
        sandbox_id: &str,
    ) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT user_id FROM events WHERE sandbox_id = $1
               AND NOT EXISTS (SELECT 1 FROM sandboxes WHERE sandbox_id = $2) LIMIT 1",
        )
        .bind(sandbox_id)
        .bind(sandbox_id)
        .fetch_optional(&self.read)
        .await?)
    }
}
