//! How edits of the filters become navigations: text waits for typing to
//! pause, and a run of edits makes one history entry (its first edit adds
//! the entry, later ones replace it) until the filters rest or the user
//! leaves a field.

use std::time::Duration;

use leptos::prelude::*;

use super::state::{ListState, ListUrl};

/// How long a text filter waits for typing to pause before it applies.
pub(super) const TYPING_PAUSE: Duration = Duration::from_millis(300);

/// How long the filters rest before the next edit makes a history entry of its own.
const HISTORY_PAUSE: Duration = Duration::from_secs(1);

/// A text filter's value from an input: blank means no filter.
pub(super) fn filter_value(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// A timer that a newer start replaces, cleared when its page goes.
#[derive(Clone, Copy)]
pub(super) struct Timer(StoredValue<Option<TimeoutHandle>, LocalStorage>);

impl Timer {
    fn new() -> Self {
        let timer = Timer(StoredValue::new_local(None));
        on_cleanup(move || timer.cancel());
        timer
    }

    pub(super) fn cancel(&self) {
        if let Some(handle) = self.0.try_get_value().flatten() {
            handle.clear();
        }
    }

    /// Runs `then` after `delay`, instead of anything still waiting.
    pub(super) fn restart(&self, delay: Duration, then: impl FnOnce() + 'static) {
        self.cancel();
        self.0.set_value(set_timeout_with_handle(then, delay).ok());
    }
}

/// How edits of the filters become navigations. The page holds it, so that
/// every "Clear filters" (beside the chips, in the empty list) also drops typing
/// still waiting to apply.
#[derive(Clone, Copy)]
pub(super) struct FilterEdits {
    url: ListUrl,
    /// Typing not applied yet.
    pub(super) typing: Timer,
    /// Ends the run of edits once the filters have rested.
    rest: Timer,
    /// Whether an edit of this run made its history entry (the next ones replace it).
    in_run: StoredValue<bool>,
}

impl FilterEdits {
    pub(super) fn new(url: ListUrl) -> Self {
        FilterEdits {
            url,
            typing: Timer::new(),
            rest: Timer::new(),
            in_run: StoredValue::new(false),
        }
    }

    /// Shows `next` unless it is the view shown: the first edit of a run
    /// adds a history entry, the ones after it replace that entry.
    pub(super) fn apply(&self, next: ListState) {
        if self.url.state.with_untracked(|state| *state == next) {
            return;
        }
        self.url.go(next, self.in_run.get_value());
        self.in_run.set_value(true);
        let in_run = self.in_run;
        self.rest
            .restart(HISTORY_PAUSE, move || in_run.set_value(false));
    }

    /// The run of edits is over (the user left a field): the next edit makes a new entry.
    pub(super) fn end_run(&self) {
        self.rest.cancel();
        self.in_run.set_value(false);
    }

    /// Drops typing still waiting and ends the run, before a navigation of
    /// its own (a chip, "Clear filters").
    pub(super) fn cancel(&self) {
        self.typing.cancel();
        self.end_run();
    }
}
