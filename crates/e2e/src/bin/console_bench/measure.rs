//! The browser-side measurements of issues 7 and 19: transfer size, cold
//! load against the vanilla page, interaction, memory, and the lazy routes.

use std::path::{Path, PathBuf};

use reqwest::header::{ACCEPT_ENCODING, CONTENT_ENCODING};
use sandbox_api::SANDBOXES_PATH;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::browser::{Browser, LoadTimes};
use crate::stats::Samples;
use crate::{data, plan};

const INTERACT_JS: &str = include_str!("interact.js");
const ROUND_TRIPS_JS: &str = include_str!("round_trips.js");
const ROUTE_JS: &str = include_str!("route.js");

// ---- 1. transfer size ----

/// One file of the first load, as sent for each Accept-Encoding.
pub struct Transfer {
    /// The URL path, e.g. `/sandbox-console-1a2b.wasm`.
    pub path: String,
    pub on_disk: u64,
    pub identity: u64,
    /// None when the server answered that encoding with another.
    pub gzip: Option<u64>,
    pub brotli: Option<u64>,
    /// What Chromium received on its cold load (body bytes, as encoded).
    pub received: u64,
}

/// A same-origin, non-API resource of a cold load, from Resource Timing.
#[derive(Debug, Deserialize)]
pub struct LoadedResource {
    pub path: String,
    #[serde(rename = "encodedBodySize")]
    pub encoded_body_size: u64,
}

/// Everything the console fetched on its first load besides API calls: the
/// document and what it pulled in (JS, wasm, CSS, snippets).
pub async fn first_load_resources(browser: &Browser<'_>) -> Vec<LoadedResource> {
    let resources = browser
        .script(
            "return performance.getEntries()
               .filter((e) => e.entryType === 'navigation' || e.entryType === 'resource')
               .map((e) => ({ url: new URL(e.name), size: e.encodedBodySize }))
               .filter(({ url }) => url.origin === location.origin && !url.pathname.startsWith('/api/'))
               // The browser's own request, not the console's (answered with index.html).
               .filter(({ url }) => url.pathname !== '/favicon.ico')
               .map(({ url, size }) => ({ path: url.pathname + url.search, encodedBodySize: size }));",
            vec![],
        )
        .await;
    serde_json::from_value(resources).expect("resource timing entries")
}

/// Fetches each first-load file as identity, gzip and brotli, the way the
/// server sends it to a browser that asks for that encoding.
pub async fn transfer(base_url: &str, dist: &Path, resources: &[LoadedResource]) -> Vec<Transfer> {
    let client = reqwest::Client::new();
    let mut transfers = Vec::new();
    for resource in resources {
        let url = format!("{base_url}{}", resource.path);
        let (_, identity) = fetch(&client, &url, "identity").await;
        let as_wanted = |(served_as, bytes): (String, u64), wanted: &str| {
            (served_as == wanted).then_some(bytes)
        };
        let gzip = as_wanted(fetch(&client, &url, "gzip").await, "gzip");
        let brotli = as_wanted(fetch(&client, &url, "br").await, "br");
        let file = file_behind(dist, &resource.path);
        let on_disk = std::fs::metadata(&file)
            .unwrap_or_else(|error| panic!("{}: {error}", file.display()))
            .len();
        transfers.push(Transfer {
            path: resource.path.clone(),
            on_disk,
            identity,
            gzip,
            brotli,
            received: resource.encoded_body_size,
        });
    }
    transfers
}

/// GET with one Accept-Encoding: the Content-Encoding the server chose and
/// the body's size as sent (reqwest here does not decompress).
async fn fetch(client: &reqwest::Client, url: &str, encoding: &str) -> (String, u64) {
    let response = client
        .get(url)
        .header(ACCEPT_ENCODING, encoding)
        .send()
        .await
        .unwrap_or_else(|error| panic!("GET {url}: {error}"));
    assert!(
        response.status().is_success(),
        "GET {url}: {}",
        response.status()
    );
    let served_as = response
        .headers()
        .get(CONTENT_ENCODING)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("identity")
        .to_owned();
    let body = response
        .bytes()
        .await
        .unwrap_or_else(|error| panic!("GET {url}: {error}"));
    (served_as, body.len() as u64)
}

/// The dist file a path is served from: itself, or index.html for a route.
fn file_behind(dist: &Path, path: &str) -> PathBuf {
    let path = path
        .split('?')
        .next()
        .unwrap_or_default()
        .trim_start_matches('/');
    let file = dist.join(path);
    if path.is_empty() || !file.is_file() {
        dist.join("index.html")
    } else {
        file
    }
}

