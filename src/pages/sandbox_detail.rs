//! SKELETON — being written. The struct `CurrentSandbox` and
//! `use_current_sandbox` are used by the tabs and dialogs: keep their API.

use leptos::prelude::*;
use leptos_router::components::Outlet;
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
    /// Loads the sandbox again, e.g. after a refresh was accepted.
    pub fn reload(&self) {
        self.reload_version.update(|version| *version += 1);
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

#[component]
pub fn SandboxDetail() -> impl IntoView {
    view! { <Outlet/> }
}
