//! The sandbox list's query: parsed by the server, built by the console
//! (which also keeps it in its own URL), so both agree on names and bounds.

use percent_encoding::percent_decode_str;

use crate::validate::Errors;
use crate::{
    format_timestamp_ms, parse_timestamp_ms, LocPart, SandboxSort, SandboxStatus, Tier,
    ValidationError,
};

/// Page size when the caller names none.
pub const DEFAULT_LIMIT: u32 = 50;
/// Largest page the API serves.
pub const MAX_LIMIT: u32 = 200;
/// Largest offset: SQLite's integers are signed 64-bit, so anything beyond
/// would wrap around instead of meaning "past the end".
pub const MAX_OFFSET: u64 = i64::MAX as u64;

/// `GET /api/v1/storage/sandboxes` parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SandboxListQuery {
    pub owner_id: Option<String>,
    /// Tenant account filter; support users only.
    pub user_id: Option<String>,
    pub status: Option<SandboxStatus>,
    pub tier: Option<Tier>,
    /// Case-insensitive substring of name or owner_id.
    pub q: Option<String>,
    /// Expiring before this time (v1.1; never-expiring ones never match),
    /// as the contract writes timestamps: a fraction of a second rounds up,
    /// which is exact against the whole seconds sandboxes expire at.
    pub expires_before: Option<String>,
    /// Protected or not (v1.1).
    pub protected: Option<bool>,
    pub sort: SandboxSort,
    pub limit: u32,
    pub offset: u64,
}

impl Default for SandboxListQuery {
    fn default() -> Self {
        SandboxListQuery {
            owner_id: None,
            user_id: None,
            status: None,
            tier: None,
            q: None,
            expires_before: None,
            protected: None,
            sort: SandboxSort::default(),
            limit: DEFAULT_LIMIT,
            offset: 0,
        }
    }
}

impl SandboxListQuery {
    /// Parses decoded query pairs; unknown names are ignored and empty values
    /// mean "not given", as in a form that was left blank. Every bad value is
    /// reported, each with `loc = ["query", name]`.
    pub fn from_pairs(pairs: &[(String, String)]) -> Result<Self, Vec<ValidationError>> {
        let mut query = SandboxListQuery::default();
        let mut errors = Errors::default();
        for (name, value) in pairs.iter().filter(|(_, value)| !value.is_empty()) {
            let loc = || vec!["query".into(), name.as_str().into()];
            match name.as_str() {
                "owner_id" => query.owner_id = Some(value.clone()),
                "user_id" => query.user_id = Some(value.clone()),
                "q" => query.q = Some(value.clone()),
                "status" => match value.parse() {
                    Ok(status) => query.status = Some(status),
                    Err(msg) => errors.push(loc(), "enum", msg),
                },
                "tier" => match value.parse() {
                    Ok(tier) => query.tier = Some(tier),
                    Err(msg) => errors.push(loc(), "enum", msg),
                },
                "expires_before" => match parse_timestamp_ms(value) {
                    Some(ms) => {
                        query.expires_before = Some(format_timestamp_ms(ms + 999));
                    }
                    None => errors.push(
                        loc(),
                        "datetime_parsing",
                        "Input should be a valid datetime, like 2026-12-08T10:00:00Z",
                    ),
                },
                "protected" => match value.as_str() {
                    "true" => query.protected = Some(true),
                    "false" => query.protected = Some(false),
                    _ => errors.push(loc(), "bool_parsing", "Input should be 'true' or 'false'"),
                },
                "sort" => match value.parse() {
                    Ok(sort) => query.sort = sort,
                    Err(msg) => errors.push(loc(), "enum", msg),
                },
                "limit" => query.limit = limit(value, loc(), &mut errors).unwrap_or(query.limit),
                "offset" => {
                    query.offset = offset(value, loc(), &mut errors).unwrap_or(query.offset)
                }
                _ => {}
            }
        }
        errors.into_result(query)
    }

