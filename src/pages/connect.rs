//! SKELETON — being written.
use leptos::prelude::*;

#[component]
pub fn Connect() -> impl IntoView {
    view! { <p>"Connect"</p> }
}
