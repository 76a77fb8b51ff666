//! One module per page (or detail tab).

mod activity;
mod apps;
mod connect;
mod demo_menu;
mod header;
mod members;
mod not_found;
mod sandbox_create;
mod sandbox_detail;
mod sandbox_list;
mod sandbox_overview;
mod source_register;
mod sources;

pub use activity::{
    action_text, activity_url, actor_text, change_value_text, export_file_name, ActivityPage,
    ActivityTab,
};
pub use apps::AppsTab;
pub use connect::{check_base_url, connect_error_message, safe_next, who_text, Connect};
pub use header::Header;
pub use members::MembersTab;
pub use not_found::NotFound;
pub use sandbox_create::{
    create_expiry, default_expiry_choice, expiry_hint, place_create_error, CreateSandboxPage,
};
pub use sandbox_detail::SandboxDetail;
pub use sandbox_list::{list_export_file_name, next_expiry_check, ListState, SandboxList};
pub use sandbox_overview::{metadata_value_text, SandboxOverview};
pub use source_register::{RegisterSourcePage, SourceForm, SOURCE_FIELDS};
pub use sources::SourcesTab;
