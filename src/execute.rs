//! Running one module and plan on the engines of a run and comparing them, with the re-run that
//! the `stack-overflow` rule asks for. Shared by the campaign and `replay`.

use std::time::{Duration, Instant};

use crosscheck_oracles::{
    BatchItem, BatchRun, CallPlan, Engine, Execution, PhaseTimes, ReadOnlyExports, StepOutcome, TrapKind,
};

use crate::compare::{Class, Verdict, compare};

/// How much larger the stack budget is when an engine that overflowed is run again (docs/design.md,
/// class `stack-overflow`: "it still does when it runs again with an 8x stack budget").
pub const STACK_RERUN_SCALE: u32 = 8;

/// How the engines of a module run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Concurrency {
    /// At the same time, one thread each (the last on the calling thread): the module is done as
    /// soon as the slowest engine is.
    Parallel,
    /// One after the other on the calling thread: for campaigns that already run one job per
    /// core, where engines running at the same time would only wait for each other's core.
    Sequential,
}

/// The executions of one module, the verdict on them, and what it took.
pub struct Outcome {
    /// One execution per engine, in engine order; after a stack re-run, the re-run's.
    pub executions: Vec<Execution>,
    /// The verdict, after the stack re-run if there was one.
    pub verdict: Verdict,
    /// Wall time of each engine's execution (its stack re-run included), in engine order. With
    /// [`Concurrency::Parallel`] these overlap.
    pub times: Vec<Duration>,
    /// Wall time from starting the engines to the last one finishing (re-runs included).
    pub engines_wall: Duration,
    /// The phases on the path that `engines_wall` measures: the slowest engine's with
    /// [`Concurrency::Parallel`], every engine's summed with [`Concurrency::Sequential`].
    pub critical: PhaseTimes,
    /// Where each engine's time went (its stack re-run included), in engine order, as the engine
    /// measured it ([`Engine::phase_times`]; zero for engines that do not measure).
    pub phases: Vec<PhaseTimes>,
    /// Whether engines that overflowed their stack were run again with a bigger one.
    pub stack_rerun: bool,
}

/// Runs `wasm` and `plan` on every engine, concurrently (one thread each: a worker-hosted engine's
/// thread only waits for its worker, and in-process engines share nothing), and compares.
///
/// When the first divergence is a stack overflow, every engine that overflowed at that step runs
/// again with [`STACK_RERUN_SCALE`] times its stack budget and the comparison is made again: a
/// finite recursion that a bigger stack finishes is not a bug.
pub fn run(engines: &[&dyn Engine], wasm: &[u8], plan: &CallPlan) -> Outcome {
    run_with(engines, wasm, plan, Concurrency::Parallel)
}

/// [`run`], with the engines run as `concurrency` says.
pub fn run_with(engines: &[&dyn Engine], wasm: &[u8], plan: &CallPlan, concurrency: Concurrency) -> Outcome {
    let started = Instant::now();
    let read_only = ReadOnlyExports::of(wasm);
    let timed = execute_all(engines, wasm, &read_only, plan, concurrency, |_| true)
        .into_iter()
        .flatten()
        .collect();
    let mut outcome = finish(engines, wasm, &read_only, plan, timed, concurrency);
    outcome.engines_wall = outcome.engines_wall.min(started.elapsed());
    outcome
}

/// One module of [`run_many`]: its engines, at most one per slot of the run (the engine of slot
/// `i` of every case is the same engine or a configuration of it), or two variants of one slot
/// when only that slot runs the module, the module and its plan.
#[derive(Clone, Copy)]
pub struct Case<'a> {
    /// The engines, in slot order.
    pub engines: &'a [&'a dyn Engine],
    /// The slot of each engine, non-decreasing (`[0, 1, ..]` when the module runs on every slot,
    /// `[1, 1]` on two variants of slot 1).
    pub slots: &'a [usize],
    /// The module, binary.
    pub wasm: &'a [u8],
    /// The calls to make.
    pub plan: &'a CallPlan,
}

