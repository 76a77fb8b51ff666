//! A JSON object typed into a textarea (a source's adapter config).

use sandbox_api::JsonObject;
use serde_json::Value;

/// The object in `text`, or a message saying what is wrong and where:
/// "Line 3, column 7: expected `,` or `}`", or that it is not an object.
/// Blank text is the empty object, which is what the field means when left
/// alone.
pub fn parse_json_object(text: &str) -> Result<JsonObject, String> {
    if text.trim().is_empty() {
        return Ok(JsonObject::new());
    }
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(other) => Err(format!(
            "Must be a JSON object, like {{\"channel\": \"C024BE91L\"}}, not {}.",
            json_kind(&other)
        )),
        Err(error) => {
            // serde_json's text ends in " at line L column C": say it first, in words.
            let full = error.to_string();
            let reason = full
                .rsplit_once(" at line ")
                .map_or(full.as_str(), |(reason, _)| reason);
            Err(format!(
                "Line {}, column {}: {reason}.",
                error.line(),
                error.column()
            ))
        }
    }
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
