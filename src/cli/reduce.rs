//! `crosscheck reduce`: minimize a finding's module and plan, keeping its signature.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Result;
use crosscheck_oracles::Engine;

use super::args::IsolationArgs;
use crate::engines::{EngineSet, Isolation};
use crate::finding::Finding;
use crate::reduce;

/// The arguments of `crosscheck reduce`.
#[derive(Debug, clap::Args)]
pub struct ReduceArgs {
    /// The finding directory.
    dir: PathBuf,
    /// Time budget, in seconds.
    #[arg(long = "time", value_name = "TIME", default_value_t = 120)]
    time_secs: u64,
    #[command(flatten)]
    isolation: IsolationArgs,
}

impl ReduceArgs {
    /// Reduces the finding and writes the reduced files beside the originals; on SIGINT or
    /// SIGTERM writes the smallest reproducer so far and exits [`crate::stop::EXIT_STOPPED`].
    ///
    /// # Errors
    ///
    /// A missing or corrupt finding directory, an engine of the finding that is unavailable here,
    /// or files that cannot be written.
    pub fn run(self) -> Result<ExitCode> {
        crate::stop::install()?;
        reduce_finding(
            &self.dir,
            Duration::from_secs(self.time_secs),
            &self.isolation.isolation()?,
        )
    }
}

/// Reduces the finding in `dir` for at most `budget`.
fn reduce_finding(dir: &Path, budget: Duration, isolation: &Isolation) -> Result<ExitCode> {
    let finding = Finding::load(dir)?;
    let names: Vec<&str> = finding.meta.run_engines.iter().map(|e| e.name.as_str()).collect();
    let set = EngineSet::from_list(&names.join(","), isolation)?;
    let engines: Vec<&dyn Engine> = set.engines().collect();
    println!(
        "reducing {} ({}) on {} for at most {} s",
        dir.display(),
        finding.meta.signature,
        names.join(", "),
        budget.as_secs()
    );
    let reduced = match reduce::reduce(&finding, &engines, budget) {
        Ok(reduced) => reduced,
        Err(e) if crate::stop::requested() => {
            println!("{}", format!("{e:#}").replace('\n', " "));
            return Ok(ExitCode::from(crate::stop::EXIT_STOPPED));
        }
        Err(e) => return Err(e),
    };
    reduce::write(dir, &reduced)?;
    let r = &reduced.report;
    println!(
        "module: {} -> {} bytes, {} -> {} lines of .wat; calls: {} -> {}",
        r.original_bytes, r.reduced_bytes, r.original_wat_lines, r.reduced_wat_lines, r.original_calls, r.reduced_calls
    );
    println!(
        "{} candidates in {:.1} s{}",
        r.candidates,
        r.seconds,
        if r.budget_spent { " (time budget spent)" } else { "" }
    );
    if let (Some(config), Some(signature)) = (&r.config, &r.configured_signature) {
        println!("configuration: {} (signature {signature})", config.describe());
    }
    println!(
        "wrote reduced.wasm, reduced.wat, reduced-plan.json in {}",
        dir.display()
    );
    println!("replay: crosscheck replay --reduced {}", dir.display());
    if crate::stop::requested() {
        println!("stopped by a signal: the smallest reproducer found so far was written");
        return Ok(ExitCode::from(crate::stop::EXIT_STOPPED));
    }
    Ok(ExitCode::SUCCESS)
}
