//! The list of sandboxes a caller can see, filtered, sorted and paged.

use sandbox_api::{SandboxListQuery, SandboxSort};

use super::{record, SandboxRecord, SELECT_SANDBOX};
use crate::principal::Visibility;
use crate::store::query_builder::QueryBuilder;
use crate::store::{like_pattern, matches_no_text, Engine, Store, StoreError};

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

/// `FROM … WHERE …` of one arm (`s` is the sandbox): who sees what, then
/// the query's filters; `joins` go between the two.
fn push_from_where<'a>(
    sql: &mut QueryBuilder<'a>,
    engine: Engine,
    arm: Arm<'a>,
    joins: impl FnOnce(&mut QueryBuilder<'a>),
    visibility: Visibility<'a>,
    query: &'a SandboxListQuery,
) {
    match arm {
        Arm::Everything => {
            sql.push(" FROM sandboxes s");
            joins(sql);
            sql.push(" WHERE 1 = 1");
        }
        Arm::Account(account_id) => {
            sql.push(" FROM sandboxes s");
            joins(sql);
            sql.push(" WHERE s.user_id = ").push_bind(account_id);
        }
        Arm::External { email, own_account } => {
            // Driven by the caller's memberships (CROSS JOIN keeps SQLite
            // from reordering it), so this arm costs the few sandboxes the
            // caller is a member of. As `s.sandbox_id IN (SELECT …)` SQLite
            // walked every sandbox of the owner (sandboxes_owner_created),
            // looking each row up to find none: the cost that grew with
            // the owner's own sandboxes (docs/server-benchmark.md). The
            // join's condition is in WHERE: PostgreSQL takes no ON after
            // CROSS JOIN.
            sql.push(" FROM members e CROSS JOIN sandboxes s");
            joins(sql);
            sql.push(" WHERE e.email = ")
                .push_bind(email)
                .push(" AND s.sandbox_id = e.sandbox_id");
            if let Some(account_id) = own_account {
                sql.push(" AND s.user_id <> ").push_bind(account_id);
            }
        }
    }
    push_filters(sql, engine, visibility, query);
}

/// ` AND …` of the query's filters (and a sandbox-scoped token's sandbox) on `s`.
fn push_filters<'a>(
    sql: &mut QueryBuilder<'a>,
    engine: Engine,
    visibility: Visibility<'a>,
    query: &'a SandboxListQuery,
) {
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
        let like = engine.like();
        sql.push(format_args!(" AND (s.name {like} "))
            .push_bind(pattern.clone())
            .push(format_args!(" ESCAPE '\\' OR s.owner_id {like} "))
            .push_bind(pattern)
            .push(" ESCAPE '\\')");
    }
    if let Some(expires_before) = &query.expires_before {
        sql.push(" AND s.expires_at < ").push_bind(expires_before);
    }
    if let Some(protected) = query.protected {
        sql.push(" AND s.protected = ").push_bind(protected);
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
        // Never-expiring last both ways (the indexes of migration 0006).
        SandboxSort::ExpiresAt => " ORDER BY never_expires ASC, expires_at ASC, seq ASC",
        SandboxSort::ExpiresAtDesc => " ORDER BY never_expires ASC, expires_at DESC, seq DESC",
    }
}

/// `SELECT` of how many sandboxes match, the sum over the arms. An
/// account's or everyone's sandboxes filtered by owner, account, status or
/// tier are summed from `sandbox_counts` (migration 0004: a few rows per
/// owner, however many sandboxes it has); a search (`q`, a substring), the
/// lifecycle filters (`expires_before`, `protected`) and the external arm
/// (the caller's few memberships) count the rows.
fn push_count<'a>(
    sql: &mut QueryBuilder<'a>,
    engine: Engine,
    arms: &[Arm<'a>],
    visibility: Visibility<'a>,
    query: &'a SandboxListQuery,
) {
    sql.push("SELECT 0");
    for &arm in arms {
        let counted = query.q.is_none()
            && query.expires_before.is_none()
            && query.protected.is_none()
            && visibility.only_sandbox.is_none();
        match arm {
            Arm::Everything if counted => {
                sql.push(" + (SELECT CAST(COALESCE(SUM(s.n), 0) AS BIGINT) FROM sandbox_counts s WHERE 1 = 1");
                push_filters(sql, engine, visibility, query);
            }
            Arm::Account(account_id) if counted => {
                sql.push(
                    " + (SELECT CAST(COALESCE(SUM(s.n), 0) AS BIGINT) FROM sandbox_counts s WHERE s.user_id = ",
                )
                .push_bind(account_id);
                push_filters(sql, engine, visibility, query);
            }
            _ => {
                sql.push(" + (SELECT COUNT(*)");
                push_from_where(sql, engine, arm, |_| {}, visibility, query);
            }
        }
        sql.push(")");
    }
}

