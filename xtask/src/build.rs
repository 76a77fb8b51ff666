//! The two builds every command needs: the release console and sandboxd.

use std::path::PathBuf;

use anyhow::Result;

use crate::cmd::{self, announce};

/// `trunk build --release` into dist/; returns the dist directory.
pub fn console() -> Result<PathBuf> {
    announce("building the console: trunk build --release (into dist/)");
    cmd::run(
        cmd::command("trunk")
            .args(["build", "--release"])
            // The update check only adds a network call to every build.
            .env("TRUNK_SKIP_VERSION_CHECK", "true")
            // A failed build's error, without anyhow's 70-frame backtrace
            // when the shell sets RUST_BACKTRACE.
            .env("RUST_LIB_BACKTRACE", "0"),
    )?;
    let dist = cmd::workspace_root().join("dist");
    // The first load's transfer budget (docs/benchmarks.md) counts on these.
    crate::bench::precompress::dist(&dist)?;
    Ok(dist)
}

/// `cargo build -p sandboxd`; returns the binary's path.
pub fn sandboxd() -> Result<PathBuf> {
    announce("building the API server: cargo build -p sandboxd");
    cmd::run(&mut cmd::cargo(&["build", "-p", "sandboxd"]))?;
    Ok(cmd::target_dir().join("debug/sandboxd"))
}
