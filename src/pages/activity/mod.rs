//! Activity (v1.1): a sandbox's events in its tab, every visible event on
//! the Activity page.

mod entry;
mod results;
mod tab;

pub use entry::{action_text, actor_text, change_value_text};
pub use tab::ActivityTab;
