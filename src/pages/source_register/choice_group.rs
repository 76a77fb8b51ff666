//! The register form's radio groups (ingestion mode, kind).

use leptos::prelude::*;

/// A radio group where each choice says what it means.
#[component]
pub(super) fn ChoiceGroup<T>(
    legend: &'static str,
    /// The radios' `name`, and the prefix of their ids (`<name>-<value>`).
    name: &'static str,
    options: Vec<(T, &'static str, &'static str)>,
    selected: RwSignal<T>,
    error: Signal<Option<String>>,
    on_change: Callback<()>,
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    let error_id = format!("{name}-error");
    let described = error_id.clone();
    view! {
        <fieldset
            class="field choice-group"
            class:field-invalid=move || error.with(Option::is_some)
            aria-describedby=move || error.with(Option::is_some).then(|| described.clone())
        >
            <legend class="field-label">{legend}</legend>
            {options
                .into_iter()
                .map(|(value, label, explanation)| {
                    let id = format!("{name}-{label}");
                    let hint_id = format!("{id}-hint");
                    view! {
                        <div class="choice">
                            <input
                                type="radio"
                                id=id.clone()
                                name=name
                                value=label
                                aria-describedby=hint_id.clone()
                                prop:checked=move || selected.get() == value
                                on:change=move |_| {
                                    selected.set(value);
                                    on_change.run(());
                                }
                            />
                            <label for=id>{label}</label>
                            <span class="choice-hint" id=hint_id>
                                {explanation}
                            </span>
                        </div>
                    }
                })
                .collect_view()}
            {move || {
                error
                    .get()
                    .map(|message| {
                        view! {
                            <p class="field-error" id=error_id.clone()>
                                {message}
                            </p>
                        }
                    })
            }}
        </fieldset>
    }
}
