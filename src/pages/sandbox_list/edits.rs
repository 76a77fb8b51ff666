//! How edits of the filters become navigations: text waits for typing to
//! pause, and a run of edits makes one history entry (its first edit adds
//! the entry, later ones replace it) until the filters rest or the user
//! leaves a field.

use std::time::Duration;

use leptos::prelude::*;

use super::state::{ListState, ListUrl};
use crate::navigation::{EditRun, Timer};

/// How long a text filter waits for typing to pause before it applies.
pub(super) const TYPING_PAUSE: Duration = Duration::from_millis(300);

/// A text filter's value from an input: blank means no filter.
pub(super) fn filter_value(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// How edits of the filters become navigations. The page holds it, so that
/// every "Clear filters" (beside the chips, in the empty list) also drops typing
/// still waiting to apply.
#[derive(Clone, Copy)]
pub(super) struct FilterEdits {
    url: ListUrl,
    /// Typing not applied yet.
    pub(super) typing: Timer,
    /// The run of edits whose one history entry the next edit adds or replaces.
    run: EditRun,
}

impl FilterEdits {
    pub(super) fn new(url: ListUrl) -> Self {
        FilterEdits {
            url,
            typing: Timer::new(),
            run: EditRun::new(),
        }
    }

    /// Shows `next` unless it is the view shown: the first edit of a run
    /// adds a history entry, the ones after it replace that entry.
    pub(super) fn apply(&self, next: ListState) {
        if self.url.state.with_untracked(|state| *state == next) {
            return;
        }
        self.url.go(next, self.run.replaces());
    }

    /// The run of edits is over (the user left a field): the next edit makes a new entry.
    pub(super) fn end_run(&self) {
        self.run.end();
    }

    /// Drops typing still waiting and ends the run, before a navigation of
    /// its own (a chip, "Clear filters").
    pub(super) fn cancel(&self) {
        self.typing.cancel();
        self.end_run();
    }
}
