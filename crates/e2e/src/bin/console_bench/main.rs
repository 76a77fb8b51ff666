//! `console_bench`: the measuring half of `cargo xtask bench` (issues 7 and 19).
//! xtask builds the release console, sandboxd and the vanilla page into one
//! site, runs the server's own list benchmark, then runs this with:
//!
//! ```text
//! SANDBOX_DIST=<site> SANDBOXD_BIN=<sandboxd> CHROMEDRIVER=<driver> \
//!   console_bench --server-output <file> --server-command <how it ran> --write docs/benchmarks.md
//! ```
//!
//! It lives beside the end-to-end harness because it needs exactly that
//! harness (sandboxd + chromedriver + headless Chromium, thirtyfour for
//! WebDriver and DevTools), which keeps xtask free of browser and HTTP
//! dependencies. It is a benchmark, not a test: nothing runs it in CI.
//!
//! The timings are taken inside the page (`performance.now()`, a
//! MutationObserver, the frame after), so WebDriver's round trips do not
//! count; see the `.js` files beside this one.

mod browser;
mod budgets;
mod bulk;
mod export;
mod machine;
mod measure;
mod report;
mod server;
mod stats;

use std::path::PathBuf;
use std::process::ExitCode;

use sandbox_e2e::E2e;

use crate::browser::Browser;
use crate::machine::Machine;
use crate::report::Results;

/// The data the bench runs against (see `data::SERVER_ARGS`).
mod data {
    /// The owner with many sandboxes, in the demo's first account
    /// (`sandboxd::bench_seed::BENCH_OWNER`).
    pub const OWNER: &str = "bench_owner";
    pub const OWNER_SANDBOXES: u64 = 10_000;
    /// Admin of the account holding `OWNER`'s sandboxes.
    pub const TOKEN: &str = sandbox_e2e::tokens::ADMIN;
    /// sandboxd flags adding the bench's sandboxes to the demo data
    /// (crates/server/src/bench_seed.rs): 100,000 in all, 10,000 of them `OWNER`'s.
    pub const SERVER_ARGS: &[&str] =
        &["--bench-seed", "100000", "--bench-owner-sandboxes", "10000"];
}

/// What is measured how often, and where.
mod plan {
    pub const COLD_LOADS: usize = 15;
    /// The rows a cold load waits for: the list's default page.
    pub const FIRST_ROWS: u64 = 50;
    pub const INTERACTION_ROWS: u64 = 200;
    pub const INTERACTION_RUNS: usize = 25;
    /// Discarded runs first: JIT and allocator warm-up.
    pub const WARM_UP_RUNS: usize = 3;
    pub const ROUND_TRIPS: usize = 100;
    /// The API's default order, which the list starts in.
    pub const DEFAULT_SORT: &str = "-created_at";
    /// The list's status filter, and the Name column's sort button.
    pub const STATUS_FILTER_SELECTOR: &str = "select#filter-status";
    pub const NAME_SORT_SELECTOR: &str = "th button.sort-button[data-sort='name']";

    pub fn console_list_path() -> String {
        format!("/sandboxes?owner_id={}", super::data::OWNER)
    }

    pub fn vanilla_list_path() -> String {
        format!("/vanilla/?owner_id={}", super::data::OWNER)
    }

    pub fn interaction_list_path() -> String {
        format!(
            "/sandboxes?owner_id={}&limit={INTERACTION_ROWS}",
            super::data::OWNER
        )
    }

    pub fn vanilla_interaction_path() -> String {
        format!(
            "/vanilla/?owner_id={}&limit={INTERACTION_ROWS}",
            super::data::OWNER
        )
    }
}

struct Args {
    server_output: PathBuf,
    server_command: String,
    write: Option<PathBuf>,
}

