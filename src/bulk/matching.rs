//! "Select all matching": every sandbox of the filtered list, fetched page
//! by page at the API's largest page size, with progress and a way to stop.

use std::cell::Cell;
use std::rc::Rc;

use sandbox_api::{Sandbox, SandboxListQuery, MAX_LIMIT};

use super::selection::MAX_SELECTION;
use crate::api::{self, ApiClient, ApiError};

/// Set to stop a fetch between two pages.
#[derive(Clone, Default)]
pub struct StopFlag(Rc<Cell<bool>>);

impl StopFlag {
    pub fn stop(&self) {
        self.0.set(true);
    }

    pub fn is_stopped(&self) -> bool {
        self.0.get()
    }
}

/// How a fetch of every match ended.
#[derive(Debug, PartialEq)]
pub enum Matching {
    All(Vec<Sandbox>),
    /// More than `MAX_SELECTION` match: nothing is selected.
    TooMany(u64),
    Stopped,
}

/// Every sandbox `query` matches (its offset and page size ignored), up to
/// `MAX_SELECTION`; `on_page` hears (fetched, total) after each page.
pub async fn fetch_all(
    client: &ApiClient,
    query: &SandboxListQuery,
    owner_accounts: bool,
    stop: &StopFlag,
    on_page: impl Fn(usize, u64),
) -> Result<Matching, ApiError> {
    let mut found: Vec<Sandbox> = Vec::new();
    loop {
        let page_query = SandboxListQuery {
            offset: found.len() as u64,
            limit: MAX_LIMIT,
            ..query.clone()
        };
        let page = api::sandboxes::list(client, &page_query, owner_accounts).await?;
        if stop.is_stopped() {
            return Ok(Matching::Stopped);
        }
        if page.total > MAX_SELECTION as u64 {
            return Ok(Matching::TooMany(page.total));
        }
        found.extend(page.items.iter().cloned());
        on_page(found.len(), page.total);
        // The list may shrink while it is read: an empty page ends it too.
        if page.items.is_empty() || found.len() as u64 >= page.total {
            return Ok(Matching::All(found));
        }
    }
}
