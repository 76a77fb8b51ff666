//! The contract's validation rules. The server answers 422 with exactly
//! these errors; the console runs the same functions before it sends, so a
//! form shows the server's message at the field without a round trip.
//!
//! Every function returns all problems at once (empty = valid), each with
//! the `loc`, `msg` and `type` FastAPI would give.

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

/// Collects validation errors.
#[derive(Default)]
pub(crate) struct Errors(Vec<ValidationError>);

impl Errors {
    pub(crate) fn push(&mut self, loc: Vec<LocPart>, kind: &str, msg: impl Into<String>) {
        self.0.push(ValidationError::new(loc, kind, msg));
    }

    /// A string of `min..=max` characters that is not only white space.
    fn text(&mut self, loc: Vec<LocPart>, value: &str, min: usize, max: usize) {
        let chars = value.chars().count();
        if chars < min {
            let plural = if min == 1 { "" } else { "s" };
            self.push(
                loc,
                "string_too_short",
                format!("String should have at least {min} character{plural}"),
            );
        } else if chars > max {
            self.push(
                loc,
                "string_too_long",
                format!("String should have at most {max} characters"),
            );
        } else if min > 0 && value.trim().is_empty() {
            self.push(loc, "value_error", "Value error, must not be blank");
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

fn body(field: &str) -> Vec<LocPart> {
    vec!["body".into(), field.into()]
}

/// `POST /sandboxes`.
pub fn create_sandbox(request: &CreateSandbox) -> Vec<ValidationError> {
    let mut errors = Errors::default();
    errors.text(body("name"), &request.name, 1, MAX_TEXT_CHARS);
    errors.text(body("owner_id"), &request.owner_id, 1, MAX_TEXT_CHARS);
    if request.metadata.len() > MAX_METADATA_KEYS {
        errors.push(
            body("metadata"),
            "too_long",
            format!(
                "Metadata should have at most {MAX_METADATA_KEYS} keys, not {}",
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
                    "Metadata should be at most 16 KiB as JSON, not {:.1} KiB",
                    size as f64 / 1024.0
                ),
            );
        }
    }
    errors.0
}

/// An email address as the contract accepts it: `local@domain.tld`, no
/// spaces, at most 254 characters. Deliberately simple; the `Err` is the
/// message shown to the user.
pub fn email(address: &str) -> Result<(), String> {
    let invalid = |why: &str| Err(format!("value is not a valid email address: {why}"));
    if address.len() > 254 {
        return invalid("it is longer than 254 characters");
    }
    if address.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return invalid("it contains a space");
    }
    let Some((local, domain)) = address.rsplit_once('@') else {
        return invalid("an email address must have an @-sign");
    };
    if local.is_empty() || local.contains('@') {
        return invalid("there must be exactly one @-sign with something before it");
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2
        || labels
            .iter()
            .any(|label| label.is_empty() || label.starts_with('-') || label.ends_with('-'))
    {
        return invalid("the part after the @-sign is not a valid domain");
    }
    Ok(())
}

/// `POST` and `DELETE …/users`.
pub fn user_request(request: &SandboxUserRequest) -> Vec<ValidationError> {
    let mut errors = Errors::default();
    match request.users.len() {
        0 => errors.push(
            body("users"),
            "too_short",
            "List should have at least 1 item after validation, not 0",
        ),
        n if n > MAX_USERS_PER_REQUEST => errors.push(
            body("users"),
            "too_long",
            format!(
                "List should have at most {MAX_USERS_PER_REQUEST} items after validation, not {n}"
            ),
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
                format!("Value error, {} is listed more than once", user.email),
            );
        } else {
            seen.push(folded);
        }
    }
    errors.0
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
            "String should match pattern '^[a-z0-9_-]{{1,{MAX_PROVIDER_CHARS}}}$' (lower-case letters, digits, _ and -)"
        ))
    }
}

/// `POST …/sources`.
pub fn register_source(request: &RegisterSource) -> Vec<ValidationError> {
    let mut errors = Errors::default();
    if let Err(msg) = provider(&request.provider) {
        errors.push(body("provider"), "string_pattern_mismatch", msg);
    }
    errors.text(body("name"), &request.name, 1, MAX_TEXT_CHARS);
    if let Some(account) = &request.external_account_id {
        errors.text(body("external_account_id"), account, 0, MAX_TEXT_CHARS);
    }
    if let Some(seconds) = request.poll_interval_seconds {
        // Checked whatever the mode, so a bad value is never silently kept.
        if seconds < MIN_POLL_INTERVAL_SECONDS {
            errors.push(
                body("poll_interval_seconds"),
                "greater_than_equal",
                format!("Input should be greater than or equal to {MIN_POLL_INTERVAL_SECONDS}"),
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
    errors.text(loc(), key, 1, MAX_TEXT_CHARS);
    if errors.0.is_empty() && !key.bytes().all(|b| b.is_ascii_graphic()) {
        errors.push(
            loc(),
            "value_error",
            "Value error, must be visible ASCII characters without spaces",
        );
    }
    errors.0
}

/// The push `target` query parameter: an environment id or database name.
pub fn push_target(target: &str) -> Vec<ValidationError> {
    let mut errors = Errors::default();
    let loc = || vec!["query".into(), "target".into()];
    errors.text(loc(), target, 1, MAX_TEXT_CHARS);
    if errors.0.is_empty() && target.chars().any(|c| c.is_whitespace() || c.is_control()) {
        errors.push(
            loc(),
            "value_error",
            "Value error, a target is an environment id or database name without spaces",
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
        assert!(email("ada@acme.test").is_ok());
        for bad in [
            "",
            "ada",
            "ada@",
            "@acme.test",
            "ada@acme",
            "a b@acme.test",
            "ada@acme..test",
            "a@b@c.d",
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
        assert_eq!(errors[2].msg, "Input should be greater than or equal to 60");
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
