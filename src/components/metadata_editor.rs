//! Metadata as key/value rows: add, edit, remove, each row with its own
//! error. What rows become is decided by `forms::metadata_object`.

use std::collections::BTreeMap;

use leptos::prelude::*;

use super::field::focus_soon;
use crate::forms::MetadataEntry;

/// One row as shown; `id` is stable while rows come and go, so errors and
/// focus stay with the row the user is looking at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MetadataRow {
    pub id: u64,
    pub entry: MetadataEntry,
}

/// The rows of one editor, and what each row's check found.
#[derive(Clone, Copy)]
pub struct MetadataRows {
    pub rows: RwSignal<Vec<MetadataRow>>,
    /// Error messages by row id.
    pub errors: RwSignal<BTreeMap<u64, String>>,
    next_id: StoredValue<u64>,
}

impl MetadataRows {
    pub fn new() -> Self {
        MetadataRows {
            rows: RwSignal::new(Vec::new()),
            errors: RwSignal::new(BTreeMap::new()),
            next_id: StoredValue::new(0),
        }
    }

    /// Appends an empty row and returns its id.
    pub fn add(&self) -> u64 {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        self.rows.update(|rows| {
            rows.push(MetadataRow {
                id,
                entry: MetadataEntry::default(),
            })
        });
        id
    }

    /// Replaces the rows with `entries` (a restored draft), each a new row.
    pub fn set_entries(&self, entries: Vec<MetadataEntry>) {
        let first_id = self.next_id.get_value();
        self.next_id.set_value(first_id + entries.len() as u64);
        let rows = entries
            .into_iter()
            .zip(first_id..)
            .map(|(entry, id)| MetadataRow { id, entry })
            .collect();
        self.rows.set(rows);
        self.errors.set(BTreeMap::new());
    }

    pub fn remove(&self, id: u64) {
        self.rows.update(|rows| rows.retain(|row| row.id != id));
        self.errors.update(|errors| {
            errors.remove(&id);
        });
    }

    fn edit(&self, id: u64, change: impl FnOnce(&mut MetadataEntry)) {
        self.rows.update(|rows| {
            if let Some(row) = rows.iter_mut().find(|row| row.id == id) {
                change(&mut row.entry);
            }
        });
        self.errors.update(|errors| {
            errors.remove(&id);
        });
    }

    /// The rows' entries, in order.
    pub fn entries(&self) -> Vec<MetadataEntry> {
        self.rows
            .with_untracked(|rows| rows.iter().map(|row| row.entry.clone()).collect())
    }

    /// Files `forms::metadata_object`'s errors (by row index) under the rows' ids.
    pub fn set_errors_by_index(&self, by_index: &BTreeMap<usize, String>) {
        let ids: Vec<u64> = self
            .rows
            .with_untracked(|rows| rows.iter().map(|row| row.id).collect());
        self.errors.set(
            by_index
                .iter()
                .filter_map(|(index, message)| Some((*ids.get(*index)?, message.clone())))
                .collect(),
        );
    }

    /// The id of the first row with an error, to move focus there.
    pub fn first_error_row(&self) -> Option<u64> {
        let errors = self.errors.get_untracked();
        self.rows.with_untracked(|rows| {
            rows.iter()
                .map(|row| row.id)
                .find(|id| errors.contains_key(id))
        })
    }
}

impl Default for MetadataRows {
    fn default() -> Self {
        Self::new()
    }
}

/// The id of a row's key input (`prefix` keeps two editors on a page apart).
pub fn key_input_id(prefix: &str, row_id: u64) -> String {
    format!("{prefix}-key-{row_id}")
}

