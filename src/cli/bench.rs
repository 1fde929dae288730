//! `crosscheck bench`: a fixed, seeded workload on each engine set, with where the time went.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::OnceLock;
use std::time::Instant;

use crosscheck_oracles::ProposalSet;

use anyhow::{Context, Result, bail};

use super::args::{IsolationArgs, Switch};
use crate::campaign::{self, JobEngines, Options, StatsFile, Swarm};
use crate::engines::emulated;
use crate::engines::{Isolation, default_list};
use crate::execute::Concurrency;
use crate::finding::FindingStore;
use crate::generate::registry::Registered;
use crate::generate::{Generator, Mode};
use crate::known::KnownList;

/// The engine sets benchmarked when none is given: this host's default engines, and the aarch64
/// engines under QEMU when the emulator is installed.
pub fn default_sets() -> Vec<(String, String)> {
    let mut sets = vec![(std::env::consts::ARCH.to_string(), default_list())];
    for emulator in emulated::installed() {
        sets.push((
            format!("{} (qemu)", emulator.arch),
            format!("winch-{0},cranelift-{0}", emulator.arch),
        ));
    }
    sets
}

/// Parses `NAME=ENGINES` (or a bare engine list, named after itself; a `=` after a comma belongs
/// to an engine's settings, `cranelift-x64:o0,regalloc=single_pass`).
fn parse_set(text: &str) -> (String, String) {
    match text.split_once('=') {
        Some((name, list)) if !name.contains(',') && !name.contains(':') => {
            (name.trim().to_string(), list.trim().to_string())
        }
        _ => (text.to_string(), text.to_string()),
    }
}

/// Seeds of a workload generated again alone, to time generation by itself: the first ones (a
/// module costs about the same whichever seed it has).
const GENERATION_SAMPLE: u64 = 1000;

/// Generation against the engines' own work, per module of a workload.
struct GenerationFloor {
    /// Generating one test case alone, on one otherwise idle thread, in seconds.
    generate_secs: f64,
    /// The engines' phases (compile, instantiate, calls, teardown) of one module in the
    /// campaign, summed over its engines, in seconds.
    engines_secs: f64,
    /// Per strategy: test cases generated alone, and seconds per case.
    by_strategy: BTreeMap<&'static str, (u64, f64)>,
}

impl GenerationFloor {
    /// Generation's share of generation and engines together, in percent: the harness share a
    /// campaign cannot go under however cheap its transport and comparison.
    fn share(&self) -> f64 {
        100.0 * self.generate_secs / (self.generate_secs + self.engines_secs).max(1e-12)
    }
}

