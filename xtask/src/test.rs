//! `cargo xtask test`: the gates (rustfmt, leptosfmt, clippy) and every
//! suite run, even after one fails; the totals come from the suites' own
//! `test result:` lines, a failed gate counts as one failure, and the last
//! line printed is `N passed, M failed`.

use std::io::{BufRead, BufReader};
use std::ops::AddAssign;
use std::path::Path;
use std::process::{Command, ExitCode, Stdio};

use anyhow::Result;

use crate::cmd::{self, announce};
use crate::{build, postgres, tools};

pub fn run() -> Result<ExitCode> {
    let mut report = Report::default();
    let tools_ready = report
        .step("install tools", || {
            tools::ensure_console_tools()?;
            tools::ensure_leptosfmt()?;
            tools::ensure_schemathesis()?;
            tools::ensure_axe_core()?;
            tools::ensure_browser()
        })
        .is_some();

    for (name, mut gate) in gates() {
        report.run(name, &mut gate);
    }
    report.run("workspace tests (native)", &mut native_tests());
    const POSTGRES_TESTS: &str = "sandboxd's API tests on PostgreSQL";
    match report.step(
        "start a throwaway PostgreSQL cluster",
        postgres::Cluster::start,
    ) {
        // The cluster stops when it goes out of scope, whatever the tests did.
        Some(cluster) => report.run(POSTGRES_TESTS, &mut server_tests_on_postgres(&cluster)),
        None => report.not_run(POSTGRES_TESTS, "PostgreSQL did not start"),
    }

    const WASM_TESTS: &str = "console tests (wasm-bindgen-test in headless Chromium)";
    const E2E_TESTS: &str = "end-to-end tests (headless Chromium)";
    if !tools_ready {
        report.not_run(WASM_TESTS, "the tools are missing");
        report.not_run(E2E_TESTS, "the tools are missing");
        return Ok(report.finish());
    }
    report.run(WASM_TESTS, &mut wasm_tests());
    let builds = report.step("build the release console and sandboxd", || {
        Ok((build::console()?, build::sandboxd()?))
    });
    match builds {
        Some((dist, sandboxd)) => report.run(E2E_TESTS, &mut e2e_tests(&dist, &sandboxd)),
        None => report.not_run(E2E_TESTS, "the builds failed"),
    }
    Ok(report.finish())
}

/// Checks that fail the run like a failed test: the tree is formatted
/// (rustfmt, and leptosfmt for `view!` macros, which rustfmt skips) and
/// clippy finds nothing, natively and for the console's wasm target.
fn gates() -> Vec<(&'static str, Command)> {
    let mut view_format = cmd::command("leptosfmt");
    view_format.args(["--check", "src", "tests"]);
    vec![
        (
            "format (cargo fmt --check)",
            cmd::cargo(&["fmt", "--all", "--check"]),
        ),
        ("format of view! macros (leptosfmt --check)", view_format),
        (
            "lint, native (clippy)",
            cmd::cargo(&[
                "clippy",
                "--workspace",
                "--exclude",
                "sandbox-console",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]),
        ),
        (
            "lint, console on wasm (clippy)",
            cmd::cargo(&[
                "clippy",
                "-p",
                "sandbox-console",
                "--target",
                "wasm32-unknown-unknown",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]),
        ),
    ]
}

/// Every native crate: the console is wasm-only, and the end-to-end tests
/// need the builds. sandboxd's OpenAPI test finds schemathesis through
/// SCHEMATHESIS (and fails, saying so, without it).
fn native_tests() -> Command {
    let mut command = cmd::cargo(&[
        "test",
        "--workspace",
        "--exclude",
        "sandbox-console",
        "--exclude",
        "sandbox-e2e",
        "--no-fail-fast",
    ]);
    command.env("SCHEMATHESIS", tools::schemathesis());
    command
}

/// sandboxd's API suite once more, each test's servers on a PostgreSQL
/// database of their own in `cluster` (crates/testkit/src/postgres.rs);
/// the multi-process tests, skipped on SQLite, run here.
fn server_tests_on_postgres(cluster: &postgres::Cluster) -> Command {
    let mut command = cmd::cargo(&["test", "-p", "sandboxd", "--test", "api", "--no-fail-fast"]);
    command
        .env("SCHEMATHESIS", tools::schemathesis())
        .env("SANDBOXD_TEST_DATABASE_URL", cluster.url());
    command
}

