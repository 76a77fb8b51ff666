//! The paged export runner: a list fetched page by page into CSV parts,
//! with progress after each page and a cancel asked before each next one.

use std::future::Future;
use std::pin::Pin;

use crate::api::ApiError;

/// One fetched page, already written as CSV records.
pub struct ExportPage {
    /// This page's records (each ending in CRLF).
    pub csv: String,
    /// How many items the API returned (the next page's offset moves by it).
    pub fetched: u64,
    /// All items matching (`X-Total-Count`).
    pub total: u64,
}

/// The page of an export at an offset, as its fetch answers.
pub type PageFuture = Pin<Box<dyn Future<Output = Result<ExportPage, ApiError>>>>;

/// An export, ready to run: what the file is called, its header record,
/// and how to fetch (and write) the page at an offset.
pub struct ExportJob {
    pub file_name: String,
    /// The header record, ending in CRLF.
    pub header: String,
    pub page_at: Box<dyn FnMut(u64) -> PageFuture>,
}

/// Runs `job` to its last page: `on_page(fetched, total)` after each,
/// `cancelled` asked before and after each fetch (`Ok(None)` once it says
/// so). The parts are JS strings, so a page's Rust rows and text are gone
/// once it is written: memory holds the document once, in the browser.
pub async fn run(
    job: &mut ExportJob,
    on_page: impl Fn(u64, u64),
    cancelled: impl Fn() -> bool,
) -> Result<Option<js_sys::Array>, ApiError> {
    let parts = js_sys::Array::of1(&job.header.as_str().into());
    let mut offset = 0;
    loop {
        if cancelled() {
            return Ok(None);
        }
        let page = (job.page_at)(offset).await?;
        if cancelled() {
            return Ok(None);
        }
        parts.push(&page.csv.as_str().into());
        offset += page.fetched;
        on_page(offset, page.total);
        if page.fetched == 0 || offset >= page.total {
            return Ok(Some(parts));
        }
    }
}
