//! The versions the project pins in Cargo.lock and Trunk.toml, read
//! without a TOML parser: each is one `key = "value"` line.

use anyhow::{bail, Context, Result};

use super::BINARYEN_VERSION;
use crate::cmd;

/// The wasm-bindgen version Cargo.lock resolved: the CLI must match it exactly.
pub fn wasm_bindgen_version() -> Result<String> {
    let path = cmd::workspace_root().join("Cargo.lock");
    let lock =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    locked_version(&lock, "wasm-bindgen").context("Cargo.lock has no wasm-bindgen package")
}

/// Trunk.toml's `[tools]` must name the versions installed here, or trunk
/// tries to download its own, which fails on this network.
pub(super) fn check_trunk_pins(wasm_bindgen_version: &str) -> Result<()> {
    let path = cmd::workspace_root().join("Trunk.toml");
    let trunk_toml =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let pins = [
        ("wasm_bindgen", wasm_bindgen_version.to_owned()),
        ("wasm_opt", format!("version_{BINARYEN_VERSION}")),
    ];
    for (tool, wanted) in pins {
        let pinned = trunk_tool_pin(&trunk_toml, tool);
        if pinned.as_deref() != Some(wanted.as_str()) {
            bail!("Trunk.toml [tools] {tool} is {pinned:?}, must be \"{wanted}\" (Cargo.lock and xtask agree on it)");
        }
    }
    Ok(())
}

/// The version of `package` in a Cargo.lock (its first entry, if several).
fn locked_version(lock: &str, package: &str) -> Option<String> {
    lock.split("[[package]]").skip(1).find_map(|entry| {
        let field = |key| entry.lines().find_map(|line| toml_string(line, key));
        if field("name")? != package {
            return None;
        }
        field("version").map(str::to_owned)
    })
}

/// A `key = "value"` pin in Trunk.toml's `[tools]` table.
fn trunk_tool_pin(trunk_toml: &str, tool: &str) -> Option<String> {
    trunk_toml
        .lines()
        .skip_while(|line| line.trim() != "[tools]")
        .skip(1)
        .take_while(|line| !line.trim_start().starts_with('['))
        .find_map(|line| toml_string(line, tool))
        .map(str::to_owned)
}

/// The value of a one-line `key = "value"`, ignoring a trailing comment.
fn toml_string<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let value = line
        .trim()
        .strip_prefix(key)?
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let value = value.strip_prefix('"')?;
    Some(&value[..value.find('"')?])
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = r#"
version = 4

[[package]]
name = "wasm-bindgen-macro"
version = "0.2.130"

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "00"
dependencies = [
 "cfg-if",
]

[[package]]
name = "zerocopy"
version = "0.8.1"
"#;

    #[test]
    fn locked_version_finds_the_exact_package() {
        assert_eq!(
            locked_version(LOCK, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(locked_version(LOCK, "zerocopy").as_deref(), Some("0.8.1"));
        assert_eq!(locked_version(LOCK, "wasm"), None);
    }

    #[test]
    fn trunk_tool_pin_reads_only_the_tools_table() {
        let trunk_toml = r#"
[build]
wasm_opt = "not this one"

[tools]
wasm_bindgen = "0.2.130" # matches Cargo.lock
wasm_opt = "version_132"

[serve]
port = 8080
"#;
        assert_eq!(
            trunk_tool_pin(trunk_toml, "wasm_bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(
            trunk_tool_pin(trunk_toml, "wasm_opt").as_deref(),
            Some("version_132")
        );
        assert_eq!(trunk_tool_pin(trunk_toml, "sass"), None);
    }

    #[test]
    fn toml_string_needs_the_whole_key() {
        assert_eq!(toml_string(r#"name = "trunk""#, "name"), Some("trunk"));
        assert_eq!(toml_string(r#"  version="1.2" "#, "version"), Some("1.2"));
        assert_eq!(toml_string(r#"name = "trunk""#, "nam"), None);
        assert_eq!(toml_string("name = 3", "name"), None);
    }

    /// The real files: the project's Trunk.toml pins Cargo.lock's wasm-bindgen.
    #[test]
    fn trunk_toml_pins_match_cargo_lock() {
        check_trunk_pins(&wasm_bindgen_version().unwrap()).unwrap();
    }
}
