//! All SQL lives here: runtime-checked queries through sqlx's `Any` driver,
//! on SQLite (a file, WAL mode) or PostgreSQL (a URL); `engine.rs` connects,
//! migrates and holds the few fragments of SQL that differ between them.
//!
//! On SQLite, writes go through a pool of exactly one connection, so write
//! transactions run one after another; reads use their own pool and, thanks
//! to WAL, never wait for a writer. On PostgreSQL, several processes may
//! write at once: unique constraints decide concurrent duplicates (a name,
//! an idempotency key) and a write locks the sandbox row it changes first
//! ([`Store::require_status`]), so checks and changes of one sandbox never
//! interleave.

mod apps;
mod engine;
mod error;
mod event_counts;
mod events;
mod lease;
mod members;
mod query_builder;
mod sandboxes;
mod seed;
mod sources;
pub mod summary;
mod tokens;

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::{Arc, RwLock};

use sqlx::any::AnyRow;
use sqlx::{Any, AnyPool, Row, Transaction};

pub use engine::{Database, Engine};
pub use error::{Conflict, Entity, StoreError};
pub use events::{change, Audit, EventScope};
pub use lease::{Lease, Work};
pub use sandboxes::{
    CreateOutcome, Expired, IdempotencyRequest, NewSandbox, SandboxRecord, Transition,
};
pub use seed::{SeedEvent, SeedSandbox, SeedSource, SeedToken, Seeder};

use crate::principal::Principal;

#[derive(Clone)]
pub struct Store {
    engine: Engine,
    write: AnyPool,
    read: AnyPool,
    /// Principals by token hash. Tokens change only when the demo is
    /// reset, which empties the cache; a miss always asks the database (a
    /// token may have been created by `sandboxd token create` meanwhile).
    principals: Arc<RwLock<PrincipalCache>>,
}

#[derive(Default)]
struct PrincipalCache {
    by_token_sha256: HashMap<String, Principal>,
    /// Counts the times the cache was emptied: a principal read before
    /// then is not cached after it.
    generation: u64,
}

impl Store {
    /// Opens (creating a SQLite file if missing) and migrates the database.
    pub async fn open(database: &Database) -> Result<Store, StoreError> {
        let pools = engine::connect(database).await?;
        Ok(Store {
            engine: pools.engine,
            write: pools.write,
            read: pools.read,
            principals: Arc::default(),
        })
    }

    /// The database engine the store runs on.
    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// A write transaction (see [`Engine::begin_write`]).
    async fn begin(&self) -> Result<Transaction<'static, Any>, sqlx::Error> {
        let mut tx = self.write.begin().await?;
        if let Some(gate) = self.engine.begin_write() {
            sqlx::query(&gate).execute(&mut *tx).await?;
        }
        Ok(tx)
    }

    /// Within a write transaction: the sandbox to change (what its event
    /// names), refused unless it exists and is in a status `allowed`
    /// accepts; on PostgreSQL its row stays locked until the transaction
    /// ends, so what the write checks next (owners, member and source
    /// counts) cannot change under it.
    async fn require_status(
        &self,
        tx: &mut Transaction<'_, Any>,
        sandbox_id: &str,
        allowed: fn(sandbox_api::SandboxStatus) -> bool,
    ) -> Result<events::Target, StoreError> {
        let sql = format!(
            "SELECT user_id, name, status FROM sandboxes WHERE sandbox_id = $1{}",
            self.engine.for_update()
        );
        let row = sqlx::query(&sql)
            .bind(sandbox_id)
            .fetch_optional(&mut **tx)
            .await?
            .ok_or(StoreError::NotFound(Entity::Sandbox))?;
        let target = events::Target {
            sandbox_id: sandbox_id.to_owned(),
            user_id: row.try_get("user_id")?,
            name: row.try_get("name")?,
            status: decode("status", row.try_get("status")?)?,
        };
        if allowed(target.status) {
            Ok(target)
        } else {
            Err(Conflict::WrongStatus(target.status).into())
        }
    }
}

/// Decodes a stored enum value, failing like any other bad column.
fn decode<T: FromStr<Err = String>>(column: &str, value: &str) -> Result<T, sqlx::Error> {
    value
        .parse()
        .map_err(|msg: String| sqlx::Error::ColumnDecode {
            index: column.into(),
            source: msg.into(),
        })
}

/// Whether a text filter holds a NUL, which no stored text does (PostgreSQL's
/// text cannot hold one, nor take one as a bound value): such a filter
/// matches nothing, on either engine, without asking the database.
fn matches_no_text(filters: &[&Option<String>]) -> bool {
    filters
        .iter()
        .any(|filter| filter.as_deref().is_some_and(|text| text.contains('\0')))
}

/// Decodes a truth value: PostgreSQL's boolean, or SQLite's 0 or 1 (its
/// booleans are integers, which the `Any` driver will not read as `bool`).
fn flag(row: &AnyRow, column: &str) -> Result<bool, sqlx::Error> {
    match row.try_get::<bool, _>(column) {
        Err(sqlx::Error::ColumnDecode { .. }) => Ok(row.try_get::<i64, _>(column)? != 0),
        decoded => decoded,
    }
}

/// Decodes a stored JSON object (metadata, adapter config).
fn decode_object(column: &str, value: &str) -> Result<sandbox_api::JsonObject, sqlx::Error> {
    serde_json::from_str(value).map_err(|error| sqlx::Error::ColumnDecode {
        index: column.into(),
        source: error.into(),
    })
}

/// Whether an error is a unique-constraint violation (a concurrent duplicate).
fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(db) if db.is_unique_violation())
}

/// A `LIKE … ESCAPE '\'` pattern matching `text` anywhere, its own `%`
/// and `_` taken literally; [`Engine::like`] is the operator that ignores
/// ASCII case on both engines.
fn like_pattern(text: &str) -> String {
    format!(
        "%{}%",
        text.replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    )
}
