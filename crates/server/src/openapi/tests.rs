//! The published document against the contract: every `$ref` resolves,
//! every rule `sandbox_api` enforces is stated, and (with `SCHEMATHESIS`)
//! the running server answers as the document says.

use std::str::FromStr;

use sandbox_api::validate::{self, MAX_EMAIL_BYTES};
use sandbox_api::*;
use serde_json::{json, Value};

fn document_json() -> Value {
    serde_json::to_value(super::document()).unwrap()
}

/// Every `{"$ref": …}` anywhere in `value`.
fn refs(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(object) => {
            if let Some(Value::String(target)) = object.get("$ref") {
                found.push(target.clone());
            }
            object.values().for_each(|child| refs(child, found));
        }
        Value::Array(items) => items.iter().for_each(|child| refs(child, found)),
        _ => {}
    }
}

#[test]
fn every_ref_resolves() {
    let document = document_json();
    let mut found = Vec::new();
    refs(&document, &mut found);
    assert!(found.iter().any(|target| target.ends_with("/SandboxSort")));
    let dangling: Vec<&String> = found
        .iter()
        .filter(|target| {
            target
                .strip_prefix('#')
                .and_then(|pointer| document.pointer(pointer))
                .is_none()
        })
        .collect();
    assert!(dangling.is_empty(), "dangling $refs: {dangling:?}");
}

#[test]
fn operation_ids_are_unique() {
    let document = document_json();
    let mut ids: Vec<&str> = document["paths"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|item| item.as_object().unwrap().values())
        .map(|operation| operation["operationId"].as_str().unwrap())
        .collect();
    let count = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), count, "{ids:?}");
    assert!(ids.contains(&"members_list") && ids.contains(&"me"));
}

/// Each enum of the document lists exactly the names the API parses.
#[test]
fn enums_are_spelt_as_on_the_wire() {
    fn names<E: FromStr + std::fmt::Display>(all: &[E]) -> Vec<String> {
        all.iter().map(ToString::to_string).collect()
    }
    let expected = [
        ("Tier", names(Tier::ALL)),
        ("Mode", names(Mode::ALL)),
        ("SandboxStatus", names(SandboxStatus::ALL)),
        ("Role", names(Role::ALL)),
        ("PrincipalRole", names(PrincipalRole::ALL)),
        ("StorageProviderType", names(StorageProviderType::ALL)),
        ("MemberOrigin", names(MemberOrigin::ALL)),
        ("IngestionMode", names(IngestionMode::ALL)),
        ("SourceKind", names(SourceKind::ALL)),
        ("PushStatus", names(PushStatus::ALL)),
        ("Permission", names(Permission::ALL)),
        ("SandboxSort", names(SandboxSort::ALL)),
        ("Include", names(Include::ALL)),
        ("EventAction", names(EventAction::ALL)),
        ("OperationKind", names(OperationKind::ALL)),
        ("StepState", names(StepState::ALL)),
    ];
    let document = document_json();
    let schemas = document["components"]["schemas"].as_object().unwrap();
    let in_document: Vec<&String> = schemas
        .iter()
        .filter(|(_, schema)| schema.get("enum").is_some())
        .map(|(name, _)| name)
        .collect();
    let unlisted: Vec<&&String> = in_document
        .iter()
        .filter(|name| !expected.iter().any(|(listed, _)| *listed == name.as_str()))
        .collect();
    assert!(unlisted.is_empty(), "add {unlisted:?} to this table");
    for (name, values) in &expected {
        assert_eq!(schemas[*name]["enum"], json!(values), "{name}");
    }
    assert_eq!(schemas["Permission"]["enum"][0], "sandboxes:read");
}

/// The characters the text patterns exclude are exactly those the
/// validation refuses.
#[test]
fn published_forbidden_characters_are_the_refused_ones() {
    let published = |c: char| {
        schema::FORBIDDEN_IN_TEXT
            .iter()
            .any(|(first, last)| (*first..=*last).contains(&c))
    };
    for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
        assert_eq!(published(c), validate::is_forbidden_in_text(c), "{c:?}");
    }
}

