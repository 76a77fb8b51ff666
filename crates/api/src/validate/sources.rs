//! Data sources: the provider name, `POST …/sources` and the poll interval.

use super::{body, Errors, MAX_PROVIDER_CHARS, MAX_TEXT_CHARS};
use crate::{IngestionMode, RegisterSource, ValidationError, MIN_POLL_INTERVAL_SECONDS};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::paths;

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
}
