//! The launcher fails loudly, with what the process wrote, when the binary
//! is not a sandboxd that starts: shell scripts stand in for a broken one.

use std::os::unix::fs::PermissionsExt;
use std::panic;
use std::path::PathBuf;

use sandbox_testkit::Sandboxd;
use tempfile::TempDir;

/// An executable script with `body` in a directory that lives as long as the result.
fn script(body: &str) -> (TempDir, PathBuf) {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("fake-sandboxd");
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    (dir, path)
}

/// The panic message of starting `binary`.
fn start_failure(binary: &std::path::Path) -> String {
    let payload = panic::catch_unwind(|| Sandboxd::start(binary, &[], &[]))
        .err()
        .expect("the start fails");
    match payload.downcast::<String>() {
        Ok(message) => *message,
        Err(_) => panic!("a panic without a message"),
    }
}

#[test]
fn a_server_that_exits_at_once_is_reported_with_its_stderr() {
    let (_dir, binary) = script("echo 'no such flag: --bind' >&2\nexit 3");
    let message = start_failure(&binary);
    assert!(message.contains("exited (exit status: 3)"), "{message}");
    assert!(message.contains("no such flag: --bind"), "{message}");
}

#[test]
fn a_first_line_that_is_not_the_listening_line_is_reported_with_the_output() {
    // stderr first: the launcher stops the server as soon as the first
    // stdout line arrives, and what is already in the pipe is still read.
    let (_dir, binary) = script("echo 'still migrating' >&2\necho 'starting up'\nexec sleep 30");
    let message = start_failure(&binary);
    assert!(
        message.contains(r#"printed "starting up" first"#),
        "{message}"
    );
    assert!(message.contains("still migrating"), "{message}");
}

#[test]
fn the_listening_line_gives_the_base_url_and_stdout_is_kept() {
    let (_dir, binary) =
        script("echo 'sandboxd listening on http://127.0.0.1:4242/'\necho ready\nexec sleep 30");
    let server = Sandboxd::start(&binary, &[], &[]);
    assert_eq!(server.base_url(), "http://127.0.0.1:4242");
    server.wait_for_stdout("ready", std::time::Duration::from_secs(5));
    assert!(server.db().ends_with("sandboxes.db"));
}