/// The bounds the document states are the ones the validation enforces:
/// read from the document, each is accepted at the edge and refused one
/// past it.
#[test]
fn documented_bounds_are_the_enforced_ones() {
    let document = document_json();
    let schemas = &document["components"]["schemas"];
    let bound = |schema: &Value, keyword: &str| -> usize {
        schema[keyword]
            .as_u64()
            .unwrap_or_else(|| panic!("no {keyword} in {schema}")) as usize
    };

    let create = &schemas["CreateSandbox"]["properties"];
    let create_with = |name: String, owner_id: String| CreateSandbox {
        name,
        owner_id,
        ..Default::default()
    };
    for field in ["name", "owner_id"] {
        let (min, max) = (
            bound(&create[field], "minLength"),
            bound(&create[field], "maxLength"),
        );
        let text = |chars: usize| "é".repeat(chars);
        let at = |value: String| match field {
            "name" => create_with(value, "o".into()),
            _ => create_with("n".into(), value),
        };
        assert!(
            validate::create_sandbox(&at(text(max))).is_empty(),
            "{field}"
        );
        assert_eq!(validate::create_sandbox(&at(text(max + 1))).len(), 1);
        assert_eq!(validate::create_sandbox(&at(text(min - 1))).len(), 1);
    }
    let max_keys = bound(&create["metadata"], "maxProperties");
    let mut sandbox = create_with("n".into(), "o".into());
    sandbox.metadata = (0..max_keys).map(|i| (i.to_string(), json!(i))).collect();
    assert!(validate::create_sandbox(&sandbox).is_empty());
    sandbox.metadata.insert("one more".into(), json!(0));
    assert_eq!(validate::create_sandbox(&sandbox).len(), 1);

    let users = &schemas["SandboxUserRequest"]["properties"]["users"];
    let request = |count: usize| SandboxUserRequest {
        users: (0..count)
            .map(|i| SandboxUser {
                email: format!("u{i}@acme.test"),
                role: Role::Viewer,
            })
            .collect(),
    };
    let (min_items, max_items) = (bound(users, "minItems"), bound(users, "maxItems"));
    assert!(validate::user_request(&request(min_items)).is_empty());
    assert!(validate::user_request(&request(max_items)).is_empty());
    assert!(!validate::user_request(&request(min_items - 1)).is_empty());
    assert!(!validate::user_request(&request(max_items + 1)).is_empty());
    let email_max = bound(&users["items"]["properties"]["email"], "maxLength");
    assert_eq!(email_max, MAX_EMAIL_BYTES);
    let email = |length: usize| format!("{}@acme.test", "a".repeat(length - 10));
    assert!(validate::email(&email(email_max)).is_ok());
    assert!(validate::email(&email(email_max + 1)).is_err());

    let source = &schemas["RegisterSource"]["properties"];
    let provider_max = bound(&source["provider"], "maxLength");
    assert!(validate::provider(&"a".repeat(provider_max)).is_ok());
    assert!(validate::provider(&"a".repeat(provider_max + 1)).is_err());
    assert_eq!(source["provider"]["pattern"], validate::provider_pattern());
    let min_poll = source["poll_interval_seconds"]["minimum"].as_i64().unwrap();
    let register = |seconds: i64| RegisterSource {
        provider: "slack".into(),
        name: "n".into(),
        poll_interval_seconds: Some(seconds),
        ..Default::default()
    };
    assert!(validate::register_source(&register(min_poll)).is_empty());
    assert_eq!(validate::register_source(&register(min_poll - 1)).len(), 1);

    let list = &document["paths"]["/api/v1/storage/sandboxes"]["get"]["parameters"];
    let parameter = |name: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|parameter| parameter["name"] == name)
            .map(|parameter| parameter["schema"].clone())
            .unwrap()
    };
    let parses = |name: &str, value: u64| {
        SandboxListQuery::from_pairs(&[(name.to_owned(), value.to_string())]).is_ok()
    };
    for name in ["limit", "offset"] {
        let schema = parameter(name);
        let (min, max) = (
            schema["minimum"].as_u64().unwrap(),
            schema["maximum"].as_u64().unwrap(),
        );
        assert!(parses(name, min) && parses(name, max), "{name}");
        assert!(!parses(name, max + 1), "{name}");
        assert!(min == 0 || !parses(name, min - 1), "{name}");
    }
}