/// `SELECT` of one page: the arms' rows merged in the sort's order.
fn push_page<'a>(
    sql: &mut QueryBuilder<'a>,
    engine: Engine,
    arms: &[Arm<'a>],
    visibility: Visibility<'a>,
    query: &'a SandboxListQuery,
) {
    for (n, &arm) in arms.iter().enumerate() {
        if n > 0 {
            sql.push(" UNION ALL ");
        }
        sql.push(SELECT_SANDBOX);
        let joins = |sql: &mut QueryBuilder<'a>| {
            sql.push(
                " JOIN accounts a ON a.account_id = s.user_id
                  LEFT JOIN members m ON m.sandbox_id = s.sandbox_id AND m.email = ",
            )
            .push_bind(visibility.email);
        };
        push_from_where(sql, engine, arm, joins, visibility, query);
    }
    sql.push(order_by(query.sort))
        .push(" LIMIT ")
        .push_bind(i64::from(query.limit))
        .push(" OFFSET ")
        .push_bind(i64::try_from(query.offset).unwrap_or(i64::MAX));
}

impl Store {
    /// One page of the sandboxes the caller can see, and how many match in all.
    pub async fn list_sandboxes(
        &self,
        visibility: Visibility<'_>,
        query: &SandboxListQuery,
    ) -> Result<(Vec<SandboxRecord>, u64), StoreError> {
        if matches_no_text(&[&query.owner_id, &query.user_id, &query.q]) {
            return Ok((Vec::new(), 0));
        }
        let arms = arms(visibility);
        let mut count = QueryBuilder::new("");
        push_count(&mut count, self.engine, &arms, visibility, query);
        let total: i64 = count.build_query_scalar().fetch_one(&self.read).await?;

        let mut page = QueryBuilder::new("");
        push_page(&mut page, self.engine, &arms, visibility, query);
        let rows = page.build().fetch_all(&self.read).await?;
        let records = rows.iter().map(record).collect::<Result<_, _>>()?;
        Ok((records, total as u64))
    }
}

#[cfg(test)]
mod tests {
    use sandbox_api::{MeAccount, PrincipalRole, SandboxListQuery, SandboxSort};
    use sqlx::Row;

    use super::{arms, push_count, push_page};
    use crate::principal::Principal;
    use crate::store::query_builder::QueryBuilder;
    use crate::store::{Database, Store};

    fn principal(role: PrincipalRole) -> Principal {
        Principal {
            principal_id: "prn_test".into(),
            email: "ada@acme.test".into(),
            role,
            account: (role != PrincipalRole::Support).then(|| MeAccount {
                id: "acct_acme".into(),
                name: "Acme".into(),
            }),
            acting_in_sandbox: None,
        }
    }

