//! Exports' downloads, caught: the Blob handed to `URL.createObjectURL`
//! and the name of the link clicked, instead of a file.

/// Catches downloads until the returned guard goes, so that links of later
/// tests navigate again.
pub fn catch_downloads() -> CaughtDownloads {
    js_sys::eval(
        "window.__realDownload = window.__realDownload || [URL.createObjectURL, HTMLAnchorElement.prototype.click];\
         window.__downloads = []; URL.createObjectURL = (blob) => { window.__blob = blob; return 'blob:test'; };\
         HTMLAnchorElement.prototype.click = function () { window.__downloads.push(this.download); };",
    )
    .unwrap();
    CaughtDownloads
}

/// Puts `URL.createObjectURL` and a link's `click` back when dropped.
pub struct CaughtDownloads;

impl Drop for CaughtDownloads {
    fn drop(&mut self) {
        let _ = js_sys::eval(
            "[URL.createObjectURL, HTMLAnchorElement.prototype.click] = window.__realDownload;",
        );
    }
}

/// The text of the last Blob caught.
pub async fn downloaded_text() -> String {
    let text = js_sys::eval("window.__blob.text()").unwrap();
    wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(text))
        .await
        .unwrap()
        .as_string()
        .unwrap()
}

/// The file names of the downloads caught, in order.
pub fn downloads() -> Vec<String> {
    let names = js_sys::eval("JSON.stringify(window.__downloads)").unwrap();
    serde_json::from_str(&names.as_string().unwrap()).unwrap()
}

/// Today (UTC) as an export's file name says it.
pub fn today() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
        .chars()
        .take(10)
        .collect()
}
