//! Command line: `sandboxd [FLAGS]` serves, `sandboxd token create` mints a token.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use sandbox_api::PrincipalRole;

use crate::store::Database;

/// The reference server of the Sandbox API.
///
/// `sandboxd --demo` serves a believable demo organisation on
/// http://127.0.0.1:8080 with fixed tokens (printed at start-up). The first
/// line on stdout is always `sandboxd listening on http://IP:PORT`. Logs go to
/// stderr; set RUST_LOG (e.g. `RUST_LOG=sandboxd=debug`) for more.
#[derive(Debug, Parser)]
#[command(name = "sandboxd", version, about, long_about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub config: Config,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Manage API tokens in the database.
    #[command(subcommand)]
    Token(TokenCommand),
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a token, print it once; only its SHA-256 is stored.
    Create(TokenCreate),
}

#[derive(Debug, Clone, Args)]
pub struct TokenCreate {
    /// admin (everything in its account), support (read-only, every tenant)
    /// or viewer (read-only in its account).
    #[arg(long, value_parser = parse_role)]
    pub role: PrincipalRole,
    /// The tenant account (`acct_…`) of an admin or viewer; created, named
    /// after its id, if it does not exist yet. Required unless --role support.
    #[arg(long, required_if_eq_any = [("role", "admin"), ("role", "viewer")])]
    pub account: Option<String>,
    /// Make the token act in this one sandbox (`sbx_…`): it sees only that
    /// sandbox and cannot create sandboxes.
    #[arg(long)]
    pub sandbox: Option<String>,
    /// The principal's email, used for sandbox membership.
    #[arg(long, default_value = "admin@example.test")]
    pub email: String,
}

fn parse_role(value: &str) -> Result<PrincipalRole, String> {
    value.parse()
}

/// Server settings. `--db` also applies to `sandboxd token create`.
#[derive(Debug, Clone, Args)]
pub struct Config {
    /// Address to listen on; port 0 picks a free port (see the first stdout line).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// The database: a SQLite file (created if missing), or a PostgreSQL
    /// URL, postgres://USER:PASSWORD@HOST:PORT/DATABASE, for several
    /// sandboxd processes on one database (README: Running on PostgreSQL).
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sandboxes.db",
        global = true
    )]
    pub db: Database,
    /// Base URL the server is reached at from outside, used in webhook URLs
    /// (default: http://BIND-ADDRESS).
    #[arg(long)]
    pub public_url: Option<String>,
    /// Seed the demo organisation (once; re-running adds nothing) and enable
    /// the fixed demo tokens: demo-admin, demo-admin-2, demo-admin-3,
    /// demo-support, demo-viewer, demo-sandbox.
    #[arg(long)]
    pub demo: bool,
    /// With --demo: no colleague. Otherwise Grace (grace@acme.test) refreshes,
    /// re-members and pushes team_payments' sandboxes every 20–40 s, so the
    /// demo looks alive.
    #[arg(long, requires = "demo")]
    pub demo_quiet: bool,
    /// For tests: the colleague acts every N ms instead of every 20–40 s.
    #[arg(long, value_name = "N", hide = true, requires = "demo")]
    pub demo_colleague_ms: Option<u64>,
    /// For `cargo xtask bench` (needs --demo): add N generated sandboxes to
    /// the demo's first account, once; `bench_owner` gets
    /// --bench-owner-sandboxes of them (see src/bench_seed.rs).
    #[arg(long, value_name = "N", default_value_t = 0, requires = "demo")]
    pub bench_seed: usize,
    /// For `cargo xtask bench` (needs --bench-seed): N events over the first
    /// 10,000 generated sandboxes, by 50 actors (see src/bench_seed.rs).
    #[arg(long, value_name = "N", default_value_t = 0, requires = "bench_seed")]
    pub bench_events: usize,
    /// How many of the --bench-seed sandboxes belong to `bench_owner`.
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    pub bench_owner_sandboxes: usize,
    /// Serve the built console from this directory (index.html for every
    /// path outside /api/; precompressed .br/.gz files used when present).
    #[arg(long = "static", value_name = "DIR")]
    pub static_dir: Option<PathBuf>,
    /// Allow cross-origin calls from this origin (repeatable), e.g.
    /// http://127.0.0.1:8081.
    #[arg(long = "allow-origin", value_name = "ORIGIN")]
    pub allow_origins: Vec<String>,
    /// With --static: another API base the console may call (repeatable),
    /// e.g. https://api.example.test; added to the Content-Security-Policy's
    /// connect-src with the page's own origin and every --allow-origin.
    #[arg(long = "connect-src", value_name = "ORIGIN", value_parser = origin)]
    pub connect_src: Vec<String>,
    /// How long a new sandbox stays `provisioning`, in ms.
    #[arg(long, default_value_t = 1500)]
    pub provision_ms: u64,
    /// How long a seeded sandbox stays `seeding`, in ms.
    #[arg(long, default_value_t = 3000)]
    pub seed_ms: u64,
    /// How long a refresh (`refreshing`) takes, in ms.
    #[arg(long, default_value_t = 2500)]
    pub refresh_ms: u64,
    /// How often the expiry job deletes the unprotected sandboxes whose
    /// `expires_at` has come, in ms (and once at start-up, for those that
    /// expired while the server was down).
    #[arg(long, value_name = "MS", default_value_t = 30_000, value_parser = clap::value_parser!(u64).range(1..))]
    pub expiry_check_ms: u64,
    /// Chaos: this share (0.0–1.0) of operations (provision, seed, refresh)
    /// fails at a random step; the sandbox becomes `failed` with a reason.
    #[arg(long, value_name = "F", default_value_t = 0.0, value_parser = parse_share)]
    pub fail_operations: f64,
    /// Chaos: delay every /api/ request by this many ms.
    #[arg(long, default_value_t = 0)]
    pub latency_ms: u64,
    /// Chaos: answer this share (0.0–1.0) of /api/ requests with 503 before
    /// the handler runs, so a failed write changes nothing.
    #[arg(long, default_value_t = 0.0, value_parser = parse_share)]
    pub fail_rate: f64,
    /// Allow each caller at most N /api/ requests per second (per bearer
    /// token, or per client IP without one); more get 429 with Retry-After.
    /// 0 (the default) turns rate limiting off.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub rate_limit: u32,
}

