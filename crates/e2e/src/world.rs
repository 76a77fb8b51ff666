//! One world of a test: sandboxd, chromedriver and a Chromium session, started together
//! and ended together.

use serde_json::Value;
use tempfile::TempDir;
use thirtyfour::{prelude::*, ChromiumLikeCapabilities, LoggingPrefsLogLevel};

use sandbox_testkit::Sandboxd;

use crate::processes::{start_server, ChromeDriver, Demo};
use crate::{eventually, TOKEN_STORAGE_KEY};

/// Headless Chromium as root in a container: no sandbox, no GPU, no
/// /dev/shm, and nothing that reaches out to the network on its own.
const CHROMIUM_ARGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1280,900",
];

/// One running console + API + browser; dropping it ends all three.
pub struct E2e {
    /// Always present; taken only on drop.
    browser: Option<WebDriver>,
    _chromedriver: ChromeDriver,
    server: Sandboxd,
    _browser_profile: TempDir,
}

impl E2e {
    /// Starts sandboxd with the demo data and short state transitions
    /// (provisioning 300 ms, seeding 600 ms, refresh 500 ms), then a browser.
    pub async fn start() -> Self {
        Self::start_with_server_args(&[]).await
    }

    /// Like [`E2e::start`], with more sandboxd flags, e.g.
    /// `&["--fail-rate", "0.3"]` or `&["--latency-ms", "200"]`; one of the
    /// three durations (`--refresh-ms 6000`) replaces the harness's. The
    /// other flags the harness passes (`--demo`, `--demo-quiet`,
    /// `--static`, `--bind`, `--db`) cannot be given again.
    pub async fn start_with_server_args(server_args: &[&str]) -> Self {
        Self::start_world(Demo::Quiet, server_args).await
    }

    /// Like [`E2e::start`], but sandboxd runs no demo: an empty database,
    /// no demo tokens, `GET /api/v1/demo` 404.
    pub async fn start_without_demo() -> Self {
        Self::start_world(Demo::Off, &[]).await
    }

    async fn start_world(demo: Demo, server_args: &[&str]) -> Self {
        let server = start_server(demo, server_args);
        let chromedriver = ChromeDriver::start().await;
        let browser_profile = TempDir::new().expect("creating a Chromium profile directory");

        let mut capabilities = DesiredCapabilities::chrome();
        for arg in CHROMIUM_ARGS {
            capabilities
                .add_arg(arg)
                .expect("a valid Chromium argument");
        }
        capabilities
            .add_arg(&format!(
                "--user-data-dir={}",
                browser_profile.path().display()
            ))
            .expect("a valid Chromium argument");
        // Lets tests read the page's console (see `E2e::console_log`).
        capabilities
            .set_browser_log_level(LoggingPrefsLogLevel::All)
            .expect("a valid logging preference");
        let browser = WebDriver::new(chromedriver.url.as_str(), capabilities)
            .await
            .unwrap_or_else(|error| {
                panic!(
                    "starting headless Chromium through {}: {error}",
                    chromedriver.url
                )
            });

        E2e {
            browser: Some(browser),
            _chromedriver: chromedriver,
            server,
            _browser_profile: browser_profile,
        }
    }

    /// The console's origin, also the API's: `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> &str {
        self.server.base_url()
    }

    /// The thirtyfour session, for anything the helpers below do not cover.
    pub fn browser(&self) -> &WebDriver {
        self.browser.as_ref().expect("the browser lives until drop")
    }

    /// Everything sandboxd wrote to stdout and stderr so far, e.g. to check
    /// that no secret or token was logged.
    pub fn server_log(&self) -> String {
        self.server.output()
    }

    /// Opens a path of the console, e.g. `/sandboxes?owner_id=cust_4711`.
    pub async fn goto(&self, path: &str) {
        let url = format!("{}{path}", self.base_url());
        self.browser()
            .goto(&url)
            .await
            .unwrap_or_else(|error| panic!("opening {url}: {error}"));
    }

    /// The browser's current URL, in full.
    pub async fn current_url(&self) -> String {
        self.browser()
            .current_url()
            .await
            .expect("reading the current URL")
            .to_string()
    }

    /// Connects on `/connect` with `token`, the API base URL left at its
    /// default, and waits until the header shows who is calling; returns
    /// that `[data-testid=whoami]` element.
    pub async fn connect_as(&self, token: &str) -> WebElement {
        self.goto("/connect").await;
        self.type_into("#connect-token", token).await;
        self.click("#connect-submit").await;
        self.wait_for("[data-testid=whoami]").await
    }

    /// Stores `token` as the session's token without the Connect page (the
    /// console reads it on its next load): to connect while `/me` cannot be
    /// relied on, or to stand for a token revoked mid-session.
    pub async fn store_token(&self, token: &str) {
        self.browser()
            .execute(
                "sessionStorage.setItem(arguments[0], arguments[1]);",
                vec![Value::from(TOKEN_STORAGE_KEY), Value::from(token)],
            )
            .await
            .unwrap_or_else(|error| panic!("storing the token {token:?}: {error}"));
    }

    /// Waits up to 10 s for the URL to contain `part`; returns the URL.
    pub async fn wait_for_url(&self, part: &str) -> String {
        eventually(&format!("a URL containing {part:?}"), || async {
            let url = self.current_url().await;
            url.contains(part).then_some(url)
        })
        .await
    }
}

impl Drop for E2e {
    fn drop(&mut self) {
        // Chromium goes down with chromedriver's process group (the next
        // field), so the session needs no DELETE. Left to itself, thirtyfour
        // would send one from a blocking drop on a connection pooled in this
        // very runtime, and hang for its 120 s request timeout.
        if let Some(browser) = self.browser.take() {
            let _ = browser.leak();
        }
    }
}
