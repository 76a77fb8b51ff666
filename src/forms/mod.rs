//! Form logic that is not a view: errors keyed by field, the
//! `Idempotency-Key` of one form filling, metadata rows, drafts kept over a
//! sign-out, and (in the modules below) pasted email lists and typed JSON
//! objects. Kept apart from the components so the browser tests can drive
//! it directly.

pub mod email_list;
pub mod json_object;

use std::collections::BTreeMap;

use sandbox_api::{JsonObject, ValidationError};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Error messages by field path (`ValidationError::field_path`: `name`,
/// `metadata`, `users.2.email`). The key `""` holds errors about the whole
/// request, which the form shows above its buttons.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldErrors(BTreeMap<String, String>);

impl FieldErrors {
    /// The errors of a validation (local or a server 422), each filed under
    /// the first field of `fields` its path starts with: a server error at
    /// `metadata.team` belongs to the `metadata` field. An error naming no
    /// known field goes to the whole form (`""`), so none is ever dropped.
    /// Several errors for one field are joined.
    pub fn from_validation(errors: &[ValidationError], fields: &[&str]) -> Self {
        let mut collected = FieldErrors::default();
        for error in errors {
            let path = error.field_path();
            let field = fields
                .iter()
                .find(|field| path == **field || path.starts_with(&format!("{field}.")))
                .map_or("", |field| field);
            let message = if field.is_empty() && !path.is_empty() {
                format!("{path}: {}", error.msg)
            } else {
                error.msg.clone()
            };
            collected.add(field, message);
        }
        collected
    }

    /// Adds a message for `field`, after any already there.
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        let message = message.into();
        self.0
            .entry(field.to_owned())
            .and_modify(|existing| {
                existing.push(' ');
                existing.push_str(&message);
            })
            .or_insert(message);
    }

    pub fn get(&self, field: &str) -> Option<String> {
        self.0.get(field).cloned()
    }

    /// Forgets a field's error, e.g. once the user edits that field.
    pub fn clear(&mut self, field: &str) {
        self.0.remove(field);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The fields with errors, in the order of `fields` (to focus the first).
    pub fn first_of<'a>(&self, fields: &[&'a str]) -> Option<&'a str> {
        fields
            .iter()
            .copied()
            .find(|field| self.0.contains_key(*field))
    }
}

/// 16 random bytes as 32 hex digits, from the browser's CSPRNG
/// (`crypto.getRandomValues`, which unlike `randomUUID` also works on
/// plain-http origins other than localhost).
pub fn random_key() -> String {
    let mut bytes = [0u8; 16];
    web_sys::window()
        .and_then(|window| window.crypto().ok())
        .and_then(|crypto| crypto.get_random_values_with_u8_array(&mut bytes).ok())
        .expect("crypto.getRandomValues, which every supported browser has");
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The `Idempotency-Key` of one form filling.
///
/// Every send of the form uses `key()`. The key survives anything after
/// which the server may or may not have acted (network failure, 5xx, 429):
/// resending with it can only replay the first result, never create a
/// second sandbox — even if the user edits the form meanwhile (the server
/// then refuses the changed body with a 409 rather than create another).
/// Once the server has given a definite answer (a 4xx), the filling is
/// settled and the next change to the form starts a new one with a new
/// key; a success also starts a new filling.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdempotencyKey {
    key: String,
    settled: bool,
}

impl IdempotencyKey {
    pub fn new() -> Self {
        IdempotencyKey {
            key: random_key(),
            settled: false,
        }
    }

    /// The key to send now.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The send failed without a definite answer: keep the key for the retry.
    pub fn on_retryable_failure(&mut self) {}

    /// The server decided (validation, conflict, forbidden…): the next
    /// change to the form is a new request and gets a new key.
    pub fn on_definite_answer(&mut self) {
        self.settled = true;
    }

    /// Created: anything sent from this form from now on is a new sandbox.
    pub fn on_success(&mut self) {
        *self = IdempotencyKey::new();
    }

    /// The user changed a field.
    pub fn on_form_changed(&mut self) {
        if self.settled {
            *self = IdempotencyKey::new();
        }
    }
}

impl Default for IdempotencyKey {
    fn default() -> Self {
        Self::new()
    }
}