/// The console's tests, compiled to wasm and run by wasm-bindgen-test-runner
/// (the target's runner in .cargo/config.toml) in headless Chromium.
fn wasm_tests() -> Command {
    let mut command = cmd::cargo(&[
        "test",
        "-p",
        "sandbox-console",
        "--target",
        "wasm32-unknown-unknown",
        "--no-fail-fast",
    ]);
    command.env("CHROMEDRIVER", tools::chromedriver()).env(
        "WASM_BINDGEN_TEST_WEBDRIVER_JSON",
        cmd::workspace_root().join("webdriver.json"),
    );
    command
}

/// The browser tests, told where the builds and axe-core are (see
/// crates/e2e/src/lib.rs).
fn e2e_tests(dist: &Path, sandboxd: &Path) -> Command {
    // Each test runs its own sandboxd, chromedriver and Chromium: two at a
    // time is what two cores carry without timeouts.
    let mut command = cmd::cargo(&[
        "test",
        "-p",
        "sandbox-e2e",
        "--no-fail-fast",
        "--",
        "--test-threads=2",
    ]);
    command
        .env("SANDBOX_DIST", dist)
        .env("SANDBOXD_BIN", sandboxd)
        .env("CHROMEDRIVER", tools::chromedriver())
        .env("AXE_CORE_JS", tools::axe_core_js());
    command
}

#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct TestCounts {
    passed: u64,
    failed: u64,
}

impl AddAssign for TestCounts {
    fn add_assign(&mut self, other: Self) {
        self.passed += other.passed;
        self.failed += other.failed;
    }
}

/// One step of the run and how it went.
struct StepOutcome {
    name: &'static str,
    counts: TestCounts,
    verdict: Verdict,
}

enum Verdict {
    Succeeded,
    Failed(String),
    /// Not run because an earlier step failed, which already counts.
    NotRun(String),
}

#[derive(Default)]
struct Report {
    steps: Vec<StepOutcome>,
}

impl Report {
    /// Runs a step that is not a test suite; its value if it succeeded.
    fn step<T>(&mut self, name: &'static str, body: impl FnOnce() -> Result<T>) -> Option<T> {
        announce(format!("== {name}"));
        match body() {
            Ok(value) => {
                self.record(name, TestCounts::default(), Verdict::Succeeded);
                Some(value)
            }
            Err(error) => {
                self.record(
                    name,
                    TestCounts::default(),
                    Verdict::Failed(format!("{error:#}")),
                );
                None
            }
        }
    }

    /// Runs a test suite or a gate, passing its output through and adding up
    /// every `test result:` line it prints.
    fn run(&mut self, name: &'static str, command: &mut Command) {
        announce(format!("== {name}: {}", cmd::describe(command)));
        let (counts, verdict) = run_and_count(command);
        self.record(name, counts, verdict);
    }

    fn not_run(&mut self, name: &'static str, reason: &str) {
        self.record(
            name,
            TestCounts::default(),
            Verdict::NotRun(reason.to_owned()),
        );
    }

    fn record(&mut self, name: &'static str, counts: TestCounts, verdict: Verdict) {
        match &verdict {
            Verdict::Succeeded => {}
            Verdict::Failed(problem) => announce(format!("{name} FAILED: {problem}")),
            Verdict::NotRun(reason) => announce(format!("== {name}: not run, {reason}")),
        }
        self.steps.push(StepOutcome {
            name,
            counts,
            verdict,
        });
    }

    /// Prints one line per step, then the totals as the very last line.
    fn finish(self) -> ExitCode {
        announce("== summary");
        for step in &self.steps {
            let counts = step.counted();
            let note = match &step.verdict {
                Verdict::Succeeded => String::new(),
                Verdict::Failed(problem) => format!(" (FAILED: {problem})"),
                Verdict::NotRun(reason) => format!(" (not run: {reason})"),
            };
            announce(format!(
                "{}: {} passed, {} failed{note}",
                step.name, counts.passed, counts.failed
            ));
        }
        let total = self.totals();
        println!("{} passed, {} failed", total.passed, total.failed);
        if total.failed == 0 {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        }
    }

