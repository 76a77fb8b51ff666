//! The list's selection: the sandboxes a bulk action will act on, kept
//! across pages and polls.
//!
//! Rows must not subscribe to a signal of the whole selection (every row
//! would run again at every click, and rows subscribed to long-lived
//! signals were a leak, see `tests/memory.rs`). So the set itself is not
//! reactive; each id a row shows has a small flag of its own, which only
//! that row reads, and flags of ids no row shows any more are dropped.
//! What reads the whole selection (its count, the page's checkbox)
//! follows `revision`.

use std::collections::{BTreeMap, HashMap};

use leptos::prelude::*;
use sandbox_api::Sandbox;

/// The most sandboxes "Select all matching" takes.
pub const MAX_SELECTION: usize = 1_000;

/// What the header checkbox of a page shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageState {
    None,
    Some,
    All,
}

#[derive(Clone, Copy)]
pub struct Selection {
    /// Selected sandboxes by id, with the values last seen of each.
    chosen: StoredValue<BTreeMap<String, Sandbox>>,
    /// The order they were selected in (what the confirmation lists).
    order: StoredValue<Vec<String>>,
    /// One flag per id a row shows.
    flags: StoredValue<HashMap<String, ArcRwSignal<bool>>>,
    /// Changes with every change of the selection.
    revision: RwSignal<u64>,
    /// The id of the row clicked last, where a Shift+click range starts.
    anchor: StoredValue<Option<String>>,
}

impl Selection {
    pub fn new() -> Self {
        Selection {
            chosen: StoredValue::new(BTreeMap::new()),
            order: StoredValue::new(Vec::new()),
            flags: StoredValue::new(HashMap::new()),
            revision: RwSignal::new(0),
            anchor: StoredValue::new(None),
        }
    }

    /// Whether `sandbox_id` is selected, read through its own flag: the
    /// caller (a row) runs again when that one changes.
    pub fn is_selected(&self, sandbox_id: &str) -> bool {
        let flag = self.flags.try_update_value(|flags| {
            flags
                .entry(sandbox_id.to_owned())
                .or_insert_with(|| {
                    ArcRwSignal::new(
                        self.chosen
                            .with_value(|chosen| chosen.contains_key(sandbox_id)),
                    )
                })
                .clone()
        });
        flag.is_some_and(|flag| flag.get())
    }

    /// How many are selected (tracked).
    pub fn count(&self) -> usize {
        self.revision.track();
        self.chosen.with_value(BTreeMap::len)
    }

    pub fn count_untracked(&self) -> usize {
        self.chosen.with_value(BTreeMap::len)
    }

    /// The selected sandboxes in the order they were selected (untracked).
    pub fn sandboxes(&self) -> Vec<Sandbox> {
        self.chosen.with_value(|chosen| {
            self.order.with_value(|order| {
                order
                    .iter()
                    .filter_map(|id| chosen.get(id).cloned())
                    .collect()
            })
        })
    }

    /// Whether all, some or none of `rows` are selected (tracked).
    pub fn page_state(&self, rows: &[Sandbox]) -> PageState {
        self.revision.track();
        let selected = self.chosen.with_value(|chosen| {
            rows.iter()
                .filter(|sandbox| chosen.contains_key(&sandbox.sandbox_id))
                .count()
        });
        match selected {
            0 => PageState::None,
            n if n == rows.len() => PageState::All,
            _ => PageState::Some,
        }
    }

    /// Selects or unselects `sandboxes`.
    pub fn set_all<'a>(&self, sandboxes: impl IntoIterator<Item = &'a Sandbox>, on: bool) {
        let mut changed = Vec::new();
        self.chosen.update_value(|chosen| {
            self.order.update_value(|order| {
                for sandbox in sandboxes {
                    let id = &sandbox.sandbox_id;
                    if on && !chosen.contains_key(id) {
                        chosen.insert(id.clone(), sandbox.clone());
                        order.push(id.clone());
                        changed.push(id.clone());
                    } else if !on && chosen.remove(id).is_some() {
                        changed.push(id.clone());
                    }
                }
                if !on {
                    order.retain(|id| chosen.contains_key(id));
                }
            })
        });
        self.flags.with_value(|flags| {
            for id in &changed {
                if let Some(flag) = flags.get(id) {
                    flag.set(on);
                }
            }
        });
        if !changed.is_empty() {
            self.revision.update(|revision| *revision += 1);
        }
    }

    /// A click on the checkbox of `rows[index]`, which now says `on`: with
    /// `range` (Shift held), every row from the last one clicked to this
    /// one becomes `on`.
    pub fn click(&self, rows: &[Sandbox], index: usize, on: bool, range: bool) {
        let Some(clicked) = rows.get(index) else {
            return;
        };
        let from = range
            .then(|| self.anchor.get_value())
            .flatten()
            .and_then(|anchor| rows.iter().position(|sandbox| sandbox.sandbox_id == anchor));
        let span = match from {
            Some(from) => &rows[from.min(index)..=from.max(index)],
            None => std::slice::from_ref(clicked),
        };
        self.set_all(span, on);
        self.anchor.set_value(Some(clicked.sandbox_id.clone()));
    }

    /// Only `sandboxes` are selected ("Select all matching").
    pub fn replace(&self, sandboxes: &[Sandbox]) {
        self.clear();
        self.set_all(sandboxes, true);
    }

    pub fn clear(&self) {
        let all = self.sandboxes();
        self.set_all(&all, false);
        self.anchor.set_value(None);
    }

    /// Takes the newest values of the selected sandboxes `rows` shows (a
    /// poll, another page) and drops the flags of ids no row shows.
    pub fn follow_rows(&self, rows: &[Sandbox]) {
        self.chosen.update_value(|chosen| {
            for sandbox in rows {
                if let Some(kept) = chosen.get_mut(&sandbox.sandbox_id) {
                    kept.clone_from(sandbox);
                }
            }
        });
        self.flags.update_value(|flags| {
            flags.retain(|id, _| rows.iter().any(|sandbox| &sandbox.sandbox_id == id))
        });
    }

    /// Forgets sandboxes that are gone (deleted by a bulk run).
    pub fn forget(&self, sandbox_ids: &[String]) {
        let gone: Vec<Sandbox> = self.chosen.with_value(|chosen| {
            sandbox_ids
                .iter()
                .filter_map(|id| chosen.get(id).cloned())
                .collect()
        });
        self.set_all(&gone, false);
    }
}

impl Default for Selection {
    fn default() -> Self {
        Self::new()
    }
}