    /// The query string (without `?`), naming only what differs from the defaults.
    pub fn to_query_string(&self) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        let text_filters = [
            ("owner_id", &self.owner_id),
            ("user_id", &self.user_id),
            ("q", &self.q),
            ("expires_before", &self.expires_before),
        ];
        for (name, value) in text_filters {
            if let Some(value) = value {
                pairs.push((name, value.clone()));
            }
        }
        if let Some(status) = self.status {
            pairs.push(("status", status.as_str().to_owned()));
        }
        if let Some(tier) = self.tier {
            pairs.push(("tier", tier.as_str().to_owned()));
        }
        if let Some(protected) = self.protected {
            pairs.push(("protected", protected.to_string()));
        }
        if self.sort != SandboxSort::default() {
            pairs.push(("sort", self.sort.as_str().to_owned()));
        }
        if self.limit != DEFAULT_LIMIT {
            pairs.push(("limit", self.limit.to_string()));
        }
        if self.offset != 0 {
            pairs.push(("offset", self.offset.to_string()));
        }
        query_string(&pairs)
    }
}

/// A page size of 1–[`MAX_LIMIT`], or `None` with the problem reported at `loc`.
pub(crate) fn limit(value: &str, loc: Vec<LocPart>, errors: &mut Errors) -> Option<u32> {
    match value.parse::<u32>() {
        Ok(limit) if (1..=MAX_LIMIT).contains(&limit) => return Some(limit),
        Ok(0) => errors.push(
            loc,
            "greater_than_equal",
            "Input should be greater than or equal to 1",
        ),
        Ok(_) => errors.push(
            loc,
            "less_than_equal",
            format!("Input should be less than or equal to {MAX_LIMIT}"),
        ),
        Err(_) => errors.push(loc, "int_parsing", "Input should be a valid integer"),
    }
    None
}

/// An offset of 0–[`MAX_OFFSET`], or `None` with the problem reported at `loc`.
pub(crate) fn offset(value: &str, loc: Vec<LocPart>, errors: &mut Errors) -> Option<u64> {
    match value.parse::<u64>() {
        Ok(offset) if offset <= MAX_OFFSET => return Some(offset),
        Ok(_) => errors.push(
            loc,
            "less_than_equal",
            format!("Input should be less than or equal to {MAX_OFFSET}"),
        ),
        Err(_) => errors.push(
            loc,
            "int_parsing",
            "Input should be a valid non-negative integer",
        ),
    }
    None
}

