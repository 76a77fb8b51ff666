//! Export CSV, for every page that offers it (the sandbox list, Activity):
//! one writer (`csv`), one paged runner with progress and Cancel (`run`,
//! shown by `components::ExportControl`), the file's name and download.

pub mod csv;
mod file;
mod run;

pub use file::{download, file_name, today};
pub use run::{run, ExportJob, ExportPage, PageFuture};
