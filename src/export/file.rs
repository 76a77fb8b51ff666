//! The exported file: its name, and its hand-over to the browser.

use wasm_bindgen::JsCast;

/// "sandboxes-owner_alice-status_active-2026-12-01.csv": `kind`, then the
/// filters that narrow the export, then `date`, in characters every file
/// system keeps (anything else becomes `-`).
pub fn file_name(kind: &str, filters: impl IntoIterator<Item = String>, date: &str) -> String {
    let mut parts = vec![kind.to_owned()];
    parts.extend(filters);
    parts.push(date.to_owned());
    let name: String = parts
        .join("-")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("{name}.csv")
}

/// Today's date (UTC) as `YYYY-MM-DD`.
pub fn today() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
        .chars()
        .take(10)
        .collect()
}

/// Hands the CSV `parts` (JS strings, in order) to the browser as one
/// download named `file_name`. The Blob joins them: the document is never
/// one Rust string.
pub fn download(parts: &js_sys::Array, file_name: &str) -> Result<(), wasm_bindgen::JsValue> {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a")?.unchecked_into();
    link.set_href(&url);
    link.set_download(file_name);
    link.click();
    // The browser reads the Blob after the click returns: let it go later.
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(60),
    );
    Ok(())
}
