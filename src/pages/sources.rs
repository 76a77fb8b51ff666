//! SKELETON — being written.
use leptos::prelude::*;

#[component]
pub fn SourcesTab() -> impl IntoView {
    view! { <p>"SourcesTab"</p> }
}
