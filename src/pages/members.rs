//! SKELETON — being written.
use leptos::prelude::*;

#[component]
pub fn MembersTab() -> impl IntoView {
    view! { <p>"MembersTab"</p> }
}
