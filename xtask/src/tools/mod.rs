//! Installing what the builds and the tests need. Each check is a file
//! lookup or a `--version` call, so an installed tool costs milliseconds.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::cmd::{self, announce, stdout_of};

mod pins;

use pins::check_trunk_pins;
pub use pins::wasm_bindgen_version;

const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// Trunk 0.22 needs a newer rustc than the project's.
const TRUNK_VERSION: &str = "0.21.14";
/// Splits the release console's wasm into chunks (`xtask/src/build/split.rs`),
/// as cargo-leptos does with the same crate.
const WASM_SPLIT_VERSION: &str = "0.2.4";
/// wasm-opt comes from npm's binaryen: Debian's binaryen 108 produces a
/// wasm that fails at start, and trunk cannot download one here.
const BINARYEN_VERSION: &str = "132";
/// The formatter of `view!` macros, which rustfmt leaves alone.
const LEPTOSFMT_VERSION: &str = "0.1.33";
/// The property-based check of sandboxd's OpenAPI document (4.x needs
/// Python 3.9+; this machine has 3.11).
const SCHEMATHESIS_VERSION: &str = "4.32.5";
/// The accessibility engine the end-to-end tests run in the console's pages
/// (`crates/e2e/tests/e2e/accessibility.rs`).
const AXE_CORE_VERSION: &str = "4.14.1";
const CHROMIUM: &str = "/usr/bin/chromium";
const DEBIAN_CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Everything the console's builds need: the wasm target, trunk (for
/// development), wasm-split, the wasm-bindgen CLI matching Cargo.lock (also
/// the wasm test runner), wasm-opt.
pub fn ensure_console_tools() -> Result<()> {
    ensure_wasm_target()?;
    ensure_trunk()?;
    ensure_wasm_split()?;
    ensure_wasm_bindgen()?;
    ensure_wasm_opt()
}

/// leptosfmt, for the `view!` format gate of `cargo xtask test`.
pub fn ensure_leptosfmt() -> Result<()> {
    let wanted = format!("leptosfmt {LEPTOSFMT_VERSION}");
    if installed_version("leptosfmt").as_deref() == Some(wanted.as_str()) {
        announce(format!("{wanted} already installed"));
        return Ok(());
    }
    announce(format!(
        "installing {wanted} (cargo install, takes a minute)"
    ));
    cmd::run(&mut cmd::cargo(&[
        "install",
        "leptosfmt",
        "--version",
        &format!("={LEPTOSFMT_VERSION}"),
        "--locked",
    ]))
}

/// schemathesis from PyPI in its own virtualenv, for sandboxd's test of
/// its OpenAPI document (`crates/server/tests/api/openapi.rs`).
pub fn ensure_schemathesis() -> Result<()> {
    let st = schemathesis();
    let wanted = format!("st, version {SCHEMATHESIS_VERSION}");
    if installed_version(&st).as_deref() == Some(wanted.as_str()) {
        announce(format!("{wanted} already installed ({})", st.display()));
        return Ok(());
    }
    let dir = schemathesis_dir();
    announce(format!(
        "installing schemathesis {SCHEMATHESIS_VERSION} from PyPI into {}",
        dir.display()
    ));
    cmd::run(cmd::command("python3").args(["-m", "venv"]).arg(&dir))
        .context("python3 with its venv module is needed for schemathesis")?;
    cmd::run(cmd::command(dir.join("bin/pip")).args([
        "install",
        "--disable-pip-version-check",
        "--quiet",
        &format!("schemathesis=={SCHEMATHESIS_VERSION}"),
    ]))
}

/// schemathesis' `st` command, as `ensure_schemathesis` installs it.
pub fn schemathesis() -> PathBuf {
    schemathesis_dir().join("bin/st")
}

fn schemathesis_dir() -> PathBuf {
    home_dir().join(".cache/sandbox-console/schemathesis")
}

