//! The list view as the URL describes it (`ListState`, read leniently from
//! the query), and `ListUrl`, through which every change of it is a
//! navigation.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use sandbox_api::{format_timestamp_ms, SandboxListQuery};

use crate::components::expiry::{now_ms, EXPIRING_SOON_HOURS};

use crate::components::FilterField;
use crate::navigation::use_query_pairs;

/// The list's query parameters the URL may carry, besides `page`
/// (`limit` is the page size: rows per page).
const QUERY_NAMES: [&str; 7] = [
    "owner_id", "user_id", "q", "status", "tier", "sort", "limit",
];

/// The "Expiring soon" quick filter in the URL (`expiring=soon`): a time
/// relative to whenever the list loads, so a saved or shared link keeps
/// meaning "within 72 hours" instead of a moment that has passed.
const EXPIRING_NAME: &str = "expiring";
const EXPIRING_SOON: &str = "soon";

/// The list view as the URL describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListState {
    /// Filters, sort and page size (`limit`); `offset` follows from `page`.
    pub query: SandboxListQuery,
    /// Only sandboxes expiring within 72 hours (v1.1): the API query's
    /// `expires_before`, counted from each load.
    pub expiring_soon: bool,
    /// 1-based.
    pub page: u64,
    /// URL values that were not understood and so fell back to defaults, in words.
    pub problems: Vec<String>,
}

impl Default for ListState {
    fn default() -> Self {
        ListState {
            query: SandboxListQuery::default(),
            expiring_soon: false,
            page: 1,
            problems: Vec::new(),
        }
    }
}

impl ListState {
    /// Reads the URL's query pairs. A bad value never breaks the page: it is
    /// dropped (the default applies) and described in `problems`.
    pub fn from_pairs(pairs: &[(String, String)]) -> Self {
        let mut problems = Vec::new();
        let mut known: Vec<(String, String)> = pairs
            .iter()
            .filter(|(name, _)| QUERY_NAMES.contains(&name.as_str()))
            .cloned()
            .collect();
        let query = match SandboxListQuery::from_pairs(&known) {
            Ok(query) => query,
            Err(errors) => {
                let bad: Vec<String> = errors.iter().map(|error| error.field_path()).collect();
                for error in &errors {
                    let name = error.field_path();
                    let value = known
                        .iter()
                        .find(|(n, _)| *n == name)
                        .map(|(_, v)| v.as_str())
                        .unwrap_or_default();
                    problems.push(format!("{name}={value:?} was ignored: {}.", error.msg));
                }
                known.retain(|(name, _)| !bad.contains(name));
                // Only values that parsed are left, so this cannot fail; defaults if it did.
                SandboxListQuery::from_pairs(&known).unwrap_or_default()
            }
        };
        let page = match pairs
            .iter()
            .rev()
            .find(|(name, _)| name == "page")
            .map(|(_, value)| value.trim())
        {
            None | Some("") => 1,
            Some(value) => match value.parse::<u64>() {
                Ok(page) if page >= 1 => page,
                _ => {
                    problems.push(format!(
                        "page={value:?} was ignored: a page is a whole number from 1 up."
                    ));
                    1
                }
            },
        };
        let expiring_soon = match pairs.iter().rev().find(|(name, _)| name == EXPIRING_NAME) {
            None => false,
            Some((_, value)) if value == EXPIRING_SOON => true,
            Some((_, value)) => {
                problems.push(format!(
                    "{EXPIRING_NAME}={value:?} was ignored: the only choice is {EXPIRING_SOON:?}."
                ));
                false
            }
        };
        ListState {
            query,
            expiring_soon,
            page,
            problems,
        }
    }

    /// The API query for this view's page, loaded now.
    pub fn api_query(&self) -> SandboxListQuery {
        self.api_query_at(now_ms())
    }

    /// The API query for this view's page as loaded at `now_ms`.
    pub fn api_query_at(&self, now_ms: i64) -> SandboxListQuery {
        let soon = now_ms + EXPIRING_SOON_HOURS * 60 * 60 * 1000;
        SandboxListQuery {
            offset: (self.page - 1) * u64::from(self.query.limit),
            expires_before: if self.expiring_soon {
                Some(format_timestamp_ms(soon))
            } else {
                self.query.expires_before.clone()
            },
            ..self.query.clone()
        }
    }

    /// The console URL of this view, naming only what differs from the defaults.
    pub fn to_url(&self) -> String {
        let filters = SandboxListQuery {
            offset: 0,
            ..self.query.clone()
        }
        .to_query_string();
        let page = (self.page > 1).then(|| format!("page={}", self.page));
        let expiring = self
            .expiring_soon
            .then(|| format!("{EXPIRING_NAME}={EXPIRING_SOON}"));
        let search: Vec<String> = [Some(filters).filter(|f| !f.is_empty()), expiring, page]
            .into_iter()
            .flatten()
            .collect();
        if search.is_empty() {
            "/sandboxes".to_owned()
        } else {
            format!("/sandboxes?{}", search.join("&"))
        }
    }

