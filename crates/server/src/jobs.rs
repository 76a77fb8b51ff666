//! The background workers. One moves sandboxes through their transient
//! statuses: each pending change is a due time in the database, so a
//! restart simply picks them up: whatever fell due while the server was
//! down is finished at once, nothing stays stuck. The other deletes expired
//! sandboxes every `--expiry-check-ms`; [`expire`] also runs once before
//! the server serves, for what expired while it was down.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;

use crate::ids::now_ms;
use crate::operation::Schedule;
use crate::store::{Store, StoreError};

/// Handle to the worker: handlers plan operations with its schedule and
/// wake it after storing one.
#[derive(Clone)]
pub struct Jobs {
    pub schedule: Schedule,
    wake: Arc<Notify>,
}

impl Jobs {
    /// Tells the worker a new due time exists (it may be sooner than the one it sleeps towards).
    pub fn wake(&self) {
        self.wake.notify_one();
    }
}

/// Starts the worker on the current runtime.
pub fn spawn(store: Store, schedule: Schedule) -> Jobs {
    let wake = Arc::new(Notify::new());
    tokio::spawn(run(store, schedule, wake.clone()));
    Jobs { schedule, wake }
}

/// Longest sleep without a due time: a wake-up comes with any new one.
const IDLE: Duration = Duration::from_secs(3600);
/// Longest sleep on a database other processes share: they store due
/// times this worker is not woken for (and finish what a process that died
/// had claimed), so it looks at least this often.
const SHARED_POLL: Duration = Duration::from_secs(1);
/// Pause after a database error before trying again.
const RETRY: Duration = Duration::from_secs(1);

async fn run(store: Store, schedule: Schedule, wake: Arc<Notify>) {
    loop {
        let wait = match step(&store, schedule).await {
            Ok(wait) => wait,
            Err(error) => {
                tracing::error!(%error, "status worker failed; retrying");
                RETRY
            }
        };
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            () = wake.notified() => {}
        }
    }
}

/// Deletes the unprotected sandboxes whose `expires_at` has come.
pub async fn expire(store: &Store) -> Result<(), StoreError> {
    for expired in store.expire_sandboxes(now_ms()).await? {
        tracing::info!(sandbox_id = %expired.sandbox_id, expires_at = %expired.expires_at, "sandbox expired and was deleted");
    }
    Ok(())
}

/// Starts the expiry job on the current runtime: [`expire`] every `period`.
pub fn spawn_expiry(store: Store, period: Duration) {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(period);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        // The first tick is at once; start-up has just run `expire`.
        ticks.tick().await;
        loop {
            ticks.tick().await;
            if let Err(error) = expire(&store).await {
                tracing::error!(%error, "expiry job failed; trying again at its next check");
            }
        }
    });
}

/// Applies what is due and says how long to sleep until the next due time.
async fn step(store: &Store, schedule: Schedule) -> Result<Duration, StoreError> {
    for transition in store.advance_transitions(now_ms(), schedule).await? {
        tracing::info!(sandbox_id = %transition.sandbox_id, from = %transition.from, to = %transition.to, "status changed");
    }
    let wait = match store.next_transition_due().await? {
        Some(due) => Duration::from_millis(u64::try_from(due - now_ms()).unwrap_or(0)),
        None => IDLE,
    };
    Ok(if store.engine().shared() {
        wait.min(SHARED_POLL)
    } else {
        wait
    })
}
