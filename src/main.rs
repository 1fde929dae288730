//! The `crosscheck` command.

use std::process::ExitCode;

use clap::Parser;
use crosscheck::cli::{Cli, EXIT_ERROR};

fn main() -> ExitCode {
    match Cli::parse().run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {}", format!("{e:#}").replace('\n', " "));
            ExitCode::from(EXIT_ERROR)
        }
    }
}
