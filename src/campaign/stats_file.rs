//! The machine-readable account of a campaign (`crosscheck fuzz --stats FILE`), which
//! `crosscheck report` reads back.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use crosscheck_oracles::PhaseTimes;
use serde::{Deserialize, Serialize};

use super::pairs::PairFigures;
use super::reach::ReachFigures;
use super::{CampaignStats, Sample};
use crate::finding::atomic::{temp_path, write_file};

/// Seconds spent in each phase, summed over the jobs (the JSON names drop the `_secs` suffix).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PhaseSeconds {
    /// Generating modules and plans.
    #[serde(rename = "generate")]
    pub generate_secs: f64,
    /// From starting a module's engines to the last one finishing.
    #[serde(rename = "engines")]
    pub engines_secs: f64,
    /// Of `engines`: compilation on the engines' path of each module (the slowest engine's, or
    /// every engine's when they run one after the other).
    #[serde(rename = "compile")]
    pub compile_secs: f64,
    /// Of `engines`: instantiation on that path.
    #[serde(rename = "instantiate")]
    pub instantiate_secs: f64,
    /// Of `engines`: the planned calls on that path.
    #[serde(rename = "calls")]
    pub calls_secs: f64,
    /// Of `engines`: capturing the state after each step on that path (the harness's work, done
    /// in the engines' processes; see [`PhaseTimes::snapshot`]).
    #[serde(default, rename = "snapshot")]
    pub snapshot_secs: f64,
    /// Of `engines`: dropping instances, stores and modules on that path.
    #[serde(rename = "teardown")]
    pub teardown_secs: f64,
    /// Of `engines`: moving requests and records to and from workers on that path.
    #[serde(rename = "transport")]
    pub transport_secs: f64,
    /// Comparing executions (and starting the engines' threads).
    #[serde(rename = "compare")]
    pub compare_secs: f64,
    /// Writing findings.
    #[serde(rename = "record")]
    pub record_secs: f64,
    /// Reducing new findings.
    #[serde(rename = "reduce")]
    pub reduce_secs: f64,
    /// The wall time of every job, summed: the denominator of the shares.
    #[serde(rename = "total")]
    pub total_secs: f64,
}

impl PhaseSeconds {
    /// The engines' own phases, in seconds: compilation, instantiation, calls and teardown (not
    /// state capture or transport, which are the harness's work on the engines' path).
    pub fn engine_phases(&self) -> f64 {
        self.compile_secs + self.instantiate_secs + self.calls_secs + self.teardown_secs
    }
}

/// One generation strategy of a campaign.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StrategyFigures {
    /// Modules drawn for it, discarded ones included.
    pub modules: u64,
    /// Of those, discarded ones.
    pub discarded: u64,
    /// Divergences, repeats included.
    pub divergences: u64,
    /// Findings its modules were the first of.
    pub new_findings: u64,
    /// Generating its modules and plans, in seconds on the generator threads.
    pub generate_secs: f64,
    /// Per group of units it counts (`mid-end`, `x64`, `aarch64` for `isle`): units in scope,
    /// expressible, and instantiated by this campaign.
    #[serde(default)]
    pub coverage: BTreeMap<String, CoverageFigures>,
}

/// Coverage of one group of a strategy's units.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CoverageFigures {
    /// Units in scope (rules with a `simplify` or `lower` root, catalogued instructions).
    pub in_scope: usize,
    /// Of those, the ones the strategy can express.
    pub expressible: usize,
    /// Of those, the ones the campaign instantiated.
    pub instantiated: usize,
}

