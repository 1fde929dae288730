//! The campaign: generate a module from each seed of a stream, run it on the engines of the run,
//! compare, and record divergences, until a time or module budget is spent.

mod stats;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Result;
use crosscheck_oracles::{Engine, StepOutcome};
use indicatif::{ProgressBar, ProgressStyle};

pub use stats::{Stats, TimeSplit, WorkerReport};

use crate::compare::Verdict;
use crate::engines::{EngineSet, info};
use crate::execute;
use crate::finding::{Finding, FindingStore, NewFinding, Recorded};
use crate::generate::{Generator, Mode, TestCase};
use crate::reduce;

/// The seed of module `index` of a campaign with seed `seed` (SplitMix64 of the pair), so that the
/// same campaign seed gives the same modules in the same order.
pub fn mix_seed(seed: u64, index: u64) -> u64 {
    let mut z = seed ^ index.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// What to run.
#[derive(Clone, Debug)]
pub struct Options {
    /// The campaign seed.
    pub seed: u64,
    /// What kind of modules to generate.
    pub mode: Mode,
    /// Stop after this much wall time.
    pub duration: Option<Duration>,
    /// Stop after this many modules.
    pub modules: Option<u64>,
    /// Show a progress bar on standard error (hidden when it is not a terminal).
    pub progress: bool,
    /// The command line, recorded in findings.
    pub command_line: Vec<String>,
    /// Reduce each new finding right after recording it, between modules, with this time budget
    /// (see [`crate::reduce`]); the time counts toward `duration`.
    pub reduce: Option<Duration>,
}

/// Runs a campaign on `engines`, recording divergences in `store`.
///
/// # Errors
///
/// When a finding cannot be written: the campaign stops rather than lose it.
pub fn run(engines: &EngineSet, store: &FindingStore, options: &Options) -> Result<Stats> {
    let generator = Generator::new(engines.proposals(), options.mode);
    let start = Instant::now();
    let mut stats = Stats::default();
    let bar = progress_bar(options);
    let mut last_draw = Instant::now();
    let rss_start: Vec<Option<u64>> = engines
        .engines()
        .map(|e| e.worker_stats().and_then(|w| w.rss_bytes))
        .collect();
    for index in 0u64.. {
        if options.modules.is_some_and(|m| index >= m) || options.duration.is_some_and(|d| start.elapsed() >= d) {
            break;
        }
        let seed = mix_seed(options.seed, index);
        let t = Instant::now();
        let case = generator.from_seed(seed);
        stats.time.generate += t.elapsed();
        stats.modules += 1;
        match case {
            Ok(case) => run_case(engines, store, &generator, &case, seed, index, options, &mut stats)?,
            Err(discard) => *stats.discarded.entry(discard.reason()).or_default() += 1,
        }
        stats.elapsed = start.elapsed();
        if last_draw.elapsed() > Duration::from_millis(200) {
            bar.set_message(stats.progress_line());
            bar.set_position(stats.elapsed.as_secs());
            last_draw = Instant::now();
        }
    }
    stats.elapsed = start.elapsed();
    stats.workers = engines
        .engines()
        .zip(rss_start)
        .filter_map(|(e, rss_start)| {
            let w = e.worker_stats()?;
            Some(WorkerReport {
                engine: e.name().into(),
                restarts: w.restarts,
                recycles: w.recycles,
                rss_start,
                rss_end: w.rss_bytes,
            })
        })
        .collect();
    bar.finish_and_clear();
    Ok(stats)
}

#[allow(clippy::too_many_arguments)]
fn run_case(
    engines: &EngineSet,
    store: &FindingStore,
    generator: &Generator,
    case: &TestCase,
    seed: u64,
    index: u64,
    options: &Options,
    stats: &mut Stats,
) -> Result<()> {
    let chosen = engines.pick(seed);
    let t = Instant::now();
    let outcome = execute::run(&chosen, &case.wasm, &case.plan);
    let compare_share = t
        .elapsed()
        .saturating_sub(outcome.times.iter().copied().max().unwrap_or_default());
    stats.time.compare += compare_share;
    for (engine, elapsed) in chosen.iter().zip(&outcome.times) {
        *stats.time.execute.entry(engine.name().to_string()).or_default() += *elapsed;
    }
    stats.stack_reruns += u64::from(outcome.stack_rerun);
    let execute::Outcome {
        executions, verdict, ..
    } = outcome;
    if !matches!(verdict, Verdict::Discard(_)) {
        for step in executions
            .first()
            .map(|e| &e.steps[1.min(e.steps.len())..])
            .unwrap_or_default()
        {
            let outcome = match &step.outcome {
                StepOutcome::Returned(_) => "returned",
                StepOutcome::Trapped(kind) => kind.name(),
                StepOutcome::Crashed(_) => "crashed",
                StepOutcome::Hung(_) => "hung",
            };
            *stats.call_outcomes.entry(outcome).or_default() += 1;
        }
    }
    match verdict {
        Verdict::Agree => {}
        Verdict::Discard(reason) => *stats.discarded.entry(reason).or_default() += 1,
        Verdict::Diverge(divergence) => {
            let t = Instant::now();
            *stats.divergences.entry(divergence.class).or_default() += 1;
            let runs: Vec<_> = chosen.iter().map(|e| info(*e)).zip(&executions).collect();
            let mut generation = BTreeMap::new();
            generation.insert("seed".into(), seed.into());
            generation.insert("campaign_seed".into(), options.seed.into());
            generation.insert("module_index".into(), index.into());
            generation.insert(
                "allowed_proposals".into(),
                generator.allowed().iter().map(|p| p.name()).collect(),
            );
            generation.insert("source".into(), serde_json::to_value(&case.source)?);
            let finding = NewFinding {
                wasm: &case.wasm,
                plan: &case.plan,
                divergence: &divergence,
                executions: &runs,
                generation,
            };
            if let Recorded::New(dir) = store.record(&finding, &options.command_line)? {
                stats.time.record += t.elapsed();
                if let Some(budget) = options.reduce {
                    let t = Instant::now();
                    reduce_new(&dir, &chosen, budget, stats)?;
                    stats.time.reduce += t.elapsed();
                }
                stats.new_findings.push(dir);
            } else {
                stats.time.record += t.elapsed();
            }
        }
    }
    Ok(())
}

/// Reduces the new finding `dir` on the engines that found it. A finding that does not reproduce
/// is noted in `stats`, not an error: the finding itself is safe on disk.
///
/// # Errors
///
/// When the finding cannot be read back or its reduction cannot be written.
fn reduce_new(dir: &Path, engines: &[&dyn Engine], budget: Duration, stats: &mut Stats) -> Result<()> {
    let finding = Finding::load(dir)?;
    match reduce::reduce(&finding, engines, budget) {
        Ok(reduced) => {
            reduce::write(dir, &reduced)?;
            stats.reduced.push((
                dir.to_path_buf(),
                reduced.report.original_bytes,
                reduced.report.reduced_bytes,
            ));
        }
        Err(e) => stats.reduce_failures.push((dir.to_path_buf(), format!("{e:#}"))),
    }
    Ok(())
}

fn progress_bar(options: &Options) -> ProgressBar {
    if !options.progress {
        return ProgressBar::hidden();
    }
    let bar = match options.duration {
        Some(d) if options.modules.is_none() => {
            let bar = ProgressBar::new(d.as_secs().max(1));
            bar.set_style(
                ProgressStyle::with_template("{elapsed_precise} [{bar:30}] {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
            );
            bar
        }
        _ => {
            let bar = ProgressBar::new_spinner();
            bar.set_style(
                ProgressStyle::with_template("{spinner} {elapsed_precise} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar
        }
    };
    bar.enable_steady_tick(Duration::from_millis(250));
    bar
}
