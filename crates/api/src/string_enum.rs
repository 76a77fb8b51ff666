//! The `string_enum!` macro that declares every closed set of strings in
//! the contract (`enums.rs`), and what its expansions call: the FastAPI
//! message for a value outside the set and (feature `openapi`) the schema.
//! Its expansions name everything by full path, so a module using it needs
//! no imports for them.

/// Declares a string enum: serde names, `as_str`, `FromStr` (with the
/// FastAPI-style "Input should be …" message), `Display`, `ALL`, `Default`
/// when a `default Variant` follows the braces, and (feature `openapi`) its
/// OpenAPI schema.
///
/// The schema is written here by hand from the same `$text`s rather than
/// derived: utoipa's derive cannot see a `#[serde(rename = $text)]` made by
/// `macro_rules!` and would publish the Rust names (`Free`, `SandboxesRead`).
macro_rules! string_enum {
    ($(#[doc = $doc:literal])* $name:ident { $($(#[doc = $vdoc:literal])* $variant:ident = $text:literal),+ $(,)? } default $default:ident) => {
        string_enum! { $(#[doc = $doc])* $name { $($(#[doc = $vdoc])* $variant = $text),+ } }

        impl Default for $name {
            fn default() -> Self {
                $name::$default
            }
        }
    };
    ($(#[doc = $doc:literal])* $name:ident { $($(#[doc = $vdoc:literal])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[doc = $doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
        pub enum $name {
            $($(#[doc = $vdoc])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every value, in the contract's order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The value as the API spells it.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err($crate::string_enum::expected_one_of(&[$($text),+])),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                $crate::string_enum::schema::string_enum_schema(
                    &[$($doc),*],
                    &[$(($text, &[$($vdoc),*])),+],
                )
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $name {
            fn name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed(stringify!($name))
            }
        }
    };
}

pub(crate) use string_enum;

#[cfg(feature = "openapi")]
pub(crate) mod schema {
    use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
    use utoipa::openapi::RefOr;

    /// A string schema listing exactly the API names; the description is
    /// the enum's doc, then one line per value that has a doc of its own.
    pub(crate) fn string_enum_schema(doc: &[&str], values: &[(&str, &[&str])]) -> RefOr<Schema> {
        let mut description = join_doc(doc);
        for (text, value_doc) in values.iter().filter(|(_, doc)| !doc.is_empty()) {
            description.push_str(&format!("\n- `{text}`: {}", join_doc(value_doc)));
        }
        ObjectBuilder::new()
            .schema_type(Type::String)
            .description(Some(description))
            .enum_values(Some(values.iter().map(|(text, _)| *text)))
            .into()
    }

    /// Doc comment lines (`/// text` arrives as `" text"`) as one paragraph.
    fn join_doc(lines: &[&str]) -> String {
        lines
            .iter()
            .map(|line| line.trim())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// FastAPI's message for a value outside an enum: "Input should be 'a', 'b' or 'c'".
pub(crate) fn expected_one_of(values: &[&str]) -> String {
    let quoted: Vec<String> = values.iter().map(|v| format!("'{v}'")).collect();
    match quoted.split_last() {
        Some((last, [])) => format!("Input should be {last}"),
        Some((last, rest)) => format!("Input should be {} or {last}", rest.join(", ")),
        None => "Input should be empty".to_owned(),
    }
}
