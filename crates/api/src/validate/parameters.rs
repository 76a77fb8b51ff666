//! Header and query parameters: `Idempotency-Key` and the push `target`.

use super::{is_forbidden_in_text, Errors, MAX_TEXT_CHARS};
use crate::ValidationError;

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

    #[test]
    fn header_and_target_rules() {
        assert!(idempotency_key("3f1c-key").is_empty());
        assert_eq!(idempotency_key("")[0].field_path(), "Idempotency-Key");
        assert_eq!(idempotency_key("has space")[0].kind, "value_error");
        assert!(push_target("production").is_empty());
        assert_eq!(push_target("two words")[0].field_path(), "target");
    }
}
