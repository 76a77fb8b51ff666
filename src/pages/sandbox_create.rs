//! SKELETON — being written.
use leptos::prelude::*;

#[component]
pub fn CreateSandboxPage() -> impl IntoView {
    view! { <p>"CreateSandboxPage"</p> }
}