/// [`run_with`] for several modules: the executions of each slot go to its engines together
/// ([`crosscheck_oracles::execute_batch`]: one round trip per worker process for all the modules,
/// not one per module), the slots one after the other or at the same time as `concurrency` says;
/// then each module is compared, and re-run for a stack overflow, as [`run_with`] does. One
/// outcome per case, in order. A module's `times` are its executions' phases (the batch's
/// transport shared equally), not wall time measured module by module.
pub fn run_many(cases: &[Case<'_>], concurrency: Concurrency) -> Vec<Outcome> {
    let slots = cases
        .iter()
        .filter_map(|c| c.slots.last())
        .max()
        .map_or(0, |last| last + 1);
    let read_only: Vec<ReadOnlyExports> = cases.iter().map(|c| ReadOnlyExports::of(c.wasm)).collect();
    // Per slot, the runs of each case on that slot's engines, in the case's engine order.
    let run_slot = |slot: usize| -> Vec<Vec<BatchRun>> {
        let on_slot = |c: &Case<'_>| -> Vec<usize> { (0..c.slots.len()).filter(|&at| c.slots[at] == slot).collect() };
        let items: Vec<BatchItem<'_>> = cases
            .iter()
            .zip(&read_only)
            .flat_map(|(c, read_only)| {
                on_slot(c).into_iter().filter_map(move |at| {
                    c.engines.get(at).map(|&engine| BatchItem {
                        engine,
                        wasm: c.wasm,
                        read_only,
                        plan: c.plan,
                    })
                })
            })
            .collect();
        let mut runs = crosscheck_oracles::execute_batch(&items).into_iter();
        cases
            .iter()
            .map(|c| on_slot(c).iter().filter_map(|_| runs.next()).collect())
            .collect()
    };
    let mut by_slot: Vec<std::vec::IntoIter<Vec<BatchRun>>> = each(slots, concurrency, run_slot)
        .into_iter()
        .map(Vec::into_iter)
        .collect();
    cases
        .iter()
        .zip(&read_only)
        .map(|(case, read_only)| {
            // Every slot has an entry per case, empty where the case has no engine there.
            let runs: Vec<BatchRun> = by_slot
                .iter_mut()
                .flat_map(|slot| slot.next().unwrap_or_default())
                .collect();
            finish(case.engines, case.wasm, read_only, case.plan, runs, concurrency)
        })
        .collect()
}

/// The outcome of the executions `timed` of `engines` (one each, in order): the verdict, after a
/// re-run of the engines that overflowed their stack when that is the divergence.
fn finish(
    engines: &[&dyn Engine],
    wasm: &[u8],
    read_only: &ReadOnlyExports,
    plan: &CallPlan,
    timed: Vec<BatchRun>,
    concurrency: Concurrency,
) -> Outcome {
    let mut executions = Vec::with_capacity(engines.len());
    let mut times = Vec::with_capacity(engines.len());
    let mut phases = Vec::with_capacity(engines.len());
    for run in timed {
        executions.push(run.execution);
        times.push(run.time);
        phases.push(run.phases);
    }
    let mut verdict = compare_named(engines, &executions);
    let mut stack_rerun = false;
    if let Verdict::Diverge(d) = &verdict
        && d.class == Class::StackOverflow
    {
        let step = d.step;
        let overflowed = |e: &Execution| {
            matches!(
                e.steps.get(step).map(|s| &s.outcome),
                Some(StepOutcome::Trapped(TrapKind::StackOverflow))
            )
        };
        let flags: Vec<bool> = executions.iter().map(overflowed).collect();
        let mut bigger = plan.clone();
        bigger.options.stack_scale = plan.options.stack_scale.max(1) * STACK_RERUN_SCALE;
        let reruns = execute_all(engines, wasm, read_only, &bigger, concurrency, |i| flags[i]);
        for (i, rerun) in reruns.into_iter().enumerate() {
            if let Some(rerun) = rerun {
                executions[i] = rerun.execution;
                times[i] += rerun.time;
                phases[i] += rerun.phases;
            }
        }
        verdict = compare_named(engines, &executions);
        stack_rerun = true;
    }
    let critical = match concurrency {
        Concurrency::Sequential => phases.iter().fold(PhaseTimes::default(), |sum, p| sum + *p),
        Concurrency::Parallel => (0..times.len())
            .max_by_key(|&i| times[i])
            .map(|i| phases[i])
            .unwrap_or_default(),
    };
    let engines_wall = match concurrency {
        Concurrency::Sequential => times.iter().sum(),
        Concurrency::Parallel => times.iter().copied().max().unwrap_or_default(),
    };
    Outcome {
        executions,
        verdict,
        times,
        engines_wall,
        critical,
        phases,
        stack_rerun,
    }
}

fn compare_named(engines: &[&dyn Engine], executions: &[Execution]) -> Verdict {
    let named: Vec<(&str, &Execution)> = engines.iter().map(|e| e.name()).zip(executions).collect();
    compare(&named)
}

/// Runs the engines `i` for which `which(i)` holds, as `concurrency` says; `None` for the others.
fn execute_all(
    engines: &[&dyn Engine],
    wasm: &[u8],
    read_only: &ReadOnlyExports,
    plan: &CallPlan,
    concurrency: Concurrency,
    which: impl Fn(usize) -> bool + Sync,
) -> Vec<Option<BatchRun>> {
    each(engines.len(), concurrency, |i| {
        which(i).then(|| {
            crosscheck_oracles::batch::run_alone(&BatchItem {
                engine: engines[i],
                wasm,
                read_only,
                plan,
            })
        })
    })
}

/// `f(0)`, ..., `f(n - 1)`, in order: one after the other, or at the same time on a thread each
/// (the last on the calling thread), as `concurrency` says.
fn each<T: Send>(n: usize, concurrency: Concurrency, f: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let Some(last) = n.checked_sub(1) else {
        return Vec::new();
    };
    if concurrency == Concurrency::Sequential {
        return (0..n).map(f).collect();
    }
    std::thread::scope(|scope| {
        let f = &f;
        let handles: Vec<_> = (0..last).map(|i| scope.spawn(move || f(i))).collect();
        let here = f(last);
        let mut all: Vec<T> = handles
            .into_iter()
            .map(|h| h.join().expect("Engine::execute does not panic"))
            .collect();
        all.push(here);
        all
    })
}
