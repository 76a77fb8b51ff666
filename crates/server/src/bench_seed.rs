//! `--bench-seed N` (with `--demo`): many generated sandboxes in the demo's
//! first account, for `cargo xtask bench`, which measures the console with
//! `demo-admin` against one big owner and a big database.
//!
//! [`BENCH_OWNER`] gets `--bench-owner-sandboxes` of them (10,000 unless
//! told otherwise), the rest go 50 each to owners `bench_owner_00001`, …
//! Names are `bench-00000`, … (fixed width, so no name is a prefix of
//! another); every fourth sandbox is `failed`, the others `active` (both
//! final: nothing changes behind a measurement's back); tiers rotate;
//! `created_at` is one second apart, the newest last. Seeded once: a
//! database where `BENCH_OWNER` already has sandboxes is left alone.
//!
//! `--bench-events N` adds N `members.added` events, one second apart up
//! to now: round-robin over the first [`EVENT_SANDBOXES`] sandboxes
//! and over [`EVENT_ACTORS`] actors ([`bench_actor`]), written in
//! multi-row inserts of the same transaction.

use sandbox_api::{
    EventAction, Mode, PrincipalRole, Role, SandboxStatus, StorageProviderType, Tier,
};
use time::{Duration, OffsetDateTime};

use crate::ids::{new_id, timestamp};
use crate::principal::Principal;
use crate::store::{change, summary, Conflict, SeedEvent, SeedSandbox, Seeder, Store, StoreError};

/// The owner_id with many sandboxes.
pub const BENCH_OWNER: &str = "bench_owner";
/// The demo's first account ("Acme Production"), which `demo-admin` administers.
const ACCOUNT: &str = "acct_demo_acme";
/// Why the generated `failed` sandboxes failed.
const FAILURE_REASON: &str = "Seeded as failed for the benchmark.";
/// Sandboxes per owner besides [`BENCH_OWNER`].
const PER_OTHER_OWNER: usize = 50;
/// Rows generated and stored at a time, not a million at once in memory.
const BATCH: usize = 10_000;

pub async fn seed(
    store: &Store,
    total: usize,
    owner_sandboxes: usize,
    events: usize,
) -> Result<(), StoreError> {
    let mut seeder = store.seeder().await?;
    let mut event_sandboxes = Vec::with_capacity(EVENT_SANDBOXES.min(total));
    let now = OffsetDateTime::now_utc();
    let owner_sandboxes = owner_sandboxes.min(total);
    for i in 0..total {
        let owner_id = if i < owner_sandboxes {
            BENCH_OWNER.to_owned()
        } else {
            format!(
                "{BENCH_OWNER}_{:05}",
                (i - owner_sandboxes) / PER_OTHER_OWNER + 1
            )
        };
        let created_at = timestamp(now - Duration::seconds((total - i) as i64));
        let sandbox_id = new_id("sbx");
        if event_sandboxes.len() < EVENT_SANDBOXES {
            event_sandboxes.push((sandbox_id.clone(), format!("bench-{i:05}")));
        }
        let inserted = seeder
            .sandbox(&bench_sandbox(i, sandbox_id, owner_id, created_at))
            .await;
        match inserted {
            // (owner_id, name) is unique: the first name taken means an earlier run seeded.
            Err(StoreError::Conflict(Conflict::NameTaken { .. })) if i == 0 => return Ok(()),
            other => other?,
        }
    }
    seed_events(&mut seeder, &event_sandboxes, events, now).await?;
    seeder.commit().await
}

/// The `i`-th generated sandbox: named `bench-{i:05}`, every fourth
/// `failed`, tiers in turn.
fn bench_sandbox(
    i: usize,
    sandbox_id: String,
    owner_id: String,
    created_at: String,
) -> SeedSandbox {
    let tier = Tier::ALL[i % Tier::ALL.len()];
    SeedSandbox {
        sandbox_id,
        user_id: ACCOUNT.to_owned(),
        owner_id,
        name: format!("bench-{i:05}"),
        tier,
        mode: Mode::Blank,
        status: if i % 4 == 3 {
            SandboxStatus::Failed
        } else {
            SandboxStatus::Active
        },
        storage_provider_type: StorageProviderType::PlatformS3,
        metadata: serde_json::json!({ "bench": i }),
        created_at: created_at.clone(),
        updated_at: created_at,
        last_refreshed_at: None,
        transition_due_ms: None,
        failure_reason: (i % 4 == 3).then(|| FAILURE_REASON.to_owned()),
        // From now, as the lifecycle migration counts: none expires mid-bench.
        expires_at: tier.default_expires_at(crate::ids::now_ms()),
        protected: false,
    }
}

