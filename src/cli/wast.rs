//! `crosscheck wast`: run `.wast` scripts (by default the official spec suite) on every engine and
//! report, per engine and per file, how many commands passed.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use crosscheck_oracles::Engine;

use super::args::IsolationArgs;
use crate::engines::{EngineSet, Isolation};
use crate::wast::expectations::{self, Expectations};
use crate::wast::{FileRun, Script, run_engine, suite};

/// The arguments of `crosscheck wast`.
#[derive(Debug, clap::Args)]
pub struct WastArgs {
    /// `.wast` files; default: the spec suite (wasm-v3 and the proposals crosscheck knows).
    files: Vec<PathBuf>,
    /// Comma-separated engines; every concrete engine of each name runs every script.
    #[arg(long, default_value_t = crate::engines::default_list())]
    engines: String,
    /// Known failures (TOML); default for the spec suite: corpora/spec/expectations.toml.
    #[arg(long)]
    expectations: Option<PathBuf>,
    /// Print a line per engine and file, and every failure.
    #[arg(long)]
    verbose: bool,
    #[command(flatten)]
    isolation: IsolationArgs,
}

impl WastArgs {
    /// Runs the scripts: exit 0 when every result matches the expectations, 1 otherwise; on
    /// SIGINT or SIGTERM the scripts not run yet are skipped and the exit is
    /// [`crate::stop::EXIT_STOPPED`] unless a result was unexpected.
    ///
    /// # Errors
    ///
    /// An unreadable script or expectations file, an engine that is unknown or unavailable, or
    /// signal handlers that cannot be installed.
    pub fn run(self) -> Result<ExitCode> {
        crate::stop::install()?;
        run_scripts(
            &self.files,
            &self.engines,
            self.expectations.as_deref(),
            self.verbose,
            &self.isolation.isolation()?,
        )
    }
}

/// Runs `files` (or the spec suite when empty) on every concrete engine of `engines`. Exit 0 when
/// every result matches the expectations, 1 on an unexpected failure or pass.
fn run_scripts(
    files: &[PathBuf],
    engines: &str,
    expectations_path: Option<&Path>,
    verbose: bool,
    isolation: &Isolation,
) -> Result<ExitCode> {
    let expected = match expectations_path {
        Some(path) => {
            let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
            Expectations::parse(&text, &path.display().to_string())?
        }
        None if files.is_empty() => Expectations::parse(expectations::SPEC, "corpora/spec/expectations.toml")?,
        None => Expectations::default(),
    };
    let scripts = load(files)?;
    let set = EngineSet::from_list(engines, isolation)?;
    let all: Vec<&dyn Engine> = set.engines().collect();
    let runs: Vec<Vec<FileRun>> = std::thread::scope(|scope| {
        let handles: Vec<_> = all
            .iter()
            .map(|engine| {
                let (scripts, expected) = (&scripts, &expected);
                scope.spawn(move || run_engine(*engine, scripts, expected))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Vec::new()))
            .collect()
    });
    print_table(&all, &runs);
    let mut surprises = 0;
    for (engine, runs) in all.iter().zip(&runs) {
        for (script, run) in scripts.iter().zip(runs) {
            surprises += run.surprises.len();
            for s in &run.surprises {
                println!("UNEXPECTED {}:{} [{}] {}", script.name, s.line, engine.name(), s.detail);
            }
            if verbose {
                print_file(engine.name(), &script.name, run);
            }
        }
    }
    let stopped = runs
        .iter()
        .flatten()
        .filter(|r| r.skipped.as_deref() == Some(crate::wast::STOPPED))
        .count();
    if stopped > 0 {
        println!("\nstopped by a signal: {stopped} runs of a script on an engine not done or not judged");
    }
    if surprises > 0 {
        println!("\n{surprises} unexpected result(s)");
        return Ok(ExitCode::from(super::EXIT_DIVERGENCE));
    }
    if crate::stop::requested() {
        return Ok(ExitCode::from(crate::stop::EXIT_STOPPED));
    }
    println!("\nall results match the expectations");
    Ok(ExitCode::SUCCESS)
}

/// The scripts of `files`, or of the spec suite when `files` is empty.
fn load(files: &[PathBuf]) -> Result<Vec<Script>> {
    if files.is_empty() {
        return suite::files()
            .iter()
            .map(|f| Script::new(&f.name, f.text, f.proposal))
            .collect();
    }
    files
        .iter()
        .map(|path| {
            let name = path.display().to_string();
            let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {name}"))?;
            Script::new(&name, &text, None)
        })
        .collect()
}

fn print_table(engines: &[&dyn Engine], runs: &[Vec<FileRun>]) {
    println!(
        "{:<22} {:>9} {:>13} {:>8} {:>7} {:>6} {:>8}",
        "engine", "files run", "files skipped", "passed", "failed", "known", "skipped"
    );
    for (engine, runs) in engines.iter().zip(runs) {
        let ran = runs.iter().filter(|r| r.skipped.is_none()).count();
        let sum = |f: fn(&FileRun) -> usize| runs.iter().map(f).sum::<usize>();
        println!(
            "{:<22} {:>9} {:>13} {:>8} {:>7} {:>6} {:>8}",
            engine.name(),
            ran,
            runs.len() - ran,
            sum(|r| r.passed),
            sum(|r| r.failed),
            sum(|r| r.known),
            sum(|r| r.skipped_commands),
        );
    }
}

fn print_file(engine: &str, file: &str, run: &FileRun) {
    match &run.skipped {
        Some(reason) => println!("  {engine} {file}: skipped: {reason}"),
        None => {
            println!(
                "  {engine} {file}: {} passed, {} failed ({} known), {} skipped",
                run.passed, run.failed, run.known, run.skipped_commands
            );
            for f in &run.failures {
                println!("    {file}:{} {}", f.line, f.detail);
            }
        }
    }
}
