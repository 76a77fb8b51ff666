//! Runs one request per sandbox for a bulk action: a queue, at most
//! `MAX_IN_FLIGHT` requests at a time, a wait and another try when the
//! server answers 429 or 503 with `Retry-After` (at most `MAX_RETRIES`
//! times per sandbox), Cancel (nothing new starts; what is in flight
//! finishes), and a stop at the first 401 that keeps the queue, so a
//! resume after reconnecting sends only what was not done.
//!
//! No view code: the runner reports a `Progress` to its `on_change` after
//! every step, and the browser tests drive it with a task of their own.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::time::Duration;

use crate::api::ApiError;

/// Requests of one run in flight at once, at most.
pub const MAX_IN_FLIGHT: usize = 4;
/// Further tries of one sandbox after a `Retry-After`, at most.
pub const MAX_RETRIES: u32 = 3;
/// How often a wait for `Retry-After` looks whether the run was cancelled.
const WAIT_STEP: Duration = Duration::from_millis(50);

/// The request for one sandbox, given its id.
pub type Task = Rc<dyn Fn(String) -> Pin<Box<dyn Future<Output = Result<(), ApiError>>>>>;

/// Where one sandbox of the run is.
#[derive(Clone, Debug, PartialEq)]
pub enum ItemStatus {
    Queued,
    Running,
    /// Waiting for the server's `Retry-After` before try `retry` + 1.
    Waiting {
        seconds: u64,
        retry: u32,
    },
    Succeeded,
    /// The API's answer, in words.
    Failed(String),
    /// Cancelled before its request started.
    NotStarted,
}

impl ItemStatus {
    /// Finished one way or the other: nothing more will be sent for it
    /// unless the user retries it.
    pub fn is_finished(&self) -> bool {
        matches!(
            self,
            ItemStatus::Succeeded | ItemStatus::Failed(_) | ItemStatus::NotStarted
        )
    }
}

/// One sandbox of the run.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub sandbox_id: String,
    pub name: String,
    pub status: ItemStatus,
}

/// What the run as a whole is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Running,
    /// Cancel was pressed; requests in flight are finishing.
    Cancelling,
    /// A 401 came; requests in flight are finishing.
    Stopping,
    /// Every sandbox has an answer.
    Finished,
    /// Cancelled: some never started.
    Cancelled,
    /// Stopped by a 401: the rest waits for `Runner::resume`.
    SignedOut,
}

impl Phase {
    /// No request is in flight or will start by itself.
    pub fn is_settled(self) -> bool {
        matches!(self, Phase::Finished | Phase::Cancelled | Phase::SignedOut)
    }
}

/// The run as its view shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    pub items: Vec<Item>,
    pub phase: Phase,
    /// Requests sent and not yet answered.
    pub in_flight: usize,
}

impl Progress {
    fn count(&self, which: impl Fn(&ItemStatus) -> bool) -> usize {
        self.items.iter().filter(|item| which(&item.status)).count()
    }

    pub fn total(&self) -> usize {
        self.items.len()
    }

    /// Sandboxes with a final answer (succeeded or failed).
    pub fn done(&self) -> usize {
        self.count(|status| matches!(status, ItemStatus::Succeeded | ItemStatus::Failed(_)))
    }

    pub fn succeeded(&self) -> usize {
        self.count(|status| *status == ItemStatus::Succeeded)
    }

    pub fn failed(&self) -> usize {
        self.count(|status| matches!(status, ItemStatus::Failed(_)))
    }

    pub fn not_started(&self) -> usize {
        self.count(|status| *status == ItemStatus::NotStarted)
    }

    /// Sandboxes still to send: after a 401, what a resume sends.
    pub fn remaining(&self) -> usize {
        self.count(|status| !status.is_finished())
    }
}

struct Inner {
    progress: Progress,
    task: Task,
    on_change: Rc<dyn Fn(&Progress)>,
    /// Workers still taking sandboxes from the queue.
    workers: usize,
    cancelled: bool,
    signed_out: bool,
}

/// One bulk run. Cheap to clone: every clone is the same run.
#[derive(Clone)]
pub struct Runner {
    inner: Rc<RefCell<Inner>>,
}

impl Runner {
    /// Starts `task` for each `(sandbox_id, name)` in `items`, in order.
    pub fn start(
        items: Vec<(String, String)>,
        task: Task,
        on_change: impl Fn(&Progress) + 'static,
    ) -> Runner {
        let items = items
            .into_iter()
            .map(|(sandbox_id, name)| Item {
                sandbox_id,
                name,
                status: ItemStatus::Queued,
            })
            .collect();
        let runner = Runner {
            inner: Rc::new(RefCell::new(Inner {
                progress: Progress {
                    items,
                    phase: Phase::Running,
                    in_flight: 0,
                },
                task,
                on_change: Rc::new(on_change),
                workers: 0,
                cancelled: false,
                signed_out: false,
            })),
        };
        runner.run_queued();
        runner
    }

    pub fn progress(&self) -> Progress {
        self.inner.borrow().progress.clone()
    }

    /// No new request starts; those in flight finish; the rest is `NotStarted`.
    pub fn cancel(&self) {
        {
            let mut inner = self.inner.borrow_mut();
            if inner.progress.phase != Phase::Running {
                return;
            }
            inner.cancelled = true;
            inner.progress.phase = Phase::Cancelling;
        }
        self.notify();
        self.settle_if_idle();
    }

    /// After a 401 stopped the run: sends what was not done, with `task`
    /// (made with the credentials of now).
    pub fn resume(&self, task: Task) {
        if self.inner.borrow().progress.phase != Phase::SignedOut {
            return;
        }
        self.inner.borrow_mut().task = task;
        self.run_queued();
    }

