//! Code run in the page (WebDriver's execute, outside the page's
//! Content-Security-Policy) and DevTools commands for what WebDriver
//! cannot do: scripts before the page's own, emulated media.

use serde_json::{json, Value};

use crate::E2e;

impl E2e {
    /// Runs `script` (a function body: `return …`; a returned promise is
    /// awaited) with `args` as `arguments`; its value as JSON.
    pub async fn run_script(&self, script: &str, args: Vec<Value>) -> Value {
        self.browser()
            .execute(script, args)
            .await
            .unwrap_or_else(|error| panic!("running a script in the page: {error}\n{script}"))
            .json()
            .clone()
    }

    /// Sends the DevTools command `method` (e.g. `Emulation.setEmulatedMedia`);
    /// its result.
    pub async fn devtools(&self, method: &str, params: Value) -> Value {
        self.browser()
            .cdp()
            .send_raw(method, params)
            .await
            .unwrap_or_else(|error| panic!("DevTools {method}: {error}"))
    }

    /// Runs `script` in every document loaded from now on, before the
    /// page's own scripts (and, injected by DevTools, outside its policy).
    pub async fn on_every_document(&self, script: &str) {
        self.devtools(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": script }),
        )
        .await;
    }
}
