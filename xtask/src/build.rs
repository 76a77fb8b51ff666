//! The two builds every command needs: the release console and sandboxd.

use std::path::PathBuf;

use anyhow::Result;

use crate::cmd::{self, announce};

mod split;

/// The release console is split into chunks; `trunk build` and `trunk serve`
/// still build it whole, for development.
pub use split::console;

/// `cargo build -p sandboxd`; returns the binary's path.
pub fn sandboxd() -> Result<PathBuf> {
    announce("building the API server: cargo build -p sandboxd");
    cmd::run(&mut cmd::cargo(&["build", "-p", "sandboxd"]))?;
    Ok(cmd::target_dir().join("debug/sandboxd"))
}
