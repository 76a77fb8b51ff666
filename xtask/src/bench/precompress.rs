//! Pre-compressed copies of the built console: `sandboxd --static` sends
//! `file.br` or `file.gz` to browsers that accept them, so no request pays
//! for compressing the wasm module on the fly (hundreds of milliseconds of
//! CPU on a cold load here), and brotli at its best level, which is too slow
//! to run per request, gets to shrink it.
//!
//! Node's zlib does the work: Node is already on every machine that builds
//! the console (npm installs wasm-opt), so xtask needs no compression crates.

use std::path::Path;

use anyhow::Result;

use crate::cmd::{self, announce};

/// Writes `.gz` (level 9) and `.br` (quality 11) beside every HTML, JS,
/// wasm and CSS file under `dir`, replacing older ones.
const COMPRESS_JS: &str = r#"
const fs = require("fs"), path = require("path"), zlib = require("zlib");
const compress = (dir) => {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) { compress(file); continue; }
    if (!/\.(html|js|wasm|css)$/.test(entry.name)) continue;
    const data = fs.readFileSync(file);
    fs.writeFileSync(file + ".gz", zlib.gzipSync(data, { level: 9, memLevel: 9 }));
    fs.writeFileSync(file + ".br", zlib.brotliCompressSync(data, { params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    } }));
  }
};
compress(process.argv[1]);
"#;

pub fn dist(dir: &Path) -> Result<()> {
    announce(format!(
        "pre-compressing {} (gzip -9 and brotli -11 copies, which sandboxd --static serves)",
        dir.display()
    ));
    cmd::run(cmd::command("node").args(["-e", COMPRESS_JS]).arg(dir))
}
