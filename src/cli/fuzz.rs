//! `crosscheck fuzz`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Result, anyhow, bail};

use super::args::{IsolationArgs, Switch};
use crate::campaign::{self, JobEngines, Options, StatsFile, Swarm};
use crate::engines::{EngineSet, Isolation};
use crate::finding::FindingStore;
use crate::generate::Mode;
use crate::generate::registry::Registered;
use crate::known::KnownList;

/// The arguments of `crosscheck fuzz`.
#[derive(Debug, clap::Args)]
pub struct FuzzArgs {
    /// Comma-separated engines; a bare `cranelift-<arch>` runs one opt-level variant per module;
    /// `all` is every engine available here (aarch64 ones under QEMU once
    /// `scripts/setup-cross.sh` has run).
    #[arg(long, default_value_t = crate::engines::default_list())]
    engines: String,
    /// Stop after this many seconds (at least 1).
    #[arg(long = "duration", value_name = "DURATION", default_value_t = 60)]
    duration_secs: u64,
    /// Stop after this many modules (in addition to --duration; at least 1).
    #[arg(long)]
    modules: Option<u64>,
    /// The campaign seed: the same seed gives the same modules and plans.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// `default`: terminating modules; `fuel`: the same with engine fuel (class `fuel`);
    /// `traps`: biased toward traps, non-terminating code stopped by interrupts;
    /// `spec`: the spec test suite's modules with generated call plans, in interrupt mode.
    #[arg(long, value_enum, default_value_t = Mode::Default)]
    mode: Mode,
    /// The finding directory.
    #[arg(long, default_value = "findings")]
    out: PathBuf,
    /// Reduce each new finding right after recording it, between modules (the campaign waits;
    /// the time counts toward --duration), and match its reduction against the known bugs again:
    /// a match counts it as that known bug ("matched after reduction") instead of a finding.
    #[arg(long)]
    reduce: bool,
    /// Time budget of each reduction, in seconds (with --reduce).
    #[arg(long = "reduce-time", value_name = "REDUCE_TIME", default_value_t = 60)]
    reduce_time_secs: u64,
    /// Campaigns run in parallel, each with its own worker processes and its share of the
    /// modules (job j runs modules j, j+N, ...); findings are merged by signature into --out.
    /// Default: one per core.
    #[arg(long)]
    jobs: Option<usize>,
    /// Also write the campaign's statistics as JSON to this file (read by `crosscheck report`):
    /// modules, rates, discards, divergences, new findings, the time split and samples over time.
    #[arg(long, value_name = "FILE")]
    stats: Option<PathBuf>,
    /// The campaign's name in --stats (default: the engine list).
    #[arg(long, requires = "stats")]
    label: Option<String>,
    /// `on`: each module runs its engines in configurations drawn from a pool by the seed
    /// (Cranelift register allocator, ISA features off, memory reservation and guards,
    /// signal-based traps, fuel and epoch checks, wasmi compilation mode; see `crosscheck
    /// engines --configs`); `off`: every engine in its default configuration, or the settings
    /// given with it in --engines.
    #[arg(long, value_enum, default_value_t = Switch::On)]
    config_swarm: Switch,
    #[arg(long, value_name = "LIST", default_value = "all", long_help = crate::generate::registry::help())]
    /// Module generators to run, comma-separated, or `all`.
    strategies: String,
    /// A known-bug list (the format of corpora/known.toml) added to the built-in one;
    /// repeatable; `none` empties the list, so that every divergence is reported. A divergence that matches a known bug is counted under its name and
    /// its first instance kept in OUT/known/NAME/; the exit status is 1 only for others.
    #[arg(long = "known", value_name = "FILE")]
    known: Vec<PathBuf>,
    /// `on`: the configuration swarm leaves at its default the setting of each known bug that
    /// says how to avoid it (`avoid` in corpora/known.toml) for the modules that trigger it, so
    /// that a known crash does not cost a worker restart per module; `off`: draw them anyway
    /// (the nightly's weekly run, which checks that the known bugs still reproduce).
    #[arg(long, value_enum, default_value_t = Switch::On)]
    avoid_known: Switch,
    #[command(flatten)]
    isolation: IsolationArgs,
}

/// The default of `--jobs`: one job per core.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

impl FuzzArgs {
    /// Runs the campaign: exit 0 when every divergence was a known bug (or none was found), 1 on
    /// a new finding, 2 when a finding could not be written (after the summary and `--stats`),
    /// [`crate::stop::EXIT_STOPPED`] when stopped by a signal without a new finding.
    ///
    /// # Errors
    ///
    /// An unreadable known-bug list, an unknown strategy or engine, a bad `--watchdog`, a
    /// `--jobs`, `--modules` or `--duration` of 0, an unwritable finding directory or `--stats`
    /// file, or signal handlers that cannot be installed.
    pub fn run(self) -> Result<ExitCode> {
        if self.duration_secs == 0 {
            bail!("--duration must be at least 1 second");
        }
        if self.modules == Some(0) {
            bail!("--modules must be at least 1");
        }
        let known = KnownList::from_args(&self.known)?;
        let strategies = crate::generate::registry::parse_list(&self.strategies)?;
        let isolation = self.isolation.isolation()?;
        campaign_run(&self, known, strategies, &isolation)
    }
}

