//! Request extractors that fail in the contract's shapes: the caller from
//! its bearer token, a JSON body checked field by field, the raw query pairs.

mod bearer;
mod body;
mod query;

pub use bearer::bearer;
pub use body::{Body, Fields, JsonBody, MAX_BODY_BYTES};
pub use query::QueryPairs;
