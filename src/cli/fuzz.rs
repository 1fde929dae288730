//! `crosscheck fuzz`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::Duration;

use anyhow::{Result, anyhow};

use crate::campaign::{self, CampaignRecord, Options};
use crate::engines::{EngineSet, Isolation};
use crate::finding::FindingStore;
use crate::generate::Mode;
use crate::generate::registry::Registered;
use crate::known::KnownList;

/// What `crosscheck fuzz` was asked to do.
pub struct Request<'a> {
    pub engines: &'a str,
    pub duration: u64,
    pub modules: Option<u64>,
    pub seed: u64,
    pub mode: Mode,
    pub out: &'a Path,
    pub reduce: Option<u64>,
    pub jobs: Option<usize>,
    pub stats: Option<PathBuf>,
    pub label: Option<String>,
    pub config_swarm: bool,
    pub strategies: Vec<&'static Registered>,
    pub known: KnownList,
    pub avoid_known: bool,
}

/// The default of `--jobs`: one job per core.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

pub fn run(request: &Request<'_>, isolation: &Isolation) -> Result<ExitCode> {
    let store = FindingStore::open(request.out)?;
    let mut jobs = request.jobs.unwrap_or_else(default_jobs);
    if jobs == 0 {
        return Err(anyhow!("--jobs must be at least 1"));
    }
    if let Some(m) = request.modules {
        jobs = jobs.min(usize::try_from(m.max(1)).unwrap_or(usize::MAX));
    }
    // The first job's engines are built here, so that a bad engine list fails before any job starts.
    let first = EngineSet::from_list(request.engines, isolation)?;
    let described = first.describe();
    let proposals: Vec<&str> = first.proposals().iter().map(|p| p.name()).collect();
    let jobs_note = if jobs > 1 {
        format!(", {jobs} jobs")
    } else {
        String::new()
    };
    let swarm = if request.config_swarm { "on" } else { "off" };
    println!(
        "crosscheck fuzz: seed {}{jobs_note}, engines: {described}, configuration swarm {swarm}",
        request.seed
    );
    println!("proposals every engine supports: {}", proposals.join(", "));
    let avoiding = request.known.entries().iter().filter(|k| k.avoid.is_some()).count();
    println!(
        "known bugs: {} (counted apart, not reported){}",
        request.known.entries().len(),
        if request.config_swarm && request.avoid_known && avoiding > 0 {
            format!("; the swarm avoids the settings of {avoiding}")
        } else {
            String::new()
        }
    );
    if request.mode != Mode::Spec {
        let weights: Vec<String> = request
            .strategies
            .iter()
            .map(|s| format!("{} {}", s.name, s.weight))
            .collect();
        println!("strategies (weights): {}", weights.join(", "));
        let generator =
            crate::generate::Generator::with_strategies(first.proposals(), request.mode, &request.strategies);
        for (name, coverage) in generator.coverage() {
            let groups: Vec<String> = coverage
                .groups
                .iter()
                .map(|(group, in_scope, expressible)| format!("{group} {expressible} of {in_scope}"))
                .collect();
            println!(
                "strategy {name}: {} {} read from {}; expressible: {}",
                coverage.parsed,
                coverage.unit,
                coverage.origin,
                groups.join(", ")
            );
        }
    }
    let command_line: Vec<String> = std::env::args().collect();
    let options = Options {
        seed: request.seed,
        mode: request.mode,
        duration: Some(Duration::from_secs(request.duration)),
        modules: request.modules,
        progress: true,
        command_line: command_line.clone(),
        reduce: request.reduce.map(Duration::from_secs),
        strategies: request.strategies.clone(),
        known: request.known.clone(),
    };
    let first = Mutex::new(Some(first));
    let make = |job: usize| {
        let prebuilt = if job == 0 {
            first.lock().ok().and_then(|mut f| f.take())
        } else {
            None
        };
        let set = prebuilt.map_or_else(|| EngineSet::from_list(request.engines, isolation), Ok)?;
        Ok(match (request.config_swarm, request.avoid_known) {
            (true, true) => set.with_config_swarm(request.seed).avoiding(&request.known),
            (true, false) => set.with_config_swarm(request.seed),
            (false, _) => set,
        })
    };
    let stats = campaign::run_jobs(&make, &store, &options, jobs)?;
    print!("{}", stats.summary());
    if let Some(path) = &request.stats {
        let label = request.label.clone().unwrap_or_else(|| request.engines.to_string());
        let mode = clap::ValueEnum::to_possible_value(&request.mode).map_or_else(String::new, |v| v.get_name().into());
        CampaignRecord::new(&label, &described, &mode, request.seed, &stats, &command_line).write(path)?;
    }
    if stats.divergence_count() > 0 {
        println!("findings in {}", store.root().display());
    }
    // Only divergences that are no known bug fail the campaign.
    Ok(if stats.unknown_divergences > 0 {
        ExitCode::from(super::EXIT_DIVERGENCE)
    } else {
        ExitCode::SUCCESS
    })
}