/// [`FuzzArgs::run`] with the known bugs, the strategies and the isolation read.
fn campaign_run(
    args: &FuzzArgs,
    known: KnownList,
    strategies: Vec<&'static Registered>,
    isolation: &Isolation,
) -> Result<ExitCode> {
    let store = FindingStore::open(&args.out)?;
    if let Some(path) = &args.stats {
        StatsFile::check_writable(path)?;
    }
    let mut jobs = args.jobs.unwrap_or_else(default_jobs);
    if jobs == 0 {
        return Err(anyhow!("--jobs must be at least 1"));
    }
    if let Some(m) = args.modules {
        jobs = jobs.min(usize::try_from(m.max(1)).unwrap_or(usize::MAX));
    }
    // Before the first worker starts, so that workers leave SIGINT to the harness.
    crate::stop::install()?;
    // The first job's engines are built here, so that a bad engine list fails before any job starts.
    let first = EngineSet::from_list(&args.engines, isolation)?;
    let described = first.describe();
    let proposals: Vec<&str> = first.proposals().iter().map(|p| p.name()).collect();
    let jobs_note = if jobs > 1 {
        format!(", {jobs} jobs")
    } else {
        String::new()
    };
    let swarm = if args.config_swarm.is_on() { "on" } else { "off" };
    println!(
        "crosscheck fuzz: seed {}{jobs_note}, engines: {described}, configuration swarm {swarm}",
        args.seed
    );
    println!("proposals every engine compiles: {}", proposals.join(", "));
    let partial: Vec<&str> = first
        .reach()
        .iter()
        .filter(|p| !first.proposals().contains(*p))
        .map(|p| p.name())
        .collect();
    if !partial.is_empty() {
        println!(
            "proposals only some engines compile (drawn less often; each module runs on the engines that compile \
             what it uses): {}",
            partial.join(", ")
        );
    }
    let avoiding = known.entries().iter().filter(|k| k.avoid.is_some()).count();
    println!(
        "known bugs: {} (counted apart, not reported){}",
        known.entries().len(),
        if args.config_swarm.is_on() && args.avoid_known.is_on() && avoiding > 0 {
            format!("; the swarm avoids the settings of {avoiding}")
        } else {
            String::new()
        }
    );
    if args.mode != Mode::Spec {
        let weights: Vec<String> = strategies.iter().map(|s| format!("{} {}", s.name, s.weight)).collect();
        println!("strategies (weights): {}", weights.join(", "));
        let generator = crate::generate::Generator::with_strategies(first.reach(), args.mode, &strategies);
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
    let options = Options::new(args.seed)
        .with_mode(args.mode)
        .with_duration(Some(Duration::from_secs(args.duration_secs)))
        .with_modules(args.modules)
        .with_progress(true)
        .with_reduce(args.reduce.then(|| Duration::from_secs(args.reduce_time_secs)))
        .with_strategies(strategies)
        .with_known(known.clone());
    let avoided = known.settings_to_avoid();
    let swarm = match (args.config_swarm.is_on(), args.avoid_known.is_on()) {
        (true, true) => Swarm::Avoiding(&avoided),
        (true, false) => Swarm::On,
        (false, _) => Swarm::Off,
    };
    let engines = JobEngines::new(&args.engines, isolation)
        .with_swarm(args.seed, swarm)
        .with_first(first);
    let stats = campaign::run_jobs(&|job| engines.build(job), &store, &options, jobs)?;
    print!("{}", crate::report::campaign_summary(&stats));
    let mut failed = false;
    if let Err(e) = crate::known::absorbed::save(store.root(), &stats.known_notes) {
        eprintln!("error: {}", format!("{e:#}").replace('\n', " "));
        failed = true;
    }
    if let Some(path) = &args.stats {
        let label = args.label.clone().unwrap_or_else(|| args.engines.clone());
        let mode = clap::ValueEnum::to_possible_value(&args.mode).map_or_else(String::new, |v| v.get_name().into());
        let written = StatsFile::new(&label, &described, &mode, args.seed, &stats, &options.command_line).write(path);
        if let Err(e) = written {
            eprintln!("error: {}", format!("{e:#}").replace('\n', " "));
            failed = true;
        }
    }
    if stats.divergence_count() > 0 {
        println!("findings in {}", store.root().display());
    }
    if let Some(failure) = &stats.write_failure {
        eprintln!("error: {failure}");
        failed = true;
    }
    Ok(exit_code(failed, &stats))
}

/// The exit status of a campaign that ended with `stats`, `failed` when a finding or its record
/// could not be written: 2 then, else 1 when a divergence is no known bug, else 130 when a signal
/// stopped it, else 0.
fn exit_code(failed: bool, stats: &campaign::CampaignStats) -> ExitCode {
    if failed {
        ExitCode::from(super::EXIT_ERROR)
    } else if stats.unknown_divergences > 0 {
        ExitCode::from(super::EXIT_DIVERGENCE)
    } else if stats.stopped {
        ExitCode::from(crate::stop::EXIT_STOPPED)
    } else {
        ExitCode::SUCCESS
    }
}
