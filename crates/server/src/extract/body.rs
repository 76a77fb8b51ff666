//! The JSON body, checked field by field the way FastAPI (pydantic)
//! reports it.

use std::str::FromStr;

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{header, HeaderMap, StatusCode};
use sandbox_api::{
    validate, CreateSandbox, IngestionMode, LocPart, Mode, PatchSandbox, RegisterSource, Role,
    SandboxUserRequest, SourceKind, Tier, ValidationError, PATCH_SANDBOX_FIELDS,
};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::error::ApiError;

/// Largest request body accepted; the contract's bodies are far smaller
/// (metadata is capped at 16 KiB).
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// A request body of the contract: its JSON shape, checked before decoding
/// so that every bad field gets its own 422 entry, and its rules after.
pub trait Body: DeserializeOwned {
    /// Missing fields, wrong JSON types and unknown enum values.
    fn shape(fields: &mut Fields<'_>);
    /// The contract's rules on the decoded value (`sandbox_api::validate`).
    fn rules(&self) -> Vec<ValidationError>;
}

/// A request body read but not yet decoded: handlers decode it (422) after
/// checking who may call them (401/403/404), so a forbidden caller learns
/// nothing from validation. Too large a body is refused here (413).
pub struct JsonBody {
    bytes: Bytes,
    json_content_type: bool,
}

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let json_content_type = is_json(request.headers());
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| {
                if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::PayloadTooLarge(MAX_BODY_BYTES)
                } else {
                    ApiError::Internal(rejection.body_text())
                }
            })?;
        Ok(JsonBody {
            bytes,
            json_content_type,
        })
    }
}

impl JsonBody {
    /// The body as `T`: 422 if missing, not JSON or invalid, 415 if sent as
    /// another content type.
    pub fn decode<T: Body>(&self) -> Result<T, ApiError> {
        let bytes = &self.bytes;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(ApiError::invalid(ValidationError::new(
                vec!["body".into()],
                "missing",
                sandbox_api::validate::missing_msg(""),
            )));
        }
        if !self.json_content_type {
            return Err(ApiError::UnsupportedMediaType);
        }
        let value: Value = serde_json::from_slice(bytes).map_err(|error| {
            let position = byte_offset(bytes, error.line(), error.column());
            ApiError::invalid(ValidationError::new(
                vec!["body".into(), position.into()],
                "json_invalid",
                format!("JSON decode error: {error}"),
            ))
        })?;
        decode(value).map_err(ApiError::Validation)
    }
}

/// Decodes a JSON value as `T`, reporting every problem at once.
fn decode<T: Body>(value: Value) -> Result<T, Vec<ValidationError>> {
    let Value::Object(object) = &value else {
        return Err(vec![ValidationError::new(
            vec!["body".into()],
            "model_attributes_type",
            "Input should be a valid dictionary or object to extract fields from",
        )]);
    };
    let mut errors = Vec::new();
    T::shape(&mut Fields {
        object,
        loc: vec!["body".into()],
        errors: &mut errors,
    });
    if !errors.is_empty() {
        return Err(errors);
    }
    let decoded: T = serde_json::from_value(value).map_err(|error| {
        vec![ValidationError::new(
            vec!["body".into()],
            "value_error",
            error.to_string(),
        )]
    })?;
    let errors = decoded.rules();
    if errors.is_empty() {
        Ok(decoded)
    } else {
        Err(errors)
    }
}

/// `application/json`, with or without parameters, or any `+json` type.
fn is_json(headers: &HeaderMap) -> bool {
    let Some(content_type) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
    else {
        return false;
    };
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// serde_json reports line and column (1-based); FastAPI reports the offset.
fn byte_offset(bytes: &[u8], line: usize, column: usize) -> usize {
    let line_start: usize = bytes
        .split(|&b| b == b'\n')
        .take(line.saturating_sub(1))
        .map(|l| l.len() + 1)
        .sum();
    (line_start + column.saturating_sub(1)).min(bytes.len())
}

/// The fields of one JSON object being checked, and where it sits.
pub struct Fields<'a> {
    object: &'a Map<String, Value>,
    loc: Vec<LocPart>,
    errors: &'a mut Vec<ValidationError>,
}

impl<'a> Fields<'a> {
    fn push(&mut self, name: &str, kind: &str, msg: impl Into<String>) {
        let mut loc = self.loc.clone();
        loc.push(name.into());
        self.errors.push(ValidationError::new(loc, kind, msg));
    }

