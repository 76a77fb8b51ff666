//! `POST /sandboxes` and `PATCH /sandboxes/{id}`: names, metadata's keys
//! and size, and the chosen expiry.

use super::{
    body, is_forbidden_in_text, Errors, FORBIDDEN_IN_TEXT_MSG, MAX_METADATA_BYTES,
    MAX_METADATA_KEYS,
};
use crate::lifecycle::{latest_expiry_ms, parse_timestamp_ms, MAX_EXPIRY_DAYS};
use crate::{CreateSandbox, JsonObject, PatchSandbox, Tier, ValidationError};

/// `POST /sandboxes`, but for its `expires_at`, which needs the time: see
/// [`expiry`].
pub fn create_sandbox(request: &CreateSandbox) -> Vec<ValidationError> {
    let mut errors = Errors::default();
    errors.name(body("name"), "a name", &request.name);
    errors.name(body("owner_id"), "an owner id", &request.owner_id);
    errors.metadata(&request.metadata);
    errors.0
}

/// `PATCH /sandboxes/{id}` of a sandbox of `tier` at `now_ms`.
pub fn patch_sandbox(request: &PatchSandbox, tier: Tier, now_ms: i64) -> Vec<ValidationError> {
    let mut errors = Errors::default();
    if let Some(metadata) = &request.metadata {
        errors.metadata(metadata);
    }
    errors.0.extend(expiry(tier, &request.expires_at, now_ms));
    errors.0
}

/// A chosen `expires_at` (`None` = not chosen, `Some(None)` = never) for a
/// sandbox of `tier` at `now_ms`: in the future, at most 90 days ahead,
/// and never only for enterprise. Errors are at `["body", "expires_at"]`.
pub fn expiry(
    tier: Tier,
    expires_at: &Option<Option<String>>,
    now_ms: i64,
) -> Vec<ValidationError> {
    let mut errors = Errors::default();
    let loc = || body("expires_at");
    match expires_at {
        None => {}
        Some(None) if tier.may_never_expire() => {}
        Some(None) => errors.push(
            loc(),
            "value_error",
            format!(
                "Only enterprise sandboxes can never expire: choose a date within \
                 {MAX_EXPIRY_DAYS} days"
            ),
        ),
        Some(Some(text)) => match parse_timestamp_ms(text) {
            None => errors.push(
                loc(),
                "datetime_parsing",
                "Enter a date and time like 2026-12-08T10:00:00Z",
            ),
            Some(at) if at <= now_ms => {
                errors.push(loc(), "datetime_future", "Choose a time in the future")
            }
            Some(at) if at > latest_expiry_ms(now_ms) => errors.push(
                loc(),
                "less_than_equal",
                format!("Choose a time at most {MAX_EXPIRY_DAYS} days from now"),
            ),
            Some(_) => {}
        },
    }
    errors.0
}

impl Errors {
    /// Metadata's keys, and its size as at most 64 keys and 16 KiB of JSON.
    fn metadata(&mut self, metadata: &JsonObject) {
        for key in metadata.keys() {
            if key.chars().any(is_forbidden_in_text) {
                let loc = vec!["body".into(), "metadata".into(), key.as_str().into()];
                self.push(loc, "value_error", FORBIDDEN_IN_TEXT_MSG);
            }
        }
        if metadata.len() > MAX_METADATA_KEYS {
            self.push(
                body("metadata"),
                "too_long",
                format!(
                    "Use at most {MAX_METADATA_KEYS} metadata keys (this has {})",
                    metadata.len()
                ),
            );
        } else {
            let size = serde_json::to_string(metadata).map_or(0, |json| json.len());
            if size > MAX_METADATA_BYTES {
                self.push(
                    body("metadata"),
                    "too_long",
                    format!(
                        "Keep metadata within 16 KiB as JSON (this is {:.1} KiB)",
                        size as f64 / 1024.0
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::paths;
    use serde_json::json;

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
    fn a_chosen_expiry_is_ahead_within_90_days_and_never_only_for_enterprise() {
        let now = crate::parse_timestamp_ms("2026-12-01T10:00:00Z").unwrap();
        let at = |text: &str| Some(Some(text.to_owned()));
        let kinds = |tier, value| -> Vec<String> {
            expiry(tier, &value, now)
                .into_iter()
                .map(|e| format!("{}:{}", e.field_path(), e.kind))
                .collect()
        };
        assert!(kinds(Tier::Free, None).is_empty(), "not chosen");
        assert!(kinds(Tier::Free, at("2026-12-01T10:00:01Z")).is_empty());
        assert!(
            kinds(Tier::Free, at("2027-03-01T10:00:00Z")).is_empty(),
            "90 days"
        );
        assert_eq!(
            kinds(Tier::Pro, at("2027-03-01T10:00:01Z")),
            ["expires_at:less_than_equal"]
        );
        assert_eq!(
            kinds(Tier::Free, at("2026-12-01T10:00:00Z")),
            ["expires_at:datetime_future"]
        );
        assert_eq!(
            kinds(Tier::Free, at("next week")),
            ["expires_at:datetime_parsing"]
        );
        assert_eq!(kinds(Tier::Pro, Some(None)), ["expires_at:value_error"]);
        assert!(kinds(Tier::Enterprise, Some(None)).is_empty());
        assert_eq!(
            expiry(Tier::Free, &Some(None), now)[0].msg,
            "Only enterprise sandboxes can never expire: choose a date within 90 days"
        );
    }

    #[test]
    fn a_patch_checks_metadata_as_create_does_and_its_expiry() {
        let now = crate::parse_timestamp_ms("2026-12-01T10:00:00Z").unwrap();
        let mut metadata = JsonObject::new();
        for i in 0..65 {
            metadata.insert(format!("k{i}"), json!(i));
        }
        let patch = PatchSandbox {
            metadata: Some(metadata),
            expires_at: Some(Some("2026-11-30T00:00:00Z".into())),
            protected: None,
        };
        assert_eq!(
            paths(&patch_sandbox(&patch, Tier::Free, now)),
            ["metadata", "expires_at"]
        );
        assert!(patch_sandbox(&PatchSandbox::default(), Tier::Free, now).is_empty());
    }
}
