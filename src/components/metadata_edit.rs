//! The detail page's metadata: shown as a table, and (v1.1, for a caller
//! who may) edited in the create form's editor and saved with a `PATCH`.
//! The contract's rules run before sending; a 422 lands at the row whose
//! key it names, or under the editor; whatever fails, the typing stays.
//! Cancel puts the saved values back.

use leptos::prelude::*;
use sandbox_api::{validate, JsonObject, PatchSandbox, Sandbox, ValidationError};
use serde_json::Value;

use super::expiry::now_ms;
use super::field::focus_soon;
use super::metadata_editor::{key_input_id, MetadataEditor, MetadataRows};
use super::notices::use_notices;
use super::sandbox_action::refusal;
use crate::api::{self, ApiError};
use crate::current_sandbox::use_current_sandbox;
use crate::format::metadata_value_text;
use crate::forms::{metadata_object, FieldErrors, MetadataEntry};
use crate::permissions::SandboxAction;
use crate::session::use_client;

/// The editor's id prefix.
const PREFIX: &str = "edit-metadata";

/// The rows that show `metadata` in the editor, values as text.
pub fn metadata_entries(metadata: &JsonObject) -> Vec<MetadataEntry> {
    metadata
        .iter()
        .map(|(key, value)| MetadataEntry {
            key: key.clone(),
            value: metadata_value_text(value),
        })
        .collect()
}

/// `edited` (all strings, as the editor makes them) with each value that
/// was not a string in `saved` and whose text nobody changed put back as it
/// was: editing one key never turns another's `3` into `"3"`.
pub fn keep_unchanged_values(mut edited: JsonObject, saved: &JsonObject) -> JsonObject {
    for (key, value) in edited.iter_mut() {
        if let (Some(before), Value::String(text)) = (saved.get(key), &*value) {
            if !before.is_string() && metadata_value_text(before) == *text {
                *value = before.clone();
            }
        }
    }
    edited
}

