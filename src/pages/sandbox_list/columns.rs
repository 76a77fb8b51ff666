//! The Columns menu: a disclosure of checkboxes that show or hide each of
//! the table's columns (the name always shows), kept per API base URL.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

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

/// The columns the table has for this caller and server: Account for
/// support staff, Expires when the rows carry an expiry (v1.1).
pub(super) fn offered_columns(is_support: bool, has_expiry: bool) -> Vec<Column> {
    Column::ALL
        .into_iter()
        .filter(|column| match column {
            Column::Account => is_support,
            Column::Expires => has_expiry,
            _ => true,
        })
        .collect()
}

/// The menu, with a choice for each of the `offered` columns.
#[component]
pub(super) fn ColumnsMenu(choice: ColumnChoice, offered: Signal<Vec<Column>>) -> impl IntoView {
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
        let count = offered.with(|offered| {
            hidden.with(|hidden| {
                offered
                    .iter()
                    .filter(|column| hidden.contains(column))
                    .count()
            })
        });
        match count {
            0 => "Columns".to_owned(),
            count => format!("Columns ({count} hidden)"),
        }
    };
    // A disclosure: Escape closes it (the focus back on its summary), and
    // so does the focus leaving it, so it never lingers over the table.
    let menu = NodeRef::<leptos::html::Details>::new();
    let close = move |refocus: bool| {
        if let Some(menu) = menu.get_untracked() {
            if menu.open() {
                menu.set_open(false);
                if refocus {
                    if let Some(summary) = menu.first_element_child() {
                        let _ = summary.unchecked_into::<web_sys::HtmlElement>().focus();
                    }
                }
            }
        }
    };
    let focus_stays_inside = move |event: &web_sys::FocusEvent| {
        let next = event
            .related_target()
            .and_then(|t| t.dyn_into::<web_sys::Node>().ok());
        menu.get_untracked()
            .is_some_and(|menu| next.is_some_and(|next| menu.contains(Some(&next))))
    };
    view! {
        <details
            class="columns-menu"
            data-testid="columns-menu"
            node_ref=menu
            on:keydown=move |event| {
                if event.key() == "Escape" {
                    close(true);
                }
            }
            on:focusout=move |event| {
                if !focus_stays_inside(&event) {
                    close(false);
                }
            }
        >
            <summary class="button">{summary}</summary>
            // Focusable, so a click on its text keeps the focus inside the menu.
            <fieldset class="columns-menu-choices" tabindex="-1">
                <legend>"Show columns"</legend>
                <label class="check">
                    <input type="checkbox" checked disabled />
                    "Name (always shown)"
                </label>
                {Column::ALL
                    .into_iter()
                    .map(|column| {
                        view! {
                            <Show when=move || {
                                offered.with(|offered| offered.contains(&column))
                            }>{checkbox(column)}</Show>
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
