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

use sandbox_api::{Mode, SandboxStatus, StorageProviderType, Tier};
use time::{Duration, OffsetDateTime};

use crate::ids::{new_id, timestamp};
use crate::store::{Conflict, SeedSandbox, Store, StoreError};

/// The owner_id with many sandboxes.
pub const BENCH_OWNER: &str = "bench_owner";
/// The demo's first account ("Acme Production"), which `demo-admin` administers.
const ACCOUNT: &str = "acct_demo_acme";
/// Sandboxes per owner besides [`BENCH_OWNER`].
const PER_OTHER_OWNER: usize = 50;

pub async fn seed(store: &Store, total: usize, owner_sandboxes: usize) -> Result<(), StoreError> {
    let mut seeder = store.seeder().await?;
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
        let inserted = seeder
            .sandbox(&SeedSandbox {
                sandbox_id: new_id("sbx"),
                user_id: ACCOUNT.to_owned(),
                owner_id,
                name: format!("bench-{i:05}"),
                tier: Tier::ALL[i % Tier::ALL.len()],
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
            })
            .await;
        match inserted {
            // (owner_id, name) is unique: the first name taken means an earlier run seeded.
            Err(StoreError::Conflict(Conflict::NameTaken { .. })) if i == 0 => return Ok(()),
            other => other?,
        }
    }
    seeder.commit().await
}