/// Sandboxes the events of `--bench-events` are spread over.
pub const EVENT_SANDBOXES: usize = 10_000;
/// Actors of those events.
pub const EVENT_ACTORS: usize = 50;

/// The email of the `n`-th bench actor.
pub fn bench_actor(n: usize) -> String {
    format!("bench-actor-{n:02}@acme.test")
}

async fn seed_events(
    seeder: &mut Seeder,
    sandboxes: &[(String, String)],
    total: usize,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    if sandboxes.is_empty() {
        return Ok(());
    }
    let actors: Vec<Principal> = (0..EVENT_ACTORS)
        .map(|n| Principal {
            principal_id: format!("prn_bench_{n:02}"),
            email: bench_actor(n),
            role: PrincipalRole::Admin,
            account: None,
            acting_in_sandbox: None,
        })
        .collect();
    let first_ms = (now.unix_timestamp() - total as i64) * 1000;
    for start in (0..total).step_by(BATCH) {
        let batch: Vec<SeedEvent> = (start..(start + BATCH).min(total))
            .map(|i| {
                let (sandbox_id, name) = &sandboxes[i % sandboxes.len()];
                let actor = &actors[i % actors.len()];
                let member = format!("m{}@acme.test", i % 97);
                SeedEvent {
                    occurred_ms: first_ms + (i as i64) * 1000,
                    user_id: ACCOUNT.to_owned(),
                    sandbox_id: sandbox_id.clone(),
                    sandbox_name: name.clone(),
                    actor: Some(actor.clone()),
                    action: EventAction::MembersAdded,
                    summary: summary::members_added(&actor.email, name, [(member.as_str(), Role::Viewer)].into_iter()),
                    changes: serde_json::json!({ member.clone(): change(None::<String>, Role::Viewer.as_str()) }),
                }
            })
            .collect();
        seeder.events(&batch).await?;
    }
    Ok(())
}

// The first-page table of docs/server-benchmark.md (examples/bench_list.rs):
// owners of very different sizes in one big table.

/// The owner_id with `sandboxes` of the [`seed_owner_sizes`] sandboxes.
pub fn sized_owner(sandboxes: usize) -> String {
    format!("bench_size_{sandboxes}")
}

/// `total` generated sandboxes in the demo's first account (which must
/// exist): for each of `sizes` an owner ([`sized_owner`]) with that many,
/// the rest 50 each to owners `bench_fill_00001`, … The newest sandboxes
/// are the sized owners', interleaved, so every owner's first page is
/// spread through the table like a real one's. Seeded in one
/// transaction, in multi-row inserts of a batch at a time.
pub async fn seed_owner_sizes(
    store: &Store,
    total: usize,
    sizes: &[usize],
) -> Result<(), StoreError> {
    let sized: usize = sizes.iter().sum();
    assert!(
        sized <= total,
        "the owners' sandboxes do not fit in {total}"
    );
    let owners = dealt(sizes);
    let mut seeder = store.seeder().await?;
    let now = OffsetDateTime::now_utc();
    for start in (0..total).step_by(BATCH) {
        let batch: Vec<SeedSandbox> = (start..(start + BATCH).min(total))
            .map(|i| {
                let owner_id = match i.checked_sub(total - sized) {
                    Some(k) => sized_owner(owners[k]),
                    None => format!("bench_fill_{:05}", i / PER_OTHER_OWNER + 1),
                };
                let created_at = timestamp(now - Duration::seconds((total - i) as i64));
                bench_sandbox(i, new_id("sbx"), owner_id, created_at)
            })
            .collect();
        seeder.sandboxes(&batch).await?;
    }
    seeder.commit().await
}

/// The sizes of the owners the sized owners' sandboxes go to, in turn:
/// one each to every owner that still wants more.
fn dealt(sizes: &[usize]) -> Vec<usize> {
    let mut left = sizes.to_vec();
    let mut order = Vec::with_capacity(sizes.iter().sum());
    while left.iter().any(|&n| n > 0) {
        for (n, &size) in left.iter_mut().zip(sizes) {
            if *n > 0 {
                *n -= 1;
                order.push(size);
            }
        }
    }
    order
}
