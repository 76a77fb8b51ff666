//! What the list remembers in localStorage, per API base URL (each API has
//! its own sandboxes): the saved views and the hidden columns. Nothing
//! here is a credential; a token is never written by it.
//!
//! Storage is the user's to edit and may hold anything: what cannot be
//! read is ignored, and the page says so instead of breaking.

use serde::de::DeserializeOwned;
use serde::Serialize;

/// What a stored value is: its key's middle part.
#[derive(Clone, Copy)]
pub(super) enum Kept {
    Views,
    Columns,
}

impl Kept {
    fn key(self, base_url: &str) -> String {
        let what = match self {
            Kept::Views => "views",
            Kept::Columns => "columns",
        };
        format!("sandbox-console.list-{what}.{base_url}")
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The value kept for `base_url`: `Ok(None)` if there is none, `Err` if
/// what is there is not JSON of that shape.
pub(super) fn read<T: DeserializeOwned>(kept: Kept, base_url: &str) -> Result<Option<T>, ()> {
    let Some(text) = storage().and_then(|s| s.get_item(&kept.key(base_url)).ok().flatten()) else {
        return Ok(None);
    };
    serde_json::from_str(&text).map(Some).map_err(|_| ())
}

/// Keeps `value` for `base_url`; `false` if the browser refused (storage
/// full or disabled).
pub(super) fn write<T: Serialize>(kept: Kept, base_url: &str, value: &T) -> bool {
    let Ok(text) = serde_json::to_string(value) else {
        return false;
    };
    storage().is_some_and(|s| s.set_item(&kept.key(base_url), &text).is_ok())
}
