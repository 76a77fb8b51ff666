//! Benchmark of the console's main queries over loopback HTTP: one owner's
//! sandboxes (a page of 50, with 100,000 sandboxes in the database), and,
//! with 1,000,000 events, one sandbox's events and an account's events by
//! one actor (pages of 50).
//!
//! ```text
//! cargo run -p sandboxd --profile server --example bench_list
//! ```
//!
//! Starts the server in-process on 127.0.0.1:0 with a temporary database,
//! the demo data and `--bench-seed 100000 --bench-owner-sandboxes 50
//! --bench-events 1000000` (one bulk transaction: 2,000 owner_ids × 50
//! sandboxes in Acme; the events over its first 10,000 sandboxes and 50
//! actors, see `src/bench_seed.rs`). For each query it warms up, then sends
//! 5,000 requests, 8 at a time (or as many as the first argument says:
//! `… -- 1`), and prints median, p90, p99, max latency and throughput.
//!
//! `… -- first-pages` instead prints the table of first-page latencies by
//! owner size and table size ([`first_pages`]).
//!
//! With `BENCH_DATABASE_URL=postgres://USER@HOST:PORT/DB` it runs on a
//! fresh PostgreSQL database made on that server instead of a SQLite file,
//! and with `BENCH_SERVERS=2` on two sandboxd servers sharing it (each with
//! its own pools and workers, in this one process), the requests taking
//! turns between them (docs/server-benchmark.md, "Two engines").

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use sandboxd::bench_seed::{
    bench_actor, seed_owner_sizes, sized_owner, BENCH_OWNER, EVENT_ACTORS, EVENT_SANDBOXES,
};
use sandboxd::store::Database;
use sandboxd::Config;

const SANDBOXES: usize = 100_000;
const PER_OWNER: usize = 50;
const OWNERS: usize = SANDBOXES / PER_OWNER;
const EVENTS: usize = 1_000_000;
const REQUESTS: usize = 5_000;
const WARM_UP: usize = 500;
/// Requests in flight at once, unless the first argument says otherwise.
const CONCURRENCY: usize = 8;
/// Admin of the account the sandboxes are seeded into.
const TOKEN: &str = sandbox_api::demo::tokens::ADMIN;

/// What one request asks for and what a right answer has.
struct Query {
    title: &'static str,
    /// The path and query of the `n`-th request.
    path: Box<dyn Fn(usize) -> String>,
    /// `X-Total-Count` of a right answer.
    total: String,
}

#[tokio::main]
async fn main() -> Result<(), sandboxd::BoxError> {
    if std::env::args().nth(1).as_deref() == Some(FIRST_PAGES) {
        return first_pages().await;
    }
    let dir = tempfile::TempDir::new()?;
    let db = match std::env::var(DATABASE_URL_VAR) {
        Ok(server) => Database::Postgres(fresh_postgres_database(&server).await?),
        Err(_) => Database::Sqlite(dir.path().join("bench.db")),
    };
    let servers: usize = std::env::var(SERVERS_VAR).map_or(Ok(1), |n| n.parse())?;
    println!("on {}, {servers} server(s)", engine_name(&db));
    let mut config = Config::with_db(db);
    config.bind = "127.0.0.1:0".parse()?;
    config.demo = true;
    config.bench_seed = SANDBOXES;
    config.bench_owner_sandboxes = PER_OWNER;
    config.bench_events = EVENTS;

    let started = Instant::now();
    let mut others = config.clone();
    let server = sandboxd::start(config).await?;
    println!(
        "seeded {SANDBOXES} sandboxes for {OWNERS} owner_ids and {EVENTS} events (and the demo) in {:.2?}",
        started.elapsed()
    );
    // The others find the database seeded (the demo seeds once; the
    // benchmark's rows are the first server's alone).
    others.bench_seed = 0;
    others.bench_events = 0;
    let mut bases = vec![server.base_url()];
    for _ in 1..servers {
        bases.push(sandboxd::start(others.clone()).await?.base_url());
    }
    let client = reqwest::Client::new();
    let concurrency = match std::env::args().nth(1) {
        Some(arg) => arg.parse()?,
        None => CONCURRENCY,
    };

    // Spread over owners, sandboxes and actors with a multiplicative step, not in order.
    let list = Query {
        title: "GET /api/v1/storage/sandboxes?owner_id=…&limit=50",
        path: Box::new(|n| {
            format!(
                "/api/v1/storage/sandboxes?owner_id={}&limit=50",
                owner(n * 7919 % OWNERS)
            )
        }),
        total: PER_OWNER.to_string(),
    };
    measure(&client, &bases, &list, concurrency).await?;

    let ids = event_sandboxes(&client, &bases).await?;
    let sandbox_events = Query {
        title: "GET /api/v1/storage/sandboxes/{id}/events?limit=50",
        path: Box::new(move |n| {
            format!(
                "/api/v1/storage/sandboxes/{}/events?limit=50",
                ids[n * 7919 % ids.len()]
            )
        }),
        total: (EVENTS / EVENT_SANDBOXES).to_string(),
    };
    measure(&client, &bases, &sandbox_events, concurrency).await?;

    let actor_events = Query {
        title: "GET /api/v1/events?actor=…&limit=50",
        path: Box::new(|n| {
            format!(
                "/api/v1/events?actor={}&limit=50",
                bench_actor(n * 31 % EVENT_ACTORS).replace('@', "%40")
            )
        }),
        total: (EVENTS / EVENT_ACTORS).to_string(),
    };
    measure(&client, &bases, &actor_events, concurrency).await?;
    Ok(())
}

