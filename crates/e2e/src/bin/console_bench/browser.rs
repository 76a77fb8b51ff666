//! The bench's hold on the harness's Chromium: DevTools commands through
//! chromedriver (`goog/cdp/execute`), page scripts, and cold page loads.

use std::time::{Duration, Instant};

use sandbox_api::{ME_PATH, SANDBOXES_PATH};
use sandbox_e2e::{E2e, TOKEN_STORAGE_KEY};
use serde::Deserialize;
use serde_json::{json, Value};

/// Installed on every new document; see the file.
const PROBE_JS: &str = include_str!("probe.js");

/// How long a page may take to show its rows.
const PAGE_TIMEOUT: Duration = Duration::from_secs(30);

pub struct Browser<'a> {
    e2e: &'a E2e,
}

/// Milestones of one load, in ms since navigation start: what the probe
/// recorded and what Resource Timing says about the requests.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoadTimes {
    /// The HTML document was in.
    pub document_at: f64,
    /// The wasm module was downloaded (console only).
    pub wasm_at: Option<f64>,
    /// The wasm module's main had run (console only).
    pub started_at: Option<f64>,
    /// The (first) list request went out; the response that was rendered
    /// (the last one before the rows showed) was in.
    pub list_sent_at: f64,
    pub list_received_at: f64,
    /// How many list requests the page made before the rows showed.
    pub list_requests: u32,
    /// `GET /api/v1/me` was answered (console only).
    pub me_received_at: Option<f64>,
    /// The table held the rows asked for.
    pub rows_at: f64,
    /// The first frame after that was painted.
    pub painted_at: f64,
}

/// Collects `LoadTimes` once the probe has seen the rows painted; its
/// arguments are the list's and `/me`'s paths.
const LOAD_TIMES_JS: &str = "
const [listPath, mePath] = arguments;
const bench = window.__bench;
if (!bench || bench.paintedAt === null) return null;
const navigation = performance.getEntriesByType('navigation')[0];
const resources = performance.getEntriesByType('resource');
const wasm = resources.find((e) => new URL(e.name).pathname.endsWith('.wasm'));
const lists = resources.filter((e) => new URL(e.name).pathname === listPath && e.responseEnd <= bench.rowsAt);
const me = resources.find((e) => new URL(e.name).pathname === mePath);
if (lists.length === 0) throw new Error('rows without a list request');
return {
  documentAt: navigation.responseEnd,
  wasmAt: wasm ? wasm.responseEnd : null,
  startedAt: bench.startedAt,
  listSentAt: lists[0].startTime,
  listReceivedAt: lists[lists.length - 1].responseEnd,
  listRequests: lists.length,
  meReceivedAt: me ? me.responseEnd : null,
  rowsAt: bench.rowsAt,
  paintedAt: bench.paintedAt,
};";

impl<'a> Browser<'a> {
    /// Disables the HTTP cache for good and installs the probe, which
    /// presets `token` and watches for `rows` table rows in every document.
    pub async fn prepare(e2e: &'a E2e, token: &str, rows: u64) -> Browser<'a> {
        let browser = Browser { e2e };
        browser.cdp("Network.enable", json!({})).await;
        browser
            .cdp("Network.setCacheDisabled", json!({ "cacheDisabled": true }))
            .await;
        let settings = json!({ "tokenKey": TOKEN_STORAGE_KEY, "token": token, "rows": rows });
        let source = format!(
            "({})({settings});",
            PROBE_JS.trim_end().trim_end_matches(';')
        );
        browser
            .cdp(
                "Page.addScriptToEvaluateOnNewDocument",
                json!({ "source": source }),
            )
            .await;
        browser
    }

    pub fn e2e(&self) -> &E2e {
        self.e2e
    }

    /// A DevTools command on the page's target; panics with the command on failure.
    pub async fn cdp(&self, method: &str, params: Value) -> Value {
        self.e2e
            .browser()
            .cdp()
            .send_raw(method, params)
            .await
            .unwrap_or_else(|error| panic!("DevTools {method}: {error}"))
    }

    /// Runs `script` as the body of a function with `args` (a returned
    /// promise is awaited) and hands back what it returns.
    pub async fn script(&self, script: &str, args: Vec<Value>) -> Value {
        self.e2e
            .browser()
            .execute(script, args)
            .await
            .unwrap_or_else(|error| {
                panic!("page script failed: {error}\nscript: {}", excerpt(script))
            })
            .json()
            .clone()
    }

    /// Opens `path` from a blank page with an empty cache, as a first visit
    /// does (only the token is already in sessionStorage), and waits until
    /// the probe saw the rows painted.
    pub async fn cold_load(&self, path: &str) -> LoadTimes {
        self.e2e
            .browser()
            .goto("about:blank")
            .await
            .expect("opening about:blank");
        self.cdp("Network.clearBrowserCache", json!({})).await;
        self.e2e.goto(path).await;
        self.wait_for_rows(path).await
    }

    /// Waits until the probe has seen the rows painted in the current document.
    async fn wait_for_rows(&self, what: &str) -> LoadTimes {
        let deadline = Instant::now() + PAGE_TIMEOUT;
        loop {
            let times = self
                .script(LOAD_TIMES_JS, vec![json!(SANDBOXES_PATH), json!(ME_PATH)])
                .await;
            if !times.is_null() {
                return serde_json::from_value(times).expect("the probe's times");
            }
            if Instant::now() > deadline {
                panic!(
                    "{what}: no rows within {PAGE_TIMEOUT:?} (at {})",
                    self.e2e.current_url().await
                );
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// JS heap in use after a full garbage collection, in bytes.
    pub async fn js_heap_after_gc(&self) -> u64 {
        self.cdp("HeapProfiler.collectGarbage", json!({})).await;
        let usage = self.cdp("Runtime.getHeapUsage", json!({})).await;
        usage["usedSize"]
            .as_f64()
            .expect("Runtime.getHeapUsage has usedSize") as u64
    }

    /// The console's WebAssembly linear memory, in bytes (it never shrinks:
    /// its growth is what the allocator had to ask for).
    pub async fn wasm_memory(&self) -> u64 {
        let bytes = self
            .script(
                "const m = window.__bench && window.__bench.wasmMemory; return m ? m.buffer.byteLength : null;",
                vec![],
            )
            .await;
        bytes
            .as_u64()
            .expect("the console's wasm memory (index.html's ConsoleStarted event did not fire)")
    }

    /// Chromium's product name and version, e.g. `HeadlessChrome/156.0.8078.108`.
    pub async fn version(&self) -> String {
        let version = self.cdp("Browser.getVersion", json!({})).await;
        version["product"].as_str().unwrap_or("unknown").to_owned()
    }
}

fn excerpt(script: &str) -> String {
    script.chars().take(200).collect()
}
