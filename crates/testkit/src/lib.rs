//! Starts the real `sandboxd` binary for a test: on a free port of
//! 127.0.0.1, with its database in a temporary directory or at a given path,
//! its stdout and stderr captured, and killed on drop. With
//! [`DATABASE_URL_VAR`] set to a PostgreSQL server, each database path
//! stands for a database of its own there instead (`postgres.rs`).
//!
//! sandboxd's integration tests (`crates/server/tests/api`) and the browser
//! end-to-end harness (`crates/e2e`) both start it through [`Sandboxd`].
//! This crate takes the binary's path instead of linking sandboxd, so that
//! sandboxd can have it as a dev-dependency.
//!
//! ```no_run
//! use sandbox_testkit::Sandboxd;
//!
//! let server = Sandboxd::start("target/debug/sandboxd".as_ref(), &["--demo"], &[]);
//! println!("{}", server.base_url());
//! ```

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use tempfile::TempDir;

mod postgres;

pub use postgres::{server_url as postgres_server_url, DATABASE_URL_VAR};

/// How sandboxd's first stdout line starts; the address follows, with the
/// port that `--bind 127.0.0.1:0` was given.
pub const LISTENING: &str = "sandboxd listening on ";

/// How long sandboxd may take to print its listening line. Far more than it
/// needs (milliseconds), for a machine busy with parallel tests and builds.
pub const STARTUP: Duration = Duration::from_secs(20);

/// The database's file name in the temporary directory [`Sandboxd::start`] makes.
const DB_FILE: &str = "sandboxes.db";

/// A running sandboxd; dropping it kills the process (and removes a
/// temporary database directory).
pub struct Sandboxd {
    child: Child,
    base_url: String,
    db: PathBuf,
    /// What `--db` said: `db`, or the URL of the PostgreSQL database standing for it.
    db_arg: String,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
    /// The database's directory when [`Sandboxd::start`] made it.
    data_dir: Option<TempDir>,
}

impl Sandboxd {
    /// Starts `binary` with `args` and `env` and a fresh database in a
    /// temporary directory, which lives as long as the server (see
    /// [`Sandboxd::kill`] to keep it).
    pub fn start(binary: &Path, args: &[&str], env: &[(&str, &str)]) -> Sandboxd {
        let data_dir = TempDir::new().expect("creating a directory for sandboxd's database");
        let mut server = Sandboxd::start_with_db(binary, &data_dir.path().join(DB_FILE), args, env);
        server.data_dir = Some(data_dir);
        server
    }

    /// Starts `binary` with `args` and `env` and its database at `db`
    /// (created if missing, kept afterwards: a second server on the same
    /// `db` sees what the first stored; on PostgreSQL, the same database).
    /// Fails the test with sandboxd's output if it does not print its
    /// listening line within [`STARTUP`].
    pub fn start_with_db(
        binary: &Path,
        db: &Path,
        args: &[&str],
        env: &[(&str, &str)],
    ) -> Sandboxd {
        let db_arg = database_arg(db);
        let mut child = Command::new(binary)
            .args(["--bind", "127.0.0.1:0", "--db", &db_arg])
            .args(args)
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|error| panic!("starting {}: {error}", binary.display()));
        let stdout = Arc::new(Mutex::new(String::new()));
        let stderr = Arc::new(Mutex::new(String::new()));
        let (first_line_sender, first_line) = mpsc::channel();
        let readers = [
            collect_lines(
                child.stdout.take().expect("piped stdout"),
                Arc::clone(&stdout),
                Some(first_line_sender),
            ),
            collect_lines(
                child.stderr.take().expect("piped stderr"),
                Arc::clone(&stderr),
                None,
            ),
        ];
        let mut server = Sandboxd {
            child,
            base_url: String::new(),
            db: db.to_path_buf(),
            db_arg,
            stdout,
            stderr,
            data_dir: None,
        };

