//! `--demo`: a believable organisation, seeded once into an empty database
//! (a database that already has it is left alone, so restarts keep changes),
//! and again by `POST /api/v1/demo/reset` ([`reset`]). Unless `--demo-quiet`,
//! a colleague (`colleague.rs`) changes `team_payments`' sandboxes now and then.
//!
//! # Facts tests can rely on (fresh database, without `--bench-seed`)
//!
//! Accounts (ids are fixed):
//! - `acct_demo_acme`    "Acme Production"    — 62 sandboxes (more than one page of 50)
//! - `acct_demo_globex`  "Globex Corporation" — 20 sandboxes
//! - `acct_demo_initech` "Initech"            — 10 sandboxes
//!
//! 92 sandboxes, 16 distinct owner_ids. Per account and owner_id:
//! - Acme: `cust_4711` 14, `cust_e2e` 10, `cust_1024` 8, `cust_2048` 7,
//!   `cust_3141` 6, `cust_5150` 5, `team_payments` 5,
//!   `6f1c2a9e-4b7d-4e21-9a3f-2c8d5e7b9a10` 4, `cust_8086` 3
//! - Globex: `cust_g100` 6, `cust_g200` 5, `cust_g300` 4, `globex-labs` 3,
//!   `cust_4711` 2 (the same owner_id as in Acme: tenants are separate)
//! - Initech: `initech-eng` 4, `initech-qa` 3, `milton` 3
//!
//! Every tier, mode and status occurs in Acme. Sandboxes seeded as
//! `provisioning`, `seeding` or `refreshing` are in an operation that began
//! at seeding and lasts what `--provision-ms`, `--seed-ms` or `--refresh-ms`
//! says (a provisioning one was created at seeding); `failed` ones stay
//! failed. Every sandbox has members, apps and at least one source; every
//! ingestion mode occurs; metadata has `team`, `region`, `cost_center` and
//! `requested_by`.
//!
//! Tokens (fixed strings; `Authorization: Bearer <token>`):
//! - `demo-admin`: admin of Acme, `ada@acme.test`
//! - `demo-admin-2`: admin of Globex, `hedy@globex.test`; also an external
//!   member of three Acme sandboxes: editor on `load-test` and
//!   `feature-checkout` of `cust_1024`, viewer on `perf-baseline` of `cust_2048`
//! - `demo-admin-3`: admin of Initech, `alan@initech.test`
//! - `demo-support`: support, `sam@support.test`, read-only in every account
//! - `demo-viewer`: viewer in Acme, `vic@acme.test` (also an editor member of
//!   `sso-migration` of `cust_3141`: `access` says editor, the role still
//!   allows reading only)
//! - `demo-sandbox`: admin of Acme (`ada@acme.test`) acting in the sandbox named
//!   `scoped-demo` (owner `cust_4711`, pro, active); its id is
//!   `acting_in_sandbox` of `GET /api/v1/me`.
//!
//! Predictable sandboxes for tests that change things:
//! - `cust_e2e` in Acme: `e2e-01` … `e2e-10`, all `active`, `free`, `blank`,
//!   each with exactly one member (`ada@acme.test`, owner, origin production),
//!   2 apps (`billing` 2.7.1, `crm` 4.2.0, as in Acme's production, never
//!   pushed) and 1 source (`github`, `manual`, named `e2e-source`).
//! - `scoped-demo` (above): active, pro, 3 apps, 2 sources, owner member ada.
//! - The injection sandbox, owner `cust_4711` in Acme, active, free, named
//!   exactly [`INJECTION_NAME`]; every view must show it as text.
//!
//! Free sandboxes never hold more than 2 sources or 4 members, so adding
//! one more always works; every sandbox has exactly one owner member.
//!
//! Expiry (v1.1): enterprise sandboxes never expire; no other expires
//! sooner than 6 hours after seeding or later than its tier's lifetime
//! (free 7 days, pro 30) from then. Of the generated ones every ninth
//! expires within 24 hours and every ninth more within 72; `e2e-NN`,
//! `scoped-demo` and the injection sandbox got their tier's default when
//! made (`e2e-NN` expire 5 days and NN minutes after seeding). Exactly one
//! sandbox is protected, the customer demo: Acme's free `sales-demo` of
//! `6f1c2a9e-4b7d-4e21-9a3f-2c8d5e7b9a10` (active; its history ends with
//! Acme's admin protecting it, a `sandbox.updated` event).
//!
//! The colleague (`grace@acme.test`, unless `--demo-quiet`) works only on
//! the `team_payments` sandboxes: refreshes them, adds and removes
//! `contractor@acme.test`, pushes their first app to `staging-db`.
//!
//! History (`history.rs`): events over the last 30 days leading to this
//! state, without `request_id`; every failed sandbox's last event is its
//! failed refresh (`failure_reason` as on the sandbox); each tenant has a
//! deleted sandbox named `legacy-import` whose events remain.

