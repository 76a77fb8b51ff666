//! A claim on background work that one process at a time must do (the
//! demo's colleague), for as long as the claiming process lives. On
//! PostgreSQL it is a session advisory lock held by a connection taken out
//! of the pool: when the process dies, its connection closes and the lock
//! goes with it, so another process's next try takes the work over. On
//! SQLite, one process per file, the claim is always this process's.

use sqlx::AnyConnection;
use sqlx::Connection;

use super::{Engine, Store, StoreError};

/// Work that runs in one process of those sharing a database.
#[derive(Clone, Copy, Debug)]
pub enum Work {
    /// `demo/colleague.rs`.
    DemoColleague,
}

impl Work {
    /// Its advisory lock (an arbitrary number, the same in every process).
    fn lock(self) -> i64 {
        match self {
            Work::DemoColleague => 0xc011ea9e,
        }
    }
}

/// Held: this process does the work.
pub struct Lease {
    /// The connection holding the lock; none on SQLite.
    holder: Option<AnyConnection>,
}

impl Store {
    /// Claims `work` unless another process holds it.
    pub async fn try_lease(&self, work: Work) -> Result<Option<Lease>, StoreError> {
        if self.engine == Engine::Sqlite {
            return Ok(Some(Lease { holder: None }));
        }
        let mut holder = self.write.acquire().await?.detach();
        let held: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1)")
            .bind(work.lock())
            .fetch_one(&mut holder)
            .await?;
        Ok(held.then_some(Lease {
            holder: Some(holder),
        }))
    }
}

impl Lease {
    /// Whether the claim still holds: its connection still answers (a
    /// database restart ends the session, and the lock with it).
    pub async fn holds(&mut self) -> bool {
        match &mut self.holder {
            None => true,
            Some(holder) => holder.ping().await.is_ok(),
        }
    }
}
