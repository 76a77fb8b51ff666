//! Where a load stands, without its data.

use crate::api::ApiError;

/// A section's views switch on this rather than on the loaded data, so a
/// reload that brings new data updates the rows in place instead of
/// rebuilding the section (which would close any dialog open in it).
#[derive(Clone, Debug, PartialEq)]
pub enum LoadState {
    Loading,
    Failed(ApiError),
    Ready,
}

impl LoadState {
    /// The state of a resource's current value (`None` while loading).
    pub fn of<T>(value: &Option<Result<T, ApiError>>) -> Self {
        match value {
            None => LoadState::Loading,
            Some(Err(error)) => LoadState::Failed(error.clone()),
            Some(Ok(_)) => LoadState::Ready,
        }
    }
}
