//! The campaign: generate a module from each seed of a stream, run it on the engines of the run,
//! compare, and record divergences, until a time or module budget is spent.

mod affinity;
#[cfg(test)]
mod after_reduction;
mod job_engines;
mod known_reduction;
mod monitor;
mod options;
pub mod pairs;
pub mod probe_faults;
pub mod reach;
mod stats;
mod stats_file;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use crosscheck_oracles::Engine;
use crosscheck_oracles::operators::OpSet;

pub use job_engines::{JobEngines, Swarm};
pub use monitor::{Monitor, Progress, Sample};
pub use options::Options;
pub use pairs::{PairCoverage, PairFigures};
pub use reach::{Reach, ReachFigures};
pub use stats::{CallOutcome, CampaignStats, ReduceFailure, ReducedFinding, StrategyStats, TimeSplit, WorkerReport};
pub use stats_file::{CoverageFigures, PhaseSeconds, StatsFile, StrategyFigures};

use crate::compare::{Readings, Verdict};
use crate::discard::DiscardReason;
use crate::engines::pairing::FamilySet;
use crate::engines::{EngineSet, ModuleFacts, SatOut, info};
use crate::execute::{self, Concurrency};
use crate::finding::{Finding, FindingStore, NewFinding, Origin, Recorded};
use crate::generate::{Generator, TestCase};
use crate::known::Match;
use crate::reduce;

/// Runs a campaign on `engines` as one job, recording divergences in `store`. It stops early on
/// a stop request ([`crate::stop`]; [`CampaignStats::stopped`]) or when a finding cannot be
/// written ([`CampaignStats::write_failure`]: the campaign stops rather than lose more).
pub fn run(engines: &EngineSet, store: &FindingStore, options: &Options) -> CampaignStats {
    let monitor = monitor_for(options, 1);
    let stop = AtomicBool::new(false);
    let job = Job {
        index: 0,
        count: 1,
        concurrency: concurrency_for(1),
    };
    let mut stats = run_job(engines, store, options, job, &monitor, &stop);
    stats.samples = monitor.finish();
    stats.stopped = crate::stop::requested();
    stats
}

/// Runs a campaign as `jobs` jobs in parallel, each on its own engines (and so its own worker
/// processes), built by `make_engines(job)`. Job `j` of `n` runs the modules whose index is `j` modulo
/// `n`, so that with a module budget the campaign runs the same modules whatever `n` is. Findings
/// of every job go to `store`, merged by signature. The statistics are the jobs' summed, with one
/// worker report per job and engine. With a job per core or more, job `j` runs on the `j`-th CPU
/// the process may use (round robin past the last), its engines built there so that its worker
/// processes inherit it (see `affinity`). A stop request ends every job after its modules in
/// flight ([`CampaignStats::stopped`]); a finding that cannot be written ends them too
/// ([`CampaignStats::write_failure`]).
///
/// # Errors
///
/// When an engine set cannot be built (the other jobs then stop after their modules in flight).
pub fn run_jobs(
    make_engines: &(dyn Fn(usize) -> Result<EngineSet> + Sync),
    store: &FindingStore,
    options: &Options,
    jobs: usize,
) -> Result<CampaignStats> {
    let jobs = jobs.max(1);
    let monitor = monitor_for(options, jobs);
    let stop = AtomicBool::new(false);
    let concurrency = concurrency_for(jobs);
    // With a job per core, job `j` keeps to the `j`-th allowed CPU (round robin past them), with
    // its generator thread and worker processes (see `affinity`).
    let cpus = match concurrency {
        Concurrency::Sequential => affinity::allowed_cpus(),
        Concurrency::Parallel => Vec::new(),
    };
    let results: Vec<Result<CampaignStats>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..jobs)
            .map(|index| {
                let (monitor, stop, cpus) = (&monitor, &stop, &cpus);
                scope.spawn(move || {
                    let job = Job {
                        index,
                        count: jobs,
                        concurrency,
                    };
                    if let Some(&cpu) = cpus.get(index % cpus.len().max(1)) {
                        // Unpinned, the job runs as well, only with dearer hand-overs.
                        affinity::pin_current_thread(cpu).ok();
                    }
                    let result =
                        make_engines(index).map(|engines| run_job(&engines, store, options, job, monitor, stop));
                    if result.is_err() {
                        stop.store(true, Ordering::Relaxed);
                    }
                    result
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(anyhow::anyhow!("a campaign job panicked")))
            })
            .collect()
    });
    let samples = monitor.finish();
    let mut total = CampaignStats::default();
    for (index, result) in results.into_iter().enumerate() {
        let mut stats = result?;
        if jobs > 1 {
            for worker in &mut stats.workers {
                worker.engine = format!("{} (job {})", worker.engine, index + 1);
            }
        }
        total.merge(stats);
    }
    total.samples = samples;
    total.stopped = crate::stop::requested();
    Ok(total)
}

