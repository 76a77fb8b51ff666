//! The register form's logic: the request it makes, and its errors at the fields.

use sandbox_api::{IngestionMode, SourceKind};
use sandbox_console::forms::json_object::parse_json_object;
use sandbox_console::pages::{SourceForm, SOURCE_FIELDS};
use serde_json::json;
use wasm_bindgen_test::*;

fn realtime_form() -> SourceForm {
    SourceForm {
        name: "eng-alerts".into(),
        ingestion_mode: IngestionMode::Realtime,
        ..SourceForm::default()
    }
}

#[wasm_bindgen_test]
fn a_valid_form_becomes_the_request() {
    let form = SourceForm {
        provider_choice: "other".into(),
        other_provider: " my_crm-2 ".into(),
        name: "crm".into(),
        ingestion_mode: IngestionMode::Polling,
        kind: SourceKind::Ephemeral,
        external_account_id: "  ".into(),
        poll_interval: " 120 ".into(),
        adapter_config: "{\"region\": \"eu\"}".into(),
    };
    let request = form.to_request().unwrap();
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({"provider": "my_crm-2", "name": "crm", "ingestion_mode": "polling", "kind": "ephemeral",
               "external_account_id": null, "adapter_config": {"region": "eu"}, "poll_interval_seconds": 120})
    );
    // The interval means nothing for other modes and is not sent, whatever was typed.
    let realtime = SourceForm {
        poll_interval: "5".into(),
        ..realtime_form()
    };
    assert_eq!(realtime.to_request().unwrap().poll_interval_seconds, None);
}

#[wasm_bindgen_test]
fn a_poll_interval_under_60_is_refused_at_its_field() {
    let form = SourceForm {
        ingestion_mode: IngestionMode::Polling,
        poll_interval: "30".into(),
        ..realtime_form()
    };
    let errors = form.to_request().unwrap_err();
    assert_eq!(
        errors.get("poll_interval_seconds").as_deref(),
        Some("Use 60 seconds or more")
    );
    assert_eq!(
        errors.first_of(&SOURCE_FIELDS),
        Some("poll_interval_seconds")
    );
    let not_a_number = SourceForm {
        poll_interval: "5 min".into(),
        ..form
    };
    assert!(not_a_number
        .to_request()
        .unwrap_err()
        .get("poll_interval_seconds")
        .unwrap()
        .contains("whole number"));
}

#[wasm_bindgen_test]
fn another_provider_must_match_the_pattern() {
    for bad in ["Jira", "my crm", "", "jira!", &"x".repeat(65)] {
        let form = SourceForm {
            provider_choice: "other".into(),
            other_provider: bad.to_owned(),
            ..realtime_form()
        };
        let message = form
            .to_request()
            .unwrap_err()
            .get("provider")
            .unwrap_or_else(|| panic!("{bad:?} accepted"));
        assert!(
            message.contains("lower-case letters, digits, _ and -"),
            "{message}"
        );
    }
    let good = SourceForm {
        provider_choice: "other".into(),
        other_provider: "jira_cloud-2".into(),
        ..realtime_form()
    };
    assert_eq!(good.to_request().unwrap().provider, "jira_cloud-2");
}

#[wasm_bindgen_test]
fn adapter_config_errors_name_line_and_column() {
    let message = parse_json_object("{\n  \"channel\": \"C024\"\n  \"team\": 1\n}").unwrap_err();
    assert_eq!(message, "Line 3, column 3: expected `,` or `}`.");
    let form = SourceForm {
        adapter_config: "{\"a\": }".into(),
        ..realtime_form()
    };
    assert!(form
        .to_request()
        .unwrap_err()
        .get("adapter_config")
        .unwrap()
        .starts_with("Line 1, column 7:"));
}

#[wasm_bindgen_test]
fn adapter_config_must_be_an_object() {
    for (json, kind) in [
        ("[1, 2]", "an array"),
        ("\"x\"", "a string"),
        ("42", "a number"),
        ("null", "null"),
        ("true", "a boolean"),
    ] {
        let message = parse_json_object(json).unwrap_err();
        assert!(
            message.starts_with("Must be a JSON object")
                && message.ends_with(&format!("not {kind}.")),
            "{message}"
        );
    }
    assert!(
        parse_json_object("  ").unwrap().is_empty(),
        "blank means no settings"
    );
    assert_eq!(parse_json_object("{\"a\": [1]}").unwrap()["a"], json!([1]));
}
