//! The end-to-end harness: the built console (dist/) served by
//! `sandboxd --demo`, driven in headless Chromium through chromedriver.
//!
//! Every [`E2e`] is a world of its own: a sandboxd with a fresh database on
//! a free port, its own chromedriver, its own Chromium profile. Tests can
//! therefore run concurrently; dropping the `E2e` stops all three.
//!
//! ```no_run
//! use sandbox_e2e::{tokens, E2e};
//!
//! #[tokio::test]
//! async fn admin_filters_by_owner() {
//!     let e2e = E2e::start().await;
//!     e2e.connect_as(tokens::ADMIN).await;
//!     e2e.goto("/sandboxes?owner_id=cust_4711").await;
//!     e2e.wait_for_text("table", "cust_4711").await;
//! }
//! ```
//!
//! # The console's side of the contract
//!
//! The harness relies on these, so the console keeps them stable:
//!
//! - the Connect page at `/connect` has the token input `#connect-token`,
//!   the API base URL input `#connect-base-url` (defaulting to the page's
//!   origin; the harness leaves it alone) and the button `#connect-submit`;
//! - once connected, the header shows who is calling in an element
//!   `[data-testid=whoami]`;
//! - the token is kept in sessionStorage under `sandbox-console.token`
//!   (see [`E2e::store_token`]).
//!
//! # Where the builds come from
//!
//! `cargo xtask test` builds both and sets:
//!
//! - `SANDBOXD_BIN`: the sandboxd binary (default `<workspace>/target/debug/sandboxd`);
//! - `SANDBOX_DIST`: the built console (default `<workspace>/dist`);
//! - `CHROMEDRIVER`: the driver (default `/usr/bin/chromedriver`, Debian's).

use std::cell::RefCell;
use std::future::Future;
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION};
use reqwest::{Method, StatusCode};
use sandbox_testkit::Sandboxd;
use serde::de::DeserializeOwned;
use serde_json::Value;
use tempfile::TempDir;
use thirtyfour::components::SelectElement;
use thirtyfour::extensions::query::ElementQuery;
use thirtyfour::stringmatch::StringMatch;
use thirtyfour::{prelude::*, ChromiumLikeCapabilities, LoggingPrefsLogLevel};

/// The fixed tokens `sandboxd --demo` accepts (its demo data is described
/// in crates/server/src/demo.rs).
pub mod tokens {
    /// Admin of the first account, "Acme Production" (`ada@acme.test`).
    pub const ADMIN: &str = "demo-admin";
    /// Admin of "Globex Corporation"; an external member of three Acme sandboxes.
    pub const ADMIN_2: &str = "demo-admin-2";
    /// Admin of "Initech".
    pub const ADMIN_3: &str = "demo-admin-3";
    /// Support: read-only across every account.
    pub const SUPPORT: &str = "demo-support";
    /// Viewer in "Acme Production": read-only.
    pub const VIEWER: &str = "demo-viewer";
    /// Acme's admin acting in the sandbox "scoped-demo" only: cannot create sandboxes.
    pub const SANDBOX: &str = "demo-sandbox";
}

/// The name of the demo sandbox that tries to inject HTML and script
/// (`INJECTION_NAME` in crates/server/src/demo): the console must show it as text.
pub const INJECTION_NAME: &str = r#"<img src=x onerror=alert(1)><script>alert("xss")</script>"#;

/// sandboxd's health check, outside the API (no token needed).
pub const HEALTH_PATH: &str = "/healthz";

/// Where the console keeps the session's token (sessionStorage; `TOKEN_KEY`
/// in src/session.rs).
pub const TOKEN_STORAGE_KEY: &str = "sandbox-console.token";

