//! The release console split into chunks (issue 19): Trunk 0.21 cannot
//! split a wasm module, so this is the pipeline cargo-leptos runs for
//! `--split`, step by step:
//!
//! 1. `cargo build --release` of the console with `--cfg wasm_split` (the
//!    lazy routes of `src/chunks.rs` become split points) and
//!    `--emit-relocs`, which wasm-split needs to move code between modules;
//! 2. `wasm-split-cli`: the main module, one wasm per lazy route (plus
//!    chunks they share) and `__wasm_split.js`, which fetches them;
//! 3. `wasm-bindgen` on the main module, keeping the exports the chunks link
//!    against (`--keep-lld-exports`) under their raw names (`--no-demangle`);
//! 4. `wasm-opt -Oz` on every module;
//! 5. the files under one content-hashed directory, `index.html` loading the
//!    main module (and preloading it: the first route is in it, no chunk is)
//!    and a hashed copy of the style sheet;
//! 6. gzip and brotli copies, which `sandboxd --static` serves.

use std::fmt::Write as _;
use std::hash::{DefaultHasher, Hasher};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::cmd::{self, announce};

/// The console's name in the split output: `console.js`, `console_bg.wasm`.
const OUT_NAME: &str = "console";
/// The lines of `index.html` that name Trunk's assets, replaced here.
const TRUNK_RUST_LINK: &str = r#"<link data-trunk rel="rust""#;
const TRUNK_CSS_LINK: &str = r#"<link data-trunk rel="css" href="style/main.css">"#;

/// Builds the split console into `target/split/dist/`; returns that directory.
pub fn console() -> Result<PathBuf> {
    let split_target = cmd::target_dir().join("split");
    let wasm = cargo_build(&split_target)?;
    let modules = split_target.join("modules");
    reset_dir(&modules)?;
    split(&wasm, &modules)?;
    bindgen(&modules)?;
    optimise(&modules)?;
    let dist = split_target.join("dist");
    reset_dir(&dist)?;
    let pkg = assemble(&modules, &dist)?;
    announce(format!(
        "split console in {} (modules under /{pkg}/)",
        dist.display()
    ));
    crate::bench::precompress::dist(&dist)?;
    Ok(dist)
}

/// Step 1. Its own target directory: the flags differ from the ones
/// `.cargo/config.toml` gives the wasm tests, and sharing `target/` would
/// rebuild everyone's wasm tests after each split build and back.
fn cargo_build(split_target: &Path) -> Result<PathBuf> {
    announce("building the console for splitting: cargo build --release --cfg wasm_split");
    cmd::run(
        cmd::cargo(&[
            "build",
            "--release",
            "-p",
            "sandbox-console",
            "--bin",
            "sandbox-console",
            "--target",
            "wasm32-unknown-unknown",
        ])
        .arg("--target-dir")
        .arg(split_target)
        // RUSTFLAGS replaces the config file's wasm flags, so they are repeated.
        .env(
            "RUSTFLAGS",
            "--cfg erase_components --cfg wasm_split -Clink-args=--emit-relocs",
        ),
    )?;
    Ok(split_target.join("wasm32-unknown-unknown/release/sandbox-console.wasm"))
}

/// Step 2.
fn split(wasm: &Path, modules: &Path) -> Result<()> {
    announce("splitting the lazy routes into chunks: wasm-split-cli");
    cmd::run(cmd::command("wasm-split-cli").arg(wasm).arg(modules).args([
        "--target",
        "web",
        "--out-name",
        OUT_NAME,
    ]))
}

/// Step 3: replaces wasm-split's main module with wasm-bindgen's output.
fn bindgen(modules: &Path) -> Result<()> {
    announce("generating the JavaScript bindings of the main module: wasm-bindgen");
    let main = modules.join(format!("{OUT_NAME}.wasm"));
    cmd::run(
        cmd::command("wasm-bindgen")
            .args([
                "--target",
                "web",
                "--keep-lld-exports",
                "--no-demangle",
                "--out-name",
                OUT_NAME,
                "--out-dir",
            ])
            .arg(modules)
            .arg(&main),
    )?;
    std::fs::remove_file(&main).with_context(|| format!("removing {}", main.display()))
}

/// Step 4, one module at a time (each is a few seconds on two cores).
fn optimise(modules: &Path) -> Result<()> {
    for wasm in files_with_extension(modules, "wasm")? {
        announce(format!(
            "optimising {} for size: wasm-opt -Oz",
            file_name(&wasm)
        ));
        cmd::run(
            cmd::command("wasm-opt")
                .args(["-Oz", "--enable-bulk-memory"])
                .arg(&wasm)
                .arg("-o")
                .arg(&wasm),
        )?;
    }
    Ok(())
}

/// Step 5. The modules name each other (`console.js` and `__wasm_split.js`
/// import one another; the loader names every chunk), so rather than
/// rewrite names inside them, they keep their names in a directory named
/// by the hash of them all: a new build is a new URL for every module.
/// Returns that directory's name.
fn assemble(modules: &Path, dist: &Path) -> Result<String> {
    let pkg = format!("pkg-{}", hash_files(&files_with_extension(modules, "")?)?);
    copy_files(modules, &dist.join(&pkg))?;

    let style = cmd::workspace_root().join("style/main.css");
    let css = read(&style)?;
    let css_name = format!("main-{}.css", hash_bytes(css.as_bytes()));
    write(&dist.join(&css_name), &css)?;

    let template = read(&cmd::workspace_root().join("index.html"))?;
    write(
        &dist.join("index.html"),
        &index_html(&template, &pkg, &css_name)?,
    )?;
    Ok(pkg)
}

