//! The list's menus (status, tier, support's account, rows per page): each
//! pick applies at once, and leaving one ends the run of edits.

use std::collections::BTreeMap;

use leptos::ev;
use leptos::prelude::*;
use sandbox_api::{SandboxListQuery, DEFAULT_LIMIT, MAX_LIMIT};

use super::edits::{filter_value, FilterEdits};
use super::state::{ListState, ListUrl};
use crate::session::use_session;

/// The page sizes the list offers; a URL may ask for any size the API allows.
const PAGE_SIZES: [u32; 4] = [25, DEFAULT_LIMIT, 100, MAX_LIMIT];

/// A select of the filters: each pick applies at once, and leaving it ends the run of edits.
fn picked(
    edits: FilterEdits,
    next: impl Fn(&str) -> Option<ListState> + 'static,
) -> impl Fn(ev::Event) {
    move |event: ev::Event| {
        if let Some(next) = next(&event_target_value(&event)) {
            edits.apply(next);
        }
    }
}

/// A labelled select of the filters showing `options`: a pick runs
/// `on_change`, and leaving it ends the run of edits.
fn filter_select(
    id: &'static str,
    name: &'static str,
    label: &'static str,
    edits: FilterEdits,
    on_change: impl Fn(ev::Event) + 'static,
    options: impl IntoView + 'static,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id name=name on:change=on_change on:blur=move |_| edits.end_run()>
                {options}
            </select>
        </div>
    }
}

/// A menu of one of the query's closed sets (status, tier), "any" first.
#[component]
pub(super) fn ChoiceFilter<T>(
    url: ListUrl,
    edits: FilterEdits,
    /// The query parameter: the select's name, and its id after `filter-`.
    name: &'static str,
    label: &'static str,
    /// The first choice: no filter.
    any: &'static str,
    choices: &'static [T],
    /// The value as the API spells it.
    value_name: fn(T) -> &'static str,
    /// The value as the menu shows it.
    describe: fn(T) -> &'static str,
    get: fn(&SandboxListQuery) -> Option<T>,
    set: fn(&mut SandboxListQuery, Option<T>),
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    let state = url.state;
    let id = format!("filter-{name}");
    let on_change = picked(edits, move |typed| {
        let chosen = choices
            .iter()
            .copied()
            .find(|&choice| value_name(choice) == typed);
        Some(state.with_untracked(|state| state.changed(|query| set(query, chosen))))
    });
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select id=id name=name on:change=on_change on:blur=move |_| edits.end_run()>
                <option value="" prop:selected=move || state.with(|s| get(&s.query).is_none())>
                    {any}
                </option>
                {choices
                    .iter()
                    .map(|&choice| {
                        view! {
                            <option
                                value=value_name(choice)
                                prop:selected=move || state.with(|s| get(&s.query) == Some(choice))
                            >
                                {describe(choice)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

/// The accounts a support user may pick, by name: those the list has
/// shown, and the one the URL names even when its name is not known.
fn account_choices(
    known: &BTreeMap<String, String>,
    current: Option<&str>,
) -> Vec<(String, String)> {
    let mut choices: Vec<(String, String)> = known
        .iter()
        .map(|(id, name)| (id.clone(), format!("{name} ({id})")))
        .collect();
    if let Some(current) = current.filter(|current| !known.contains_key(*current)) {
        choices.push((current.to_owned(), current.to_owned()));
    }
    choices.sort_by_key(|(_, text)| text.to_lowercase());
    choices
}

/// Support's filter by tenant account (`user_id`), picked by name.
#[component]
pub(super) fn AccountFilter(url: ListUrl, edits: FilterEdits) -> impl IntoView {
    let session = use_session();
    let state = url.state;
    let current = Memo::new(move |_| state.with(|state| state.query.user_id.clone()));
    let on_change = picked(edits, move |picked| {
        let user_id = filter_value(picked);
        Some(state.with_untracked(|state| state.changed(|query| query.user_id = user_id)))
    });
    filter_select(
        "filter-user",
        "user_id",
        "Account",
        edits,
        on_change,
        move || {
            let current = current.get();
            let choices = session
                .accounts
                .with(|known| account_choices(known, current.as_deref()));
            let any = view! {
                <option value="" selected=current.is_none()>
                    "Any account"
                </option>
            };
            let accounts = choices
                .into_iter()
                .map(|(id, text)| {
                    let selected = current.as_deref() == Some(id.as_str());
                    view! {
                        <option value=id selected=selected>
                            {text}
                        </option>
                    }
                })
                .collect_view();
            (any, accounts)
        },
    )
}

/// Rows per page: another size keeps the first row shown in view.
#[component]
pub(super) fn PageSizeFilter(url: ListUrl, edits: FilterEdits) -> impl IntoView {
    let state = url.state;
    let page_size = Memo::new(move |_| state.with(|state| state.query.limit));
    let on_change = picked(edits, move |picked| {
        let limit = picked.parse::<u32>().ok()?;
        Some(state.with_untracked(|state| state.with_page_size(limit)))
    });
    filter_select(
        "filter-limit",
        "limit",
        "Rows per page",
        edits,
        on_change,
        move || {
            let current = page_size.get();
            let mut sizes = PAGE_SIZES.to_vec();
            if !sizes.contains(&current) {
                sizes.push(current);
                sizes.sort_unstable();
            }
            sizes
                .into_iter()
                .map(|size| {
                    // A size from a pasted URL that the menu lacks is shown too, so the menu tells the truth.
                    view! {
                        <option value=size.to_string() selected=size == current>
                            {size.to_string()}
                        </option>
                    }
                })
                .collect_view()
        },
    )
}
