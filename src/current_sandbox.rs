//! The sandbox a detail page shows, in context for its tabs and for the
//! components that act on it (refresh, delete, quotas). Its own module so
//! those components need not reach into the page.

use leptos::prelude::*;
use sandbox_api::Sandbox;

/// The sandbox a detail page shows, shared with its tabs and dialogs.
#[derive(Clone, Copy)]
pub struct CurrentSandbox {
    /// From the URL.
    pub sandbox_id: Memo<String>,
    /// The last loaded state; `None` until the first load answers.
    pub sandbox: RwSignal<Option<Sandbox>>,
    /// Bumped to load again (after a write); polling resumes while the status is transient.
    reload_version: RwSignal<u64>,
}

impl CurrentSandbox {
    /// Nothing loaded yet for the sandbox `sandbox_id` names.
    pub fn new(sandbox_id: Memo<String>) -> Self {
        CurrentSandbox {
            sandbox_id,
            sandbox: RwSignal::new(None),
            reload_version: RwSignal::new(0),
        }
    }

    /// Loads the sandbox again, e.g. after a refresh was accepted.
    pub fn reload(&self) {
        self.reload_version.update(|version| *version += 1);
    }

    /// Subscribes the running effect to `reload` (the page's loader runs again on each).
    pub fn track_reloads(&self) {
        self.reload_version.track();
    }

    /// Replaces the shown state with a fresher one the API just returned.
    pub fn replace(&self, sandbox: Sandbox) {
        self.sandbox.set(Some(sandbox));
        self.reload();
    }
}

pub fn use_current_sandbox() -> CurrentSandbox {
    expect_context::<CurrentSandbox>()
}