impl Args {
    fn parse() -> Result<Args, String> {
        let mut server_output = None;
        let mut server_command = None;
        let mut write = None;
        let mut args = std::env::args().skip(1);
        while let Some(flag) = args.next() {
            let mut value = || args.next().ok_or(format!("{flag} needs a value"));
            match flag.as_str() {
                "--server-output" => server_output = Some(PathBuf::from(value()?)),
                "--server-command" => server_command = Some(value()?),
                "--write" => write = Some(PathBuf::from(value()?)),
                _ => return Err(format!("unknown argument {flag}")),
            }
        }
        Ok(Args {
            server_output: server_output.ok_or("--server-output FILE is required")?,
            server_command: server_command.ok_or("--server-command TEXT is required")?,
            write,
        })
    }
}

const USAGE: &str =
    "usage: console_bench --server-output FILE --server-command TEXT [--write docs/benchmarks.md]
       console_bench --only-bulk   (issue 18's bulk figures alone, printed)
(run by `cargo xtask bench`, which sets SANDBOX_DIST, SANDBOXD_BIN and CHROMEDRIVER)";

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    if std::env::args().nth(1).as_deref() == Some("--only-bulk") {
        return bulk::alone().await;
    }
    let args = match Args::parse() {
        Ok(args) => args,
        Err(problem) => {
            eprintln!("console_bench: {problem}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let Some(dist) = std::env::var_os("SANDBOX_DIST").map(PathBuf::from) else {
        eprintln!("console_bench: SANDBOX_DIST is not set\n{USAGE}");
        return ExitCode::from(2);
    };
    let server = server::ServerFigures::parse(&args.server_output, &args.server_command)
        .unwrap_or_else(|problem| panic!("the server benchmark's output: {problem}"));

    step("starting sandboxd with the bench data, chromedriver and headless Chromium");
    let e2e = E2e::start_with_server_args(data::SERVER_ARGS).await;
    let browser = Browser::prepare(&e2e, data::TOKEN, plan::FIRST_ROWS).await;
    let machine = Machine::describe(browser.version().await);

    step(&format!(
        "2. cold loads: {} of the console and of the vanilla page",
        plan::COLD_LOADS
    ));
    let cold = measure::cold_loads(&browser).await;
    step("1. transfer size of the console's first load");
    browser.cold_load(&plan::console_list_path()).await;
    let resources = measure::first_load_resources(&browser).await;
    let transfers = measure::transfer(e2e.base_url(), &dist, &resources).await;
    step(&format!(
        "3. interaction: {} filter changes and sort clicks on {} sandboxes, console and vanilla",
        plan::INTERACTION_RUNS,
        data::OWNER_SANDBOXES
    ));
    let interactions = measure::interactions(&browser, &plan::interaction_list_path()).await;
    let vanilla_interactions =
        measure::interactions(&browser, &plan::vanilla_interaction_path()).await;
    let default_page_interactions =
        measure::interactions(&browser, &plan::console_list_path()).await;
    step(&format!(
        "4. memory: {} round trips list → detail → list",
        plan::ROUND_TRIPS
    ));
    let memory = measure::memory(&browser).await;
    step("6. lazy routes: the first visit of each, from a cold load of the list");
    let routes = measure::routes(&browser, &dist).await;
    step(&format!(
        "7. Export CSV of {} sandboxes",
        data::OWNER_SANDBOXES
    ));
    let export = export::export(&browser).await;
    step("8. bulk: select all 1,000 matching, refresh 100 sandboxes");
    let bulk = bulk::measure(&browser).await;

    let results = Results {
        machine,
        transfers,
        cold,
        interactions,
        vanilla_interactions,
        default_page_interactions,
        memory,
        server,
        routes,
        export,
        bulk,
    };
    let markdown = results.markdown();
    println!("\n{markdown}");
    if let Some(path) = &args.write {
        report::write_keeping_notes(path, &markdown)
            .unwrap_or_else(|error| panic!("writing {}: {error}", path.display()));
        step(&format!("written to {}", path.display()));
    }
    if results.all_met() {
        ExitCode::SUCCESS
    } else {
        step("some budgets are missed (see the table)");
        ExitCode::FAILURE
    }
}

fn step(message: &str) {
    println!("[bench] {message}");
}
