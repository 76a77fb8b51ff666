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

impl ExportPage {
    /// A fetched page of `items` (of `total` matching), each written by
    /// `write` (which may write nothing for one).
    pub fn written<T>(items: &[T], total: u64, mut write: impl FnMut(&mut String, &T)) -> Self {
        let mut csv = String::new();
        for item in items {
            write(&mut csv, item);
        }
        ExportPage {
            csv,
            fetched: items.len() as u64,
            total,
        }
    }
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

impl ExportJob {
    /// An export to `file_name` whose header record has the cells `header`.
    pub fn new<S: AsRef<str>>(
        file_name: String,
        header: impl IntoIterator<Item = S>,
        page_at: impl FnMut(u64) -> PageFuture + 'static,
    ) -> Self {
        let mut header_record = String::new();
        super::csv::push_record(&mut header_record, header);
        ExportJob {
            file_name,
            header: header_record,
            page_at: Box::new(page_at),
        }
    }
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
