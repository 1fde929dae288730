//! `crosscheck replay`: re-run a finding or a module on every engine, outcomes side by side.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use crosscheck_oracles::{CallPlan, Engine, Execution, ProposalSet, StepOutcome};

use super::args::IsolationArgs;
use crate::compare::{Readings, Verdict};
use crate::engines::{self, EngineSet, Isolation};
use crate::execute;
use crate::finding::load::{REDUCED_PLAN, REDUCED_WASM, read_json, read_module};
use crate::finding::{FindingStore, NewFinding, Origin, Recorded, Vote, read_meta};
use crate::fuzzing::{Harness, Run, Target};
use crate::generate::plan_for_module;
use crate::known::KnownList;

/// Width of one engine's column, in characters.
const COLUMN: usize = 30;

/// The arguments of `crosscheck replay`.
#[derive(Debug, clap::Args)]
pub struct ReplayArgs {
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
}

impl ReplayArgs {
    /// Replays the input: exit 1 when the engines diverge, 0 when they agree.
    ///
    /// # Errors
    ///
    /// An unreadable or invalid input or known-bug list, an unknown fuzz target, or an engine that
    /// is unknown or unavailable here.
    pub fn run(self) -> Result<ExitCode> {
        match &self.fuzz_input {
            Some(target) => fuzz_input(target, &self.input, &self.out, &self.isolation.isolation()?),
            None => run(
                &self.input,
                self.reduced,
                self.engines.as_deref(),
                &KnownList::from_args(&self.known)?,
                &self.isolation.isolation()?,
            ),
        }
    }
}

/// Replays `input` (a finding directory, its reduced reproducer when `reduced`, or a bare
/// `.wasm`/`.wat` with a generated plan) on `engines` (default: the finding's, else the default
/// list; those that do not compile a feature the module uses sit it out, as in a campaign), prints
/// the outcomes side by side and the first divergence with the known bug of
/// `known` it is. The engines run one after the other, in order: a bug that reads memory another
/// engine left behind in the same process (`--in-process`, `wasmi-i64-global-stale-value`) then
/// shows about 7 times in 20 on this 2-core machine, against 1 in 20 when they ran at once.
///
/// Exit code 1 when the engines diverge, 0 when they agree.
///
/// # Errors
///
/// An unreadable or invalid input, or an engine that is unknown or unavailable here.
fn run(
    input: &Path,
    reduced: bool,
    engines: Option<&str>,
    known: &KnownList,
    isolation: &Isolation,
) -> Result<ExitCode> {
    let (wasm, plan, recorded_engines) = load(input, reduced, engines.is_some())?;
    let list = engines
        .map(str::to_string)
        .or(recorded_engines)
        .unwrap_or_else(engines::default_list);
    let set = EngineSet::from_list(&list, isolation)?;
    let probe_panics = probe_panics(input, &set);
    for line in &probe_panics {
        println!("{line}");
    }
    let candidates: Vec<&dyn Engine> = set.engines().collect();
    let used = crosscheck_oracles::uses::features_used(&wasm).unwrap_or_default();
    let routed = engines::route(&candidates, used);
    let sat_out = engines::sitting_out(&candidates, &routed, used);
    for s in &sat_out {
        println!("{} sits it out: it {}", s.engine, s.reason);
    }
    let all: Vec<&dyn Engine> = routed.iter().map(|&i| candidates[i]).collect();
    let outcome = execute::run_with(&all, &wasm, &plan, execute::Concurrency::Sequential);
    let named: Vec<(&str, &Execution)> = all.iter().map(|e| e.name()).zip(&outcome.executions).collect();
    let verdict = outcome.verdict;
    print_table(&plan, &named, &verdict);
    if outcome.stack_rerun {
        println!(
            "(engines that overflowed their stack ran again with a {}x stack)",
            execute::STACK_RERUN_SCALE
        );
    }
    Ok(match verdict {
        Verdict::Agree | Verdict::Discard(_) if !probe_panics.is_empty() => {
            println!("\nthe probe panics again; the engines that compile it agree");
            ExitCode::from(super::EXIT_DIVERGENCE)
        }
        Verdict::Diverge(d) => {
            println!(
                "\ndivergence ({}) at {}: {} vs {}",
                d.class.name(),
                plan.step_label(d.step),
                d.engines[0],
                d.engines[1]
            );
            println!("  {}", d.detail);
            println!("  groups: {:?}", d.groups);
            println!("  signature: {}", d.signature());
            if let Some(vote) = Vote::of(&d, &sat_out) {
                println!("  {}", vote.describe());
            }
            if let Some(reading) = crate::compare::cross_version::cross_version(&d.groups) {
                println!("  across builds: {}", reading.describe());
            }
            match known.matching(&d, &wasm, plan.options.fuel.is_some()) {
                Some(k) => println!("  known bug: {} ({})", k.describe(), k.entry.regressions.join(", ")),
                None => println!("  known bug: none matches"),
            }
            ExitCode::from(super::EXIT_DIVERGENCE)
        }
        Verdict::Discard(reason) => {
            println!("\nnot comparable: {reason}");
            ExitCode::SUCCESS
        }
        Verdict::Agree => {
            println!("\nall engines agree");
            ExitCode::SUCCESS
        }
    })
}

