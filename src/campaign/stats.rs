//! Campaign statistics: modules, discards by reason, divergences by class, and where the wall time
//! went.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crosscheck_oracles::operators::OpSet;
use crosscheck_oracles::{Engine, FeatureSet, PhaseTimes, StepOutcome, TrapKind};

use super::monitor::{Progress, Sample};
use super::pairs::PairCoverage;
use super::reach::Reach;
use crate::compare::{Class, Verdict};
use crate::discard::DiscardReason;
use crate::engines::EngineSet;
use crate::engines::pairing::FamilySet;
use crate::execute::Outcome;
use crate::finding::Recorded;
use crate::generate::strategy::Coverage;
use crate::generate::{Generator, Source, TestCase};
use crate::known::Absorbed;
use crate::reduce::Reduced;

/// A new finding that `fuzz --reduce` reduced.
#[derive(Clone, Debug)]
pub struct ReducedFinding {
    /// The finding directory.
    pub dir: PathBuf,
    /// The size of its module, in bytes.
    pub original_bytes: u64,
    /// The size of its reduced module, in bytes.
    pub reduced_bytes: u64,
}

/// A new finding whose reduction failed (the finding itself is on disk).
#[derive(Clone, Debug)]
pub struct ReduceFailure {
    /// The finding directory.
    pub dir: PathBuf,
    /// Why the reduction failed, one line.
    pub error: String,
}

/// How a call ended, as counted in [`CampaignStats::call_outcomes`]. Ordered as its names are in the
/// campaign summary's ties.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum CallOutcome {
    /// The call returned.
    Returned,
    /// The call trapped.
    Trapped(TrapKind),
    /// The engine crashed.
    Crashed,
    /// The call ran past the watchdog.
    Hung,
}

impl CallOutcome {
    /// How the step `outcome` ended.
    pub fn of(outcome: &StepOutcome) -> CallOutcome {
        match outcome {
            StepOutcome::Returned(_) => CallOutcome::Returned,
            StepOutcome::Trapped(kind) => CallOutcome::Trapped(*kind),
            StepOutcome::Crashed(_) => CallOutcome::Crashed,
            StepOutcome::Hung(_) => CallOutcome::Hung,
        }
    }

    /// Its name in summaries and `--stats` records: `returned`, a trap kind's name, `crashed` or
    /// `hung`.
    pub fn name(self) -> &'static str {
        match self {
            CallOutcome::Returned => "returned",
            CallOutcome::Trapped(kind) => kind.name(),
            CallOutcome::Crashed => "crashed",
            CallOutcome::Hung => "hung",
        }
    }
}

/// One generation strategy over a campaign.
#[derive(Clone, Debug, Default)]
pub struct StrategyStats {
    /// Modules it was drawn for (discarded ones included).
    pub modules: u64,
    /// Of those, the ones discarded, at generation or at comparison.
    pub discarded: u64,
    /// Divergences its modules showed, repeats included.
    pub divergences: u64,
    /// Findings its modules were the first of.
    pub new_findings: u64,
    /// Time spent generating its modules and plans, on the generator threads.
    pub generate: Duration,
    /// The units (ISLE rules, instructions) its modules instantiated, by name.
    pub instantiated: BTreeSet<String>,
}

impl StrategyStats {
    fn merge(&mut self, other: StrategyStats) {
        self.modules += other.modules;
        self.discarded += other.discarded;
        self.divergences += other.divergences;
        self.new_findings += other.new_findings;
        self.generate += other.generate;
        self.instantiated.extend(other.instantiated);
    }
}

/// Where wall time went, by phase. With several jobs, each phase is summed over the jobs.
#[derive(Clone, Debug, Default)]
pub struct TimeSplit {
    /// Waiting for the next module and plan from the generator, which runs ahead on its own thread.
    pub generate: Duration,
    /// Running modules, by engine name (compile, instantiate and calls). Engines run concurrently,
    /// so these overlap each other.
    pub execute: BTreeMap<String, Duration>,
    /// The engines' part of each module: the wall time from starting the engines to the last
    /// one finishing.
    pub engines_wall: Duration,
    /// The phases on the engines' path of each module (the slowest engine's when they run at the
    /// same time, all of them when one after the other), summed: how `engines_wall` divides into
    /// compilation, instantiation, calls, state capture, teardown and worker transport.
    pub critical: PhaseTimes,
    /// Comparing executions, and starting and joining the engines' threads.
    pub compare: Duration,
    /// Writing findings.
    pub record: Duration,
    /// Reducing new findings (`crosscheck fuzz --reduce`).
    pub reduce: Duration,
    /// Each job's own wall time, from its start to its last module: the time the phases divide.
    /// With a module budget a job that is done first waits for the others, and that wait is
    /// nobody's work.
    pub busy: Duration,
}

