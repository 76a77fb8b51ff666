//! The Activity tab (`/sandboxes/:id/activity`): what happened to one
//! sandbox, newest first, a page at a time (`?page=` in the URL, as on the
//! list, so paging is part of history).

use leptos::prelude::*;
use sandbox_api::EventListQuery;

use super::entry::EventColumns;
use super::results::{offset_of, page_param, EventResults, PAGE_SIZE};
use crate::api;
use crate::components::sandbox_href;
use crate::current_sandbox::use_current_sandbox;
use crate::navigation::use_query_pairs;
use crate::session::use_client;

#[component]
pub fn ActivityTab() -> impl IntoView {
    let current = use_current_sandbox();
    let client = use_client();
    let pairs = use_query_pairs();
    let page = Memo::new(move |_| pairs.with(|pairs| page_param(pairs)));
    let events = LocalResource::new(move || {
        let client = client.clone();
        let sandbox_id = current.sandbox_id.get();
        let query = EventListQuery {
            offset: offset_of(page.get()),
            limit: PAGE_SIZE as u32,
            ..EventListQuery::default()
        };
        async move { api::events::list_for_sandbox(&client, &sandbox_id, &query).await }
    });
    let page_href = Callback::new(move |page: u64| {
        let base = format!(
            "{}/activity",
            sandbox_href(&current.sandbox_id.get_untracked())
        );
        match page {
            1 => base,
            page => format!("{base}?page={page}"),
        }
    });
    view! {
        <section class="section" aria-labelledby="activity-heading" data-testid="activity-tab">
            <h2 id="activity-heading" class="section-title">
                "Activity"
            </h2>
            <EventResults
                events
                columns=EventColumns::default()
                page
                page_href
                empty="Nothing has happened in this sandbox yet."
                caption="What happened in this sandbox, newest first"
            />
        </section>
    }
}
