//! All SQL lives here. SQLite in WAL mode through sqlx, with runtime-checked
//! queries that PostgreSQL also accepts.
//!
//! Writes go through a pool of exactly one connection, so write transactions
//! run one after another: a create's checks (idempotency key, name taken)
//! and its inserts cannot interleave with another create's. The unique
//! indexes back that up. Reads use their own pool and, thanks to WAL, never
//! wait for a writer.

mod apps;
mod error;
mod event_counts;
mod events;
mod members;
mod sandboxes;
mod seed;
mod sources;
pub mod summary;
mod tokens;

use std::collections::HashMap;
use std::path::Path;
use std::str::FromStr;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{Row, Sqlite, Transaction};

pub use error::{Conflict, Entity, StoreError};
pub use events::{change, Audit, EventScope};
pub use sandboxes::{CreateOutcome, IdempotencyRequest, NewSandbox, SandboxRecord, Transition};
pub use seed::{SeedEvent, SeedSandbox, SeedSource, SeedToken, Seeder};

use crate::principal::Principal;

/// Connections for concurrent readers; SQLite readers scale with cores, not more.
const READ_CONNECTIONS: u32 = 8;

#[derive(Clone)]
pub struct Store {
    write: SqlitePool,
    read: SqlitePool,
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
    /// Opens (creating if missing) and migrates the database file.
    pub async fn open(path: &Path) -> Result<Store, StoreError> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // Safe with WAL: a power cut may lose the last commits, never corrupt.
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            // Reads straight from the mapped file instead of a read() per page.
            .pragma("mmap_size", "268435456")
            .pragma("cache_size", "-16384");
        let write = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone())
            .await?;
        sqlx::migrate!("./migrations")
            .run(&write)
            .await
            .map_err(sqlx::Error::from)?;
        let read = SqlitePoolOptions::new()
            .max_connections(READ_CONNECTIONS)
            .connect_with(options)
            .await?;
        Ok(Store {
            write,
            read,
            principals: Arc::default(),
        })
    }

    async fn begin(&self) -> Result<Transaction<'static, Sqlite>, sqlx::Error> {
        self.write.begin().await
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

/// Within a write transaction: the sandbox to change (what its event
/// names), refused unless it exists and is in a status `allowed` accepts.
async fn require_status(
    tx: &mut Transaction<'_, Sqlite>,
    sandbox_id: &str,
    allowed: fn(sandbox_api::SandboxStatus) -> bool,
) -> Result<events::Target, StoreError> {
    let row = sqlx::query("SELECT user_id, name, status FROM sandboxes WHERE sandbox_id = ?")
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

/// A `LIKE … ESCAPE '\'` pattern matching `text` anywhere, its own `%`
/// and `_` taken literally. LIKE is case-insensitive for ASCII in SQLite
/// (ILIKE in PostgreSQL).
fn like_pattern(text: &str) -> String {
    format!(
        "%{}%",
        text.replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    )
}