/// Modules a job runs at a time: each engine gets them in one batch, so that a worker process
/// costs one round trip per batch, not one per module (see `crosscheck_oracles::execute_batch`),
/// and the generator thread hands over a batch at a time. Measured with `crosscheck bench
/// --modules 3000` on the default engines (2 jobs, 2 cores): worker transport took 8.0% of the
/// wall time one module at a time, 6.0% in batches of 8, 5.2% of 16 and 4.8% of 32.
pub const MODULES_PER_BATCH: usize = 16;

/// Batches the generator thread of a job may have ready ahead of the engines.
const BATCHES_AHEAD: usize = 1;

/// A generated test case, or why none came of its seed.
struct Generated {
    /// The module's index in the campaign.
    index: u64,
    /// Its seed.
    seed: u64,
    /// What the generator made of the seed.
    attempt: crate::generate::Attempt,
    /// How long that took.
    time: Duration,
}

/// A test case the generator made, with where it came from in the campaign.
struct CampaignCase {
    /// The module and its call plan.
    case: TestCase,
    /// The seed it was generated from.
    seed: u64,
    /// Its index in the campaign.
    index: u64,
}

/// Job `index` of `count`, running each module's engines as `concurrency` says.
#[derive(Clone, Copy, Debug)]
struct Job {
    index: usize,
    count: usize,
    concurrency: Concurrency,
}

/// How the jobs of a campaign of `jobs` jobs run each module's engines: one after the other once
/// there is a job per core (engines running at the same time would then only take turns on the
/// cores, and every hand-over between threads and processes would wait for one), each job then
/// kept on one CPU ([`run_jobs`]); at the same time otherwise.
pub fn concurrency_for(jobs: usize) -> Concurrency {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if jobs >= cores {
        Concurrency::Sequential
    } else {
        Concurrency::Parallel
    }
}

fn monitor_for(options: &Options, jobs: usize) -> Monitor {
    let duration = options.duration.filter(|_| options.modules.is_none());
    let sample_every = options
        .duration
        .map_or(Duration::from_secs(5), |d| d / 120)
        .clamp(Duration::from_secs(1), Duration::from_secs(30));
    Monitor::new(jobs, options.progress, duration, sample_every)
}

