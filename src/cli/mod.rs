//! The `crosscheck` command line.

mod engines;
mod fuzz;
mod replay;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand};

/// crosscheck: differential testing and fuzzing of WebAssembly engines.
#[derive(Debug, Parser)]
#[command(name = "crosscheck", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run a differential campaign: random modules on every engine, divergences recorded.
    /// Exits 0 when no divergence was found and 1 when one was.
    Fuzz {
        /// Comma-separated engines; a bare `cranelift-<arch>` runs one opt-level variant per module.
        #[arg(long, default_value_t = crate::engines::default_list())]
        engines: String,
        /// Stop after this many seconds.
        #[arg(long, default_value_t = 60)]
        duration: u64,
        /// Stop after this many modules (in addition to --duration).
        #[arg(long)]
        modules: Option<u64>,
        /// The campaign seed: the same seed gives the same modules and plans.
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// The finding directory.
        #[arg(long, default_value = "findings")]
        out: PathBuf,
    },
    /// Re-run a finding directory (or a bare `.wasm` with a generated plan) on every engine and
    /// print the outcomes side by side. Exits 1 when the engines diverge.
    Replay {
        /// A finding directory or a `.wasm` file.
        input: PathBuf,
        /// Comma-separated engines; default: the finding's engines (all variants for a `.wasm`).
        #[arg(long)]
        engines: Option<String>,
    },
    /// List the engines available here, their versions and the proposals each supports.
    Engines,
}

impl Cli {
    /// Runs the command.
    ///
    /// # Errors
    ///
    /// Bad input (an unknown engine, a missing or corrupt file, an unwritable directory) and I/O
    /// failures, each as one message.
    pub fn run(self) -> Result<ExitCode> {
        match self.command {
            Command::Fuzz {
                engines,
                duration,
                modules,
                seed,
                out,
            } => fuzz::run(&engines, duration, modules, seed, &out),
            Command::Replay { input, engines } => replay::run(&input, engines.as_deref()),
            Command::Engines => engines::run(),
        }
    }
}

/// Exit status for "ran, and the engines diverged".
pub const EXIT_DIVERGENCE: u8 = 1;
/// Exit status for bad input or an I/O failure.
pub const EXIT_ERROR: u8 = 2;
