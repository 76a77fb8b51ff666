//! The Markdown report (printed, and written to
//! docs/benchmarks.md with the machine it ran on).

use std::fmt::Write;

use crate::browser::LoadTimes;
use crate::machine::Machine;
use crate::measure::{ColdLoads, Interactions, Memory, MemoryUse, RouteLoad, Transfer};
use crate::server::ServerFigures;
use crate::stats::Samples;
use crate::{data, plan};

/// Everything measured in one run.
pub struct Results {
    pub machine: Machine,
    pub transfers: Vec<Transfer>,
    pub cold: ColdLoads,
    pub interactions: Interactions,
    /// The same interactions on the vanilla page: what the machine itself
    /// takes to fetch, render and paint such a table.
    pub vanilla_interactions: Interactions,
    /// The console's interactions at the list's default page size.
    pub default_page_interactions: Interactions,
    pub memory: Memory,
    pub server: ServerFigures,
    pub routes: Vec<RouteLoad>,
    pub export: crate::export::ExportRun,
    pub bulk: crate::bulk::BulkFigures,
}

pub(crate) const KB: f64 = 1000.0;
pub(crate) const MB: f64 = 1000.0 * 1000.0;

impl Results {
    /// Whether every budget is met.
    pub fn all_met(&self) -> bool {
        self.budgets().iter().all(|budget| budget.met)
    }

    /// The whole report as Markdown.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        let m = &self.machine;
        let _ = writeln!(out, "# Benchmarks\n");
        let _ = writeln!(
            out,
            "Written by `cargo xtask bench` on {}: {} ({} cores), {} RAM, {}. \
             Release console split into chunks (`xtask/src/build/split.rs`: wasm-split, wasm-bindgen, wasm-opt `-Oz` from binaryen 132 per module, gzip -9 and brotli -11 copies of each file) served by \
             `sandboxd --static` built with the `server` profile, on loopback; headless Chromium \
             through chromedriver, HTTP cache disabled. Absolute times drift on a shared machine; \
             the ratios are the figures to compare between runs.\n",
            m.date, m.cpu, m.cores, m.memory, m.chromium
        );

