//! What a list shows when it has nothing to show.

use leptos::prelude::*;

/// A message, and optionally something to do about it (e.g. clear filters).
#[component]
pub fn EmptyState(
    #[prop(into)] message: String,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <div class="empty-state" data-testid="empty">
            <p>{message}</p>
            {children.map(|children| children())}
        </div>
    }
}
