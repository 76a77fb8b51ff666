//! Where a load stands, without its data, and a section's table of
//! loaded rows that shows it.

use leptos::prelude::*;

use super::error_panel::ErrorPanel;
use crate::api::ApiError;

/// A section's views switch on this rather than on the loaded data, so a
/// reload that brings new data updates the rows in place instead of
/// rebuilding the section (which would close any dialog open in it).
#[derive(Clone, Debug, PartialEq)]
pub enum LoadState {
    Loading,
    Failed(ApiError),
    Ready,
}

impl LoadState {
    /// The state of a resource's current value (`None` while loading).
    pub fn of<T>(value: &Option<Result<T, ApiError>>) -> Self {
        match value {
            None => LoadState::Loading,
            Some(Err(error)) => LoadState::Failed(error.clone()),
            Some(Ok(_)) => LoadState::Ready,
        }
    }
}

/// A section's table of loaded rows: a loading line, the error with a way
/// to try again, a line saying there are none, or the table with a column
/// per header plus an unlabelled actions column; `children` are the rows.
#[component]
pub fn LoadedTable(
    state: Memo<LoadState>,
    on_retry: Callback<()>,
    /// Whether the loaded list has no rows.
    #[prop(into)]
    is_empty: Signal<bool>,
    loading: &'static str,
    empty: &'static str,
    /// Added to the table's classes, after `table stack-table`.
    class: &'static str,
    testid: &'static str,
    caption: &'static str,
    headers: &'static [&'static str],
    children: ChildrenFn,
) -> impl IntoView {
    move || match state.get() {
        LoadState::Loading => view! {
            <p class="muted" role="status">
                {loading}
            </p>
        }
        .into_any(),
        LoadState::Failed(error) => view! { <ErrorPanel error on_retry /> }.into_any(),
        LoadState::Ready => {
            let children = children.clone();
            view! {
                <Show
                    when=move || !is_empty.get()
                    fallback=move || view! { <p class="muted">{empty}</p> }
                >
                    <div class="table-scroll">
                        <table class=format!("table stack-table {class}") data-testid=testid>
                            <caption class="visually-hidden">{caption}</caption>
                            <thead>
                                <tr>
                                    {headers
                                        .iter()
                                        .map(|&header| view! { <th scope="col">{header}</th> })
                                        .collect_view()} <th scope="col">
                                        <span class="visually-hidden">"Actions"</span>
                                    </th>
                                </tr>
                            </thead>
                            <tbody>{children()}</tbody>
                        </table>
                    </div>
                </Show>
            }
            .into_any()
        }
    }
}
