//! The processes behind a world: sandboxd (through the shared launcher) and chromedriver.

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Instant;

use sandbox_testkit::Sandboxd;

use crate::{POLL, STARTUP};

/// The repository root, for the default locations of the builds.
fn workspace_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("crates/e2e lies two levels down")
}

fn path_from_env(variable: &str, default: impl FnOnce() -> PathBuf) -> PathBuf {
    std::env::var_os(variable).map_or_else(default, PathBuf::from)
}

/// Whether sandboxd runs the demo.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Demo {
    /// `--demo --demo-quiet`: the demo data and tokens, without the
    /// colleague, whose changes no test could predict.
    Quiet,
    /// No demo: an empty database, no demo endpoints.
    Off,
}

/// sandboxd serving the built console, with short state transitions
/// (provisioning 300 ms, seeding 600 ms, refresh 500 ms, unless
/// `extra_args` gives its own) and `extra_args`, on a free port with a
/// fresh database.
pub(crate) fn start_server(demo: Demo, extra_args: &[&str]) -> Sandboxd {
    let binary = path_from_env("SANDBOXD_BIN", || {
        workspace_root().join("target/debug/sandboxd")
    });
    assert!(
        binary.exists(),
        "no sandboxd at {}: build it first: run `cargo xtask test` (or set SANDBOXD_BIN)",
        binary.display()
    );
    let dist = path_from_env("SANDBOX_DIST", || workspace_root().join("dist"));
    assert!(
        dist.join("index.html").exists(),
        "no built console at {} (index.html missing): build it first: run `cargo xtask test` (or set SANDBOX_DIST)",
        dist.display()
    );
    let dist = dist
        .to_str()
        .unwrap_or_else(|| panic!("the console's path {} is not UTF-8", dist.display()));
    let demo_args: &[&str] = match demo {
        Demo::Quiet => &["--demo", "--demo-quiet"],
        Demo::Off => &[],
    };
    let harness_args = [
        "--static",
        dist,
        "--provision-ms",
        "300",
        "--seed-ms",
        "600",
        "--refresh-ms",
        "500",
    ];
    // A duration the test gives replaces the harness's (flag and value in pairs).
    let harness_args: Vec<&str> = harness_args
        .chunks(2)
        .filter(|pair| !extra_args.contains(&pair[0]))
        .flatten()
        .copied()
        .collect();
    Sandboxd::start(
        &binary,
        &[demo_args, &harness_args, extra_args].concat(),
        &[],
    )
}

/// chromedriver on a free port, in a process group of its own so that
/// dropping it also ends any Chromium it started.
pub(crate) struct ChromeDriver {
    process: Child,
    pub(crate) url: String,
}

impl ChromeDriver {
    pub(crate) async fn start() -> Self {
        let binary = path_from_env("CHROMEDRIVER", || "/usr/bin/chromedriver".into());
        assert!(
            binary.exists(),
            "no chromedriver at {}: run `cargo xtask test` (installs Debian's chromium-driver) or set CHROMEDRIVER",
            binary.display()
        );
        // The free port may be taken by a concurrent test before chromedriver
        // binds it; another port then does.
        let mut failures = Vec::new();
        for _attempt in 0..3 {
            let port = free_port();
            let process = Command::new(&binary)
                .arg(format!("--port={port}"))
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .process_group(0)
                .spawn()
                .unwrap_or_else(|error| panic!("starting {}: {error}", binary.display()));
            let mut driver = ChromeDriver {
                process,
                url: format!("http://127.0.0.1:{port}"),
            };
            match driver.wait_until_ready().await {
                Ok(()) => return driver,
                Err(failure) => failures.push(format!("port {port}: {failure}")),
            }
        }
        panic!(
            "{} did not become ready on three ports:\n{}",
            binary.display(),
            failures.join("\n")
        );
    }

    /// Waits for `/status` to answer while the process lives; says why not
    /// if it exits or stays silent for the start-up time.
    async fn wait_until_ready(&mut self) -> Result<(), String> {
        let client = reqwest::Client::new();
        let status_url = format!("{}/status", self.url);
        let deadline = Instant::now() + STARTUP;
        while Instant::now() < deadline {
            match self.process.try_wait() {
                Ok(None) => {}
                Ok(Some(status)) => return Err(format!("it exited ({status})")),
                Err(error) => return Err(format!("its state is unknown: {error}")),
            }
            if client
                .get(&status_url)
                .send()
                .await
                .is_ok_and(|response| response.status().is_success())
            {
                return Ok(());
            }
            tokio::time::sleep(POLL).await;
        }
        Err(format!("{status_url} did not answer within {STARTUP:?}"))
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        let group = -(self.process.id() as libc::pid_t);
        // SAFETY: kill(2) with a negative pid signals that process group, which
        // is chromedriver's own (process_group(0) above); no memory is involved.
        unsafe { libc::kill(group, libc::SIGKILL) };
        let _ = self.process.wait();
    }
}

/// A port nobody listens on right now.
fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("binding a free port");
    listener.local_addr().expect("a bound address").port()
}