// ---- 2. cold load ----

pub struct ColdLoads {
    pub console: Vec<LoadTimes>,
    pub vanilla: Vec<LoadTimes>,
}

impl ColdLoads {
    /// One milestone over the loads of one page.
    pub fn samples(loads: &[LoadTimes], milestone: impl Fn(&LoadTimes) -> Option<f64>) -> Samples {
        let mut samples = Samples::default();
        for load in loads {
            if let Some(at) = milestone(load) {
                samples.push(at);
            }
        }
        samples
    }
}

/// `plan::COLD_LOADS` loads of each page, alternating which goes first so
/// that drift on the machine hits both alike.
pub async fn cold_loads(browser: &Browser<'_>) -> ColdLoads {
    let mut loads = ColdLoads {
        console: Vec::new(),
        vanilla: Vec::new(),
    };
    for run in 0..plan::COLD_LOADS {
        let console_first = run % 2 == 0;
        for console in [console_first, !console_first] {
            if console {
                loads
                    .console
                    .push(browser.cold_load(&plan::console_list_path()).await);
            } else {
                loads
                    .vanilla
                    .push(browser.cold_load(&plan::vanilla_list_path()).await);
            }
        }
    }
    loads
}

// ---- 3. interaction ----

pub struct Interactions {
    /// The rows a page of the list held (`plan::INTERACTION_ROWS` were
    /// asked for with `limit` in the URL).
    pub page_rows: u64,
    pub filter_dom: Samples,
    pub filter_painted: Samples,
    pub sort_dom: Samples,
    pub sort_painted: Samples,
}

/// The list state the bench drives, mirrored to ask the API what the table
/// must show after each action.
struct ListState {
    page_rows: u64,
    status: Option<&'static str>,
    sort: &'static str,
}

#[derive(Deserialize)]
struct InteractionTime {
    dom: f64,
    painted: f64,
}

/// Filter changes (status active ↔ failed) and sort clicks (name ↔ -name)
/// on `data::OWNER`'s list at `path` (the console's or the vanilla page's),
/// asking for `plan::INTERACTION_ROWS` rows a page.
pub async fn interactions(browser: &Browser<'_>, path: &str) -> Interactions {
    browser.cold_load(path).await;
    // A page without a page-size parameter shows its fixed page instead.
    let page_rows = browser
        .script(
            "return document.querySelectorAll('main tbody tr').length;",
            vec![],
        )
        .await
        .as_u64()
        .expect("a row count");
    let mut result = Interactions {
        page_rows,
        filter_dom: Samples::default(),
        filter_painted: Samples::default(),
        sort_dom: Samples::default(),
        sort_painted: Samples::default(),
    };
    let mut state = ListState {
        page_rows,
        status: None,
        sort: plan::DEFAULT_SORT,
    };

    for run in 0..plan::WARM_UP_RUNS + plan::INTERACTION_RUNS {
        let status = if run % 2 == 0 { "active" } else { "failed" };
        state.status = Some(status);
        let action =
            json!({ "kind": "select", "selector": plan::STATUS_FILTER_SELECTOR, "value": status });
        let time = interact(browser, action, &state).await;
        if run >= plan::WARM_UP_RUNS {
            result.filter_dom.push(time.dom);
            result.filter_painted.push(time.painted);
        }
    }
    for run in 0..plan::WARM_UP_RUNS + plan::INTERACTION_RUNS {
        // The name header sorts ascending first, then flips.
        state.sort = if state.sort == "name" {
            "-name"
        } else {
            "name"
        };
        let action = json!({ "kind": "click", "selector": plan::NAME_SORT_SELECTOR });
        let time = interact(browser, action, &state).await;
        if run >= plan::WARM_UP_RUNS {
            result.sort_dom.push(time.dom);
            result.sort_painted.push(time.painted);
        }
    }
    result
}

async fn interact(browser: &Browser<'_>, action: Value, state: &ListState) -> InteractionTime {
    let expected = expected_table(browser, state).await;
    let time = browser.script(INTERACT_JS, vec![action, expected]).await;
    serde_json::from_value(time).expect("the interaction's times")
}

/// `{count, first, last}` of the first page the API returns for `state`.
async fn expected_table(browser: &Browser<'_>, state: &ListState) -> Value {
    let mut path = format!(
        "{SANDBOXES_PATH}?owner_id={}&sort={}&limit={}",
        data::OWNER,
        state.sort,
        state.page_rows
    );
    if let Some(status) = state.status {
        path.push_str(&format!("&status={status}"));
    }
    let response = browser.e2e().api(data::TOKEN).get_json(&path).await;
    assert!(
        response.status.is_success(),
        "GET {path}: {} {}",
        response.status,
        response.body
    );
    let page = response.body.as_array().expect("a JSON array of sandboxes");
    let name = |sandbox: Option<&Value>| {
        sandbox
            .and_then(|s| s["name"].as_str())
            .unwrap_or_default()
            .to_owned()
    };
    json!({ "count": page.len(), "first": name(page.first()), "last": name(page.last()) })
}