        let failure = match first_line.recv_timeout(STARTUP) {
            Ok(line) => match line.strip_prefix(LISTENING) {
                Some(address) => {
                    server.base_url = address.trim().trim_end_matches('/').to_owned();
                    return server;
                }
                None => format!("printed {line:?} first, not `{LISTENING}http://…`"),
            },
            Err(mpsc::RecvTimeoutError::Timeout) => {
                format!("printed no `{LISTENING}…` line within {STARTUP:?}")
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => match server.child.wait() {
                Ok(status) => format!("exited ({status}) without a `{LISTENING}…` line"),
                Err(error) => format!("closed its stdout without a `{LISTENING}…` line ({error})"),
            },
        };
        server.stop();
        // The process is gone, so its pipes close and the readers end with
        // all there was to read, unless a child of its own still holds them:
        // then a moment's grace, not a hang.
        let grace = Instant::now() + Duration::from_secs(1);
        while !readers.iter().all(JoinHandle::is_finished) && Instant::now() < grace {
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!(
            "sandboxd {failure}.\ncommand: {} --bind 127.0.0.1:0 --db {} {}\n{}",
            binary.display(),
            server.db_arg,
            args.join(" "),
            server.output()
        );
    }

    /// Where the server is: `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The database file (on PostgreSQL, the path its database stands for).
    pub fn db(&self) -> &Path {
        &self.db
    }

    /// What the server was given as `--db`: the file, or a PostgreSQL URL.
    pub fn db_arg(&self) -> &str {
        &self.db_arg
    }

    /// Everything the database holds, as bytes to search (say, for a
    /// secret that must not be stored): the SQLite file and its WAL, or a
    /// `pg_dump` of the PostgreSQL database.
    pub fn stored_data(&self) -> Vec<u8> {
        stored_data(&self.db)
    }

    /// Everything the server wrote to stdout so far (the listening line
    /// first; then, with `--demo`, the demo tokens).
    pub fn stdout(&self) -> String {
        self.stdout.lock().expect("stdout lock").clone()
    }

    /// Everything the server wrote to stderr so far: its logs.
    pub fn stderr(&self) -> String {
        self.stderr.lock().expect("stderr lock").clone()
    }

    /// Both, labelled, for a failure message or a check that covers all output.
    pub fn output(&self) -> String {
        format!(
            "sandboxd's stdout:\n{}\nsandboxd's stderr:\n{}",
            self.stdout(),
            self.stderr()
        )
    }

    /// Waits up to `patience` for `needle` to appear on stdout; fails the
    /// test with the output otherwise.
    pub fn wait_for_stdout(&self, needle: &str, patience: Duration) {
        self.wait_for(
            &self.stdout,
            |stdout| stdout.contains(needle),
            patience,
            needle,
        );
    }

    /// Waits up to `patience` until stderr (the logs) satisfies `found`;
    /// fails the test with the output, saying it waited for `what`. A
    /// request's log line is written as its answer goes out, so a test that
    /// has its answer may still be a moment ahead of the line.
    pub fn wait_for_stderr(&self, found: impl Fn(&str) -> bool, patience: Duration, what: &str) {
        self.wait_for(&self.stderr, found, patience, what);
    }

    fn wait_for(
        &self,
        stream: &Mutex<String>,
        found: impl Fn(&str) -> bool,
        patience: Duration,
        what: &str,
    ) {
        let deadline = Instant::now() + patience;
        while !found(&stream.lock().expect("output lock")) {
            assert!(
                Instant::now() < deadline,
                "sandboxd did not print {what:?} within {patience:?}.\n{}",
                self.output()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Kills the process at once (like a crash), keeping the database:
    /// returns its temporary directory, if [`Sandboxd::start`] made one.
    pub fn kill(mut self) -> Option<TempDir> {
        self.stop();
        self.data_dir.take()
    }

    fn stop(&mut self) {
        // An error means the process has already gone, which is the aim.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What `--db` names for the database path `db`: the file itself, or (with
/// [`DATABASE_URL_VAR`] set) the URL of the PostgreSQL database standing
/// for it, made if missing. For running `sandboxd token create` and the
/// like on the database a test's server uses.
pub fn database_arg(db: &Path) -> String {
    match postgres::server_url() {
        Some(server) => postgres::database_for(&server, db),
        None => db.display().to_string(),
    }
}

/// Everything the database of the path `db` holds, as bytes to search:
/// the SQLite file and its WAL, or a `pg_dump` of the PostgreSQL database.
pub fn stored_data(db: &Path) -> Vec<u8> {
    if postgres::server_url().is_some() {
        return postgres::dump(&database_arg(db));
    }
    let mut bytes = Vec::new();
    for suffix in ["", "-wal"] {
        let mut file = db.as_os_str().to_owned();
        file.push(suffix);
        bytes.extend(std::fs::read(file).unwrap_or_default());
    }
    bytes
}

impl Drop for Sandboxd {
    fn drop(&mut self) {
        self.stop();
        // A database of [`Sandboxd::start`]'s goes with the server, as its
        // temporary directory does (unless [`Sandboxd::kill`] kept it).
        if let (Some(_), Some(server)) = (&self.data_dir, postgres::server_url()) {
            postgres::drop_database(&server, &self.db);
        }
    }
}

/// Reads a child's output on a thread of its own until it closes, so the
/// pipe never fills, appending each line to `into`; the first line also goes
/// to `first_line` when given.
fn collect_lines(
    output: impl Read + Send + 'static,
    into: Arc<Mutex<String>>,
    mut first_line: Option<mpsc::Sender<String>>,
) -> JoinHandle<()> {
    std::thread::spawn(move || {
        for line in BufReader::new(output).split(b'\n') {
            let Ok(line) = line else { break };
            let line = String::from_utf8_lossy(&line).into_owned();
            let mut into = into.lock().expect("output lock");
            into.push_str(&line);
            into.push('\n');
            drop(into);
            if let Some(sender) = first_line.take() {
                let _ = sender.send(line);
            }
        }
    })
}

/// Log text without its ANSI colour sequences (`ESC [ … m`): sandboxd's
/// log colours its field names, which tests look for as plain text.
pub fn without_colours(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            chars.by_ref().find(|&c| c == 'm');
        } else {
            plain.push(c);
        }
    }
    plain
}