/// The rows as a fieldset: a key and a value input per row, a remove
/// button, the row's error under it; an add button; `error` for problems
/// with the metadata as a whole (size, key count, server errors).
#[component]
pub fn MetadataEditor(
    rows: MetadataRows,
    /// Prefix of the inputs' ids.
    id_prefix: &'static str,
    #[prop(into)] error: Signal<Option<String>>,
    /// Called after every change to the rows.
    #[prop(into)]
    on_change: Callback<()>,
) -> impl IntoView {
    let group_error_id = format!("{id_prefix}-error");
    let group_error_shown_id = group_error_id.clone();
    let add_row = move |_| {
        let id = rows.add();
        on_change.run(());
        focus_soon(key_input_id(id_prefix, id));
    };
    let position = move |id: u64| {
        rows.rows.with(|all| {
            all.iter()
                .position(|row| row.id == id)
                .map_or(0, |index| index + 1)
        })
    };
    view! {
        <fieldset
            class="field metadata-editor"
            class:field-invalid=move || error.with(Option::is_some)
            aria-describedby=move || error.with(Option::is_some).then(|| group_error_id.clone())
        >
            <legend class="field-label">"Metadata"</legend>
            <p class="field-hint">
                "Optional labels as key and value, e.g. team = payments. Values are saved as text, exactly as typed."
            </p>
            <ul class="metadata-rows">
                <For each=move || rows.rows.get() key=|row| row.id let:row>
                    {
                        let id = row.id;
                        let key_id = key_input_id(id_prefix, id);
                        let row_error_id = format!("{id_prefix}-row-{id}-error");
                        let row_error = move || rows.errors.with(|errors| errors.get(&id).cloned());
                        let has_error = move || rows.errors.with(|errors| errors.contains_key(&id));
                        let described = row_error_id.clone();
                        let described_value = row_error_id.clone();
                        let value_of = move || {
                            rows.rows
                                .with(|all| {
                                    all.iter()
                                        .find(|r| r.id == id)
                                        .map(|r| r.entry.value.clone())
                                        .unwrap_or_default()
                                })
                        };
                        let key_of = move || {
                            rows.rows
                                .with(|all| {
                                    all.iter()
                                        .find(|r| r.id == id)
                                        .map(|r| r.entry.key.clone())
                                        .unwrap_or_default()
                                })
                        };
                        view! {
                            <li
                                class="metadata-row"
                                class:field-invalid=has_error
                                data-testid="metadata-row"
                            >
                                <div class="metadata-inputs">
                                    <input
                                        id=key_id
                                        class="input metadata-key"
                                        type="text"
                                        autocomplete="off"
                                        spellcheck="false"
                                        placeholder="key"
                                        aria-label=move || {
                                            format!("Key of metadata row {}", position(id))
                                        }
                                        aria-invalid=move || {
                                            if has_error() { "true" } else { "false" }
                                        }
                                        aria-describedby=move || {
                                            has_error().then(|| described.clone())
                                        }
                                        prop:value=key_of
                                        on:input=move |event| {
                                            let typed = event_target_value(&event);
                                            rows.edit(id, |entry| entry.key = typed);
                                            on_change.run(());
                                        }
                                    />
                                    <input
                                        class="input metadata-value"
                                        type="text"
                                        autocomplete="off"
                                        placeholder="value"
                                        aria-label=move || {
                                            format!("Value of metadata row {}", position(id))
                                        }
                                        aria-describedby=move || {
                                            has_error().then(|| described_value.clone())
                                        }
                                        prop:value=value_of
                                        on:input=move |event| {
                                            let typed = event_target_value(&event);
                                            rows.edit(id, |entry| entry.value = typed);
                                            on_change.run(());
                                        }
                                    />
                                    <button
                                        type="button"
                                        class="button button-quiet metadata-remove"
                                        aria-label=move || {
                                            format!("Remove metadata row {}", position(id))
                                        }
                                        on:click=move |_| {
                                            rows.remove(id);
                                            on_change.run(());
                                            focus_soon(format!("{id_prefix}-add"));
                                        }
                                    >
                                        "Remove"
                                    </button>
                                </div>
                                {move || {
                                    row_error()
                                        .map(|message| {
                                            view! {
                                                <p class="field-error" id=row_error_id.clone()>
                                                    {message}
                                                </p>
                                            }
                                        })
                                }}
                            </li>
                        }
                    }
                </For>
            </ul>
            <button
                type="button"
                class="button button-secondary"
                id=format!("{id_prefix}-add")
                on:click=add_row
            >
                "Add metadata"
            </button>
            {move || {
                error
                    .get()
                    .map(|message| {
                        view! {
                            <p class="field-error" id=group_error_shown_id.clone()>
                                {message}
                            </p>
                        }
                    })
            }}
        </fieldset>
    }
}