/// Runs job `job` of a campaign on `engines` until its budget is spent, a stop is requested
/// ([`crate::stop`]) or `stop` is set (by a job that failed); a finding it cannot write sets
/// `stop` and ends it ([`CampaignStats::write_failure`]).
fn run_job(
    engines: &EngineSet,
    store: &FindingStore,
    options: &Options,
    job: Job,
    monitor: &Monitor,
    stop: &AtomicBool,
) -> CampaignStats {
    let generator =
        Generator::with_strategies(engines.reach(), options.mode, &options.strategies).sharing(engines.proposals());
    let start = Instant::now();
    let mut stats = CampaignStats::for_job(&generator, engines);
    // A probe that panicked an engine is a finding of its own, once per campaign: job 0's.
    if job.index == 0 {
        match probe_faults::record(engines, store, &options.command_line) {
            Ok(recorded) => {
                for r in recorded {
                    stats.record_unknown(None, r);
                }
            }
            Err(e) => {
                stats.record_write_failure(&e);
                stop.store(true, Ordering::Relaxed);
            }
        }
    }
    let rss_start: Vec<Option<u64>> = engines
        .slot_heads()
        .map(|(_, e)| e.worker_stats().and_then(|w| w.rss_bytes))
        .collect();
    let over_budget = |index: u64| {
        options.modules.is_some_and(|m| index >= m)
            || options.duration.is_some_and(|d| start.elapsed() >= d)
            || stop.load(Ordering::Relaxed)
            || crate::stop::requested()
    };
    // Generation runs ahead on its own thread, at the lowest priority, a batch of modules at a
    // time, so that the next batch is ready when the engines finish this one if a core has time
    // for it; the campaign's `generate` time is the time spent waiting for it.
    std::thread::scope(|scope| {
        let (batches, ready) = std::sync::mpsc::sync_channel::<Vec<Generated>>(BATCHES_AHEAD);
        let generator = &generator;
        scope.spawn(move || {
            // At the default priority the generator would only be slower to give way.
            affinity::renice_current_thread(affinity::GENERATOR_NICE).ok();
            let mut indices = (job.index as u64..).step_by(job.count);
            loop {
                let mut batch = Vec::with_capacity(MODULES_PER_BATCH);
                for index in indices.by_ref() {
                    if over_budget(index) {
                        break;
                    }
                    let seed = crate::seed::mix(options.seed, index);
                    let t = Instant::now();
                    let attempt = generator.attempt(seed);
                    batch.push(Generated {
                        index,
                        seed,
                        attempt,
                        time: t.elapsed(),
                    });
                    if batch.len() == MODULES_PER_BATCH {
                        break;
                    }
                }
                let last = batch.len() < MODULES_PER_BATCH;
                if batch.is_empty() || batches.send(batch).is_err() || last {
                    break;
                }
            }
        });
        let cx = JobContext {
            engines,
            store,
            generator,
            job,
            options,
        };
        let mut budget_left = true;
        while budget_left {
            let t = Instant::now();
            let Ok(batch) = ready.recv() else {
                break;
            };
            stats.time.generate += t.elapsed();
            let mut cases = Vec::with_capacity(batch.len());
            for generated in batch {
                if over_budget(generated.index) {
                    budget_left = false;
                    break;
                }
                let strategy = generated.attempt.strategy;
                stats.record_generated(strategy, generated.time);
                match generated.attempt.case {
                    Ok(case) => cases.push(CampaignCase {
                        case,
                        seed: generated.seed,
                        index: generated.index,
                    }),
                    Err(discard) => stats.record_discard(strategy, discard.reason()),
                }
            }
            if let Err(e) = run_cases(&cx, &cases, &mut stats) {
                stats.record_write_failure(&e);
                stop.store(true, Ordering::Relaxed);
                break;
            }
            stats.elapsed = start.elapsed();
            monitor.update(job.index, stats.progress());
        }
    });
    stats.finish_job(engines, rss_start, start.elapsed());
    stats
}

/// What a job runs its cases with.
struct JobContext<'a> {
    engines: &'a EngineSet,
    store: &'a FindingStore,
    generator: &'a Generator,
    job: Job,
    options: &'a Options,
}

/// A case of a batch and the engines it runs on: those of the slots that compile every feature it
/// uses, or two variants of the one slot that does ([`EngineSet::pick_routed`]).
struct Routed<'a> {
    /// The case.
    item: &'a CampaignCase,
    /// What the configuration swarm drew its engines' configurations for.
    facts: ModuleFacts,
    /// Its engines, one per entry of `slots`.
    engines: Vec<Arc<dyn Engine>>,
    /// The slot of each engine, non-decreasing.
    slots: Vec<usize>,
    /// The operators of its module, counted toward its engines' reach once it ran.
    operators: OpSet,
    /// The engines drawn for it that do not compile a feature it uses, with those features.
    sat_out: Vec<SatOut>,
}

