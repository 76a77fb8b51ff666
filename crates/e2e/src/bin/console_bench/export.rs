//! Issue 18's export budget: Export CSV of the bench owner's 10,000
//! sandboxes, from the click to the file handed over, and the longest
//! main-thread task meanwhile (the page must keep answering).

use serde::Deserialize;

use crate::browser::Browser;
use crate::budgets::Budget;
use crate::report::{ms, MB};
use crate::{data, plan};

const EXPORT_JS: &str = include_str!("export.js");

/// One export, as the page timed it.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportRun {
    pub ms: f64,
    /// 0 when no task took over 50 ms (the Long Tasks API's threshold).
    pub longest_task_ms: f64,
    pub bytes: u64,
    pub rows: u64,
}

/// Exports the bench owner's list, loaded cold at its default page.
pub async fn export(browser: &Browser<'_>) -> ExportRun {
    browser.cold_load(&plan::console_list_path()).await;
    let run: ExportRun = serde_json::from_value(browser.script(EXPORT_JS, vec![]).await)
        .expect("the export's figures");
    assert_eq!(
        run.rows,
        data::OWNER_SANDBOXES,
        "the export holds every sandbox of the owner"
    );
    run
}

impl ExportRun {
    pub fn budgets(&self) -> [Budget; 2] {
        let longest = if self.longest_task_ms == 0.0 {
            "none over 50 ms".to_owned()
        } else {
            ms(self.longest_task_ms)
        };
        [
            Budget {
                what: "Export CSV of 10,000 sandboxes, click to file",
                limit: "≤ 5 s".into(),
                measured: format!(
                    "{} ({} rows, {:.1} MB)",
                    ms(self.ms),
                    self.rows,
                    self.bytes as f64 / MB
                ),
                met: self.ms <= 5000.0,
            },
            Budget {
                what: "Longest main-thread task during that export",
                limit: "≤ 100 ms".into(),
                measured: longest,
                met: self.longest_task_ms <= 100.0,
            },
        ]
    }
}