/// One campaign, as `crosscheck fuzz --stats` writes it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StatsFile {
    /// A name for the campaign, e.g. `x86_64` (the `--label`, else the engine list).
    pub label: String,
    /// The engines, as `EngineSet::describe` gives them.
    pub engines: String,
    /// The generation mode.
    pub mode: String,
    /// The campaign seed.
    pub seed: u64,
    /// Jobs run in parallel.
    pub jobs: u64,
    /// Wall time, in seconds.
    pub elapsed_secs: f64,
    /// Modules generated (discarded ones included).
    pub modules: u64,
    /// Modules per second of wall time.
    pub modules_per_sec: f64,
    /// Discarded modules by reason.
    pub discarded: BTreeMap<String, u64>,
    /// Divergences by class, repeats of a signature included.
    pub divergences: BTreeMap<String, u64>,
    /// How calls ended on the first engine, by outcome.
    pub call_outcomes: BTreeMap<String, u64>,
    /// The finding directories this campaign created.
    pub new_findings: Vec<String>,
    /// Divergences that matched a known bug, by the bug's name (absent from records written
    /// before known-bug matching).
    #[serde(default)]
    pub known: BTreeMap<String, u64>,
    /// How each known bug's divergences showed, by the bug's name (absent from records written
    /// before these notes).
    #[serde(default)]
    pub known_notes: BTreeMap<String, crate::known::Absorbed>,
    /// Configuration draws changed to avoid a known bug, by its name.
    #[serde(default)]
    pub avoided: BTreeMap<String, u64>,
    /// Where the time went, in seconds.
    pub time: PhaseSeconds,
    /// The counts over time.
    pub samples: Vec<Sample>,
    /// The command line.
    pub command_line: Vec<String>,
    /// Per generation strategy, by name (absent from records written before strategies).
    #[serde(default)]
    pub strategies: BTreeMap<String, StrategyFigures>,
    /// The campaign ended early on SIGINT or SIGTERM.
    #[serde(default)]
    pub stopped: bool,
    /// Modules in flight abandoned when it stopped (not compared).
    #[serde(default)]
    pub abandoned: u64,
    /// Worker deaths from outside (SIGKILL, SIGTERM, SIGINT, SIGHUP) that re-runs did not repeat:
    /// not findings.
    #[serde(default)]
    pub killed_from_outside: u64,
    /// Worker hangs that re-runs did not reproduce (machine load): not findings.
    #[serde(default)]
    pub hangs_not_reproduced: u64,
    /// The finding that could not be written, which stopped the campaign.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub write_failure: Option<String>,
    /// Per engine (each slot, then each variant of a slot of several): the instructions it
    /// compiles and those the campaign ran on it (absent from records written before reach).
    #[serde(default)]
    pub reach: Vec<ReachFigures>,
    /// Per setting and the family of instructions it changes, the modules that met it (absent
    /// from records written before pair coverage).
    #[serde(default)]
    pub pairs: Vec<PairFigures>,
    /// Where modules ran by what they use (absent from records written before routing).
    #[serde(default)]
    pub routing: RoutingFigures,
}

/// Where a campaign's modules ran by the features they use (docs/design.md, "Routing by what a
/// module uses"): the counts of [`CampaignStats::note_routed`] and of the modules paired on two
/// variants of one slot.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoutingFigures {
    /// Modules that only one slot of a run of several compiles, run on two of its variants.
    pub paired: u64,
    /// Per engine slot: the modules it sat out because they use a feature it does not compile.
    pub sat_out: BTreeMap<String, u64>,
    /// Per engine slot, per feature name: the modules using the feature that ran on the slot.
    pub feature_runs: BTreeMap<String, BTreeMap<String, u64>>,
}

impl RoutingFigures {
    /// The figures of `stats`.
    pub fn of(stats: &CampaignStats) -> RoutingFigures {
        let mut feature_runs: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
        for ((slot, feature), n) in &stats.feature_runs {
            feature_runs
                .entry(slot.clone())
                .or_default()
                .insert(feature.to_string(), *n);
        }
        RoutingFigures {
            paired: stats.paired,
            sat_out: stats.sat_out.clone(),
            feature_runs,
        }
    }

    /// The slots that sat a module out or ran one, in name order.
    pub fn slots(&self) -> std::collections::BTreeSet<&String> {
        self.sat_out.keys().chain(self.feature_runs.keys()).collect()
    }

    /// Whether routing changed anything: a module sat out or paired.
    pub fn is_empty(&self) -> bool {
        self.paired == 0 && self.sat_out.values().all(|n| *n == 0)
    }
}

fn strategy_records(stats: &CampaignStats) -> BTreeMap<String, StrategyFigures> {
    let mut out: BTreeMap<String, StrategyFigures> = stats
        .strategies
        .iter()
        .map(|(name, s)| {
            (
                name.to_string(),
                StrategyFigures {
                    modules: s.modules,
                    discarded: s.discarded,
                    divergences: s.divergences,
                    new_findings: s.new_findings,
                    generate_secs: s.generate.as_secs_f64(),
                    coverage: BTreeMap::new(),
                },
            )
        })
        .collect();
    for (name, group, in_scope, expressible, instantiated) in stats.coverage_rows() {
        out.entry(name.to_string()).or_default().coverage.insert(
            group.to_string(),
            CoverageFigures {
                in_scope,
                expressible,
                instantiated,
            },
        );
    }
    out
}

