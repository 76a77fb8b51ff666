//! The OpenAPI schemas of the constrained values (feature `openapi`),
//! built from the same constants `validate` and `query` check against, so
//! the published bounds cannot drift from the enforced ones.
//!
//! utoipa's attributes take only literals (`max_length = 255`), so the
//! fields and parameters point here with `schema_with` or `inline(…)`.

use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Schema, SchemaType, Type};
use utoipa::openapi::{KnownFormat, RefOr, SchemaFormat};
use utoipa::{PartialSchema, ToSchema};

use crate::validate::{
    MAX_EMAIL_BYTES, MAX_METADATA_BYTES, MAX_METADATA_KEYS, MAX_PROVIDER_CHARS, MAX_TEXT_CHARS,
    MAX_USERS_PER_REQUEST,
};
use crate::{DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET, MIN_POLL_INTERVAL_SECONDS};

/// Characters no name may contain, as inclusive ranges: C0 and C1 controls
/// and the bidirectional embeddings, overrides and isolates — the set of
/// `validate::is_forbidden_in_text` (a test in sandboxd compares the two
/// over every `char`).
pub const FORBIDDEN_IN_TEXT: [(char, char); 4] = [
    ('\u{00}', '\u{1f}'),
    ('\u{7f}', '\u{9f}'),
    ('\u{202a}', '\u{202e}'),
    ('\u{2066}', '\u{2069}'),
];

/// [`FORBIDDEN_IN_TEXT`] as the body of a regex class, in `\uNNNN`
/// escapes, which ECMA-262 (JSON Schema's dialect), Python and Rust
/// regexes all read alike.
fn forbidden_class() -> String {
    FORBIDDEN_IN_TEXT
        .iter()
        .map(|(first, last)| format!("\\u{:04x}-\\u{:04x}", *first as u32, *last as u32))
        .collect()
}

fn string() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::String)
}

fn int64() -> SchemaFormat {
    SchemaFormat::KnownFormat(KnownFormat::Int64)
}

/// At least one character that is not white space, and none of
/// [`FORBIDDEN_IN_TEXT`]: the "must not be blank" rule as a pattern.
fn text_pattern() -> String {
    let forbidden = forbidden_class();
    format!("^[^{forbidden}]*[^\\s{forbidden}][^{forbidden}]*$")
}

/// A sandbox name, owner id or source name: 1–255 characters, not blank.
pub fn text() -> Schema {
    string()
        .min_length(Some(1))
        .max_length(Some(MAX_TEXT_CHARS))
        .pattern(Some(text_pattern()))
        .description(Some(format!(
            "1–{MAX_TEXT_CHARS} characters, not only white space, without control characters \
             or bidirectional overrides"
        )))
        .into()
}

/// `external_account_id`: up to 255 characters, or null.
pub fn external_account_id() -> Schema {
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
        .max_length(Some(MAX_TEXT_CHARS))
        .into()
}

/// `provider`: the regex that `validate::provider` states in its message.
pub fn provider() -> Schema {
    string()
        .min_length(Some(1))
        .max_length(Some(MAX_PROVIDER_CHARS))
        .pattern(Some(crate::validate::provider_pattern()))
        .description(Some(
            "`slack`, `github`, `linear`, or another lower-case name of letters, digits, _ and -",
        ))
        .into()
}

/// Sandbox metadata: a JSON object of at most 64 keys and 16 KiB.
pub fn metadata() -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .max_properties(Some(MAX_METADATA_KEYS))
        .property_names(Some(
            string()
                .pattern(Some(format!("^[^{}]*$", forbidden_class())))
                .build(),
        ))
        .description(Some(format!(
            "Any JSON object of at most {MAX_METADATA_KEYS} keys and {} KiB as compact JSON \
             (422 beyond); keys without control characters or bidirectional overrides",
            MAX_METADATA_BYTES / 1024
        )))
        .into()
}

