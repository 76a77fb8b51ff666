//! Activity (v1.1): a sandbox's events in its tab, every visible event on
//! the Activity page, and their export as CSV.

mod entry;
mod export;
mod page;
mod results;
mod tab;
mod tenants;

pub use entry::{action_text, actor_text, change_value_text};
pub use export::export_file_name;
pub use page::{activity_url, ActivityPage};
pub use tab::ActivityTab;
