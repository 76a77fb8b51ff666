//! `cargo xtask dev`: build the console and serve it with the demo data.

use std::process::ExitCode;

use anyhow::{bail, Context, Result};

use crate::cmd::{self, announce};
use crate::{build, tools};

const DEFAULT_BIND: &str = "127.0.0.1:8080";

pub fn run(args: &[&str]) -> Result<ExitCode> {
    let bind = match args {
        [] => DEFAULT_BIND,
        ["--bind", address] => address,
        _ => bail!("usage: cargo xtask dev [--bind ADDR]"),
    };
    tools::ensure_console_tools()?;
    let dist = build::console()?;
    let sandboxd = build::sandboxd()?;
    // Under target/ so it stays out of git; --demo seeds it only once.
    let db_dir = cmd::target_dir().join("demo");
    std::fs::create_dir_all(&db_dir).with_context(|| format!("creating {}", db_dir.display()))?;

    announce(format!(
        "starting sandboxd --demo on {bind}; Ctrl-C stops it"
    ));
    // sandboxd prints the URL and the demo tokens itself; its output passes
    // straight through, and Ctrl-C reaches it through the terminal.
    let mut server = cmd::command(&sandboxd);
    server
        .arg("--demo")
        .arg("--static")
        .arg(&dist)
        .args(["--bind", bind])
        .arg("--db")
        .arg(db_dir.join("sandboxes.db"));
    cmd::run(&mut server)?;
    Ok(ExitCode::SUCCESS)
}