/// Generates the first [`GENERATION_SAMPLE`] test cases of the workload of `seed` (the campaign's
/// own seeds, for `proposals`, the run's reach and the proposals every engine reaches, and
/// `strategies`) once more, alone, and sets the time per case
/// against the engines' phases per module in `record`.
fn generation_floor(
    proposals: (ProposalSet, ProposalSet),
    strategies: &[&'static Registered],
    seed: u64,
    record: &StatsFile,
) -> GenerationFloor {
    let generator = Generator::with_strategies(proposals.0, Mode::Default, strategies).sharing(proposals.1);
    let sample = record.modules.clamp(1, GENERATION_SAMPLE);
    let mut by_strategy: BTreeMap<&'static str, (u64, f64)> = BTreeMap::new();
    let start = Instant::now();
    for index in 0..sample {
        // Discarded seeds cost their generation too, as in the campaign.
        let t = Instant::now();
        let attempt = generator.attempt(crate::seed::mix(seed, index));
        let entry = by_strategy.entry(attempt.strategy).or_default();
        entry.0 += 1;
        entry.1 += t.elapsed().as_secs_f64();
    }
    for entry in by_strategy.values_mut() {
        entry.1 /= entry.0.max(1) as f64;
    }
    let t = &record.time;
    GenerationFloor {
        generate_secs: start.elapsed().as_secs_f64() / sample as f64,
        engines_secs: t.engine_phases() / record.modules.max(1) as f64,
        by_strategy,
    }
}

/// The arguments of `crosscheck bench`.
#[derive(Debug, clap::Args)]
pub struct BenchArgs {
    /// An engine set, `NAME=ENGINES` or an engine list; repeatable. Default: this host's default
    /// engines, and the aarch64 engines under QEMU when it is installed.
    #[arg(long = "set", value_name = "NAME=ENGINES")]
    sets: Vec<String>,
    /// Modules per engine set.
    #[arg(long, default_value_t = 1000)]
    modules: u64,
    /// The seed of the workload.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Campaign jobs per engine set (as `fuzz --jobs`; default: one per core).
    #[arg(long)]
    jobs: Option<usize>,
    /// Also write the campaign records (as `fuzz --stats`) of every set, as a JSON array.
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
    /// The configuration swarm (as `fuzz --config-swarm`); off by default, so that figures
    /// compare across versions.
    #[arg(long, value_enum, default_value_t = Switch::Off)]
    config_swarm: Switch,
    /// Module generators of the workload, as `fuzz --strategies`.
    #[arg(long, value_name = "LIST", default_value = "all")]
    strategies: String,
    #[command(flatten)]
    isolation: IsolationArgs,
}

impl BenchArgs {
    /// Runs the workload on every engine set and prints the figures; on SIGINT or SIGTERM the
    /// set running stops (its figures are of the modules it ran), no further set runs, and the
    /// exit is [`crate::stop::EXIT_STOPPED`] after the figures and `--json`.
    ///
    /// # Errors
    ///
    /// An unknown strategy or engine, `--modules` or `--jobs` of 0, a bad `--watchdog`, a
    /// `--json` file that cannot be written, or signal handlers that cannot be installed.
    pub fn run(self) -> Result<ExitCode> {
        crate::stop::install()?;
        let strategies = crate::generate::registry::parse_list(&self.strategies)?;
        let isolation = self.isolation.isolation()?;
        bench(&self, &strategies, &isolation)
    }
}

/// Runs the workload of `args` with `strategies`.
fn bench(args: &BenchArgs, strategies: &[&'static Registered], isolation: &Isolation) -> Result<ExitCode> {
    let (modules, seed, config_swarm) = (args.modules, args.seed, args.config_swarm.is_on());
    let jobs = args.jobs.unwrap_or_else(super::fuzz::default_jobs);
    if modules == 0 || jobs == 0 {
        bail!("--modules and --jobs must be at least 1");
    }
    let sets: Vec<(String, String)> = if args.sets.is_empty() {
        default_sets()
    } else {
        args.sets.iter().map(|s| parse_set(s)).collect()
    };
    let scratch = tempfile::tempdir().context("cannot create a scratch directory for findings")?;
    let store = FindingStore::open(scratch.path())?;
    let how = match campaign::concurrency_for(jobs) {
        Concurrency::Parallel => "each module's engines at the same time",
        Concurrency::Sequential => "each module's engines one after the other, each job on one CPU",
    };
    let swarm = if config_swarm { "on" } else { "off" };
    println!(
        "crosscheck bench: seed {seed}, {modules} modules per engine set, {jobs} job(s), {how}, mode default, \
         configuration swarm {swarm}"
    );
    println!(
        "{:<16} {:>8} {:>9} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>9} {:>8} {:>8} {:>8}",
        "set",
        "modules",
        "modules/s",
        "generate",
        "compile",
        "instant.",
        "calls",
        "snapshot",
        "teardown",
        "transport",
        "compare",
        "other",
        "harness"
    );
    let mut records = Vec::new();
    let mut floors = Vec::new();
    let known = KnownList::built_in()?;
    let avoided = known.settings_to_avoid();
    for (name, list) in &sets {
        let options = Options::new(seed)
            .with_modules(Some(modules))
            .with_strategies(strategies.to_vec())
            .with_known(known.clone());
        // As `fuzz`'s swarm by default (`--avoid-known on`): the settings of known bugs left at
        // their default, so that a bench with the swarm measures the configurations a campaign runs.
        let swarm = if config_swarm {
            Swarm::Avoiding(&avoided)
        } else {
            Swarm::Off
        };
        let engines = JobEngines::new(list, isolation).with_swarm(seed, swarm);
        let proposals = OnceLock::new();
        let make = |job: usize| {
            let set = engines.build(job)?;
            proposals.get_or_init(|| (set.reach(), set.proposals()));
            Ok(set)
        };
        // Engines start before the clock: the first set's workers are built and probed here.
        let stats = campaign::run_jobs(&make, &store, &options, jobs)?;
        if let Some(failure) = &stats.write_failure {
            bail!("{failure}");
        }
        let record = StatsFile::new(name, list, "default", seed, &stats, &options.command_line);
        let t = &record.time;
        let pct = |x: f64| format!("{:.1}%", 100.0 * x / t.total_secs.max(1e-9));
        let engines_accounted = t.engine_phases() + t.snapshot_secs + t.transport_secs;
        let other = t.total_secs - t.generate_secs - engines_accounted - t.compare_secs - t.record_secs - t.reduce_secs;
        println!(
            "{:<16} {:>8} {:>9.1} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>9} {:>8} {:>8} {:>8}",
            name,
            record.modules,
            record.modules_per_sec,
            pct(t.generate_secs),
            pct(t.compile_secs),
            pct(t.instantiate_secs),
            pct(t.calls_secs),
            pct(t.snapshot_secs),
            pct(t.teardown_secs),
            pct(t.transport_secs),
            pct(t.compare_secs),
            pct(other.max(0.0)),
            format!("{:.1}%", record.harness_share()),
        );
        if record.stopped {
            println!("{name}: stopped by a signal after {} modules", record.modules);
        }
        if let Some(&proposals) = proposals.get() {
            floors.push((name.clone(), generation_floor(proposals, strategies, seed, &record)));
        }
        records.push(record);
        if crate::stop::requested() {
            break;
        }
    }
    println!(
        "shares of wall time (summed over jobs); compile..transport are on the engines' path of each module \
         (snapshot: capturing the state after each step, in the engines' processes). \
         harness = generate + snapshot + transport + compare + other (the target is under 10%)"
    );
    for (name, floor) in &floors {
        println!(
            "{name}: generation alone takes {:.3} ms per module on one thread, the engines' phases {:.3} ms: \
             generation is {:.1}% of the two",
            1e3 * floor.generate_secs,
            1e3 * floor.engines_secs,
            floor.share()
        );
        let per: Vec<String> = floor
            .by_strategy
            .iter()
            .map(|(name, (n, secs))| format!("{name} {:.3} ms ({n} cases)", 1e3 * secs))
            .collect();
        println!("{name}: generation alone per strategy: {}", per.join(", "));
    }
    for record in &records {
        let reach: Vec<String> = record
            .reach
            .iter()
            .filter(|r| !r.variant)
            .map(|r| format!("{} {}/{} ({:.1}%)", r.engine, r.reached, r.compiles, r.percent()))
            .collect();
        println!(
            "{}: instructions reached of those each engine compiles: {}",
            record.label,
            reach.join(", ")
        );
        let per: Vec<String> = record
            .strategies
            .iter()
            .map(|(name, s)| {
                format!(
                    "{name} {} modules, {} divergences, {} new findings",
                    s.modules, s.divergences, s.new_findings
                )
            })
            .collect();
        println!("{}: per strategy: {}", record.label, per.join("; "));
        let sat_out: Vec<String> = record
            .routing
            .sat_out
            .iter()
            .map(|(slot, n)| format!("{slot} sat out {n}"))
            .collect();
        println!(
            "{}: routing: {} modules paired on two variants of one slot; {}",
            record.label,
            record.routing.paired,
            if sat_out.is_empty() {
                "no slot sat a module out".into()
            } else {
                sat_out.join(", ")
            }
        );
    }
    if let Some(path) = &args.json {
        let text = serde_json::to_vec_pretty(&records)?;
        std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    if crate::stop::requested() {
        return Ok(ExitCode::from(crate::stop::EXIT_STOPPED));
    }
    Ok(ExitCode::SUCCESS)
}
