//! What every handler gets. Apart from the router that assembles them, so
//! handlers and extractors can name it without importing the router back.

use std::sync::Arc;

use crate::jobs::Jobs;
use crate::store::Store;

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub jobs: Jobs,
    /// Base URL of webhook URLs, without a trailing slash.
    pub public_url: Arc<str>,
    /// `--demo`: the demo endpoints answer (404 otherwise).
    pub demo: bool,
}
