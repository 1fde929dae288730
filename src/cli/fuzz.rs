//! `crosscheck fuzz`.

use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Result;

use crate::campaign::{self, Options};
use crate::engines::{EngineSet, Isolation};
use crate::finding::FindingStore;
use crate::generate::Mode;

#[allow(clippy::too_many_arguments)]
pub fn run(
    engines: &str,
    duration: u64,
    modules: Option<u64>,
    seed: u64,
    mode: Mode,
    out: &Path,
    reduce: Option<u64>,
    isolation: &Isolation,
) -> Result<ExitCode> {
    let store = FindingStore::open(out)?;
    let engines = EngineSet::from_list(engines, isolation)?;
    let proposals: Vec<&str> = engines.proposals().iter().map(|p| p.name()).collect();
    println!("crosscheck fuzz: seed {seed}, engines: {}", engines.describe());
    println!("proposals every engine supports: {}", proposals.join(", "));
    let options = Options {
        seed,
        mode,
        duration: Some(Duration::from_secs(duration)),
        modules,
        progress: true,
        command_line: std::env::args().collect(),
        reduce: reduce.map(Duration::from_secs),
    };
    let stats = campaign::run(&engines, &store, &options)?;
    print!("{}", stats.summary());
    Ok(if stats.divergence_count() > 0 {
        println!("findings in {}", store.root().display());
        ExitCode::from(super::EXIT_DIVERGENCE)
    } else {
        ExitCode::SUCCESS
    })
}
