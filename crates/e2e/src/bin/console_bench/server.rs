//! Measurement 5 comes from the server's own list benchmark
//! (`crates/server/examples/bench_list.rs`), which xtask runs before this
//! binary; here its output is read back for the report.

use std::path::Path;

pub struct ServerFigures {
    /// How it was run, for the report.
    pub command: String,
    /// Its own description of the data and the load, for the report.
    pub setup: String,
    pub median_ms: f64,
    pub p99_ms: f64,
    pub requests_per_second: f64,
}

impl ServerFigures {
    pub fn parse(output: &Path, command: &str) -> Result<ServerFigures, String> {
        let text = std::fs::read_to_string(output)
            .map_err(|error| format!("{}: {error}", output.display()))?;
        Self::from_output(&text, command)
    }

    /// Reads bench_list's output: a `seeded …` line, a line describing the
    /// requests, and `median 1.23ms  p90 …  p99 …  max …  throughput N req/s`.
    fn from_output(text: &str, command: &str) -> Result<ServerFigures, String> {
        let figures = text
            .lines()
            .find(|line| line.trim_start().starts_with("median "))
            .ok_or_else(|| format!("no `median …` line in:\n{text}"))?;
        let words: Vec<&str> = figures.split_whitespace().collect();
        let after = |label: &str| {
            words
                .iter()
                .position(|word| *word == label)
                .and_then(|at| words.get(at + 1))
                .copied()
                .ok_or_else(|| format!("no {label} in {figures:?}"))
        };
        let setup = text
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with("median "))
            .collect::<Vec<_>>()
            .join("; ");
        Ok(ServerFigures {
            command: command.to_owned(),
            setup,
            median_ms: duration_ms(after("median")?)?,
            p99_ms: duration_ms(after("p99")?)?,
            requests_per_second: after("throughput")?
                .parse()
                .map_err(|_| format!("throughput is not a number in {figures:?}"))?,
        })
    }
}

/// A Rust `Duration` as `{:?}` prints it (`850.12µs`, `1.23ms`, `1.00s`), in ms.
fn duration_ms(text: &str) -> Result<f64, String> {
    let units = [
        ("ns", 1e-6),
        ("µs", 1e-3),
        ("us", 1e-3),
        ("ms", 1.0),
        ("s", 1e3),
    ];
    units
        .iter()
        .find_map(|(unit, factor)| {
            let number = text.strip_suffix(unit)?;
            number.parse::<f64>().ok().map(|value| value * factor)
        })
        .ok_or_else(|| format!("{text:?} is not a duration"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_bench_list_output() {
        let output = "seeded 100000 sandboxes for 2000 owner_ids in 3.21s\n\
            GET /api/v1/storage/sandboxes?owner_id=…&limit=50 × 5000, 8 concurrent, over loopback:\n  \
            median 812.40µs  p90 1.52ms  p99 3.07ms  max 9.80ms  throughput 7421 req/s\n";
        let figures = ServerFigures::from_output(output, "cargo run").unwrap();
        assert!((figures.median_ms - 0.8124).abs() < 1e-9);
        assert!((figures.p99_ms - 3.07).abs() < 1e-9);
        assert_eq!(figures.requests_per_second, 7421.0);
        assert!(figures.setup.starts_with("seeded 100000 sandboxes"));
        assert!(figures.setup.contains("8 concurrent"));
    }

    #[test]
    fn durations_in_every_unit() {
        assert_eq!(duration_ms("2.00s"), Ok(2000.0));
        assert_eq!(duration_ms("1.50ms"), Ok(1.5));
        assert!(duration_ms("12 parsecs").is_err());
        assert!(ServerFigures::from_output("nothing here", "x").is_err());
    }
}
