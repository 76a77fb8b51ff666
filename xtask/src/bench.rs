//! `cargo xtask bench`: the performance budgets of issue 7, measured.
//!
//! xtask prepares and orchestrates; the measuring is done by
//! `crates/e2e/src/bin/console_bench` (browser side, on the end-to-end
//! harness) and by the server's own list and events benchmark. This module
//! builds what they measure, runs both and leaves the report in
//! docs/benchmarks.md.
//! A benchmark, not a test: `cargo xtask test` and CI never run it.

pub mod precompress;

use std::path::{Path, PathBuf};
use std::process::{ExitCode, Stdio};

use anyhow::{bail, Context, Result};

use crate::cmd::{self, announce};
use crate::{build, postgres, tools};

pub fn run(args: &[&str]) -> Result<ExitCode> {
    if !args.is_empty() {
        bail!("usage: cargo xtask bench");
    }
    tools::ensure_console_tools()?;
    tools::ensure_browser()?;
    let dist = build::console()?;
    let sandboxd = optimised_sandboxd()?;
    let bench_dir = cmd::target_dir().join("bench");
    let site = site_with_vanilla_page(&dist, &bench_dir)?;
    let server_output = bench_dir.join("server-benchmark.txt");
    let server_command = server_benchmark(&server_output)?;
    postgres_server_benchmark()?;
    first_page_benchmark()?;

    announce("measuring in headless Chromium (crates/e2e/src/bin/console_bench)");
    let report = cmd::workspace_root().join("docs/benchmarks.md");
    let status = cmd::cargo(&[
        "run",
        "--quiet",
        "-p",
        "sandbox-e2e",
        "--bin",
        "console_bench",
        "--",
    ])
    .arg("--server-output")
    .arg(&server_output)
    .args(["--server-command", &server_command])
    .arg("--write")
    .arg(&report)
    .env("SANDBOX_DIST", &site)
    .env("SANDBOXD_BIN", &sandboxd)
    .env("CHROMEDRIVER", tools::chromedriver())
    .status()
    .context("starting console_bench")?;
    // console_bench exits with 1 when a budget is missed, having written the report.
    match status.code() {
        Some(0) => announce(format!("all budgets met; report in {}", report.display())),
        Some(1) => announce(format!(
            "some budgets missed; report in {}",
            report.display()
        )),
        _ => bail!("console_bench failed ({status})"),
    }
    Ok(if status.success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// sandboxd as fast as it gets (the `server` profile): the API's share of
/// the console's load times should be the server's, not a debug build's.
fn optimised_sandboxd() -> Result<PathBuf> {
    announce("building the API server for speed: cargo build -p sandboxd --profile server");
    cmd::run(&mut cmd::cargo(&[
        "build",
        "-p",
        "sandboxd",
        "--profile",
        "server",
    ]))?;
    Ok(cmd::target_dir().join("server/sandboxd"))
}

/// The built console plus the vanilla baseline at /vanilla/, one directory
/// for `sandboxd --static`: both pages then load from the same origin as
/// the API, as the console does in production, with no CORS preflight.
fn site_with_vanilla_page(dist: &Path, bench_dir: &Path) -> Result<PathBuf> {
    let site = bench_dir.join("site");
    announce(format!(
        "assembling {}: the console from {} and bench/vanilla/ at /vanilla/",
        site.display(),
        dist.display()
    ));
    if site.exists() {
        std::fs::remove_dir_all(&site).with_context(|| format!("removing {}", site.display()))?;
    }
    copy_dir(dist, &site)?;
    copy_dir(
        &cmd::workspace_root().join("bench/vanilla"),
        &site.join("vanilla"),
    )?;
    Ok(site)
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to).with_context(|| format!("creating {}", to.display()))?;
    for entry in std::fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target).with_context(|| {
                format!("copying {} to {}", entry.path().display(), target.display())
            })?;
        }
    }
    Ok(())
}

/// `cargo …` of the server's benchmark (crates/server/examples/bench_list.rs).
const BENCH_LIST: [&str; 7] = [
    "run",
    "-p",
    "sandboxd",
    "--profile",
    "server",
    "--example",
    "bench_list",
];

/// Runs the server's list and events benchmark
/// (crates/server/examples/bench_list.rs), its output echoed and saved to
/// `output` for console_bench to read (which takes the list's figures, the
/// first `median` line); returns the command, for the report.
fn server_benchmark(output: &Path) -> Result<String> {
    let described = format!("cargo {}", BENCH_LIST.join(" "));
    announce(format!(
        "5. the server's list and events benchmark (100,000 sandboxes, 1,000,000 events): {described}"
    ));
    let result = cmd::cargo(&BENCH_LIST)
        .stderr(Stdio::inherit())
        .output()
        .with_context(|| format!("starting `{described}`"))?;
    let text = String::from_utf8_lossy(&result.stdout);
    print!("{text}");
    if !result.status.success() {
        bail!("`{described}` failed ({})", result.status);
    }
    std::fs::write(output, text.as_bytes())
        .with_context(|| format!("writing {}", output.display()))?;
    Ok(described)
}

/// The same benchmark on PostgreSQL, on one server and on two sharing the
/// database (a throwaway cluster, stopped afterwards), its output echoed;
/// docs/server-benchmark.md sets the engines side by side.
fn postgres_server_benchmark() -> Result<()> {
    let cluster = postgres::Cluster::start()?;
    for servers in ["1", "2"] {
        announce(format!(
            "5b. the server's benchmark on PostgreSQL, {servers} server(s): cargo {}",
            BENCH_LIST.join(" ")
        ));
        cmd::run(
            cmd::cargo(&BENCH_LIST)
                .env("BENCH_DATABASE_URL", cluster.url())
                .env("BENCH_SERVERS", servers),
        )?;
    }
    Ok(())
}

/// Runs the server benchmark's first-page table (owners of 10, 1,000 and
/// 10,000 sandboxes in tables of 100,000 and 1,000,000, issue 14), its
/// output echoed; docs/server-benchmark.md keeps a result.
fn first_page_benchmark() -> Result<()> {
    announce(format!(
        "6. the server's first pages by owner and table size: cargo {} -- first-pages",
        BENCH_LIST.join(" ")
    ));
    cmd::run(cmd::cargo(&BENCH_LIST).args(["--", "first-pages"]))
}
