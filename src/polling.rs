//! How often the console asks again about a sandbox whose status the server
//! is still changing (provisioning, seeding, refreshing): soon at first,
//! then less and less often.

use std::time::Duration;

/// The first wait before asking again.
pub const POLL_FIRST: Duration = Duration::from_secs(1);
/// The longest wait between two polls.
pub const POLL_MAX: Duration = Duration::from_secs(8);

/// The next wait between polls: doubled, at most `POLL_MAX`.
pub fn next_poll_delay(delay: Duration) -> Duration {
    (delay * 2).min(POLL_MAX)
}
