//! The Columns menu: a disclosure of checkboxes that show or hide each of
//! the table's columns (the name always shows), kept per API base URL.

use leptos::prelude::*;

use super::stored::{self, Kept};
use crate::components::table_columns::{Column, HiddenColumns};

/// The columns the user hides, kept for the session's API base URL.
#[derive(Clone, Copy)]
pub(super) struct ColumnChoice {
    pub(super) hidden: RwSignal<HiddenColumns>,
    base_url: StoredValue<String>,
    /// Said when what was kept could not be read (then none is hidden).
    note: RwSignal<Option<String>>,
}

impl ColumnChoice {
    /// What was chosen last time against `base_url`. Names of columns
    /// this console does not have are skipped.
    pub(super) fn kept(base_url: String) -> Self {
        let (hidden, note) = match stored::read::<Vec<String>>(Kept::Columns, &base_url) {
            Ok(keys) => (
                keys.unwrap_or_default()
                    .iter()
                    .filter_map(|key| Column::from_key(key))
                    .collect(),
                None,
            ),
            Err(()) => (
                HiddenColumns::new(),
                Some("The column choice kept in this browser could not be read, so every column is shown.".to_owned()),
            ),
        };
        ColumnChoice {
            hidden: RwSignal::new(hidden),
            base_url: StoredValue::new(base_url),
            note: RwSignal::new(note),
        }
    }

    /// Shows or hides `column`, and keeps the choice.
    fn set(&self, column: Column, shown: bool) {
        self.hidden.update(|hidden| {
            if shown {
                hidden.remove(&column);
            } else {
                hidden.insert(column);
            }
        });
        let keys: Vec<&str> = self
            .hidden
            .with_untracked(|hidden| hidden.iter().map(|column| column.key()).collect());
        if !self
            .base_url
            .with_value(|url| stored::write(Kept::Columns, url, &keys))
        {
            self.note.set(Some(
                "This browser did not keep the column choice: it lasts until the page is closed."
                    .to_owned(),
            ));
        }
    }
}

/// The menu. Account is offered to support staff only, who have that column.
#[component]
pub(super) fn ColumnsMenu(choice: ColumnChoice, is_support: Signal<bool>) -> impl IntoView {
    let hidden = choice.hidden;
    let toggle = move |column: Column, shown: bool| choice.set(column, shown);
    let checkbox = move |column: Column| {
        let id = format!("column-{}", column.key());
        let label_for = id.clone();
        view! {
            <label class="check" for=label_for>
                <input
                    type="checkbox"
                    id=id
                    data-testid="column-choice"
                    value=column.key()
                    prop:checked=move || hidden.with(|hidden| !hidden.contains(&column))
                    on:change=move |event| toggle(column, event_target_checked(&event))
                />
                {column.label()}
            </label>
        }
    };
    let summary = move || {
        let support = is_support.get();
        let count = hidden.with(|hidden| {
            hidden
                .iter()
                .filter(|column| support || **column != Column::Account)
                .count()
        });
        match count {
            0 => "Columns".to_owned(),
            count => format!("Columns ({count} hidden)"),
        }
    };
    view! {
        <details class="columns-menu" data-testid="columns-menu">
            <summary class="button">{summary}</summary>
            <fieldset class="columns-menu-choices">
                <legend>"Show columns"</legend>
                <label class="check">
                    <input type="checkbox" checked disabled />
                    "Name (always shown)"
                </label>
                {Column::ALL
                    .into_iter()
                    .map(|column| {
                        if column == Column::Account {
                            view! { <Show when=move || is_support.get()>{checkbox(column)}</Show> }
                                .into_any()
                        } else {
                            checkbox(column).into_any()
                        }
                    })
                    .collect_view()}
            </fieldset>
        </details>
        {move || {
            choice
                .note
                .get()
                .map(|note| {
                    view! {
                        <p class="callout callout-warning" role="status" data-testid="columns-note">
                            {note}
                        </p>
                    }
                })
        }}
    }
}
