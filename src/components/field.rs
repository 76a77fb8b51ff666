//! A labelled form control with its hint and its error message, wired for
//! assistive technology: the label names the control, the hint and the
//! error describe it (`aria-describedby`), and `aria-invalid` marks it
//! while the error shows. Any form uses it; `TextField` covers the common
//! text input.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The id of a control's error message.
pub fn error_id(control_id: &str) -> String {
    format!("{control_id}-error")
}

/// The id of a control's hint.
pub fn hint_id(control_id: &str) -> String {
    format!("{control_id}-hint")
}

/// The `aria-describedby` of a control: its hint, if it has one, then its
/// error while there is one.
pub fn described_by(control_id: &str, has_hint: bool, has_error: bool) -> Option<String> {
    let ids: Vec<String> = [
        has_hint.then(|| hint_id(control_id)),
        has_error.then(|| error_id(control_id)),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// Moves focus to the element with `id` after the next frame, once what
/// was just rendered (a new row, an error message it is described by) is
/// in the page. Forms use it to take the user to the first problem.
pub fn focus_soon(id: impl Into<String>) {
    let id = id.into();
    request_animation_frame(move || {
        let element = web_sys::window()
            .and_then(|window| window.document())
            .and_then(|document| document.get_element_by_id(&id))
            .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(element) = element {
            let _ = element.focus();
        }
    });
}

/// The label, the control (`children`, which must carry `id=control_id`
/// and `aria-describedby=described_by(..)`), the hint and the error.
#[component]
pub fn Field(
    #[prop(into)] control_id: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: MaybeProp<String>,
    #[prop(into)] error: Signal<Option<String>>,
    children: Children,
) -> impl IntoView {
    let hint_view = hint.get_untracked().map(|hint| {
        view! {
            <p class="field-hint" id=hint_id(&control_id)>
                {hint}
            </p>
        }
    });
    let message_id = error_id(&control_id);
    view! {
        <div class="field" class:field-invalid=move || error.with(Option::is_some)>
            <label class="field-label" for=control_id>
                {label}
            </label>
            {hint_view}
            {children()}
            {move || {
                error
                    .get()
                    .map(|message| {
                        view! {
                            <p class="field-error" id=message_id.clone()>
                                {message}
                            </p>
                        }
                    })
            }}
        </div>
    }
}

/// A text input bound to `value`, inside a `Field`.
#[component]
pub fn TextField(
    #[prop(into)] control_id: String,
    #[prop(into)] label: String,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(optional, into)] hint: MaybeProp<String>,
    /// `text` unless given (`email`, `url`, `password`…).
    #[prop(optional)]
    input_type: Option<&'static str>,
    /// The browser's autofill hint; `off` unless given.
    #[prop(optional)]
    autocomplete: Option<&'static str>,
    #[prop(optional)] required: bool,
    /// Called after every edit, e.g. to clear a stale server error.
    #[prop(optional, into)]
    on_input: Option<Callback<String>>,
) -> impl IntoView {
    let has_hint = hint.with_untracked(Option::is_some);
    let id = control_id.clone();
    view! {
        <Field control_id=control_id.clone() label hint error>
            <input
                id=id.clone()
                class="input"
                type=input_type.unwrap_or("text")
                autocomplete=autocomplete.unwrap_or("off")
                spellcheck="false"
                required=required
                aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                aria-describedby=move || described_by(&id, has_hint, error.with(Option::is_some))
                prop:value=move || value.get()
                on:input=move |event| {
                    let typed = event_target_value(&event);
                    value.set(typed.clone());
                    if let Some(on_input) = on_input {
                        on_input.run(typed);
                    }
                }
            />
        </Field>
    }
}
