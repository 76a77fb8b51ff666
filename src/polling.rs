//! How often the console asks again about a sandbox whose status the server
//! is still changing (provisioning, seeding, refreshing): soon at first,
//! then less and less often. The list and the detail page both poll
//! through one `Poll`.

use std::time::Duration;

use leptos::prelude::*;

/// The first wait before asking again.
pub const POLL_FIRST: Duration = Duration::from_secs(1);
/// The longest wait between two polls.
pub const POLL_MAX: Duration = Duration::from_secs(8);

/// The next wait between polls: doubled, at most `POLL_MAX`.
pub fn next_poll_delay(delay: Duration) -> Duration {
    (delay * 2).min(POLL_MAX)
}

/// The one timer of a view that polls, and its back-off. Stopped when the
/// view that made it goes away.
#[derive(Clone, Copy)]
pub struct Poll {
    timer: StoredValue<Option<TimeoutHandle>, LocalStorage>,
    delay: StoredValue<Duration>,
}

impl Poll {
    pub fn new() -> Self {
        let poll = Poll {
            timer: StoredValue::new_local(None),
            delay: StoredValue::new(POLL_FIRST),
        };
        on_cleanup(move || poll.stop());
        poll
    }

    /// After each answer: while it is `transient`, calls `ask` after the next
    /// wait of the back-off; once it is not, the back-off starts over. Any
    /// poll still waiting is dropped, so there is never more than one.
    pub fn after_answer(&self, transient: bool, ask: impl FnOnce() + 'static) {
        if !transient {
            self.restart();
            return;
        }
        self.stop();
        let delay = self.delay.get_value();
        self.delay.set_value(next_poll_delay(delay));
        self.timer
            .set_value(set_timeout_with_handle(ask, delay).ok());
    }

    /// Drops any poll still waiting and starts the back-off over (something
    /// else is loaded now).
    pub fn restart(&self) {
        self.stop();
        self.delay.set_value(POLL_FIRST);
    }

    fn stop(&self) {
        if let Some(handle) = self.timer.try_update_value(Option::take).flatten() {
            handle.clear();
        }
    }
}

impl Default for Poll {
    fn default() -> Self {
        Self::new()
    }
}
