//! Tallies of events by sandbox and by account, each by actor and action
//! (migration 0005): `X-Total-Count` of the events endpoints sums a few of
//! their rows instead of counting every match, when the filters are ones
//! a tally knows (sandbox, account, actor, action; not time or text).
//! Written in the transaction that inserts the events, so a tally is
//! exactly the events committed; events are never changed or deleted.

use std::collections::BTreeMap;

use sandbox_api::{EventAction, EventListQuery};
use sqlx::{Any, Transaction};

use super::events::Arm;
use super::query_builder::QueryBuilder;

/// What an event adds to the tallies.
pub(super) struct Counted<'a> {
    pub user_id: &'a str,
    pub sandbox_id: &'a str,
    /// `None` for the server's own events.
    pub actor_email: Option<&'a str>,
    pub action: EventAction,
}

/// Adds `events` (inserted in the same transaction) to both tallies, one
/// upsert per tally row they touch.
pub(super) async fn count_in<'a>(
    tx: &mut Transaction<'_, Any>,
    events: impl IntoIterator<Item = Counted<'a>>,
) -> Result<(), sqlx::Error> {
    let mut by_sandbox = BTreeMap::<(&str, &str, &str), (&str, i64)>::new();
    let mut by_account = BTreeMap::<(&str, &str, &str), i64>::new();
    for event in events {
        let actor = event.actor_email.unwrap_or("");
        let action = event.action.as_str();
        by_sandbox
            .entry((event.sandbox_id, actor, action))
            .or_insert((event.user_id, 0))
            .1 += 1;
        *by_account
            .entry((event.user_id, actor, action))
            .or_default() += 1;
    }
    let by_sandbox = by_sandbox
        .into_iter()
        .map(|((sandbox_id, actor, action), (user_id, n))| {
            (vec![sandbox_id, actor, action, user_id], n)
        });
    add_to(
        tx,
        "event_counts_by_sandbox",
        "sandbox_id, actor_email, action, user_id",
        "sandbox_id, actor_email, action",
        by_sandbox.collect(),
    )
    .await?;
    let by_account = by_account
        .into_iter()
        .map(|((user_id, actor, action), n)| (vec![user_id, actor, action], n));
    add_to(
        tx,
        "event_counts_by_account",
        "user_id, actor_email, action",
        "user_id, actor_email, action",
        by_account.collect(),
    )
    .await
}

/// Adds each row's `n` to `table`'s row of the same `key` (the first of
/// `columns`), or inserts it: one upsert per thousand rows.
async fn add_to(
    tx: &mut Transaction<'_, Any>,
    table: &str,
    columns: &str,
    key: &str,
    rows: Vec<(Vec<&str>, i64)>,
) -> Result<(), sqlx::Error> {
    // At most five bound values a row stays well under SQLite's 32,766 per statement.
    const ROWS_PER_UPSERT: usize = 1000;
    for chunk in rows.chunks(ROWS_PER_UPSERT) {
        let mut upsert = QueryBuilder::new(format!("INSERT INTO {table} ({columns}, n) "));
        upsert.push_values(chunk, |mut row, (values, n)| {
            for value in values {
                row.push_bind(*value);
            }
            row.push_bind(*n);
        });
        // `table.n + excluded.n`: PostgreSQL refuses a bare `n` there as ambiguous.
        upsert.push(format_args!(
            " ON CONFLICT ({key}) DO UPDATE SET n = {table}.n + excluded.n"
        ));
        upsert.build().execute(&mut **tx).await?;
    }
    Ok(())
}

/// Whether the tallies can count `query`'s matches: they know nothing of
/// when an event happened or of its text.
pub(super) fn can_count(query: &EventListQuery) -> bool {
    query.since.is_none() && query.until.is_none() && query.q.is_none()
}

