//! The engine-independent part of an execution: instantiate, make the planned calls, record every
//! step. Adapters supply a [`Session`]; [`drive`] does the rest.

use std::time::Instant;

use crate::effects::ReadOnlyExports;
use crate::engine::{StepSink, on_execution_thread};
use crate::phases::{CompileMark, PhaseMeter, PhaseTimes};
use crate::{CallPlan, HostCall, Rejection, RejectionKind, StateSnapshot, StepOutcome, StepRecord, TrapKind, Value};

/// How a call ended, as an adapter reports it.
pub(crate) struct CallEnd {
    /// The outcome.
    pub outcome: StepOutcome,
    /// On a trap, the Wasm frames (function indices, innermost first), if the engine reports them.
    pub backtrace: Option<Vec<u32>>,
}

impl CallEnd {
    pub fn new(outcome: StepOutcome) -> CallEnd {
        CallEnd {
            outcome,
            backtrace: None,
        }
    }
}

/// One engine's live instance of one module.
pub(crate) trait Session {
    /// Calls the exported function `export` with `args`.
    fn call(&mut self, export: &str, args: &[Value]) -> CallEnd;
    /// The instance's exported memories, globals and tables now; memories equal to those of
    /// `previous` share its bytes. With `memories_kept` (the step cannot have changed them) the
    /// memories are those of `previous`, not read again (see [`crate::MemoryState::capture`]).
    fn snapshot(&mut self, previous: Option<&StateSnapshot>, memories_kept: bool) -> StateSnapshot;
    /// The host calls made since the last `take_host_calls`.
    fn take_host_calls(&mut self) -> Vec<HostCall>;
    /// Engine fuel left, when the engine meters fuel in this run.
    fn fuel_left(&mut self) -> Option<u64>;
}

/// How compiling and instantiating a module ended.
pub(crate) enum Started<S> {
    /// The instance is ready for calls.
    Ready(S),
    /// Instantiation (segment initialization or the start function) trapped or failed; the record
    /// of the instantiation step.
    Failed(StepRecord),
    /// The engine refused the module.
    Rejected(Rejection),
}

impl<S> Started<S> {
    /// Instantiation trapped with `kind`.
    pub fn trapped(kind: TrapKind, host_calls: Vec<HostCall>, backtrace: Option<Vec<u32>>) -> Started<S> {
        Started::Failed(StepRecord {
            host_calls,
            backtrace,
            ..StepRecord::bare(StepOutcome::Trapped(kind))
        })
    }

    /// Instantiation failed with an error that is neither a trap nor a rejection.
    pub fn crashed(message: String, host_calls: Vec<HostCall>) -> Started<S> {
        Started::Failed(StepRecord {
            host_calls,
            ..StepRecord::bare(StepOutcome::Crashed(message))
        })
    }

    /// Instantiation failed with the engine's error `message`, after the host calls `host_calls`:
    /// `trap` is how the adapter maps the error (`Some(Some(kind))` a trap of that kind, with the
    /// engine's `backtrace` if it reports one; `Some(None)` a trap outside [`TrapKind`], a crash;
    /// `None` no trap). An error that is no trap is a [`RejectionKind::ResourceLimit`] rejection
    /// when its message says a limit of [`crate::limits`] was hit, and a crash otherwise.
    pub fn instantiation_failed(
        trap: Option<Option<TrapKind>>,
        message: String,
        host_calls: Vec<HostCall>,
        backtrace: Option<Vec<u32>>,
    ) -> Started<S> {
        match trap {
            Some(Some(kind)) => Started::trapped(kind, host_calls, backtrace),
            Some(None) => Started::crashed(format!("unmapped trap: {message}"), host_calls),
            None if crate::limits::is_resource_limit_message(&message) => Started::Rejected(Rejection {
                kind: RejectionKind::ResourceLimit,
                message,
            }),
            None => Started::crashed(format!("instantiation failed: {message}"), host_calls),
        }
    }

    /// Records the fuel left after a failed instantiation.
    pub fn with_fuel_left(self, fuel_left: Option<u64>) -> Started<S> {
        match self {
            Started::Failed(record) => Started::Failed(StepRecord { fuel_left, ..record }),
            other => other,
        }
    }
}

