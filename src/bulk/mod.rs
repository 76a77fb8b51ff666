//! Working on many sandboxes at once (issue 18): the list's selection
//! (`selection`), every match of a filter (`matching`), what an action
//! would do before it runs (`plan`), and the run itself (`runner`: queue,
//! concurrency, retries, cancel; no view code). The views are the list
//! page's (`pages/sandbox_list/bulk/`).
//!
//! The run is kept in `BulkRun`, provided by `App` above the pages: a 401
//! part-way signs the user out and the list page goes, and the run must
//! still be there to resume when they come back.

pub mod matching;
pub mod plan;
pub mod runner;
pub mod selection;

use std::collections::HashMap;
use std::rc::Rc;

use leptos::prelude::*;
use sandbox_api::{PatchSandbox, SandboxUserRequest};

use self::plan::{BulkAction, Target};
use self::runner::{Progress, Runner, Task};
use crate::api::{self, ApiClient};

/// The session's bulk run, if one was started: what it does and where it is.
#[derive(Clone, Copy)]
pub struct BulkRun {
    /// The action and the progress.
    pub shown: RwSignal<Option<RunShown>>,
    runner: StoredValue<Option<Runner>, LocalStorage>,
    /// What the run sends, for every try.
    bodies: StoredValue<Bodies>,
}

/// The request bodies of a run: the members an "Add members" adds to
/// every sandbox, the change a `PATCH` makes to each.
#[derive(Clone, Default)]
struct Bodies {
    members: Option<SandboxUserRequest>,
    patches: HashMap<String, PatchSandbox>,
}

/// What a run's view shows.
#[derive(Clone, Debug, PartialEq)]
pub struct RunShown {
    pub action: BulkAction,
    pub progress: Progress,
}

impl BulkRun {
    pub fn new() -> Self {
        BulkRun {
            shown: RwSignal::new(None),
            runner: StoredValue::new_local(None),
            bodies: StoredValue::new(Bodies::default()),
        }
    }

    /// Starts `action` on `targets`, replacing any settled run; `members`
    /// is the body of an "Add members".
    pub fn start(
        &self,
        action: BulkAction,
        targets: Vec<Target>,
        client: &ApiClient,
        members: Option<SandboxUserRequest>,
    ) {
        let shown = self.shown;
        let mut bodies = Bodies {
            members,
            patches: HashMap::new(),
        };
        let items = targets
            .into_iter()
            .map(|target| {
                if let Some(patch) = target.patch {
                    bodies.patches.insert(target.sandbox_id.clone(), patch);
                }
                (target.sandbox_id, target.name)
            })
            .collect();
        let bodies = Rc::new(bodies);
        let task = task(action, client, bodies.clone());
        let runner = Runner::start(items, task, move |progress| {
            shown.try_set(Some(RunShown {
                action,
                progress: progress.clone(),
            }));
        });
        self.runner.set_value(Some(runner));
        self.bodies.set_value(Bodies::clone(&bodies));
    }

    pub fn cancel(&self) {
        self.with_runner(|runner, _| runner.cancel());
    }

    /// After reconnecting: the rest of a run a 401 stopped.
    pub fn resume(&self, client: &ApiClient) {
        self.with_runner(|runner, task| runner.resume(task(client)));
    }

    pub fn retry_failed(&self, client: &ApiClient) {
        self.with_runner(|runner, task| runner.retry_failed(task(client)));
    }

    /// Forgets a settled run (its results are dismissed).
    pub fn dismiss(&self) {
        let settled = self.shown.with_untracked(|shown| {
            shown
                .as_ref()
                .is_none_or(|shown| shown.progress.phase.is_settled())
        });
        if settled {
            self.runner.set_value(None);
            self.shown.set(None);
        }
    }

    fn with_runner(&self, run: impl FnOnce(&Runner, &dyn Fn(&ApiClient) -> Task)) {
        let Some(action) = self
            .shown
            .with_untracked(|shown| shown.as_ref().map(|shown| shown.action))
        else {
            return;
        };
        let bodies = Rc::new(self.bodies.get_value());
        let make = move |client: &ApiClient| task(action, client, bodies.clone());
        self.runner.with_value(|runner| {
            if let Some(runner) = runner {
                run(runner, &make);
            }
        });
    }
}

impl Default for BulkRun {
    fn default() -> Self {
        Self::new()
    }
}

pub fn use_bulk_run() -> BulkRun {
    expect_context::<BulkRun>()
}

/// The request of `action` for one sandbox, with `client`.
fn task(action: BulkAction, client: &ApiClient, bodies: Rc<Bodies>) -> Task {
    let client = client.clone();
    Rc::new(move |sandbox_id: String| {
        let (client, bodies) = (client.clone(), bodies.clone());
        Box::pin(async move {
            match action {
                BulkAction::Refresh => api::sandboxes::refresh(&client, &sandbox_id)
                    .await
                    .map(drop),
                BulkAction::Delete => api::sandboxes::delete(&client, &sandbox_id).await,
                BulkAction::AddMembers => {
                    let empty = SandboxUserRequest { users: Vec::new() };
                    let members = bodies.members.as_ref().unwrap_or(&empty);
                    api::members::add(&client, &sandbox_id, members)
                        .await
                        .map(drop)
                }
                BulkAction::Extend(_) | BulkAction::Protect(_) => {
                    let change = bodies.patches.get(&sandbox_id).cloned().unwrap_or_default();
                    api::sandboxes::patch(&client, &sandbox_id, &change)
                        .await
                        .map(drop)
                }
            }
        })
    })
}
