//! Issue 18's bulk figures: "Select all 1,000 matching" (the page must
//! keep answering input within 100 ms while it fetches, no task over
//! 50 ms), and a bulk refresh of 100 sandboxes against sandboxd on
//! loopback (wall time and the longest main-thread task; reported, no budget).

use std::process::ExitCode;

use sandbox_e2e::E2e;
use serde::Deserialize;

use crate::browser::Browser;
use crate::budgets::Budget;
use crate::report::ms;
use crate::{data, plan, step};

const BULK_JS: &str = include_str!("bulk.js");

/// The bench owner's names `bench-00000`… are fixed width: `bench-00`
/// matches exactly 1,000 of them, `bench-000` exactly 100.
const SELECT_ALL: (&str, u64) = ("bench-00", 1_000);
const REFRESH: (&str, u64) = ("bench-000", 100);

/// One timed run, as the page measured it.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BulkRun {
    pub ms: f64,
    /// 0 when no task took over 50 ms (the Long Tasks API's threshold).
    pub longest_task_ms: f64,
    /// When that task began, from the click.
    pub longest_task_at_ms: f64,
    /// The longest a task queued every 50 ms waited to run (or its timer fired late).
    pub longest_wait_ms: f64,
    pub summary: String,
}

#[derive(Debug, Clone)]
pub struct BulkFigures {
    pub select_all: BulkRun,
    pub refresh: BulkRun,
}

fn list_path((search, count): (&str, u64)) -> String {
    format!(
        "/sandboxes?owner_id={}&q={search}&limit={}",
        data::OWNER,
        count.min(200)
    )
}

/// Waits (in the page, up to 10 s) for `css`, then clicks it unless `just_wait`.
async fn when_there(browser: &Browser<'_>, css: &str, just_wait: bool) {
    let script = "const [css, justWait] = arguments;
        return new Promise((resolve, reject) => {
          const started = performance.now();
          const look = () => {
            const found = document.querySelector(css);
            if (found) { if (!justWait) found.click(); resolve(true); }
            else if (performance.now() - started > 10000) reject(new Error('no ' + css));
            else setTimeout(look, 20);
          };
          look();
        });";
    browser
        .script(script, vec![css.into(), just_wait.into()])
        .await;
}

/// Loads the list matching `search` and selects its first page (the header's checkbox).
async fn select_the_page(browser: &Browser<'_>, search: (&str, u64)) {
    browser.cold_load(&list_path(search)).await;
    when_there(browser, "[data-testid=page-select]", false).await;
}

pub async fn measure(browser: &Browser<'_>) -> BulkFigures {
    select_the_page(browser, SELECT_ALL).await;
    when_there(browser, "[data-testid=select-all-matching]", true).await;
    let select_all = run(browser, "select-all", SELECT_ALL.1).await;

    select_the_page(browser, REFRESH).await;
    when_there(browser, "[data-testid=bulk-refresh]", false).await;
    when_there(
        browser,
        "[data-testid=bulk-dialog][open] [data-testid=bulk-confirm]",
        true,
    )
    .await;
    let refresh = run(browser, "refresh", REFRESH.1).await;
    assert_eq!(
        refresh.summary, "Refresh finished: 100 succeeded, 0 failed.",
        "every refresh succeeded"
    );
    BulkFigures {
        select_all,
        refresh,
    }
}

async fn run(browser: &Browser<'_>, which: &str, expected: u64) -> BulkRun {
    serde_json::from_value(
        browser
            .script(BULK_JS, vec![which.into(), expected.into()])
            .await,
    )
    .unwrap_or_else(|error| panic!("the {which} figures: {error}"))
}

/// The longest task of `run`, and when it began.
fn longest(run: &BulkRun) -> String {
    if run.longest_task_ms == 0.0 {
        "none over 50 ms".to_owned()
    } else {
        format!(
            "{}, {} after the click",
            ms(run.longest_task_ms),
            ms(run.longest_task_at_ms)
        )
    }
}

impl BulkFigures {
    pub fn budgets(&self) -> [Budget; 4] {
        let (select, refresh) = (&self.select_all, &self.refresh);
        [
            Budget {
                what: "Select all 1,000 matching: longest wait of input while it fetches",
                limit: "≤ 100 ms".into(),
                measured: format!(
                    "{} (all selected in {})",
                    ms(select.longest_wait_ms),
                    ms(select.ms)
                ),
                met: select.longest_wait_ms <= 100.0,
            },
            Budget {
                what: "Select all 1,000 matching: longest main-thread task",
                limit: "< 50 ms".into(),
                measured: longest(select),
                met: select.longest_task_ms < 50.0,
            },
            Budget {
                what: "Bulk refresh of 100 sandboxes (loopback): wall time",
                limit: "reported".into(),
                measured: ms(refresh.ms),
                met: true,
            },
            Budget {
                what: "Bulk refresh of 100 sandboxes: longest main-thread task",
                limit: "reported".into(),
                measured: format!(
                    "{} (input waited at most {})",
                    longest(refresh),
                    ms(refresh.longest_wait_ms)
                ),
                met: true,
            },
        ]
    }
}

/// `console_bench --only-bulk`: these figures alone, against the bench's
/// data, printed as the report's budget rows (nothing is written).
pub async fn alone() -> ExitCode {
    step("starting sandboxd with the bench data, chromedriver and headless Chromium");
    let e2e = E2e::start_with_server_args(data::SERVER_ARGS).await;
    let browser = Browser::prepare(&e2e, data::TOKEN, plan::FIRST_ROWS).await;
    step("8. bulk: select all 1,000 matching, refresh 100 sandboxes");
    let figures = measure(&browser).await;
    println!("{figures:#?}");
    let budgets = figures.budgets();
    for budget in &budgets {
        println!(
            "| {} | {} | {} | {} |",
            budget.what,
            budget.limit,
            budget.measured,
            if budget.met { "met" } else { "MISSED" }
        );
    }
    if budgets.iter().all(|budget| budget.met) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
