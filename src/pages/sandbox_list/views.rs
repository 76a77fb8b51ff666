//! Saved views: a named list URL (filters, sort, page size), kept per API
//! base URL. A view is only a link, so a shared address works without it.

use serde::{Deserialize, Serialize};

use super::state::ListState;
use super::stored::{self, Kept};

/// The longest name a view may have.
pub const VIEW_NAME_MAX: usize = 40;

/// One saved view.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedView {
    pub name: String,
    /// The list's URL, `/sandboxes?…`, from its first page.
    pub url: String,
}

impl SavedView {
    /// `state` as a view named `name`: its filters, sort and page size.
    pub fn of(name: String, state: &ListState) -> Self {
        SavedView {
            name,
            url: state.at_page(1).to_url(),
        }
    }

    /// Whether what storage held is a view this console can open.
    fn is_sound(&self) -> bool {
        let url_ok = self.url == "/sandboxes" || self.url.starts_with("/sandboxes?");
        url_ok && check_name(&self.name, &[], None).is_ok()
    }
}

/// `typed` as a view name: trimmed, not empty, at most [`VIEW_NAME_MAX`]
/// characters, and no other view's (`views` but the one at `renaming`),
/// whatever the case. The message says what to change.
pub fn check_name(
    typed: &str,
    views: &[SavedView],
    renaming: Option<usize>,
) -> Result<String, String> {
    let name = typed.trim();
    if name.is_empty() {
        return Err("Give the view a name.".to_owned());
    }
    let length = name.chars().count();
    if length > VIEW_NAME_MAX {
        return Err(format!(
            "A view's name has at most {VIEW_NAME_MAX} characters; this one has {length}."
        ));
    }
    let taken = views.iter().enumerate().any(|(index, view)| {
        Some(index) != renaming && view.name.to_lowercase() == name.to_lowercase()
    });
    if taken {
        return Err(format!("There is already a view named “{name}”."));
    }
    Ok(name.to_owned())
}

/// The views kept for `base_url`, and a note when some or all of what was
/// kept could not be read (those are left out).
pub fn kept_views(base_url: &str) -> (Vec<SavedView>, Option<String>) {
    let unreadable = "The saved views kept in this browser could not be read, so none are shown.";
    let Ok(kept) = stored::read::<Vec<serde_json::Value>>(Kept::Views, base_url) else {
        return (Vec::new(), Some(unreadable.to_owned()));
    };
    let kept = kept.unwrap_or_default();
    let count = kept.len();
    let mut views: Vec<SavedView> = Vec::new();
    for value in kept {
        if let Ok(view) = serde_json::from_value::<SavedView>(value) {
            if view.is_sound() && check_name(&view.name, &views, None).is_ok() {
                views.push(view);
            }
        }
    }
    let note = match count - views.len() {
        0 => None,
        _ if views.is_empty() => Some(unreadable.to_owned()),
        skipped => Some(format!(
            "{skipped} of the saved views kept in this browser could not be read and {} left out.",
            if skipped == 1 { "is" } else { "are" }
        )),
    };
    (views, note)
}

/// Keeps `views` for `base_url`; `false` if the browser refused.
pub fn keep_views(base_url: &str, views: &[SavedView]) -> bool {
    stored::write(Kept::Views, base_url, &views)
}
