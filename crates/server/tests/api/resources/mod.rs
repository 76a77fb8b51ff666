//! Members, apps and data sources of a sandbox.

mod apps;
mod members;
mod sources;

use sandbox_api::SANDBOXES_PATH as LIST;
