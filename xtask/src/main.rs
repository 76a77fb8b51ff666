//! `cargo xtask <command>`: the project's automation, in Rust so it needs
//! nothing but cargo. Every command lives in its own module; add one by
//! writing the module and a line in `main`'s dispatch.

mod bench;
mod build;
mod cmd;
mod dev;
mod postgres;
mod test;
mod tools;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  dev [--bind ADDR]   install missing tools, build the console, serve it with
                      `sandboxd --demo` on ADDR (default 127.0.0.1:8080)
  test                install missing tools, run every test suite, end with
                      `N passed, M failed`
  bench               build the release console, measure it against the
                      performance budgets, write docs/benchmarks.md";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let outcome = match args.as_slice() {
        ["dev", rest @ ..] => dev::run(rest),
        ["test"] => test::run(),
        ["bench", rest @ ..] => bench::run(rest),
        ["help" | "--help" | "-h"] => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        _ => {
            eprintln!("{USAGE}");
            Ok(ExitCode::from(2))
        }
    };
    outcome.unwrap_or_else(|error| {
        eprintln!("[xtask] error: {error:#}");
        ExitCode::FAILURE
    })
}
