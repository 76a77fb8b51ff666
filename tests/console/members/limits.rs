//! The tiers' member and source limits in words.

use sandbox_api::Sandbox;
use sandbox_console::components::limits::{limit_explanation, usage_text, Quota};
use serde_json::json;
use wasm_bindgen_test::*;

use crate::support::tab_sandbox;

/// The tabs' sandbox on `tier`, with that tier's limits.
fn sandbox(tier: &str) -> Sandbox {
    let (sources, members) = match tier {
        "free" => (json!(3), json!(5)),
        "pro" => (json!(25), json!(50)),
        _ => (json!(null), json!(null)),
    };
    let mut sandbox = tab_sandbox("active", "owner");
    sandbox["tier"] = json!(tier);
    sandbox["limits"]["max_sources"] = sources;
    sandbox["limits"]["max_members"] = members;
    serde_json::from_value(sandbox).unwrap()
}

#[wasm_bindgen_test]
fn limits_are_explained_in_words() {
    assert_eq!(
        limit_explanation(&sandbox("free"), Quota::Members, 5, 1).unwrap(),
        "This free sandbox allows at most 5 members (5 now). Remove someone or move to a bigger tier."
    );
    assert_eq!(
        limit_explanation(&sandbox("free"), Quota::Members, 4, 3).unwrap(),
        "This free sandbox allows at most 5 members (4 now). Remove someone or move to a bigger tier. Adding these 3 would make 7."
    );
    assert_eq!(
        limit_explanation(&sandbox("pro"), Quota::Sources, 25, 1).unwrap(),
        "This pro sandbox allows at most 25 data sources (25 now). Delete one or move to a bigger tier."
    );
    assert_eq!(
        limit_explanation(&sandbox("enterprise"), Quota::Members, 500, 1),
        None,
        "no limit, nothing to explain"
    );
    assert!(Quota::Members.would_exceed(&sandbox("free"), 4, 2));
    assert!(!Quota::Members.would_exceed(&sandbox("free"), 4, 1));
    assert!(!Quota::Sources.would_exceed(&sandbox("enterprise"), 1000, 1));
    assert_eq!(
        usage_text(&sandbox("free"), Quota::Members, 1),
        "1 of 5 members used (free tier)."
    );
    assert_eq!(
        usage_text(&sandbox("enterprise"), Quota::Sources, 40),
        "40 data sources (enterprise tier: no limit)."
    );
}
