//! The `crosscheck` command line.

mod bench;
mod engines;
mod export;
mod findings;
mod fuzz;
mod reduce;
mod replay;
mod report;
mod wast;

use std::path::PathBuf;
use std::process::ExitCode;

use std::time::Duration;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use crosscheck_oracles::worker::WorkerCommand;

use crate::engines::Isolation;
use crate::generate::Mode;
use crate::known::KnownList;

/// crosscheck: differential testing and fuzzing of WebAssembly engines.
#[derive(Debug, Parser)]
#[command(name = "crosscheck", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run a differential campaign: random modules on every engine, divergences recorded.
    /// Exits 0 when every divergence was a known bug (or none was found), 1 on a new finding.
    Fuzz {
        /// Comma-separated engines; a bare `cranelift-<arch>` runs one opt-level variant per module;
        /// `all` is every engine available here (aarch64 ones under QEMU once
        /// `scripts/setup-cross.sh` has run).
        #[arg(long, default_value_t = crate::engines::default_list())]
        engines: String,
        /// Stop after this many seconds.
        #[arg(long, default_value_t = 60)]
        duration: u64,
        /// Stop after this many modules (in addition to --duration).
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
        /// the time counts toward --duration).
        #[arg(long)]
        reduce: bool,
        /// Time budget of each reduction, in seconds (with --reduce).
        #[arg(long, default_value_t = 60)]
        reduce_time: u64,
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
    },
    /// Re-run a finding directory (or a bare `.wasm` with a generated plan) on every engine and
    /// print the outcomes side by side. Exits 1 when the engines diverge.
    Replay {
        /// A finding directory, a `.wasm` or `.wat` file, or with --fuzz-input a libFuzzer input.
        input: PathBuf,
        /// Replay the finding's reduced reproducer (`reduced.wasm`, `reduced-plan.json`) on the
        /// engines its reduction ran.
        #[arg(long, conflicts_with = "fuzz_input")]
        reduced: bool,
        /// INPUT is a libFuzzer input of this `cargo fuzz` target (e.g. an artifact
        /// `fuzz/artifacts/differential/crash-...`): decode it as the target does and record a
        /// divergence as a finding directory in --out, then replay that.
        #[arg(long, value_name = "TARGET")]
        fuzz_input: Option<String>,
        /// Where --fuzz-input writes the finding directory.
        #[arg(long, default_value = "findings")]
        out: PathBuf,
        /// Comma-separated engines; default: the finding's engines (all variants for a `.wasm`).
        /// With --fuzz-input, the target's engines or CROSSCHECK_FUZZ_ENGINES.
        #[arg(long, conflicts_with = "fuzz_input")]
        engines: Option<String>,
        /// A known-bug list (the format of corpora/known.toml) added to the built-in one;
        /// repeatable; `none` empties the list, so that every divergence is reported.
        #[arg(long = "known", value_name = "FILE")]
        known: Vec<PathBuf>,
        #[command(flatten)]
        isolation: IsolationArgs,
    },
    /// Minimize a finding: the module with wasm-shrink, then the call plan, keeping the finding's
    /// signature. Writes reduced.wasm, reduced.wat, reduced-plan.json, reduced-outcomes.json and
    /// reduction.json beside the originals.
    Reduce {
        /// The finding directory.
        dir: PathBuf,
        /// Time budget, in seconds.
        #[arg(long, default_value_t = 120)]
        time: u64,
        #[command(flatten)]
        isolation: IsolationArgs,
    },
    /// Write a finding's reproducer (the reduced one when there is one) as a test for engine
    /// developers: a `.wast` script or a standalone Rust test against the wasmtime API, asserting
    /// what the right engines (the majority, or the wasmi oracle on a tie) did; or as a Markdown
    /// bug report with one-line reproductions on wasmtime's and wasmi's own CLIs.
    Export {
        /// The finding directory.
        dir: PathBuf,
        /// `wast`, `rust`, or `report` (a Markdown bug report).
        #[arg(long, value_enum)]
        format: export::Format,
        /// The output file; default: reproducer.wast, reproducer.rs or REPORT.md in the finding
        /// directory.
        #[arg(long)]
        out: Option<PathBuf>,
        /// A known-bug list added to the built-in one (for the report's known-bug line);
        /// repeatable; `none` empties it.
        #[arg(long = "known", value_name = "FILE")]
        known: Vec<PathBuf>,
        #[command(flatten)]
        isolation: IsolationArgs,
    },
    /// List the findings of a directory: class, engines, count, first and last seen, original and
    /// reduced size, and the known bug a finding is; then the known bugs seen (DIR/known/).
    /// Exits 2 when a finding directory is corrupt (after listing the others). With
    /// --stale-known, replays the reproducers of every known bug instead and exits 1 when an
    /// entry's reproducers no longer diverge as it says.
    Findings {
        /// The finding directory.
        #[arg(default_value = "findings")]
        dir: PathBuf,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        /// A known-bug list (the format of corpora/known.toml) added to the built-in one;
        /// repeatable; `none` empties the list, so that every divergence is reported.
        #[arg(long = "known", value_name = "FILE")]
        known: Vec<PathBuf>,
        /// Name the known-bug entries whose reproducers (in --regressions) no longer diverge on
        /// the engines linked here, or diverge otherwise than the entry says.
        #[arg(long)]
        stale_known: bool,
        /// The regression corpus the entries' reproducers are in (with --stale-known).
        #[arg(long, default_value = "corpora/regressions")]
        regressions: PathBuf,
        #[command(flatten)]
        isolation: IsolationArgs,
    },
    /// Run WebAssembly scripts (`.wast`) on every engine; with no files, the official spec suite.
    /// Exits 0 when every result matches the expectations file, 1 on an unexpected failure or pass.
    Wast {
        /// `.wast` files; default: the spec suite (wasm-v3 and the proposals crosscheck knows).
        files: Vec<PathBuf>,
        /// Comma-separated engines; every concrete engine of each name runs every script.
        #[arg(long, default_value_t = crate::engines::default_list())]
        engines: String,
        /// Known failures (TOML); default for the spec suite: corpora/spec/expectations.toml.
        #[arg(long)]
        expectations: Option<PathBuf>,
        /// Print a line per engine and file, and every failure.
        #[arg(long)]
        verbose: bool,
        #[command(flatten)]
        isolation: IsolationArgs,
    },
    /// Write the report of a run of campaigns: report.md, report.json, throughput.svg and
    /// findings.svg. Exits 1 when a finding is new: in no directory of the regression corpus (by
    /// signature) and matched by no known bug.
    Report {
        /// `crosscheck fuzz --stats` files, one per campaign.
        #[arg(required = true)]
        stats: Vec<PathBuf>,
        /// The finding directory the campaigns wrote to.
        #[arg(long, default_value = "findings")]
        findings: PathBuf,
        /// Only findings last seen at or after this time (seconds since the Unix epoch).
        #[arg(long, default_value_t = 0)]
        since: u64,
        /// The regression corpus.
        #[arg(long, default_value = "corpora/regressions")]
        regressions: PathBuf,
        /// A known-bug list (the format of corpora/known.toml) added to the built-in one;
        /// repeatable; `none` empties the list, so that every divergence is reported.
        #[arg(long = "known", value_name = "FILE")]
        known: Vec<PathBuf>,
        /// Also replay the known bugs' reproducers (as `findings --stale-known`) and list the
        /// entries that no longer reproduce.
        #[arg(long)]
        stale_known: bool,
        #[command(flatten)]
        isolation: IsolationArgs,
        /// The report directory.
        #[arg(long)]
        out: PathBuf,
    },
    /// List the engines available here, their versions and the proposals each supports.
    Engines {
        /// List the knobs of each engine kind (`--engines NAME,KNOB=VALUE,...`) with their values,
        /// default first, and what Winch does not support.
        #[arg(long)]
        configs: bool,
    },
    /// Run a fixed, seeded workload (the same modules every time) on each engine set and print
    /// modules/s and the split of wall time: generation, compilation, instantiation, calls,
    /// teardown, worker transport, comparison, and the harness's own share; then, per set, how
    /// long generating a module alone takes against the engines' phases of one module.
    Bench {
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
    },
    /// Serve the worker protocol on stdin/stdout (started by the harness, not by users).
    #[command(hide = true)]
    Worker,
}

