//! The raw query pairs, and the one query parameter every resource shares.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use sandbox_api::ValidationError;

/// The decoded query string, in order; never fails.
pub struct QueryPairs(pub Vec<(String, String)>);

impl<S: Send + Sync> FromRequestParts<S> for QueryPairs {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or("");
        Ok(QueryPairs(
            form_urlencoded::parse(query.as_bytes())
                .into_owned()
                .collect(),
        ))
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
            match value.as_str() {
                "owner_account" => include = true,
                "" => {}
                _ => {
                    return Err(vec![ValidationError::new(
                        vec!["query".into(), name.as_str().into()],
                        "enum",
                        "Input should be 'owner_account'",
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
