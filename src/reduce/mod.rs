//! Minimization of a finding (docs/design.md, "Minimization"): the module with the `wasm-shrink` library,
//! the call plan by dropping calls and simplifying arguments, keeping the finding's signature.
//!
//! The passes, in order: drop the calls after the diverging step and every other call the
//! divergence does not need (fewer calls make every later candidate cheaper); then rounds of:
//! shrink the module, simplify the arguments, drop calls again (a smaller module may need fewer),
//! until a round makes nothing smaller or the time budget is spent. Every candidate runs
//! on the engines given, so with worker-hosted engines a crashing or hanging candidate costs a
//! worker restart or a watchdog period, never the reducer.

pub mod config;
mod shrink_plan;
mod target;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use crosscheck_oracles::{CallPlan, Engine, Execution};
use wasm_shrink::WasmShrink;

use crate::compare::{Class, Verdict};
use crate::execute;
use crate::finding::atomic::write_file;
use crate::finding::load::{REDUCED_OUTCOMES, REDUCED_PLAN, REDUCED_WASM, REDUCED_WAT, REDUCTION};
use crate::finding::{Finding, FindingMeta};
use target::Target;

use crate::finding::reduction::ReductionReport;

/// How many times the original module is run before the reduction gives up on a finding that does
/// not reproduce (some bugs read stale engine memory and show only on some runs).
pub const REPRODUCE_TRIES: usize = 3;

/// How long the final confirmation runs of the reduced reproducer may take, beyond the budget.
const CONFIRM_BUDGET: Duration = Duration::from_secs(600);

/// How many failed `wasm-shrink` attempts in a row end the module pass.
pub const SHRINK_ATTEMPTS: u32 = 1000;

/// A reduced reproducer, ready to be written beside its finding.
pub struct Reduced {
    /// The reduced module.
    pub wasm: Vec<u8>,
    /// The reduced plan.
    pub plan: CallPlan,
    /// Each engine's execution of the reduced module and plan, in run order.
    pub executions: Vec<(String, Execution)>,
    /// What the reduction did.
    pub report: ReductionReport,
}

/// Reduces `finding` within `budget` on those of `engines` that take part in its divergence (see
/// [`taking_part`]). A stop request ([`crate::stop`]) ends the search early, with the smallest
/// reproducer so far, confirmed (and no configuration dependence).
///
/// # Errors
///
/// When the finding does not diverge with its signature on `engines` in [`REPRODUCE_TRIES`] runs
/// (or a stop came first), when the work in flight was abandoned on a stop, or when its module
/// cannot be printed as text.
pub fn reduce(finding: &Finding, engines: &[&dyn Engine], budget: Duration) -> Result<Reduced> {
    let start = Instant::now();
    let engines = &taking_part(&finding.meta, engines)[..];
    let signature = finding.meta.signature.as_str();
    let mut target = Target::new(engines, signature, start + budget).stoppable();
    if !(0..REPRODUCE_TRIES).any(|_| target.holds(&finding.wasm, &finding.plan)) {
        if crate::stop::requested() {
            bail!("{} was not reduced: stopped by a signal", finding.dir.display());
        }
        let seen = match execute::run(engines, &finding.wasm, &finding.plan).verdict {
            Verdict::Diverge(d) => format!("a different divergence, {}", d.signature()),
            Verdict::Agree => "agreement".into(),
            Verdict::Discard(reason) => format!("a discarded run ({reason})"),
        };
        bail!(
            "{} does not reproduce: {REPRODUCE_TRIES} runs gave {seen}, not {signature}",
            finding.dir.display()
        );
    }
    let _limit = (finding.meta.class != Class::Hang).then(|| StepLimit::new(engines, target.last_time));
    let mut wasm = finding.wasm.clone();
    let step = target.step().unwrap_or(finding.meta.step);
    let mut calls = shrink_plan::truncate(&finding.plan, step);
    if !target.holds(&wasm, &calls) {
        calls = finding.plan.clone();
    }
    calls = shrink_plan::drop_calls(&mut target, &wasm, calls);
    for round in 0u64.. {
        let before = (wasm.len(), calls.calls.len());
        wasm = shrink_module(&mut target, wasm, &calls, round);
        calls = shrink_plan::simplify_args(&mut target, &wasm, calls);
        calls = shrink_plan::drop_calls(&mut target, &wasm, calls);
        if target.expired() || (wasm.len(), calls.calls.len()) == before {
            break;
        }
    }
    let budget_spent = Instant::now() >= start + budget;
    // The last interesting run is not always of the final pair: confirm it, so that the outcomes
    // written are those of `reduced.wasm` and `reduced-plan.json`.
    let mut confirmed = Target::new(engines, signature, Instant::now() + CONFIRM_BUDGET);
    if !(0..REPRODUCE_TRIES).any(|_| confirmed.holds(&wasm, &calls)) {
        wasm = finding.wasm.clone();
        calls = finding.plan.clone();
        confirmed.holds(&wasm, &calls);
    }
    let executions = confirmed.last.take().map(|(e, _)| e).unwrap_or_default();
    let mut knobs = Target::new(engines, signature, Instant::now() + CONFIRM_BUDGET).stoppable();
    // A stop during the search for the settings cuts it short: what it found is then not known.
    let config = if crate::stop::requested() {
        None
    } else {
        config::dependence(engines, &mut knobs, &wasm, &calls).filter(|_| !crate::stop::requested())
    };
    if crate::stop::abandoned() {
        bail!(
            "{}: the reduction was stopped by a signal before it was confirmed; nothing written",
            finding.dir.display()
        );
    }
    let report = ReductionReport {
        signature: signature.into(),
        engines: engines.iter().map(|e| e.name().to_string()).collect(),
        original_bytes: finding.wasm.len() as u64,
        reduced_bytes: wasm.len() as u64,
        original_wat_lines: wat_lines(&finding.wasm),
        reduced_wat_lines: wat_lines(&wasm),
        original_calls: finding.plan.calls.len() as u64,
        reduced_calls: calls.calls.len() as u64,
        seconds: start.elapsed().as_secs_f64(),
        candidates: target.candidates + confirmed.candidates + knobs.candidates,
        budget_spent,
        configured_signature: config.as_ref().map(|c| c.signature(signature)),
        config,
    };
    Ok(Reduced {
        executions: engines.iter().map(|e| e.name().to_string()).zip(executions).collect(),
        wasm,
        plan: calls,
        report,
    })
}

