//! The CSV writer of every export: RFC 4180 quoting, CRLF line ends, and
//! no cell a spreadsheet would run as a formula.

use std::borrow::Cow;

/// What a cell may not start with: a spreadsheet runs `=`, `+`, `-`, `@`
/// as a formula, and a tab or a CR can hide one.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// One cell: a `'` in front of a would-be formula, then quoted (its `"`
/// doubled) when it holds a comma, a quote or a line end.
pub fn cell(text: &str) -> Cow<'_, str> {
    let defused = if text.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    };
    if defused.contains([',', '"', '\n', '\r']) {
        Cow::Owned(format!("\"{}\"", defused.replace('"', "\"\"")))
    } else {
        defused
    }
}

/// Appends one record (its cells, each through [`cell`]) and its CRLF to `out`.
pub fn push_record<S: AsRef<str>>(out: &mut String, cells: impl IntoIterator<Item = S>) {
    for (index, text) in cells.into_iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        out.push_str(&cell(text.as_ref()));
    }
    out.push_str("\r\n");
}