        let _ = writeln!(out, "## Budgets\n");
        let _ = writeln!(
            out,
            "| Budget | Limit | Measured | Met |\n|---|---|---|---|"
        );
        for budget in self.budgets() {
            let met = if budget.met { "yes" } else { "**no**" };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {met} |",
                budget.what, budget.limit, budget.measured
            );
        }

        self.transfer_section(&mut out);
        self.cold_section(&mut out);
        self.interaction_section(&mut out);
        self.memory_section(&mut out);
        self.server_section(&mut out);
        self.routes_section(&mut out);
        out
    }

    fn transfer_section(&self, out: &mut String) {
        let _ = writeln!(
            out,
            "\n## 1. Transfer size of the first load\n\n\
             Every same-origin file Chromium fetched for `{}` apart from API calls (from Resource \
             Timing), fetched again with `Accept-Encoding: identity`, `gzip` and `br`; sizes are \
             response bodies as sent (1 KB = 1000 bytes). \"Chromium got\" is the body Chromium \
             received on its cold load.\n",
            plan::console_list_path()
        );
        let _ = writeln!(out, "| File | On disk | Raw | gzip | brotli | Chromium got |\n|---|---:|---:|---:|---:|---:|");
        let offered = |size: Option<u64>| size.map_or_else(|| "not offered".to_owned(), kb);
        for t in &self.transfers {
            let mismatch = if t.on_disk == t.identity {
                ""
            } else {
                " (≠ raw!)"
            };
            let _ = writeln!(
                out,
                "| `{}` | {}{mismatch} | {} | {} | {} | {} |",
                t.path,
                kb(t.on_disk),
                kb(t.identity),
                offered(t.gzip),
                offered(t.brotli),
                kb(t.received)
            );
        }
        let sum = |f: &dyn Fn(&Transfer) -> u64| self.transfers.iter().map(f).sum::<u64>();
        let brotli_total = self.transfers.iter().map(|t| t.brotli).sum::<Option<u64>>();
        let _ = writeln!(
            out,
            "| **total** | {} | {} | **{}** | {} | {} |",
            kb(sum(&|t| t.on_disk)),
            kb(sum(&|t| t.identity)),
            kb(self.gzip_total()),
            offered(brotli_total),
            kb(sum(&|t| t.received))
        );
    }

    fn cold_section(&self, out: &mut String) {
        let c = &self.cold;
        let _ = writeln!(
            out,
            "\n## 2. Cold load to content\n\n\
             Milestones from navigation start to the first {} rows of `{}`'s list in the DOM and \
             painted (the first frame after), with an empty HTTP cache, the token already in \
             sessionStorage; \
             {} loads of each page, alternating which goes first. The vanilla page \
             (`bench/vanilla/index.html`, served at `/vanilla/`) makes the same API call with the \
             same token and query and renders the same columns with plain DOM calls.\n",
            plan::FIRST_ROWS,
            data::OWNER,
            plan::COLD_LOADS
        );
        let _ = writeln!(out, "{}", timing_header());
        for (page, loads) in [("console", &c.console), ("vanilla", &c.vanilla)] {
            let milestones: [(&str, Milestone); 8] = [
                ("HTML received", |t| Some(t.document_at)),
                ("wasm received", |t| t.wasm_at),
                ("wasm started (main has run)", |t| t.started_at),
                ("list request sent", |t| Some(t.list_sent_at)),
                ("/me response received", |t| t.me_received_at),
                ("list response received", |t| Some(t.list_received_at)),
                ("rows in the DOM", |t| Some(t.rows_at)),
                ("**rows painted**", |t| Some(t.painted_at)),
            ];
            for (milestone, at) in milestones {
                let samples = ColdLoads::samples(loads, at);
                if !samples.is_empty() {
                    timing_row(out, &format!("{page}: {milestone}"), &samples);
                }
            }
        }
        let most_requests =
            |loads: &[LoadTimes]| loads.iter().map(|t| t.list_requests).max().unwrap_or(0);
        let _ = writeln!(
            out,
            "\nList requests before the rows showed, at most: console {}, vanilla {}.",
            most_requests(&c.console),
            most_requests(&c.vanilla)
        );
        let painted = |loads| ColdLoads::samples(loads, |t| Some(t.painted_at)).median();
        let _ = writeln!(
            out,
            "\n**Console ÷ vanilla, rows painted (medians): {:.2}×** ({} ÷ {}).",
            self.cold_ratio(),
            ms(painted(&c.console)),
            ms(painted(&c.vanilla))
        );
        let render = |loads| {
            ColdLoads::samples(loads, |t: &LoadTimes| Some(t.rows_at - t.list_received_at)).median()
        };
        let _ = writeln!(
            out,
            "\nFirst render of the {} rows (list response received → rows in the DOM, medians): \
             console {}, vanilla {}: **{:.2}×**.",
            plan::FIRST_ROWS,
            ms(render(&c.console)),
            ms(render(&c.vanilla)),
            self.first_render_ratio()
        );
    }

    fn interaction_section(&self, out: &mut String) {
        let (i, v) = (&self.interactions, &self.vanilla_interactions);
        let page = if i.page_rows == plan::INTERACTION_ROWS {
            format!("{} rows a page", i.page_rows)
        } else {
            format!(
                "{} rows a page: {} were asked for with `limit={}` in the URL, but the console's \
                 list has a fixed page size and ignores it",
                i.page_rows,
                plan::INTERACTION_ROWS,
                plan::INTERACTION_ROWS
            )
        };
        let _ = writeln!(
            out,
            "\n## 3. Interaction\n\n\
             `{}` with {} sandboxes for `{}`, {page}. From the action (the status select changed \
             between `active` and `failed`: it is not debounced; a click on the Name header, \
             flipping name ↔ -name) to the table showing the rows the API returns for the new \
             state (their count, first and last names), and to the first paint after that. \
             {} runs each after {} warm-up runs. The vanilla page (`{}`) does the same with its \
             own status select and Name button: it shows what fetching, rendering and painting \
             this table takes on this machine without the console.\n",
            plan::interaction_list_path(),
            data::OWNER_SANDBOXES,
            data::OWNER,
            plan::INTERACTION_RUNS,
            plan::WARM_UP_RUNS,
            plan::vanilla_interaction_path()
        );
        let _ = writeln!(out, "{}", timing_header());
        for (page, i) in [("console", i), ("vanilla", v)] {
            timing_row(
                out,
                &format!("{page}: filter change: table updated"),
                &i.filter_dom,
            );
            timing_row(
                out,
                &format!("{page}: filter change: painted"),
                &i.filter_painted,
            );
            timing_row(
                out,
                &format!("{page}: sort click: table updated"),
                &i.sort_dom,
            );
            timing_row(
                out,
                &format!("{page}: sort click: painted"),
                &i.sort_painted,
            );
        }
        let d = &self.default_page_interactions;
        let rows = d.page_rows;
        timing_row(
            out,
            &format!("console, {rows} rows: filter change: painted"),
            &d.filter_painted,
        );
        timing_row(
            out,
            &format!("console, {rows} rows: sort click: painted"),
            &d.sort_painted,
        );
        let ratio = |console: &Samples, vanilla: &Samples| console.median() / vanilla.median();
        let _ = writeln!(
            out,
            "\nConsole ÷ vanilla, painted (medians): filter change {:.2}×, sort click {:.2}×.",
            ratio(&i.filter_painted, &v.filter_painted),
            ratio(&i.sort_painted, &v.sort_painted)
        );
    }

    fn memory_section(&self, out: &mut String) {
        let m = &self.memory;
        let _ = writeln!(
            out,
            "\n## 4. Memory\n\n\
             JS heap in use after a forced full GC (DevTools `HeapProfiler.collectGarbage`, \
             `Runtime.getHeapUsage`) plus the console's WebAssembly memory (`memory.buffer.byteLength`, \
             which never shrinks), after the list's first load and after {} round trips list → \
             detail → list by clicking links (client-side navigation).\n",
            plan::ROUND_TRIPS
        );
        let _ = writeln!(
            out,
            "| | JS heap | wasm memory | total |\n|---|---:|---:|---:|"
        );
        let row = |out: &mut String, label: &str, use_: MemoryUse| {
            let _ = writeln!(
                out,
                "| {label} | {} | {} | {} |",
                mb(use_.js_heap),
                mb(use_.wasm),
                mb(use_.total())
            );
        };
        row(out, "after load", m.after_load);
        row(
            out,
            &format!("after {} round trips", plan::ROUND_TRIPS / 2),
            m.halfway,
        );
        row(
            out,
            &format!("after {} round trips", plan::ROUND_TRIPS),
            m.after_round_trips,
        );
        let js = m.after_round_trips.js_heap as i64 - m.after_load.js_heap as i64;
        let wasm = m.after_round_trips.wasm as i64 - m.after_load.wasm as i64;
        let _ = writeln!(
            out,
            "| **growth** | {} | {} | **{}** |",
            mb_signed(js),
            mb_signed(wasm),
            mb_signed(self.memory_growth())
        );
    }

    fn routes_section(&self, out: &mut String) {
        let _ = writeln!(
            out,
            "\n## 6. Lazy routes\n\n\
             Each route outside the first module, visited once in one session from a cold load \
             of `{}&status=active` (HTTP cache disabled): New sandbox (and back), then the first row's detail \
             page and its tabs in turn. The chunks are the wasm files fetched between the click \
             (a script click, so no hover prefetch) and the route's content, their sizes the gzip \
             copies; the time runs from the click to the first paint with the content.\n",
            plan::console_list_path()
        );
        let _ = writeln!(
            out,
            "| Route | Chunks fetched | gzip | Click to content |\n|---|---|---:|---:|"
        );
        for load in &self.routes {
            let names: Vec<String> = load
                .chunks
                .iter()
                .map(|(path, _)| format!("`{}`", path.rsplit('/').next().unwrap_or(path)))
                .collect();
            let gzip: u64 = load.chunks.iter().map(|(_, size)| size).sum();
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                load.route,
                if names.is_empty() {
                    "none".to_owned()
                } else {
                    names.join(", ")
                },
                kb(gzip),
                ms(load.click_to_content_ms)
            );
        }
    }

    fn server_section(&self, out: &mut String) {
        let s = &self.server;
        let _ = writeln!(
            out,
            "\n## 5. Server\n\n\
             The server's own list benchmark (`{}`): {}\n",
            s.command, s.setup
        );
        let _ = writeln!(out, "| Median | p99 | Requests/s |\n|---:|---:|---:|");
        let _ = writeln!(
            out,
            "| {} | {} | {:.0} |",
            ms(s.median_ms),
            ms(s.p99_ms),
            s.requests_per_second
        );
    }
}

