//! The contract's validation rules. The server answers 422 with exactly
//! these errors; the console runs the same functions before it sends, so a
//! form shows the server's message at the field without a round trip.
//!
//! Every function returns all problems at once (empty = valid), each with
//! the `loc` and `type` FastAPI would give (`string_too_long`, `missing`, …:
//! stable, for programs) and a `msg` in plain words that tells a person
//! what to do ("Enter a name", "Use at most 255 characters"), which the
//! console shows at the field as it is.

mod members;
mod parameters;
mod sandbox;
mod sources;

pub use members::{email, user_request, EMAIL_MSG};
pub use parameters::{idempotency_key, push_target};
pub use sandbox::{create_sandbox, expiry, patch_sandbox};
pub use sources::{effective_poll_interval, provider, provider_pattern, register_source};

use crate::{LocPart, ValidationError};

/// Longest name, owner_id, source name, idempotency key or push target.
pub const MAX_TEXT_CHARS: usize = 255;
/// Most metadata keys on a sandbox.
pub const MAX_METADATA_KEYS: usize = 64;
/// Largest metadata object, as compact JSON.
pub const MAX_METADATA_BYTES: usize = 16 * 1024;
/// Most entries in one `SandboxUserRequest`.
pub const MAX_USERS_PER_REQUEST: usize = 100;
/// Longest provider name.
pub const MAX_PROVIDER_CHARS: usize = 64;
/// Longest member email address, in bytes (RFC 5321's path limit less the brackets).
pub const MAX_EMAIL_BYTES: usize = 254;

/// Collects validation errors.
#[derive(Default)]
pub(crate) struct Errors(Vec<ValidationError>);

impl Errors {
    pub(crate) fn push(&mut self, loc: Vec<LocPart>, kind: &str, msg: impl Into<String>) {
        self.0.push(ValidationError::new(loc, kind, msg));
    }

    /// A string of `min..=max` characters that is not only white space;
    /// `what` names it in the messages ("a name").
    fn text(&mut self, loc: Vec<LocPart>, what: &str, value: &str, min: usize, max: usize) {
        let chars = value.chars().count();
        if chars < min {
            let msg = if min == 1 {
                format!("Enter {what}")
            } else {
                format!("Use at least {min} characters")
            };
            self.push(loc, "string_too_short", msg);
        } else if chars > max {
            self.push(
                loc,
                "string_too_long",
                format!("Use at most {max} characters"),
            );
        } else if min > 0 && value.trim().is_empty() {
            self.push(
                loc,
                "value_error",
                format!("Enter {what}: spaces alone are not one"),
            );
        }
    }

    /// A name shown to other users (sandbox name, owner id, source name):
    /// `text` of 1–255 characters, without [`is_forbidden_in_text`] ones.
    fn name(&mut self, loc: Vec<LocPart>, what: &str, value: &str) {
        let before = self.0.len();
        self.text(loc.clone(), what, value, 1, MAX_TEXT_CHARS);
        if self.0.len() == before && value.chars().any(is_forbidden_in_text) {
            self.push(loc, "value_error", FORBIDDEN_IN_TEXT_MSG);
        }
    }

    pub(crate) fn into_result<T>(self, value: T) -> Result<T, Vec<ValidationError>> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self.0)
        }
    }
}

/// What a name, owner id, source name or metadata key may not contain: C0
/// and C1 control characters (NUL, newlines, escapes), which break logs,
/// terminals and CSV exports, and the bidirectional embeddings, overrides
/// and isolates (U+202A–U+202E, U+2066–U+2069), which make a name display
/// as something other than what it is (`schema::FORBIDDEN_IN_TEXT` is the
/// same set as a regex class).
pub fn is_forbidden_in_text(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

const FORBIDDEN_IN_TEXT_MSG: &str =
    "Remove line breaks, tabs and other control characters, and text-direction overrides";

/// The plain words for a required field that was not sent (`missing`),
/// named by its key in the body.
pub fn missing_msg(field: &str) -> String {
    match field {
        "name" => "Enter a name".to_owned(),
        "owner_id" => "Enter an owner id".to_owned(),
        "provider" => "Choose a provider".to_owned(),
        "users" => "Add at least one member".to_owned(),
        "email" => "Enter an email address like name@example.com".to_owned(),
        "ingestion_mode" => "Choose an ingestion mode".to_owned(),
        "" => "Send a JSON body".to_owned(),
        other => format!("Fill in {other}"),
    }
}

fn body(field: &str) -> Vec<LocPart> {
    vec!["body".into(), field.into()]
}

/// The `loc` of each error as a dotted path, as the tests compare them.
#[cfg(test)]
fn paths(errors: &[ValidationError]) -> Vec<String> {
    errors.iter().map(ValidationError::field_path).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CreateSandbox, RegisterSource};
    use serde_json::json;

    #[test]
    fn messages_say_in_plain_words_what_to_do() {
        let bad = CreateSandbox {
            name: "".into(),
            owner_id: "x".repeat(256),
            ..Default::default()
        };
        let msgs: Vec<_> = create_sandbox(&bad).into_iter().map(|e| e.msg).collect();
        assert_eq!(msgs, ["Enter a name", "Use at most 255 characters"]);
        let blank = CreateSandbox {
            name: "n".into(),
            owner_id: "  ".into(),
            ..Default::default()
        };
        assert_eq!(
            create_sandbox(&blank)[0].msg,
            "Enter an owner id: spaces alone are not one"
        );
        assert_eq!(
            email("ada").unwrap_err(),
            "Enter an email address like name@example.com: this one has no @"
        );
        assert_eq!(missing_msg("name"), "Enter a name");
        assert_eq!(missing_msg(""), "Send a JSON body");
        let source = RegisterSource {
            provider: "Slack".into(),
            name: "n".into(),
            ..Default::default()
        };
        assert_eq!(
            register_source(&source)[0].msg,
            "Use 1 to 64 lower-case letters, digits, _ and - (no spaces or capitals)"
        );
    }

    #[test]
    fn names_and_metadata_keys_refuse_controls_and_bidi_overrides() {
        for bad in [
            "nul\u{0}",
            "line\nbreak",
            "esc\u{1b}[31m",
            "c1\u{85}",
            "evil\u{202E}txt.exe",
            "iso\u{2066}late",
        ] {
            let request = CreateSandbox {
                name: bad.into(),
                owner_id: bad.into(),
                metadata: [(bad.to_owned(), json!(1)), ("fine".to_owned(), json!(bad))]
                    .into_iter()
                    .collect(),
                ..Default::default()
            };
            let errors = create_sandbox(&request);
            let metadata_key = format!("metadata.{bad}");
            assert_eq!(
                paths(&errors),
                ["name", "owner_id", metadata_key.as_str()],
                "{bad:?}"
            );
            assert!(errors.iter().all(|e| e.kind == "value_error"));
            let source = RegisterSource {
                provider: "slack".into(),
                name: bad.into(),
                ..Default::default()
            };
            assert_eq!(paths(&register_source(&source)), ["name"], "{bad:?}");
        }
        let unicode = CreateSandbox {
            name: "Zürich – staging 東京 \u{200F}".into(),
            owner_id: "cust 4711".into(),
            ..Default::default()
        };
        assert!(create_sandbox(&unicode).is_empty(), "other Unicode is fine");
    }
}