/// Runs `cases` in one batch
/// ([`execute::run_many`]), each on the job's engines that compile every feature it uses, or on two
/// variants of the one slot that does (counted as `paired`; a case fewer than two engines can run
/// is discarded as `too-few-engines`, unless the run has one slot),
/// counts the operators of each case not discarded toward its engines' reach ([`reach`]) and
/// its instruction families toward the settings of its engines ([`pairs`]), and
/// judges each ([`judge`]); when the batch was abandoned on a stop
/// ([`crate::stop::abandoned`]), its executions ran on killed workers: none is judged, and the
/// cases are counted as abandoned.
///
/// # Errors
///
/// When a finding cannot be written, or read back for `--reduce`.
fn run_cases(cx: &JobContext<'_>, cases: &[CampaignCase], stats: &mut CampaignStats) -> Result<()> {
    let slot_names: Vec<&str> = cx.engines.slot_heads().map(|(name, _)| name).collect();
    let mut picked: Vec<Routed<'_>> = Vec::new();
    for item in cases {
        let case = &item.case;
        // A module that does not parse runs everywhere, so that every engine's refusal is compared.
        let uses = crosscheck_oracles::uses::module_uses(&case.wasm).unwrap_or_default();
        let used = uses.features;
        let facts = ModuleFacts {
            proposals: case.proposals,
            fuel: case.plan.options.fuel.is_some(),
            features: used,
            families: FamilySet::of(&uses.operators),
        };
        let routing = cx.engines.pick_routed(item.seed, item.index, &facts, used);
        stats.note_routed(&slot_names, &routing.slots, used);
        if routing.slots.len() < 2.min(slot_names.len()) {
            stats.record_discard(case.strategy, DiscardReason::TooFewEngines);
            continue;
        }
        stats.record_picked(case, routing.paired);
        picked.push(Routed {
            item,
            facts,
            engines: routing.engines,
            slots: routing.slots,
            operators: uses.operators,
            sat_out: routing.sat_out,
        });
    }
    let chosen: Vec<Vec<&dyn Engine>> = picked
        .iter()
        .map(|r| r.engines.iter().map(|e| e.as_ref()).collect())
        .collect();
    for engines in &chosen {
        stats.record_configurations(engines);
    }
    let batch: Vec<execute::Case<'_>> = picked
        .iter()
        .zip(&chosen)
        .map(|(r, engines)| execute::Case {
            engines,
            slots: &r.slots,
            wasm: &r.item.case.wasm,
            plan: &r.item.case.plan,
        })
        .collect();
    let t = Instant::now();
    let outcomes = execute::run_many(&batch, cx.job.concurrency);
    if crate::stop::abandoned() {
        stats.record_abandoned(cases.len());
        return Ok(());
    }
    let engines_wall: Duration = outcomes.iter().map(|o| o.engines_wall).sum();
    stats.time.compare += t.elapsed().saturating_sub(engines_wall);
    for (r, (chosen, outcome)) in picked.iter().zip(chosen.iter().zip(outcomes)) {
        if !matches!(outcome.verdict, Verdict::Discard(_)) {
            stats.record_ran(&r.slots, chosen, &r.operators, r.facts.families);
        }
        judge(cx, (r.item, &r.facts, &r.sat_out), chosen, outcome, stats)?;
    }
    Ok(())
}

/// Counts the `outcome` of `item`, run on
/// `chosen` while the engines of `sat_out` sat it out, in `stats`, and records a divergence as a
/// finding or a known bug.
///
/// # Errors
///
/// When a finding cannot be written, or read back for `--reduce`.
fn judge(
    cx: &JobContext<'_>,
    (item, facts, sat_out): (&CampaignCase, &ModuleFacts, &[SatOut]),
    chosen: &[&dyn Engine],
    outcome: execute::Outcome,
    stats: &mut CampaignStats,
) -> Result<()> {
    let JobContext { store, options, .. } = *cx;
    let case = &item.case;
    stats.record_outcome(chosen, &outcome);
    let execute::Outcome {
        executions, verdict, ..
    } = outcome;
    match verdict {
        Verdict::Agree => {}
        Verdict::Discard(reason) => stats.record_discard(case.strategy, reason),
        Verdict::Diverge(divergence) => {
            let t = Instant::now();
            stats.record_divergence(case.strategy, divergence.class);
            let runs: Vec<_> = chosen.iter().map(|e| info(*e)).zip(&executions).collect();
            let finding = NewFinding {
                wasm: &case.wasm,
                plan: &case.plan,
                divergence: &divergence,
                readings: Readings::of(&divergence, runs.iter().map(|(info, _)| info)),
                executions: &runs,
                generation: Some(Origin::Campaign {
                    allowed_proposals: cx.generator.allowed().iter().map(|p| p.name()).collect(),
                    campaign_seed: cx.options.seed,
                    module_index: item.index,
                    seed: item.seed,
                    source: case.source.clone(),
                    strategy: case.strategy,
                }),
                sat_out,
            };
            if let Some(found) = options.known.matching(&divergence, &case.wasm, facts.fuel) {
                let reducing = count_known(cx, &found, &finding, (None, chosen), stats)?;
                stats.time.record += t.elapsed().saturating_sub(reducing);
                return Ok(());
            }
            let recorded = store.record(&finding, &options.command_line)?;
            stats.time.record += t.elapsed();
            if let (Recorded::New(dir), Some(budget)) = (&recorded, options.reduce) {
                let t = Instant::now();
                let reduced = reduce_new(dir, chosen, budget, stats)?;
                stats.time.reduce += t.elapsed();
                // A construct the original module hides may show in its reduction.
                let again = reduced.as_ref().and_then(|r| {
                    let found = options
                        .known
                        .matching(&divergence, &r.wasm, r.plan.options.fuel.is_some())?;
                    Some(Match {
                        after_reduction: true,
                        ..found
                    })
                });
                if let (Some(found), Some(reduced)) = (again, &reduced) {
                    count_known(cx, &found, &finding, (Some(reduced), chosen), stats)?;
                    stats.forget_reduced(dir);
                    std::fs::remove_dir_all(dir)
                        .with_context(|| format!("cannot remove {}, a known bug once reduced", dir.display()))?;
                    return Ok(());
                }
            }
            stats.record_unknown(Some(case.strategy), recorded);
        }
    }
    Ok(())
}