    /// Once the run is settled: sends the failed sandboxes again, with `task`.
    pub fn retry_failed(&self, task: Task) {
        {
            let mut inner = self.inner.borrow_mut();
            if !inner.progress.phase.is_settled() || inner.progress.failed() == 0 {
                return;
            }
            inner.task = task;
            for item in &mut inner.progress.items {
                if matches!(item.status, ItemStatus::Failed(_)) {
                    item.status = ItemStatus::Queued;
                }
            }
        }
        self.run_queued();
    }

    /// Starts workers for the queued sandboxes, at most `MAX_IN_FLIGHT`.
    fn run_queued(&self) {
        let workers = {
            let mut inner = self.inner.borrow_mut();
            inner.cancelled = false;
            inner.signed_out = false;
            inner.progress.phase = Phase::Running;
            let queued = inner
                .progress
                .items
                .iter()
                .filter(|item| item.status == ItemStatus::Queued)
                .count();
            inner.workers = queued.min(MAX_IN_FLIGHT);
            inner.workers
        };
        self.notify();
        if workers == 0 {
            self.settle_if_idle();
        }
        for _ in 0..workers {
            let runner = self.clone();
            wasm_bindgen_futures::spawn_local(async move { runner.work().await });
        }
    }

    /// One worker: takes the next queued sandbox until none is left or
    /// the run is cancelled or signed out.
    async fn work(&self) {
        while let Some(index) = self.take_next() {
            self.send(index).await;
        }
        self.inner.borrow_mut().workers -= 1;
        self.settle_if_idle();
    }

    fn take_next(&self) -> Option<usize> {
        let index = {
            let mut inner = self.inner.borrow_mut();
            if inner.cancelled || inner.signed_out {
                return None;
            }
            let index = inner
                .progress
                .items
                .iter()
                .position(|item| item.status == ItemStatus::Queued)?;
            inner.progress.items[index].status = ItemStatus::Running;
            inner.progress.in_flight += 1;
            index
        };
        self.notify();
        Some(index)
    }

    /// Sends the request of item `index` (marked `Running`, counted in
    /// flight), trying again after each `Retry-After` up to `MAX_RETRIES`.
    async fn send(&self, index: usize) {
        let mut retry = 0;
        let status = loop {
            let (task, sandbox_id) = {
                let inner = self.inner.borrow();
                (
                    inner.task.clone(),
                    inner.progress.items[index].sandbox_id.clone(),
                )
            };
            let answer = task(sandbox_id).await;
            let wait = match answer {
                Ok(()) => break ItemStatus::Succeeded,
                Err(ApiError::Unauthorized(_)) => {
                    self.inner.borrow_mut().signed_out = true;
                    break ItemStatus::Queued;
                }
                Err(error) => match error.retry_after() {
                    Some(wait) if retry < MAX_RETRIES => wait,
                    _ => break ItemStatus::Failed(error.message()),
                },
            };
            retry += 1;
            self.set(
                index,
                ItemStatus::Waiting {
                    seconds: wait.as_secs(),
                    retry,
                },
                -1,
            );
            if let Some(status) = self.wait_unless_stopped(wait).await {
                self.set(index, status, 0);
                return;
            }
            self.set(index, ItemStatus::Running, 1);
        };
        self.set(index, status, -1);
    }

    /// Waits `wait`; if the run is cancelled or signed out meanwhile,
    /// what the waiting sandbox becomes (its next try never starts).
    async fn wait_unless_stopped(&self, wait: Duration) -> Option<ItemStatus> {
        let mut left = wait;
        loop {
            {
                let inner = self.inner.borrow();
                if inner.signed_out {
                    return Some(ItemStatus::Queued);
                }
                if inner.cancelled {
                    return Some(ItemStatus::NotStarted);
                }
            }
            if left.is_zero() {
                return None;
            }
            let step = left.min(WAIT_STEP);
            sleep(step).await;
            left -= step;
        }
    }

    /// Sets item `index`'s status and changes the count in flight by `in_flight`.
    fn set(&self, index: usize, status: ItemStatus, in_flight: isize) {
        {
            let mut inner = self.inner.borrow_mut();
            inner.progress.items[index].status = status;
            inner.progress.in_flight = inner.progress.in_flight.saturating_add_signed(in_flight);
            if inner.signed_out && inner.progress.phase == Phase::Running {
                inner.progress.phase = Phase::Stopping;
            }
        }
        self.notify();
    }

    /// Once no worker is left: the run's final phase, and what never
    /// started after a cancel.
    fn settle_if_idle(&self) {
        {
            let mut inner = self.inner.borrow_mut();
            if inner.workers > 0 || inner.progress.phase.is_settled() {
                return;
            }
            inner.progress.phase = if inner.signed_out {
                Phase::SignedOut
            } else if inner.cancelled {
                for item in &mut inner.progress.items {
                    if item.status == ItemStatus::Queued {
                        item.status = ItemStatus::NotStarted;
                    }
                }
                Phase::Cancelled
            } else {
                Phase::Finished
            };
        }
        self.notify();
    }

    /// Tells `on_change`, outside the borrow (it may read the runner).
    fn notify(&self) {
        let (on_change, progress) = {
            let inner = self.inner.borrow();
            (inner.on_change.clone(), inner.progress.clone())
        };
        on_change(&progress);
    }
}

async fn sleep(duration: Duration) {
    let ms = i32::try_from(duration.as_millis()).unwrap_or(i32::MAX);
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
