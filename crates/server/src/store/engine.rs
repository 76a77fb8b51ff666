//! The two databases the store runs on, and the little SQL that differs
//! between them: everything else is shared text with `$1`-style
//! placeholders, which both read.
//!
//! SQLite (a file) is the embedded default: one process, writes through a
//! pool of one connection, so write transactions run one after another.
//! PostgreSQL (a `postgres://` URL) is for several sandboxd processes on one
//! database: writes run concurrently, so the guarantees rest on its unique
//! constraints and row locks (`FOR UPDATE` on the sandbox a write changes),
//! and background work is claimed with `FOR UPDATE SKIP LOCKED`.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{AnyPool, ConnectOptions, Executor};

/// Where the data lives: what `--db` (or `DATABASE_URL`) names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Database {
    /// A SQLite file, created if missing.
    Sqlite(PathBuf),
    /// A PostgreSQL database, as `postgres://user:password@host:port/name`.
    Postgres(String),
}

impl FromStr for Database {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, String> {
        if value.starts_with("postgres://") || value.starts_with("postgresql://") {
            return Ok(Database::Postgres(value.to_owned()));
        }
        if value.contains("://") {
            return Err(format!(
                "{:?} is neither a file path nor a postgres:// URL",
                redacted(value)
            ));
        }
        Ok(Database::Sqlite(value.into()))
    }
}

/// For logs and messages: a URL's password never shows.
impl fmt::Display for Database {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Database::Sqlite(path) => write!(f, "{}", path.display()),
            Database::Postgres(url) => f.write_str(&redacted(url)),
        }
    }
}

/// `url` with the password of its `user:password@` replaced by `***`.
fn redacted(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => match rest[..at].split_once(':') {
            Some((user, _password)) => format!("{scheme}://{user}:***{}", &rest[at..]),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

/// Which database the store runs on; the SQL fragments that differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    /// The case-insensitive LIKE (SQLite's LIKE already ignores ASCII case).
    pub(crate) fn like(self) -> &'static str {
        match self {
            Engine::Sqlite => "LIKE",
            Engine::Postgres => "ILIKE",
        }
    }

    /// Ends a SELECT whose rows a write transaction goes on to change: on
    /// PostgreSQL it locks them until the commit, so concurrent writes to
    /// one sandbox (the last-owner rule, the tier limits) take turns.
    /// SQLite's single writer already runs one write transaction at a time.
    pub(crate) fn for_update(self) -> &'static str {
        match self {
            Engine::Sqlite => "",
            Engine::Postgres => " FOR UPDATE",
        }
    }

    /// Ends a SELECT of background work: rows another process has claimed
    /// (and locked in its open transaction) are left to it.
    pub(crate) fn claim(self) -> &'static str {
        match self {
            Engine::Sqlite => "",
            Engine::Postgres => " FOR UPDATE SKIP LOCKED",
        }
    }

    /// The first statement of a write transaction: on PostgreSQL it holds
    /// the writes lock shared, so seeding (which holds it alone) waits for
    /// the writes under way and new ones wait for the seeding, in every
    /// process. SQLite's write transactions take turns anyway.
    pub(crate) fn begin_write(self) -> Option<String> {
        match self {
            Engine::Sqlite => None,
            Engine::Postgres => Some(format!(
                "SELECT pg_advisory_xact_lock_shared({WRITES_LOCK})"
            )),
        }
    }

    /// The first statement of a seeding transaction (the demo's first
    /// seed, its reset, the benchmark's rows): the writes lock alone, so
    /// processes starting `--demo` together seed one after another (the
    /// later ones find it seeded) and a reset never interleaves with a write.
    pub(crate) fn begin_seeding(self) -> Option<String> {
        match self {
            Engine::Sqlite => None,
            Engine::Postgres => Some(format!("SELECT pg_advisory_xact_lock({WRITES_LOCK})")),
        }
    }

    /// Makes the transaction check foreign keys at its commit, so a wipe
    /// can empty tables in any order (PostgreSQL's are DEFERRABLE for this).
    pub(crate) fn defer_foreign_keys(self) -> &'static str {
        match self {
            Engine::Sqlite => "PRAGMA defer_foreign_keys = ON",
            Engine::Postgres => "SET CONSTRAINTS ALL DEFERRED",
        }
    }

    /// The tables of the schema, the migrations' own bookkeeping aside.
    pub(crate) fn list_tables(self) -> &'static str {
        match self {
            Engine::Sqlite => {
                "SELECT name FROM sqlite_schema WHERE type = 'table'
                   AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> '_sqlx_migrations'"
            }
            Engine::Postgres => {
                "SELECT CAST(tablename AS TEXT) FROM pg_tables
                  WHERE schemaname = current_schema() AND tablename <> '_sqlx_migrations'"
            }
        }
    }

    /// Whether other processes may share the database, so the background
    /// worker must look for work they stored instead of waiting to be woken.
    pub fn shared(self) -> bool {
        self == Engine::Postgres
    }
}