/// How long `wait_for` and friends wait before failing the test.
const WAIT: Duration = Duration::from_secs(10);
/// How often they look again.
const POLL: Duration = Duration::from_millis(100);
/// How long chromedriver may take to start (sandboxd's patience is the
/// launcher's, `sandbox_testkit::STARTUP`).
const STARTUP: Duration = Duration::from_secs(20);

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
    /// `&["--fail-rate", "0.3"]` or `&["--latency-ms", "200"]`. Flags the
    /// harness already passes (`--demo`, `--static`, `--bind`, `--db` and the
    /// three durations) cannot be given again.
    pub async fn start_with_server_args(server_args: &[&str]) -> Self {
        let server = start_server(server_args);
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

/// The API, called directly with one token.
pub struct Api {
    base_url: String,
    client: reqwest::Client,
}

/// One API response: status, headers and the body as JSON (`Value::Null`
/// for an empty body, a JSON string for a body that is not JSON).
#[derive(Debug)]
pub struct ApiResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

impl ApiResponse {
    /// The body decoded into a type, e.g. `sandbox_api` structs.
    pub fn json<T: DeserializeOwned>(&self) -> T {
        serde_json::from_value(self.body.clone()).unwrap_or_else(|error| {
            panic!(
                "decoding {}: {error}\nbody: {}",
                std::any::type_name::<T>(),
                self.body
            )
        })
    }

    /// The list endpoints' `X-Total-Count`.
    pub fn total_count(&self) -> u64 {
        let header = self
            .headers
            .get("x-total-count")
            .expect("an X-Total-Count header");
        header
            .to_str()
            .ok()
            .and_then(|count| count.parse().ok())
            .expect("a numeric X-Total-Count")
    }
}

impl Api {
    fn new(base_url: &str, token: &str) -> Self {
        let mut headers = HeaderMap::new();
        let bearer =
            HeaderValue::from_str(&format!("Bearer {token}")).expect("a token valid in a header");
        headers.insert(AUTHORIZATION, bearer);
        let client = reqwest::Client::builder()
            .default_headers(headers)
            .timeout(WAIT)
            .build()
            .expect("building an HTTP client");
        Api {
            base_url: base_url.to_owned(),
            client,
        }
    }

    /// The underlying client (the token is a default header), for requests
    /// the helpers do not cover, e.g. with an `Idempotency-Key`.
    pub fn client(&self) -> &reqwest::Client {
        &self.client
    }

    /// `GET path`, e.g. `/api/v1/storage/sandboxes?owner_id=cust_4711`.
    pub async fn get_json(&self, path: &str) -> ApiResponse {
        self.send(Method::GET, path, None).await
    }

    /// `GET path` of a list endpoint: the items, once the API answered
    /// 2xx with a JSON array; fails the test otherwise.
    pub async fn get_list(&self, path: &str) -> Vec<Value> {
        let response = self.get_json(path).await;
        assert!(
            response.status.is_success(),
            "GET {path}: {} {}",
            response.status,
            response.body
        );
        response.json()
    }

    /// `POST path` with a JSON body.
    pub async fn post_json(&self, path: &str, body: &Value) -> ApiResponse {
        self.send(Method::POST, path, Some(body)).await
    }

    /// `DELETE path`, with a JSON body where the endpoint takes one.
    pub async fn delete_json(&self, path: &str, body: Option<&Value>) -> ApiResponse {
        self.send(Method::DELETE, path, body).await
    }

    async fn send(&self, method: Method, path: &str, body: Option<&Value>) -> ApiResponse {
        let url = format!("{}{path}", self.base_url);
        let mut request = self.client.request(method.clone(), &url);
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request
            .send()
            .await
            .unwrap_or_else(|error| panic!("{method} {url}: {error}"));
        let status = response.status();
        let headers = response.headers().clone();
        let text = response
            .text()
            .await
            .unwrap_or_else(|error| panic!("{method} {url}: reading the body: {error}"));
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        ApiResponse {
            status,
            headers,
            body,
        }
    }
}

/// Polls `check` every 100 ms until it gives `Some`, for up to 10 s, then
/// fails the test naming `what`: for conditions no single element states,
/// such as a URL, a set of rows or a count through the API.
pub async fn eventually<T, F, Fut>(what: &str, check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    eventually_within(WAIT, what, check).await
}

/// [`eventually`] with another patience than 10 s, e.g. for state
/// transitions that take several server steps.
pub async fn eventually_within<T, F, Fut>(patience: Duration, what: &str, check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    poll(patience, check)
        .await
        .unwrap_or_else(|| panic!("waited {patience:?} for {what}, in vain"))
}

/// Calls `check` every 100 ms until it gives `Some`, for up to `patience`;
/// `None` if it never did.
async fn poll<T, F, Fut>(patience: Duration, mut check: F) -> Option<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = Instant::now() + patience;
    loop {
        if let Some(value) = check().await {
            return Some(value);
        }
        if Instant::now() >= deadline {
            return None;
        }
        tokio::time::sleep(POLL).await;
    }
}

