//! A modal dialog on the native `<dialog>` element.
//!
//! `showModal()` gives what an accessible modal needs without script
//! tricks: focus moves into the dialog, the page behind it is inert (so
//! Tab cannot leave it), and Esc cancels. We add returning focus to the
//! element that opened it, and render the content only while open, so a
//! closed dialog keeps no typed text or secret in the page.

use std::sync::atomic::{AtomicUsize, Ordering};

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Gives each dialog's title a unique id for `aria-labelledby`.
static NEXT_ID: AtomicUsize = AtomicUsize::new(0);

fn focused_element() -> Option<web_sys::HtmlElement> {
    web_sys::window()?.document()?.active_element()?.dyn_into().ok()
}

/// A modal shown while `open` is true. Esc or the browser closing it sets
/// `open` to false; so does any button inside that sets it.
#[component]
pub fn Dialog(
    open: RwSignal<bool>,
    #[prop(into)] title: Signal<String>,
    /// Used as the dialog's `data-testid` and class suffix.
    #[prop(optional)]
    name: &'static str,
    children: ChildrenFn,
) -> impl IntoView {
    let title_id = format!("dialog-title-{}", NEXT_ID.fetch_add(1, Ordering::Relaxed));
    let dialog_ref = NodeRef::<html::Dialog>::new();
    let opener = StoredValue::new_local(None::<web_sys::HtmlElement>);

    Effect::new(move |_| {
        let Some(dialog) = dialog_ref.get() else { return };
        if open.get() {
            if !dialog.open() {
                opener.set_value(focused_element());
                let _ = dialog.show_modal();
            }
        } else if dialog.open() {
            dialog.close();
            if let Some(element) = opener.get_value() {
                let _ = element.focus();
            }
        }
    });

    let labelled_by = title_id.clone();
    view! {
        <dialog
            node_ref=dialog_ref
            class="dialog"
            data-testid=name
            aria-labelledby=labelled_by
            // Esc: let our state close it, so focus is restored the same way.
            on:cancel=move |event: web_sys::Event| {
                event.prevent_default();
                open.set(false);
            }
        >
            <h2 id=title_id class="dialog-title">{title}</h2>
            {move || open.get().then(|| children())}
        </dialog>
    }
}