/// Headless Chromium and its driver, for wasm tests and end-to-end tests.
pub fn ensure_browser() -> Result<()> {
    if Path::new(CHROMIUM).exists() && chromedriver().exists() {
        announce(format!(
            "chromium and chromedriver already installed ({})",
            chromedriver().display()
        ));
        return Ok(());
    }
    apt_install(&["chromium", "chromium-driver"])
}

/// axe-core from npm, for the end-to-end accessibility tests.
pub fn ensure_axe_core() -> Result<()> {
    ensure_npm_package("axe-core", AXE_CORE_VERSION, &axe_core_dir())
}

/// axe-core's script for browsers, as `ensure_axe_core` installs it.
pub fn axe_core_js() -> PathBuf {
    axe_core_dir().join("node_modules/axe-core/axe.min.js")
}

fn axe_core_dir() -> PathBuf {
    home_dir().join(".cache/sandbox-console/axe-core")
}

/// The chromedriver to use: $CHROMEDRIVER, else Debian's.
pub fn chromedriver() -> PathBuf {
    std::env::var_os("CHROMEDRIVER").map_or_else(|| DEBIAN_CHROMEDRIVER.into(), PathBuf::from)
}

/// PATH for every command xtask runs: npm's wasm-opt first (trunk looks it
/// up on PATH, and Debian's may be installed too), then cargo-installed
/// tools (in case the shell's PATH lacks them), then the inherited PATH.
pub fn search_path() -> OsString {
    let inherited = std::env::var_os("PATH").unwrap_or_default();
    let dirs = [binaryen_dir().join("node_modules/.bin"), cargo_bin_dir()]
        .into_iter()
        .chain(std::env::split_paths(&inherited));
    std::env::join_paths(dirs).expect("PATH entries contain no separator")
}

fn home_dir() -> PathBuf {
    std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default()
}

fn cargo_bin_dir() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map_or_else(|| home_dir().join(".cargo"), PathBuf::from)
        .join("bin")
}

fn binaryen_dir() -> PathBuf {
    home_dir().join(".cache/sandbox-console/binaryen")
}

fn ensure_wasm_target() -> Result<()> {
    let installed = stdout_of(cmd::command("rustup").args(["target", "list", "--installed"]))
        .context("`rustup target list --installed` failed: is rustup installed?")?;
    if installed.lines().any(|line| line.trim() == WASM_TARGET) {
        announce(format!("rust target {WASM_TARGET} already installed"));
        return Ok(());
    }
    announce(format!("installing rust target {WASM_TARGET}"));
    cmd::run(cmd::command("rustup").args(["target", "add", WASM_TARGET]))
}

fn ensure_trunk() -> Result<()> {
    let wanted = format!("trunk {TRUNK_VERSION}");
    if installed_version("trunk").as_deref() == Some(wanted.as_str()) {
        announce(format!("{wanted} already installed"));
        return Ok(());
    }
    announce(format!(
        "installing {wanted} (cargo install, takes minutes)"
    ));
    // A debug build of trunk is fast enough and compiles in half the time.
    cmd::run(&mut cmd::cargo(&[
        "install",
        "trunk",
        "--version",
        &format!("={TRUNK_VERSION}"),
        "--locked",
        "--debug",
    ]))
}

fn ensure_wasm_split() -> Result<()> {
    let wanted = format!("wasm-split-cli {WASM_SPLIT_VERSION}");
    // wasm-split-cli has no --version; cargo's list of installs says it.
    let package_line = format!("wasm_split_cli_support v{WASM_SPLIT_VERSION}:");
    let installs = stdout_of(&mut cmd::cargo(&["install", "--list"])).unwrap_or_default();
    if installs.lines().any(|line| line == package_line) {
        announce(format!("{wanted} already installed"));
        return Ok(());
    }
    announce(format!(
        "installing {wanted} (cargo install wasm_split_cli_support, takes minutes)"
    ));
    cmd::run(&mut cmd::cargo(&[
        "install",
        "wasm_split_cli_support",
        "--version",
        &format!("={WASM_SPLIT_VERSION}"),
        "--features",
        "build-binary",
        "--locked",
    ]))
}

