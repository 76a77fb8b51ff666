//! SKELETON — being written.
use leptos::prelude::*;

#[component]
pub fn RegisterSourcePage() -> impl IntoView {
    view! { <p>"RegisterSourcePage"</p> }
}