/// Where validation errors go: those at `metadata.<key>` to the row with
/// that key (by index), the rest to the editor as a whole.
pub fn place_metadata_errors(
    errors: &[ValidationError],
    entries: &[MetadataEntry],
) -> (std::collections::BTreeMap<usize, String>, Option<String>) {
    let mut rows = std::collections::BTreeMap::new();
    let mut rest = Vec::new();
    for error in errors {
        let path = error.field_path();
        let row = path
            .strip_prefix("metadata.")
            .and_then(|key| entries.iter().position(|entry| entry.key.trim() == key));
        match row {
            Some(index) => {
                rows.insert(index, error.msg.clone());
            }
            None => rest.push(error.clone()),
        }
    }
    let whole = FieldErrors::from_validation(&rest, &["metadata"]);
    let message = [whole.get("metadata"), whole.get("")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    (rows, (!message.is_empty()).then_some(message))
}

/// The metadata table of `sandbox`.
fn metadata_table(sandbox: &Sandbox) -> AnyView {
    if sandbox.metadata.is_empty() {
        return view! {
            <p class="muted" data-testid="metadata-empty">
                "No metadata."
            </p>
        }
        .into_any();
    }
    let rows = sandbox
        .metadata
        .iter()
        .map(|(key, value)| {
            let (key, value) = (key.clone(), metadata_value_text(value));
            view! {
                <tr>
                    <th scope="row">
                        <code>{key}</code>
                    </th>
                    <td>{value}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="table key-value" data-testid="metadata">
                <thead>
                    <tr>
                        <th scope="col">"Key"</th>
                        <th scope="col">"Value"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
pub fn MetadataSection() -> impl IntoView {
    let current = use_current_sandbox();
    let client = use_client();
    let notices = use_notices();
    let editing = RwSignal::new(false);
    let rows = MetadataRows::new();
    let error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    // Only a v1.1 server edits metadata; a caller who may not sees no button.
    let refused = refusal(current.sandbox.into(), SandboxAction::EditMetadata);
    let may_edit = Memo::new(move |_| {
        refused.with(Option::is_none)
            && current
                .sandbox
                .with(|s| s.as_ref().is_some_and(Sandbox::has_lifecycle))
    });
    let saved_entries = move || {
        current
            .sandbox
            .with_untracked(|s| s.as_ref().map(|s| metadata_entries(&s.metadata)))
            .unwrap_or_default()
    };
    let start = move |_| {
        rows.set_entries(saved_entries());
        error.set(None);
        editing.set(true);
        focus_soon(format!("{PREFIX}-add"));
    };
    let cancel = move |_| {
        rows.set_entries(saved_entries());
        error.set(None);
        editing.set(false);
        focus_soon("metadata-edit");
    };
    let show_errors = move |problems: &[ValidationError], entries: &[MetadataEntry]| {
        let (by_row, whole) = place_metadata_errors(problems, entries);
        rows.set_errors_by_index(&by_row);
        error.set(whole.or_else(|| Some("Fix the marked metadata rows.".to_owned())));
        match rows.first_error_row() {
            Some(row) => focus_soon(key_input_id(PREFIX, row)),
            None => focus_soon(format!("{PREFIX}-add")),
        }
    };
    let save = move |event: web_sys::SubmitEvent| {
        event.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let Some(sandbox) = current.sandbox.get_untracked() else {
            return;
        };
        let entries = rows.entries();
        let edited = match metadata_object(&entries) {
            Ok(object) => keep_unchanged_values(object, &sandbox.metadata),
            Err(row_errors) => {
                rows.set_errors_by_index(&row_errors);
                error.set(Some("Fix the marked metadata rows.".to_owned()));
                if let Some(row) = rows.first_error_row() {
                    focus_soon(key_input_id(PREFIX, row));
                }
                return;
            }
        };
        let change = PatchSandbox {
            metadata: Some(edited),
            ..PatchSandbox::default()
        };
        let problems = validate::patch_sandbox(&change, sandbox.tier, now_ms());
        if !problems.is_empty() {
            show_errors(&problems, &entries);
            return;
        }
        rows.set_errors_by_index(&Default::default());
        error.set(None);
        pending.set(true);
        let client = client.clone();
        leptos::task::spawn_local(async move {
            let result = api::sandboxes::patch(&client, &sandbox.sandbox_id, &change).await;
            pending.set(false);
            match result {
                Ok(changed) => {
                    notices.success(format!("Saved the metadata of sandbox {}.", changed.name));
                    current.replace(changed);
                    editing.set(false);
                    focus_soon("metadata-edit");
                }
                Err(ApiError::Validation(problems)) => show_errors(&problems, &entries),
                Err(failure) => {
                    let message = format!(
                        "Could not save the metadata: {} Nothing you typed is lost.",
                        failure.message()
                    );
                    notices.failure(message.clone());
                    error.set(Some(message));
                }
            }
        });
    };

    view! {
        <section aria-labelledby="overview-metadata" class="overview-metadata">
            <h2 id="overview-metadata">"Metadata"</h2>
            <Show
                when=move || editing.get()
                fallback=move || {
                    view! {
                        {move || current.sandbox.with(|s| s.as_ref().map(metadata_table))}
                        <Show when=move || may_edit.get()>
                            <button
                                type="button"
                                class="button"
                                id="metadata-edit"
                                data-testid="metadata-edit"
                                on:click=start
                            >
                                "Edit metadata"
                            </button>
                        </Show>
                    }
                }
            >
                <form
                    class="form metadata-form"
                    novalidate
                    data-testid="metadata-form"
                    on:submit=save.clone()
                >
                    <MetadataEditor
                        rows
                        id_prefix=PREFIX
                        error=Signal::derive(move || error.get())
                        on_change=move |()| error.set(None)
                    />
                    <div class="form-actions">
                        <button
                            type="submit"
                            class="button button-primary"
                            data-testid="metadata-save"
                            disabled=move || pending.get()
                            aria-busy=move || pending.get().to_string()
                        >
                            {move || if pending.get() { "Saving\u{2026}" } else { "Save metadata" }}
                        </button>
                        <button
                            type="button"
                            class="button button-secondary"
                            data-testid="metadata-cancel"
                            on:click=cancel
                        >
                            "Cancel"
                        </button>
                    </div>
                </form>
            </Show>
        </section>
    }
}
