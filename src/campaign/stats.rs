//! Campaign statistics: modules, discards by reason, divergences by class, and where the wall time
//! went.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Duration;

use crosscheck_oracles::{FeatureSet, PhaseTimes, StepOutcome, TrapKind};

use super::monitor::{Progress, Sample};
use super::pairs::PairCoverage;
use super::reach::Reach;
use crate::compare::Class;
use crate::discard::DiscardReason;
use crate::generate::strategy::Coverage;
use crate::generate::{Source, TestCase};
use crate::known::Absorbed;

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

    /// The end-of-campaign summary, several lines; a campaign stopped early says so first.
    pub fn summary(&self) -> String {
        let mut s = String::new();
        if self.stopped {
            let _ = writeln!(
                s,
                "stopped by a signal after {:.1} s: {}",
                self.elapsed.as_secs_f64(),
                if self.abandoned > 0 {
                    format!("{} modules in flight abandoned (not compared)", self.abandoned)
                } else {
                    "the modules in flight finished".to_string()
                }
            );
        }
        if let Some(failure) = &self.write_failure {
            let _ = writeln!(s, "stopped on a failed write: {failure}");
        }
        let pct = |n: u64| 100.0 * n as f64 / self.modules.max(1) as f64;
        let jobs = if self.jobs > 1 {
            format!(", {} jobs", self.jobs)
        } else {
            String::new()
        };
        let _ = writeln!(
            s,
            "modules: {} in {:.1} s ({:.1} modules/s{jobs})",
            self.modules,
            self.elapsed.as_secs_f64(),
            self.rate()
        );
        let reasons: Vec<String> = self.discarded.iter().map(|(r, n)| format!("{r} {n}")).collect();
        let _ = writeln!(
            s,
            "discarded: {} ({:.1}%){}{}",
            self.discarded_count(),
            pct(self.discarded_count()),
            if reasons.is_empty() { "" } else { ": " },
            reasons.join(", ")
        );
        let calls: u64 = self.call_outcomes.values().sum();
        let mut outcomes: Vec<(&str, u64)> = self.call_outcomes.iter().map(|(k, n)| (k.name(), *n)).collect();
        outcomes.sort_by_key(|(k, n)| (std::cmp::Reverse(*n), *k));
        let outcomes: Vec<String> = outcomes
            .iter()
            .map(|(k, n)| format!("{k} {:.1}%", 100.0 * *n as f64 / calls.max(1) as f64))
            .collect();
        let _ = writeln!(s, "calls: {calls} ({})", outcomes.join(", "));
        for (name, st) in &self.strategies {
            let _ = writeln!(
                s,
                "strategy {name}: {} modules ({:.1}%), {} discarded, {} divergences, {} new findings, \
                 generation {:.2} ms per module",
                st.modules,
                pct(st.modules),
                st.discarded,
                st.divergences,
                st.new_findings,
                1e3 * st.generate.as_secs_f64() / st.modules.max(1) as f64
            );
        }
        for (name, group, in_scope, expressible, instantiated) in self.coverage_rows() {
            let unit = self
                .coverage
                .iter()
                .find(|(n, _)| *n == name)
                .map_or("units", |(_, c)| c.unit);
            let _ = writeln!(
                s,
                "strategy {name} coverage, {group}: {instantiated} of {expressible} expressible {unit} instantiated \
                 ({:.1}%; {in_scope} {unit} in scope)",
                100.0 * instantiated as f64 / expressible.max(1) as f64
            );
        }
        let configured = self.configurations.iter().filter(|n| n.contains(',')).count();
        let _ = writeln!(
            s,
            "engine configurations: {} distinct, {configured} of them not the default",
            self.configurations.len()
        );
        for (name, reason) in &self.config_refusals {
            let _ = writeln!(s, "configuration refused: {name}: {reason}");
        }
        let _ = writeln!(
            s,
            "stack-overflow re-runs with a {}x stack: {}",
            crate::execute::STACK_RERUN_SCALE,
            self.stack_reruns
        );
        let classes: Vec<String> = self
            .divergences
            .iter()
            .map(|(c, n)| format!("{} {n}", c.name()))
            .collect();
        let known: u64 = self.known.values().sum();
        let _ = writeln!(
            s,
            "divergences: {}{}{} ({} of known bugs; {} new findings)",
            self.divergence_count(),
            if classes.is_empty() { "" } else { ": " },
            classes.join(", "),
            known,
            self.new_findings.len()
        );
        for (name, n) in &self.known {
            let first = self
                .known_first
                .get(name)
                .map_or(String::new(), |d| format!(", first instance in {}", d.display()));
            let notes = self.known_notes.get(name).map(Absorbed::describe).unwrap_or_default();
            let _ = writeln!(s, "  known bug {name}: {n} divergences{first}{notes}");
        }
        let slots: BTreeSet<&String> = self
            .sat_out
            .keys()
            .chain(self.feature_runs.keys().map(|(s, _)| s))
            .collect();
        for slot in slots {
            let n = self.sat_out.get(slot).copied().unwrap_or_default();
            let reached: Vec<String> = self
                .feature_runs
                .iter()
                .filter(|((s, _), _)| s == slot)
                .map(|((_, f), n)| format!("{f} {n}"))
                .collect();
            let _ = writeln!(
                s,
                "  {slot}: sat out {n} modules using a feature it does not compile; ran modules using {}",
                reached.join(", ")
            );
        }
        if self.paired > 0 {
            let _ = writeln!(
                s,
                "  {} modules only one engine slot compiles ran on two of its variants",
                self.paired
            );
        }
        for line in self.reach.summary_lines() {
            let _ = writeln!(s, "reach: {line}");
        }
        if let Some(line) = self.pairs.summary_line() {
            let _ = writeln!(s, "pairs: {line}");
        }
        for (name, n) in &self.avoided {
            let _ = writeln!(
                s,
                "  avoided known bug {name}: {n} engine configurations drawn without its setting"
            );
        }
        for dir in &self.new_findings {
            let reduced = self.reduced.iter().find(|r| &r.dir == dir);
            let failed = self.reduce_failures.iter().find(|f| &f.dir == dir);
            let note = match (reduced, failed) {
                (Some(r), _) => format!(" (reduced {} -> {} bytes)", r.original_bytes, r.reduced_bytes),
                (_, Some(f)) => format!(" (not reduced: {})", f.error),
                _ => String::new(),
            };
            let _ = writeln!(s, "  new finding: {}{note}", dir.display());
        }
        let mib = |b: Option<u64>| b.map_or("-".to_string(), |b| format!("{:.1} MiB", b as f64 / (1 << 20) as f64));
        for w in &self.workers {
            let mut notes = if w.recycles > 0 {
                format!("{} recycled for memory, ", w.recycles)
            } else {
                String::new()
            };
            if w.hangs_not_reproduced > 0 {
                notes.push_str(&format!(
                    "{} hangs not reproduced by a re-run (machine load), ",
                    w.hangs_not_reproduced
                ));
            }
            if w.killed_from_outside > 0 {
                notes.push_str(&format!(
                    "{} killed from outside (not repeated by a re-run), ",
                    w.killed_from_outside
                ));
            }
            let _ = writeln!(
                s,
                "worker {}: {} restarts, {notes}memory {} at start, {} at end",
                w.engine,
                w.restarts,
                mib(w.rss_start),
                mib(w.rss_end)
            );
        }
        let total = self.job_time().as_secs_f64().max(1e-9);
        let share = |d: Duration| 100.0 * d.as_secs_f64() / total;
        let busy: Vec<String> = self
            .time
            .execute
            .iter()
            .map(|(n, d)| format!("{n} {:.1}%", share(*d)))
            .collect();
        let t = &self.time;
        let _ = writeln!(
            s,
            "time: generate {:.1}%, engines {:.1}% (compile {:.1}%, instantiate {:.1}%, calls {:.1}%, \
             state capture {:.1}%, teardown {:.1}%, worker transport {:.1}%), compare {:.1}%, record {:.1}%, \
             reduce {:.1}%",
            share(t.generate),
            share(t.engines_wall),
            share(t.critical.compile),
            share(t.critical.instantiate),
            share(t.critical.calls),
            share(t.critical.snapshot),
            share(t.critical.teardown),
            share(t.critical.transport),
            share(t.compare),
            share(t.record),
            share(t.reduce),
        );
        let _ = writeln!(s, "engines busy (they run concurrently): {}", busy.join(", "));
        s
    }
}
