//! Members, apps and data sources of a sandbox.

mod apps;
mod members;
mod sources;

const LIST: &str = "/api/v1/storage/sandboxes";