    fn totals(&self) -> TestCounts {
        let mut total = TestCounts::default();
        for step in &self.steps {
            total += step.counted();
        }
        total
    }
}

impl StepOutcome {
    /// The step's counts, where a failed step without a failed test to show
    /// for it (a build error, a crash) is one failure.
    fn counted(&self) -> TestCounts {
        let mut counts = self.counts;
        if matches!(self.verdict, Verdict::Failed(_)) && counts.failed == 0 {
            counts.failed = 1;
        }
        counts
    }
}

/// Runs the command with its stdout read line by line (echoed as it comes)
/// and its stderr inherited; returns the summed counts and whether it ran
/// to a successful exit.
fn run_and_count(command: &mut Command) -> (TestCounts, Verdict) {
    let mut child = match command.stdout(Stdio::piped()).spawn() {
        Ok(child) => child,
        Err(error) => {
            let problem = format!("`{}` could not start: {error}", cmd::describe(command));
            return (TestCounts::default(), Verdict::Failed(problem));
        }
    };
    let mut counts = TestCounts::default();
    let stdout = BufReader::new(child.stdout.take().expect("stdout is piped"));
    for line in stdout.split(b'\n') {
        let Ok(line) = line else { break };
        let line = String::from_utf8_lossy(&line);
        println!("{line}");
        if let Some(suite) = parse_summary(&line) {
            counts += suite;
        }
    }
    let verdict = match child.wait() {
        Ok(status) if status.success() => Verdict::Succeeded,
        Ok(status) => Verdict::Failed(format!("`{}` exited with {status}", cmd::describe(command))),
        Err(error) => Verdict::Failed(format!("waiting for `{}`: {error}", cmd::describe(command))),
    };
    (counts, verdict)
}

/// Reads libtest's summary line, which wasm-bindgen-test-runner prints in
/// the same shape: `test result: ok. 3 passed; 1 failed; 0 ignored; …`.
fn parse_summary(line: &str) -> Option<TestCounts> {
    let (_verdict, counts) = line
        .trim()
        .strip_prefix("test result: ")?
        .split_once(". ")?;
    let mut passed = None;
    let mut failed = None;
    for part in counts.split(';').map(str::trim) {
        if let Some(number) = part.strip_suffix(" passed") {
            passed = number.parse().ok();
        } else if let Some(number) = part.strip_suffix(" failed") {
            failed = number.parse().ok();
        }
    }
    Some(TestCounts {
        passed: passed?,
        failed: failed?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_libtest_summaries() {
        assert_eq!(
            parse_summary("test result: ok. 12 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.31s"),
            Some(TestCounts { passed: 12, failed: 0 })
        );
        assert_eq!(
            parse_summary("test result: FAILED. 3 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out; finished in 1.02s"),
            Some(TestCounts { passed: 3, failed: 2 })
        );
    }

    #[test]
    fn parses_wasm_bindgen_test_runner_summaries() {
        assert_eq!(
            parse_summary(
                "test result: ok. 7 passed; 0 failed; 0 ignored; 0 filtered out; finished in 0.05s"
            ),
            Some(TestCounts {
                passed: 7,
                failed: 0
            })
        );
    }

    #[test]
    fn ignores_other_lines() {
        assert_eq!(parse_summary("test api::decodes ... ok"), None);
        assert_eq!(parse_summary("running 3 tests"), None);
        assert_eq!(parse_summary("no tests to run!"), None);
        assert_eq!(parse_summary("test result: garbled"), None);
        assert_eq!(
            parse_summary("test result: ok. many passed; 0 failed"),
            None
        );
    }

    #[test]
    fn a_failed_step_without_failed_tests_counts_as_one_failure() {
        let mut report = Report::default();
        report.record(
            "native",
            TestCounts {
                passed: 4,
                failed: 0,
            },
            Verdict::Succeeded,
        );
        report.record(
            "build",
            TestCounts::default(),
            Verdict::Failed("did not compile".into()),
        );
        report.record(
            "e2e",
            TestCounts::default(),
            Verdict::NotRun("the builds failed".into()),
        );
        report.record(
            "wasm",
            TestCounts {
                passed: 1,
                failed: 2,
            },
            Verdict::Failed("exit status 101".into()),
        );
        assert_eq!(
            report.totals(),
            TestCounts {
                passed: 5,
                failed: 3
            }
        );
    }
}