/// The repository root, for the default locations of the builds.
fn workspace_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("crates/e2e lies two levels down")
}

fn path_from_env(variable: &str, default: impl FnOnce() -> PathBuf) -> PathBuf {
    std::env::var_os(variable).map_or_else(default, PathBuf::from)
}

/// `sandboxd --demo` serving the built console, with short state
/// transitions (provisioning 300 ms, seeding 600 ms, refresh 500 ms) and
/// `extra_args`, on a free port with a fresh database.
fn start_server(extra_args: &[&str]) -> Sandboxd {
    let binary = path_from_env("SANDBOXD_BIN", || {
        workspace_root().join("target/debug/sandboxd")
    });
    assert!(
        binary.exists(),
        "no sandboxd at {}: build it first: run `cargo xtask test` (or set SANDBOXD_BIN)",
        binary.display()
    );
    let dist = path_from_env("SANDBOX_DIST", || workspace_root().join("dist"));
    assert!(
        dist.join("index.html").exists(),
        "no built console at {} (index.html missing): build it first: run `cargo xtask test` (or set SANDBOX_DIST)",
        dist.display()
    );
    let dist = dist
        .to_str()
        .unwrap_or_else(|| panic!("the console's path {} is not UTF-8", dist.display()));
    let harness_args = [
        "--demo",
        "--static",
        dist,
        "--provision-ms",
        "300",
        "--seed-ms",
        "600",
        "--refresh-ms",
        "500",
    ];
    Sandboxd::start(&binary, &[&harness_args, extra_args].concat(), &[])
}

/// chromedriver on a free port, in a process group of its own so that
/// dropping it also ends any Chromium it started.
struct ChromeDriver {
    process: Child,
    url: String,
}

impl ChromeDriver {
    async fn start() -> Self {
        let binary = path_from_env("CHROMEDRIVER", || "/usr/bin/chromedriver".into());
        assert!(
            binary.exists(),
            "no chromedriver at {}: run `cargo xtask test` (installs Debian's chromium-driver) or set CHROMEDRIVER",
            binary.display()
        );
        // The free port may be taken by a concurrent test before chromedriver
        // binds it; another port then does.
        let mut failures = Vec::new();
        for _attempt in 0..3 {
            let port = free_port();
            let process = Command::new(&binary)
                .arg(format!("--port={port}"))
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .process_group(0)
                .spawn()
                .unwrap_or_else(|error| panic!("starting {}: {error}", binary.display()));
            let mut driver = ChromeDriver {
                process,
                url: format!("http://127.0.0.1:{port}"),
            };
            match driver.wait_until_ready().await {
                Ok(()) => return driver,
                Err(failure) => failures.push(format!("port {port}: {failure}")),
            }
        }
        panic!(
            "{} did not become ready on three ports:\n{}",
            binary.display(),
            failures.join("\n")
        );
    }

    /// Waits for `/status` to answer while the process lives; says why not
    /// if it exits or stays silent for the start-up time.
    async fn wait_until_ready(&mut self) -> Result<(), String> {
        let client = reqwest::Client::new();
        let status_url = format!("{}/status", self.url);
        let deadline = Instant::now() + STARTUP;
        while Instant::now() < deadline {
            match self.process.try_wait() {
                Ok(None) => {}
                Ok(Some(status)) => return Err(format!("it exited ({status})")),
                Err(error) => return Err(format!("its state is unknown: {error}")),
            }
            if client
                .get(&status_url)
                .send()
                .await
                .is_ok_and(|response| response.status().is_success())
            {
                return Ok(());
            }
            tokio::time::sleep(POLL).await;
        }
        Err(format!("{status_url} did not answer within {STARTUP:?}"))
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        let group = -(self.process.id() as libc::pid_t);
        // SAFETY: kill(2) with a negative pid signals that process group, which
        // is chromedriver's own (process_group(0) above); no memory is involved.
        unsafe { libc::kill(group, libc::SIGKILL) };
        let _ = self.process.wait();
    }
}

/// A port nobody listens on right now.
fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("binding a free port");
    listener.local_addr().expect("a bound address").port()
}