fn ensure_wasm_bindgen() -> Result<()> {
    let version = wasm_bindgen_version()?;
    check_trunk_pins(&version)?;
    let wanted = [
        format!("wasm-bindgen {version}"),
        format!("wasm-bindgen-test-runner {version}"),
    ];
    let installed = [
        installed_version("wasm-bindgen"),
        installed_version("wasm-bindgen-test-runner"),
    ];
    if wanted
        .iter()
        .zip(&installed)
        .all(|(want, have)| have.as_deref() == Some(want.as_str()))
    {
        announce(format!(
            "wasm-bindgen-cli {version} already installed (Cargo.lock's version)"
        ));
        return Ok(());
    }
    announce(format!("installing wasm-bindgen-cli {version} (Cargo.lock's version; cargo install, takes minutes)"));
    // No --locked: the crate's own lockfile pins a webpki-roots the registry no longer has.
    cmd::run(&mut cmd::cargo(&[
        "install",
        "wasm-bindgen-cli",
        "--version",
        &format!("={version}"),
    ]))
}

fn ensure_wasm_opt() -> Result<()> {
    ensure_npm_package("binaryen", BINARYEN_VERSION, &binaryen_dir())
}

/// `package` from npm into `dir` (its own `node_modules`), unless the
/// installed one's version is `version` or, for a major version such as
/// binaryen's `132`, starts with `version.`.
fn ensure_npm_package(package: &str, version: &str, dir: &Path) -> Result<()> {
    let package_json = dir.join("node_modules").join(package).join("package.json");
    let installed = std::fs::read_to_string(&package_json)
        .is_ok_and(|text| package_json_has_version(&text, version));
    if installed {
        announce(format!(
            "{package}@{version} already installed in {}",
            dir.display()
        ));
        return Ok(());
    }
    if stdout_of(cmd::command("npm").arg("--version")).is_none() {
        apt_install(&["npm"])?;
    }
    announce(format!(
        "installing {package}@{version} from npm into {}",
        dir.display()
    ));
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    cmd::run(
        cmd::command("npm")
            .arg("install")
            .arg("--prefix")
            .arg(dir)
            .args(["--no-audit", "--no-fund", &format!("{package}@{version}")]),
    )
}

/// Whether a package.json's `"version"` is `version`, or within it
/// (`132` holds `132.0.0`, not `1320.0.0`).
fn package_json_has_version(package_json: &str, version: &str) -> bool {
    let version_field = format!("\"version\": \"{version}");
    package_json.lines().any(|line| {
        line.trim()
            .strip_prefix(&version_field)
            .is_some_and(|rest| rest.starts_with(['"', '.']))
    })
}

pub(crate) fn apt_install(packages: &[&str]) -> Result<()> {
    announce(format!(
        "installing Debian packages {} (apt-get, needs root)",
        packages.join(" ")
    ));
    cmd::run(cmd::command("apt-get").arg("update"))?;
    cmd::run(
        cmd::command("apt-get")
            .args(["install", "-y"])
            .args(packages)
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}

/// The first line of `<tool> --version`, or None if the tool is missing.
fn installed_version(tool: impl AsRef<OsStr>) -> Option<String> {
    let output = stdout_of(cmd::command(tool).arg("--version"))?;
    output.lines().next().map(|line| line.trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_json_has_version_takes_whole_version_parts() {
        let binaryen = "{\n  \"name\": \"binaryen\",\n  \"version\": \"132.0.0\",\n}";
        assert!(package_json_has_version(binaryen, "132"));
        assert!(package_json_has_version(binaryen, "132.0.0"));
        assert!(!package_json_has_version(binaryen, "13"));
        assert!(!package_json_has_version(binaryen, "133"));
        let axe = "{\n  \"version\": \"4.14.10\",\n}";
        assert!(package_json_has_version(axe, "4.14.10"));
        assert!(!package_json_has_version(axe, "4.14.1"));
    }
}
