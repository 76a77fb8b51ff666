//! The contract's validation rules. The server answers 422 with exactly
//! these errors; the console runs the same functions before it sends, so a
//! form shows the server's message at the field without a round trip.
//!
//! Every function returns all problems at once (empty = valid), each with
//! the `loc` and `type` FastAPI would give (`string_too_long`, `missing`, …:
//! stable, for programs) and a `msg` in plain words that tells a person
//! what to do ("Enter a name", "Use at most 255 characters"), which the
//! console shows at the field as it is.

use crate::MIN_POLL_INTERVAL_SECONDS;
use crate::{
    CreateSandbox, IngestionMode, LocPart, RegisterSource, SandboxUserRequest, ValidationError,
};

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

/// `POST /sandboxes`.
pub fn create_sandbox(request: &CreateSandbox) -> Vec<ValidationError> {
    let mut errors = Errors::default();
    errors.name(body("name"), "a name", &request.name);
    errors.name(body("owner_id"), "an owner id", &request.owner_id);
    for key in request.metadata.keys() {
        if key.chars().any(is_forbidden_in_text) {
            let loc = vec!["body".into(), "metadata".into(), key.as_str().into()];
            errors.push(loc, "value_error", FORBIDDEN_IN_TEXT_MSG);
        }
    }
    if request.metadata.len() > MAX_METADATA_KEYS {
        errors.push(
            body("metadata"),
            "too_long",
            format!(
                "Use at most {MAX_METADATA_KEYS} metadata keys (this has {})",
                request.metadata.len()
            ),
        );
    } else {
        let size = serde_json::to_string(&request.metadata).map_or(0, |json| json.len());
        if size > MAX_METADATA_BYTES {
            errors.push(
                body("metadata"),
                "too_long",
                format!(
                    "Keep metadata within 16 KiB as JSON (this is {:.1} KiB)",
                    size as f64 / 1024.0
                ),
            );
        }
    }
    errors.0
}

