//! `/sandboxes/:id/members`: pasted email lists, the member limit in
//! words, and the tab inside the real detail page against a scripted API.

mod add;
mod email_lists;
mod limits;
mod roles;

use serde_json::json;

use crate::support::tab_answer;

/// A member as the API lists them.
fn member(email: &str, role: &str) -> serde_json::Value {
    json!({"email": email, "role": role, "added_at": "2026-11-07T05:31:56Z", "origin": "production"})
}

/// The API's 409 to a POST of members, saying `detail`.
fn refused_add(detail: &str) -> serde_json::Value {
    tab_answer("POST", "/users", 409, json!({"detail": detail}))
}

/// The API's answer listing the members `members`.
fn listed(members: serde_json::Value) -> serde_json::Value {
    tab_answer("GET", "/users", 200, members)
}