/// One metadata row as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetadataEntry {
    pub key: String,
    pub value: String,
}

/// The metadata object of some key/value rows, or each bad row's message
/// by row index.
///
/// Decisions: values are always JSON strings, exactly as typed — guessing
/// that `01234` or `true` was meant as a number or boolean would silently
/// change what the user typed, and the detail page shows metadata as text
/// anyway. Keys are trimmed (a stray space is never meant to be part of a
/// key). A row left entirely empty is ignored (an unused "add" click); a
/// row with a value but no key, and a key that appears again, are errors
/// at that row.
pub fn metadata_object(rows: &[MetadataEntry]) -> Result<JsonObject, BTreeMap<usize, String>> {
    let mut object = JsonObject::new();
    let mut errors = BTreeMap::new();
    let mut first_row_of: BTreeMap<&str, usize> = BTreeMap::new();
    for (index, row) in rows.iter().enumerate() {
        let key = row.key.trim();
        if key.is_empty() {
            if !row.value.is_empty() {
                errors.insert(
                    index,
                    "Enter a key for this value, or remove the row.".to_owned(),
                );
            }
            continue;
        }
        if let Some(first) = first_row_of.get(key) {
            errors.insert(
                index,
                format!(
                    "The key \u{201c}{key}\u{201d} is already used in row {}.",
                    first + 1
                ),
            );
            continue;
        }
        first_row_of.insert(key, index);
        object.insert(key.to_owned(), Value::String(row.value.clone()));
    }
    if errors.is_empty() {
        Ok(object)
    } else {
        Err(errors)
    }
}

/// The delete confirmation's rule: the sandbox's name exactly, character
/// for character (no trimming, no case folding), so nobody deletes by
/// typing something close.
pub fn delete_confirmed(typed: &str, name: &str) -> bool {
    !name.is_empty() && typed == name
}

/// What sessionStorage keys of form drafts start with.
pub const DRAFT_KEY_PREFIX: &str = "sandbox-console.draft.";

fn draft_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// The typing of one form, kept in sessionStorage while the user
/// reconnects: a 401 signs out and `RequireSession` unmounts the page, so
/// without this the user would come back to an empty form.
///
/// A form saves its draft when a submit is answered 401 (its own error
/// handling, so a sign-out by the user's click saves nothing), takes it
/// back when it mounts again, and discards it after a success. Only what
/// the user typed into the form goes in — never the token or a secret the
/// API returned. sessionStorage is per tab and gone with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormDraft {
    key: String,
}

impl FormDraft {
    /// The draft of the form at `path` (the route's path, without its query:
    /// one form per route, and the route names the sandbox it is about).
    pub fn at(path: &str) -> Self {
        FormDraft {
            key: format!("{DRAFT_KEY_PREFIX}{path}"),
        }
    }

    /// The sessionStorage key.
    pub fn key(&self) -> &str {
        &self.key
    }

    pub fn save<T: Serialize>(&self, typed: &T) {
        if let (Some(storage), Ok(json)) = (draft_storage(), serde_json::to_string(typed)) {
            let _ = storage.set_item(&self.key, &json);
        }
    }

    /// The saved typing, if any; a draft that no longer reads as `T` (an
    /// older console's form) counts as none.
    pub fn load<T: DeserializeOwned>(&self) -> Option<T> {
        let json = draft_storage()?.get_item(&self.key).ok()??;
        serde_json::from_str(&json).ok()
    }

    /// The saved typing, removed from storage: a draft is restored once.
    pub fn take<T: DeserializeOwned>(&self) -> Option<T> {
        let typed = self.load();
        self.discard();
        typed
    }

    pub fn discard(&self) {
        if let Some(storage) = draft_storage() {
            let _ = storage.remove_item(&self.key);
        }
    }
}

/// Removes every form's draft: the user signed out on purpose, and whoever
/// uses the tab next must not find their typing.
pub fn discard_all_drafts() {
    let Some(storage) = draft_storage() else {
        return;
    };
    let keys: Vec<String> = (0..storage.length().unwrap_or(0))
        .filter_map(|index| storage.key(index).ok().flatten())
        .filter(|key| key.starts_with(DRAFT_KEY_PREFIX))
        .collect();
    for key in keys {
        let _ = storage.remove_item(&key);
    }
}
