//! Many executions at once: those of engines in one worker process go to it in one request (a
//! [`Request::Batch`]), so that a campaign pays one round trip per process for several modules
//! instead of one per module. When the worker dies or hangs in a batch, the executions it did not
//! finish run again alone, each as a single execution runs, so that the module that kills the
//! worker is found and reported as it would have been without the batch.

use std::any::Any;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::client::WorkerEngine;
use super::exchange::{Ended, annotate};
use super::protocol::{Delivery, Request};
use crate::batch::{BatchItem, BatchRun, run_alone};
use crate::{CallPlan, Engine, Execution, PhaseTimes, ReadOnlyExports, StepOutcome, StepRecord};

/// An execution of a batch: a worker-hosted engine, a module, its read-only exports and its plan.
type WorkerItem<'a> = (&'a WorkerEngine, &'a [u8], &'a ReadOnlyExports, &'a CallPlan);

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

impl WorkerEngine {
    /// Names the worker process this engine runs in: equal for an engine and the configurations
    /// made from it ([`crate::Engine::configured`]), which can share a batch.
    fn host_key(&self) -> usize {
        Arc::as_ptr(self.process()) as *const () as usize
    }

    /// Runs `items`, whose engines share one worker process ([`WorkerEngine::host_key`]), in one
    /// [`Request::Batch`]; one run per item, in order. A lone item, and an item that the host
    /// compiler refuses ([`crate::CrossCompiler`]), runs as a single execution does. The round
    /// trip less the worker's phases is shared equally among the items as their transport.
    fn run_batch(items: &[WorkerItem<'_>]) -> Vec<BatchRun> {
        let alone = |&(engine, wasm, read_only, plan): &WorkerItem<'_>| {
            engine.timed_alone(wasm, read_only, plan, Delivery::Batched).0
        };
        let Some(&(head, ..)) = items.first() else {
            return Vec::new();
        };
        if items.len() == 1 {
            return items.iter().map(alone).collect();
        }
        let mut runs: Vec<Option<BatchRun>> = items.iter().map(|_| None).collect();
        let mut entries = Vec::with_capacity(items.len());
        let mut sent: Vec<(usize, Duration)> = Vec::with_capacity(items.len());
        for (i, &(engine, wasm, read_only, plan)) in items.iter().enumerate() {
            let t = Instant::now();
            let precompiled = match engine.precompile(wasm, plan) {
                Ok(precompiled) => precompiled,
                Err(()) => continue,
            };
            sent.push((i, t.elapsed()));
            entries.push(engine.entry(wasm, precompiled, read_only, plan));
        }
        let round_trip = Instant::now();
        let (finished, ended) = {
            let mut slot = head.process().lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            head.exchanger()
                .exchange_many(&mut slot, &Request::Batch { items: entries }, sent.len())
        };
        let elapsed = round_trip.elapsed();
        let worker_time: Duration = finished.iter().map(|f| f.phases.total()).sum();
        let unaccounted = elapsed.saturating_sub(worker_time);
        let share = match ended {
            None => unaccounted / u32::try_from(finished.len().max(1)).unwrap_or(u32::MAX),
            Some(_) => Duration::ZERO,
        };
        for (done, &(i, compile)) in finished.into_iter().zip(&sent) {
            let phases = PhaseTimes {
                compile: done.phases.compile + compile,
                transport: share,
                ..done.phases
            };
            items[i].0.add_phases(phases);
            let execution = Execution {
                rejection: done.rejection,
                steps: done.steps,
            };
            runs[i] = Some(BatchRun {
                execution,
                phases,
                time: phases.total(),
            });
        }
        if let Some(ended) = ended {
            let unfinished: Vec<usize> = sent.iter().map(|&(i, _)| i).filter(|&i| runs[i].is_none()).collect();
            recover(items, &unfinished, ended, unaccounted, &mut runs);
        }
        runs.into_iter()
            .zip(items)
            .map(|(run, item)| run.unwrap_or_else(|| alone(item)))
            .collect()
    }
}

/// Gives a run to each item of `unfinished` (indices into `items`, in the order they were sent)
/// after the batch's worker ended without finishing them (`ended`), `lost` after it was sent
/// beyond the phases of what it finished.
///
/// A worker that broke the protocol (or could not start) ends the first of them with that, as it
/// ends a single execution. One that died or hung leaves each of them to run again alone, in a
/// worker that sends each step as it ends ([`Delivery::Streamed`], as a single execution's re-run
/// after a death): the one that dies or hangs again carries the crash or hang with the steps
/// before it. When none does, a hang is counted as not reproduced and a death from outside (see
/// [`WorkerEngine::stats`]) as killed from outside (the runs alone stand either way); any other
/// death is the first one's, noted as not repeated, as a single execution's death that its re-run
/// does not repeat is.
fn recover(
    items: &[WorkerItem<'_>],
    unfinished: &[usize],
    ended: Ended,
    lost: Duration,
    runs: &mut [Option<BatchRun>],
) {
    let Some(&first) = unfinished.first() else {
        return;
    };
    let charge = |run: &mut BatchRun| {
        run.phases.calls += lost;
        run.time += lost;
        items[first].0.add_phases(PhaseTimes {
            calls: lost,
            ..PhaseTimes::default()
        });
    };
    if !ended.died {
        let mut steps = ended.steps;
        steps.push(StepRecord::bare(ended.outcome));
        let mut run = BatchRun {
            execution: Execution { rejection: None, steps },
            phases: PhaseTimes::default(),
            time: Duration::ZERO,
        };
        charge(&mut run);
        runs[first] = Some(run);
        return;
    }
    let mut again = false;
    for &i in unfinished {
        let (engine, wasm, read_only, plan) = items[i];
        let (run, died) = engine.timed_alone(wasm, read_only, plan, Delivery::Streamed);
        again |= died;
        runs[i] = Some(run);
    }
    let Some(run) = runs[first].as_mut() else {
        return;
    };
    charge(run);
    if again {
        return;
    }
    match ended.outcome {
        StepOutcome::Hung(_) => items[first].0.counters().count_hang_not_reproduced(),
        _ if ended.outside => items[first].0.counters().count_killed_from_outside(),
        outcome => {
            let note = format!(
                "the worker died running this module or one of the {} after it in a batch of {}; run alone, none of them \
                 died",
                unfinished.len() - 1,
                items.len()
            );
            let mut steps = ended.steps;
            steps.push(StepRecord::bare(annotate(outcome, &note)));
            run.execution = Execution { rejection: None, steps };
        }
    }
}