/// The engines of `engines` that take part in the divergence of `meta`: those whose outcome at the
/// diverging step was that of one of the two disagreeing engines (their groups). An engine that
/// agreed with neither has no say in the signature and would only cost time: wasmi, which runs
/// without fuel, when Winch and Cranelift disagree on fuel. The wasmi oracle is kept wherever it
/// voted (a class it is compared in), so that a candidate is judged as the finding was, with the
/// oracle or without it (see [`crate::compare::Divergence::without_oracle`]). All of `engines`
/// when the groups do not name two of them.
pub fn taking_part<'a>(meta: &FindingMeta, engines: &[&'a dyn Engine]) -> Vec<&'a dyn Engine> {
    let sides: Vec<&String> = meta
        .groups
        .iter()
        .filter(|g| g.iter().any(|n| meta.engines.contains(n)))
        .flatten()
        .collect();
    let divergence = meta.divergence();
    let oracle_voted = divergence.oracle_ran() && !matches!(meta.class, Class::Fuel | Class::Backtrace);
    let kept: Vec<&'a dyn Engine> = engines
        .iter()
        .copied()
        .filter(|e| {
            sides.iter().any(|n| *n == e.name())
                || (oracle_voted && crate::compare::cause::family(e.name()) == crosscheck_oracles::naming::WASMI)
        })
        .collect();
    if kept.len() >= 2 { kept } else { engines.to_vec() }
}

/// How much longer than the original run a candidate's step may take, and at least how long, when
/// the finding is not a hang: a candidate that runs far longer (a loop whose exit the shrinker
/// removed, say) cannot have the finding's signature, so it is stopped early as a hang.
const STEP_LIMIT_FACTOR: u32 = 10;
const STEP_LIMIT_MIN: Duration = Duration::from_secs(1);

/// A step limit on the engines for the duration of a reduction (see [`Engine::limit_steps`]);
/// lifted when dropped, so that a campaign's engines leave the reduction as they entered it.
struct StepLimit<'a> {
    engines: &'a [&'a dyn Engine],
}

impl<'a> StepLimit<'a> {
    fn new(engines: &'a [&'a dyn Engine], original: Duration) -> StepLimit<'a> {
        let limit = (original * STEP_LIMIT_FACTOR).max(STEP_LIMIT_MIN);
        for e in engines {
            e.limit_steps(Some(limit));
        }
        StepLimit { engines }
    }
}

impl Drop for StepLimit<'_> {
    fn drop(&mut self) {
        for e in self.engines {
            e.limit_steps(None);
        }
    }
}

/// Shrinks `wasm` with `wasm-shrink` (its random choices seeded with `seed`) while `target` holds for `plan`; the smallest interesting
/// module seen when the pass ends or the budget runs out.
fn shrink_module(target: &mut Target, wasm: Vec<u8>, plan: &CallPlan, seed: u64) -> Vec<u8> {
    let mut best = wasm.clone();
    let result = WasmShrink::default()
        .attempts(SHRINK_ATTEMPTS)
        .allow_empty(false)
        .seed(seed)
        .run(wasm, |candidate| {
            if target.expired() {
                bail!("the reduction's time budget is spent");
            }
            let interesting = target.holds(candidate, plan);
            if interesting && candidate.len() < best.len() {
                best = candidate.to_vec();
            }
            Ok(interesting)
        });
    match result {
        Ok(info) if info.output.len() <= best.len() => info.output,
        _ => best,
    }
}

fn wat_lines(wasm: &[u8]) -> u64 {
    wasmprinter::print_bytes(wasm).map_or(0, |t| t.lines().count() as u64)
}

/// Writes `reduced.wasm`, `reduced.wat`, `reduced-plan.json`, `reduced-outcomes.json` and
/// `reduction.json` into the finding directory `dir`, each atomically; the original files are never
/// touched.
///
/// # Errors
///
/// When a file cannot be written.
pub fn write(dir: &Path, reduced: &Reduced) -> Result<()> {
    write_file(&dir.join(REDUCED_WASM), &reduced.wasm)?;
    write_file(&dir.join(REDUCED_PLAN), &serde_json::to_vec_pretty(&reduced.plan)?)?;
    let outcomes: BTreeMap<&str, &Execution> = reduced.executions.iter().map(|(n, e)| (n.as_str(), e)).collect();
    write_file(&dir.join(REDUCED_OUTCOMES), &serde_json::to_vec_pretty(&outcomes)?)?;
    if let Ok(text) = wasmprinter::print_bytes(&reduced.wasm) {
        write_file(&dir.join(REDUCED_WAT), text.as_bytes())?;
    }
    write_file(&dir.join(REDUCTION), &serde_json::to_vec_pretty(&reduced.report)?)
}