/// `index.html` with Trunk's two asset links replaced by the built files.
/// The start script fires `ConsoleStarted` with the wasm exports, which the
/// benchmark reads the wasm memory from.
fn index_html(template: &str, pkg: &str, css_name: &str) -> Result<String> {
    let js = format!("/{pkg}/{OUT_NAME}.js");
    let wasm = format!("/{pkg}/{OUT_NAME}_bg.wasm");
    let mut html = String::new();
    let (mut rust, mut css) = (false, false);
    for line in template.lines() {
        let indent = &line[..line.len() - line.trim_start().len()];
        if line.trim_start().starts_with(TRUNK_RUST_LINK) {
            rust = true;
            writeln!(
                html,
                r#"{indent}<link rel="modulepreload" href="{js}" crossorigin>"#
            )?;
            writeln!(
                html,
                r#"{indent}<link rel="preload" href="{wasm}" as="fetch" type="application/wasm" crossorigin>"#
            )?;
            writeln!(
                html,
                r#"{indent}<script type="module">import init from "{js}"; const wasm = await init({{ module_or_path: "{wasm}" }}); dispatchEvent(new CustomEvent("ConsoleStarted", {{ detail: {{ wasm }} }}));</script>"#
            )?;
        } else if line.trim() == TRUNK_CSS_LINK {
            css = true;
            writeln!(
                html,
                r#"{indent}<link rel="stylesheet" href="/{css_name}">"#
            )?;
        } else {
            writeln!(html, "{line}")?;
        }
    }
    if !(rust && css) {
        bail!("index.html no longer has Trunk's `{TRUNK_RUST_LINK}` and `{TRUNK_CSS_LINK}` lines, which the split build replaces");
    }
    Ok(html)
}

fn hash_files(files: &[PathBuf]) -> Result<String> {
    let mut hasher = DefaultHasher::new();
    for file in files {
        hasher.write(file_name(file).as_bytes());
        hasher.write(&std::fs::read(file).with_context(|| format!("reading {}", file.display()))?);
    }
    Ok(format!("{:016x}", hasher.finish()))
}

/// A name for cache busting only: `DefaultHasher::new()` has fixed keys,
/// so the same bytes give the same name in every build with one toolchain.
fn hash_bytes(bytes: &[u8]) -> String {
    let mut hasher = DefaultHasher::new();
    hasher.write(bytes);
    format!("{:016x}", hasher.finish())
}

/// The files directly in `dir` whose names end with `.{extension}` (all
/// files for ""), sorted so that hashes do not depend on directory order.
fn files_with_extension(dir: &Path, extension: &str) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        let matches = extension.is_empty() || path.extension().is_some_and(|ext| ext == extension);
        if path.is_file() && matches {
            files.push(path);
        } else if path.is_dir() {
            bail!("{} holds a directory, {}, which the split build does not expect (wasm-bindgen snippets?)", dir.display(), path.display());
        }
    }
    files.sort();
    Ok(files)
}

fn copy_files(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to).with_context(|| format!("creating {}", to.display()))?;
    for file in files_with_extension(from, "")? {
        let target = to.join(file_name(&file));
        std::fs::copy(&file, &target)
            .with_context(|| format!("copying {} to {}", file.display(), target.display()))?;
    }
    Ok(())
}

fn reset_dir(dir: &Path) -> Result<()> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).with_context(|| format!("removing {}", dir.display()))?;
    }
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

fn write(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_html_replaces_trunks_links_and_keeps_the_rest() {
        let template = "<head>\n    <title>T</title>\n    <link data-trunk rel=\"rust\" data-bin=\"x\">\n    <link data-trunk rel=\"css\" href=\"style/main.css\">\n</head>\n";
        let html = index_html(template, "pkg-1", "main-2.css").unwrap();
        assert!(html.contains("    <title>T</title>\n"));
        assert!(!html.contains("data-trunk"));
        assert!(html.contains(r#"<link rel="modulepreload" href="/pkg-1/console.js" crossorigin>"#));
        assert!(html.contains(r#"import init from "/pkg-1/console.js""#));
        assert!(html.contains(r#"module_or_path: "/pkg-1/console_bg.wasm""#));
        assert!(html.contains(r#"<link rel="stylesheet" href="/main-2.css">"#));
        // Only the main module is preloaded: a chunk waits for its route.
        assert_eq!(html.matches("preload").count(), 2);
    }

    #[test]
    fn index_html_refuses_a_template_without_trunks_links() {
        assert!(index_html("<head></head>", "pkg-1", "main-2.css").is_err());
    }

    /// The real template still has the two lines the build replaces.
    #[test]
    fn the_projects_index_html_fits() {
        let template = read(&cmd::workspace_root().join("index.html")).unwrap();
        index_html(&template, "pkg-1", "main-2.css").unwrap();
    }
}
