//! SKELETON — being written.
use leptos::prelude::*;

#[component]
pub fn SandboxList() -> impl IntoView {
    view! { <p>"SandboxList"</p> }
}