mod colleague;
mod data;
mod history;
mod sandboxes;
mod specials;
mod tokens;

use sandbox_api::{IngestionMode, Mode, OperationKind, Role, SandboxStatus, Tier};
use time::{Duration, OffsetDateTime};

use crate::ids::timestamp;
use crate::operation::{failure_reason, step_names, Schedule};
use crate::store::{Seeder, Store, StoreError};
use data::{ACME, GLOBEX, INITECH};

pub use colleague::{spawn as spawn_colleague, Pace};
pub use tokens::{identities, may_reset, TOKENS_HELP};

/// The name of the sandbox that checks every view escapes text.
pub use sandbox_api::demo::INJECTION_NAME;

/// Seeds the demo organisation unless it is already there. Webhook URLs of
/// realtime sources point at `public_url`; sandboxes seeded in transit
/// finish their operation as `schedule` plans it.
pub async fn seed(store: &Store, public_url: &str, schedule: Schedule) -> Result<(), StoreError> {
    let mut seeder = store.seeder().await?;
    if seeder.account_exists(ACME.id).await? {
        return Ok(());
    }
    seed_into(seeder, public_url, schedule).await
}

/// Wipes everything and seeds the demo again, as at first start, in one
/// write transaction: a reader sees the old data or the new, never a part.
/// Returns when it was reset.
pub async fn reset(
    store: &Store,
    public_url: &str,
    schedule: Schedule,
) -> Result<OffsetDateTime, StoreError> {
    let mut seeder = store.seeder().await?;
    seeder.wipe().await?;
    seed_into(seeder, public_url, schedule).await?;
    // The scoped token acts in a sandbox that now has a new id.
    store.forget_principals();
    Ok(OffsetDateTime::now_utc())
}

async fn seed_into(seeder: Seeder, public_url: &str, schedule: Schedule) -> Result<(), StoreError> {
    let mut demo = Demo {
        seeder,
        public_url,
        schedule,
        now: OffsetDateTime::now_utc(),
        index: 0,
        seeded: Vec::new(),
    };
    for tenant in [&ACME, &GLOBEX, &INITECH] {
        demo.tenant(tenant).await?;
    }
    let scoped_sandbox = demo.acme_specials().await?;
    demo.tokens(&scoped_sandbox).await?;
    demo.history().await?;
    demo.seeder.commit().await
}

/// Why the demo's failed sandboxes failed: their last refresh broke at its
/// last step (their history shows that refresh).
fn failed_refresh_reason() -> String {
    let steps = step_names(OperationKind::Refresh);
    failure_reason(OperationKind::Refresh, steps[steps.len() - 1])
}

struct Demo<'a> {
    seeder: Seeder,
    public_url: &'a str,
    schedule: Schedule,
    now: OffsetDateTime,
    /// Counts generated sandboxes; every varied choice derives from it, so
    /// the demo is the same on every fresh database.
    index: usize,
    /// What was seeded, for the history that led there.
    seeded: Vec<Seeded>,
}

/// A seeded sandbox as its history needs it.
struct Seeded {
    sandbox_id: String,
    account_id: &'static str,
    name: String,
    status: SandboxStatus,
    mode: Mode,
    created: OffsetDateTime,
    /// When it last changed: its last refresh or push.
    updated: OffsetDateTime,
    refreshed: bool,
    /// Owner first.
    members: Vec<(String, Role)>,
    /// (app, version, target) of its successful pushes.
    pushes: Vec<(&'static str, String, &'static str)>,
    protected: bool,
}

/// What makes one sandbox.
struct Plan<'a> {
    account_id: &'static str,
    owner_id: &'a str,
    name: String,
    tier: Tier,
    mode: Mode,
    status: SandboxStatus,
    /// Owner first, then the others with their roles.
    members: Vec<(String, Role)>,
    apps: Vec<(&'static str, String)>,
    /// (provider, name, mode).
    sources: Vec<(&'static str, String, IngestionMode)>,
    age: Duration,
    /// Whether some apps were pushed before.
    pushed: bool,
    /// How long from now until it expires; `None` = never.
    expires_in: Option<Duration>,
    protected: bool,
}

impl Demo<'_> {
    fn ago(&self, age: Duration) -> String {
        timestamp(self.now - age)
    }
}
