//! SKELETON — being written.
use leptos::prelude::*;

#[component]
pub fn AppsTab() -> impl IntoView {
    view! { <p>"AppsTab"</p> }
}
