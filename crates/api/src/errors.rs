//! Error bodies in FastAPI's shapes: `{"detail": "…"}` for most statuses and
//! `{"detail": [{"loc", "msg", "type"}]}` (`HTTPValidationError`) for 422.

use serde::{Deserialize, Serialize};

/// `{"detail": "…"}`: 401, 403, 404, 409, 429 and 5xx.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub detail: String,
}

/// One step of a validation error's location: a field name or a list index.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum LocPart {
    Index(usize),
    Field(String),
}

impl From<&str> for LocPart {
    fn from(field: &str) -> Self {
        LocPart::Field(field.to_owned())
    }
}

impl From<usize> for LocPart {
    fn from(index: usize) -> Self {
        LocPart::Index(index)
    }
}

/// One entry of a 422 `detail` list. `loc` starts with where the value came
/// from (`body`, `query`, `header`) and then names the field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ValidationError {
    pub loc: Vec<LocPart>,
    pub msg: String,
    #[serde(rename = "type")]
    pub kind: String,
}

impl ValidationError {
    pub fn new(loc: Vec<LocPart>, kind: &str, msg: impl Into<String>) -> Self {
        ValidationError {
            loc,
            msg: msg.into(),
            kind: kind.to_owned(),
        }
    }

    /// The field this error is about: the last named part of `loc` after its
    /// source (`["body", "users", 2, "email"]` → `users.2.email`), which is how
    /// forms key their fields. Empty for an error about the whole body.
    pub fn field_path(&self) -> String {
        let parts: Vec<String> = self
            .loc
            .iter()
            .skip(1)
            .map(|part| match part {
                LocPart::Field(name) => name.clone(),
                LocPart::Index(index) => index.to_string(),
            })
            .collect();
        parts.join(".")
    }
}

/// The 422 body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HttpValidationError {
    pub detail: Vec<ValidationError>,
}

/// The `detail` of any error response, as a client reads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ErrorDetail {
    Message(String),
    Validation(Vec<ValidationError>),
}

/// Any error response body of the contract.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorResponse {
    pub detail: ErrorDetail,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_both_error_shapes() {
        let plain: ErrorResponse =
            serde_json::from_str(r#"{"detail":"Sandbox not found"}"#).unwrap();
        assert_eq!(
            plain.detail,
            ErrorDetail::Message("Sandbox not found".into())
        );
        let invalid: ErrorResponse = serde_json::from_str(
            r#"{"detail":[{"loc":["body","users",2,"email"],"msg":"bad","type":"value_error"}]}"#,
        )
        .unwrap();
        let ErrorDetail::Validation(errors) = invalid.detail else {
            panic!("not a validation error")
        };
        assert_eq!(errors[0].loc[2], LocPart::Index(2));
        assert_eq!(errors[0].field_path(), "users.2.email");
        assert_eq!(errors[0].kind, "value_error");
    }
}