/// The database `BENCH_DATABASE_URL` names the server of, if set.
const DATABASE_URL_VAR: &str = "BENCH_DATABASE_URL";
/// How many servers share the database (more than one needs PostgreSQL).
const SERVERS_VAR: &str = "BENCH_SERVERS";

fn engine_name(db: &Database) -> &'static str {
    match db {
        Database::Sqlite(_) => "SQLite",
        Database::Postgres(_) => "PostgreSQL",
    }
}

/// A new, empty database on the PostgreSQL server of `server_url`
/// (`postgres://USER@HOST:PORT/DB`); its URL.
async fn fresh_postgres_database(server_url: &str) -> Result<String, sandboxd::BoxError> {
    use sqlx::{Connection, Executor};
    let name = format!("bench_list_{}", std::process::id());
    let mut admin = sqlx::PgConnection::connect(server_url).await?;
    admin
        .execute(format!("DROP DATABASE IF EXISTS {name}").as_str())
        .await?;
    admin
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await?;
    let (server, _database) = server_url
        .rsplit_once('/')
        .ok_or("BENCH_DATABASE_URL has no /DATABASE")?;
    Ok(format!("{server}/{name}"))
}

/// Warms up, measures and prints one query.
async fn measure(
    client: &reqwest::Client,
    base: &[String],
    query: &Query,
    concurrency: usize,
) -> Result<(), sandboxd::BoxError> {
    run(client, base, query, WARM_UP, concurrency).await?;
    let started = Instant::now();
    let mut latencies = run(client, base, query, REQUESTS, concurrency).await?;
    let elapsed = started.elapsed();
    latencies.sort();
    let at = |share: f64| {
        latencies[((latencies.len() as f64 * share) as usize).min(latencies.len() - 1)]
    };
    println!(
        "{} × {REQUESTS}, {concurrency} concurrent, over loopback:",
        query.title
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

/// The ids of the sandboxes the events are spread over: the first
/// [`EVENT_SANDBOXES`] seeded, i.e. those of the first owners.
async fn event_sandboxes(
    client: &reqwest::Client,
    base: &[String],
) -> Result<Vec<String>, sandboxd::BoxError> {
    let mut ids = Vec::with_capacity(EVENT_SANDBOXES);
    for n in 0..EVENT_SANDBOXES / PER_OWNER {
        let page: Vec<sandbox_api::Sandbox> = client
            .get(format!(
                "{}/api/v1/storage/sandboxes?owner_id={}&limit=50",
                base[0],
                owner(n)
            ))
            .bearer_auth(TOKEN)
            .send()
            .await?
            .json()
            .await?;
        ids.extend(page.into_iter().map(|sandbox| sandbox.sandbox_id));
    }
    Ok(ids)
}

/// Sends `count` requests of `query` over `concurrency` workers, taking
/// turns between the servers at `base`; returns each latency.
async fn run(
    client: &reqwest::Client,
    base: &[String],
    query: &Query,
    count: usize,
    concurrency: usize,
) -> Result<Vec<Duration>, sandboxd::BoxError> {
    let next = Arc::new(AtomicUsize::new(0));
    let mut latencies = Vec::with_capacity(count);
    // Futures of one task, not spawned tasks: the closures of a `Query` are
    // borrowed, and the server has the runtime's threads to itself.
    let mut workers = Vec::new();
    for _ in 0..concurrency {
        let (client, next) = (client.clone(), next.clone());
        workers.push(async move {
            let mut latencies = Vec::new();
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= count {
                    return Ok::<_, String>(latencies);
                }
                let url = format!("{}{}", base[n % base.len()], (query.path)(n));
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
                let expected = query.total.as_str();
                if total.as_ref().and_then(|v| v.to_str().ok()) != Some(expected)
                    || body.len() < 1000
                {
                    return Err(format!(
                        "unexpected answer for {url} (X-Total-Count {total:?}, expected {expected}): {}",
                        String::from_utf8_lossy(&body)
                    ));
                }
            }
        });
    }
    for result in futures::future::join_all(workers).await {
        latencies.extend(result?);
    }
    Ok(latencies)
}

// `-- first-pages`: does a first page cost the same whatever the owner's
// size and the table's? (issue 14, docs/server-benchmark.md)

/// The argument that asks for the first-page table.
const FIRST_PAGES: &str = "first-pages";
/// Sandboxes in the whole table, one database each.
const TABLE_SIZES: [usize; 2] = [100_000, 1_000_000];
/// Sandboxes of the owners whose first page is measured.
const OWNER_SIZES: [usize; 3] = [10, 1_000, 10_000];
/// The console's page size, and one that every owner fills, so pages of
/// the same number of rows can be compared (the owner of 10 has 10 rows
/// on a page of 50).
const PAGE_SIZES: [usize; 2] = [50, 10];
const FIRST_PAGE_WARM_UP: usize = 500;
const FIRST_PAGE_REQUESTS: usize = 5_000;
/// Turns the owners take, [`FIRST_PAGE_REQUESTS`] split between them.
const FIRST_PAGE_ROUNDS: usize = 20;

/// One line of the first-page table.
struct FirstPage {
    table: usize,
    owner_size: usize,
    limit: usize,
    p50: Duration,
    p99: Duration,
}

/// For each table size, seeds a database with owners of [`OWNER_SIZES`]
/// (`bench_seed::seed_owner_sizes`) and measures their first page
/// (`?owner_id=…&limit=…`, one request at a time, so the latency is the
/// request's and not a queue's); prints a Markdown table of p50 and p99,
/// and for each page size the slowest p50 over the fastest.
async fn first_pages() -> Result<(), sandboxd::BoxError> {
    let mut rows = Vec::new();
    for table in TABLE_SIZES {
        let dir = tempfile::TempDir::new()?;
        let db = Database::Sqlite(dir.path().join("bench.db"));
        let started = Instant::now();
        {
            // Seeded before the server starts, which then finds the demo seeded.
            let store = sandboxd::Store::open(&db).await?;
            let schedule = sandboxd::operation::Schedule::from(&Config::with_db(db.clone()));
            sandboxd::demo::seed(&store, "http://127.0.0.1", schedule).await?;
            seed_owner_sizes(&store, table, &OWNER_SIZES).await?;
        }
        println!("seeded {table} sandboxes in {:.2?}", started.elapsed());
        let mut config = Config::with_db(db);
        config.bind = "127.0.0.1:0".parse()?;
        config.demo = true;
        // No colleague changing sandboxes meanwhile.
        config.demo_quiet = true;
        let server = sandboxd::start(config).await?;
        let base = [server.base_url()];
        let client = reqwest::Client::new();
        for limit in PAGE_SIZES {
            let queries = OWNER_SIZES.map(|owner_size| Query {
                title: "first page",
                path: Box::new(move |_| {
                    format!(
                        "/api/v1/storage/sandboxes?owner_id={}&limit={limit}",
                        sized_owner(owner_size)
                    )
                }),
                total: owner_size.to_string(),
            });
            // The owners take turns, a block of requests each, so a burst
            // of other work on the shared machine falls on all of them.
            let mut latencies = [(); OWNER_SIZES.len()].map(|_| Vec::new());
            for query in &queries {
                run(&client, &base, query, FIRST_PAGE_WARM_UP, 1).await?;
            }
            for _ in 0..FIRST_PAGE_ROUNDS {
                for (query, latencies) in queries.iter().zip(&mut latencies) {
                    let block = FIRST_PAGE_REQUESTS / FIRST_PAGE_ROUNDS;
                    latencies.extend(run(&client, &base, query, block, 1).await?);
                }
            }
            for (owner_size, mut latencies) in OWNER_SIZES.into_iter().zip(latencies) {
                latencies.sort();
                let at = |share: f64| latencies[(latencies.len() as f64 * share) as usize];
                rows.push(FirstPage {
                    table,
                    owner_size,
                    limit,
                    p50: at(0.5),
                    p99: at(0.99),
                });
            }
        }
    }
    println!("| sandboxes in the table | the owner's sandboxes | limit | rows | p50 | p99 |");
    println!("|---|---|---|---|---|---|");
    for row in &rows {
        println!(
            "| {} | {} | {} | {} | {:.2?} | {:.2?} |",
            row.table,
            row.owner_size,
            row.limit,
            row.limit.min(row.owner_size),
            row.p50,
            row.p99
        );
    }
    // Pages of the same number of rows: what the owner's and the table's size add.
    for rows_on_page in PAGE_SIZES {
        let p50s: Vec<Duration> = rows
            .iter()
            .filter(|row| row.limit.min(row.owner_size) == rows_on_page)
            .map(|row| row.p50)
            .collect();
        let (fastest, slowest) = (p50s.iter().min().unwrap(), p50s.iter().max().unwrap());
        println!(
            "pages of {rows_on_page} rows: slowest p50 / fastest p50 = {:.2} (budget 1.5)",
            slowest.as_secs_f64() / fastest.as_secs_f64()
        );
    }
    Ok(())
}