/// The line after which docs/benchmarks.md holds hand-written notes
/// (causes of missed budgets, what was changed), kept across runs.
const NOTES_MARKER: &str =
    "<!-- Notes below this line are written by hand and kept by `cargo xtask bench`. -->";

/// Writes `markdown` to `path`, followed by the notes section of the file
/// that is there (or an empty one).
pub fn write_keeping_notes(path: &std::path::Path, markdown: &str) -> std::io::Result<()> {
    let existing = std::fs::read_to_string(path).unwrap_or_default();
    let notes = existing
        .split_once(NOTES_MARKER)
        .map_or("\n\n## Notes\n", |(_, notes)| notes);
    std::fs::write(path, format!("{markdown}\n{NOTES_MARKER}{notes}"))
}

/// When, in one load, something happened (if it happens on that page).
type Milestone = fn(&LoadTimes) -> Option<f64>;

fn timing_header() -> &'static str {
    "| | Median | p90 | Min | Max | Runs |\n|---|---:|---:|---:|---:|---:|"
}

fn timing_row(out: &mut String, label: &str, samples: &Samples) {
    let _ = writeln!(
        out,
        "| {label} | {} | {} | {} | {} | {} |",
        ms(samples.median()),
        ms(samples.percentile(90.0)),
        ms(samples.min()),
        ms(samples.max()),
        samples.len()
    );
}

pub(crate) fn ms(value: f64) -> String {
    format!("{value:.1} ms")
}

pub(crate) fn kb(bytes: u64) -> String {
    format!("{:.1} KB", bytes as f64 / KB)
}

fn mb(bytes: u64) -> String {
    format!("{:.2} MB", bytes as f64 / MB)
}

pub(crate) fn mb_signed(bytes: i64) -> String {
    format!("{:+.2} MB", bytes as f64 / MB)
}