impl StatsFile {
    /// The record of a campaign that ended with `stats`.
    pub fn new(
        label: &str,
        engines: &str,
        mode: &str,
        seed: u64,
        stats: &CampaignStats,
        command_line: &[String],
    ) -> Self {
        let secs = |d: Duration| d.as_secs_f64();
        let t = &stats.time;
        let PhaseTimes {
            compile,
            instantiate,
            calls,
            snapshot,
            teardown,
            transport,
        } = t.critical;
        let discarded = stats
            .discarded
            .iter()
            .map(|(k, n)| (k.name().to_string(), *n))
            .collect();
        let call_outcomes = stats
            .call_outcomes
            .iter()
            .map(|(k, n)| (k.name().to_string(), *n))
            .collect();
        StatsFile {
            label: label.into(),
            engines: engines.into(),
            mode: mode.into(),
            seed,
            jobs: stats.jobs.max(1),
            elapsed_secs: secs(stats.elapsed),
            modules: stats.modules,
            modules_per_sec: stats.rate(),
            discarded,
            divergences: stats
                .divergences
                .iter()
                .map(|(c, n)| (c.name().to_string(), *n))
                .collect(),
            call_outcomes,
            new_findings: stats.new_findings.iter().map(|p| p.display().to_string()).collect(),
            known: stats.known.clone(),
            known_notes: stats.known_notes.clone(),
            avoided: stats.avoided.clone(),
            time: PhaseSeconds {
                generate_secs: secs(t.generate),
                engines_secs: secs(t.engines_wall),
                compile_secs: secs(compile),
                instantiate_secs: secs(instantiate),
                calls_secs: secs(calls),
                snapshot_secs: secs(snapshot),
                teardown_secs: secs(teardown),
                transport_secs: secs(transport),
                compare_secs: secs(t.compare),
                record_secs: secs(t.record),
                reduce_secs: secs(t.reduce),
                total_secs: secs(stats.job_time()),
            },
            samples: stats.samples.clone(),
            command_line: command_line.to_vec(),
            strategies: strategy_records(stats),
            stopped: stats.stopped,
            abandoned: stats.abandoned,
            killed_from_outside: stats.killed_from_outside(),
            hangs_not_reproduced: stats.hangs_not_reproduced(),
            write_failure: stats.write_failure.clone(),
            reach: stats.reach.figures(),
            pairs: stats.pairs.figures(),
            routing: RoutingFigures::of(stats),
        }
    }

    /// Writes the record as pretty JSON to `path`, atomically (a reader never sees half of it).
    ///
    /// # Errors
    ///
    /// When the file cannot be written.
    pub fn write(&self, path: &Path) -> Result<()> {
        let json = serde_json::to_vec_pretty(self)?;
        write_file(path, &json).context("cannot write campaign statistics")
    }

    /// Checks that a record can be written to `path` (by writing and removing a file beside it),
    /// so that a campaign fails before it starts rather than after it ran.
    ///
    /// # Errors
    ///
    /// When `path` is a directory or a file cannot be created where it is.
    pub fn check_writable(path: &Path) -> Result<()> {
        if path.is_dir() {
            bail!("cannot write campaign statistics {}: it is a directory", path.display());
        }
        let probe = temp_path(path);
        std::fs::write(&probe, b"").with_context(|| format!("cannot write campaign statistics {}", path.display()))?;
        std::fs::remove_file(&probe).ok();
        Ok(())
    }

    /// Reads a record written by [`StatsFile::write`].
    ///
    /// # Errors
    ///
    /// When the file is missing or is not a campaign record.
    pub fn read(path: &Path) -> Result<StatsFile> {
        let text = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        serde_json::from_slice(&text).with_context(|| format!("{} is not a campaign record", path.display()))
    }

    /// The harness's own share of the wall time, in percent: generation, state capture,
    /// comparison, writing findings, worker transport, and what no phase accounts for (loop and
    /// thread overhead). Compilation, instantiation, calls, teardown and reduction are the
    /// engines' work.
    pub fn harness_share(&self) -> f64 {
        let t = &self.time;
        let engines_work = t.engine_phases() + t.reduce_secs;
        100.0 * (t.total_secs - engines_work).max(0.0) / t.total_secs.max(1e-9)
    }
}
