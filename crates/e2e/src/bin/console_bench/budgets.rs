//! The performance budgets of issue 19, each as a limit and what this run
//! measured.

use crate::browser::LoadTimes;
use crate::measure::ColdLoads;
use crate::report::{kb, mb_signed, ms, Results, KB, MB};
use crate::stats::Samples;

pub struct Budget {
    pub what: &'static str,
    pub limit: String,
    pub measured: String,
    pub met: bool,
}

impl Results {
    pub(crate) fn gzip_total(&self) -> u64 {
        self.transfers
            .iter()
            .map(|t| t.gzip.unwrap_or(t.identity))
            .sum()
    }

    pub(crate) fn cold_ratio(&self) -> f64 {
        let painted = |loads| ColdLoads::samples(loads, |t| Some(t.painted_at)).median();
        painted(&self.cold.console) / painted(&self.cold.vanilla)
    }

    /// From the list's response to its rows in the DOM: building the first
    /// page's table, console ÷ vanilla (medians).
    pub(crate) fn first_render_ratio(&self) -> f64 {
        let render = |loads| {
            ColdLoads::samples(loads, |t: &LoadTimes| Some(t.rows_at - t.list_received_at)).median()
        };
        render(&self.cold.console) / render(&self.cold.vanilla)
    }

    pub(crate) fn memory_growth(&self) -> i64 {
        self.memory.after_round_trips.total() as i64 - self.memory.after_load.total() as i64
    }

    pub(crate) fn budgets(&self) -> Vec<Budget> {
        let (console, vanilla) = (&self.interactions, &self.vanilla_interactions);
        let default_page = &self.default_page_interactions;
        // p90 at 200 rows against the vanilla page's in the same run: the
        // machine's own layout cost is above 50 ms there (issue 19).
        let beside_vanilla = |what, console: &Samples, vanilla: &Samples| {
            let ratio = console.percentile(90.0) / vanilla.percentile(90.0);
            Budget {
                what,
                limit: "≤ 1.1× vanilla".into(),
                measured: format!(
                    "{ratio:.2}× ({} ÷ {})",
                    ms(console.percentile(90.0)),
                    ms(vanilla.percentile(90.0))
                ),
                met: ratio <= 1.1,
            }
        };
        let at_most_50_ms = |what, console: &Samples| Budget {
            what,
            limit: "≤ 50 ms".into(),
            measured: ms(console.percentile(90.0)),
            met: console.percentile(90.0) <= 50.0,
        };
        let export = self.export.budgets();
        let mut budgets = vec![
            Budget {
                what: "First-load transfer of `/sandboxes`, gzip",
                limit: "≤ 200 KB".into(),
                measured: kb(self.gzip_total()),
                met: self.gzip_total() as f64 <= 200.0 * KB,
            },
            Budget {
                what: "Cold load to rows painted, console ÷ vanilla (medians)",
                limit: "≤ 1.5×".into(),
                measured: format!("{:.2}×", self.cold_ratio()),
                met: self.cold_ratio() <= 1.5,
            },
            Budget {
                what: "First render of 50 rows (list response → rows in the DOM), console ÷ vanilla (medians; milestone)",
                limit: "≤ 2×".into(),
                measured: format!("{:.2}×", self.first_render_ratio()),
                met: self.first_render_ratio() <= 2.0,
            },
            beside_vanilla(
                "Filter change to paint, p90, 200 rows",
                &console.filter_painted,
                &vanilla.filter_painted,
            ),
            beside_vanilla(
                "Sort click to paint, p90, 200 rows",
                &console.sort_painted,
                &vanilla.sort_painted,
            ),
            at_most_50_ms(
                "Filter change to paint, p90, 50 rows",
                &default_page.filter_painted,
            ),
            at_most_50_ms(
                "Sort click to paint, p90, 50 rows",
                &default_page.sort_painted,
            ),
            Budget {
                what: "Memory growth after 100 round trips",
                limit: "≤ 2 MB".into(),
                measured: mb_signed(self.memory_growth()),
                met: self.memory_growth() as f64 <= 2.0 * MB,
            },
            Budget {
                what: "Server list p99 at 100,000 sandboxes",
                limit: "≤ 10 ms".into(),
                measured: ms(self.server.p99_ms),
                met: self.server.p99_ms <= 10.0,
            },
        ];
        budgets.extend(export);
        budgets.extend(self.bulk.budgets());
        budgets
    }
}
