//! SKELETON — being written.
use leptos::prelude::*;

#[component]
pub fn SandboxOverview() -> impl IntoView {
    view! { <p>"SandboxOverview"</p> }
}
