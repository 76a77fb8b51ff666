//! A table header cell that sorts by its column when activated.

use leptos::prelude::*;
use sandbox_api::SandboxSort;

/// The sort a click on a column asks for: ascending first, then flips
/// between the two directions the column has.
pub fn next_sort(
    current: SandboxSort,
    ascending: SandboxSort,
    descending: Option<SandboxSort>,
) -> SandboxSort {
    match descending {
        Some(descending) if current == ascending => descending,
        _ => ascending,
    }
}

/// `<th aria-sort=…>` holding a button, so keyboard users sort with
/// Enter/Space and screen readers hear the current order.
#[component]
pub fn SortableHeader(
    label: &'static str,
    /// The column's ascending sort.
    ascending: SandboxSort,
    /// Its descending sort, if the API has one.
    #[prop(optional)]
    descending: Option<SandboxSort>,
    #[prop(into)] current: Signal<SandboxSort>,
    #[prop(into)] on_sort: Callback<SandboxSort>,
) -> impl IntoView {
    let direction = move || {
        let current = current.get();
        if current == ascending {
            "ascending"
        } else if Some(current) == descending {
            "descending"
        } else {
            "none"
        }
    };
    let arrow = move || match direction() {
        "ascending" => "▲",
        "descending" => "▼",
        _ => "↕",
    };
    view! {
        <th scope="col" aria-sort=direction>
            <button
                type="button"
                class="sort-button"
                data-sort=ascending.as_str()
                on:click=move |_| {
                    on_sort.run(next_sort(current.get_untracked(), ascending, descending))
                }
            >
                {label}
                <span class="sort-arrow" aria-hidden="true">
                    {arrow}
                </span>
            </button>
        </th>
    }
}
