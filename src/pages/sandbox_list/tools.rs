//! What sits between the filters and the table: the saved views, the
//! Columns menu and Export CSV.

use leptos::prelude::*;

use super::columns::{ColumnChoice, ColumnsMenu};
use super::export::{exported_columns, list_export_job};
use super::state::ListState;
use super::views_bar::SavedViews;
use crate::components::table_columns::Column;
use crate::components::ExportControl;
use crate::session::use_client;

#[component]
pub(super) fn ListTools(
    state: Memo<ListState>,
    columns: ColumnChoice,
    is_support: Signal<bool>,
    /// The table's columns for this caller and server (`offered_columns`).
    offered: Signal<Vec<Column>>,
) -> impl IntoView {
    let client = use_client();
    let base_url = client.base_url().to_owned();
    let job = move || {
        let is_support = is_support.get_untracked();
        let exported = offered.with_untracked(|offered| {
            columns
                .hidden
                .with_untracked(|hidden| exported_columns(hidden, offered))
        });
        list_export_job(
            client.clone(),
            state.with_untracked(|state| state.query.clone()),
            exported,
            is_support,
        )
    };
    view! {
        <div class="list-tools">
            <SavedViews state base_url />
            <div class="list-tool-buttons">
                <ColumnsMenu choice=columns offered />
                <ExportControl noun="sandboxes" job />
            </div>
        </div>
    }
}