/// A feature switch on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Switch {
    /// On.
    On,
    /// Off.
    Off,
}

/// Where engines run.
#[derive(Debug, clap::Args)]
struct IsolationArgs {
    /// Run engines inside this process instead of one worker process per engine (faster to start;
    /// a crashing engine then ends the run).
    #[arg(long)]
    in_process: bool,
    /// Seconds a step may take before its worker is killed and the step reported as a hang.
    /// Engines under an emulator (aarch64 under QEMU) get this times 5.
    #[arg(long, default_value_t = crate::engines::DEFAULT_WATCHDOG_SECS)]
    watchdog: f64,
}

/// A native worker whose resident memory passes this is replaced by a fresh one between modules,
/// in bytes (1 GiB), so that a campaign left running for hours stays within bounds. With the
/// configuration swarm a wasmi worker keeps growing slowly (measured: 173 MiB after 30 s, then about
/// 6 MiB a minute, 251 to 290 MiB after 10 minutes), while a Winch worker stays flat at about
/// 178 MiB; at that rate a wasmi worker is replaced after some two hours.
pub const NATIVE_RECYCLE_ABOVE_BYTES: u64 = 1 << 30;

impl IsolationArgs {
    fn isolation(&self) -> Result<Isolation> {
        if self.in_process {
            return Ok(Isolation::InProcess);
        }
        if !(self.watchdog.is_finite() && self.watchdog > 0.0) {
            anyhow::bail!("--watchdog must be a positive number of seconds");
        }
        let program = std::env::current_exe().context("cannot find the crosscheck executable to start workers")?;
        Ok(Isolation::Workers(WorkerCommand {
            program,
            args: vec!["worker".into()],
            watchdog: Duration::from_secs_f64(self.watchdog),
            emulator: None,
            recycle_above_bytes: Some(NATIVE_RECYCLE_ABOVE_BYTES),
        }))
    }
}

