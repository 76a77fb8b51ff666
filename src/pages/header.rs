//! SKELETON — being written.
use leptos::prelude::*;

#[component]
pub fn Header() -> impl IntoView {
    view! { <p>"Header"</p> }
}
