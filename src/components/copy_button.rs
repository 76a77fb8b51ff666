//! A button that copies a value to the clipboard and says so.

use std::time::Duration;

use leptos::html::Code;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// How long "Copied" (or the failure) stays next to the button.
const CONFIRMATION_VISIBLE: Duration = Duration::from_secs(4);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CopyState {
    Idle,
    Copied,
    Failed,
    /// Failed, and the text is selected for copying by hand.
    Selected,
}

/// Copies `text` with `navigator.clipboard.writeText`. Fails where the
/// browser offers no clipboard (a page served over plain http from another
/// host than localhost is not a secure context) or refuses it.
async fn write_to_clipboard(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let navigator = window.navigator();
    // Read as a plain property first: calling into an absent clipboard would throw.
    let present = js_sys::Reflect::get(&navigator, &"clipboard".into())
        .is_ok_and(|value| !value.is_undefined());
    if !present {
        return false;
    }
    let clipboard: web_sys::Clipboard = navigator.clipboard().unchecked_into();
    JsFuture::from(clipboard.write_text(text)).await.is_ok()
}

/// Selects everything `shown` holds as the document's selection.
fn select_contents(shown: NodeRef<Code>) -> bool {
    let (Some(element), Some(window)) = (shown.get_untracked(), web_sys::window()) else {
        return false;
    };
    window
        .get_selection()
        .ok()
        .flatten()
        .is_some_and(|selection| selection.select_all_children(&element).is_ok())
}

/// "Copy", then a visible and announced "Copied" (or how to copy by hand).
/// `text` is read only when the button is pressed, so a secret passed here
/// is not copied into anything that outlives the click.
#[component]
pub fn CopyButton(
    #[prop(into)] text: Signal<String>,
    /// Names the button for screen readers: "Copy webhook URL".
    #[prop(into)]
    label: String,
    #[prop(optional)] testid: &'static str,
    /// The element showing `text`: selected when the clipboard cannot be
    /// written, so Ctrl+C (⌘C) copies it.
    #[prop(optional)]
    select_on_failure: Option<NodeRef<Code>>,
) -> impl IntoView {
    let state = RwSignal::new(CopyState::Idle);
    let copy = move |_| {
        let value = text.get_untracked();
        spawn_local(async move {
            let copied = write_to_clipboard(&value).await;
            drop(value);
            state.try_set(if copied {
                CopyState::Copied
            } else if select_on_failure.is_some_and(select_contents) {
                CopyState::Selected
            } else {
                CopyState::Failed
            });
            set_timeout(
                move || {
                    state.try_set(CopyState::Idle);
                },
                CONFIRMATION_VISIBLE,
            );
        });
    };
    view! {
        <span class="copy">
            <button
                type="button"
                class="button button-small"
                aria-label=label
                data-testid=testid
                on:click=copy
            >
                "Copy"
            </button>
            <span class="copy-status" role="status" data-testid=move || format!("{testid}-status")>
                {move || match state.get() {
                    CopyState::Idle => "",
                    CopyState::Copied => "Copied",
                    CopyState::Failed => "Could not copy: select the text and copy it yourself",
                    CopyState::Selected => {
                        "Could not copy: the text is selected, press Ctrl+C (⌘C)"
                    }
                }}
            </span>
        </span>
    }
}
