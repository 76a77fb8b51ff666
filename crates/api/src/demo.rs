//! The demo's contract (v1.1): the fixed tokens `sandboxd --demo` accepts
//! and the one sandbox name every view must show as text. The server seeds
//! with these, and its tests and the end-to-end harness log in with them, so
//! a renamed token is a compile error rather than a 401 in a test.

/// The fixed bearer tokens of the demo identities (their accounts and
/// sandboxes are described in crates/server/src/demo/mod.rs).
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

    /// Every demo token, in the order `GET /api/v1/demo` lists them.
    pub const ALL: &[&str] = &[ADMIN, VIEWER, SUPPORT, SANDBOX, ADMIN_2, ADMIN_3];
}

/// The name of the demo sandbox that tries to inject HTML and script: every
/// view must show it as text.
pub const INJECTION_NAME: &str = r#"<img src=x onerror=alert(1)><script>alert("xss")</script>"#;
