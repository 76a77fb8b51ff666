//! Servers on PostgreSQL instead of SQLite, when [`DATABASE_URL_VAR`] names
//! a PostgreSQL server: every database path a test gives becomes a
//! database of its own there, made empty the first time, found again when a
//! test starts a second server on the same path. `psql` and `pg_dump` (on
//! PATH) do the talking, so this crate links no database client.

use std::path::Path;
use std::process::Command;

/// The environment variable naming the PostgreSQL server tests run on, as
/// `postgres://USER@HOST:PORT/DATABASE` (that database only serves to
/// connect; each sandboxd gets one of its own). Unset or empty: SQLite files.
pub const DATABASE_URL_VAR: &str = "SANDBOXD_TEST_DATABASE_URL";

/// The PostgreSQL server tests run on, if [`DATABASE_URL_VAR`] names one.
pub fn server_url() -> Option<String> {
    std::env::var(DATABASE_URL_VAR)
        .ok()
        .filter(|url| !url.is_empty())
}

/// The URL of the database standing for the path `db` on `server`, made if missing.
pub(crate) fn database_for(server: &str, db: &Path) -> String {
    let name = database_name(db);
    let exists = psql(
        server,
        &format!("SELECT 1 FROM pg_database WHERE datname = '{name}'"),
    );
    if exists.trim().is_empty() {
        psql(server, &format!("CREATE DATABASE {name}"));
    }
    with_database(server, &name)
}

/// Drops the database standing for `db` (its server, if any, has stopped).
/// Runs on drop, maybe while a test fails: a failure here is left to the
/// throwaway cluster, never a panic.
pub(crate) fn drop_database(server: &str, db: &Path) {
    let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", database_name(db));
    let _ = Command::new("psql")
        .args([server, "-X", "-q", "-c", &sql])
        .output();
}

/// Everything the database holds, as text (`pg_dump`).
pub(crate) fn dump(database_url: &str) -> Vec<u8> {
    let output = Command::new("pg_dump")
        .arg(database_url)
        .output()
        .unwrap_or_else(|error| panic!("running pg_dump: {error}"));
    assert!(
        output.status.success(),
        "pg_dump failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// A database name for a path: `sandboxd_` and a hash (FNV-1a) of it, so
/// it is a plain identifier and the same path always gives the same name.
fn database_name(db: &Path) -> String {
    let hash = db
        .as_os_str()
        .as_encoded_bytes()
        .iter()
        .fold(0xcbf2_9ce4_8422_2325_u64, |hash, &byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
        });
    format!("sandboxd_{hash:016x}")
}

/// `url` with its database (the path after the host) replaced by `name`.
fn with_database(url: &str, name: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("postgres", url));
    let (authority, tail) = rest.split_at(rest.find(['/', '?']).unwrap_or(rest.len()));
    let query = tail.find('?').map_or("", |at| &tail[at..]);
    format!("{scheme}://{authority}/{name}{query}")
}

/// Runs one SQL statement with psql on `server`; its output, unaligned.
fn psql(server: &str, sql: &str) -> String {
    let output = Command::new("psql")
        .args([
            server,
            "-X",
            "-q",
            "-A",
            "-t",
            "-v",
            "ON_ERROR_STOP=1",
            "-c",
            sql,
        ])
        .output()
        .unwrap_or_else(|error| panic!("running psql for {sql:?}: {error}"));
    assert!(
        output.status.success(),
        "psql {sql:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[cfg(test)]
mod tests {
    use super::{database_name, with_database};
    use std::path::Path;

    #[test]
    fn a_path_always_names_the_same_plain_database() {
        let name = database_name(Path::new("/tmp/.tmpAbC/db"));
        assert_eq!(name, database_name(Path::new("/tmp/.tmpAbC/db")));
        assert_ne!(name, database_name(Path::new("/tmp/.tmpAbD/db")));
        assert!(name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'));
    }

    #[test]
    fn the_database_of_a_url_is_replaced() {
        assert_eq!(
            with_database("postgres://postgres@127.0.0.1:5432/postgres", "t1"),
            "postgres://postgres@127.0.0.1:5432/t1"
        );
        assert_eq!(
            with_database("postgresql://u:p@h/x?sslmode=disable", "t2"),
            "postgresql://u:p@h/t2?sslmode=disable"
        );
        assert_eq!(with_database("postgres://h:1", "t3"), "postgres://h:1/t3");
    }
}