    /// The same view on another page.
    pub fn at_page(&self, page: u64) -> Self {
        ListState {
            page: page.max(1),
            problems: Vec::new(),
            ..self.clone()
        }
    }

    /// Another page size, on the page that shows the first row shown now.
    pub fn with_page_size(&self, limit: u32) -> Self {
        let first_row = (self.page - 1) * u64::from(self.query.limit);
        self.changed(|query| query.limit = limit)
            .at_page(first_row / u64::from(limit) + 1)
    }

    /// A changed filter or sort; back to the first page, as the old page means nothing now.
    pub fn changed(&self, change: impl FnOnce(&mut SandboxListQuery)) -> Self {
        self.edited(|state| change(&mut state.query))
    }

    /// `changed` for what is not the API query's (the quick filter).
    pub fn edited(&self, change: impl FnOnce(&mut ListState)) -> Self {
        let mut next = ListState {
            page: 1,
            problems: Vec::new(),
            ..self.clone()
        };
        change(&mut next);
        next
    }

    pub fn has_filters(&self) -> bool {
        let q = &self.query;
        q.owner_id.is_some()
            || q.user_id.is_some()
            || q.q.is_some()
            || q.status.is_some()
            || q.tier.is_some()
            || self.expiring_soon
    }

    /// What the empty list says, naming the owner when that is the filter.
    pub fn empty_message(&self) -> String {
        let only_owner = self.query.user_id.is_none()
            && self.query.q.is_none()
            && self.query.status.is_none()
            && self.query.tier.is_none()
            && !self.expiring_soon;
        match &self.query.owner_id {
            Some(owner) if only_owner => format!("No sandboxes for owner {owner}."),
            Some(owner) => format!("No sandboxes for owner {owner} match these filters."),
            None if self.has_filters() => "No sandboxes match these filters.".to_owned(),
            None => "There are no sandboxes yet.".to_owned(),
        }
    }
}

/// The router's navigate, as `use_navigate` gives it.
type Navigate = Box<dyn Fn(&str, NavigateOptions)>;

/// The list's view and the way to change it: every change is a navigation.
#[derive(Clone, Copy)]
pub(super) struct ListUrl {
    pub(super) state: Memo<ListState>,
    /// Kept local: the router's navigate is not Send, and views must be.
    navigate: StoredValue<Navigate, LocalStorage>,
}

impl ListUrl {
    /// The view the router's current URL describes.
    pub(super) fn from_router() -> Self {
        let pairs = use_query_pairs();
        let state = Memo::new(move |_| pairs.with(|pairs| ListState::from_pairs(pairs)));
        ListUrl {
            state,
            navigate: StoredValue::new_local(Box::new(use_navigate())),
        }
    }

    /// Shows `next`, in a new history entry unless `replace`.
    pub(super) fn go(&self, next: ListState, replace: bool) {
        self.navigate.with_value(|navigate| {
            navigate(
                &next.to_url(),
                NavigateOptions {
                    replace,
                    scroll: false,
                    ..Default::default()
                },
            )
        });
    }

    /// Shows the view with a filter or the sort changed, from its first page.
    pub(super) fn change(&self, change: impl FnOnce(&mut SandboxListQuery)) {
        self.edit(|state| change(&mut state.query));
    }

    /// `change` for what is not the API query's (the quick filter).
    pub(super) fn edit(&self, change: impl FnOnce(&mut ListState)) {
        let next = self.state.with_untracked(|state| state.edited(change));
        self.go(next, false);
    }

    /// Shows the view without filters, keeping its sort and page size.
    pub(super) fn clear_filters(&self) {
        self.edit(|state| {
            state.expiring_soon = false;
            state.query = SandboxListQuery {
                sort: state.query.sort,
                limit: state.query.limit,
                ..SandboxListQuery::default()
            }
        });
    }

    /// The URL of this view at another page.
    pub(super) fn page_href(&self, page: u64) -> String {
        self.state
            .with_untracked(|state| state.at_page(page).to_url())
    }

    /// The URL of this view filtered by one value a row links to.
    pub(super) fn filtered_href(&self, field: FilterField, value: String) -> String {
        self.state.with_untracked(|state| {
            state
                .changed(|query| match field {
                    FilterField::OwnerId => query.owner_id = Some(value),
                    FilterField::UserId => query.user_id = Some(value),
                })
                .to_url()
        })
    }
}
