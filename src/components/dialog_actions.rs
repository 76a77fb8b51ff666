//! The foot of a confirming dialog: Cancel, which closes it, then the
//! dialog's own confirm button (the children).

use leptos::prelude::*;

#[component]
pub fn DialogActions(open: RwSignal<bool>, children: Children) -> impl IntoView {
    view! {
        <div class="dialog-actions">
            <button type="button" class="button button-secondary" on:click=move |_| open.set(false)>
                "Cancel"
            </button>
            {children()}
        </div>
    }
}
