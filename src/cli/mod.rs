//! The `crosscheck` command line.

mod args;
mod bench;
mod bisect;
mod engines;
mod export;
mod findings;
mod fuzz;
mod reduce;
mod replay;
mod report;
mod wast;

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
    /// Exits 0 when every divergence was a known bug (or none was found), 1 on a new finding, 2 on
    /// bad input or a finding that cannot be written, 130 when stopped by SIGINT or SIGTERM.
    ///
    /// Stopping: the first SIGINT (Ctrl-C) or SIGTERM stops generating and gives the modules in
    /// flight 5 s to finish (then abandons them, uncompared); the campaign then prints its
    /// summary, writes --stats and exits 130, or 1 when it recorded a new finding. A second
    /// signal stops at once. A finding that cannot be written (a full disk, no permission) stops
    /// the campaign the same way, with one error line naming the finding and the file, exit 2. A
    /// worker killed from outside (SIGKILL, SIGTERM, SIGINT, SIGHUP) whose modules run again
    /// without dying is counted in the summary and --stats, not recorded as a crash.
    Fuzz(fuzz::FuzzArgs),
    /// Re-run a finding directory (or a bare `.wasm` with a generated plan) on every engine and
    /// print the outcomes side by side. Exits 1 when the engines diverge.
    Replay(replay::ReplayArgs),
    /// Minimize a finding: the module with wasm-shrink, then the call plan, keeping the finding's
    /// signature. Writes reduced.wasm, reduced.wat, reduced-plan.json, reduced-outcomes.json and
    /// reduction.json beside the originals. On SIGINT or SIGTERM writes the smallest reproducer
    /// so far and exits 130.
    Reduce(reduce::ReduceArgs),
    /// Write a finding's reproducer (the reduced one when there is one) as a test for engine
    /// developers: a `.wast` script or a standalone Rust test against the wasmtime API, asserting
    /// what the right engines (the majority, or the wasmi oracle on a tie) did; or as a Markdown
    /// bug report with one-line reproductions on wasmtime's and wasmi's own CLIs.
    Export(export::ExportArgs),
    /// List the findings of a directory: class, engines, count, first and last seen, original and
    /// reduced size, and the known bug a finding is; then the known bugs seen (DIR/known/).
    /// Exits 2 when a finding directory is corrupt (after listing the others). With
    /// --stale-known, replays the reproducers of every known bug instead and exits 1 when an
    /// entry's reproducers no longer diverge as it says.
    Findings(findings::FindingsArgs),
    /// Run WebAssembly scripts (`.wast`) on every engine; with no files, the official spec suite.
    /// Exits 0 when every result matches the expectations file, 1 on an unexpected failure or pass,
    /// 130 when SIGINT or SIGTERM stopped it (the results so far are printed).
    Wast(wast::WastArgs),
    /// Write the report of a run of campaigns: report.md, report.json, throughput.svg and
    /// findings.svg. Exits 1 when a finding is new: in no directory of the regression corpus (by
    /// signature) and matched by no known bug.
    Report(report::ReportArgs),
    /// List the engines available here, their versions and the proposals each supports, then the
    /// engines of the other builds in the worker cache (`scripts/build-worker.sh`).
    Engines(engines::EnginesArgs),
    /// Run a fixed, seeded workload (the same modules every time) on each engine set and print
    /// modules/s and the split of wall time: generation, compilation, instantiation, calls,
    /// teardown, worker transport, comparison, and the harness's own share; then, per set, how
    /// long generating a module alone takes against the engines' phases of one module. On
    /// SIGINT or SIGTERM prints the figures of the modules run so far and exits 130.
    Bench(bench::BenchArgs),
    /// Find the first Wasmtime release (or commit of a checkout) that reproduces a finding: its
    /// module replays with the Wasmtime engines of each build tried (workers built by
    /// scripts/build-worker.sh when missing), by binary search. Exits 1 when the newest build
    /// of the range does not reproduce it.
    Bisect(bisect::BisectArgs),
    /// Serve the worker protocol on stdin/stdout (started by the harness, not by users).
    #[command(hide = true)]
    Worker,
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
            Command::Fuzz(args) => args.run(),
            Command::Replay(args) => args.run(),
            Command::Reduce(args) => args.run(),
            Command::Export(args) => args.run(),
            Command::Findings(args) => args.run(),
            Command::Wast(args) => args.run(),
            Command::Report(args) => args.run(),
            Command::Engines(args) => args.run(),
            Command::Bench(args) => args.run(),
            Command::Bisect(args) => args.run(),
            Command::Worker => {
                crosscheck_oracles::worker::serve_stdio()?;
                Ok(ExitCode::SUCCESS)
            }
        }
    }
}

/// Exit status for "ran, and the engines diverged".
pub const EXIT_DIVERGENCE: u8 = 1;
/// Exit status for bad input or an I/O failure.
pub const EXIT_ERROR: u8 = 2;

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::Cli;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
