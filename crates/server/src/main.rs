//! `sandboxd`: parses the command line and hands over to the library.

use std::process::ExitCode;

use clap::Parser;
use sandboxd::{Cli, Command, TokenCommand};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    // Logs go to stderr: stdout carries the listening line and tokens that tools parse.
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let result = match &cli.command {
        None => sandboxd::serve(cli.config).await,
        Some(Command::Token(TokenCommand::Create(request))) => {
            sandboxd::create_token(&cli.config, request)
                .await
                .map(|token| println!("{token}"))
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("sandboxd: {error}");
            ExitCode::FAILURE
        }
    }
}
