//! Runs the real `sandboxd` binary (through `sandbox_testkit`, the launcher
//! the browser tests use too) on 127.0.0.1:0 and talks to it over HTTP.

use std::path::Path;
use std::time::{Duration, Instant};

use reqwest::header::HeaderMap;
use reqwest::Method;
use sandbox_api::demo::tokens;
use sandbox_api::SANDBOXES_PATH;
use sandbox_testkit::Sandboxd;
use serde_json::Value;
use tempfile::TempDir;

/// Short transitions keep the suite fast.
pub const FAST: &[&str] = &[
    "--provision-ms",
    "50",
    "--seed-ms",
    "50",
    "--refresh-ms",
    "50",
];

/// A sandboxd started by the shared launcher, and a client to call it.
pub struct Server {
    sandboxd: Sandboxd,
    pub base: String,
    client: reqwest::Client,
}

pub struct Response {
    pub status: u16,
    pub headers: HeaderMap,
    pub text: String,
    /// `Value::Null` if the body is not JSON.
    pub json: Value,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// The `detail` of an error body.
    pub fn detail(&self) -> &Value {
        &self.json["detail"]
    }

    /// Asserts an error answer in the contract's `{"detail": "…"}` shape.
    #[track_caller]
    pub fn assert_error(&self, status: u16, detail: &str) {
        assert_eq!(
            (self.status, self.detail().as_str()),
            (status, Some(detail)),
            "body: {}",
            self.text
        );
    }

    /// The string `field` of each item of a JSON array body, as the names
    /// of a list page or the actions of an event page.
    #[track_caller]
    pub fn strings(&self, field: &str) -> Vec<&str> {
        self.json
            .as_array()
            .unwrap_or_else(|| panic!("not a JSON array: {}", self.text))
            .iter()
            .map(|item| {
                item[field]
                    .as_str()
                    .unwrap_or_else(|| panic!("{field} is not a string: {item}"))
            })
            .collect()
    }

    /// `loc` of each 422 entry, as `body.users.1.email`.
    pub fn locs(&self) -> Vec<String> {
        self.json["detail"]
            .as_array()
            .unwrap_or_else(|| panic!("not a validation error: {}", self.text))
            .iter()
            .map(|e| {
                e["loc"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| p.as_str().map(String::from).unwrap_or(p.to_string()))
                    .collect::<Vec<_>>()
                    .join(".")
            })
            .collect()
    }
}

/// Whether the servers run on PostgreSQL (the second run of `cargo xtask
/// test`), where a test of SQLite files does not apply: it then says why
/// it skips. The multi-process tests (`postgres/`) skip the other way.
pub fn skipped_on_postgres(why: &str) -> bool {
    let on_postgres = sandbox_testkit::postgres_server_url().is_some();
    if on_postgres {
        eprintln!("skipped on PostgreSQL: {why}");
    }
    on_postgres
}

impl Server {
    /// The demo organisation with fast transitions, in a temporary database.
    pub fn demo() -> Server {
        Server::new(Sandboxd::start(
            Path::new(env!("CARGO_BIN_EXE_sandboxd")),
            &quiet(&[&["--demo"], FAST].concat()),
            &[],
        ))
    }

    /// Starts the binary with `args` and the database at `db` on a free
    /// port; fails the test with its output if it does not start.
    pub fn spawn(db: &Path, args: &[&str], env: &[(&str, &str)]) -> Server {
        Server::new(Sandboxd::start_with_db(
            Path::new(env!("CARGO_BIN_EXE_sandboxd")),
            db,
            &quiet(args),
            env,
        ))
    }

    fn new(sandboxd: Sandboxd) -> Server {
        Server {
            base: sandboxd.base_url().to_owned(),
            sandboxd,
            client: reqwest::Client::new(),
        }
    }

    /// Everything the server wrote to stderr: its logs.
    pub fn logs(&self) -> String {
        self.sandboxd.stderr()
    }

    /// Everything its database holds, as bytes to search (SQLite's file
    /// and WAL, or a dump of its PostgreSQL database).
    pub fn stored_data(&self) -> Vec<u8> {
        self.sandboxd.stored_data()
    }

    /// Waits up to two seconds until the logs satisfy `found` and returns
    /// them; fails the test, saying it waited for `what`, otherwise.
    pub fn wait_for_logs(&self, what: &str, found: impl Fn(&str) -> bool) -> String {
        self.sandboxd
            .wait_for_stderr(found, Duration::from_secs(2), what);
        self.logs()
    }

