//! Many executions at once: those of engines in one worker process go to it in one request (a
//! [`crate::worker::protocol::Request::Batch`]), so that a campaign pays one round trip per
//! process for several modules instead of one per module.

use std::any::Any;
use std::time::{Duration, Instant};

use crate::worker::{WorkerEngine, WorkerItem};
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

/// Runs every item and gives one run per item, in item order. Items whose engines share a worker
/// process (an engine and its configurations) go to it in one batch; the others run one after the
/// other, alone. A batch's results are those of the items run alone: a worker that dies or hangs
/// in a batch is handled as it is for one execution (see `WorkerEngine::run_batch`).
pub fn execute_batch(items: &[BatchItem<'_>]) -> Vec<BatchRun> {
    let mut runs: Vec<Option<BatchRun>> = items.iter().map(|_| None).collect();
    let mut groups: Vec<(usize, Vec<usize>, Vec<WorkerItem<'_>>)> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let Some(worker) = worker_of(item.engine) else {
            runs[i] = Some(run_alone(item));
            continue;
        };
        let key = worker.host_key();
        let at = match groups.iter().position(|(k, _, _)| *k == key) {
            Some(at) => at,
            None => {
                groups.push((key, Vec::new(), Vec::new()));
                groups.len() - 1
            }
        };
        groups[at].1.push(i);
        groups[at].2.push((worker, item.wasm, item.read_only, item.plan));
    }
    for (_, indices, batch) in groups {
        for (i, run) in indices.into_iter().zip(WorkerEngine::run_batch(&batch)) {
            runs[i] = Some(run);
        }
    }
    runs.into_iter()
        .map(|run| run.expect("every item is run alone or in its process's batch"))
        .collect()
}

/// `engine` as a worker-hosted engine, if it is one.
fn worker_of(engine: &dyn Engine) -> Option<&WorkerEngine> {
    let any: &dyn Any = engine;
    any.downcast_ref::<WorkerEngine>()
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
