//! The demo's colleague: Grace, an admin of Acme, works on the sandboxes of
//! `team_payments` (set aside for her) every 20–40 s, so the list and the
//! detail pages change while a presenter talks. She acts through the same
//! store functions as a request, so her changes are events with her as
//! the actor (and no request id).

use std::time::Duration;

use sandbox_api::{MeAccount, OperationKind, PrincipalRole, Role, SandboxUser};

use super::data::ACME;
use crate::ids::{now_ms, random_share};
use crate::jobs::Jobs;
use crate::principal::Principal;
use crate::store::{Audit, Lease, Store, StoreError, Work};

/// The colleague's email, in Acme's people.
const COLLEAGUE: &str = "grace@acme.test";
/// The owner whose sandboxes the colleague works on.
const COLLEAGUE_OWNER: &str = "team_payments";
/// Whom she adds and removes again.
const CONTRACTOR: &str = "contractor@acme.test";
/// Where her pushes go: not production, whose versions new sandboxes copy.
const PUSH_TARGET: &str = "staging-db";

/// How often the colleague acts.
#[derive(Clone, Copy, Debug)]
pub enum Pace {
    /// A random pause of 20–40 s between actions, as a person would take.
    Human,
    /// Exactly this pause (tests).
    Every(Duration),
}

impl Pace {
    fn pause(self) -> Duration {
        match self {
            Pace::Human => Duration::from_secs_f64(20.0 + 20.0 * random_share()),
            Pace::Every(pause) => pause,
        }
    }
}

/// Starts the colleague on the current runtime; she works until the process ends.
pub fn spawn(store: Store, jobs: Jobs, pace: Pace) {
    tokio::spawn(async move {
        let grace = colleague();
        let mut turn = 0usize;
        let mut lease = None;
        loop {
            tokio::time::sleep(pace.pause()).await;
            // One colleague per database, however many processes share it.
            if !holds(&store, &mut lease).await {
                continue;
            }
            // A failed action (a reset underneath, a sandbox that just
            // changed status) is skipped; the next turn tries another.
            if let Err(error) = act(&store, &jobs, &grace, turn).await {
                tracing::debug!(%error, "demo colleague skipped a turn");
            }
            turn = turn.wrapping_add(1);
        }
    });
}

/// Whether this process is the one whose colleague works: it holds the
/// lease, or takes it now (its holder is gone, or it never had one).
async fn holds(store: &Store, lease: &mut Option<Lease>) -> bool {
    if let Some(held) = lease {
        if held.holds().await {
            return true;
        }
        *lease = None;
    }
    match store.try_lease(Work::DemoColleague).await {
        Ok(claimed) => {
            *lease = claimed;
            lease.is_some()
        }
        Err(error) => {
            tracing::debug!(%error, "demo colleague could not claim her lease");
            false
        }
    }
}

fn colleague() -> Principal {
    Principal {
        principal_id: "prn_demo_grace".into(),
        email: COLLEAGUE.into(),
        role: PrincipalRole::Admin,
        account: Some(MeAccount {
            id: ACME.id.into(),
            name: ACME.name.into(),
        }),
        acting_in_sandbox: None,
    }
}

/// One action on one of her active sandboxes, in turn: a refresh, a
/// member added or removed, an app pushed.
async fn act(store: &Store, jobs: &Jobs, grace: &Principal, turn: usize) -> Result<(), StoreError> {
    // Looked up each turn: a reset gives the sandboxes new ids.
    let sandboxes = store.active_sandbox_ids(ACME.id, COLLEAGUE_OWNER).await?;
    let Some(sandbox_id) = sandboxes.get(turn / 3 % sandboxes.len().max(1)) else {
        return Ok(());
    };
    let audit = Audit {
        actor: Some(grace),
        request_id: None,
    };
    match turn % 3 {
        0 => {
            let timing = jobs.schedule.start(OperationKind::Refresh, now_ms());
            store.begin_refresh(sandbox_id, timing, audit).await?;
            jobs.wake();
        }
        1 => {
            let contractor = [SandboxUser {
                email: CONTRACTOR.into(),
                role: Role::Editor,
            }];
            let members = store.members(sandbox_id).await?;
            if members.iter().any(|member| member.email == CONTRACTOR) {
                store.remove_members(sandbox_id, &contractor, audit).await?;
            } else {
                let record = store.sandbox(sandbox_id, &grace.email).await?;
                let max_members = record.and_then(|r| r.sandbox.limits.max_members);
                store
                    .add_members(sandbox_id, &contractor, max_members, audit)
                    .await?;
            }
        }
        _ => {
            if let Some(app) = store.apps(sandbox_id).await?.first() {
                store
                    .push_app(sandbox_id, &app.app_name, PUSH_TARGET, audit)
                    .await?;
            }
        }
    }
    tracing::info!(sandbox_id, turn, "demo colleague acted");
    Ok(())
}