    /// `EXPLAIN QUERY PLAN` of what `push` builds: one line per step.
    async fn plan<'a>(store: &Store, push: impl FnOnce(&mut QueryBuilder<'a>)) -> String {
        let mut sql = QueryBuilder::new("EXPLAIN QUERY PLAN ");
        push(&mut sql);
        let rows = sql.build().fetch_all(&store.read).await.unwrap();
        rows.iter()
            .map(|row| row.get::<String, _>("detail"))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// A first page reads its rows in index order and counts in an index
    /// alone, however many sandboxes match: no step walks the owner's
    /// sandboxes row by row, and no sort of every match.
    #[tokio::test]
    async fn an_owners_page_and_count_stay_in_their_indexes() {
        let dir = tempfile::TempDir::new().unwrap();
        let store = Store::open(&Database::Sqlite(dir.path().join("plan.db")))
            .await
            .unwrap();
        let admin = principal(PrincipalRole::Admin);
        let visibility = admin.visibility();
        let query = SandboxListQuery {
            owner_id: Some("cust_4711".into()),
            ..SandboxListQuery::default()
        };
        let arms = arms(visibility);

        let page = plan(&store, |sql| {
            push_page(sql, store.engine, &arms, visibility, &query)
        })
        .await;
        assert!(
            page.contains(
                "SEARCH s USING INDEX sandboxes_account_owner_created (user_id=? AND owner_id=?)"
            ),
            "{page}"
        );
        // The external arm starts from the caller's memberships.
        assert!(
            page.contains("SEARCH e USING INDEX members_email (email=?)"),
            "{page}"
        );
        assert!(!page.contains("sandboxes_owner_created"), "{page}");

        // The count sums the owner's rows of sandbox_counts.
        let count = plan(&store, |sql| {
            push_count(sql, store.engine, &arms, visibility, &query)
        })
        .await;
        assert!(
            count.contains("SEARCH s USING PRIMARY KEY (user_id=? AND owner_id=?)"),
            "{count}"
        );
        assert!(!count.contains("sandboxes_owner_created"), "{count}");
    }

    /// An admin's expiry sorts read its account's rows from an expiry index
    /// (never-expiring last), with and without an owner.
    #[tokio::test]
    async fn expiry_sorts_read_an_accounts_expiry_index() {
        let dir = tempfile::TempDir::new().unwrap();
        let store = Store::open(&Database::Sqlite(dir.path().join("plan.db")))
            .await
            .unwrap();
        let admin = principal(PrincipalRole::Admin);
        let visibility = admin.visibility();
        let arms = arms(visibility);
        for (owner_id, sort, index) in [
            (None, SandboxSort::ExpiresAt, "sandboxes_account_expires"),
            (
                None,
                SandboxSort::ExpiresAtDesc,
                "sandboxes_account_expires_desc",
            ),
            (
                Some("cust_4711"),
                SandboxSort::ExpiresAt,
                "sandboxes_account_owner_expires",
            ),
            (
                Some("cust_4711"),
                SandboxSort::ExpiresAtDesc,
                "sandboxes_account_owner_expires_desc",
            ),
        ] {
            let query = SandboxListQuery {
                owner_id: owner_id.map(str::to_owned),
                sort,
                ..SandboxListQuery::default()
            };
            let page = plan(&store, |sql| {
                push_page(sql, store.engine, &arms, visibility, &query)
            })
            .await;
            assert!(
                page.contains(&format!("SEARCH s USING INDEX {index} (")),
                "{owner_id:?} {sort:?}:\n{page}"
            );
        }
    }

    /// `sandbox_counts` follows inserts, status changes, owner changes and deletes.
    #[tokio::test]
    async fn the_counts_follow_every_change() {
        let dir = tempfile::TempDir::new().unwrap();
        let store = Store::open(&Database::Sqlite(dir.path().join("counts.db")))
            .await
            .unwrap();
        let mut seeder = store.seeder().await.unwrap();
        seeder
            .account("acct_demo_acme", "Acme", "2026-01-01T00:00:00Z")
            .await
            .unwrap();
        seeder.commit().await.unwrap();
        crate::bench_seed::seed_owner_sizes(&store, 120, &[10, 30])
            .await
            .unwrap();
        for change in [
            "UPDATE sandboxes SET status = 'refreshing' WHERE seq % 7 = 0",
            "UPDATE sandboxes SET owner_id = 'moved', tier = 'pro' WHERE seq % 11 = 0",
            "DELETE FROM sandboxes WHERE seq % 5 = 0",
        ] {
            sqlx::query(change).execute(&store.write).await.unwrap();
        }
        let by_key = |sql| {
            let store = store.clone();
            async move {
                let rows = sqlx::query(sql).fetch_all(&store.read).await.unwrap();
                rows.iter()
                    .map(|row| (row.get::<String, _>(0), row.get::<i64, _>(1)))
                    .filter(|(_, n)| *n > 0)
                    .collect::<Vec<_>>()
            }
        };
        let kept = by_key(
            "SELECT user_id || owner_id || status || tier, SUM(n) FROM sandbox_counts GROUP BY 1 ORDER BY 1",
        )
        .await;
        let counted = by_key(
            "SELECT user_id || owner_id || status || tier, COUNT(*) FROM sandboxes GROUP BY 1 ORDER BY 1",
        )
        .await;
        assert_eq!(kept, counted);
        assert!(
            kept.iter().any(|(key, _)| key.contains("moved")),
            "{kept:?}"
        );
    }

    /// Every sort, for one owner and for everything, is an index's order
    /// (support's list has the one arm, so any sort would show).
    #[tokio::test]
    async fn every_sort_is_read_in_index_order() {
        let dir = tempfile::TempDir::new().unwrap();
        let store = Store::open(&Database::Sqlite(dir.path().join("plan.db")))
            .await
            .unwrap();
        let support = principal(PrincipalRole::Support);
        let visibility = support.visibility();
        let arms = arms(visibility);
        for owner_id in [None, Some("cust_4711".to_owned())] {
            for sort in SandboxSort::ALL {
                let query = SandboxListQuery {
                    owner_id: owner_id.clone(),
                    sort: *sort,
                    ..SandboxListQuery::default()
                };
                let page = plan(&store, |sql| {
                    push_page(sql, store.engine, &arms, visibility, &query)
                })
                .await;
                assert!(
                    !page.contains("TEMP B-TREE"),
                    "{owner_id:?} {sort:?}:\n{page}"
                );
            }
        }
    }
}
