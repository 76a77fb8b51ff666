//! The selection's checkboxes in a table of sandboxes: one per row (Space
//! toggles it, as any checkbox; Shift+click selects the range from the row
//! clicked last), and one in the header for the whole page, showing
//! "some" as indeterminate.

use std::sync::Arc;

use leptos::prelude::*;
use sandbox_api::Sandbox;
use wasm_bindgen::JsCast;

use crate::bulk::selection::{PageState, Selection};

/// What a click on a checkbox says: checked now, and whether Shift was held.
fn clicked(event: &web_sys::MouseEvent) -> Option<(bool, bool)> {
    let input: web_sys::HtmlInputElement = event.target()?.dyn_into().ok()?;
    Some((input.checked(), event.shift_key()))
}

/// The checkbox cell of the row at `index` of `rows`, whose sandbox is
/// `sandbox_id` and `name`.
#[component]
pub fn RowCheckbox(
    selection: Selection,
    rows: Signal<Arc<[Sandbox]>>,
    index: usize,
    sandbox_id: Memo<String>,
    name: Memo<String>,
) -> impl IntoView {
    // The row's own flag, through a memo of this row: a click elsewhere
    // does not run it.
    let checked = Memo::new(move |_| sandbox_id.with(|id| selection.is_selected(id)));
    let on_click = move |event: web_sys::MouseEvent| {
        if let Some((on, range)) = clicked(&event) {
            rows.with_untracked(|rows| selection.click(rows, index, on, range));
        }
    };
    view! {
        <td class="row-select" data-label="Select">
            <input
                type="checkbox"
                class="checkbox"
                data-testid="row-select"
                aria-label=move || format!("Select {}", name.get())
                prop:checked=checked
                on:click=on_click
            />
        </td>
    }
}

/// The header cell: selects or unselects every row of the page.
#[component]
pub fn PageCheckbox(selection: Selection, rows: Signal<Arc<[Sandbox]>>) -> impl IntoView {
    let state = Memo::new(move |_| rows.with(|rows| selection.page_state(rows)));
    let on_change = move |event: web_sys::Event| {
        let on = event_target_checked(&event);
        rows.with_untracked(|rows| selection.set_all(rows.iter(), on));
    };
    view! {
        <th scope="col" class="row-select">
            <input
                type="checkbox"
                class="checkbox"
                data-testid="page-select"
                aria-label="Select every sandbox on this page"
                prop:checked=move || state.get() == PageState::All
                prop:indeterminate=move || state.get() == PageState::Some
                on:change=on_change
            />
        </th>
    }
}