// ---- 4. memory ----

/// JS heap (after a full GC) and wasm linear memory, in bytes.
#[derive(Clone, Copy)]
pub struct MemoryUse {
    pub js_heap: u64,
    pub wasm: u64,
}

impl MemoryUse {
    pub fn total(self) -> u64 {
        self.js_heap + self.wasm
    }
}

pub struct Memory {
    pub after_load: MemoryUse,
    /// Halfway: steady growth over both halves means a leak, growth in the
    /// first half only a cache filling up.
    pub halfway: MemoryUse,
    pub after_round_trips: MemoryUse,
}

/// Memory after the list's first load, and after half and all of
/// `plan::ROUND_TRIPS` round trips list → detail → list.
pub async fn memory(browser: &Browser<'_>) -> Memory {
    browser.cold_load(&plan::console_list_path()).await;
    let after_load = memory_use(browser).await;
    let half = json!(plan::ROUND_TRIPS / 2);
    let rows = json!(plan::FIRST_ROWS);
    browser
        .script(ROUND_TRIPS_JS, vec![half.clone(), rows.clone()])
        .await;
    let halfway = memory_use(browser).await;
    browser.script(ROUND_TRIPS_JS, vec![half, rows]).await;
    let after_round_trips = memory_use(browser).await;
    Memory {
        after_load,
        halfway,
        after_round_trips,
    }
}

async fn memory_use(browser: &Browser<'_>) -> MemoryUse {
    MemoryUse {
        js_heap: browser.js_heap_after_gc().await,
        wasm: browser.wasm_memory().await,
    }
}

// ---- 6. lazy routes ----

/// The first visit of one lazy route in a session.
pub struct RouteLoad {
    pub route: &'static str,
    /// The wasm chunks fetched between the click and the content, with
    /// their gzip copies' sizes on disk.
    pub chunks: Vec<(String, u64)>,
    /// From the click on its link to its content painted.
    pub click_to_content_ms: f64,
}

#[derive(Deserialize)]
struct RouteTime {
    ms: f64,
    chunks: Vec<String>,
}

/// Each lazy route reached the way a user does, from a cold load of the
/// list of active sandboxes (the HTTP cache is disabled throughout): New sandbox and back, then
/// a row's detail page and its tabs in turn, so every click fetches the
/// chunk of a route not yet visited.
pub async fn routes(browser: &Browser<'_>, dist: &Path) -> Vec<RouteLoad> {
    const VISITS: [(&str, &str, &str); 6] = [
        (
            "create",
            "main a[data-testid='new-sandbox']",
            "[data-testid='create-form']",
        ),
        (
            "detail (overview)",
            "main tbody tr a[href^='/sandboxes/']",
            "[data-testid='overview']",
        ),
        (
            "members",
            "main nav a[href$='/members']",
            "[data-testid='members-tab']",
        ),
        (
            "apps",
            "main nav a[href$='/apps']",
            "[data-testid='apps-tab']",
        ),
        (
            "sources",
            "main nav a[href$='/sources']",
            "[data-testid='sources-tab']",
        ),
        (
            "register source",
            "a[data-testid='source-register-link']",
            "[data-testid='register-source']",
        ),
    ];
    // Active sandboxes only: a data source can be registered on those.
    browser
        .cold_load(&format!("{}&status=active", plan::console_list_path()))
        .await;
    let mut loads = Vec::new();
    for (route, link, content) in VISITS {
        let time = browser
            .script(ROUTE_JS, vec![json!(link), json!(content)])
            .await;
        let time: RouteTime = serde_json::from_value(time).expect("the route's time");
        let chunks = time
            .chunks
            .into_iter()
            .map(|path| {
                let gzip = file_behind(dist, &path).with_extension("wasm.gz");
                let size = std::fs::metadata(&gzip)
                    .unwrap_or_else(|error| panic!("{}: {error}", gzip.display()))
                    .len();
                (path, size)
            })
            .collect();
        loads.push(RouteLoad {
            route,
            chunks,
            click_to_content_ms: time.ms,
        });
        if route == "create" {
            // Back to the list, whose rows the next visit waits for.
            browser.script("history.back();", vec![]).await;
        }
    }
    loads
}
