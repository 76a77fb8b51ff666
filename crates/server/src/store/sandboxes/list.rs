//! The list of sandboxes a caller can see, filtered, sorted and paged.

use sandbox_api::{SandboxListQuery, SandboxSort};
use sqlx::{QueryBuilder, Sqlite};

use super::{record, SandboxRecord, SELECT_SANDBOX};
use crate::principal::Visibility;
use crate::store::{like_pattern, Store, StoreError};

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
        let pattern = like_pattern(q);
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

impl Store {
    /// One page of the sandboxes the caller can see, and how many match in all.
    pub async fn list_sandboxes(
        &self,
        visibility: Visibility<'_>,
        query: &SandboxListQuery,
    ) -> Result<(Vec<SandboxRecord>, u64), StoreError> {
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
}
