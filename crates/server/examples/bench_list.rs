//! Benchmark of the console's main query: one owner's sandboxes, a page of
//! 50, over loopback HTTP, with 100,000 sandboxes in the database.
//!
//! ```text
//! cargo run -p sandboxd --profile server --example bench_list
//! ```
//!
//! Starts the server in-process on 127.0.0.1:0 with a temporary database,
//! the demo data and `--bench-seed 100000 --bench-owner-sandboxes 50` (one
//! bulk transaction: 2,000 owner_ids × 50 sandboxes in Acme), warms up, then
//! sends 5,000 `GET /api/v1/storage/sandboxes?owner_id=…&limit=50` requests,
//! 8 at a time (or as many as the first argument says: `… -- 1`), and
//! prints median, p90, p99, max latency and throughput.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use sandboxd::bench_seed::BENCH_OWNER;
use sandboxd::Config;

const SANDBOXES: usize = 100_000;
const PER_OWNER: usize = 50;
const OWNERS: usize = SANDBOXES / PER_OWNER;
const REQUESTS: usize = 5_000;
const WARM_UP: usize = 500;
/// Requests in flight at once, unless the first argument says otherwise.
const CONCURRENCY: usize = 8;
/// Admin of the account the sandboxes are seeded into.
const TOKEN: &str = "demo-admin";

#[tokio::main]
async fn main() -> Result<(), sandboxd::BoxError> {
    let dir = tempfile::TempDir::new()?;
    let mut config = Config::with_db(dir.path().join("bench.db"));
    config.bind = "127.0.0.1:0".parse()?;
    config.demo = true;
    config.bench_seed = SANDBOXES;
    config.bench_owner_sandboxes = PER_OWNER;

    let started = Instant::now();
    let server = sandboxd::start(config).await?;
    println!(
        "seeded {SANDBOXES} sandboxes for {OWNERS} owner_ids (and the demo) in {:.2?}",
        started.elapsed()
    );
    let base = server.base_url();
    let client = reqwest::Client::new();

    let concurrency = match std::env::args().nth(1) {
        Some(arg) => arg.parse()?,
        None => CONCURRENCY,
    };
    run(&client, &base, WARM_UP, concurrency).await?;
    let started = Instant::now();
    let mut latencies = run(&client, &base, REQUESTS, concurrency).await?;
    let elapsed = started.elapsed();

    latencies.sort();
    let at = |share: f64| {
        latencies[((latencies.len() as f64 * share) as usize).min(latencies.len() - 1)]
    };
    println!(
        "GET /api/v1/storage/sandboxes?owner_id=…&limit=50 × {REQUESTS}, {concurrency} concurrent, over loopback:"
    );
    println!(
        "  median {:.2?}  p90 {:.2?}  p99 {:.2?}  max {:.2?}  throughput {:.0} req/s",
        at(0.5),
        at(0.9),
        at(0.99),
        latencies[latencies.len() - 1],
        REQUESTS as f64 / elapsed.as_secs_f64()
    );
    Ok(())
}

/// The n-th seeded owner (`bench_owner` itself is the first, the rest are numbered).
fn owner(n: usize) -> String {
    match n {
        0 => BENCH_OWNER.to_string(),
        n => format!("{BENCH_OWNER}_{n:05}"),
    }
}

/// Sends `count` list requests over `concurrency` workers; returns each latency.
async fn run(
    client: &reqwest::Client,
    base: &str,
    count: usize,
    concurrency: usize,
) -> Result<Vec<Duration>, sandboxd::BoxError> {
    let next = Arc::new(AtomicUsize::new(0));
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (client, base, next) = (client.clone(), base.to_string(), next.clone());
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    if n >= count {
                        return Ok::<_, String>(latencies);
                    }
                    // Spread over owners with a multiplicative step, not in order.
                    let url = format!(
                        "{base}/api/v1/storage/sandboxes?owner_id={}&limit=50",
                        owner(n * 7919 % OWNERS)
                    );
                    let started = Instant::now();
                    let response = client
                        .get(&url)
                        .bearer_auth(TOKEN)
                        .send()
                        .await
                        .map_err(|e| e.to_string())?;
                    let total = response.headers().get("x-total-count").cloned();
                    let body = response.bytes().await.map_err(|e| e.to_string())?;
                    latencies.push(started.elapsed());
                    if total.as_ref().and_then(|v| v.to_str().ok()) != Some("50")
                        || body.len() < 1000
                    {
                        return Err(format!(
                            "unexpected answer for {url}: {}",
                            String::from_utf8_lossy(&body)
                        ));
                    }
                }
            })
        })
        .collect();
    let mut latencies = Vec::with_capacity(count);
    for worker in workers {
        latencies.extend(worker.await??);
    }
    Ok(latencies)
}