    /// The field's value; reports it if it is required and missing.
    fn get(&mut self, name: &str, required: bool) -> Option<&'a Value> {
        let object = self.object;
        let value = object.get(name);
        if value.is_none() && required {
            self.push(name, "missing", sandbox_api::validate::missing_msg(name));
        }
        value
    }

    pub fn string(&mut self, name: &str, required: bool) {
        if let Some(value) = self.get(name, required) {
            if !value.is_string() {
                self.push(name, "string_type", "Input should be a valid string");
            }
        }
    }

    pub fn optional_string(&mut self, name: &str) {
        if let Some(value) = self.get(name, false) {
            if !(value.is_string() || value.is_null()) {
                self.push(name, "string_type", "Input should be a valid string");
            }
        }
    }

    pub fn optional_integer(&mut self, name: &str) {
        if let Some(value) = self.get(name, false) {
            if !(value.is_null() || sandbox_api::whole_number(value).is_some()) {
                self.push(name, "int_type", "Input should be a valid integer");
            }
        }
    }

    /// An optional field holding one of an enum's API names.
    pub fn enumeration<E: FromStr<Err = String>>(&mut self, name: &str) {
        if let Some(value) = self.get(name, false) {
            // A non-string is reported like an unknown string: with the allowed values.
            if let Err(msg) = E::from_str(value.as_str().unwrap_or("")) {
                self.push(name, "enum", msg);
            }
        }
    }

    /// An optional RFC 3339 timestamp, or null (checked as a time by the rules).
    pub fn optional_datetime(&mut self, name: &str) {
        if let Some(value) = self.get(name, false) {
            if !(value.is_string() || value.is_null()) {
                self.push(
                    name,
                    "datetime_type",
                    "Input should be a valid datetime, like 2026-12-08T10:00:00Z, or null",
                );
            }
        }
    }

    pub fn boolean(&mut self, name: &str) {
        if let Some(value) = self.get(name, false) {
            if !value.is_boolean() {
                self.push(name, "bool_type", "Input should be true or false");
            }
        }
    }

    /// Refuses every field but `allowed` (pydantic's `extra="forbid"`).
    pub fn only(&mut self, allowed: &[&str]) {
        let object = self.object;
        for name in object
            .keys()
            .filter(|name| !allowed.contains(&name.as_str()))
        {
            self.push(
                name,
                "extra_forbidden",
                format!(
                    "Remove this field: only {} can be changed",
                    allowed.join(", ")
                ),
            );
        }
    }

    pub fn object(&mut self, name: &str) {
        if let Some(value) = self.get(name, false) {
            if !value.is_object() {
                self.push(name, "dict_type", "Input should be a valid dictionary");
            }
        }
    }

    /// A required list of objects, each checked by `item`.
    pub fn list_of(&mut self, name: &str, item: fn(&mut Fields<'_>)) {
        let Some(value) = self.get(name, true) else {
            return;
        };
        let Some(items) = value.as_array() else {
            self.push(name, "list_type", "Input should be a valid list");
            return;
        };
        for (index, value) in items.iter().enumerate() {
            let mut loc = self.loc.clone();
            loc.extend([name.into(), index.into()]);
            match value {
                Value::Object(object) => item(&mut Fields {
                    object,
                    loc,
                    errors: self.errors,
                }),
                _ => self.errors.push(ValidationError::new(
                    loc,
                    "model_attributes_type",
                    "Input should be a valid dictionary or object to extract fields from",
                )),
            }
        }
    }
}

impl Body for CreateSandbox {
    fn shape(fields: &mut Fields<'_>) {
        fields.string("name", true);
        fields.string("owner_id", true);
        fields.enumeration::<Tier>("tier");
        fields.enumeration::<Mode>("mode");
        fields.object("metadata");
        fields.optional_datetime("expires_at");
        fields.boolean("protected");
    }

    fn rules(&self) -> Vec<ValidationError> {
        let mut errors = validate::create_sandbox(self);
        errors.extend(validate::expiry(
            self.tier,
            &self.expires_at,
            crate::ids::now_ms(),
        ));
        errors
    }
}