/// An email address as the contract accepts it (`schema::email` publishes
/// the same rule as a pattern): `local@domain.tld` of at most 254
/// characters, exactly one `@`, a local part of letters, digits, dots and
/// ``!#$%&*+/=?^_`{|}~-`` (no quotes, `<`, `>`, spaces or other
/// characters that need quoting in an address, so an address is safe to
/// show and to put in a header), a domain of at least two dot-separated
/// labels of letters, digits and inner hyphens. The `Err` is the message
/// shown to the user: [`EMAIL_MSG`] and what is wrong with this one.
pub fn email(address: &str) -> Result<(), String> {
    let invalid = |why: &str| Err(format!("{EMAIL_MSG}: {why}"));
    if address.len() > MAX_EMAIL_BYTES {
        return invalid(&format!(
            "this one is longer than {MAX_EMAIL_BYTES} characters"
        ));
    }
    if address.chars().any(char::is_whitespace) {
        return invalid("this one has a space in it");
    }
    let Some((local, domain)) = address.split_once('@') else {
        return invalid("this one has no @");
    };
    if local.is_empty() || domain.contains('@') {
        return invalid("it needs exactly one @ with something before it");
    }
    let allowed_in_local = |c: char| c.is_ascii_alphanumeric() || "!#$%&*+/=?^_`{|}~.-".contains(c);
    if let Some(c) = local.chars().find(|&c| !allowed_in_local(c)) {
        return invalid(&format!("the part before the @ cannot contain {c:?}"));
    }
    let is_label = |label: &str| {
        !label.is_empty()
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    if domain.split('.').count() < 2 || !domain.split('.').all(is_label) {
        return invalid("the part after the @ is not a domain like example.com");
    }
    Ok(())
}

/// What every refused email address is told first.
pub const EMAIL_MSG: &str = "Enter an email address like name@example.com";

/// `POST` and `DELETE …/users`.
pub fn user_request(request: &SandboxUserRequest) -> Vec<ValidationError> {
    let mut errors = Errors::default();
    match request.users.len() {
        0 => errors.push(body("users"), "too_short", missing_msg("users")),
        n if n > MAX_USERS_PER_REQUEST => errors.push(
            body("users"),
            "too_long",
            format!("Send at most {MAX_USERS_PER_REQUEST} members at a time (this has {n})"),
        ),
        _ => {}
    }
    let mut seen: Vec<String> = Vec::with_capacity(request.users.len());
    for (index, user) in request.users.iter().enumerate() {
        let loc = vec!["body".into(), "users".into(), index.into(), "email".into()];
        if let Err(msg) = email(&user.email) {
            errors.push(loc, "value_error", msg);
            continue;
        }
        let folded = user.email.to_lowercase();
        if seen.contains(&folded) {
            errors.push(
                loc,
                "value_error",
                format!("{} is listed more than once: remove the repeat", user.email),
            );
        } else {
            seen.push(folded);
        }
    }
    errors.0
}

/// The regex `provider` checks, as its message and the OpenAPI document state it.
pub fn provider_pattern() -> String {
    format!("^[a-z0-9_-]{{1,{MAX_PROVIDER_CHARS}}}$")
}

/// `provider`: a lower-case name of 1–64 of `[a-z0-9_-]`.
pub fn provider(name: &str) -> Result<(), String> {
    let valid = !name.is_empty()
        && name.len() <= MAX_PROVIDER_CHARS
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
    if valid {
        Ok(())
    } else {
        Err(format!(
            "Use 1 to {MAX_PROVIDER_CHARS} lower-case letters, digits, _ and - (no spaces or capitals)"
        ))
    }
}

/// `POST …/sources`.
pub fn register_source(request: &RegisterSource) -> Vec<ValidationError> {
    let mut errors = Errors::default();
    if let Err(msg) = provider(&request.provider) {
        errors.push(body("provider"), "string_pattern_mismatch", msg);
    }
    errors.name(body("name"), "a name", &request.name);
    if let Some(account) = &request.external_account_id {
        errors.text(
            body("external_account_id"),
            "an account id",
            account,
            0,
            MAX_TEXT_CHARS,
        );
    }
    if let Some(seconds) = request.poll_interval_seconds {
        // Checked whatever the mode, so a bad value is never silently kept.
        if seconds < MIN_POLL_INTERVAL_SECONDS {
            errors.push(
                body("poll_interval_seconds"),
                "greater_than_equal",
                format!("Use {MIN_POLL_INTERVAL_SECONDS} seconds or more"),
            );
        }
    }
    errors.0
}

/// What the server stores as the poll interval: the given one (or 300) for
/// `polling`, nothing for the other modes, where it has no meaning.
pub fn effective_poll_interval(request: &RegisterSource) -> Option<i64> {
    (request.ingestion_mode == IngestionMode::Polling).then(|| {
        request
            .poll_interval_seconds
            .unwrap_or(crate::DEFAULT_POLL_INTERVAL_SECONDS)
    })
}

/// The `Idempotency-Key` header: 1–255 visible ASCII characters.
pub fn idempotency_key(key: &str) -> Vec<ValidationError> {
    let mut errors = Errors::default();
    let loc = || vec!["header".into(), "Idempotency-Key".into()];
    errors.text(loc(), "an idempotency key", key, 1, MAX_TEXT_CHARS);
    if errors.0.is_empty() && !key.bytes().all(|b| b.is_ascii_graphic()) {
        errors.push(
            loc(),
            "value_error",
            "Use letters, digits and punctuation of plain ASCII, without spaces",
        );
    }
    errors.0
}

/// The push `target` query parameter: an environment id or database name.
pub fn push_target(target: &str) -> Vec<ValidationError> {
    let mut errors = Errors::default();
    let loc = || vec!["query".into(), "target".into()];
    errors.text(loc(), "a target", target, 1, MAX_TEXT_CHARS);
    if errors.0.is_empty()
        && target
            .chars()
            .any(|c| c.is_whitespace() || is_forbidden_in_text(c))
    {
        errors.push(
            loc(),
            "value_error",
            "Enter an environment id or database name, without spaces",
        );
    }
    errors.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SandboxUser;
    use serde_json::json;

    fn paths(errors: &[ValidationError]) -> Vec<String> {
        errors.iter().map(ValidationError::field_path).collect()
    }

    #[test]
    fn create_requires_name_and_owner_within_bounds() {
        let ok = CreateSandbox {
            name: "staging-eu".into(),
            owner_id: "cust_4711".into(),
            ..Default::default()
        };
        assert!(create_sandbox(&ok).is_empty());
        let bad = CreateSandbox {
            name: "".into(),
            owner_id: "x".repeat(256),
            ..Default::default()
        };
        let errors = create_sandbox(&bad);
        assert_eq!(paths(&errors), ["name", "owner_id"]);
        assert_eq!(errors[0].kind, "string_too_short");
        assert_eq!(errors[1].kind, "string_too_long");
        let blank = CreateSandbox {
            name: "   ".into(),
            owner_id: "o".into(),
            ..Default::default()
        };
        assert_eq!(create_sandbox(&blank)[0].kind, "value_error");
    }

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

    #[test]
    fn create_limits_metadata_keys_and_size() {
        let mut many = CreateSandbox {
            name: "n".into(),
            owner_id: "o".into(),
            ..Default::default()
        };
        for i in 0..65 {
            many.metadata.insert(format!("k{i}"), json!(i));
        }
        assert_eq!(paths(&create_sandbox(&many)), ["metadata"]);
        let mut big = CreateSandbox {
            name: "n".into(),
            owner_id: "o".into(),
            ..Default::default()
        };
        big.metadata
            .insert("blob".into(), json!("x".repeat(17 * 1024)));
        assert_eq!(create_sandbox(&big)[0].kind, "too_long");
    }

    #[test]
    fn email_rules() {
        for good in [
            "ada@acme.test",
            "Ada.Lovelace+x@mail.acme-corp.co.uk",
            "a_b-c@x.io",
        ] {
            assert!(email(good).is_ok(), "{good:?} should be accepted");
        }
        for bad in [
            "",
            "ada",
            "ada@",
            "@acme.test",
            "ada@acme",
            "a b@acme.test",
            "ada@acme..test",
            "a@b@c.d",
            "<ada>@acme.test",
            "ada@acme.test>",
            "\"ada\"@acme.test",
            "o'hara@acme.test",
            "ada\u{0}@acme.test",
            "ada\u{202E}@acme.test",
            "ada@ac_me.test",
            "ada@-acme.test",
        ] {
            assert!(email(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn user_request_checks_count_emails_and_duplicates() {
        let user = |email: &str| SandboxUser {
            email: email.into(),
            role: Default::default(),
        };
        assert_eq!(
            paths(&user_request(&SandboxUserRequest { users: vec![] })),
            ["users"]
        );
        let request = SandboxUserRequest {
            users: vec![user("a@x.io"), user("nope"), user("A@X.io")],
        };
        assert_eq!(
            paths(&user_request(&request)),
            ["users.1.email", "users.2.email"]
        );
        let many = SandboxUserRequest {
            users: (0..101).map(|i| user(&format!("u{i}@x.io"))).collect(),
        };
        assert_eq!(user_request(&many)[0].kind, "too_long");
    }

    #[test]
    fn source_rules() {
        let ok = RegisterSource {
            provider: "my_crm-2".into(),
            name: "n".into(),
            ..Default::default()
        };
        assert!(register_source(&ok).is_empty());
        let bad = RegisterSource {
            provider: "Slack".into(),
            name: "".into(),
            ingestion_mode: IngestionMode::Polling,
            poll_interval_seconds: Some(30),
            ..Default::default()
        };
        let errors = register_source(&bad);
        assert_eq!(
            paths(&errors),
            ["provider", "name", "poll_interval_seconds"]
        );
        assert_eq!(errors[2].msg, "Use 60 seconds or more");
        assert!(provider(&"a".repeat(65)).is_err());
    }

    #[test]
    fn poll_interval_applies_to_polling_only() {
        let polling = RegisterSource {
            ingestion_mode: IngestionMode::Polling,
            ..Default::default()
        };
        assert_eq!(effective_poll_interval(&polling), Some(300));
        let manual = RegisterSource {
            poll_interval_seconds: Some(120),
            ..Default::default()
        };
        assert_eq!(effective_poll_interval(&manual), None);
    }

    #[test]
    fn header_and_target_rules() {
        assert!(idempotency_key("3f1c-key").is_empty());
        assert_eq!(idempotency_key("")[0].field_path(), "Idempotency-Key");
        assert_eq!(idempotency_key("has space")[0].kind, "value_error");
        assert!(push_target("production").is_empty());
        assert_eq!(push_target("two words")[0].field_path(), "target");
    }
}