/// Runs `start` and then `plan` on an execution thread with `thread_stack` bytes of stack and
/// hands each step to `sink`. A panic anywhere becomes a final `Crashed` step after the steps
/// already delivered. `start` calls [`CompileMark::compiled`] when compilation ends; the time of
/// each phase is added to `meter`.
///
/// The state is read after instantiation and after every call, but the memories are not read
/// again after a call of a `read_only` export that is not the plan's last call: they are those
/// of the step before. The last call's state is read whole, so that a memory an engine changed
/// where the module's code cannot (a wild write) still shows, at the end of the run.
pub(crate) fn drive<S: Session>(
    start: impl FnOnce(&CompileMark) -> Started<S> + Send,
    plan: &CallPlan,
    read_only: &ReadOnlyExports,
    thread_stack: usize,
    sink: &mut StepSink<'_>,
    meter: &PhaseMeter,
) -> Option<Rejection> {
    let mut rejection = None;
    let result = on_execution_thread(thread_stack, || {
        let began = Instant::now();
        let mark = CompileMark::new();
        let started = start(&mark);
        let compiled = mark.at().unwrap_or_else(Instant::now);
        let instantiated = Instant::now();
        let mut times = PhaseTimes {
            compile: compiled.saturating_duration_since(began),
            instantiate: instantiated.saturating_duration_since(compiled),
            ..PhaseTimes::default()
        };
        let mut session = match started {
            Started::Ready(session) => session,
            Started::Failed(record) => {
                meter.add(times);
                sink(record);
                return;
            }
            Started::Rejected(r) => {
                meter.add(times);
                rejection = Some(r);
                return;
            }
        };
        let mut previous: Option<StateSnapshot> = None;
        // The step of `end`, and the time its state capture took.
        let mut record = |session: &mut S, end: CallEnd, memories_kept: bool| {
            let crashed = matches!(end.outcome, StepOutcome::Crashed(_));
            let t = Instant::now();
            let state = (!crashed).then(|| session.snapshot(previous.as_ref(), memories_kept));
            let captured = t.elapsed();
            if state.is_some() {
                previous.clone_from(&state);
            }
            let step = StepRecord {
                outcome: end.outcome,
                host_calls: session.take_host_calls(),
                state,
                fuel_left: session.fuel_left(),
                backtrace: end.backtrace,
            };
            (step, captured)
        };
        let (first, captured) = record(&mut session, CallEnd::new(StepOutcome::Returned(Vec::new())), false);
        times.instantiate += instantiated.elapsed().saturating_sub(captured);
        times.snapshot += captured;
        sink(first);
        for (i, call) in plan.calls.iter().enumerate() {
            let t = Instant::now();
            let end = session.call(&call.export, &call.args);
            let kept = i + 1 < plan.calls.len() && read_only.contains(&call.export);
            let (step, captured) = record(&mut session, end, kept);
            times.calls += t.elapsed().saturating_sub(captured);
            times.snapshot += captured;
            let crashed = matches!(step.outcome, StepOutcome::Crashed(_));
            sink(step);
            if crashed {
                break;
            }
        }
        let t = Instant::now();
        drop(session);
        times.teardown = t.elapsed();
        meter.add(times);
    });
    if let Err(message) = result {
        sink(StepRecord::bare(StepOutcome::Crashed(message)));
    }
    rejection
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{MemoryState, PlannedCall};

    /// An instance whose every call adds one to its memory's first byte, whatever the module says:
    /// an engine that writes where the code cannot.
    struct WildWrites {
        memory: Vec<u8>,
    }

    impl Session for WildWrites {
        fn call(&mut self, _export: &str, _args: &[crate::Value]) -> CallEnd {
            self.memory[0] += 1;
            CallEnd::new(StepOutcome::Returned(Vec::new()))
        }

        fn snapshot(&mut self, previous: Option<&StateSnapshot>, memories_kept: bool) -> StateSnapshot {
            StateSnapshot {
                memories: vec![MemoryState::capture(
                    "m".into(),
                    1,
                    &self.memory,
                    previous,
                    memories_kept,
                )],
                ..StateSnapshot::default()
            }
        }

        fn take_host_calls(&mut self) -> Vec<HostCall> {
            Vec::new()
        }

        fn fuel_left(&mut self) -> Option<u64> {
            None
        }
    }

    #[test]
    fn memories_are_read_after_writers_and_after_the_last_call() {
        let wasm = wat::parse_str(
            r#"(module (memory (export "m") 1)
                (func (export "r"))
                (func (export "w") (i32.store8 (i32.const 0) (i32.const 1))))"#,
        )
        .unwrap();
        let read_only = ReadOnlyExports::of(&wasm);
        let call = |export: &str| PlannedCall {
            export: export.into(),
            args: Vec::new(),
        };
        let plan = CallPlan {
            calls: vec![call("r"), call("w"), call("r"), call("r")],
            ..CallPlan::default()
        };
        let mut seen = Vec::new();
        let start = |_: &CompileMark| Started::Ready(WildWrites { memory: vec![0; 64] });
        let rejection = drive(
            start,
            &plan,
            &read_only,
            1 << 20,
            &mut |s| seen.push(s),
            &PhaseMeter::default(),
        );
        assert!(rejection.is_none());
        let first_bytes: Vec<u8> = seen
            .iter()
            .map(|s| s.state.as_ref().unwrap().memories[0].bytes[0])
            .collect();
        assert_eq!(
            first_bytes,
            [0, 0, 2, 2, 4],
            "a read-only call's memory is the step before's; a writer's and the last call's are read"
        );
    }
}
