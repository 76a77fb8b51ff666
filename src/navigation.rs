//! Where to go back to.

use leptos::prelude::*;

/// The sandbox list's URL as the user last saw it (filters, sort, page),
/// so detail pages can link back to it and a deletion can return to it.
/// Provided as context by `App`; the list page keeps it current.
#[derive(Clone, Copy)]
pub struct ListLocation(pub RwSignal<String>);

impl ListLocation {
    pub fn new() -> Self {
        ListLocation(RwSignal::new("/sandboxes".to_owned()))
    }
}

impl Default for ListLocation {
    fn default() -> Self {
        Self::new()
    }
}

pub fn use_list_location() -> ListLocation {
    expect_context::<ListLocation>()
}