/// The PostgreSQL advisory lock writes share and seeding holds alone (an
/// arbitrary number, the same in every process).
const WRITES_LOCK: i64 = 0x5eed;

/// Connections for concurrent SQLite readers; they scale with cores, not more.
const SQLITE_READ_CONNECTIONS: u32 = 8;
/// Connections per process to PostgreSQL, readers and writers alike: a few
/// processes stay well under its default `max_connections` (100).
const POSTGRES_CONNECTIONS: u32 = 16;
/// How long a PostgreSQL transaction may sit idle before the server ends
/// it: a process that hangs mid-job frees its claimed rows within this.
const IDLE_IN_TRANSACTION: &str = "30s";

/// Open pools on a migrated database.
pub(super) struct Pools {
    pub engine: Engine,
    pub write: AnyPool,
    pub read: AnyPool,
}

/// Connects (creating a SQLite file if missing) and applies the engine's migrations.
pub(super) async fn connect(database: &Database) -> Result<Pools, sqlx::Error> {
    sqlx::any::install_default_drivers();
    match database {
        Database::Sqlite(path) => {
            // Any's SQLite options come from a URL; an absolute path keeps a
            // relative one from reading as the URL's host.
            let path = std::path::absolute(path)?;
            let url = SqliteConnectOptions::new()
                .filename(&path)
                .create_if_missing(true)
                .to_url_lossy();
            let options = AnyConnectOptions::from_str(url.as_str())?;
            let write = sqlite_pool(1).connect_with(options.clone()).await?;
            sqlx::migrate!("./migrations")
                .run(&write)
                .await
                .map_err(sqlx::Error::from)?;
            let read = sqlite_pool(SQLITE_READ_CONNECTIONS)
                .connect_with(options)
                .await?;
            Ok(Pools {
                engine: Engine::Sqlite,
                write,
                read,
            })
        }
        Database::Postgres(url) => {
            let options = AnyConnectOptions::from_str(url)?;
            let pool = AnyPoolOptions::new()
                .max_connections(POSTGRES_CONNECTIONS)
                .after_connect(|connection, _| {
                    Box::pin(async move {
                        connection
                            .execute(
                                format!(
                                    "SET idle_in_transaction_session_timeout = '{IDLE_IN_TRANSACTION}'"
                                )
                                .as_str(),
                            )
                            .await?;
                        Ok(())
                    })
                })
                .connect_with(options)
                .await?;
            // sqlx holds an advisory lock while it migrates, so processes
            // starting together apply each migration once.
            sqlx::migrate!("./migrations/postgres")
                .run(&pool)
                .await
                .map_err(sqlx::Error::from)?;
            Ok(Pools {
                engine: Engine::Postgres,
                write: pool.clone(),
                read: pool,
            })
        }
    }
}

/// A SQLite pool whose connections get the settings of the file's use here.
fn sqlite_pool(connections: u32) -> AnyPoolOptions {
    AnyPoolOptions::new()
        .max_connections(connections)
        .after_connect(|connection, _| {
            Box::pin(async move {
                for pragma in [
                    "PRAGMA journal_mode = WAL",
                    // Safe with WAL: a power cut may lose the last commits, never corrupt.
                    "PRAGMA synchronous = NORMAL",
                    "PRAGMA foreign_keys = ON",
                    "PRAGMA busy_timeout = 10000",
                    // Reads straight from the mapped file instead of a read() per page.
                    "PRAGMA mmap_size = 268435456",
                    "PRAGMA cache_size = -16384",
                ] {
                    connection.execute(pragma).await?;
                }
                Ok(())
            })
        })
}

#[cfg(test)]
mod tests {
    use super::{redacted, Database};

    #[test]
    fn a_db_is_a_path_or_a_postgres_url() {
        assert_eq!(
            "data/sandboxes.db".parse::<Database>(),
            Ok(Database::Sqlite("data/sandboxes.db".into()))
        );
        assert_eq!(
            "postgres://u@h/db".parse::<Database>(),
            Ok(Database::Postgres("postgres://u@h/db".into()))
        );
        let refused = "mysql://root:hunter2@h/db".parse::<Database>().unwrap_err();
        assert!(refused.contains("postgres://"), "{refused}");
        assert!(!refused.contains("hunter2"), "{refused}");
    }

    #[test]
    fn a_url_shows_without_its_password() {
        assert_eq!(
            redacted("postgres://sandboxd:s3cret@db.internal:5432/sandboxes"),
            "postgres://sandboxd:***@db.internal:5432/sandboxes"
        );
        assert_eq!(redacted("postgres://u@h/d"), "postgres://u@h/d");
        assert_eq!(
            Database::Postgres("postgresql://a:b@h/d".into()).to_string(),
            "postgresql://a:***@h/d"
        );
    }
}
