//! Small pieces shared by the pages.

pub mod dialog;
pub mod error_panel;
pub mod notices;
pub mod time;

pub use dialog::Dialog;
pub use error_panel::ErrorPanel;
pub use notices::{use_notices, NoticeRegion, Notices};
pub use time::Time;