fn parse_share(value: &str) -> Result<f64, String> {
    match value.parse::<f64>() {
        Ok(share) if (0.0..=1.0).contains(&share) => Ok(share),
        _ => Err(format!("{value:?} is not a number from 0.0 to 1.0")),
    }
}

/// `scheme://host[:port]` of http(s) or ws(s), as a CSP source: nothing
/// that could end the directive or add another (no spaces, `;`, `,`, quotes).
pub fn origin(value: &str) -> Result<String, String> {
    let origin = value.trim_end_matches('/');
    let host = ["http://", "https://", "ws://", "wss://"]
        .iter()
        .find_map(|scheme| origin.strip_prefix(scheme));
    match host {
        Some(host)
            if !host.is_empty()
                && host
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b".-:[]*".contains(&b)) =>
        {
            Ok(origin.to_owned())
        }
        _ => Err(format!(
            "{value:?} is not an origin like https://api.example.test or http://127.0.0.1:8080"
        )),
    }
}

impl Config {
    /// Where the console's scripts may connect besides its own origin: every
    /// --allow-origin that is an origin (not `*`), then every --connect-src.
    pub fn connect_origins(&self) -> Vec<String> {
        let allowed = self.allow_origins.iter().filter_map(|o| origin(o).ok());
        allowed.chain(self.connect_src.iter().cloned()).collect()
    }

    /// The defaults of the command line, with another database: what
    /// benchmarks and tools start from.
    pub fn with_db(db: Database) -> Self {
        let mut config = Cli::parse_from(["sandboxd"]).config;
        config.db = db;
        config
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn fail_rate_must_be_a_share() {
        assert!(Cli::try_parse_from(["sandboxd", "--fail-rate", "1.5"]).is_err());
        let cli = Cli::try_parse_from([
            "sandboxd",
            "--fail-rate",
            "0.25",
            "--allow-origin",
            "a",
            "--allow-origin",
            "b",
        ])
        .unwrap();
        assert_eq!(cli.config.fail_rate, 0.25);
        assert_eq!(cli.config.allow_origins, ["a", "b"]);
        assert_eq!(cli.config.rate_limit, 0, "rate limiting is off by default");
    }

    #[test]
    fn connect_origins_are_origins_only() {
        assert!(
            Cli::try_parse_from(["sandboxd", "--connect-src", "https://x.test; script-src *"])
                .is_err()
        );
        assert!(Cli::try_parse_from(["sandboxd", "--connect-src", "x.test"]).is_err());
        let cli = Cli::try_parse_from([
            "sandboxd",
            "--allow-origin",
            "*",
            "--allow-origin",
            "http://localhost:3000/",
            "--connect-src",
            "https://api.example.test",
        ])
        .unwrap();
        assert_eq!(
            cli.config.connect_origins(),
            ["http://localhost:3000", "https://api.example.test"]
        );
    }

    #[test]
    fn token_create_needs_an_account_unless_support() {
        assert!(Cli::try_parse_from(["sandboxd", "token", "create", "--role", "admin"]).is_err());
        assert!(Cli::try_parse_from(["sandboxd", "token", "create", "--role", "support"]).is_ok());
    }
}