/// Counts a divergence that `found` says is a known bug in `stats`, and records it under the
/// bug's name (`known/NAME/` of the finding directory, with `reduced`, the reduction that showed
/// the bug, when this is the bug's first instance there). With `--reduce`, the first instance of
/// each signature the bug absorbs in this job is reduced on `engines` when it was not already
/// (see `known_reduction`). Returns the time that reduction took (counted as `reduce` time).
///
/// # Errors
///
/// When the known bug's instance or its reduction cannot be written.
fn count_known(
    cx: &JobContext<'_>,
    found: &Match<'_>,
    finding: &NewFinding<'_>,
    (reduced, engines): (Option<&reduce::Reduced>, &[&dyn Engine]),
    stats: &mut CampaignStats,
) -> Result<Duration> {
    let (store, options) = (cx.store, cx.options);
    let name = &found.entry.name;
    let recorded = store.record_known(name, finding, &options.command_line)?;
    if let (Recorded::New(dir), Some(reduced)) = (&recorded, reduced) {
        reduce::write(dir, reduced)?;
    }
    let signature = finding.divergence.signature();
    let seen = stats
        .known_notes
        .get(name)
        .is_some_and(|n| n.signatures.contains(&signature));
    let mut reduced_wasm = reduced.map(|r| r.wasm.clone());
    let mut reducing = Duration::ZERO;
    if let (None, Some(budget), false) = (&reduced_wasm, options.reduce, seen) {
        let t = Instant::now();
        let context = (cx.job.index, options.command_line.as_slice());
        reduced_wasm = known_reduction::reduce_instance(store, &recorded, finding, engines, budget, context)?;
        reducing = t.elapsed();
        stats.time.reduce += reducing;
    }
    if let Recorded::New(dir) = recorded {
        stats.record_known_first(name, dir);
    }
    stats.note_known(found, &signature, reduced_wasm.as_deref());
    Ok(reducing)
}

/// Reduces the new finding `dir` on the engines that found it, and returns the reduction. A
/// finding that does not reproduce is noted in `stats`, not an error: the finding itself is safe
/// on disk. A stop request ends the reduction early, with the smallest reproducer so far.
///
/// # Errors
///
/// When the finding cannot be read back or its reduction cannot be written.
fn reduce_new(
    dir: &Path,
    engines: &[&dyn Engine],
    budget: Duration,
    stats: &mut CampaignStats,
) -> Result<Option<reduce::Reduced>> {
    let finding = Finding::load(dir)?;
    match reduce::reduce(&finding, engines, budget) {
        Ok(reduced) => {
            reduce::write(dir, &reduced)?;
            stats.record_reduced(dir, &reduced);
            Ok(Some(reduced))
        }
        Err(e) => {
            stats.record_reduce_failure(dir, &e);
            Ok(None)
        }
    }
}