/// The worker process of one engine slot (the slot's variants share it) over a campaign.
#[derive(Clone, Debug, Default)]
pub struct WorkerReport {
    /// The slot's name, as given (`cranelift-aarch64`).
    pub engine: String,
    /// Workers started after one died or was killed.
    pub restarts: u64,
    /// Workers replaced because their memory grew too much.
    pub recycles: u64,
    /// Hangs that a re-run did not reproduce (machine load; the re-run was compared).
    pub hangs_not_reproduced: u64,
    /// Deaths by a signal from outside (SIGKILL, SIGTERM, SIGINT, SIGHUP) that a re-run did not
    /// repeat (the re-run was compared; see `crosscheck_oracles::worker::WorkerEngine::stats`).
    pub killed_from_outside: u64,
    /// Resident memory of the worker when the campaign started, in bytes.
    pub rss_start: Option<u64>,
    /// Resident memory of the worker when the campaign ended, in bytes.
    pub rss_end: Option<u64>,
}

/// The running totals of a campaign.
#[derive(Clone, Debug, Default)]
pub struct CampaignStats {
    /// Modules generated and run on every engine (discarded ones included).
    pub modules: u64,
    /// Modules that could not be compared, by reason.
    pub discarded: BTreeMap<DiscardReason, u64>,
    /// Divergences found, repeats of a known signature included, by class.
    pub divergences: BTreeMap<Class, u64>,
    /// How the calls of compared modules ended on the run's first engine. Shows what a campaign
    /// exercised (a campaign whose calls all trap early tests little).
    pub call_outcomes: BTreeMap<CallOutcome, u64>,
    /// Directories of findings first recorded by this campaign.
    pub new_findings: Vec<PathBuf>,
    /// New findings reduced (`--reduce`).
    pub reduced: Vec<ReducedFinding>,
    /// New findings whose reduction failed.
    pub reduce_failures: Vec<ReduceFailure>,
    /// Modules whose engines that overflowed their stack were run again with a bigger one.
    pub stack_reruns: u64,
    /// Worker processes, per concrete engine hosted in one (empty in-process).
    pub workers: Vec<WorkerReport>,
    /// Wall time since the campaign started.
    pub elapsed: Duration,
    /// The jobs that ran in parallel.
    pub jobs: u64,
    /// The campaign's counts over time (see [`super::Monitor`]).
    pub samples: Vec<Sample>,
    /// Where the time went.
    pub time: TimeSplit,
    /// Every engine that ran a module, by its full name: its configuration is part of the name
    /// (see `crosscheck_oracles::config`), so this counts the distinct configurations exercised.
    pub configurations: BTreeSet<String>,
    /// Configurations the configuration swarm drew and the engine refused, by engine name, with
    /// the reason (the module then ran on the default configuration; see
    /// [`crate::engines::config_swarm`]).
    pub config_refusals: BTreeMap<String, String>,
    /// Divergences that matched a known bug, by the bug's name.
    pub known: BTreeMap<String, u64>,
    /// How the divergences of each known bug showed, by the bug's name.
    pub known_notes: BTreeMap<String, Absorbed>,
    /// The known bugs first stored by this campaign (`known/NAME/`), by name.
    pub known_first: BTreeMap<String, PathBuf>,
    /// Divergences that matched no known bug, repeats of a finding included: the campaign's
    /// exit status is 1 when there is one.
    pub unknown_divergences: u64,
    /// Configuration draws changed to avoid a known bug (`fuzz --avoid-known`), by its name.
    pub avoided: BTreeMap<String, u64>,
    /// Per generation strategy run, by name.
    pub strategies: BTreeMap<&'static str, StrategyStats>,
    /// What the strategies that count units can instantiate.
    pub coverage: Vec<(&'static str, Coverage)>,
    /// The campaign ended early on SIGINT or SIGTERM (see [`crate::stop`]).
    pub stopped: bool,
    /// Modules in flight when the stop's grace time ran out: their workers were killed and their
    /// executions not compared (they are counted in `modules`).
    pub abandoned: u64,
    /// The first finding that could not be written, one line naming it and the file: the
    /// campaign stopped there.
    pub write_failure: Option<String>,
    /// Per engine slot and feature (`crosscheck_oracles::Feature::name`): the modules using the
    /// feature that ran on the slot.
    pub feature_runs: BTreeMap<(String, &'static str), u64>,
    /// Per engine slot: the modules it sat out because they use a feature it does not compile.
    pub sat_out: BTreeMap<String, u64>,
    /// Modules that only one slot of a run of several compiles, run on two of its variants (a GC
    /// module on two Cranelift opt levels, see [`crate::engines::EngineSet::pick_routed`]).
    pub paired: u64,
    /// Per engine: the instructions it compiles that the campaign ran on it (see
    /// [`super::reach`]).
    pub reach: Reach,
    /// Per setting and the family of instructions it changes: the modules that met it (see
    /// [`super::pairs`]).
    pub pairs: PairCoverage,
}

impl CampaignStats {
    /// The statistics of one job before its first module: every strategy of `generator` counted
    /// (at zero) with what it can instantiate, and the reach and pair coverage of `engines` at
    /// zero.
    pub fn for_job(generator: &Generator, engines: &EngineSet) -> CampaignStats {
        let mut stats = CampaignStats {
            jobs: 1,
            coverage: generator.coverage(),
            reach: Reach::of(engines),
            pairs: PairCoverage::of(engines),
            ..CampaignStats::default()
        };
        for name in generator.strategy_names() {
            stats.strategies.entry(name).or_default();
        }
        stats
    }

    /// Counts a module that `strategy` was drawn for and took `time` to generate (whether or not
    /// it gave a test case).
    pub fn record_generated(&mut self, strategy: &'static str, time: Duration) {
        self.modules += 1;
        let per_strategy = self.strategies.entry(strategy).or_default();
        per_strategy.modules += 1;
        per_strategy.generate += time;
    }

    /// Counts a module of `strategy` discarded for `reason`, at generation, routing or comparison.
    pub fn record_discard(&mut self, strategy: &'static str, reason: DiscardReason) {
        self.strategies.entry(strategy).or_default().discarded += 1;
        *self.discarded.entry(reason).or_default() += 1;
    }

    /// Counts `case`, routed to enough engines to run: whether it was `paired` on two variants of
    /// one slot, and the units it instantiates ([`CampaignStats::note_instantiated`]).
    pub fn record_picked(&mut self, case: &TestCase, paired: bool) {
        self.paired += u64::from(paired);
        self.note_instantiated(case);
    }

    /// Counts `engines`, by full name, among the configurations that ran a module.
    pub fn record_configurations(&mut self, engines: &[&dyn Engine]) {
        for engine in engines {
            if !self.configurations.contains(engine.name()) {
                self.configurations.insert(engine.name().to_string());
            }
        }
    }

    /// Counts a module that was compared, with the operators `operators` and the instruction
    /// families `families`, toward the reach of `engines` (in `slots`, one slot index each) and
    /// the pair coverage of their settings.
    pub fn record_ran(&mut self, slots: &[usize], engines: &[&dyn Engine], operators: &OpSet, families: FamilySet) {
        for (&slot, engine) in slots.iter().zip(engines) {
            self.reach.note_ran(slot, engine.name(), operators);
        }
        self.pairs.note_ran(engines.iter().map(|e| e.name()), families);
    }

    /// Counts the engines' times of `outcome`, run on `engines`, its stack re-run, and, unless it
    /// was discarded, how the calls of its first execution ended (the instantiation step left
    /// out).
    pub fn record_outcome(&mut self, engines: &[&dyn Engine], outcome: &Outcome) {
        self.time.engines_wall += outcome.engines_wall;
        self.time.critical += outcome.critical;
        for (engine, elapsed) in engines.iter().zip(&outcome.times) {
            let base = crosscheck_oracles::config::split_name(engine.name()).0;
            *self.time.execute.entry(base.to_string()).or_default() += *elapsed;
        }
        self.stack_reruns += u64::from(outcome.stack_rerun);
        if matches!(outcome.verdict, Verdict::Discard(_)) {
            return;
        }
        for step in outcome
            .executions
            .first()
            .map(|e| &e.steps[1.min(e.steps.len())..])
            .unwrap_or_default()
        {
            *self.call_outcomes.entry(CallOutcome::of(&step.outcome)).or_default() += 1;
        }
    }

    /// Counts a divergence of class `class` on a module of `strategy`, before it is matched
    /// against the known bugs.
    pub fn record_divergence(&mut self, strategy: &'static str, class: Class) {
        *self.divergences.entry(class).or_default() += 1;
        self.strategies.entry(strategy).or_default().divergences += 1;
    }

    /// Counts a divergence that matched no known bug, `recorded` in the finding directory: a new
    /// finding is listed, and counted for `strategy` (`None` for a probe's fault, which no
    /// strategy generated).
    pub fn record_unknown(&mut self, strategy: Option<&'static str>, recorded: Recorded) {
        self.unknown_divergences += 1;
        if let Recorded::New(dir) = recorded {
            if let Some(strategy) = strategy {
                self.strategies.entry(strategy).or_default().new_findings += 1;
            }
            self.new_findings.push(dir);
        }
    }

    /// Notes that the first instance of the known bug `name` in the finding directory was stored
    /// by this campaign, in `dir`.
    pub fn record_known_first(&mut self, name: &str, dir: PathBuf) {
        self.known_first.insert(name.to_string(), dir);
    }

    /// Notes the reduction `reduced` of the new finding `dir`.
    pub fn record_reduced(&mut self, dir: &Path, reduced: &Reduced) {
        self.reduced.push(ReducedFinding {
            dir: dir.to_path_buf(),
            original_bytes: reduced.report.original_bytes,
            reduced_bytes: reduced.report.reduced_bytes,
        });
    }

    /// Notes that the reduction of the new finding `dir` failed with `error`.
    pub fn record_reduce_failure(&mut self, dir: &Path, error: &anyhow::Error) {
        self.reduce_failures.push(ReduceFailure {
            dir: dir.to_path_buf(),
            error: format!("{error:#}"),
        });
    }

    /// Forgets the reduction of `dir`, a finding removed because its reduction is a known bug.
    pub fn forget_reduced(&mut self, dir: &Path) {
        self.reduced.retain(|r| r.dir != dir);
    }

    /// Notes `error`, a finding that could not be written, on one line: the campaign stops.
    pub fn record_write_failure(&mut self, error: &anyhow::Error) {
        self.write_failure = Some(format!("{error:#}").replace('\n', " "));
    }

    /// Counts `modules` modules of a batch abandoned on a stop (run on killed workers, not
    /// compared).
    pub fn record_abandoned(&mut self, modules: usize) {
        self.abandoned += modules as u64;
    }

    /// Closes the statistics of a job that ran on `engines` for `elapsed`: its time, the
    /// configuration swarm's refusals and avoidances, and a report per worker, whose resident
    /// memory at the start was `rss_start` (one entry per slot, in order, as
    /// [`EngineSet::slot_heads`] gives them).
    pub fn finish_job(&mut self, engines: &EngineSet, rss_start: Vec<Option<u64>>, elapsed: Duration) {
        self.elapsed = elapsed;
        self.time.busy = elapsed;
        if let Some(swarm) = engines.config_swarm() {
            self.config_refusals = swarm.refusals();
            self.avoided = swarm.avoided();
        }
        self.workers = engines
            .slot_heads()
            .zip(rss_start)
            .filter_map(|((slot, e), rss_start)| {
                let w = e.worker_stats()?;
                Some(WorkerReport {
                    engine: slot.into(),
                    restarts: w.restarts,
                    recycles: w.recycles,
                    hangs_not_reproduced: w.hangs_not_reproduced,
                    killed_from_outside: w.killed_from_outside,
                    rss_start,
                    rss_end: w.rss_bytes,
                })
            })
            .collect();
    }

    /// Counts a divergence of signature `signature` that `found` says is a known bug, with the
    /// reduced module `reduced` that showed it (when there is one).
    pub fn note_known(&mut self, found: &crate::known::Match<'_>, signature: &str, reduced: Option<&[u8]>) {
        let name = &found.entry.name;
        *self.known.entry(name.clone()).or_default() += 1;
        self.known_notes
            .entry(name.clone())
            .or_default()
            .note(found, signature, reduced);
    }

    /// Adds the statistics of another job of the same campaign: counts and times summed, lists
    /// joined, the elapsed time the longer of the two.
    pub fn merge(&mut self, other: CampaignStats) {
        fn add<K: Ord>(into: &mut BTreeMap<K, u64>, from: BTreeMap<K, u64>) {
            for (k, n) in from {
                *into.entry(k).or_default() += n;
            }
        }
        self.modules += other.modules;
        add(&mut self.discarded, other.discarded);
        add(&mut self.divergences, other.divergences);
        add(&mut self.call_outcomes, other.call_outcomes);
        self.new_findings.extend(other.new_findings);
        self.reduced.extend(other.reduced);
        self.reduce_failures.extend(other.reduce_failures);
        self.stack_reruns += other.stack_reruns;
        self.workers.extend(other.workers);
        self.elapsed = self.elapsed.max(other.elapsed);
        self.jobs += other.jobs;
        self.samples.extend(other.samples);
        self.configurations.extend(other.configurations);
        self.config_refusals.extend(other.config_refusals);
        add(&mut self.known, other.known);
        for (name, notes) in other.known_notes {
            self.known_notes.entry(name).or_default().merge(notes);
        }
        for (name, dir) in other.known_first {
            self.known_first.entry(name).or_insert(dir);
        }
        self.unknown_divergences += other.unknown_divergences;
        add(&mut self.avoided, other.avoided);
        add(&mut self.feature_runs, other.feature_runs);
        add(&mut self.sat_out, other.sat_out);
        self.paired += other.paired;
        self.reach.merge(other.reach);
        self.pairs.merge(other.pairs);
        for (name, strategy) in other.strategies {
            self.strategies.entry(name).or_default().merge(strategy);
        }
        if self.coverage.is_empty() {
            self.coverage = other.coverage;
        }
        self.stopped |= other.stopped;
        self.abandoned += other.abandoned;
        self.write_failure = self.write_failure.take().or(other.write_failure);
        let (t, o) = (&mut self.time, other.time);
        t.generate += o.generate;
        for (name, d) in o.execute {
            *t.execute.entry(name).or_default() += d;
        }
        t.engines_wall += o.engines_wall;
        t.critical += o.critical;
        t.compare += o.compare;
        t.record += o.record;
        t.reduce += o.reduce;
        t.busy += o.busy;
    }

    /// Records where a module using `used` runs: on the slots `routed` (indices into `slots`, the
    /// slot names), and that the other slots sat it out. A module run on fewer than two slots (of a
    /// run of two or more) is discarded, so it counts for no slot.
    pub fn note_routed(&mut self, slots: &[&str], routed: &[usize], used: FeatureSet) {
        for (i, name) in slots.iter().enumerate() {
            if !routed.contains(&i) {
                *self.sat_out.entry(name.to_string()).or_default() += 1;
            } else if routed.len() >= 2.min(slots.len()) {
                for feature in used.iter() {
                    *self.feature_runs.entry((name.to_string(), feature.name())).or_default() += 1;
                }
            }
        }
    }

    /// Records the units (ISLE rules, instructions) that `case` instantiates under its strategy.
    pub fn note_instantiated(&mut self, case: &TestCase) {
        let units = match &case.source {
            Source::Isle(units) | Source::Ops(units) => units,
            _ => return,
        };
        let entry = self.strategies.entry(case.strategy).or_default();
        for unit in units {
            if !entry.instantiated.contains(unit) {
                entry.instantiated.insert(unit.clone());
            }
        }
    }

    /// Per strategy with coverage: `(strategy, group, units in scope, expressible, instantiated)`.
    pub fn coverage_rows(&self) -> Vec<(&'static str, &'static str, usize, usize, usize)> {
        let mut rows = Vec::new();
        for (name, coverage) in &self.coverage {
            let seen = self.strategies.get(name).map(|s| &s.instantiated);
            for &(group, in_scope, expressible) in &coverage.groups {
                let instantiated = seen.map_or(0, |seen| {
                    seen.iter().filter(|u| (coverage.group_of)(u) == group).count()
                });
                rows.push((*name, group, in_scope, expressible, instantiated));
            }
        }
        rows
    }

    /// The counts the progress display shows.
    pub fn progress(&self) -> Progress {
        Progress {
            modules: self.modules,
            divergences: self.divergence_count(),
            discarded: self.discarded_count(),
            new_findings: self.new_findings.len() as u64,
            known: self.known.values().sum(),
        }
    }

    /// Wall time summed over the jobs, each job's own ([`TimeSplit::busy`]; for statistics
    /// without it, the campaign's time once per job): the denominator of the time shares.
    pub fn job_time(&self) -> Duration {
        if self.time.busy > Duration::ZERO {
            return self.time.busy;
        }
        self.elapsed * u32::try_from(self.jobs.max(1)).unwrap_or(u32::MAX)
    }

    /// Total divergences.
    pub fn divergence_count(&self) -> u64 {
        self.divergences.values().sum()
    }

    /// Total discarded modules.
    pub fn discarded_count(&self) -> u64 {
        self.discarded.values().sum()
    }

    /// Modules per second of wall time.
    pub fn rate(&self) -> f64 {
        self.modules as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// Worker deaths from outside that re-runs did not repeat, summed over the workers.
    pub fn killed_from_outside(&self) -> u64 {
        self.workers.iter().map(|w| w.killed_from_outside).sum()
    }

    /// Hangs that re-runs did not reproduce, summed over the workers.
    pub fn hangs_not_reproduced(&self) -> u64 {
        self.workers.iter().map(|w| w.hangs_not_reproduced).sum()
    }
}
