//! The published document against the running server: schemathesis
//! generates requests for every operation from `/openapi.json` and checks
//! each answer against it (settings and reasons in `schemathesis.toml`, the
//! rules JSON Schema cannot state in `schemathesis_hooks.py`).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::Server;

/// Far above a normal run (about 20 s), well under what the suite can spare.
const RUN_LIMIT: Duration = Duration::from_secs(150);

#[test]
fn every_operation_keeps_to_the_document() {
    let st = std::env::var_os("SCHEMATHESIS").unwrap_or_else(|| {
        panic!(
            "SCHEMATHESIS is not set. This test runs schemathesis' `st` against sandboxd; \
             `cargo xtask test` installs it and sets SCHEMATHESIS to it. To run it by hand: \
             `cargo xtask test` once (or `python3 -m venv DIR && DIR/bin/pip install \
             schemathesis==<the version in xtask/src/tools.rs>`), then \
             `SCHEMATHESIS=~/.cache/sandbox-console/schemathesis/bin/st cargo test -p sandboxd`"
        )
    });
    let server = Server::demo();
    // st keeps caches (.schemathesis, .hypothesis) in its working directory.
    let workdir = tempfile::tempdir().unwrap();
    let output_path = workdir.path().join("st-output.txt");
    let output = std::fs::File::create(&output_path).unwrap();
    let here = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/api");
    let mut st_run = Command::new(&st)
        .env("SCHEMATHESIS_HOOKS", here.join("schemathesis_hooks.py"))
        .arg("--config-file")
        .arg(here.join("schemathesis.toml"))
        .args(["run", "--no-color", &server.url("/openapi.json")])
        .current_dir(workdir.path())
        .stdout(Stdio::from(output.try_clone().unwrap()))
        .stderr(Stdio::from(output))
        .spawn()
        .unwrap_or_else(|error| panic!("could not start SCHEMATHESIS={st:?}: {error}"));

    let started = Instant::now();
    let status = loop {
        if let Some(status) = st_run.try_wait().unwrap() {
            break Some(status);
        }
        if started.elapsed() > RUN_LIMIT {
            st_run.kill().unwrap();
            st_run.wait().unwrap();
            break None;
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let report = std::fs::read_to_string(&output_path).unwrap_or_default();
    match status {
        Some(status) if status.success() => {}
        Some(status) => {
            panic!("schemathesis found answers that break /openapi.json ({status}):\n{report}")
        }
        None => panic!("schemathesis ran past {RUN_LIMIT:?} and was stopped:\n{report}"),
    }
}
