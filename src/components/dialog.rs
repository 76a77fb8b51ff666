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
    web_sys::window()?
        .document()?
        .active_element()?
        .dyn_into()
        .ok()
}

/// Focuses what the content marks `autofocus`, else its first control,
/// else the dialog itself (so the keyboard always starts inside it).
fn focus_initial(dialog: &web_sys::HtmlDialogElement) {
    if !dialog.open() {
        return;
    }
    const FOCUSABLE: &str = "[autofocus], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled]), a[href], [tabindex]:not([tabindex='-1'])";
    let first = dialog
        .query_selector("[autofocus]")
        .ok()
        .flatten()
        .or_else(|| dialog.query_selector(FOCUSABLE).ok().flatten());
    match first.and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok()) {
        Some(element) => {
            let _ = element.focus();
        }
        None => {
            let _ = dialog.focus();
        }
    }
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
        let Some(dialog) = dialog_ref.get() else {
            return;
        };
        if open.get() {
            if !dialog.open() {
                opener.set_value(focused_element());
                let _ = dialog.show_modal();
                // The content renders in the same tick but may land after
                // showModal(), whose own initial focus would then miss it.
                request_animation_frame(move || focus_initial(&dialog));
            }
        } else {
            if dialog.open() {
                dialog.close();
            }
            // Taken, so a second close (our state after the browser's) focuses once.
            if let Some(element) = opener.try_update_value(Option::take).flatten() {
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
            // Chrome closes without a cancel event on a second Esc in a row:
            // follow it, or `open` would stay true with the dialog gone.
            on:close=move |_| open.set(false)
        >
            <h2 id=title_id class="dialog-title">
                {title}
            </h2>
            {move || open.get().then(|| children())}
        </dialog>
    }
}