    /// Waits up to two seconds for `needle` on stdout; fails the test otherwise.
    pub fn wait_for_stdout(&self, needle: &str) {
        self.sandboxd
            .wait_for_stdout(needle, Duration::from_secs(2));
    }

    /// Kills the process at once (like a crash), keeping the database.
    pub fn kill(self) -> Option<TempDir> {
        self.sandboxd.kill()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn request(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
    ) -> reqwest::RequestBuilder {
        let request = self.client.request(method, self.url(path));
        match token {
            Some(token) => request.bearer_auth(token),
            None => request,
        }
    }

    pub async fn send(&self, request: reqwest::RequestBuilder) -> Response {
        let response = request.send().await.expect("request failed");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.unwrap();
        let json = serde_json::from_str(&text).unwrap_or(Value::Null);
        Response {
            status,
            headers,
            text,
            json,
        }
    }

    pub async fn get(&self, path: &str, token: &str) -> Response {
        self.send(self.request(Method::GET, path, Some(token)))
            .await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> Response {
        self.send(self.request(Method::POST, path, Some(token)).json(&body))
            .await
    }

    pub async fn patch(&self, path: &str, token: &str, body: Value) -> Response {
        self.send(self.request(Method::PATCH, path, Some(token)).json(&body))
            .await
    }

    pub async fn post_empty(&self, path: &str, token: &str) -> Response {
        self.send(self.request(Method::POST, path, Some(token)))
            .await
    }

    pub async fn delete(&self, path: &str, token: &str) -> Response {
        self.send(self.request(Method::DELETE, path, Some(token)))
            .await
    }

    pub async fn delete_json(&self, path: &str, token: &str, body: Value) -> Response {
        self.send(self.request(Method::DELETE, path, Some(token)).json(&body))
            .await
    }

    /// The sandbox `name` of `owner_id`, as `token` sees it in the list.
    pub async fn find(&self, token: &str, owner_id: &str, name: &str) -> Value {
        let list = self
            .get(
                &format!("{SANDBOXES_PATH}?owner_id={owner_id}&limit=200"),
                token,
            )
            .await;
        list.json
            .as_array()
            .unwrap_or_else(|| panic!("list failed: {}", list.text))
            .iter()
            .find(|s| s["name"] == name)
            .unwrap_or_else(|| panic!("no sandbox {name} of {owner_id}"))
            .clone()
    }

    /// The id of demo sandbox `e2e-NN` (owner `cust_e2e`).
    pub async fn e2e(&self, n: u32) -> String {
        id(&self
            .find(tokens::ADMIN, "cust_e2e", &format!("e2e-{n:02}"))
            .await)
    }

    /// Polls until no sandbox is provisioning, seeding or refreshing (or
    /// fails after 10 s): the demo's operations in transit have finished.
    pub async fn wait_until_settled(&self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        for status in ["provisioning", "seeding", "refreshing"] {
            let in_transit = format!("{SANDBOXES_PATH}?status={status}&limit=1");
            while self
                .get(&in_transit, tokens::SUPPORT)
                .await
                .header("x-total-count")
                != Some("0")
            {
                assert!(Instant::now() < deadline, "sandboxes still {status}");
                tokio::time::sleep(Duration::from_millis(25)).await;
            }
        }
    }

    /// Polls the sandbox until its status is `status` (or fails after 10 s).
    pub async fn wait_for_status(&self, sandbox_id: &str, status: &str) -> Value {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let sandbox = self
                .get(&format!("{SANDBOXES_PATH}/{sandbox_id}"), tokens::ADMIN)
                .await
                .json;
            if sandbox["status"] == status {
                return sandbox;
            }
            assert!(
                Instant::now() < deadline,
                "{sandbox_id} never became {status}: {sandbox}"
            );
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }
}

/// `args`, with `--demo-quiet` for a demo that does not set the
/// colleague's pace: only the colleague's own tests want her changes.
fn quiet<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut args = args.to_vec();
    if args.contains(&"--demo") && !args.contains(&"--demo-colleague-ms") {
        args.push("--demo-quiet");
    }
    args
}

pub fn id(sandbox: &Value) -> String {
    sandbox["sandbox_id"]
        .as_str()
        .unwrap_or_else(|| panic!("no sandbox_id in {sandbox}"))
        .to_string()
}