/// For a finding of a probe that panicked an engine (`generation.probe` in `finding.json`, see
/// [`crate::campaign::probe_faults`]): one line per engine of `set` whose probe of that feature
/// panics or kills its worker again (engines probe every feature when built). Empty for any other input.
fn probe_panics(input: &Path, set: &EngineSet) -> Vec<String> {
    let Some(meta) = input.is_dir().then(|| read_meta(input).ok()).flatten() else {
        return Vec::new();
    };
    let Some(probe) = meta.generation.get("probe").and_then(|v| v.as_str()) else {
        return Vec::new();
    };
    set.engines()
        .flat_map(|e| {
            e.support()
                .faults()
                .filter(|(f, _)| f.name() == probe)
                .map(|(f, message)| format!("{} fails compiling its probe of {}: {message}", e.name(), f.name()))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Decodes the libFuzzer input `file` of `target` as the target does, runs it on the engines it
/// chooses (where `isolation` says), and records a divergence as a finding directory in `out`,
/// which it then replays. Exits 0 when the engines agree.
fn fuzz_input(target: &str, file: &Path, out: &Path, isolation: &Isolation) -> Result<ExitCode> {
    let target = Target::from_name(target)?;
    let data = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let store = FindingStore::open(out)?;
    let harness = Harness::new(target, isolation)?;
    match harness.run(&data) {
        Run::Discarded(discard) => bail!(
            "{} decodes to no test case of {}: {discard}",
            file.display(),
            target.name()
        ),
        Run::Agreed => {
            println!("the engines agree on {} ({} target)", file.display(), target.name());
            Ok(ExitCode::SUCCESS)
        }
        Run::Diverged {
            decoded,
            divergence,
            executions,
        } => {
            let all = harness.engines();
            let runs: Vec<_> = decoded
                .engines
                .iter()
                .map(|i| engines::info(all[*i]))
                .zip(&executions)
                .collect();
            let finding = NewFinding {
                wasm: &decoded.case.wasm,
                plan: &decoded.case.plan,
                divergence: &divergence,
                readings: Readings::of(&divergence, runs.iter().map(|(info, _)| info)),
                executions: &runs,
                generation: Some(Origin::FuzzInput {
                    fuzz_input: file.display().to_string(),
                    fuzz_target: target.name(),
                    mode: decoded.mode,
                    source: decoded.case.source.clone(),
                }),
                sat_out: &[],
            };
            let command_line: Vec<String> = std::env::args().collect();
            let (Recorded::New(dir) | Recorded::Repeat(dir, _)) = store.record(&finding, &command_line)?;
            println!("finding: {}\n", dir.display());
            drop(harness);
            run(&dir, false, None, &KnownList::from_env()?, isolation)
        }
    }
}

/// The module, plan and (for a finding) recorded engine list of `input`; with `reduced`, the
/// finding's reduced reproducer and the engines its reduction ran. A finding directory whose
/// `finding.json` is missing or corrupt is refused unless the engines are `given`: its engines
/// and their configurations are not known.
fn load(input: &Path, reduced: bool, given: bool) -> Result<(Vec<u8>, CallPlan, Option<String>)> {
    if input.is_dir() {
        if !input.join("module.wasm").is_file() {
            bail!("{} is not a finding directory (it has no module.wasm)", input.display());
        }
        let names = match read_meta(input) {
            Ok(meta) => Some(
                meta.run_engines
                    .iter()
                    .map(|e| e.name.clone())
                    .collect::<Vec<_>>()
                    .join(","),
            ),
            Err(_) if given => None,
            Err(e) => {
                return Err(e.context(format!(
                    "cannot replay {} on its engines (give --engines to replay its module anyway)",
                    input.display()
                )));
            }
        };
        let names = if reduced {
            crate::finding::load::read_reduction(input)?
                .map(|r| r.engines.join(","))
                .or(names)
        } else {
            names
        };
        let (wasm, plan) = if reduced {
            if !input.join(REDUCED_WASM).exists() {
                bail!(
                    "{} has no reduced reproducer: run `crosscheck reduce {}` first",
                    input.display(),
                    input.display()
                );
            }
            (
                read_module(&input.join(REDUCED_WASM))?,
                read_json(&input.join(REDUCED_PLAN), "a call plan")?,
            )
        } else {
            (
                read_module(&input.join("module.wasm"))?,
                read_json(&input.join("plan.json"), "a call plan")?,
            )
        };
        return Ok((wasm, plan, names));
    }
    if reduced {
        bail!("--reduced needs a finding directory, not {}", input.display());
    }
    if !input.exists() {
        bail!("{}: no such finding directory or module file", input.display());
    }
    let bytes = std::fs::read(input).with_context(|| format!("cannot read {}", input.display()))?;
    let wasm = if input.extension().is_some_and(|e| e == "wat") {
        wat::parse_bytes(&bytes)
            .map(|c| c.into_owned())
            .map_err(|e| anyhow::anyhow!("{}: {}", input.display(), e.to_string().replace('\n', " ")))?
    } else {
        bytes
    };
    wasmparser::Validator::new_with_features(ProposalSet::all().features())
        .validate_all(&wasm)
        .map_err(|e| anyhow::anyhow!("{} is not a valid WebAssembly module: {e}", input.display()))?;
    let plan = plan_for_module(&wasm, 0).context("cannot plan calls")?;
    Ok((wasm, plan, None))
}

fn short(outcome: Option<&StepOutcome>) -> String {
    let text = match outcome {
        None => "-".to_string(),
        Some(StepOutcome::Returned(v)) => {
            let v: Vec<String> = v.iter().map(|x| x.to_string()).collect();
            format!("ok [{}]", v.join(", "))
        }
        Some(StepOutcome::Trapped(k)) => format!("trap {k}"),
        Some(StepOutcome::Crashed(m)) => format!("CRASH {m}"),
        Some(StepOutcome::Hung(m)) => format!("HANG {m}"),
    };
    truncate(&text, COLUMN)
}

fn truncate(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        return s.to_string();
    }
    let mut t: String = s.chars().take(width - 1).collect();
    t.push('~');
    t
}

fn print_table(plan: &CallPlan, named: &[(&str, &Execution)], verdict: &Verdict) {
    let diverged = match verdict {
        Verdict::Diverge(d) => Some(d.step),
        _ => None,
    };
    let label_width = 36;
    let mut header = format!("   {:<label_width$}", "step");
    for (name, _) in named {
        header.push_str(&format!(" | {:<COLUMN$}", truncate(name, COLUMN)));
    }
    println!("{header}");
    for (name, e) in named {
        if let Some(r) = &e.rejection {
            println!("   {name}: rejected ({:?}): {}", r.kind, r.message.replace('\n', " "));
        }
    }
    let steps = named.iter().map(|(_, e)| e.steps.len()).max().unwrap_or(0);
    for step in 0..steps {
        let mark = if diverged == Some(step) { ">>" } else { "  " };
        let mut line = format!("{mark} {:<label_width$}", truncate(&plan.step_label(step), label_width));
        for (_, e) in named {
            line.push_str(&format!(" | {:<COLUMN$}", short(e.steps.get(step).map(|s| &s.outcome))));
        }
        println!("{line}");
    }
}
