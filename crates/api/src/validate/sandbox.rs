//! `POST /sandboxes`: its names and its metadata's keys and size.

use super::{
    body, is_forbidden_in_text, Errors, FORBIDDEN_IN_TEXT_MSG, MAX_METADATA_BYTES,
    MAX_METADATA_KEYS,
};
use crate::{CreateSandbox, ValidationError};

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
}
