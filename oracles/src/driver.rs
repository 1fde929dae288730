//! The engine-independent part of an execution: instantiate, make the planned calls, record every
//! step. Adapters supply a [`Session`]; [`drive`] does the rest.

use crate::engine::{StepSink, on_execution_thread};
use crate::{CallPlan, HostCall, Rejection, StateSnapshot, StepOutcome, StepRecord, TrapKind, Value};

/// One engine's live instance of one module.
pub(crate) trait Session {
    /// Calls the exported function `export` with `args`.
    fn call(&mut self, export: &str, args: &[Value]) -> StepOutcome;
    /// The instance's exported memories, globals and tables now.
    fn snapshot(&mut self) -> StateSnapshot;
    /// The host calls made since the last `take_host_calls`.
    fn take_host_calls(&mut self) -> Vec<HostCall>;
}

/// How compiling and instantiating a module ended.
pub(crate) enum Started<S> {
    /// The instance is ready for calls.
    Ready(S),
    /// Instantiation (segment initialization or the start function) trapped.
    Trapped(TrapKind, Vec<HostCall>),
    /// Instantiation failed with an error that is not a trap and not a rejection.
    Crashed(String, Vec<HostCall>),
    /// The engine refused the module.
    Rejected(Rejection),
}

/// Runs `start` and then `plan` on the execution thread and hands each step to `sink`. A panic
/// anywhere becomes a final `Crashed` step after the steps already delivered.
pub(crate) fn drive<S: Session>(
    start: impl FnOnce() -> Started<S> + Send,
    plan: &CallPlan,
    sink: &mut StepSink<'_>,
) -> Option<Rejection> {
    let mut rejection = None;
    let result = on_execution_thread(|| {
        let mut session = match start() {
            Started::Ready(session) => session,
            Started::Trapped(kind, host_calls) => {
                sink(StepRecord {
                    outcome: StepOutcome::Trapped(kind),
                    host_calls,
                    state: None,
                });
                return;
            }
            Started::Crashed(message, host_calls) => {
                sink(StepRecord {
                    outcome: StepOutcome::Crashed(message),
                    host_calls,
                    state: None,
                });
                return;
            }
            Started::Rejected(r) => {
                rejection = Some(r);
                return;
            }
        };
        let host_calls = session.take_host_calls();
        let state = Some(session.snapshot());
        sink(StepRecord {
            outcome: StepOutcome::Returned(Vec::new()),
            host_calls,
            state,
        });
        for call in &plan.calls {
            let outcome = session.call(&call.export, &call.args);
            let crashed = matches!(outcome, StepOutcome::Crashed(_));
            let host_calls = session.take_host_calls();
            let state = (!crashed).then(|| session.snapshot());
            sink(StepRecord {
                outcome,
                host_calls,
                state,
            });
            if crashed {
                break;
            }
        }
    });
    if let Err(message) = result {
        sink(StepRecord {
            outcome: StepOutcome::Crashed(message),
            host_calls: Vec::new(),
            state: None,
        });
    }
    rejection
}
