//! `sandboxd`, the reference server of the Sandbox API
//! (`shared/contract/sandbox-api.md`): axum on tokio, SQLite through sqlx.
//!
//! [`serve`] is what the binary runs; [`start`] binds and runs the server in
//! the background and hands back its address, for benchmarks and tools.

pub mod app;
pub mod bench_seed;
pub mod config;
pub mod console;
pub mod demo;
pub mod error;
pub mod extract;
pub mod ids;
pub mod jobs;
pub mod listener;
pub mod openapi;
pub mod operation;
pub mod principal;
pub mod rate_limit;
pub mod request_id;
pub mod routes;
pub mod state;
pub mod store;

use std::io::Write;
use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::listener::{ClientAddr, JsonErrorListener};

pub use app::router;
pub use state::AppState;

/// mimalloc for every process that runs the server (the binary, its tests
/// and the list benchmark alike): glibc's malloc and free were about a
/// sixth of the CPU of a list request under `perf` (docs/server-benchmark.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
pub use config::{Cli, Command, Config, TokenCommand, TokenCreate};
pub use store::Store;

/// A server running in the background.
pub struct RunningServer {
    /// The address it is bound to (the real port when asked for port 0).
    pub addr: SocketAddr,
    /// Completes only if the server stops (it runs until the process ends).
    pub handle: JoinHandle<std::io::Result<()>>,
}

impl RunningServer {
    /// `http://IP:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

/// Opens the database, seeds the demo data if asked, starts the status
/// worker and the HTTP server, and returns once the socket is bound.
pub async fn start(config: Config) -> Result<RunningServer, BoxError> {
    let store = Store::open(&config.db).await?;
    let listener = TcpListener::bind(config.bind).await?;
    let addr = listener.local_addr()?;
    let public_url = config
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{addr}"));
    let schedule = operation::Schedule::from(&config);
    if config.demo {
        demo::seed(&store, public_url.trim_end_matches('/'), schedule).await?;
    }
    if config.bench_seed > 0 {
        bench_seed::seed(
            &store,
            config.bench_seed,
            config.bench_owner_sandboxes,
            config.bench_events,
        )
        .await?;
    }
    jobs::expire(&store).await?;
    jobs::spawn_expiry(
        store.clone(),
        std::time::Duration::from_millis(config.expiry_check_ms),
    );
    let jobs = jobs::spawn(store.clone(), schedule);
    if config.demo && !config.demo_quiet {
        let pace = config.demo_colleague_ms.map_or(demo::Pace::Human, |ms| {
            demo::Pace::Every(std::time::Duration::from_millis(ms))
        });
        demo::spawn_colleague(store.clone(), jobs.clone(), pace);
    }
    let state = AppState {
        store,
        jobs,
        public_url: Arc::from(public_url.trim_end_matches('/')),
        demo: config.demo,
    };
    let app = router(state, &config);
    // Connection info gives `--rate-limit` the client IP of calls without a token.
    let service = app.into_make_service_with_connect_info::<ClientAddr>();
    let listener = JsonErrorListener(listener);
    let handle = tokio::spawn(async move { axum::serve(listener, service).await });
    Ok(RunningServer { addr, handle })
}

/// Runs the server until it stops: prints `sandboxd listening on http://IP:PORT`
/// as the very first line of stdout (tools parse it), then the demo tokens.
pub async fn serve(config: Config) -> Result<(), BoxError> {
    let demo = config.demo;
    let server = start(config).await?;
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "sandboxd listening on {}", server.base_url())?;
    if demo {
        write!(stdout, "{}", demo::TOKENS_HELP)?;
    }
    stdout.flush()?;
    drop(stdout);
    server.handle.await??;
    Ok(())
}

/// `sandboxd token create`: stores a new token (hashed) and returns it.
pub async fn create_token(config: &Config, request: &TokenCreate) -> Result<String, BoxError> {
    let store = Store::open(&config.db).await?;
    Ok(store.create_token(request).await?)
}

/// Errors of start-up paths, where the only thing to do is to report them.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;
