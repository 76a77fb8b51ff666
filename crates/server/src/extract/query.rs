//! The raw query pairs, and the one query parameter every resource shares.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use sandbox_api::{decode_query_component, Include, LocPart, ValidationError};

use crate::error::ApiError;

/// The decoded query string, in order. 422 when a name or value is not
/// UTF-8 once percent-decoded (`?q=%FF`): decoding it lossily would search
/// for U+FFFD instead. Checked right after the token, before the role: the
/// bytes of the query say nothing about any resource.
pub struct QueryPairs(pub Vec<(String, String)>);

impl<S: Send + Sync> FromRequestParts<S> for QueryPairs {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        let query = parts.uri.query().unwrap_or("");
        let mut pairs = Vec::new();
        let mut errors = Vec::new();
        // application/x-www-form-urlencoded, as `form_urlencoded::parse`
        // reads it, but refusing what it would decode lossily.
        for pair in query.split('&').filter(|pair| !pair.is_empty()) {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            // The lossy decoding of a name that is not UTF-8 names it in the 422.
            match (decode_query_component(name), decode_query_component(value)) {
                (Ok(name), Ok(value)) => pairs.push((name, value)),
                (name, _) => errors.push(ValidationError::new(
                    vec![
                        "query".into(),
                        LocPart::Field(name.unwrap_or_else(|lossy| lossy)),
                    ],
                    "string_unicode",
                    "Input should be a valid string, unable to parse raw data as a unicode string",
                )),
            }
        }
        if errors.is_empty() {
            Ok(QueryPairs(pairs))
        } else {
            Err(ApiError::Validation(errors))
        }
    }
}

impl QueryPairs {
    /// `include[]=owner_account` (also spelt `include`, or `include%5B%5D`
    /// before decoding): whether to expand `owner_account`.
    pub fn include_owner_account(&self) -> Result<bool, Vec<ValidationError>> {
        let mut include = false;
        for (name, value) in self
            .0
            .iter()
            .filter(|(name, _)| name == "include[]" || name == "include")
        {
            if value.is_empty() {
                continue;
            }
            match value.parse::<Include>() {
                Ok(Include::OwnerAccount) => include = true,
                Err(msg) => {
                    return Err(vec![ValidationError::new(
                        vec!["query".into(), name.as_str().into()],
                        "enum",
                        msg,
                    )])
                }
            }
        }
        Ok(include)
    }

    /// The first value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}
