//! What a test does on the page: wait for elements and texts, click, type, read.

use std::cell::RefCell;

use thirtyfour::components::SelectElement;
use thirtyfour::extensions::query::ElementQuery;
use thirtyfour::prelude::*;
use thirtyfour::stringmatch::StringMatch;

use crate::wait::poll;
use crate::{eventually, Api, E2e, POLL, WAIT};

impl E2e {
    /// Waits up to 10 s for an element matching `css`; fails the test with
    /// the page's URL and text if none appears.
    pub async fn wait_for(&self, css: &str) -> WebElement {
        let query = self.browser().query(By::Css(css));
        self.first_within_wait(query, &format!("an element matching `{css}`"))
            .await
    }

    /// Waits up to 10 s for an element matching `css` whose text contains
    /// `text`; fails the test with the page's URL and text otherwise.
    pub async fn wait_for_text(&self, css: &str, text: &str) -> WebElement {
        let query = self
            .browser()
            .query(By::Css(css))
            .with_text(StringMatch::new(text).partial());
        self.first_within_wait(
            query,
            &format!("an element matching `{css}` containing {text:?}"),
        )
        .await
    }

    /// The first element `query` finds within 10 s, or the test fails
    /// naming `what`, with what the page showed.
    async fn first_within_wait(&self, query: ElementQuery, what: &str) -> WebElement {
        match query.wait(WAIT, POLL).first().await {
            Ok(element) => element,
            Err(_) => self.fail_waiting(what).await,
        }
    }

    /// Waits up to 10 s until the texts of the elements matching `css` are
    /// exactly `expected`, in order (a list's rows after a filter, a sort, a
    /// page); fails the test with the texts last seen and the page.
    pub async fn wait_for_texts(&self, css: &str, expected: &[String]) {
        let last_seen = RefCell::new(Vec::new());
        let shown = poll(WAIT, || async {
            let texts = self.texts(css).await;
            let matches = texts == expected;
            *last_seen.borrow_mut() = texts;
            matches.then_some(())
        })
        .await;
        if shown.is_none() {
            let last_seen = last_seen.take();
            self.fail_waiting(&format!(
                "`{css}` to show exactly {expected:?} (last seen: {last_seen:?})"
            ))
            .await
        }
    }

    /// Waits until no element matches `css` (a dialog closed, a row
    /// deleted), for up to 10 s.
    pub async fn wait_until_gone(&self, css: &str) {
        eventually(&format!("no element matching `{css}`"), || async {
            (self.count(css).await == 0).then_some(())
        })
        .await
    }

    /// Waits for the element matching `css` and clicks it, finding it
    /// again if the page re-rendered it in between (a stale element).
    pub async fn click(&self, css: &str) {
        self.wait_for(css).await;
        eventually(&format!("a click on `{css}`"), || async {
            let element = self.browser().find(By::Css(css)).await.ok()?;
            element.click().await.ok()
        })
        .await
    }

    /// Waits for the element matching `css` whose text contains `text`
    /// (e.g. a button's label) and clicks it.
    pub async fn click_text(&self, css: &str, text: &str) {
        self.wait_for_text(css, text)
            .await
            .click()
            .await
            .unwrap_or_else(|error| panic!("clicking `{css}` ({text:?}): {error}"));
    }

    /// Waits for the input matching `css`, clears it and types `text`.
    pub async fn type_into(&self, css: &str, text: &str) {
        let input = self.wait_for(css).await;
        input
            .clear()
            .await
            .unwrap_or_else(|error| panic!("clearing `{css}`: {error}"));
        input
            .send_keys(text)
            .await
            .unwrap_or_else(|error| panic!("typing into `{css}`: {error}"));
    }

    /// Waits for the `<select>` matching `css` and picks the option whose
    /// value is `value`.
    pub async fn select_value(&self, css: &str, value: &str) {
        let select = self.wait_for(css).await;
        SelectElement::new(&select)
            .await
            .unwrap_or_else(|error| panic!("`{css}` as a select: {error}"))
            .select_by_value(value)
            .await
            .unwrap_or_else(|error| panic!("selecting {value:?} in `{css}`: {error}"));
    }

    /// The `value` property of the (form) element matching `css`, once it
    /// is there; fails the test if the element has none.
    pub async fn value_of(&self, css: &str) -> String {
        self.wait_for(css)
            .await
            .prop("value")
            .await
            .unwrap_or_else(|error| panic!("reading the value of `{css}`: {error}"))
            .unwrap_or_else(|| panic!("`{css}` has no value property"))
    }

    /// The text of the element matching `css`, once it is there.
    pub async fn text_of(&self, css: &str) -> String {
        self.wait_for(css)
            .await
            .text()
            .await
            .unwrap_or_else(|error| panic!("reading the text of `{css}`: {error}"))
    }

    /// Whether the element matching `css`, once it is there, is enabled.
    pub async fn is_enabled(&self, css: &str) -> bool {
        self.wait_for(css)
            .await
            .is_enabled()
            .await
            .unwrap_or_else(|error| panic!("reading whether `{css}` is enabled: {error}"))
    }

    /// The element that has the focus.
    pub async fn focused(&self) -> WebElement {
        self.browser()
            .active_element()
            .await
            .expect("reading the focused element")
    }

    /// Every element matching `css` right now, in page order (no waiting).
    pub async fn all(&self, css: &str) -> Vec<WebElement> {
        self.browser()
            .find_all(By::Css(css))
            .await
            .unwrap_or_else(|error| panic!("querying `{css}`: {error}"))
    }

    /// How many elements match `css` right now (no waiting).
    pub async fn count(&self, css: &str) -> usize {
        self.all(css).await.len()
    }

    /// The texts of the elements matching `css`, in page order; an element
    /// the console replaces while it is read is left out, as not there yet.
    pub async fn texts(&self, css: &str) -> Vec<String> {
        let elements = self.all(css).await;
        let mut texts = Vec::with_capacity(elements.len());
        for element in elements {
            if let Ok(text) = element.text().await {
                texts.push(text);
            }
        }
        texts
    }

    /// The page's console messages since the last call (chromedriver hands
    /// each one out once), e.g. to check that no token was logged.
    pub async fn console_log(&self) -> Vec<String> {
        let entries = self
            .browser()
            .browser_log()
            .await
            .expect("reading the browser console log");
        entries.into_iter().map(|entry| entry.message).collect()
    }

    /// A client of this server's API with `token`, to set up or check state
    /// behind the console's back.
    pub fn api(&self, token: &str) -> Api {
        Api::new(self.base_url(), token)
    }

    /// Fails the test with what the page showed: its URL, its text and the
    /// browser console (where a console that failed to start says why).
    async fn fail_waiting(&self, what: &str) -> ! {
        let url = self.current_url().await;
        let text = match self.browser().find(By::Tag("body")).await {
            Ok(body) => body.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        let excerpt: String = text.chars().take(1500).collect();
        let console = self.console_log().await.join("\n");
        panic!(
            "waited {WAIT:?} for {what}, in vain.\nURL: {url}\n\
             Page text:\n{excerpt}\n\
             Browser console:\n{console}"
        );
    }
}