/// Shape only: its rules depend on the sandbox's tier, which the handler
/// knows once it has found the sandbox (`validate::patch_sandbox`).
impl Body for PatchSandbox {
    fn shape(fields: &mut Fields<'_>) {
        fields.only(&PATCH_SANDBOX_FIELDS);
        fields.optional_datetime("expires_at");
        fields.boolean("protected");
        fields.object("metadata");
    }

    fn rules(&self) -> Vec<ValidationError> {
        Vec::new()
    }
}

impl Body for SandboxUserRequest {
    fn shape(fields: &mut Fields<'_>) {
        fields.list_of("users", |user| {
            user.string("email", true);
            user.enumeration::<Role>("role");
        });
    }

    fn rules(&self) -> Vec<ValidationError> {
        validate::user_request(self)
    }
}

impl Body for RegisterSource {
    fn shape(fields: &mut Fields<'_>) {
        fields.string("provider", true);
        fields.string("name", true);
        fields.enumeration::<IngestionMode>("ingestion_mode");
        fields.enumeration::<SourceKind>("kind");
        fields.optional_string("external_account_id");
        fields.object("adapter_config");
        fields.optional_integer("poll_interval_seconds");
    }

    fn rules(&self) -> Vec<ValidationError> {
        validate::register_source(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn locs(errors: &[ValidationError]) -> Vec<String> {
        errors
            .iter()
            .map(|e| format!("{}:{}", e.field_path(), e.kind))
            .collect()
    }

    #[test]
    fn reports_every_bad_field_of_a_create() {
        let errors = decode::<CreateSandbox>(json!({"name": 5, "tier": "gold", "metadata": []}))
            .unwrap_err();
        assert_eq!(
            locs(&errors),
            [
                "name:string_type",
                "owner_id:missing",
                "tier:enum",
                "metadata:dict_type"
            ]
        );
        assert_eq!(
            errors[2].msg,
            "Input should be 'free', 'pro' or 'enterprise'"
        );
    }

    #[test]
    fn rules_run_after_the_shape_is_right() {
        let errors = decode::<CreateSandbox>(json!({"name": "", "owner_id": "o"})).unwrap_err();
        assert_eq!(locs(&errors), ["name:string_too_short"]);
        let ok = decode::<CreateSandbox>(json!({"name": "n", "owner_id": "o", "mode": "seeded"}))
            .unwrap();
        assert_eq!(ok.mode, Mode::Seeded);
    }

    #[test]
    fn nested_list_items_are_located_by_index() {
        let errors = decode::<SandboxUserRequest>(
            json!({"users": [{"email": "a@b.co"}, {"role": "boss"}, 3]}),
        )
        .unwrap_err();
        assert_eq!(
            locs(&errors),
            [
                "users.1.email:missing",
                "users.1.role:enum",
                "users.2:model_attributes_type"
            ]
        );
        assert_eq!(
            locs(&decode::<SandboxUserRequest>(json!({})).unwrap_err()),
            ["users:missing"]
        );
    }

    #[test]
    fn source_types_are_checked() {
        let errors = decode::<RegisterSource>(
            json!({"provider": "slack", "name": "n", "poll_interval_seconds": "5"}),
        )
        .unwrap_err();
        assert_eq!(locs(&errors), ["poll_interval_seconds:int_type"]);
        let errors = decode::<RegisterSource>(
            json!({"provider": "slack", "name": "n", "poll_interval_seconds": 5}),
        )
        .unwrap_err();
        assert_eq!(locs(&errors), ["poll_interval_seconds:greater_than_equal"]);
    }

    #[test]
    fn a_patch_refuses_unknown_fields_and_wrong_types() {
        let errors = decode::<PatchSandbox>(
            json!({"name": "x", "expires_at": 5, "protected": "yes", "metadata": null}),
        )
        .unwrap_err();
        assert_eq!(
            locs(&errors),
            [
                "name:extra_forbidden",
                "expires_at:datetime_type",
                "protected:bool_type",
                "metadata:dict_type"
            ]
        );
        let never = decode::<PatchSandbox>(json!({"expires_at": null})).unwrap();
        assert_eq!(never.expires_at, Some(None));
        assert_eq!(
            decode::<PatchSandbox>(json!({})).unwrap(),
            PatchSandbox::default()
        );
    }

    #[test]
    fn json_error_offsets_count_bytes() {
        assert_eq!(byte_offset(b"{\n  \"a\": x}", 2, 8), 9);
    }
}
