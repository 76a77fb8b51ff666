//! A throwaway PostgreSQL cluster for the server's second test run (and
//! the benchmark's PostgreSQL rows): Debian's `postgresql` package (apt-get
//! when `initdb` is missing), `initdb` into a directory under `target/`, a
//! free port on 127.0.0.1, trust authentication, run as the `postgres`
//! user when xtask runs as root (the server refuses root). Dropping the
//! [`Cluster`] stops it and removes the directory, also after a failure.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Command;

use anyhow::{Context, Result};

use crate::cmd::{self, announce};
use crate::tools;

/// Where Debian installs each major version's server programs.
const DEBIAN_SERVER_BINARIES: &str = "/usr/lib/postgresql";

/// A running cluster of its own, stopped and deleted on drop.
pub struct Cluster {
    bin: PathBuf,
    dir: PathBuf,
    port: u16,
    /// `runuser -u postgres --` when running as root.
    as_postgres: bool,
}

impl Cluster {
    /// Installs PostgreSQL if needed and starts a fresh cluster.
    pub fn start() -> Result<Cluster> {
        let bin = match server_binaries() {
            Some(bin) => bin,
            None => {
                tools::apt_install(&["postgresql"])?;
                server_binaries().context("apt-get installed postgresql, yet no initdb")?
            }
        };
        let dir = cmd::target_dir().join(format!("xtask-postgres-{}", std::process::id()));
        // A leftover of a killed run with this pid goes first.
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        let port = free_port()?;
        let cluster = Cluster {
            bin,
            dir,
            port,
            as_postgres: running_as_root(),
        };
        if cluster.as_postgres {
            cmd::run(
                cmd::command("chown")
                    .args(["-R", "postgres:"])
                    .arg(&cluster.dir),
            )?;
        }
        announce(format!(
            "starting a throwaway PostgreSQL cluster in {} on port {port}",
            cluster.dir.display()
        ));
        cmd::run(
            cluster
                .server_command("initdb")
                .args(["--auth=trust", "--username=postgres", "--no-sync"])
                .arg("--pgdata")
                .arg(cluster.data()),
        )?;
        // Durability is no concern of a throwaway cluster; connections are:
        // every test's sandboxd holds a pool, and the multi-process tests two.
        let options = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off \
             -c synchronous_commit=off -c full_page_writes=off -c max_connections=400",
            cluster.dir.display()
        );
        cmd::run(
            cluster
                .server_command("pg_ctl")
                .arg("--pgdata")
                .arg(cluster.data())
                .arg("--log")
                .arg(cluster.dir.join("server.log"))
                .args(["--options", &options, "--wait", "start"]),
        )?;
        Ok(cluster)
    }

    /// `postgres://postgres@127.0.0.1:PORT/postgres`.
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    fn data(&self) -> PathBuf {
        self.dir.join("data")
    }

    /// One of the server's programs, as the `postgres` user when root.
    fn server_command(&self, program: &str) -> Command {
        let program = self.bin.join(program);
        if self.as_postgres {
            let mut command = cmd::command("runuser");
            command.args(["-u", "postgres", "--"]).arg(program);
            command
        } else {
            cmd::command(program)
        }
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        announce("stopping the throwaway PostgreSQL cluster");
        let stopped = cmd::run(
            self.server_command("pg_ctl")
                .arg("--pgdata")
                .arg(self.data())
                .args(["--mode", "immediate", "--wait", "stop"]),
        );
        if let Err(error) = stopped {
            eprintln!("stopping PostgreSQL failed: {error:#}");
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The newest `/usr/lib/postgresql/<major>/bin` that has `initdb`.
fn server_binaries() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir(DEBIAN_SERVER_BINARIES)
        .ok()?
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let major = entry.file_name().to_str()?.parse().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").exists().then_some((major, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

/// A port free on 127.0.0.1 just now (the cluster takes it a moment later).
fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

fn running_as_root() -> bool {
    cmd::stdout_of(cmd::command("id").arg("-u")).is_some_and(|uid| uid.trim() == "0")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cluster_answers_on_its_port_and_is_gone_once_dropped() {
        if server_binaries().is_none() {
            eprintln!("skipped: PostgreSQL is not installed (cargo xtask test installs it later)");
            return;
        }
        let cluster = Cluster::start().unwrap();
        let dir = cluster.dir.clone();
        let answer = cmd::stdout_of(cmd::command("psql").arg(cluster.url()).args([
            "-X",
            "-A",
            "-t",
            "-c",
            "SELECT 40 + 2",
        ]));
        assert_eq!(answer.as_deref().map(str::trim), Some("42"));
        let port = cluster.port;
        drop(cluster);
        assert!(!dir.exists(), "{} is left", dir.display());
        assert!(
            TcpListener::bind(("127.0.0.1", port)).is_ok(),
            "the server still holds port {port}"
        );
    }
}