/// A chosen `expires_at` (create, PATCH): RFC 3339, or null for never.
pub fn expires_at() -> Schema {
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime)))
        .description(Some(format!(
            "RFC 3339, in the future and at most {} days ahead (422 otherwise); null = never \
             expires, enterprise only; left out = the tier's default on create (free {} days, \
             pro {}, enterprise never), unchanged on PATCH",
            crate::MAX_EXPIRY_DAYS,
            crate::Tier::Free
                .default_lifetime_days()
                .unwrap_or_default(),
            crate::Tier::Pro.default_lifetime_days().unwrap_or_default(),
        )))
        .into()
}

/// A member's email address, as `validate::email` accepts it: `local@domain.tld`.
pub fn email() -> Schema {
    const LOCAL: &str = "[A-Za-z0-9!#$%&*+/=?^_`{|}~.-]+";
    const LABEL: &str = "[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?";
    string()
        .max_length(Some(MAX_EMAIL_BYTES))
        .pattern(Some(format!("^{LOCAL}@({LABEL}\\.)+{LABEL}$")))
        .description(Some(
            "An email address; stored in lower case, so addresses that differ only in case are \
             the same member (422 when one request lists the same address twice)",
        ))
        .into()
}

/// `SandboxUserRequest.users`: 1–100 entries.
pub fn users() -> Schema {
    ArrayBuilder::new()
        // Inline: a `schema_with` field does not register the types it names.
        .items(crate::SandboxUser::schema())
        .min_items(Some(1))
        .max_items(Some(MAX_USERS_PER_REQUEST))
        .into()
}

/// `poll_interval_seconds`: at least 60, or null.
pub fn poll_interval_seconds() -> Schema {
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::Integer, Type::Null]))
        .format(Some(int64()))
        .minimum(Some(MIN_POLL_INTERVAL_SECONDS))
        .description(Some(format!(
            "At least {MIN_POLL_INTERVAL_SECONDS}; kept for `polling` sources only ({} there \
             when omitted), null for the other modes",
            crate::DEFAULT_POLL_INTERVAL_SECONDS
        )))
        .into()
}

/// Declares a type that only stands for a parameter's schema in
/// `#[utoipa::path(params(("name" = inline(Option<Type>), Query)))]`.
macro_rules! parameter_schema {
    ($(#[doc = $doc:literal])* $name:ident => $schema:expr) => {
        $(#[doc = $doc])*
        pub struct $name;

        impl PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                $schema.into()
            }
        }

        impl ToSchema for $name {}
    };
}

parameter_schema! {
    /// The list's `limit`: 1–200, default 50.
    Limit => ObjectBuilder::new()
        .schema_type(Type::Integer)
        .minimum(Some(1))
        .maximum(Some(MAX_LIMIT))
        .default(Some(DEFAULT_LIMIT.into()))
}

parameter_schema! {
    /// The list's `offset`: 0 to 2^63−1 (SQLite's largest integer), default 0.
    Offset => ObjectBuilder::new()
        .schema_type(Type::Integer)
        .format(Some(int64()))
        .minimum(Some(0))
        .maximum(Some(MAX_OFFSET))
        .default(Some(0.into()))
}

parameter_schema! {
    /// The push `target`: an environment id or database name, without
    /// white space or control characters.
    PushTarget => string()
        .min_length(Some(1))
        .max_length(Some(MAX_TEXT_CHARS))
        .pattern(Some("^[^\\s\\u0000-\\u001f\\u007f-\\u009f]+$"))
        .default(Some(crate::DEFAULT_PUSH_TARGET.into()))
}

parameter_schema! {
    /// The `Idempotency-Key` header: 1–255 visible ASCII characters.
    IdempotencyKey => string()
        .min_length(Some(1))
        .max_length(Some(MAX_TEXT_CHARS))
        .pattern(Some("^[!-~]+$"))
}