/// `name=value&…` with the values percent-encoded.
pub(crate) fn query_string(pairs: &[(&str, String)]) -> String {
    pairs
        .iter()
        .map(|(name, value)| format!("{name}={}", encode_query_component(value)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
pub fn encode_query_component(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// One `application/x-www-form-urlencoded` name or value decoded once:
/// `+` is a space, then `%XX` are bytes. `Err` carries the lossy decoding
/// when those bytes are not UTF-8, for a caller that refuses them.
pub fn decode_query_component(component: &str) -> Result<String, String> {
    let bytes: Vec<u8> = percent_decode_str(&component.replace('+', " ")).collect();
    String::from_utf8(bytes).map_err(|error| String::from_utf8_lossy(error.as_bytes()).into_owned())
}

/// A query string (without `?`) as its pairs, in order, each name and value
/// decoded exactly once (what is not UTF-8 becomes U+FFFD): the inverse of
/// the encoding above, so `a%2525` stays `a%25`.
pub fn decode_query_string(query: &str) -> Vec<(String, String)> {
    let lenient = |component| decode_query_component(component).unwrap_or_else(|lossy| lossy);
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (lenient(name), lenient(value))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn parses_every_parameter_and_writes_it_back() {
        let query = SandboxListQuery::from_pairs(&pairs(&[
            ("owner_id", "cust 4711"),
            ("status", "active"),
            ("tier", "pro"),
            ("q", "eu&x"),
            ("sort", "name"),
            ("limit", "200"),
            ("offset", "400"),
        ]))
        .unwrap();
        assert_eq!(query.status, Some(SandboxStatus::Active));
        assert_eq!(query.limit, 200);
        assert_eq!(
            query.to_query_string(),
            "owner_id=cust%204711&q=eu%26x&status=active&tier=pro&sort=name&limit=200&offset=400"
        );
    }

    #[test]
    fn parses_the_lifecycle_filters_and_sorts() {
        let query = SandboxListQuery::from_pairs(&pairs(&[
            ("expires_before", "2026-12-04T12:00:00+02:00"),
            ("protected", "false"),
            ("sort", "-expires_at"),
        ]))
        .unwrap();
        assert_eq!(
            query.expires_before.as_deref(),
            Some("2026-12-04T10:00:00Z")
        );
        assert_eq!(
            (query.protected, query.sort),
            (Some(false), SandboxSort::ExpiresAtDesc)
        );
        assert_eq!(
            query.to_query_string(),
            "expires_before=2026-12-04T10%3A00%3A00Z&protected=false&sort=-expires_at"
        );
        assert_eq!(
            SandboxListQuery::from_pairs(&decode_query_string(&query.to_query_string())),
            Ok(query)
        );
        let rounded =
            SandboxListQuery::from_pairs(&pairs(&[("expires_before", "2026-12-04T10:00:00.2Z")]));
        assert_eq!(
            rounded.unwrap().expires_before.as_deref(),
            Some("2026-12-04T10:00:01Z")
        );
        let errors = SandboxListQuery::from_pairs(&pairs(&[
            ("expires_before", "soon"),
            ("protected", "yes"),
        ]))
        .unwrap_err();
        let kinds: Vec<_> = errors
            .iter()
            .map(|e| format!("{}:{}", e.field_path(), e.kind))
            .collect();
        assert_eq!(
            kinds,
            ["expires_before:datetime_parsing", "protected:bool_parsing"]
        );
    }

    #[test]
    fn query_strings_decode_exactly_once() {
        let awkward = "%3Cscript%3E 50% a+b&c=d#e ü";
        let query = SandboxListQuery {
            owner_id: Some(awkward.to_owned()),
            q: Some("100%".to_owned()),
            ..SandboxListQuery::default()
        };
        let pairs = decode_query_string(&query.to_query_string());
        assert_eq!(
            pairs,
            [
                ("owner_id".to_owned(), awkward.to_owned()),
                ("q".to_owned(), "100%".to_owned())
            ]
        );
        assert_eq!(SandboxListQuery::from_pairs(&pairs).unwrap(), query);
        // Form encoding: `+` is a space; a name without `=` has an empty value.
        assert_eq!(
            decode_query_string("q=a+b%2Bc&flag"),
            [
                ("q".to_owned(), "a b+c".to_owned()),
                ("flag".to_owned(), String::new())
            ]
        );
        assert_eq!(decode_query_component("%FF"), Err("\u{FFFD}".to_owned()));
    }

    #[test]
    fn defaults_are_left_out_and_blanks_ignored() {
        let query =
            SandboxListQuery::from_pairs(&pairs(&[("owner_id", ""), ("sort", "-created_at")]))
                .unwrap();
        assert_eq!(query, SandboxListQuery::default());
        assert_eq!(query.to_query_string(), "");
    }

    #[test]
    fn reports_every_bad_parameter_at_its_name() {
        let errors = SandboxListQuery::from_pairs(&pairs(&[
            ("limit", "0"),
            ("status", "gone"),
            ("offset", "-1"),
        ]))
        .unwrap_err();
        let locs: Vec<String> = errors.iter().map(|e| e.field_path()).collect();
        assert_eq!(locs, ["limit", "status", "offset"]);
        assert_eq!(errors[0].kind, "greater_than_equal");
        let too_big = SandboxListQuery::from_pairs(&pairs(&[("limit", "201")])).unwrap_err();
        assert_eq!(too_big[0].kind, "less_than_equal");
    }

    #[test]
    fn offset_stops_at_the_largest_sqlite_integer() {
        let last = SandboxListQuery::from_pairs(&pairs(&[("offset", "9223372036854775807")]));
        assert_eq!(last.unwrap().offset, MAX_OFFSET);
        let beyond =
            SandboxListQuery::from_pairs(&pairs(&[("offset", "9223372036854775808")])).unwrap_err();
        assert_eq!(
            (beyond[0].field_path(), beyond[0].kind.as_str()),
            ("offset".to_owned(), "less_than_equal")
        );
    }
}