/// ` + (SELECT …)`: how many events one arm sees, from the tallies, in
/// one sandbox (`sandbox`) or in all. Call only when [`can_count`].
pub(super) fn push_arm_count<'a>(
    sql: &mut QueryBuilder<'a>,
    sandbox: Option<&'a str>,
    arm: Option<Arm<'a>>,
    query: &'a EventListQuery,
) {
    sql.push(" + (SELECT CAST(COALESCE(SUM(c.n), 0) AS BIGINT)");
    match (arm, sandbox) {
        (Some(Arm::External { email, own_account }), _) => {
            // The caller's memberships first, as on the page.
            sql.push(
                " FROM members m CROSS JOIN sandboxes s CROSS JOIN event_counts_by_sandbox c
                  WHERE m.email = ",
            )
            .push_bind(email)
            .push(" AND s.sandbox_id = m.sandbox_id");
            if let Some(account_id) = own_account {
                sql.push(" AND s.user_id <> ").push_bind(account_id);
            }
            sql.push(" AND c.sandbox_id = s.sandbox_id");
            if let Some(sandbox_id) = sandbox {
                sql.push(" AND c.sandbox_id = ").push_bind(sandbox_id);
            }
        }
        (arm, Some(sandbox_id)) => {
            sql.push(" FROM event_counts_by_sandbox c WHERE c.sandbox_id = ")
                .push_bind(sandbox_id);
            if let Some(Arm::Account {
                account_id,
                deleted_too,
            }) = arm
            {
                sql.push(" AND c.user_id = ").push_bind(account_id);
                if !deleted_too {
                    sql.push(
                        " AND EXISTS (SELECT 1 FROM sandboxes s WHERE s.sandbox_id = c.sandbox_id)",
                    );
                }
            }
        }
        (Some(Arm::Account { account_id, .. }), None) => {
            sql.push(" FROM event_counts_by_account c WHERE c.user_id = ")
                .push_bind(account_id);
        }
        (None | Some(Arm::Everything), None) => {
            sql.push(" FROM event_counts_by_account c WHERE 1 = 1");
        }
    }
    push_filters(sql, "c", query);
    sql.push(")");
    if let (
        Some(Arm::Account {
            account_id,
            deleted_too: false,
        }),
        None,
    ) = (arm, sandbox)
    {
        push_deleted_sandboxes_count(sql, account_id, query);
    }
}

/// ` - (SELECT …)`: the events of the account's deleted sandboxes, which
/// its account tally includes and a viewer does not see. Every deletion
/// records `sandbox.deleted` or `sandbox.expired`, so the deleted
/// sandboxes are those with such a row and no sandbox left: as many as
/// the account ever deleted, not as many as it has events.
fn push_deleted_sandboxes_count<'a>(
    sql: &mut QueryBuilder<'a>,
    account_id: &'a str,
    query: &'a EventListQuery,
) {
    sql.push(
        " - (SELECT CAST(COALESCE(SUM(c.n), 0) AS BIGINT) FROM event_counts_by_sandbox c
           WHERE c.sandbox_id IN (
             SELECT d.sandbox_id FROM event_counts_by_sandbox d
              WHERE d.user_id = ",
    )
    .push_bind(account_id)
    .push(" AND d.action IN (")
    .push_bind(EventAction::SandboxDeleted.as_str())
    .push(", ")
    .push_bind(EventAction::SandboxExpired.as_str())
    .push(") AND NOT EXISTS (SELECT 1 FROM sandboxes s WHERE s.sandbox_id = d.sandbox_id))");
    push_filters(sql, "c", query);
    sql.push(")");
}

/// The filters a tally row knows (account, actor, action), on the row
/// named `row`: `c` of a tally, `e` of the events themselves.
pub(super) fn push_filters<'a>(sql: &mut QueryBuilder<'a>, row: &str, query: &'a EventListQuery) {
    if let Some(user_id) = &query.user_id {
        sql.push(format_args!(" AND {row}.user_id = "))
            .push_bind(user_id);
    }
    if let Some(actor) = &query.actor {
        sql.push(format_args!(" AND {row}.actor_email = "))
            .push_bind(actor);
    }
    if !query.actions.is_empty() {
        sql.push(format_args!(" AND {row}.action IN ("));
        let mut actions = sql.separated(", ");
        for action in &query.actions {
            actions.push_bind(action.as_str());
        }
        sql.push(")");
    }
}
