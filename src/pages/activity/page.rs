//! The Activity page (`/activity`): every event the caller may see, with
//! its filters in the URL (a run of edits makes one history entry, as on
//! the list), a tenant filter and column for support staff, and Export CSV.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use sandbox_api::{EventAction, EventListQuery, PrincipalRole};

use super::entry::{action_text, EventColumns};
use super::export::export_job;
use super::results::{offset_of, page_param, EventResults, PAGE_SIZE};
use super::tenants::learn_tenant_names;
use crate::api;
use crate::components::ExportControl;
use crate::navigation::{use_query_pairs, use_title, EditRun};
use crate::session::{use_client, use_session};

/// The filters and the page a URL's query describes; a bad value (an
/// edited URL) falls back to no filter rather than an error page.
pub fn query_from_pairs(pairs: &[(String, String)]) -> (EventListQuery, u64) {
    let page = page_param(pairs);
    let query = EventListQuery::from_pairs(pairs).unwrap_or_default();
    (
        EventListQuery {
            limit: PAGE_SIZE as u32,
            offset: 0,
            ..query
        },
        page,
    )
}

/// The page's URL for `query` at `page`.
pub fn activity_url(query: &EventListQuery, page: u64) -> String {
    let mut search = query.to_query_string();
    if page > 1 {
        if !search.is_empty() {
            search.push('&');
        }
        search.push_str(&format!("page={page}"));
    }
    if search.is_empty() {
        "/activity".to_owned()
    } else {
        format!("/activity?{search}")
    }
}

/// A date input's `YYYY-MM-DD` as the start or the end of that day (UTC).
fn day_bound(day: &str, end: bool) -> Option<String> {
    let time = if end { "23:59:59Z" } else { "00:00:00Z" };
    (!day.is_empty()).then(|| format!("{day}T{time}"))
}

#[component]
pub fn ActivityPage() -> impl IntoView {
    let client = use_client();
    let session = use_session();
    use_title(|| Some("Activity".to_owned()));
    let pairs = use_query_pairs();
    let state = Memo::new(move |_| pairs.with(|pairs| query_from_pairs(pairs)));
    let is_support = Memo::new(move |_| {
        session.me.with(|me| {
            me.as_ref()
                .is_some_and(|me| me.role == PrincipalRole::Support)
        })
    });
    let navigate = StoredValue::new_local(use_navigate());
    // Every filter change goes to the first page; a run of them (typing,
    // stepping through the menu) adds one history entry, which Back undoes.
    let run = EditRun::new();
    let change = move |edit: &dyn Fn(&mut EventListQuery)| {
        let mut query = state.with_untracked(|(query, _)| query.clone());
        edit(&mut query);
        let url = activity_url(&query, 1);
        let replace = run.replaces();
        navigate.with_value(|navigate| {
            navigate(
                &url,
                NavigateOptions {
                    replace,
                    scroll: false,
                    ..Default::default()
                },
            )
        });
    };
    let text = |value: String| (!value.is_empty()).then_some(value);
    let events = LocalResource::new({
        let client = client.clone();
        move || {
            let client = client.clone();
            let (query, page) = state.get();
            let query = EventListQuery {
                offset: offset_of(page),
                ..query
            };
            let names_wanted = is_support.get();
            async move {
                let found = api::events::list(&client, &query).await;
                // Before the rows render, which read the names once.
                if let (true, Ok(page)) = (names_wanted, &found) {
                    learn_tenant_names(&client, session, &page.items).await;
                }
                found
            }
        }
    });
    let page_href = Callback::new(move |page: u64| {
        state.with_untracked(|(query, _)| activity_url(query, page))
    });
    let columns = Signal::derive(move || EventColumns {
        sandbox: true,
        tenant: is_support.get(),
    });
    let value_of = move |pick: fn(&EventListQuery) -> Option<String>| {
        move || state.with(|(query, _)| pick(query).unwrap_or_default())
    };
    let day_of = move |pick: fn(&EventListQuery) -> Option<String>| {
        move || {
            state.with(|(query, _)| {
                pick(query)
                    .map(|at| at.chars().take(10).collect::<String>())
                    .unwrap_or_default()
            })
        }
    };
    let action_value = move || {
        state.with(|(query, _)| {
            query
                .actions
                .first()
                .map(|action| action.as_str().to_owned())
                .unwrap_or_default()
        })
    };

    view! {
        <section class="page activity-page" data-testid="activity-page">
            <h1 tabindex="-1">"Activity"</h1>
            <form
                class="filters"
                role="search"
                aria-label="Filter activity"
                on:submit=|event| event.prevent_default()
                // Leaving a field ends the run: the next edit is an entry of its own.
                on:focusout=move |_| run.end()
            >
                <label>
                    "Search"
                    <input
                        type="search"
                        id="activity-q"
                        prop:value=value_of(|q| q.q.clone())
                        on:input=move |event| change(
                            &|query| query.q = text(event_target_value(&event)),
                        )
                    />
                </label>
                <label>
                    "Sandbox id"
                    <input
                        type="text"
                        id="activity-sandbox"
                        prop:value=value_of(|q| q.sandbox_id.clone())
                        on:input=move |event| change(
                            &|query| query.sandbox_id = text(event_target_value(&event)),
                        )
                    />
                </label>
                <label>
                    "Actor (email)"
                    <input
                        type="text"
                        id="activity-actor"
                        prop:value=value_of(|q| q.actor.clone())
                        on:input=move |event| change(
                            &|query| query.actor = text(event_target_value(&event)),
                        )
                    />
                </label>
                <Show when=move || is_support.get()>
                    <label>
                        "Tenant account"
                        <input
                            type="text"
                            id="activity-tenant"
                            prop:value=value_of(|q| q.user_id.clone())
                            on:input=move |event| change(
                                &|query| query.user_id = text(event_target_value(&event)),
                            )
                        />
                    </label>
                </Show>
                <label>
                    "What"
                    <select
                        id="activity-action"
                        prop:value=action_value
                        on:change=move |event| change(
                            &|query| {
                                query.actions = event_target_value(&event)
                                    .parse::<EventAction>()
                                    .into_iter()
                                    .collect()
                            },
                        )
                    >
                        <option value="">"Any change"</option>
                        {EventAction::ALL
                            .iter()
                            .map(|action| {
                                view! {
                                    <option value=action.as_str()>{action_text(*action)}</option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label>
                    "From"
                    <input
                        type="date"
                        id="activity-since"
                        prop:value=day_of(|q| q.since.clone())
                        on:change=move |event| change(
                            &|query| query.since = day_bound(&event_target_value(&event), false),
                        )
                    />
                </label>
                <label>
                    "To"
                    <input
                        type="date"
                        id="activity-until"
                        prop:value=day_of(|q| q.until.clone())
                        on:change=move |event| change(
                            &|query| query.until = day_bound(&event_target_value(&event), true),
                        )
                    />
                </label>
            </form>
            <ExportControl
                noun="events"
                job=move || export_job(
                    client.clone(),
                    state.with_untracked(|(query, _)| query.clone()),
                )
            />
            {move || {
                view! {
                    <EventResults
                        events
                        columns=columns.get()
                        page=Signal::derive(move || state.with(|(_, page)| *page))
                        page_href
                        empty="No activity matches these filters."
                        caption="Activity, newest first"
                    />
                }
            }}
        </section>
    }
}
