//! The `crosscheck` command.

use std::process::ExitCode;

use clap::Parser;
use crosscheck::cli::{Cli, EXIT_ERROR};

fn main() -> ExitCode {
    // Die quietly on a closed pipe (`crosscheck replay DIR | head`), like other command-line tools,
    // instead of panicking in `println!`.
    // SAFETY: sets a signal disposition at start-up, before any other thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    match Cli::parse().run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {}", format!("{e:#}").replace('\n', " "));
            ExitCode::from(EXIT_ERROR)
        }
    }
}
