//! The create form's logic without a page: metadata rows, errors at their
//! fields, the idempotency key, drafts.

use sandbox_api::{validate, CreateSandbox, LocPart, ValidationError};
use sandbox_console::api::ApiError;
use sandbox_console::forms::{
    discard_all_drafts, metadata_object, FieldErrors, FormDraft, IdempotencyKey, MetadataEntry,
};
use sandbox_console::pages::place_create_error;
use serde_json::json;
use wasm_bindgen_test::*;

use crate::support::session_storage;

fn entry(key: &str, value: &str) -> MetadataEntry {
    MetadataEntry {
        key: key.to_owned(),
        value: value.to_owned(),
    }
}

#[wasm_bindgen_test]
fn metadata_rows_become_an_object_of_strings() {
    let object = metadata_object(&[
        entry("team", "payments"),
        entry(" region ", "eu"),
        entry("", ""),
        entry("n", "01234"),
    ])
    .unwrap();
    assert_eq!(
        serde_json::Value::Object(object),
        json!({"team": "payments", "region": "eu", "n": "01234"})
    );
    assert!(metadata_object(&[]).unwrap().is_empty());
}

#[wasm_bindgen_test]
fn duplicate_and_empty_keys_are_refused_at_their_row() {
    let errors = metadata_object(&[
        entry("team", "a"),
        entry("", "orphan"),
        entry("team ", "b"),
        entry("x", ""),
    ])
    .unwrap_err();
    assert_eq!(errors.keys().copied().collect::<Vec<_>>(), [1, 2]);
    assert!(errors[&1].contains("Enter a key"), "{}", errors[&1]);
    assert!(
        errors[&2].contains("team") && errors[&2].contains("row 1"),
        "{}",
        errors[&2]
    );
}

#[wasm_bindgen_test]
fn local_validation_errors_land_at_their_fields() {
    let request = CreateSandbox {
        name: " ".into(),
        owner_id: "o".repeat(256),
        ..Default::default()
    };
    let fields = FieldErrors::from_validation(
        &validate::create_sandbox(&request),
        &["name", "owner_id", "metadata"],
    );
    assert_eq!(
        fields.get("name").as_deref(),
        Some("Enter a name: spaces alone are not one")
    );
    assert_eq!(
        fields.get("owner_id").as_deref(),
        Some("Use at most 255 characters")
    );
    assert_eq!(
        fields.first_of(&["metadata", "owner_id", "name"]),
        Some("owner_id")
    );
}

#[wasm_bindgen_test]
fn server_errors_land_where_their_loc_says() {
    let body_error = |loc: &[&str], msg: &str| {
        ValidationError::new(
            loc.iter().map(|part| LocPart::from(*part)).collect(),
            "value_error",
            msg,
        )
    };
    let (fields, whole) = place_create_error(&ApiError::Validation(vec![
        body_error(&["body", "name"], "too long"),
        body_error(&["body", "metadata", "team"], "bad value"),
        body_error(&["body", "colour"], "unknown field"),
    ]));
    assert_eq!(fields.get("name").as_deref(), Some("too long"));
    assert_eq!(fields.get("metadata").as_deref(), Some("bad value"));
    assert_eq!(
        whole.as_deref(),
        Some("colour: unknown field"),
        "an error for no known field is still shown"
    );

    let (fields, whole) = place_create_error(&ApiError::Conflict(
        "A sandbox named \"a\" already exists for owner_id \"o\"".into(),
    ));
    assert!(fields.get("name").unwrap().contains("already exists"));
    assert_eq!(whole, None);

    let (fields, whole) = place_create_error(&ApiError::Conflict(
        "Idempotency-Key was already used with a different request body".into(),
    ));
    assert!(fields.is_empty());
    assert!(whole.unwrap().contains("check the sandbox list"));

    let (fields, whole) = place_create_error(&ApiError::Forbidden(
        "Missing permission: sandboxes:create".into(),
    ));
    assert!(fields.is_empty());
    assert_eq!(
        whole.as_deref(),
        Some("Missing permission: sandboxes:create")
    );
}

#[wasm_bindgen_test]
fn idempotency_key_is_kept_until_a_definite_answer_and_a_change() {
    let mut key = IdempotencyKey::new();
    let first = key.key().to_owned();
    assert_eq!(first.len(), 32);
    assert!(
        validate::idempotency_key(&first).is_empty(),
        "a valid header value"
    );
    assert_ne!(
        IdempotencyKey::new().key(),
        first,
        "each filling gets its own key"
    );

    key.on_retryable_failure();
    assert_eq!(key.key(), first, "a retry reuses the key");
    key.on_form_changed();
    assert_eq!(
        key.key(),
        first,
        "still unknown whether the first try was created: the key stays"
    );

    key.on_definite_answer();
    assert_eq!(
        key.key(),
        first,
        "resending the unchanged form after a refusal keeps it"
    );
    key.on_form_changed();
    let second = key.key().to_owned();
    assert_ne!(
        second, first,
        "a changed form after a definite answer is a new request"
    );
    key.on_form_changed();
    assert_eq!(key.key(), second, "and keeps its key while being edited");

    key.on_success();
    assert_ne!(
        key.key(),
        second,
        "after a success the next send is a new sandbox"
    );
}

#[wasm_bindgen_test]
fn drafts_are_kept_by_route_taken_once_and_the_users_sign_out_discards_them() {
    let draft = FormDraft::at("/sandboxes/new");
    assert_eq!(draft.key(), "sandbox-console.draft./sandboxes/new");
    draft.save(&vec!["typed".to_owned()]);
    assert_eq!(draft.load::<Vec<String>>(), Some(vec!["typed".to_owned()]));
    assert_eq!(
        draft.load::<i32>(),
        None,
        "a draft of another shape is none"
    );
    assert_eq!(draft.take::<Vec<String>>(), Some(vec!["typed".to_owned()]));
    assert_eq!(draft.load::<Vec<String>>(), None, "taken once");

    let other = FormDraft::at("/sandboxes/sbx_1/sources/new");
    draft.save(&1);
    other.save(&2);
    session_storage()
        .set_item("sandbox-console.base-url", "http://kept.test")
        .unwrap();
    discard_all_drafts();
    assert_eq!((draft.load::<i32>(), other.load::<i32>()), (None, None));
    assert_eq!(
        session_storage()
            .get_item("sandbox-console.base-url")
            .unwrap()
            .as_deref(),
        Some("http://kept.test")
    );
    session_storage()
        .remove_item("sandbox-console.base-url")
        .unwrap();
}