impl Cli {
    /// Runs the command.
    ///
    /// # Errors
    ///
    /// Bad input (an unknown engine, a missing or corrupt file, an unwritable directory) and I/O
    /// failures, each as one message.
    pub fn run(self) -> Result<ExitCode> {
        match self.command {
            Command::Fuzz {
                engines,
                duration,
                modules,
                seed,
                mode,
                out,
                reduce,
                reduce_time,
                jobs,
                stats,
                label,
                config_swarm,
                strategies,
                known,
                avoid_known,
                isolation,
            } => fuzz::run(
                &fuzz::Request {
                    known: KnownList::from_args(&known)?,
                    avoid_known: avoid_known == Switch::On,
                    engines: &engines,
                    duration,
                    modules,
                    seed,
                    mode,
                    out: &out,
                    reduce: reduce.then_some(reduce_time),
                    jobs,
                    stats,
                    label,
                    config_swarm: config_swarm == Switch::On,
                    strategies: crate::generate::registry::parse_list(&strategies)?,
                },
                &isolation.isolation()?,
            ),
            Command::Replay {
                input,
                fuzz_input: Some(target),
                out,
                isolation,
                ..
            } => replay::fuzz_input(&target, &input, &out, &isolation.isolation()?),
            Command::Replay {
                input,
                reduced,
                engines,
                known,
                isolation,
                ..
            } => replay::run(
                &input,
                reduced,
                engines.as_deref(),
                &KnownList::from_args(&known)?,
                &isolation.isolation()?,
            ),
            Command::Reduce { dir, time, isolation } => reduce::run(&dir, time, &isolation.isolation()?),
            Command::Findings {
                dir: _,
                json,
                known,
                stale_known: true,
                regressions,
                isolation,
            } => findings::stale(
                &regressions,
                &KnownList::from_args(&known)?,
                json,
                &isolation.isolation()?,
            ),
            Command::Findings { dir, json, known, .. } => findings::run(&dir, json, &KnownList::from_args(&known)?),
            Command::Export {
                dir,
                format,
                out,
                known,
                isolation,
            } => export::run(
                &dir,
                format,
                out,
                &KnownList::from_args(&known)?,
                &isolation.isolation()?,
            ),
            Command::Wast {
                files,
                engines,
                expectations,
                verbose,
                isolation,
            } => wast::run(
                &files,
                &engines,
                expectations.as_deref(),
                verbose,
                &isolation.isolation()?,
            ),
            Command::Engines { configs } => {
                if configs {
                    engines::configs()
                } else {
                    engines::run()
                }
            }
            Command::Report {
                stats,
                findings,
                since,
                regressions,
                known,
                stale_known,
                out,
                isolation,
            } => report::run(
                &report::Request {
                    stats: &stats,
                    findings: &findings,
                    since,
                    regressions: &regressions,
                    known: KnownList::from_args(&known)?,
                    stale_known,
                    out: &out,
                },
                &isolation.isolation()?,
            ),
            Command::Bench {
                sets,
                modules,
                seed,
                jobs,
                json,
                config_swarm,
                strategies,
                isolation,
            } => bench::run(
                &bench::Request {
                    sets: &sets,
                    modules,
                    seed,
                    jobs: jobs.unwrap_or_else(fuzz::default_jobs),
                    json,
                    config_swarm: config_swarm == Switch::On,
                    strategies: crate::generate::registry::parse_list(&strategies)?,
                },
                &isolation.isolation()?,
            ),
            Command::Worker => {
                crosscheck_oracles::worker::serve(std::io::stdin(), std::io::stdout())?;
                Ok(ExitCode::SUCCESS)
            }
        }
    }
}

/// Exit status for "ran, and the engines diverged".
pub const EXIT_DIVERGENCE: u8 = 1;
/// Exit status for bad input or an I/O failure.
pub const EXIT_ERROR: u8 = 2;
