//! The executions of a batch ([`crate::execute_batch`], which sends those of engines in one
//! worker process to it in one request) and what each gave; and one execution run alone, timed.

use std::time::{Duration, Instant};

use crate::{CallPlan, Engine, Execution, PhaseTimes, ReadOnlyExports};

/// One execution of a batch: an engine, a module and its plan.
#[derive(Clone, Copy)]
pub struct BatchItem<'a> {
    /// The engine.
    pub engine: &'a dyn Engine,
    /// The module, binary.
    pub wasm: &'a [u8],
    /// The module's read-only exports ([`ReadOnlyExports::of`] it, found once for all its
    /// engines).
    pub read_only: &'a ReadOnlyExports,
    /// The calls to make.
    pub plan: &'a CallPlan,
}

/// What one execution of a batch gave.
#[derive(Clone, Debug)]
pub struct BatchRun {
    /// The execution, as [`Engine::execute`] gives it.
    pub execution: Execution,
    /// Where its time went. An execution sent in a batch gets an equal share of the batch's
    /// transport (the round trip less the worker's phases of every execution of the batch).
    pub phases: PhaseTimes,
    /// Its wall time: measured for an execution run alone, the total of `phases` for one sent in
    /// a batch (the executions of a batch are not timed one by one on the harness's side).
    pub time: Duration,
}

/// Runs `item` by itself ([`Engine::execute_with`]), timed: its wall time and the phases the engine
/// measured meanwhile.
pub fn run_alone(item: &BatchItem<'_>) -> BatchRun {
    let t = Instant::now();
    let before = item.engine.phase_times();
    let execution = item.engine.execute_with(item.wasm, item.read_only, item.plan);
    BatchRun {
        execution,
        time: t.elapsed(),
        phases: item.engine.phase_times().since(&before),
    }
}
