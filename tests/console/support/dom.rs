//! The page as a user meets it: finding and reading elements, waiting for
//! them, and doing what a user does (typing, choosing, clicking, submitting).

use wasm_bindgen::JsCast;

pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Waits up to 3 s for `condition`, then fails naming `what` and the page's text.
pub async fn wait_until(what: &str, condition: impl Fn() -> bool) {
    for _ in 0..150 {
        if condition() {
            return;
        }
        sleep(20).await;
    }
    panic!("waited in vain for {what}; the page says: {}", page_text());
}

pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// All the text on the page.
pub fn page_text() -> String {
    document()
        .body()
        .and_then(|body| body.text_content())
        .unwrap_or_default()
}

pub fn find(css: &str) -> Option<web_sys::HtmlElement> {
    document()
        .query_selector(css)
        .unwrap()
        .map(|element| element.unchecked_into())
}

pub fn element(css: &str) -> web_sys::HtmlElement {
    find(css).unwrap_or_else(|| panic!("no element matches {css}"))
}

pub fn count(css: &str) -> u32 {
    document().query_selector_all(css).unwrap().length()
}

pub fn text_of(css: &str) -> String {
    find(css)
        .map(|element| element.text_content().unwrap_or_default())
        .unwrap_or_default()
}

/// The text of every element matching `css`, in document order.
pub fn texts(css: &str) -> Vec<String> {
    let list = document().query_selector_all(css).unwrap();
    (0..list.length())
        .map(|index| list.get(index).unwrap().text_content().unwrap_or_default())
        .collect()
}

/// The value of an input, textarea or select.
pub fn input_value(css: &str) -> String {
    js_sys::Reflect::get(&element(css), &"value".into())
        .unwrap()
        .as_string()
        .unwrap()
}

pub fn is_disabled(css: &str) -> bool {
    element(css).has_attribute("disabled")
}

pub fn is_checked(css: &str) -> bool {
    element(css)
        .unchecked_into::<web_sys::HtmlInputElement>()
        .checked()
}

/// Fires a DOM event the way the browser would (bubbling, so Leptos's
/// delegated handlers see it).
pub fn fire(element: &web_sys::HtmlElement, event_type: &str) {
    let fire = js_sys::Function::new_with_args(
        "element, type",
        "element.dispatchEvent(new Event(type, {bubbles: true, cancelable: true}))",
    );
    fire.call2(&wasm_bindgen::JsValue::NULL, element, &event_type.into())
        .unwrap();
}

/// Sets a property of the control matching `css`, then fires `event_type`.
fn set_and_fire(css: &str, property: &str, value: wasm_bindgen::JsValue, event_type: &str) {
    let control = element(css);
    js_sys::Reflect::set(&control, &property.into(), &value).unwrap();
    fire(&control, event_type);
}

/// Types into an input or textarea the way a user does: value, then an `input` event.
pub fn type_into(css: &str, text: &str) {
    set_and_fire(css, "value", text.into(), "input");
}

/// Picks `value` in a select: value, then a `change` event.
pub fn select_option(css: &str, value: &str) {
    set_and_fire(css, "value", value.into(), "change");
}

/// Checks a radio button or checkbox: checked, then a `change` event.
pub fn choose(css: &str) {
    set_and_fire(css, "checked", true.into(), "change");
}

/// Submits a form as its submit button would (validation events included).
pub fn submit(form_css: &str) {
    element(form_css)
        .unchecked_into::<web_sys::HtmlFormElement>()
        .request_submit()
        .unwrap();
}

/// Whether the `<dialog>` matching `css` is open.
pub fn dialog_open(css: &str) -> bool {
    element(css)
        .unchecked_into::<web_sys::HtmlDialogElement>()
        .open()
}

/// Opens a dialog from its button (`opener`, once it shows), focused first
/// as a keyboard user would; waits for `content` (inside the dialog) and
/// gives the button, which gets the focus back when the dialog closes.
pub async fn open_dialog_from(opener: &str, content: &str) -> web_sys::HtmlElement {
    wait_until(opener, || find(opener).is_some()).await;
    let button = element(opener);
    button.focus().unwrap();
    button.click();
    wait_until(content, || find(content).is_some()).await;
    button
}

/// Waits until the keyboard focus is on `element` (a dialog gave it back).
pub async fn wait_for_focus_on(element: &web_sys::HtmlElement) {
    wait_until("focus back on the opener", || {
        document()
            .active_element()
            .is_some_and(|active| active == *element.as_ref())
    })
    .await;
}

pub fn session_storage() -> web_sys::Storage {
    web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap()
}

pub fn set_path(path: &str) {
    js_sys::eval(&format!("history.replaceState(null, '', {path:?})")).unwrap();
}

/// Path and query of the page.
pub fn current_location() -> String {
    let location = web_sys::window().unwrap().location();
    format!(
        "{}{}",
        location.pathname().unwrap(),
        location.search().unwrap()
    )
}

/// `history.length`: one more for every entry a page pushes, none for a replace.
pub fn history_length() -> u32 {
    web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .length()
        .unwrap()
}

/// Goes back to the first entry of this page's history and pushes `path`,
/// which drops every entry after it: `history.length` then counts from
/// there, below the 50 at which the browser stops counting. Gives that length.
pub async fn fresh_history_at(path: &str) -> u32 {
    let back = js_sys::eval(
        "new Promise((resolve) => { const index = navigation.currentEntry.index; \
         if (index === 0) { resolve(); return; } \
         addEventListener('popstate', () => resolve(), {once: true}); history.go(-index); })",
    )
    .unwrap();
    wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(back))
        .await
        .unwrap();
    js_sys::eval(&format!("history.pushState(null, '', {path:?})")).unwrap();
    history_length()
}
